"""The site in English, Russian and Ukrainian: the words of each language, counted and
formatted by its own rules; a missing translation shown in English and marked; every
page linked to its versions in the other languages, both ways."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from xml.etree import ElementTree as ET

import pytest
from babel.messages.pofile import read_po

from conftest import PROJECT, SAMPLE_AS_OF, SAMPLE_PAGES, copy_site, page, run_build
from vigil.base.problems import Location
from vigil.cache.store import open_store
from vigil.cli import main
from vigil.model import vocabulary
from vigil.model.records import Text
from vigil.render.templates import environment
from vigil.site import catalogs, i18n
from vigil.site.catalogs import main as update_catalogs
from vigil.site.catalogs import template_catalog
from vigil.site.i18n import interface_messages as real_interface_messages
from vigil.site.i18n import load_languages
from vigil.site.views import localized

COUNTS = (0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111)
NBSP = "\u00a0"            # CLDR's group separator in Russian and Ukrainian
NNBSP = "\u202f"           # and its space before 'г.' and 'р.' in dates


def kept(words: list[str]) -> list[str]:
    """Russian and Ukrainian keep a number and its unit together (docs/style-ru.md)."""
    return [w.replace(" ", NBSP, 1) for w in words]


# The forms each language's grammar asks for, written out by hand for each count.
DAYS = {
    "en": ["0 days", "1 day", "2 days", "4 days", "5 days", "11 days", "12 days", "14 days",
           "21 days", "22 days", "25 days", "101 days", "111 days"],
    "ru": kept(["0 дней", "1 день", "2 дня", "4 дня", "5 дней", "11 дней", "12 дней", "14 дней",
                "21 день", "22 дня", "25 дней", "101 день", "111 дней"]),
    "uk": kept(["0 днів", "1 день", "2 дні", "4 дні", "5 днів", "11 днів", "12 днів", "14 днів",
                "21 день", "22 дні", "25 днів", "101 день", "111 днів"]),
}
IN_CUSTODY = {
    "en": ("day in custody", "days in custody"),
    "ru": ("день в заключении", "дня в заключении", "дней в заключении"),
    "uk": ("день у неволі", "дні в неволі", "днів у неволі"),
}
PEOPLE = {
    "en": ["0 people", "1 person", "2 people", "4 people", "5 people", "11 people", "12 people",
           "14 people", "21 people", "22 people", "25 people", "101 people", "111 people"],
    "ru": kept(["0 человек", "1 человек", "2 человека", "4 человека", "5 человек", "11 человек",
                "12 человек", "14 человек", "21 человек", "22 человека", "25 человек",
                "101 человек", "111 человек"]),
    "uk": kept(["0 людей", "1 людина", "2 людини", "4 людини", "5 людей", "11 людей", "12 людей",
                "14 людей", "21 людина", "22 людини", "25 людей", "101 людина", "111 людей"]),
}


def slavic_form(n: int) -> int:
    """0 one, 1 few, 2 many: the rule Russian and Ukrainian share, for whole numbers."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


@pytest.fixture(scope="module")
def envs():
    """The project's templates and catalogs, one environment per language."""
    languages, problems, _ = load_languages(("en", "ru", "uk"), [PROJECT / "locales"], str)
    assert problems == []
    return {lang.code: environment([PROJECT / "templates"], lang, languages) for lang in languages}


def say(env, macro: str, n: int) -> str:
    return env.from_string('{% import "_words.html" as w %}{{ w.' + macro + '(n) }}').render(n=n)


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_counted_words_take_the_plural_form_of_each_language(envs, lang):
    assert [say(envs[lang], "days", n) for n in COUNTS] == DAYS[lang]
    assert [say(envs[lang], "people", n) for n in COUNTS] == PEOPLE[lang]
    units = IN_CUSTODY[lang]
    expected = [units[0 if n == 1 else 1] if lang == "en" else units[slavic_form(n)] for n in COUNTS]
    assert [say(envs[lang], "custody_unit", n) for n in COUNTS] == expected


