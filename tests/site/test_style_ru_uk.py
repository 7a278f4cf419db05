"""The Russian and Ukrainian style sheets (docs/style-ru.md, docs/style-uk.md), kept.

Every rendered ru/uk page of the sample site is read for the words the style sheets
forbid and for the spaces they require; the catalogs and the data's ru/uk texts are read
too, so that a wrong term is reported at its line, where a translator can fix it."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from conftest import SAMPLE_AS_OF
from vigil.cli import main
from vigil.model.custody import Span, stretches
from vigil.model.typography import NBSP, typeset
from vigil.site.views import article_and_part

PROJECT = Path(__file__).resolve().parents[2]

# (wrong, why): a wrong term and what the style sheet says instead.
FORBIDDEN = {
    "ru": [
        (r"утвердил\w* приговор", "an appeal court «оставил приговор без изменения»"),
        (r"Арест судом", "«Заключение под стражу»"),
        (r"отправил\w* (?:его |её |их )?под (?:стражу|домашний арест)",
         "«заключил под стражу», «избрал меру пресечения — домашний арест»"),
        (r"российских политзаключённых", "«политзаключённых в России» (not all of them are Russians)"),
        (r"Матросск\w*\s+тиш", "«Матросская Тишина» (a street name)"),
        (r"Дэвид Кремер|Девид Кремер", "«Дэвид Крамер»"),
        (r"Блогинг", "«Блогеры»"),
        (r"исполняется \d", "«исполнится» (a birthday to come)"),
        (r"\d*[4]\s?украинцев", "«64 украинца»"),
        (r"Статья \d[\d.()]* УК", "«ч. 2 ст. 207.3 УК РФ»"),
        (r"Смерть под стражей|[Пп]од стражей\s\d|\d\s(?:день|дня|дней) под стражей",
         "«в заключении» (the site counts all custody, not only pre-trial)"),
        (r"открытка\W+хорошее письмо|Фильтры выбирают среди", "the microcopy a native editor rewrote"),
    ],
    "uk": [
        (r"набу\w* (?:вироком )?чинн\w*|набрав\w* чинност\w*", "a verdict «набрав законної сили»"),
        (r"\bВК-\d", "colonies are «ІК-…»"),
        (r"затверди\w* вирок", "an appeal court «залишив вирок без змін»"),
        (r"Арешт судом", "«Взяття під варту»"),
        (r"Шалинськ", "«Шалінський»"),
        (r"Матроськ\w*\s+тиш", "«Матроська Тиша» (a street name)"),
        (r"Кремер", "«Девід Крамер»"),
        (r"обмін\w* в’язнями", "«обмін ув’язненими»"),
        (r"спостережн\w* комісі|моніторингов\w* комісі|\bОНК\b", "ОНК is «громадська наглядова комісія»"),
        (r"видами тримання|вид тримання", "«утримання»"),
        (r"ми рахуємо\s+\w+\s+ув’язненням", "«вважаємо» (рахувати is to count)"),
        (r"\d*[4]\s?українців", "«64 українці»"),
        (r"російських політв’язнів", "«політв’язнів у Росії»"),
        (r"Блогінг", "«Блогери»"),
        (r"виповнюється \d", "«виповниться» (a birthday to come)"),
        (r"Стаття \d[\d.()]* КК", "«ч. 2 ст. 207.3 КК РФ»"),
        (r"[а-яіїєґА-ЯІЇЄҐ]'[а-яіїєґА-ЯІЇЄҐ]", "the apostrophe is ’, not '"),
        (r"Смерть під вартою|[Пп]ід вартою\s\d|\d\s(?:день|дні|днів) під вартою",
         "«у неволі» (the site counts all custody, not only pre-trial)"),
        (r"\b[Зз]винувачен", "«обвинувачення» (the charge in a case)"),
        (r"\d\s(?:особа|особи|осіб)\b", "people are counted «людина / людини / людей»"),
        (r"листівка\W+добрий лист|Фільтри вибирають серед", "the microcopy a native editor rewrote"),
    ],
}
# A number and the word after it, split by a space that may break the line.
SPLIT_UNIT = re.compile(r"\d[ \n]+[а-яёіїєґА-ЯЁІЇЄҐ]")
DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def wrong_terms(text: str, lang: str) -> list[str]:
    return [f"{found.group(0)!r}: write {why}" for pattern, why in FORBIDDEN[lang]
            for found in re.finditer(pattern, text)]


# --------------------------------------------------------------------------- the pages
class VisibleText(HTMLParser):
    """The text nodes a reader sees: not scripts and styles, nor what only a screen reader
    hears (a line break there is never seen). A link out of the site is a source's title,
    quoted as that page titles it (`quoted`): its words are not ours to correct."""
    SKIPPED = frozenset({"script", "style", "template"})
    EMPTY = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []             # every visible text node
        self.ours: list[str] = []              # those not quoted from a source
        self.stack: list[tuple[bool, bool]] = []   # (hidden, quoted) of each open element
        self.search_link: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden, quoted = self.stack[-1] if self.stack else (False, False)
        hidden = hidden or tag in self.SKIPPED or "visually-hidden" in (attrs.get("class") or "")
        quoted = quoted or (tag == "a" and (attrs.get("href") or "").startswith("http"))
        if tag not in self.EMPTY:
            self.stack.append((hidden, quoted))
        if tag == "a" and "search-link" in (attrs.get("class") or ""):
            self.search_link.append("")

    def handle_endtag(self, tag):
        if self.stack and tag not in self.EMPTY:
            self.stack.pop()

    def handle_data(self, data):
        hidden, quoted = self.stack[-1] if self.stack else (False, False)
        if not hidden:
            self.nodes.append(data)
            if not quoted:
                self.ours.append(data)
        if self.search_link and data.strip() and not self.search_link[-1]:
            self.search_link[-1] = data.strip()


def visible(html_text: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html_text)
    return parser


def rendered_pages(out: Path, lang: str) -> list[Path]:
    return sorted((out / lang).rglob("*.html"))


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_no_rendered_page_uses_a_term_its_style_sheet_forbids(sample_site, lang):
    pages = rendered_pages(sample_site, lang)
    assert len(pages) > 40
    found = []
    for file in pages:
        text = "\n".join(visible(file.read_text(encoding="utf-8")).ours)
        found += [f"{file.relative_to(sample_site)}: {problem}" for problem in wrong_terms(text, lang)]
    assert found == []


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_no_rendered_page_splits_a_number_from_its_unit_or_ends_with_two_stops(sample_site, lang):
    found = []
    for file in rendered_pages(sample_site, lang):
        for node in visible(file.read_text(encoding="utf-8")).nodes:
            for pattern in (SPLIT_UNIT, DOUBLE_STOP):
                found += [f"{file.relative_to(sample_site)}: {m.group(0)!r} in {node.strip()[:80]!r}"
                          for m in pattern.finditer(node)]
    assert found == []


def test_the_site_search_is_a_search_not_a_police_search(sample_site):
    for lang, word, police in (("ru", "Поиск", "Обыск"), ("uk", "Пошук", "Обшук")):
        for file in rendered_pages(sample_site, lang):
            links = visible(file.read_text(encoding="utf-8")).search_link
            assert links == [word], (file, links)
        search = (sample_site / lang / "search" / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{word}</h1>" in search and police not in search


def test_a_charge_is_written_in_each_languages_notation(sample_site):
    ru = (sample_site / "ru/prisoners/alexei-gorinov/index.html").read_text(encoding="utf-8")
    uk = (sample_site / "uk/prisoners/alexei-gorinov/index.html").read_text(encoding="utf-8")
    en = (sample_site / "prisoners/alexei-gorinov/index.html").read_text(encoding="utf-8")
    assert f"ч.{NBSP}2{NBSP}ст.{NBSP}207.3{NBSP}УК РФ" in ru
    assert f"ч.{NBSP}2{NBSP}ст.{NBSP}207.3{NBSP}КК РФ" in uk
    assert "Article 207.3(2) of the Criminal Code" in en


def test_the_category_of_ukrainians_is_a_group_of_people(sample_site):
    ru = (sample_site / "ru/prisoners/category/ukrainian/index.html").read_text(encoding="utf-8")
    uk = (sample_site / "uk/prisoners/category/ukrainian/index.html").read_text(encoding="utf-8")
    assert "Граждане Украины" in ru and "Громадяни України" in uk



# --------------------------------------------------------------------------- links and menus
# A menu word of Google Calendar may be quoted in a language only when Google's help in that
# language has been read and is cited beside the string in the catalog. The English words are
# those of https://support.google.com/calendar/answer/37100?hl=en; no Russian or Ukrainian copy
# of it has been read, so those translations describe the step instead (docs/style-ru.md, -uk.md).
GOOGLE_MENU_WORDS = {"en": {"Other calendars", "From URL", "+"}, "ru": {"+"}, "uk": {"+"}}
QUOTED = {"en": re.compile(r"“([^”]*)”"), "ru": re.compile(r"«([^»]*)»"), "uk": re.compile(r"«([^»]*)»")}


def google_calendar_step(page: Path) -> str:
    steps = [node for node in visible(page.read_text(encoding="utf-8")).ours if "Google" in node]
    assert len(steps) == 1, steps
    return steps[0]


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_the_google_calendar_step_quotes_only_menu_words_googles_help_gives(sample_site, lang):
    page = sample_site / ("" if lang == "en" else lang) / "calendars" / "index.html"
    quoted = set(QUOTED[lang].findall(google_calendar_step(page)))
    assert quoted <= GOOGLE_MENU_WORDS[lang]
    if lang == "en":
        assert quoted == GOOGLE_MENU_WORDS["en"]


ENGLISH_COPY = re.compile(r'<a [^>]*href="https?://(?:www\.)?memopzk\.org/en/[^"]*"[^>]*>(.*?)</a>(.{0,160})', re.S)
IN_ENGLISH = {"ru": "на английском языке", "uk": "англійською мовою"}


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_a_link_to_memorials_english_copy_says_it_is_in_english(sample_site, lang):
    """Memorial's letter guide is linked in English (its Russian address is not confirmed):
    a Russian or Ukrainian reader is told so before following it. A source's English title,
    quoted as it is, says so by itself."""
    unannounced = []
    for file in rendered_pages(sample_site, lang):
        for words, after in ENGLISH_COPY.findall(file.read_text(encoding="utf-8")):
            after = " ".join(re.sub(r"<[^>]+>", " ", after).split())
            if re.search(r"[а-яёіїєґ]", words, re.I) and IN_ENGLISH[lang] not in after:
                unannounced.append(f"{file.relative_to(sample_site)}: {words!r}")
    assert unannounced == []


# --------------------------------------------------------------------------- the sources
def catalog_lines(lang: str) -> list[tuple[int, str]]:
    """(line, translation) of every translated string of the language's catalog."""
    with (PROJECT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    return [(message.lineno, text) for message in catalog if message.id
            for text in (message.string if isinstance(message.string, tuple) else (message.string,))
            if text]


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_the_catalog_uses_no_term_its_style_sheet_forbids(lang):
    found = [f"locales/{lang}/LC_MESSAGES/messages.po:{line}: {problem}"
             for line, text in catalog_lines(lang) for problem in wrong_terms(text, lang)]
    assert found == []


def data_texts(file: Path, lang: str):
    """(first line, last line, text) of every `lang:` text in a data file; the titles of
    sources are left out: they are quoted as the page read was titled."""
    loader = yaml.SafeLoader(file.read_text(encoding="utf-8"))
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value in ("source", "sources"):
                    continue
                if key.value == lang and isinstance(value, yaml.ScalarNode):
                    yield value.start_mark.line + 1, value.end_mark.line + 1, value.value
                else:
                    yield from walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item)
    yield from walk(root)


