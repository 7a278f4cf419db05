"""What a maintainer sees when the data is wrong: `build.py check` prints every
problem as `path:line:col: message`, in plain words, and exits with 1.

Each test starts from a small valid source folder in `tmp_path` (the sample
site.yaml, one prisoner, one member, one news post, one page), changes one file the
way a person editing it by hand might get it wrong, and runs the real command line.
Line and column numbers count from 1, as an editor shows them.
"""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from vigil.cli import main
from vigil.load.data import load_prisoners

PROJECT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-29"

# The one valid prisoner record the tests start from. Its lines, for reading the
# line numbers below: 1 id, 2 name, 3 categories, 4 custody, 5-6 the detention,
# 7-8 the prison, 9-11 released, 12 summary, 13-15 sources, 16 verified.
SENTSOV = """\
- id: oleg-sentsov
  name: Oleg Sentsov
  categories: [ukrainian]
  custody:
    - kind: detention
      from: 2014-05-10
    - kind: prison
      from: 2015-08-25
  released:
    on: 2019-09-07
    how: exchange
  summary: A film-maker from Crimea.
  sources:
    - title: Let My People Go
      url: https://letmypeoplego.org.ua/prisoner/oleg-sentsov/
  verified: 2026-11-29
"""

MEMBERS = """\
members:
  - id: memorial
    name: Memorial
    countries: [RU]
    url: https://memopzk.org/
"""

LAUNCH_POST = """\
---
title: The coalition is launched
date: 2019-02-21
summary: Organisations join forces.
prisoners: [oleg-sentsov]
---
Twelve organisations founded the coalition.
"""

ABOUT_PAGE = """\
---
title: About the coalition
summary: Who we are.
---
We are a coalition.
"""


# --------------------------------------------------------------------------- helpers
def write(source: Path, rel: str, content: str | bytes) -> None:
    file = source / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        file.write_text(content, encoding="utf-8")


def portrait_jpeg() -> bytes:
    """A photo the build takes: a JPEG of 640x800 pixels."""
    out = io.BytesIO()
    Image.new("RGB", (640, 800), (120, 130, 140)).save(out, "JPEG")
    return out.getvalue()


def write_source(source: Path) -> Path:
    """A minimal valid source folder: the sample site.yaml in English only, one of
    everything else."""
    site = (PROJECT / "data" / "site.yaml").read_text(encoding="utf-8")
    write(source, "data/site.yaml", changed(site, "languages: [en, ru, uk]", "languages: [en]"))
    write(source, "data/prisoners.yaml", SENTSOV)
    write(source, "data/members.yaml", MEMBERS)
    write(source, "content/news/2019-02-21-launch.md", LAUNCH_POST)
    write(source, "content/pages/about.md", ABOUT_PAGE)
    for slug in ("how-to-help", "how-we-count"):          # every page links to these two
        write(source, f"content/pages/{slug}.md", f"---\ntitle: {slug}\n---\nText.\n")
    return source


def changed(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced (a test fails if it is not there)."""
    assert text.count(old) == 1, f"{old!r} is not exactly once in the fixture"
    return text.replace(old, new)


@dataclass
class Report:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[str]:
        """The problem lines (check prints them on stdout), without the count at the end."""
        return [line for line in self.out.splitlines() if not line.endswith(" found.")
                and not line.startswith(("No problems found", "Translations:"))]

    def at(self, place: str) -> str:
        """The one message printed at `place` ('path:line:col')."""
        found = [line[len(place) + 2:] for line in self.problems if line.startswith(place + ": ")]
        assert len(found) == 1, f"expected one problem at {place}, got:\n{self.out}"
        return found[0]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_source(tmp_path / "site")


@pytest.fixture
def check(capsys):
    """`python build.py check --source SOURCE --as-of 2026-11-29`, as a Report."""
    def run(source: Path, as_of: str = AS_OF) -> Report:
        code = main(["check", "--source", str(source), "--as-of", as_of], environ={})
        captured = capsys.readouterr()
        return Report(code, captured.out, captured.err)
    return run


def build_py(*args: str) -> subprocess.CompletedProcess:
    """The real `python build.py ARGS`, in a fresh process."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args], cwd=PROJECT,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"})


# --------------------------------------------------------------------------- the starting point
def test_the_minimal_source_folder_has_no_problems(source, check):
    report = check(source)
    assert report.code == 0, report.err
    assert report.err == ""
    assert "No problems found (as of 2026-11-29)." in report.out


