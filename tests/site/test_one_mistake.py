"""One mistake, one message: a maintainer who makes a single mistake in the sample site
is told about that mistake, at its line, in plain words, and about nothing else. And
no file, however damaged, makes `check` print a traceback or a problem without a place.
"""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import PROJECT, SAMPLE_AS_OF, copy_sample, store_of
from mutations import apply
from vigil.cli import main

LOCATED = re.compile(r"^[^\s:]+:\d+(:\d+)?: \S")
# The sample's own warnings, which no mistake causes: people held now whose newest news of
# where they are is over a year old (or not in the record).
OLD_NEWS = re.compile(r": warning: (\S+ is held now, and the record does not say where|the newest "
                      r"source on where \S+ is held dates from)")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, sample_cache) -> Path:
    """The sample site's data and content, once, with the cache its build left (so that a
    check reads again only the file a test damaged, as a maintainer's next run does), less
    the share cards and the search index, which a check never reads: each test copies it."""
    site = copy_sample(tmp_path_factory.mktemp("pristine") / "site", sample_cache)
    for unread in ("cards", "search"):
        shutil.rmtree(store_of(site / ".cache") / unread)
    return site


@pytest.fixture
def site(pristine, tmp_path) -> Path:
    """A copy of the sample site that a test may break."""
    return Path(shutil.copytree(pristine, tmp_path / "site"))


def check(site: Path, *extra: str, capsys) -> tuple[int, list[str]]:
    """`build.py check` on `site`: its exit code and the lines it printed about problems."""
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF, "--debug", *extra],
                environ={})
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if not line.endswith(" found.")
                  and not line.startswith(("Translations:", "No problems found"))
                  and not OLD_NEWS.search(line)]


def edit(site: Path, rel: str, old: str, new: str, nth: int = 1) -> int:
    """Replace the nth `old` in a file; the line it was on."""
    file = site / rel
    text = file.read_text(encoding="utf-8")
    at = -1
    for _ in range(nth):
        at = text.index(old, at + 1)
    file.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text[:at].count("\n") + 1


PICHUGIN_CATEGORY = "  categories: [business]\n"


@pytest.mark.parametrize("rel,old,new,expected", [
    ("data/prisoners.yaml", "  custody:\n", "\tcustody:\n",
     "1: this line is indented with a tab; indent with spaces, not tabs"),
    ("data/prisoners.yaml", PICHUGIN_CATEGORY, "   categories: [business]\n",
     "1: this line is indented differently from the one above (3 spaces here, 2 spaces above)"),
    ("data/prisoners.yaml", PICHUGIN_CATEGORY, "  categories [business]\n",
     "13: a ':' is missing after 'categories'; write 'categories: [business]'"),
    ("data/prisoners.yaml", "    en: Alexey Pichugin\n", '    en: "Alexey Pichugin\n',
     "9: the quote (\") that opens here is never closed"),
    ("data/prisoners.yaml", PICHUGIN_CATEGORY, "  categories: [busines]\n",
     "16: 'categories': 'busines' is not a known value; did you mean 'business'?"),
    ("data/site.yaml", "timezone: Europe/Moscow", "timezone: Europe/Moskow",
     "11: 'timezone': 'Europe/Moskow' is not a time zone name"),
    ("content/pages/about.md", "title: About the coalition", "title: About: the coalition",
     "13: this text contains ': '"),
    ("content/pages/about.ru.md", "title:", "title", "6: a ':' is missing after 'title'"),
    ("data/prisoners.yaml", "      place:\n        en: Lefortovo", "      place\n        en: Lefortovo",
     "12: a ':' is missing after 'place'; write 'place:' (the lines under it are its value)"),
    ("data/prisoners.yaml", "  name:\n    en: Alexey", "  name\n    en: Alexey",
     "7: a ':' is missing after 'name'; write 'name:'"),
    ("data/prisoners.yaml", "  custody:\n", "  custody\n",
     "10: a ':' is missing after 'custody'; write 'custody:'"),
    ("data/prisoners.yaml", "  custody:\n    - kind", "  custody\n  - kind",
     "10: a ':' is missing after 'custody'; write 'custody:'"),
    ("data/members.yaml", "members:\n", "members\n", "8: a ':' is missing after 'members'"),
    ("data/site.yaml", "headline:\n", "headline\n", "9: a ':' is missing after 'headline'"),
], ids=["a tab", "a misaligned line", "a missing colon", "an unclosed quote",
        "a record that fails", "a setting that fails", "a page that cannot be read",
        "a translation that cannot be read", "a missing colon over a block",
        "a missing colon over the first block", "a missing colon over a list",
        "a missing colon over a list at its own indent", "a missing colon over a file's list",
        "a missing colon over the settings' block"])
