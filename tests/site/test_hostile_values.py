"""Values written to harm, or pasted by mistake, are refused at their place: addresses that
lead elsewhere than they seem (settings), patterns that a final line break would slip
through, invisible characters in names, ids too long for a folder, YAML aliases, pictures
too large to open. Each is a problem at `path:line:col` and `check` exits with 1, never the
3 of an internal error."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from conftest import AS_OF, copy_site, run_build
from vigil.cli import main
from vigil.load.addresses import email_problem, folder_problem, site_address_problem
from vigil.load.schema import load_schema, matches

SCHEMAS = Path(__file__).resolve().parents[2] / "schema"


@pytest.fixture
def tiny(tmp_path) -> Path:
    return copy_site("tiny", tmp_path / "src")


def edit(site: Path, rel: str, old: str, new: str) -> None:
    file = site / rel
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not exactly once in {rel}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def check(site: Path, capsys) -> tuple[int, list[str]]:
    """`build.py check` on `site`: its exit code and the lines it printed (either stream)."""
    code = main(["check", "--source", str(site), "--as-of", AS_OF], environ={})
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


def problem_at(lines: list[str], place: str) -> str:
    found = [line[len(place) + 2:] for line in lines if line.startswith(place + ": ")]
    assert len(found) == 1, f"expected one problem at {place}, got:\n" + "\n".join(lines)
    return found[0]


# --------------------------------------------------------------------------- 9: addresses in settings
@pytest.mark.parametrize("old, new, place, says", [
    ("base_url: https://tiny.example/", "base_url: https://tiny.example@evil.example/",
     "data/site.yaml:4:11", "leads to evil.example"),
    ("base_url: https://tiny.example/", "base_url: https://tiny.example/?from=x",
     "data/site.yaml:4:11", "'?' or '#'"),
    ("base_url: https://tiny.example/", "base_url: https://tiny.example/#top",
     "data/site.yaml:4:11", "'?' or '#'"),
    ("contact: tiny@example.org", "contact: tiny@example.org?cc=someone@evil.example",
     "data/site.yaml:12:10", "?cc="),
    ("contact: tiny@example.org", "contact: tiny@example.org?bcc=someone@evil.example",
     "data/site.yaml:12:10", "write the address alone"),
    ("contact: tiny@example.org", 'contact: "tiny@example.org%0D%0ABcc:someone@evil.example"',
     "data/site.yaml:12:10", "headers"),
    ("contact: tiny@example.org", 'contact: "tiny@example.org\\r\\nBcc: someone@evil.example"',
     "data/site.yaml:12:10", "line break"),
])
def test_addresses_in_the_settings_that_lead_elsewhere_are_refused_at_their_line(tiny, capsys, old,
                                                                                  new, place, says):
    edit(tiny, "data/site.yaml", old, new)
    code, lines = check(tiny, capsys)
    assert code == 1
    assert says in problem_at(lines, place)


@pytest.mark.parametrize("url, folder, place, says", [
    ("https://github.com@evil.example/owner/repo", "site", "data/site.yaml:14:8", "leads to evil.example"),
    ("https://github.com/owner/repo?tab=issues", "site", "data/site.yaml:14:8", "'?' or '#'"),
    ("https://github.com/owner/repo#readme", "site", "data/site.yaml:14:8", "'?' or '#'"),
    ("https://github.com/owner/repo", "../../elsewhere", "data/site.yaml:16:11", "'..'"),
    ("https://github.com/owner/repo", "site/../..", "data/site.yaml:16:11", "'..'"),
    ("https://github.com/owner/repo", "/etc", "data/site.yaml:16:11", "top of a disk"),
    ("https://github.com/owner/repo", '"site\\\\data"', "data/site.yaml:16:11", "'\\'"),
])
def test_the_repositorys_address_and_folder_are_refused_where_they_leave_it(tiny, capsys, url, folder,
                                                                            place, says):
    with (tiny / "data/site.yaml").open("a", encoding="utf-8") as settings:
        settings.write(f"repository:\n  url: {url}\n  branch: main\n  folder: {folder}\n")
    code, lines = check(tiny, capsys)
    assert code == 1
    assert says in problem_at(lines, place)


def test_the_address_checks_and_the_schemas_patterns_agree():
    """What the build refuses, an editor validating with the schema's pattern refuses too."""
    site = load_schema("site.schema.json")["properties"]
    repository = site["repository"]["properties"]
    for address in ("https://a.example@b.example/", "https://a.example/?x=1", "https://a.example/#x"):
        assert site_address_problem(address) and not matches(site["base_url"]["pattern"], address)
    assert not site_address_problem("https://a.example/site/") and matches(site["base_url"]["pattern"],
                                                                             "https://a.example/site/")
    for contact in ("a@b.example?cc=c@d.example", "a@b.example&bcc=c", "a%0A@b.example", "a@b"):
        assert email_problem(contact) and not matches(site["contact"]["pattern"], contact)
    assert not email_problem("press.office+site@b-c.example.org")
    for folder in ("..", "a/..", "../a", "/a", "a\\b", "a/./b", "C:/a"):
        assert folder_problem(folder) and not matches(repository["folder"]["pattern"], folder)
    for folder in ("site", "web/site", "web/site/", "my_site.v2"):
        assert not folder_problem(folder) and matches(repository["folder"]["pattern"], folder)
    for branch in ("../main", "/main", "a\\b", "main?x"):
        assert not matches(repository["branch"]["pattern"], branch)