# --------------------------------------------------------------------------- reading files
def test_a_yaml_syntax_error_points_at_the_character(source, check):
    write(source, "data/prisoners.yaml",
          changed(SENTSOV, "summary: A film-maker from Crimea.", "summary: A film-maker: from Crimea."))
    report = check(source)
    assert report.code == 1
    # Line 12 is "  summary: A film-maker: from Crimea."; column 24 is the second ':'.
    message = report.at("data/prisoners.yaml:12:24")
    assert message == ("this text contains ': ', which YAML reads as the start of a new field; "
                       'put the whole text in quotes ("...")')


def test_a_file_that_is_not_utf8_names_the_line_and_column_of_the_bad_byte(source, check):
    write(source, "data/prisoners.yaml",
          SENTSOV.encode().replace(b"A film-maker", b"A film\xffmaker"))
    report = check(source)
    assert report.code == 1
    # "  summary: A film" is 17 characters, so the bad byte is in column 18.
    message = report.at("data/prisoners.yaml:12:18")
    assert "not valid UTF-8" in message and "0xff" in message


def test_the_column_of_a_bad_byte_counts_characters_not_bytes(source, check):
    # Names in Russian and Ukrainian are normal here. "  name: Олег " is 13 characters
    # (but 17 bytes), so the bad byte is in column 14, as an editor and every other
    # message of this program count columns.
    write(source, "data/prisoners.yaml",
          SENTSOV.encode().replace(b"name: Oleg Sentsov", "name: Олег ".encode() + b"\xffSentsov"))
    report = check(source)
    assert report.code == 1
    assert "not valid UTF-8" in report.at("data/prisoners.yaml:2:14")


def test_a_news_post_without_the_closing_dashes(source, check):
    write(source, "content/news/2019-02-21-launch.md",
          changed(LAUNCH_POST, "---\nTwelve", "Twelve"))
    report = check(source)
    assert report.code == 1
    message = report.at("content/news/2019-02-21-launch.md:1:1")
    assert "not closed" in message and "'---'" in message


def test_lines_in_front_matter_count_from_the_top_of_the_file(source, check):
    # Line 1 is the opening '---', so "draft: no" below is on line 4.
    write(source, "content/pages/about.md", changed(ABOUT_PAGE, "summary: Who we are.\n",
                                                    "summary: Who we are.\ndraft: no\n"))
    report = check(source)
    assert report.code == 1
    assert report.at("content/pages/about.md:4:8") == "'draft': write true or false, not 'no'"


# --------------------------------------------------------------------------- the shape of a record
def test_a_value_of_the_wrong_type(source, check):
    write(source, "data/prisoners.yaml",
          changed(SENTSOV, "categories: [ukrainian]", "categories: journalist"))
    report = check(source)
    assert report.code == 1
    message = report.at("data/prisoners.yaml:3:15")
    assert message == "'categories': expected a list (lines starting with '- '), found 'journalist'"


def test_a_missing_required_field_is_reported_at_the_record(source, check):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "  verified: 2026-11-29\n", ""))
    report = check(source)
    assert report.code == 1, report.err
    assert report.at("data/prisoners.yaml:1:3") == "the field 'verified' is missing; it is required"


def first_field_line(text: str) -> int:
    """The line of the first field, after the comments at the top of a file."""
    return 1 + next(i for i, line in enumerate(text.splitlines())
                    if line.strip() and not line.startswith("#"))


@pytest.mark.parametrize("rel, line, place, field", [
    # The site file is the sample one: its first field comes after its comments.
    ("data/site.yaml", "timezone: Europe/Moscow\n", "data/site.yaml:{first}:1", "timezone"),
    ("data/members.yaml", "    url: https://memopzk.org/\n", "data/members.yaml:2:5", "url"),
    ("content/pages/about.md", "title: About the coalition\n", "content/pages/about.md:2:1", "title"),
], ids=["site", "member", "page"])
def test_a_missing_field_anywhere_is_a_problem_not_an_internal_error(source, check, rel, line, place, field):
    text = changed((source / rel).read_text(encoding="utf-8"), line, "")
    write(source, rel, text)
    place = place.format(first=first_field_line(text))
    report = check(source)
    assert "internal error" not in report.err
    assert report.code == 1
    message = report.at(place)
    assert message.startswith(f"the field '{field}' is missing") and message.endswith("; it is required")