def test_one_mistake_gives_exactly_its_own_problem(site, capsys, rel, old, new, expected):
    """Each of these once brought follow-on problems: links to the page 'that leads
    nowhere', posts naming 'a prisoner who is not there', a page 'missing', a post 'not
    translated'. Only the mistake itself is reported, at its line."""
    line = edit(site, rel, old, new)
    code, problems = check(site, capsys=capsys)
    assert code == 1
    assert len(problems) == 1, problems
    where, _, message = problems[0].partition(": ")
    assert where.startswith(f"{rel}:{line}"), problems[0]
    expected_col, _, expected_message = expected.partition(": ")
    assert message.startswith(expected_message), problems[0]
    assert where == f"{rel}:{line}:{expected_col}" or where == f"{rel}:{line}", problems[0]


def test_an_empty_settings_file_is_one_located_problem(site, capsys):
    (site / "data/site.yaml").write_text("", encoding="utf-8")
    assert check(site, capsys=capsys) == (1, ["data/site.yaml:1:1: this file is empty"])


def test_a_file_cut_short_is_a_located_problem_not_an_internal_error(site, capsys):
    members = site / "data/members.yaml"
    members.write_bytes(members.read_bytes()[:1500])
    code, problems = check(site, capsys=capsys)
    assert code == 1 and problems
    assert all(LOCATED.match(p) and p.startswith("data/members.yaml:") for p in problems), problems


def test_a_translated_post_may_leave_out_the_date(site, capsys):
    post = "content/news/2019-02-21-coalition-launch.ru.md"
    text = (site / post).read_text(encoding="utf-8")
    assert "\ndate: 2019-02-21\n" in text
    (site / post).write_text(text.replace("\ndate: 2019-02-21\n", "\n"), encoding="utf-8")
    assert check(site, capsys=capsys) == (0, [])


def test_a_post_dated_unlike_its_file_name_is_an_error_at_the_date(site, capsys):
    line = edit(site, "content/news/2019-02-21-coalition-launch.md", "date: 2019-02-21",
                "date: 2019-02-12")
    assert check(site, capsys=capsys) == (1, [
        f"content/news/2019-02-21-coalition-launch.md:{line}:7: the date 2019-02-12 differs from "
        "the date in the file name (2019-02-21); correct the date, or rename the file to "
        "2019-02-12-coalition-launch.md (and its translations)"])


@pytest.mark.parametrize("written,hint", [
    ("static/img/people/pichugin.jpg", "write 'img/people/pichugin.jpg': photo paths start inside static/"),
    ("img/people/Pichugin.JPG", "the file is 'img/people/pichugin.jpg' (letter case counts on the web server)"),
    ("img/people/pichugn.jpg", "did you mean 'img/people/pichugin.jpg'?"),
])
def test_a_photo_path_gets_its_likely_fix(site, capsys, written, hint):
    (site / "static/img/people").mkdir(parents=True)
    # a whole picture: the site publishes it (bare), as it does every file in static/
    picture = io.BytesIO()
    Image.new("RGB", (8, 10)).save(picture, "JPEG")
    (site / "static/img/people/pichugin.jpg").write_bytes(picture.getvalue())
    line = edit(site, "data/prisoners.yaml", PICHUGIN_CATEGORY, PICHUGIN_CATEGORY + f"  photo: {written}\n") + 1
    code, problems = check(site, capsys=capsys)
    assert code == 1
    assert problems == [f"data/prisoners.yaml:{line}:10: the photo 'static/{written}' does not "
                        f"exist; {hint}"]


