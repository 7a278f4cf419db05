"""The JSON Schema files in schema/ are the statement of the data format.

Editors validate the YAML with them (the `yaml-language-server` line at the top of
each data file), and the build walks them with its own validator (vigil/load/schema.py).
These tests keep the two readings the same:
(a) every keyword in the files is one the build enforces, or a note for people;
(b) the real `jsonschema` library accepts the sample data and front matter;
(c) documents that are wrong are rejected by jsonschema and by the build alike.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from vigil.load.schema import FORMATS, KEYWORDS, NOTES, load_schema, read_schemas, resolve, synonym_of, validate
from vigil.load.source import compose_yaml, split_front_matter

PROJECT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = PROJECT / "schema"
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))

# The types the build's validator tells apart (vigil.load.schema._Walker.walk and .scalar):
# anything else, like "number" or "null", would be read as text.
TYPES_THE_BUILD_KNOWS = {"object", "array", "string", "boolean", "integer"}

# The keywords whose value holds schemas, and how.
BY_NAME = ("properties", "$defs")                       # {name: schema}
ONE = ("items", "additionalProperties", "propertyNames")  # schema (or a boolean)
MANY = ("oneOf",)                                       # [schema, ...]


def load(file: Path) -> dict:
    return json.loads(file.read_text(encoding="utf-8"))


def subschemas(schema: dict, pointer: str = "#") -> Iterator[tuple[str, dict]]:
    """Every schema inside `schema`, itself included, with its JSON pointer."""
    yield pointer, schema
    for key in BY_NAME:
        for name, sub in schema.get(key, {}).items():
            yield from subschemas(sub, f"{pointer}/{key}/{name}")
    for key in ONE:
        if isinstance(schema.get(key), dict):
            yield from subschemas(schema[key], f"{pointer}/{key}")
    for key in MANY:
        for i, sub in enumerate(schema.get(key, [])):
            yield from subschemas(sub, f"{pointer}/{key}/{i}")


def every_schema() -> list[tuple[str, dict]]:
    return [(f"{file.name}{pointer}", sub) for file in SCHEMA_FILES
            for pointer, sub in subschemas(load(file))]


def test_the_schema_files_are_there():
    assert {f.name for f in SCHEMA_FILES} >= {"common.schema.json", "site.schema.json",
                                              "prisoners.schema.json", "members.schema.json",
                                              "news.schema.json", "page.schema.json"}


# --------------------------------------------------------------------------- (a) no rule ignored
def test_every_keyword_is_enforced_by_the_build_or_is_a_note():
    unknown = [f"{where}: {key}" for where, schema in every_schema()
               for key in schema if key not in KEYWORDS | NOTES]
    assert unknown == []


def test_the_walk_reaches_every_object_in_the_files():
    # So that the keyword test above sees every schema: count the JSON objects that
    # are schemas (not a `properties` or `$defs` table) and compare.
    def objects(value: Any, in_table: bool = False) -> int:
        if isinstance(value, dict):
            own = 0 if in_table else 1
            return own + sum(objects(v, k in BY_NAME and not in_table) for k, v in value.items()
                             if in_table or k not in NOTES - set(BY_NAME))   # examples are data
        if isinstance(value, list):
            return sum(objects(v) for v in value)
        return 0
    assert len(every_schema()) == sum(objects(load(f)) for f in SCHEMA_FILES)


def test_every_format_is_one_the_build_checks():
    formats = {(where, schema["format"]) for where, schema in every_schema() if "format" in schema}
    assert formats, "the files use formats; the walk should find them"
    assert [f"{where}: {fmt}" for where, fmt in sorted(formats) if fmt not in FORMATS] == []


def test_every_type_is_one_the_build_tells_apart():
    types = [(where, schema["type"]) for where, schema in every_schema() if "type" in schema]
    assert [f"{where}: {kind}" for where, kind in types if kind not in TYPES_THE_BUILD_KNOWS] == []


@pytest.mark.parametrize("keyword", ["$ref", "oneOf", "enum"])
def test_only_notes_stand_next_to_keywords_the_build_reads_alone(keyword):
    # The build follows a $ref and forgets the rest; a oneOf or an enum decides alone.
    # A rule written next to one of them would be silently ignored.
    beside = [f"{where}: {key}" for where, schema in every_schema() if keyword in schema
              for key in schema if key != keyword and key not in NOTES]
    assert beside == []


def test_every_ref_points_at_a_schema_that_exists():
    refs = [(file.name, sub["$ref"]) for file in SCHEMA_FILES
            for _, sub in subschemas(load(file)) if "$ref" in sub]
    assert len(refs) >= 10
    for base, ref in refs:
        target, _ = resolve({"$ref": ref}, base, read_schemas(SCHEMA_DIR))
        assert isinstance(target, dict) and target, f"{base}: {ref}"


def test_every_pattern_is_a_valid_regular_expression():
    patterns = [(where, schema["pattern"]) for where, schema in every_schema() if "pattern" in schema]
    assert patterns
    for where, pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as err:
            pytest.fail(f"{where}: {pattern!r}: {err}")


def test_every_required_field_is_one_that_may_be_written():
    for where, schema in every_schema():
        if schema.get("additionalProperties") is False:
            missing = set(schema.get("required", [])) - set(schema.get("properties", {}))
            assert not missing, f"{where} requires {missing}, which it does not allow"


# --------------------------------------------------------------------------- (b) jsonschema agrees
@pytest.fixture(scope="module")
def registry() -> Registry:
    resources = [(load(f)["$id"], Resource.from_contents(load(f), default_specification=DRAFT202012))
                 for f in SCHEMA_FILES]
    return Registry().with_resources(resources)


def validator(registry: Registry, schema_name: str, formats: bool = True) -> Draft202012Validator:
    """Formats checked, as the build and most editors do; or not (`formats=False`):
    in Draft 2020-12 "format" is only an annotation unless a validator opts in."""
    schema = load(SCHEMA_DIR / schema_name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER if formats else None)


def as_json(value: Any) -> Any:
    """What an editor's validator sees: dates as text, and the key `on` (which PyYAML
    reads as the boolean True) as the word it is."""
    if isinstance(value, dict):
        return {("on" if key is True else str(key)): as_json(v) for key, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def front_matter(file: Path) -> str:
    text = file.read_text(encoding="utf-8")
    head, _, _, problems = split_front_matter(text, file.name)
    assert problems == []
    return head


def errors(registry: Registry, schema_name: str, text: str, formats: bool = True) -> list[str]:
    instance = as_json(yaml.safe_load(text))
    return [f"{list(e.absolute_path)}: {e.message}"
            for e in validator(registry, schema_name, formats).iter_errors(instance)]


def build_problems(schema_name: str, text: str) -> list[str]:
    doc, problems = compose_yaml(text, "doc.yaml")
    assert doc is not None, problems
    return [str(p) for p in validate(doc, schema_name).problems]


DATA_FILES = [("data/site.yaml", "site.schema.json"),
              ("data/prisoners.yaml", "prisoners.schema.json"),
              ("data/members.yaml", "members.schema.json")]
MARKDOWN_FILES = ([(f"content/news/{f.name}", "news.schema.json")
                   for f in sorted((PROJECT / "content/news").glob("*.md"))]
                  + [(f"content/pages/{f.name}", "page.schema.json")
                     for f in sorted((PROJECT / "content/pages").glob("*.md"))])


def test_there_is_sample_content_to_validate():
    assert len(MARKDOWN_FILES) >= 2
    assert all((PROJECT / rel).is_file() for rel, _ in DATA_FILES)


def test_the_key_on_is_read_back_as_the_word_on():
    assert as_json(yaml.safe_load("released:\n  on: 2019-09-07\n")) == {"released": {"on": "2019-09-07"}}


@pytest.mark.parametrize("rel, schema_name", DATA_FILES, ids=[rel for rel, _ in DATA_FILES])
def test_the_sample_data_is_valid_for_jsonschema_and_for_the_build(registry, rel, schema_name):
    text = (PROJECT / rel).read_text(encoding="utf-8")
    assert errors(registry, schema_name, text) == []
    assert build_problems(schema_name, text) == []


@pytest.mark.parametrize("rel, schema_name", MARKDOWN_FILES, ids=[rel for rel, _ in MARKDOWN_FILES])
def test_the_sample_front_matter_is_valid_for_jsonschema_and_for_the_build(registry, rel, schema_name):
    head = front_matter(PROJECT / rel)
    assert errors(registry, schema_name, head) == []
    assert build_problems(schema_name, head) == []


@pytest.mark.parametrize("date", ["2019-02-21", "2019-02-21T10:00:00+03:00"], ids=["date", "date-time"])
def test_a_news_date_is_valid_for_both(registry, date):
    head = f"title: T\ndate: {date}\nsummary: S\n"
    assert errors(registry, "news.schema.json", head) == []
    assert build_problems("news.schema.json", head) == []


@pytest.mark.parametrize("date", ["2019-02-21", "2019-02-21T10:00:00+03:00"], ids=["date", "date-time"])
def test_a_news_date_is_valid_where_formats_are_not_checked(registry, date):
    # `date` is oneOf a date or a date-time: the two must differ by more than their
    # "format", or a validator that does not check formats finds both and rejects it.
    head = f"title: T\ndate: {date}\nsummary: S\n"
    assert errors(registry, "news.schema.json", head, formats=False) == []


# --------------------------------------------------------------------------- (c) both reject
PRISONER = """\
- id: oleg-sentsov
  name: Oleg Sentsov
  categories: [ukrainian]
  custody:
    - kind: detention
      from: 2014-05-10
  released: {on: 2019-09-07, how: exchange}
  summary: A film-maker from Crimea.
  sources:
    - {title: Let My People Go, url: "https://letmypeoplego.org.ua/"}
  verified: 2026-11-29