def test_an_unknown_field_suggests_the_field_meant(source, check):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "  custody:\n", "  custdy:\n"))
    report = check(source)
    assert report.code == 1
    # one mistake, one message: not also "the field 'custody' is missing"
    assert report.problems == ["data/prisoners.yaml:4:3: unknown field 'custdy'; did you mean 'custody'?"]


def test_a_field_given_twice_in_one_record(source, check):
    write(source, "data/prisoners.yaml", SENTSOV + "  verified: 2026-11-01\n")
    report = check(source)
    assert report.code == 1
    assert report.at("data/prisoners.yaml:17:3") == "the field 'verified' is given twice here; keep one"


def test_a_duplicate_prisoner_id_points_at_the_second_and_names_the_first_line(source, check):
    write(source, "data/prisoners.yaml", SENTSOV + SENTSOV)   # the second starts on line 17
    report = check(source)
    assert report.code == 1
    message = report.at("data/prisoners.yaml:17:7")
    assert "'oleg-sentsov'" in message and "already used at line 1" in message
    # one mistake, one message: not also each of their pages "would be written to" one address
    assert not [p for p in report.problems if "would be written to" in p]


@pytest.mark.parametrize("line, typo, place, message", [
    ("categories: [ukrainian]", "categories: [ukrainian, journalst]", "3:27",
     "'categories': 'journalst' is not a known value; did you mean 'journalist'?"),
    ("kind: detention", "kind: detension", "5:13",
     "'kind': 'detension' is not a known value; did you mean 'detention'?"),
    ("how: exchange", "how: exchanged", "11:10",
     "'how': 'exchanged' is not a known value; did you mean 'exchange'?"),
], ids=["category", "kind", "how"])
def test_an_unknown_value_suggests_the_known_one(source, check, line, typo, place, message):
    write(source, "data/prisoners.yaml", changed(SENTSOV, line, typo))
    report = check(source)
    assert report.code == 1
    printed = report.at(f"data/prisoners.yaml:{place}")
    assert printed.startswith(message + " (use one of: ")
    assert printed.split("(use one of: ")[1].count(", ") >= 3      # the whole list, to pick from


# --------------------------------------------------------------------------- dates
def test_a_date_written_the_european_way(source, check):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "from: 2014-05-10", "from: 10.05.2014"))
    report = check(source)
    assert report.code == 1
    assert report.at("data/prisoners.yaml:6:13") == \
        "'from': '10.05.2014' is not a date; write it as YYYY-MM-DD, like 2019-02-21"


def test_the_date_21_02_2019_is_not_a_date(source, check):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "verified: 2026-11-29", "verified: 21.02.2019"))
    report = check(source)
    assert "'21.02.2019' is not a date" in report.at("data/prisoners.yaml:16:13")


def test_an_impossible_date(source, check):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "on: 2019-09-07", "on: 2019-02-30"))
    report = check(source)
    assert report.code == 1
    assert report.at("data/prisoners.yaml:10:9") == \
        "'on': 2019-02-30 is not a real date: February 2019 has 28 days"


def test_periods_out_of_order(source, check):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "from: 2015-08-25", "from: 2013-08-25"))
    report = check(source)
    assert report.code == 1
    message = report.at("data/prisoners.yaml:8:13")
    assert message.startswith("periods must be in order")
    assert "2013-08-25" in message and "2014-05-10" in message


def test_overlapping_periods(source, check):
    # Freed on 1 September 2015 by its `until`, but the next period starts on 25 August.
    write(source, "data/prisoners.yaml",
          changed(SENTSOV, "from: 2014-05-10\n", "from: 2014-05-10\n      until: 2015-09-01\n"))
    report = check(source)
    assert report.code == 1
    message = report.at("data/prisoners.yaml:9:13")
    assert "must not overlap" in message
    assert "2015-08-25" in message and "2015-09-01" in message


def test_a_release_before_the_detention(source, check):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "on: 2019-09-07", "on: 2013-09-07"))
    report = check(source)
    assert report.code == 1
    assert report.at("data/prisoners.yaml:10:5") == \
        "the release date 2013-09-07 is before the detention (2014-05-10)"


def test_a_date_after_the_as_of_date(source, check):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "verified: 2026-11-29", "verified: 2027-01-01"))
    report = check(source, as_of="2026-11-29")
    assert report.code == 1
    message = report.at("data/prisoners.yaml:16:13")
    assert message.startswith("'verified' is 2027-01-01, after the date of this build (2026-11-29)")