def test_base_url_on_the_command_line_is_refused_like_the_setting(tiny, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["check", "--source", str(tiny), "--base-url", "https://tiny.example@evil.example/"],
             environ={})
    assert stopped.value.code == 2
    assert "leads to evil.example" in capsys.readouterr().err


# --------------------------------------------------------------------------- 10: whole values
def test_a_schema_pattern_matches_the_whole_value_not_up_to_a_final_line_break():
    assert matches("^[a-z]+$", "abc") and not matches("^[a-z]+$", "abc\n")
    assert not matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2019-02-21\n")
    assert matches("^[^\\s/$.?#][^\\s]*$", "a$b")               # a '$' in a class stays a character
    assert not matches("^(a|/(?![/\\\\])b)$", "/b\n")


def test_every_pattern_of_the_schema_files_is_anchored_at_its_start():
    """JSON Schema's `pattern` is a search: one without ^ accepts anything that holds it."""
    def patterns(value):
        if isinstance(value, dict):
            for key, sub in value.items():
                if key == "pattern":
                    yield sub
                else:
                    yield from patterns(sub)
        elif isinstance(value, list):
            for sub in value:
                yield from patterns(sub)
    found = [p for file in sorted(SCHEMAS.glob("*.json")) for p in patterns(load_schema(file.name))]
    assert len(found) > 10
    assert all(p.startswith("^") for p in found), [p for p in found if not p.startswith("^")]


@pytest.mark.parametrize("rel, old, new, place", [
    ("data/prisoners.yaml", "- id: olga-released", '- id: "olga-released\\n"', "data/prisoners.yaml:33:7"),
    ("data/prisoners.yaml", "      from: 2020-01-10", '      from: "2020-01-10\\n"', "data/prisoners.yaml:9:13"),
    ("data/prisoners.yaml", "  categories: [journalist, anti-war]", '  categories: ["journalist\\n", anti-war]',
     "data/prisoners.yaml:6:16"),
    ("data/prisoners.yaml", "  photo: img/prisoners/ivan-held.jpg", '  photo: "img/prisoners/ivan-held.jpg\\n"',
     "data/prisoners.yaml:4:10"),
    ("data/members.yaml", "countries: [DE]", 'countries: ["DE\\n"]', "data/members.yaml:10:17"),
    ("data/members.yaml", "  - id: second-group", '  - id: "second-group\\n"', "data/members.yaml:8:9"),
    ("data/site.yaml", "date: 2025-12-31", 'date: "2025-12-31\\n"', "data/site.yaml:9:9"),
    ("content/news/2026-01-15-hearing.md", "prisoners: [ivan-held]", 'prisoners: ["ivan-held\\n"]',
     "content/news/2026-01-15-hearing.md:6:13"),
])
def test_a_value_with_a_final_line_break_is_refused_at_its_line(tiny, capsys, rel, old, new, place):
    edit(tiny, rel, old, new)
    code, lines = check(tiny, capsys)
    assert code == 1
    assert "line break" in problem_at(lines, place)


@pytest.mark.parametrize("name", ["about\n", "about\r", "about\x01", "about\t", "about\u202e"])
def test_a_page_or_post_file_named_with_a_control_character_is_refused(tiny, capsys, name):
    for folder in ("pages", "news"):
        (tiny / f"content/{folder}/{name}.md").write_text("---\ntitle: X\ndate: 2026-01-01\nsummary: Y\n"
                                                          "---\nText.\n", encoding="utf-8")
    code, lines = check(tiny, capsys)
    assert code == 1
    shown = f"about\\u{ord(name[-1]):04x}"
    for folder in ("pages", "news"):
        assert "becomes the page's address" in problem_at(lines, f"content/{folder}/{shown}.md:1")


def test_a_static_file_named_with_a_line_break_is_refused(tiny, capsys):
    (tiny / "static/notes\n.txt").write_text("x", encoding="utf-8")
    code, lines = check(tiny, capsys)
    assert code == 1
    assert "rename the file" in problem_at(lines, "static/notes\\u000a.txt")