def test_a_warning_about_a_later_list_item_points_at_that_item(site, capsys):
    """Christensen has one charge; a second one without a translation is reported at its
    own line, not at the first charge's."""
    charges = '  charges:\n    - article: "282.2(1)"\n'
    line = edit(site, "data/prisoners.yaml", charges,
                charges.replace("  charges:\n", '  charges:\n    - article: "280.3(1)"\n'
                                                  "      description: discrediting the army\n"))
    code, problems = check(site, capsys=capsys)
    assert code == 0
    assert sorted(problems) == [
        f"data/prisoners.yaml:{line + 2}:20: warning: Russian (ru): prisoner dennis-christensen, "
        "charges[0].description is not translated",
        f"data/prisoners.yaml:{line + 2}:20: warning: Ukrainian (uk): prisoner dennis-christensen, "
        "charges[0].description is not translated"]


def test_strict_says_why_it_fails(site, capsys):
    edit(site, "data/prisoners.yaml", "    uk: Олексій Пічугін\n", "")
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF, "--strict"], environ={})
    err = capsys.readouterr().out
    assert code == 1
    # the mistake's warning, and the sample's own about old news (OLD_NEWS)
    found = re.search(r"0 problems, (\d+) warnings? found; with --strict, warnings count as problems, "
                      r"so this fails\.", err)
    assert found and int(found[1]) == 1 + sum(1 for line in err.splitlines() if OLD_NEWS.search(line))


def test_check_prints_github_annotations(site, capsys):
    line = edit(site, "data/prisoners.yaml", PICHUGIN_CATEGORY, "  categories: [busines]\n")
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF, "--format", "github"],
                environ={})
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].startswith(f"::error file=data/prisoners.yaml,line={line},col=16::'categories': "
                             "'busines' is not a known value; did you mean 'business'?")


def test_check_finds_what_only_making_the_pages_would_find(site, capsys):
    """A template that breaks on one kind of page: `check` makes every page in memory, so it
    fails where `build` would, at the template's line."""
    template = (PROJECT / "templates/post.html").read_text(encoding="utf-8")
    (site / "templates").mkdir()
    (site / "templates/post.html").write_text(
        template.replace("{% block main %}", "{% block main %}{{ view.no_such_value }}", 1),
        encoding="utf-8")
    line = template[:template.index("{% block main %}")].count("\n") + 1
    code, problems = check(site, capsys=capsys)
    assert code == 1
    assert len(problems) == 1, problems          # once, though three pages (one a language) fail
    assert problems[0].startswith(f"templates/post.html:{line}: template error: ")
    assert "no_such_value" in problems[0]


def test_an_error_in_a_drawing_template_is_found_at_its_line(site, capsys):
    """Every kind of template gives its line, not only HTML: the badge is an SVG."""
    template = (PROJECT / "templates/badge.svg").read_text(encoding="utf-8")
    lines = template.split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("<svg"))
    lines[at] = "{{ no_such_value }}" + lines[at]
    (site / "templates").mkdir()
    (site / "templates/badge.svg").write_text("\n".join(lines), encoding="utf-8")
    code, problems = check(site, capsys=capsys)
    assert code == 1
    assert len(problems) == 1, problems          # once, though every badge fails
    assert problems[0].startswith(f"templates/badge.svg:{at + 1}: template error: ")
    assert "no_such_value" in problems[0] and "(while making /" in problems[0]


@pytest.mark.parametrize("seed", range(50))
def test_no_damage_to_a_file_makes_check_print_a_traceback(pristine, tmp_path, capsys, seed):
    """Seeded mutations of the sample files (lines deleted, duplicated, re-indented or
    swapped, characters dropped or doubled, quotes and colons removed, tabs, bytes that
    are not UTF-8, values of another type, files emptied or cut short): `check` exits 0
    or 1, and every problem it prints has a file and a line."""
    site = Path(shutil.copytree(pristine, tmp_path / "site"))
    what = apply(site, seed)
    code, problems = check(site, capsys=capsys)     # --debug: an internal error would raise
    assert code in (0, 1), what
    unlocated = [p for p in problems if not LOCATED.match(p)]
    assert unlocated == [], what


