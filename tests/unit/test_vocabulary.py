"""The vocabularies' values are checked against the schema files each build reads."""
from __future__ import annotations

from pathlib import Path

from vigil.model import vocabulary

SCHEMA = Path(__file__).resolve().parents[2] / "schema"


def schema_files(old: str = "", new: str = "") -> dict[str, bytes]:
    files = {file.name: file.read_bytes() for file in SCHEMA.glob("*.json")}
    text = files["prisoners.schema.json"].decode("utf-8")
    assert old in text
    files["prisoners.schema.json"] = text.replace(old, new, 1).encode("utf-8")
    return files


def test_the_schema_and_the_vocabularies_name_the_same_values():
    assert vocabulary.schema_problems(schema_files()) == []


def test_a_value_the_schema_adds_without_words_is_a_problem_at_its_line():
    files = schema_files('"lgbt", "alleged-spy"]', '"lgbt", "alleged-spy", "scientist"]')
    (problem,) = vocabulary.schema_problems(files)
    line = files["prisoners.schema.json"].decode("utf-8")[:files["prisoners.schema.json"].decode(
        "utf-8").index('"scientist"')].count("\n") + 1
    assert (problem.where.path, problem.where.line) == ("schema/prisoners.schema.json", line)
    assert "'scientist' has no words in vigil/vocabulary.py" in problem.message


def test_a_value_the_schema_drops_is_a_problem():
    (problem,) = vocabulary.schema_problems(schema_files('"lgbt", "alleged-spy"]', '"lgbt"]'))
    assert "does not allow the category 'alleged-spy'" in problem.message


def test_the_order_pages_list_values_in_is_the_vocabularys():
    files = schema_files('"journalist", "blogger"', '"blogger", "journalist"')
    assert vocabulary.schema_problems(files) == []
    assert vocabulary.CATEGORIES.index("journalist") < vocabulary.CATEGORIES.index("blogger")