@pytest.mark.parametrize("lang,date,number", [
    ("en", "21 February 2019", "5,726"),
    ("ru", f"21{NBSP}февраля 2019{NNBSP}г.", f"5{NBSP}726"),
    ("uk", f"21{NBSP}лютого 2019{NNBSP}р.", f"5{NBSP}726"),
])
def test_dates_and_numbers_are_written_the_languages_way(envs, lang, date, number):
    render = envs[lang].from_string("{{ day|date }} {{ n|number }}").render
    assert render(day=dt.date(2019, 2, 21), n=5726) == f"{date} {number}"


@pytest.mark.parametrize("prefix,count,unit,as_of,since", [
    ("", "8,572", "days in custody", "7 December 2026", "In custody since 19 June 2003"),
    ("/ru", f"8{NBSP}572", "дня в заключении", f"7{NBSP}декабря 2026{NNBSP}г.",
     f"В заключении с 19{NBSP}июня 2003{NNBSP}г."),
    ("/uk", f"8{NBSP}572", "дні в неволі", f"7{NBSP}грудня 2026{NNBSP}р.",
     f"У неволі з 19{NBSP}червня 2003{NNBSP}р."),
])
def test_a_prisoner_page_counts_in_its_language(sample_site, prefix, count, unit, as_of, since):
    html = page(sample_site, f"{prefix}/prisoners/alexey-pichugin/")
    lang = prefix.strip("/") or "en"
    assert f'<html lang="{lang}">' in html
    assert f'data-counter-words>{count} {unit}</span>' in html
    assert f'data-counter-date>{as_of}</time>' in html
    assert since in html
    assert 'data-days="8572"' in html                          # the count itself is the same


def test_the_ticker_gets_the_words_for_every_plural_category(sample_site):
    ru = page(sample_site, "/ru/prisoners/alexey-pichugin/")
    assert 'data-locale="ru"' in ru
    for category, words in (("one", "день в заключении"), ("few", "дня в заключении"),
                            ("many", "дней в заключении")):
        assert f'data-unit-{category}="{words}"' in ru
    uk = page(sample_site, "/uk/prisoners/alexey-pichugin/")
    assert 'data-unit-few="дні в неволі"' in uk and 'data-unit-many="днів у неволі"' in uk
    en = page(sample_site, "/prisoners/alexey-pichugin/")
    assert 'data-locale="en-GB"' in en and 'data-unit-one="day in custody"' in en


def test_member_countries_are_named_in_the_pages_language(sample_site):
    assert "Ukraine" in page(sample_site, "/members/")
    assert "Украина" in page(sample_site, "/ru/members/")
    assert "Україна" in page(sample_site, "/uk/members/")


def test_links_in_a_translated_post_lead_to_pages_in_its_language(sample_site):
    ru = page(sample_site, "/ru/news/2019-02-21-coalition-launch/")
    links = re.findall(r'href="(/[^"]*)"', ru.split('<main', 1)[1].split('</main>', 1)[0])
    assert links and all(link.startswith("/ru/") for link in links), links