def line_of(found: str, lines: list[str], first: int, last: int) -> int:
    """The line, among a text's, where a wrong term begins."""
    word = found.split()[0]
    return next((n for n in range(first, last + 1) if word in lines[n - 1]), first)


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_the_data_and_content_use_no_term_their_style_sheet_forbids(lang):
    found = []
    for file in sorted((PROJECT / "data").glob("*.yaml")):
        lines = file.read_text(encoding="utf-8").splitlines()
        for first, last, text in data_texts(file, lang):
            found += [f"data/{file.name}:{line_of(match.group(0), lines, first, last)}: "
                      f"{match.group(0)!r}: write {why}"
                      for pattern, why in FORBIDDEN[lang] for match in re.finditer(pattern, text)]
    for file in sorted((PROJECT / "content").rglob(f"*.{lang}.md")):
        for number, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if text.startswith("  title:"):          # a source's title, quoted as it is
                continue
            found += [f"{file.relative_to(PROJECT)}:{number}: {problem}" for problem in wrong_terms(text, lang)]
    assert found == []



def test_a_facilitators_role_after_the_comma_begins_in_lower_case():
    """«Наталия Арно, президент Фонда…»: the members page writes a role after the name and
    a comma, so in Russian and Ukrainian it begins with a small letter."""
    members = yaml.safe_load((PROJECT / "data" / "members.yaml").read_text(encoding="utf-8"))
    roles = [(person["name"]["en"], lang, person["role"][lang])
             for person in members["facilitators"] for lang in ("ru", "uk")]
    assert roles and [role for role in roles if not role[2][0].islower()] == []

