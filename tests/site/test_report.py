"""`build.py report`: what a volunteer verifies next. Only people in custody are due, the
most overdue first, each with the days it is overdue, counted from the build's date."""
from __future__ import annotations

from pathlib import Path

from vigil.cli import main

AS_OF = "2026-12-07"


def verified_on(site: Path, person: str, date: str) -> int:
    """Set the `verified` date of a person's record; the line it is on."""
    file = site / "data/prisoners.yaml"
    text = file.read_text(encoding="utf-8")
    start = text.index(f"- id: {person}\n")
    at = text.index("\n  verified: ", start) + 1
    end = text.index("\n", at)
    file.write_text(text[:at] + f"  verified: {date}" + text[end:], encoding="utf-8")
    return text[:at].count("\n") + 1


def report(site: Path, capsys) -> list[str]:
    """The report's lines from its list of records due for verification on (the list of
    people with old news of where they are comes first)."""
    assert main(["report", "--source", str(site), "--as-of", AS_OF], environ={}) == 0
    lines = capsys.readouterr().out.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("People in custody, ")):]


def test_only_people_in_custody_are_due_the_most_overdue_first(sample, capsys):
    site = sample
    # worked by hand: 2026-01-10 to 2026-12-07 is 21 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30
    # + 31 + 30 + 7 = 331 days, 151 past the 180; from 2026-03-01, 30 + 30 + 31 + 30 + 31 + 31
    # + 30 + 31 + 30 + 7 = 281 days, 101 past
    pichugin = verified_on(site, "alexey-pichugin", "2026-01-10")
    gorinov = verified_on(site, "alexei-gorinov", "2026-03-01")
    verified_on(site, "alexandra-skochilenko", "2024-01-01")      # released in 2024
    verified_on(site, "alexei-navalny", "2024-01-01")             # died in custody
    lines = report(site, capsys)
    assert lines[0] == ("People in custody, the record verified longest ago first (as of 2026-12-07; "
                        "a record is due every 180 days; 2 due; people released or who died are "
                        "not listed):")
    assert lines[1] == (f"  data/prisoners.yaml:{pichugin}: alexey-pichugin: verified 2026-01-10, "
                        "331 days ago  DUE, 151 days overdue")
    assert lines[2] == (f"  data/prisoners.yaml:{gorinov}: alexei-gorinov: verified 2026-03-01, "
                        "281 days ago  DUE, 101 days overdue")
    assert "DUE" not in lines[3]
    listed = lines[1:lines.index("")]
    assert len(listed) == 11 and not any("DUE" in line for line in listed[2:])   # 11 held that day
    text = "\n".join(lines)
    assert "skochilenko" not in text.split("Without a photo")[0]
    assert "navalny" not in text.split("Without a photo")[0]
    # and no recent source is asked for about them
    sources = text.split("In custody, without a source dated in the last year")[1]
    assert "skochilenko" not in sources and "sentsov" not in sources and "navalny" not in sources


def test_a_record_is_due_the_day_after_its_interval_ends(sample, capsys):
    site = sample
    verified_on(site, "alexey-pichugin", "2026-06-10")       # 180 days before 2026-12-07
    verified_on(site, "alexei-gorinov", "2026-06-09")        # 181 days
    lines = report(site, capsys)
    assert lines[1].endswith(": alexei-gorinov: verified 2026-06-09, 181 days ago  DUE, 1 day overdue")
    assert lines[2].endswith(": alexey-pichugin: verified 2026-06-10, 180 days ago")
    assert "; 1 due;" in lines[0]


LETTERS = "In custody, with neither an address for letters nor the page that keeps it (`letters.page`)"


def letter_gaps(lines: list[str]) -> list[str]:
    """The ids the report lists as held with no way to write to them."""
    start = next(i for i, line in enumerate(lines) if line.startswith(LETTERS + ": "))
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return [line.rsplit(": ", 1)[1] for line in lines[start + 1:end]]


def test_people_held_with_no_address_nor_the_page_that_keeps_it_are_listed(sample, capsys):
    site = sample
    gaps = letter_gaps(report(site, capsys))
    # Ponomarenko's record links the page that keeps her address; people no longer held are
    # not asked about
    assert "alexei-gorinov" in gaps and "maria-ponomarenko" not in gaps
    assert "alexandra-skochilenko" not in gaps and "alexei-navalny" not in gaps
    # a link to the page that keeps the address takes a record off the list
    file = site / "data/prisoners.yaml"
    text = file.read_text(encoding="utf-8")
    at = text.index("\n  letters:\n", text.index("- id: alexei-gorinov\n")) + len("\n  letters:\n")
    file.write_text(text[:at] + '    page: {title: A support page, url: "https://support.example/gorinov"}\n'
                    + text[at:], encoding="utf-8")
    after = letter_gaps(report(site, capsys))
    assert "alexei-gorinov" not in after and len(after) == len(gaps) - 1