@pytest.mark.parametrize("rel,old,new,nth,expected", [
    ("data/prisoners.yaml", "  custody:\n", "  custdy:\n", 2,
     "3: unknown field 'custdy'; did you mean 'custody'?"),
    ("data/prisoners.yaml", "  verified: 2026-11-30\n", "  verifed: 2026-11-30\n", 2,
     "3: unknown field 'verifed'; did you mean 'verified'?"),
    ("data/prisoners.yaml", "      from: 2014-05-11\n", "      form: 2014-05-11\n", 1,
     "7: unknown field 'form'; did you mean 'from'?"),
    ("data/members.yaml", "    countries:", "    countrys:", 1,
     "5: unknown field 'countrys'; did you mean 'countries'?"),
], ids=["custody", "verified", "a period's from", "a member's countries"])
def test_a_misspelt_required_field_is_one_message(site, capsys, rel, old, new, nth, expected):
    """The misspelt name of a required field is one mistake: not also 'the field is missing'.
    And the record that fails (Sentsov's, named by the first post, in three languages, and
    linked from it) is still known by its id: the post is not wrong too, and gets no guess
    at another person it might have meant."""
    line = edit(site, rel, old, new, nth)
    code, problems = check(site, capsys=capsys)
    assert code == 1
    col, _, message = expected.partition(": ")
    assert problems == [f"{rel}:{line}:{col}: {message}"]


def test_a_record_without_a_required_field_is_still_known_by_its_id(site, capsys):
    file = site / "data/prisoners.yaml"
    text = file.read_text(encoding="utf-8")
    start = text.index("- id: oleg-sentsov\n")
    verified = text.index("\n  verified: ", start) + 1               # Sentsov's own
    file.write_text(text[:verified] + text[text.index("\n", verified) + 1:], encoding="utf-8")
    record = text[:start].count("\n") + 1
    code, problems = check(site, capsys=capsys)
    assert code == 1
    assert problems == [f"data/prisoners.yaml:{record}:3: the field 'verified' is missing; it is required"]


@pytest.mark.parametrize("old,new,col,written,meant", [
    ("    - kind: prison\n", "    - kind: colony\n", 13, "colony", "prison"),
    ("    - kind: prison\n", "    - kind: penal colony\n", 13, "penal colony", "prison"),
    ("    - kind: prison\n", "    - kind: IK\n", 13, "IK", "prison"),
    ("    - kind: prison\n", "    - kind: колония\n", 13, "колония", "prison"),
    ("    - kind: detention\n", "    - kind: SIZO\n", 13, "SIZO", "detention"),
    ("    - kind: detention\n", "    - kind: pre-trial prison\n", 13, "pre-trial prison", "detention"),
    ("    - kind: detention\n", "    - kind: home arrest\n", 13, "home arrest", "house-arrest"),
    ("    - kind: detention\n", "    - kind: House Arrest\n", 13, "House Arrest", "house-arrest"),
    ("    - kind: detention\n", "    - kind: psychiatric ward\n", 13, "psychiatric ward",
     "psychiatric-hospital"),
], ids=["colony", "penal colony", "IK", "колония", "SIZO", "pre-trial prison", "home arrest",
        "House Arrest", "psychiatric ward"])
def test_a_custody_kind_in_other_words_gets_the_value_meant(site, capsys, old, new, col, written, meant):
    line = edit(site, "data/prisoners.yaml", old, new)
    code, problems = check(site, capsys=capsys)
    assert code == 1
    assert problems == [f"data/prisoners.yaml:{line}:{col}: 'kind': '{written}' is not a known value; "
                        f"did you mean '{meant}'? (use one of: detention, house-arrest, prison, "
                        "psychiatric-hospital)"]