# --------------------------------------------------------------------------- the rules
@pytest.mark.parametrize("text,kept", [
    ("843 дня", f"843{NBSP}дня"),
    ("7 декабря 2026 г.", f"7{NBSP}декабря 2026{NBSP}г."),
    ("1500 км", f"1500{NBSP}км"),
    ("В. В. Иванов", f"В.{NBSP}В.{NBSP}Иванов"),
    ("ч. 2 ст. 207.3", f"ч.{NBSP}2{NBSP}ст.{NBSP}207.3"),
    ("Иванов Иван Иванович, 1962 г. р.", f"Иванов Иван Иванович, 1962{NBSP}г.{NBSP}р."),
    ("и т. д.", f"и т.{NBSP}д."),
    ("слово — другое", f"слово{NBSP}— другое"),
    ("в 2019\nгоду", f"в 2019{NBSP}году"),                # a source line that wraps there
    ("абзац 5\n\nДалее", "абзац 5\n\nДалее"),             # a new paragraph is not a space
])
def test_the_typography_keeps_words_together(text, kept):
    assert typeset(text, "ru") == kept
    assert typeset(text, "en") == text                     # English is left as it is


@pytest.mark.parametrize("value,parsed", [
    ("207.3(2)", ("207.3", "2")), ("284.1", ("284.1", None)), ("275", ("275", None)),
    ("205.2(1)", ("205.2", "1")), ("207.3 (2)(b)", ("207.3 (2)(b)", None)),
])
def test_an_article_is_parsed_into_article_and_part(value, parsed):
    assert article_and_part(value) == parsed


