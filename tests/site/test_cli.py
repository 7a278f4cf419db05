"""The command line: options, exit codes, the summary line, the as-of date."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from conftest import PROJECT, copy_site, page
from vigil.cli import main, today_in


def test_options_may_come_before_or_after_the_command(tiny, tmp_path):
    for argv in (["--as-of", "2026-11-20", "build", "--source", str(tiny), "--out", str(tmp_path / "a")],
                 ["build", "--as-of", "2026-11-20", "--source", str(tiny), "--out", str(tmp_path / "b")],
                 ["--as-of", "2026-11-20", "--source", str(tiny), "--out", str(tmp_path / "c")]):
        assert main(argv, environ={}) == 0, argv
    for name in "abc":
        assert 'data-as-of="2026-11-20"' in page(tmp_path / name, "/prisoners/ivan-held/")


def test_the_build_prints_one_summary_line(tiny, tmp_path, capsys):
    assert main(["--source", str(tiny), "--out", str(tmp_path / "out"), "--as-of", "2026-11-29"], environ={}) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2                           # the summary, then what it held back
    assert lines[1].startswith("Held back: ")
    # home, 2 news pages and their list, 3 prisoners and their list, 4 category lists,
    # members, 3 pages, statistics, 404, search, feed, web app manifest, sitemap, robots, the 3
    # prisoners' badges, the calendars page and its two calendars, "Write a letter" and the
    # events feed
    assert lines[0].startswith("Built 31 pages as of 2026-11-29 into ")
    files = sum(1 for f in (tmp_path / "out").rglob("*") if f.is_file())     # the pages and static/
    assert lines[0].endswith(f" s: {files} files written, 0 unchanged, 0 removed.")


@pytest.mark.parametrize("argv", [["--as-of", "29.11.2026"], ["check", "--out", "x"], ["publish"],
                                  ["--source", "/nonexistent-folder"]])
def test_wrong_usage_exits_with_2(argv, capsys):
    try:
        code = main(argv, environ={})
    except SystemExit as exit:
        code = exit.code
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_today_is_taken_in_the_sites_time_zone():
    late_evening_utc = dt.datetime(2026, 11, 28, 22, 30, tzinfo=dt.UTC)
    assert today_in("Europe/Moscow", {}, now=late_evening_utc) == dt.date(2026, 11, 29)
    assert today_in("America/New_York", {}, now=late_evening_utc) == dt.date(2026, 11, 28)


def test_source_date_epoch_wins_over_the_clock():
    epoch = int(dt.datetime(2019, 2, 20, 21, 0, tzinfo=dt.UTC).timestamp())   # midnight in Moscow
    now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    assert today_in("Europe/Moscow", {"SOURCE_DATE_EPOCH": str(epoch)}, now=now) == dt.date(2019, 2, 21)


def test_a_base_url_option_is_checked_like_the_one_in_site_yaml(tiny, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["check", "--source", str(tiny), "--base-url", "example.org"], environ={})
    assert exit.value.code == 2
    assert "'example.org' is not the site's address, like https://example.org/" in capsys.readouterr().err


def test_build_py_without_its_packages_says_what_to_run_instead():
    """A Python that lacks the project's packages (here: one started without site-packages)."""
    result = subprocess.run([sys.executable, "-S", str(PROJECT / "build.py"), "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("build.py: this Python lacks the package '")
    assert "run `make site` (it sets up .venv), then use .venv/bin/python build.py" in result.stderr


def test_check_prints_its_problems_on_stdout_so_they_can_be_kept_in_a_file(tmp_path):
    """`python build.py check > problems.txt` keeps every problem and the count."""
    site = copy_site("tiny", tmp_path / "site")
    records = site / "data/prisoners.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        "categories: [journalist, anti-war]", "categories: [journalist, antiwar]"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "check", "--source", str(site),
                             "--as-of", "2026-11-29"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("data/prisoners.yaml:6:")
    assert "'antiwar' is not a known value; did you mean 'anti-war'?" in lines[0]
    assert lines[-1] == "1 problem found."


def test_check_of_a_file_that_cannot_be_read_prints_on_stdout_too(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "site")
    (site / "data/site.yaml").write_text("", encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", "2026-11-29"], environ={}) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines() == ["data/site.yaml:1:1: this file is empty", "1 problem found."]


def test_an_internal_error_exits_with_3_and_says_what_to_do(tiny, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr("vigil.cli.check", broken)
    assert main(["check", "--source", str(tiny), "--as-of", "2026-11-29"], environ={}) == 3
    err = capsys.readouterr().err
    assert "an internal error stopped the build (this is a bug in the engine" in err
    assert "Traceback" not in err
    assert exit_codes()["3"].startswith("an internal error") and "--debug" in exit_codes()["3"]


def exit_codes() -> dict[str, str]:
    """The README's table of exit codes: code -> meaning."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    table = readme.split("\nExit codes:\n", 1)[1].split("\n\n", 2)[0]
    return dict(re.findall(r"^\| `(\d)` \| (.+) \|$", table, re.MULTILINE))


def test_the_readme_gives_every_exit_code():
    assert sorted(exit_codes()) == ["0", "1", "2", "3"]
    assert "problems in the content" in exit_codes()["1"] and "wrong usage" in exit_codes()["2"]
