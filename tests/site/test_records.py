"""data/prisoners.yaml is read record by record: the content cache keeps each record
apart, so after an edit only the records that changed are read again, and every message
still points at the right line of the file as it is now."""
from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE_AS_OF
from vigil.cli import main
from vigil.load import data
from vigil.load.source import split_records

RECORDS = "data/prisoners.yaml"


def check(site: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF, *extra], environ={})
    found = capsys.readouterr()
    return code, found.out + found.err


def read_again(monkeypatch) -> list[str]:
    """The ids of the records read from the file (not from the cache), as they are read."""
    seen: list[str] = []
    real = data.records_validated

    def spy(records):
        seen.extend(body.split("\n", 1)[0] for body, *_ in records)
        return real(records)
    monkeypatch.setattr(data, "records_validated", spy)
    return seen


def test_a_file_is_cut_into_its_records_at_the_margin():
    text = "# the list\n\n- id: a\n  summary: |\n    - not a record\n- id: b\n"
    assert split_records(text) == [(3, "- id: a\n  summary: |\n    - not a record\n"), (6, "- id: b\n")]
    assert split_records("---\n- id: a\n") is None            # documents: read whole
    assert split_records("prisoners:\n- id: a\n") is None


def test_after_an_edit_only_the_changed_record_is_read_again(sample, capsys, monkeypatch):
    assert check(sample, capsys)[0] == 0
    seen = read_again(monkeypatch)
    file = sample / RECORDS
    file.write_text(file.read_text(encoding="utf-8").replace(
        "\n    en: Oleg Sentsov\n", "\n    en: Oleg Sentsov\n# a comment: every later record moves down a line\n", 1),
        encoding="utf-8")
    assert check(sample, capsys)[0] == 0
    assert seen == ["- id: oleg-sentsov"]


def test_a_mistake_below_an_edit_is_reported_at_its_line_now(sample, capsys):
    assert check(sample, capsys)[0] == 0             # every record in the cache
    file = sample / RECORDS
    text = file.read_text(encoding="utf-8")
    text = text.replace("\n    en: Oleg Sentsov\n", "\n    en: Oleg Sentsov\n# one line more\n# and another\n", 1)
    third = text.index("\n- id:", text.index("\n- id: oleg-sentsov") + 1)   # below the edit
    text = text[:third] + text[third:].replace("  verified: 2026-11-30\n", "  verified: 2026-11-31\n", 1)
    file.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "2026-11-31" in row)
    code, out = check(sample, capsys)
    assert code == 1 and f"{RECORDS}:{line}:" in out and "2026-11-31" in out
    cold_code, cold = check(sample, capsys, "--cache", str(sample / "other-cache"))
    assert (cold_code, cold) == (code, out)


def test_a_file_whose_records_do_not_read_alone_is_read_whole(sample, capsys):
    """A YAML alias to another record's anchor: the file is read whole, and the alias is
    refused at its place in the file (aliases can multiply a few lines into billions)."""
    file = sample / RECORDS
    text = file.read_text(encoding="utf-8")
    text = text.replace("  categories: [business]\n", "  categories: &same [business]\n", 1)
    text = text.replace("  categories: [ukrainian]\n", "  categories: *same\n", 1)
    file.write_text(text, encoding="utf-8")
    assert "*same" in text
    line = text[:text.index("*same")].count("\n") + 1
    code, output = check(sample, capsys)
    assert code == 1
    assert f"{RECORDS}:{line}:15: '*same' repeats a value written elsewhere (a YAML alias)" in output