# --------------------------------------------------------------------------- fallback
@pytest.fixture
def three_languages(tmp_path):
    """The tiny site in three languages: Ivan's name has Russian, nothing else has, and
    one post has a Russian translation file beside it."""
    site = copy_site("tiny", tmp_path / "src")
    with (site / "data" / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("languages: [en, ru, uk]\n")
    (site / "content" / "news" / "2026-11-28-appeal.ru.md").write_text(
        "---\ntitle: Апелляция Ольги\ndate: 2026-11-28T23:30:00+03:00\n"
        "summary: Поздно вечером подана апелляция.\n---\nПодана апелляция.\n", encoding="utf-8")
    return site


@pytest.fixture
def three_built(three_languages, tmp_path) -> Path:
    """That site, built."""
    out = tmp_path / "public"
    assert run_build(three_languages, out) == 0
    return out


def check(site: Path, *extra: str) -> int:
    """`python build.py check --source SITE --as-of 2026-11-29 EXTRA...`; the exit code."""
    return main(["check", "--source", str(site), "--as-of", "2026-11-29", *extra], environ={})


def test_a_missing_translation_shows_the_default_text_marked(three_built):
    out = three_built
    olga = page(out, "/ru/prisoners/olga-released/")
    assert ('<h1><span lang="en">Olga Released</span> <small class="untranslated">(ещё не переведено)</small>'
            '</h1>') in olga
    assert '<p class="untranslated">Этот текст ещё не переведён.</p>\n<div class="summary" lang="en">' in olga
    ivan = page(out, "/ru/prisoners/ivan-held/")
    assert "<h1>Иван Хелд</h1>" in ivan                       # translated: no mark
    uk = page(out, "/uk/prisoners/olga-released/")
    assert '<small class="untranslated">(ще не перекладено)</small>' in uk
    assert "<h1>Olga Released</h1>" in page(out, "/prisoners/olga-released/")


def test_a_translated_post_is_shown_in_its_language_and_the_rest_fall_back(three_built):
    out = three_built
    appeal = page(out, "/ru/news/2026-11-28-appeal/")
    assert "<h1>Апелляция Ольги</h1>" in appeal
    assert '<div class="post-body"><p>Подана апелляция.</p></div>' in appeal
    assert "untranslated" not in appeal.split("<main", 1)[1].split("<aside", 1)[0]
    hearing = page(out, "/ru/news/2026-01-15-hearing/")
    assert '<div class="post-body" lang="en">' in hearing
    assert "Этот текст ещё не переведён." in hearing
    assert "<h1>Olga&#39;s appeal</h1>" in page(out, "/news/2026-11-28-appeal/")   # the original stays


def test_check_lists_what_each_language_lacks(three_languages, capsys):
    assert check(three_languages) == 0
    err = capsys.readouterr().out
    name_line = next(n for n, line in enumerate(
        (three_languages / "data/prisoners.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() == "name: Olga Released")
    assert (f"data/prisoners.yaml:{name_line}:9: warning: Russian (ru): prisoner olga-released, "
            "name is not translated") in err
    assert "Ukrainian (uk): prisoner ivan-held, name is not translated" in err
    assert "Russian (ru): prisoner ivan-held, name is not translated" not in err
    assert ("content/news/2026-01-15-hearing.md:1: warning: Russian (ru): this post is not translated; "
            "its translation goes in content/news/2026-01-15-hearing.ru.md") in err
    assert "content/news/2026-11-28-appeal.md: warning: Russian (ru)" not in err
    assert "content/pages/about.md:1: warning: Ukrainian (uk): this page is not translated" in err
    summary = err.strip().splitlines()[-1]
    assert re.fullmatch(r"Translations: ru: \d+ data fields, 2 posts, 3 pages; "
                        r"uk: \d+ data fields, 3 posts, 3 pages\.", summary), summary


def test_strict_makes_a_missing_translation_fail_and_keeps_the_old_site(three_languages, tmp_path):
    out = tmp_path / "public"
    assert run_build(three_languages, out) == 0
    before = page(out, "/ru/")
    assert check(three_languages, "--strict") == 1
    assert run_build(three_languages, out, "--strict") == 1
    assert page(out, "/ru/") == before


def test_the_sample_site_is_completely_translated(sample, capsys):
    """No translation is missing (its other warnings are about old news of where people
    are held, which only newer sources mend)."""
    assert main(["check", "--source", str(sample), "--as-of", SAMPLE_AS_OF], environ={}) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "Translations: ru: complete; uk: complete." in captured.out
    assert "not translated" not in captured.out


@pytest.mark.parametrize("name,content,message", [
    ("2026-11-28-appeal.de.md", "---\ntitle: Berufung\ndate: 2026-11-28\nsummary: x\n---\nx\n",
     "'2026-11-28-appeal.de.md': 'de' is not one of this site's languages; a translation ends "
     "in .ru.md, .uk.md"),
    ("2026-11-29-nothing.ru.md", "---\ntitle: Ничего\ndate: 2026-11-29\nsummary: x\n---\nx\n",
     "this is the 'ru' translation of '2026-11-29-nothing', but there is no 2026-11-29-nothing.md"),
    ("2026-11-28-appeal.uk.md", "---\ntitle: Апеляція\ndate: 2026-11-27\nsummary: x\n---\nx\n",
     "date differs from the original's (2026-11-28 23:30:00+03:00)"),
])
def test_a_wrong_translation_file_is_an_error_at_its_place(three_languages, capsys, name, content, message):
    (three_languages / "content" / "news" / name).write_text(content, encoding="utf-8")
    assert check(three_languages) == 1
    errors = [line for line in capsys.readouterr().out.splitlines()
              if line.startswith(f"content/news/{name}") and "warning" not in line]
    assert len(errors) == 1 and message in errors[0], errors


def test_a_catalog_with_the_wrong_plural_rule_is_an_error(three_languages, capsys):
    catalog = (PROJECT / "locales/ru/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    wrong = re.sub(r'"Plural-Forms: [^"]*"\n("[^"]*"\n)*?(?="MIME)',
                   '"Plural-Forms: nplurals=2; plural=(n != 1);\\\\n"\n', catalog)
    assert wrong != catalog
    own = three_languages / "locales/ru/LC_MESSAGES/messages.po"
    own.parent.mkdir(parents=True)
    own.write_text(wrong, encoding="utf-8")
    assert check(three_languages) == 1
    err = capsys.readouterr().out
    line = wrong.splitlines().index('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"') + 1
    assert f"locales/ru/LC_MESSAGES/messages.po:{line}: the Plural-Forms line says" in err


def test_a_language_without_a_catalog_is_a_warning(three_languages, capsys):
    site = three_languages / "data" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("[en, ru, uk]", "[en, ru, uk, be]"),
                    encoding="utf-8")
    assert check(three_languages) == 0
    assert ("locales/be/LC_MESSAGES/messages.po:1: warning: there is no Belarusian (be) catalog, so "
            "its pages show the interface in English; create it with: make catalog-new CODE=be"
            in capsys.readouterr().out)


# --------------------------------------------------------------------------- alternates
class Links(HTMLParser):
    """A page's language, canonical address, hreflang links and language switcher."""

    def __init__(self):
        super().__init__()
        self.lang, self.canonical, self.alternates, self.switcher = None, None, {}, {}
        self.in_switcher = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            assert a["hreflang"] not in self.alternates, f"two links for {a['hreflang']}"
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "nav" and "languages" in a.get("class", ""):
            self.in_switcher = True
        elif tag == "a" and self.in_switcher:
            self.switcher[a["hreflang"]] = a["href"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_switcher = False


def read_links(file: Path) -> Links:
    links = Links()
    links.feed(file.read_text(encoding="utf-8"))
    return links


def address(out: Path, file: Path) -> str:
    rel = file.relative_to(out).as_posix()
    return "https://example.org/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)


def test_hreflang_links_are_reciprocal_across_the_whole_site(sample_site):
    pages = {address(sample_site, f): read_links(f) for f in sample_site.rglob("*.html")}
    assert len(pages) == 3 * SAMPLE_PAGES
    for url, links in pages.items():
        assert links.canonical == url
        assert set(links.alternates) == {"en", "ru", "uk", "x-default"}, url
        assert links.alternates[links.lang] == url                    # itself, in its language
        assert links.alternates["x-default"] == links.alternates["en"]
        for lang in ("en", "ru", "uk"):
            other = pages[links.alternates[lang]]                     # the version exists...
            assert other.lang == lang
            assert other.alternates == links.alternates, (url, lang)  # ...and links back
        switcher = {lang: "https://example.org" + href for lang, href in links.switcher.items()}
        assert switcher == {k: v for k, v in links.alternates.items() if k not in (links.lang, "x-default")}


def test_the_sitemap_lists_every_version_with_its_alternates(sample_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    listed = {}
    for url in root.findall("s:url", ns):
        listed[url.findtext("s:loc", namespaces=ns)] = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
    pages = {address(sample_site, f): read_links(f) for f in sample_site.rglob("*.html")
             if f.name != "404.html"}
    assert set(listed) == set(pages)
    for url, alternates in listed.items():
        assert alternates == pages[url].alternates


def test_a_country_code_written_for_a_language_is_pointed_out(three_languages, capsys):
    prisoners = three_languages / "data" / "prisoners.yaml"
    prisoners.write_text(prisoners.read_text(encoding="utf-8").replace(
        "name: Olga Released", "name: {en: Olga Released, ua: Ольга Звільнена}"), encoding="utf-8")
    assert check(three_languages) == 0
    err = capsys.readouterr().out
    assert ("warning: prisoner olga-released, name: 'ua' is not a language code (for Ukrainian "
            "(uk), write uk). Its text is not shown; this site's languages are en, ru, uk") in err
    # one mistake, one message: the missing Ukrainian is not reported a second time, but counted
    assert "Ukrainian (uk): prisoner olga-released, name is not translated" not in err
    assert "uk: 22 data fields" in err.strip().splitlines()[-1]     # as many as Russian lacks, plus it


def test_the_catalog_template_holds_every_string_of_the_templates(tmp_path):
    """What `make catalogs` extracts now is what locales/messages.pot holds: nobody
    changed a template's words without updating the catalogs."""
    def ids(file):
        with open(file, "rb") as f:
            return {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id}
    extracted = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template_catalog() if m.id}
    assert len(extracted) > 100
    assert "Political opponent" in extracted          # the vocabulary's words are there too
    assert extracted == ids(PROJECT / "locales" / "messages.pot")
    for code in ("ru", "uk"):
        assert extracted <= ids(PROJECT / "locales" / code / "LC_MESSAGES" / "messages.po")


def test_the_words_of_every_module_of_the_engine_are_extracted(tmp_path, monkeypatch):
    """No list of files to keep: a module added anywhere in the package, in a folder of its
    own, has its words in the catalogs, with every keyword the engine marks words with."""
    assert i18n.python_files() == sorted(i18n.PACKAGE.rglob("*.py"),
                                         key=lambda f: f.relative_to(i18n.PACKAGE).as_posix())
    package = tmp_path / "vigil"
    shutil.copytree(i18n.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "newfeature").mkdir()
    (package / "newfeature" / "page.py").write_text(
        'def words(language):\n'
        '    return (language.gettext("A new word"), language.ngettext("%(n)s thing", "%(n)s things", 2),\n'
        '            language.pgettext("of a page", "A word in context"), N_("A marked word"))\n',
        encoding="utf-8")
    monkeypatch.setattr(i18n, "PACKAGE", package)
    templates = tmp_path / "templates"
    templates.mkdir()
    found = {(file, message, context) for file, _line, message, _comments, context
             in i18n.interface_messages([templates], PROJECT / "babel.cfg")}
    new = "vigil/newfeature/page.py"
    assert {(new, "A new word", None), (new, ("%(n)s thing", "%(n)s things"), None),
            (new, "A word in context", "of a page"), (new, "A marked word", None)} <= found
    assert ("vigil/model/vocabulary.py", "Political opponent", None) in found
    assert any(file == "vigil/serve.py" for file, _message, _context in found)


def test_the_interface_strings_are_read_again_only_when_a_template_changes(three_languages, monkeypatch,
                                                                         capsys):
    """`check` reads every template for the strings a catalog lacks; the cache store keeps
    what it found, by the templates' bytes: the next check (a process of its own) reads no
    template, and one after a template is edited reads them again and finds its new words,
    at their line."""
    reads = []
    monkeypatch.setattr(i18n, "interface_messages", lambda *a: reads.append(a) or real_interface_messages(*a))
    assert check(three_languages) == 0 and len(reads) == 1
    assert check(three_languages) == 0 and len(reads) == 1
    (three_languages / "templates").mkdir()
    base = (PROJECT / "templates/page.html").read_text(encoding="utf-8")
    assert '<article class="page">' in base
    (three_languages / "templates/page.html").write_text(
        base.replace('<article class="page">', '<article class="page">{{ _("A word no catalog has") }}'),
        encoding="utf-8")
    line = base[:base.index('<article class="page">')].count("\n") + 1
    for made in (2, 2):                 # read again once, then taken from the store
        capsys.readouterr()
        assert check(three_languages) == 0 and len(reads) == made
        assert (f"templates/page.html:{line}: warning: Russian (ru): 'A word no catalog has' is not in "
                "the catalog") in capsys.readouterr().out


@pytest.mark.parametrize("entries", [
    "not a list", [["id", None, "templates/x.html"]], [["id", None, "templates/x.html", "7"]],
    [["id", 3, "templates/x.html", 7]], [["id", None, "templates/x.html", True]], [[["nested"], None, "x", 1]]])
def test_interface_strings_kept_in_another_shape_are_read_again(tmp_path, entries):
    store = open_store(tmp_path, "a stamp")
    store.write_json("messages", {"key": entries})
    assert i18n.stored_messages(store, "key") is None
    store.write_json("messages", {"key": [["Search", "site", "templates/base.html", 12], ["Day", None, "x.py", 3]]})
    assert i18n.stored_messages(store, "key") == {("Search", "site"): Location("templates/base.html", 12),
                                                   "Day": Location("x.py", 3)}
    assert i18n.stored_messages(store, "another key") is None


def test_make_catalogs_changes_nothing_when_the_templates_did_not_change(tmp_path, capsys):
    locales = tmp_path / "locales"
    shutil.copytree(PROJECT / "locales", locales)
    before = {f: f.read_bytes() for f in locales.rglob("*") if f.is_file()}
    assert update_catalogs(locales) == 0
    assert {f: f.read_bytes() for f in locales.rglob("*") if f.is_file()} == before
    assert capsys.readouterr().out == "the catalogs are up to date\n"


def test_make_catalogs_adds_a_new_string_to_every_catalog(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(PROJECT / "locales", locales)
    monkeypatch.setitem(vocabulary.CATEGORY, "lgbt", "LGBTQ+ people")     # a changed word
    monkeypatch.setattr(catalogs, "interface_messages", lambda *a: [
        *[m for m in real_interface_messages(*a) if m[2] != "LGBT+"],
        ("vigil/model/vocabulary.py", 1, "LGBTQ+ people", [])])
    update_catalogs(locales)
    for code in ("ru", "uk"):
        po = (locales / code / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
        assert 'msgid "LGBTQ+ people"' in po
    assert 'msgid "LGBTQ+ people"' in (locales / "messages.pot").read_text(encoding="utf-8")


def test_a_language_code_that_is_not_one_is_an_error_at_its_line(three_languages, capsys):
    site = three_languages / "data" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("[en, ru, uk]", "[en, ru, ua]"),
                    encoding="utf-8")
    line = site.read_text(encoding="utf-8").splitlines().index("languages: [en, ru, ua]") + 1
    assert check(three_languages) == 1
    assert (f"data/site.yaml:{line}:12: 'ua' in languages is not a language code (ISO 639, "
            "like en, ru, uk or be)") in capsys.readouterr().out


def test_a_text_without_a_translation_falls_back_to_the_default_language_not_any_other():
    """A site whose default language is Ukrainian: a Russian page shows a text that has no
    Russian in Ukrainian, though English, first in the alphabet, is there too."""
    languages, problems, _ = load_languages(("uk", "en", "ru"), [PROJECT / "locales"], str)
    assert problems == []
    ru = environment([PROJECT / "templates"], languages[2], languages)
    shown = localized(Text(MappingProxyType({"en": "Kyiv", "uk": "Київ"})), "ru", "uk")
    assert (shown.text, shown.lang, shown.fallback) == ("Київ", "uk", True)
    assert ru.from_string("{{ t|marked('(n)') }}").render(t=shown) == \
        '<span lang="uk">Київ</span> <small class="untranslated">(n)</small>'


def test_every_value_of_every_vocabulary_has_its_words_in_every_language():
    """A value added to the schema (a new category, say) without words for it would make
    the build fail on a page; here it fails first, naming what is missing."""
    schema_files = {file.name: file.read_bytes() for file in (PROJECT / "schema").glob("*.json")}
    assert vocabulary.missing_words(schema_files) == []
    assert vocabulary.schema_problems(schema_files) == []
    for name, values in vocabulary.schema_values(schema_files).items():
        assert vocabulary.VALUES[name] == values, name    # nothing extra, in the same order
    _, problems, catalogs = load_languages(("en", "ru", "uk"), [PROJECT / "locales"], str)
    assert problems == []
    for code in ("ru", "uk"):
        catalog, _ = catalogs[code]
        for name, words in vocabulary.VOCABULARIES.items():
            for value, english in words.items():
                if not english:                    # 'other' release: no words by design
                    continue
                # words with a context ("Search", the police's) are (context, words)
                message = (catalog.get(english[1], context=english[0]) if isinstance(english, tuple)
                           else catalog.get(english))
                assert message is not None and message.string and not message.fuzzy, (code, name, value)