def test_a_news_post_dated_after_the_as_of_date_is_scheduled_not_wrong(source, check):
    write(source, "content/news/2027-01-01-new-year.md",
          changed(LAUNCH_POST, "date: 2019-02-21", "date: 2027-01-01"))
    report = check(source, as_of="2026-11-29")
    assert report.code == 0, report.err
    assert report.err == ""


# --------------------------------------------------------------------------- values read as written
def test_yes_is_not_a_boolean(source, check):
    write(source, "data/prisoners.yaml", SENTSOV + "  featured: yes\n")
    report = check(source)
    assert report.code == 1
    assert report.at("data/prisoners.yaml:17:13") == "'featured': write true or false, not 'yes'"


def test_an_article_written_as_a_number_keeps_its_digits(source):
    write(source, "data/prisoners.yaml", SENTSOV + "  charges:\n    - article: 282.20\n")
    prisoners, _ids, problems = load_prisoners(source, "en")
    assert problems == []
    assert prisoners[0].charges[0].article == "282.20"


def test_a_name_yes_stays_the_text_yes(source):
    write(source, "data/prisoners.yaml", changed(SENTSOV, "name: Oleg Sentsov", "name: yes"))
    prisoners, _ids, problems = load_prisoners(source, "en")
    assert problems == []
    assert prisoners[0].name.get("en") == ("yes", "en")


def test_a_date_where_text_is_expected_stays_text(source):
    write(source, "data/prisoners.yaml",
          changed(SENTSOV, "summary: A film-maker from Crimea.", "summary: 2019-09-07")
          + "  sentence: 2015-08-25\n")
    prisoners, _ids, problems = load_prisoners(source, "en")
    assert problems == []
    assert prisoners[0].summary.get("en")[0] == "2019-09-07"
    assert prisoners[0].sentence.get("en")[0] == "2015-08-25"
    assert prisoners[0].verified == dt.date(2026, 11, 29)    # a date where a date is expected


# --------------------------------------------------------------------------- cross-references and links
def test_a_news_post_naming_a_prisoner_who_is_not_there(source, check):
    write(source, "content/news/2019-02-21-launch.md",
          changed(LAUNCH_POST, "prisoners: [oleg-sentsov]", "prisoners: [oleg-sentsow]"))
    report = check(source)
    assert report.code == 1
    message = report.at("content/news/2019-02-21-launch.md:5:12")
    assert "'oleg-sentsow', who is not in data/prisoners.yaml" in message
    assert "did you mean 'oleg-sentsov'?" in message


@pytest.mark.parametrize("prisoners, problem", [
    (SENTSOV + "  featured: yes\n",
     "data/prisoners.yaml:17:13: 'featured': write true or false, not 'yes'"),
    (changed(SENTSOV, "summary: A film-maker from", "summary: A film-maker: from"),
     "data/prisoners.yaml:12:24: this text contains ': ', which YAML reads as the start of a "
     'new field; put the whole text in quotes ("...")'),
], ids=["a wrong value", "a syntax error"])
def test_a_mistake_in_data_prisoners_does_not_make_news_posts_lose_the_prisoner(
        source, check, prisoners, problem):
    # The record is there, with one mistake: the maintainer must be told about that
    # mistake, not that the news post names someone missing from data/prisoners.yaml.
    write(source, "data/prisoners.yaml", prisoners)
    report = check(source)
    assert report.code == 1
    assert report.problems == [problem]


def test_a_photo_that_does_not_exist_under_static(source, check):
    write(source, "data/prisoners.yaml", SENTSOV + "  photo: img/prisoners/oleg-sentsov-2014.jpg\n")
    report = check(source)
    assert report.code == 1
    assert report.at("data/prisoners.yaml:17:10") == \
        ("the photo 'static/img/prisoners/oleg-sentsov-2014.jpg' does not exist; add the file under static/ "
         "or fix the path")
    write(source, "static/img/prisoners/oleg-sentsov-2014.jpg", portrait_jpeg())
    assert check(source).code == 0


def test_a_photo_path_that_leaves_static_is_not_under_static(source, check):
    # data/site.yaml exists, but not under static/: the page would show a broken image.
    write(source, "data/prisoners.yaml", SENTSOV + "  photo: ../data/site.yaml\n")
    report = check(source)
    assert report.code == 1
    assert report.at("data/prisoners.yaml:17:10")


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.org/case.pdf",
                                  "//evil.example/case"],
                         ids=["javascript", "ftp", "protocol-relative"])