# --------------------------------------------------------------------------- 11: one value, exit 1
INVISIBLE = ["\\n", "\\r", "\\x85", "\\u2028", "\\u2029", "\\t", "\\x1b", "\\x9b", "\\u202e", "\\u202d",
             "\\u2066", "\\u2067", "\\u2068", "\\u2069", "\\u200b", "\\u200c", "\\u200d", "\\u200f",
             "\\u2060", "\\ufeff", "\\u061c"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_in_a_name_is_a_problem_at_its_place(tiny, capsys, char):
    edit(tiny, "data/prisoners.yaml", "  name: Olga Released", f'  name: "Olga{char}Released"')
    code, lines = check(tiny, capsys)
    assert code == 1
    message = problem_at(lines, "data/prisoners.yaml:34:9")
    assert message.startswith("'name': ")
    assert any(fix in message for fix in ("delete it", "join the lines", "write a space"))


@pytest.mark.parametrize("rel, old, new, place", [
    ("data/prisoners.yaml", "      place: SIZO-1, Moscow", '      place: "SIZO-1,\\x85Moscow"',
     "data/prisoners.yaml:10:14"),
    ("data/prisoners.yaml", "  sentence: 8 years", '  sentence: "8\\u202e years"', "data/prisoners.yaml:20:13"),
    ("data/prisoners.yaml", "  photo_credit: Family archive", '  photo_credit: "Family\\u2028archive"',
     "data/prisoners.yaml:5:17"),
    ("data/prisoners.yaml", "{title: A source, url", '{title: "A\\nsource", url', "data/prisoners.yaml:28:15"),
    ("data/members.yaml", "    name: First Group", '    name: "First\\u200bGroup"', "data/members.yaml:3:11"),
    ("data/site.yaml", "title: Tiny Test Coalition", 'title: "Tiny\\nTest Coalition"', "data/site.yaml:1:8"),
    ("content/pages/about.md", "title: About us", 'title: "About\\x85us"', "content/pages/about.md:2:8"),
    ("content/news/2026-01-15-hearing.md", "tags: [court]", 'tags: ["court\\u2066"]',
     "content/news/2026-01-15-hearing.md:5:8"),
])
def test_an_invisible_character_in_any_field_of_one_line_is_a_problem_at_its_place(tiny, capsys, rel, old,
                                                                                    new, place):
    edit(tiny, rel, old, new)
    code, lines = check(tiny, capsys)
    assert code == 1
    problem_at(lines, place)


def test_several_lines_stay_allowed_where_a_field_takes_them_but_no_direction_override(tiny, capsys):
    edit(tiny, "data/prisoners.yaml", "Ivan wrote about the war.", "Ivan wrote about the war.\n\n    Still.")
    code, lines = check(tiny, capsys)
    assert code == 0, lines
    edit(tiny, "data/prisoners.yaml", "  address: |", '  address: "Line one\\nLine \\u202e two"\n  x-old: |')
    edit(tiny, "data/prisoners.yaml", "  x-old: |", "  x-old-address: |")
    code, lines = check(tiny, capsys)
    assert code == 1
    assert "changes the direction" in problem_at(lines, "data/prisoners.yaml:21:12")


def test_a_one_line_field_written_as_a_block_keeps_its_one_line(tiny, capsys):
    edit(tiny, "data/prisoners.yaml", "  sentence: 8 years", "  sentence: >\n    8 years")
    code, lines = check(tiny, capsys)
    assert code == 0, lines


def test_an_id_longer_than_a_folder_name_may_be_is_refused_and_the_build_exits_1(tiny, tmp_path, capsys):
    long_id = "a" + "-b" * 150
    edit(tiny, "data/prisoners.yaml", "- id: olga-released", f"- id: {long_id}")
    edit(tiny, "content/news/2026-11-28-appeal.md", "olga-released", long_id)
    code, lines = check(tiny, capsys)
    assert code == 1
    assert "keep it to 100" in problem_at(lines, "data/prisoners.yaml:33:7")
    assert run_build(tiny, tmp_path / "out") == 1
    assert "keep it to 100" in capsys.readouterr().err


def test_an_id_of_100_characters_is_still_an_id(tiny, capsys):
    edit(tiny, "data/members.yaml", "  - id: second-group", "  - id: " + "m" * 100)
    code, lines = check(tiny, capsys)
    assert code == 0, lines


def test_yaml_aliases_are_refused_at_the_alias_before_they_multiply(tiny, capsys):
    laughs = ["  - id: lol\n    name: &a0 Lol\n"]
    laughs += [f"    x{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]\n" for n in range(1, 10)]
    edit(tiny, "data/members.yaml", "facilitators:", "".join(laughs) + "facilitators:")
    code, lines = check(tiny, capsys)                    # 9**9 names, were they walked
    assert code == 1
    assert "(a YAML alias)" in problem_at(lines, "data/members.yaml:14:14")


def test_an_alias_in_a_prisoners_record_is_refused_at_its_line(tiny, capsys):
    edit(tiny, "data/prisoners.yaml", "  name: Olga Released", "  name: &olga Olga Released\n"
                                                          "  photo_credit: *olga")
    code, lines = check(tiny, capsys)
    assert code == 1
    assert "'*olga' repeats a value" in problem_at(lines, "data/prisoners.yaml:35:17")


def huge_png(width: int, height: int) -> bytes:
    """A PNG whose header says width x height: a few bytes that Pillow refuses to open."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(10_000, 10_000), (40_000, 40_000)])
def test_an_unreferenced_picture_over_pillows_limit_is_a_problem_not_a_crash(tiny, capsys, size):
    (tiny / "static/img/huge.png").write_bytes(huge_png(*size))
    code, lines = check(tiny, capsys)
    assert code == 1
    assert "make it smaller" in problem_at(lines, "static/img/huge.png")