@pytest.mark.parametrize("schema_path,written,meant", [
    (("$defs", "event-kind"), "trial", "hearing"),
    (("$defs", "event-kind"), "sentenced", "verdict"),
    (("$defs", "prisoner", "properties", "released", "properties", "how"), "swap", "exchange"),
    (("$defs", "prisoner", "properties", "released", "properties", "how"), "term served", "end-of-term"),
])
def test_other_vocabularies_know_the_words_people_use_too(schema_path, written, meant):
    from vigil.load.schema import load_schema, synonym_of
    schema = load_schema("prisoners.schema.json")
    for key in schema_path:
        schema = schema[key]
    assert synonym_of(written, schema["x-synonyms"]) == meant


def drop_english(site: Path, rel: str, field_line: str, nth: int = 1) -> tuple[int, int]:
    """Remove the `en:` text under the nth line `field_line` (a field of one text per
    language), with the lines of a block text under it; the line and column of what is
    left of the field's value."""
    file = site / rel
    lines = file.read_text(encoding="utf-8").split("\n")
    at = [i for i, line in enumerate(lines) if line == field_line][nth - 1] + 1
    english = lines[at]
    assert english.lstrip().startswith("en: "), english
    indent = len(english) - len(english.lstrip())
    end = at + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    file.write_text("\n".join(lines[:at] + lines[end:]), encoding="utf-8")
    return at + 1, indent + 1


@pytest.mark.parametrize("rel,field_line,nth,label", [
    ("data/prisoners.yaml", "  name:", 1, "prisoner alexey-pichugin, name"),
    ("data/prisoners.yaml", "      place:", 1, "prisoner alexey-pichugin, custody[0].place"),
    ("data/prisoners.yaml", "      note:", 2, "prisoner alexey-pichugin, custody[1].note"),
    ("data/prisoners.yaml", "  summary:", 1, "prisoner alexey-pichugin, summary"),
    ("data/prisoners.yaml", "  sentence:", 1, "prisoner alexey-pichugin, sentence"),
    ("data/prisoners.yaml", "      text:", 1, "prisoner alexey-pichugin, events[0].text"),
    ("data/prisoners.yaml", "      description:", 1, "prisoner anastasia-shevchenko, charges[0].description"),
    ("data/members.yaml", "    name:", 1, "member action-for-post-soviet-jewry, name"),
    ("data/members.yaml", "    description:", 2, "member"),
    ("data/members.yaml", "  - name:", 1, "facilitator 1, name"),
    ("data/members.yaml", "    role:", 1, "facilitator 1, role"),
    ("data/site.yaml", "title:", 1, "the site, title"),
    ("data/site.yaml", "purpose:", 1, "the site, purpose"),
    ("data/site.yaml", "tagline:", 1, "the site, tagline"),
    ("data/site.yaml", "short_title:", 1, "the site, short_title"),
    ("data/site.yaml", "  text:", 1, "the site, headline.text"),
    ("data/site.yaml", "    text:", 1, "the site, headline.earlier_text"),
])
def test_a_text_without_english_is_an_error_at_its_field(site, capsys, rel, field_line, nth, label):
    """English is the default language: a `ru:`/`uk:` text without `en:` would put Russian on
    the English pages. It is one error, at the field, in every text of every data file."""
    line, col = drop_english(site, rel, field_line, nth)
    code, problems = check(site, capsys=capsys)
    assert code == 1
    assert len(problems) == 1, problems
    where, _, message = problems[0].partition(": ")
    assert where == f"{rel}:{line}:{col}"
    assert message.startswith(label) and ": the English (en) text is missing; add it as 'en: ...'" in message


def test_a_mistaken_code_for_english_is_one_error(site, capsys):
    """'enn:' for 'en:' is one mistake: the code's problem, an error (the English pages
    would have no text), not also 'the English text is missing'."""
    line = edit(site, "data/prisoners.yaml", "    en: Alexey Pichugin\n", "    enn: Alexey Pichugin\n")
    code, problems = check(site, capsys=capsys)
    assert code == 1
    assert problems == [f"data/prisoners.yaml:{line}:5: prisoner alexey-pichugin, name: 'enn' is not a "
                        "language code (for English (en), write en). Its text is not shown; this "
                        "site's languages are en, ru, uk"]