def test_a_link_must_be_http_or_a_site_path(source, check, link):
    write(source, "data/prisoners.yaml",
          changed(SENTSOV, "url: https://letmypeoplego.org.ua/prisoner/oleg-sentsov/", f"url: {link}"))
    report = check(source)
    assert report.code == 1
    assert report.at("data/prisoners.yaml:15:12") == \
        f"'url': '{link}' is not a link starting with https:// (or a path on this site starting with /)"


def test_a_site_path_and_an_http_link_are_both_fine(source, check):
    write(source, "data/prisoners.yaml",
          changed(SENTSOV, "      url: https://letmypeoplego.org.ua/prisoner/oleg-sentsov/\n",
                  "      url: /how-we-count/\n    - title: Plain http\n      url: http://example.org/\n"))
    report = check(source)
    assert report.code == 0, report.err


# --------------------------------------------------------------------------- all at once
def test_every_problem_in_a_file_is_reported_in_one_run(source, check):
    broken = changed(SENTSOV, "categories: [ukrainian]", "categories: [journalst]")
    broken = changed(broken, "from: 2014-05-10", "from: 2014-05-32")
    broken = changed(broken, "how: exchange", "how: exchanged")
    broken = changed(broken, "verified: 2026-11-29", "verified: 29.11.2026")
    write(source, "data/prisoners.yaml", broken)
    report = check(source)
    assert report.code == 1
    lines = {line.split(":")[1] for line in report.problems if line.startswith("data/prisoners.yaml:")}
    assert {"3", "6", "11", "16"} <= lines
    assert len(lines) >= 3
    assert report.out.splitlines()[-1] == f"{len(report.problems)} problems found."


# --------------------------------------------------------------------------- exit codes
def test_problems_exit_with_1_and_no_traceback(source):
    write(source, "data/prisoners.yaml",
          changed(SENTSOV, "summary: A film-maker from Crimea.", "summary: A film-maker: from Crimea."))
    result = build_py("check", "--source", str(source), "--as-of", AS_OF)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/prisoners.yaml:12:24: this text contains ': '" in result.stdout


def test_a_build_with_a_bad_byte_exits_with_1_and_no_traceback(source, tmp_path):
    write(source, "content/pages/about.md", ABOUT_PAGE.encode().replace(b"Who we", b"Who\xfe we"))
    result = build_py("build", "--source", str(source), "--as-of", AS_OF, "--out", str(tmp_path / "public"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/pages/about.md:3:13: this file is not valid UTF-8 text (byte 0xfe)" in result.stderr
    assert not (tmp_path / "public").exists()


def test_an_as_of_that_is_not_a_date_is_wrong_usage(source):
    result = build_py("check", "--source", str(source), "--as-of", "notadate")
    assert result.returncode == 2
    assert "'notadate' is not a date like 2019-02-21" in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_usage_exits_with_2_in_process(source, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["check", "--source", str(source), "--as-of", "2026-02-30"], environ={})
    assert stopped.value.code == 2
    assert "'2026-02-30' is not a date" in capsys.readouterr().err


def test_a_source_folder_without_data_is_wrong_usage(tmp_path, capsys):
    assert main(["check", "--source", str(tmp_path), "--as-of", AS_OF], environ={}) == 2
    assert "has no data/ folder" in capsys.readouterr().err


def test_a_control_character_is_reported_where_it_is_not_left_to_break_the_feed(source, check):
    post = source / "content/news/2019-02-21-launch.md"
    text = post.read_text(encoding="utf-8")
    line = text.splitlines()[-1]
    post.write_text(text.replace(line, line[:3] + "\x0c" + line[3:]), encoding="utf-8")
    report = check(source)
    assert report.code == 1
    number = len(text.splitlines())
    assert report.problems == [f"content/news/2019-02-21-launch.md:{number}:4: an invisible control "
                               "character (U+000C) is here; delete it (it often comes with text "
                               "pasted from another program)"]


def test_a_control_character_written_as_a_yaml_escape_is_reported_too(source, check):
    prisoners = source / "data/prisoners.yaml"
    prisoners.write_text(changed(prisoners.read_text(encoding="utf-8"), "name: Oleg Sentsov",
                                 'name: "Oleg\\fSentsov"'), encoding="utf-8")
    report = check(source)
    assert report.code == 1
    assert any("'name': an invisible control character (U+000C) is here" in p for p in report.problems), report.problems
