"""One mistake, one message: a maintainer who makes a single mistake in the sample site
is told about that mistake, at its line, in plain words, and about nothing else. And
no file, however damaged, makes `check` print a traceback or a problem without a place.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, SAMPLE_AS_OF
from mutations import apply

from vigil.cli import main

LOCATED = re.compile(r"^[^\s:]+:\d+(:\d+)?: \S")
# The sample's own warnings, which no mistake causes: people held now whose newest news of
# where they are is over a year old (or not in the record).
OLD_NEWS = re.compile(r": warning: (\S+ is held now, and the record does not say where|the newest "
                      r"source on where \S+ is held dates from)")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The sample site's data and content, once."""
    site = tmp_path_factory.mktemp("pristine") / "site"
    for sub in ("data", "content"):
        shutil.copytree(PROJECT / sub, site / sub)
    return site


@pytest.fixture
def site(pristine, tmp_path) -> Path:
    """A copy of the sample site that a test may break."""
    return Path(shutil.copytree(pristine, tmp_path / "site"))


def check(site: Path, *extra: str, capsys) -> tuple[int, list[str]]:
    """`build.py check` on `site`: its exit code and the lines it printed about problems."""
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF, "--debug", *extra],
                environ={})
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines()
                  if not line.endswith(" found.") and not line.startswith("Translations:")
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
], ids=["a tab", "a misaligned line", "a missing colon", "an unclosed quote",
        "a record that fails", "a setting that fails", "a page that cannot be read",
        "a translation that cannot be read"])
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
    (site / "static/img/people/pichugin.jpg").write_bytes(b"\xff\xd8\xff")
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
    err = capsys.readouterr().err
    assert code == 1
    # the mistake's warning, and the sample's own about old news (OLD_NEWS)
    found = re.search(r"0 problems, (\d+) warnings? found; with --strict, warnings count as problems, "
                      r"so this fails\.", err)
    assert found and int(found[1]) == 1 + sum(1 for line in err.splitlines() if OLD_NEWS.search(line))


def test_check_prints_github_annotations(site, capsys):
    line = edit(site, "data/prisoners.yaml", PICHUGIN_CATEGORY, "  categories: [busines]\n")
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF, "--format", "github"],
                environ={})
    out = capsys.readouterr().err.splitlines()
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