# --------------------------------------------------------------------------- free in between
def test_times_in_custody_are_joined_only_where_they_follow_on():
    d = dt.date
    touching = (Span("detention", d(2015, 3, 1), d(2015, 6, 1), False),
                Span("prison", d(2015, 6, 1), d(2016, 1, 1), False))
    assert stretches(touching) == ((d(2015, 3, 1), d(2016, 1, 1)),)
    free_between = (Span("detention", d(2015, 3, 1), d(2015, 6, 1), False),
                    Span("prison", d(2016, 1, 10), d(2018, 1, 10), False))
    assert stretches(free_between) == ((d(2015, 3, 1), d(2015, 6, 1)), (d(2016, 1, 10), d(2018, 1, 10)))


# --------------------------------------------------------------------------- tags
def test_a_posts_tags_are_in_the_pages_language(sample_site):
    """data/site.yaml gives each tag its words; a page shows them in its language."""
    post = "news/2019-02-21-coalition-launch/index.html"
    assert "<li>коалиция</li><li>создание</li>" in (sample_site / "ru" / post).read_text(encoding="utf-8")
    assert "<li>коаліція</li><li>створення</li>" in (sample_site / "uk" / post).read_text(encoding="utf-8")
    assert "<li>coalition</li><li>launch</li>" in (sample_site / post).read_text(encoding="utf-8")


def test_a_tag_without_words_in_a_language_is_reported_as_untranslated(sample, capsys):
    site = sample
    file = site / "data" / "site.yaml"
    text = file.read_text(encoding="utf-8")
    line = "  launch: {en: launch, ru: создание, uk: створення}"
    assert line in text
    file.write_text(text.replace(line, "  launch: {en: launch, ru: создание}"), encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF], environ={}) == 0
    number = text.splitlines().index(line) + 1
    assert (f"data/site.yaml:{number}:11: warning: Ukrainian (uk): the site, tags[1].words is not "
            "translated") in capsys.readouterr().out
