"""The command line: options, exit codes, the summary line, the as-of date."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES, page

from vigil.cli import main, today_in

TINY = str(FIXTURES / "tiny")


def test_options_may_come_before_or_after_the_command(tmp_path):
    for argv in (["--as-of", "2026-11-20", "build", "--source", TINY, "--out", str(tmp_path / "a")],
                 ["build", "--as-of", "2026-11-20", "--source", TINY, "--out", str(tmp_path / "b")],
                 ["--as-of", "2026-11-20", "--source", TINY, "--out", str(tmp_path / "c")]):
        assert main(argv, environ={}) == 0, argv
    for name in "abc":
        assert 'data-as-of="2026-11-20"' in page(tmp_path / name, "/prisoners/ivan-held/")


def test_the_build_prints_one_summary_line(tmp_path, capsys):
    assert main(["--source", TINY, "--out", str(tmp_path / "out"), "--as-of", "2026-11-29"], environ={}) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    # home, 2 news pages and their list, 3 prisoners and their list, 4 category lists,
    # members, 3 pages, 404, feed, sitemap, robots
    assert lines[0].startswith("Built 20 pages as of 2026-11-29 into ") and lines[0].endswith(" s.")


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
    late_evening_utc = dt.datetime(2026, 11, 28, 22, 30, tzinfo=dt.timezone.utc)
    assert today_in("Europe/Moscow", {}, now=late_evening_utc) == dt.date(2026, 11, 29)
    assert today_in("America/New_York", {}, now=late_evening_utc) == dt.date(2026, 11, 28)


def test_source_date_epoch_wins_over_the_clock():
    epoch = int(dt.datetime(2019, 2, 20, 21, 0, tzinfo=dt.timezone.utc).timestamp())   # midnight in Moscow
    now = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    assert today_in("Europe/Moscow", {"SOURCE_DATE_EPOCH": str(epoch)}, now=now) == dt.date(2019, 2, 21)