"""


def test_the_record_the_wrong_ones_are_made_from_is_valid(registry):
    assert errors(registry, "prisoners.schema.json", PRISONER) == []
    assert build_problems("prisoners.schema.json", PRISONER) == []


WRONG = [
    ("an unknown field", "prisoners.schema.json", ("  summary:", "  nickname: Oleg\n  summary:"),
     "unknown field 'nickname'"),
    ("an unknown category", "prisoners.schema.json", ("[ukrainian]", "[ukranian]"),
     "'ukranian' is not a known value; did you mean 'ukrainian'?"),
    ("a missing required field", "prisoners.schema.json", ("  verified: 2026-11-29\n", ""),
     "the field 'verified' is missing"),
    ("a javascript link", "prisoners.schema.json", ('"https://letmypeoplego.org.ua/"', '"javascript:alert(1)"'),
     "'javascript:alert(1)' is not a link"),
    ("an ftp link", "prisoners.schema.json", ('"https://letmypeoplego.org.ua/"', '"ftp://example.org/"'),
     "'ftp://example.org/' is not a link"),
    # Quoted, or PyYAML itself would stop on it; the build reads it as a date either way.
    ("an impossible date", "prisoners.schema.json", ("from: 2014-05-10", 'from: "2014-02-30"'),
     "2014-02-30 is not a real date"),
    ("an unknown kind of release", "prisoners.schema.json", ("how: exchange", "how: swap"),
     "'swap' is not a known value"),
]


@pytest.mark.parametrize("what, schema_name, change, message", WRONG, ids=[w[0] for w in WRONG])
def test_a_wrong_document_is_rejected_by_jsonschema_and_by_the_build(registry, what, schema_name,
                                                                     change, message):
    old, new = change
    assert PRISONER.count(old) == 1
    text = PRISONER.replace(old, new)
    assert errors(registry, schema_name, text) != [], f"jsonschema accepts {what}"
    problems = build_problems(schema_name, text)
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize("schema_name, text, message", [
    ("members.schema.json", "members:\n  - {id: m, name: M, countries: [ua], url: 'https://m.example/'}\n",
     "'ua' is not a two-letter country code"),
    ("site.schema.json", (PROJECT / "data/site.yaml").read_text(encoding="utf-8")
     .replace("base_url: https://example.org/", "base_url: example.org"),
     "'example.org' is not the site's address"),
    # Not `draft: yes`: PyYAML reads that as True (YAML 1.1), editors as text.
    ("page.schema.json", 'title: About\ndraft: "true"\n', "write true or false, not 'true'"),
], ids=["member country", "site base_url", "page draft"])
def test_other_files_reject_the_same_way(registry, schema_name, text, message):
    assert errors(registry, schema_name, text) != []
    problems = build_problems(schema_name, text)
    assert any(message in p for p in problems), problems


def test_every_synonym_names_a_value_and_is_no_value_itself():
    """A synonym that is a value, or points at none, would mislead."""
    tables = [(where, schema) for where, schema in every_schema() if "x-synonyms" in schema]
    assert len(tables) == 3
    for where, schema in tables:
        assert set(schema["x-synonyms"]) <= set(schema["enum"]), where
        for value in schema["enum"]:
            assert synonym_of(value, schema["x-synonyms"]) is None, (where, value)
    assert load_schema("prisoners.schema.json")["$defs"]["period"]["properties"]["kind"]["x-synonyms"]
