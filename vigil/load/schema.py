"""Validate YAML node trees against the JSON Schema files in schema/.

The schema files are the one statement of the data format: editors validate the
YAML with them, and the build walks them here. This walker understands the part of
JSON Schema those files use (KEYWORDS) and turns each YAML scalar into the type
the schema asks for, reading the text as written: `yes` is never a boolean where
text is expected, `282.20` never the number 282.2, `2019-02-30` never a date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..base.problems import Location, Problem, closest, did_you_mean
from ..model.vocabulary import SCHEMA_DIR
from .addresses import ADDRESS_CHECKS
from .source import NOT_A_LINE, NOT_TEXT, NOT_XML, Document, control_problem

# Keywords the walker enforces, and those that only inform people and editors.
KEYWORDS = {"$ref", "oneOf", "type", "properties", "required", "additionalProperties",
            "propertyNames", "minProperties", "items", "minItems", "uniqueItems", "enum",
            "pattern", "format", "minLength", "maxLength", "minimum", "x-lines"}
# x-synonyms: the words people write for a value of an enum (a colony is a 'prison'); they
# only make the hint of a problem, never a valid value.
NOTES = {"$schema", "$id", "$defs", "title", "description", "x-hint", "examples", "x-synonyms"}
FORMATS = {"date", "date-time", "email", "x-timezone", "x-month", "x-address", "x-link", "x-folder"}

Path_ = tuple[str | int, ...]
INVALID = object()
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class Validated:
    """Plain values (dict, list, str, bool, int, date, datetime), the place of each
    value by its path, and the problems found."""
    value: Any
    marks: dict[Path_, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def at(self, *path: str | int) -> Location:
        """The place of the value at `path`, or of its nearest parent that exists."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Location(""))


@cache
def compiled(pattern: str) -> re.Pattern:
    """A schema's pattern as JSON Schema reads it (ECMAScript): its `$` is the end of the
    text, where Python's `$` also matches before a final line break ('x\\n' would pass
    '^[a-z]+$'). Every `$` outside a character class becomes Python's `\\Z`."""
    python, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        python.append(char)
    return re.compile("".join(python))


def matches(pattern: str, text: str) -> bool:
    """True when `text` matches a schema's `pattern` (a search, as in JSON Schema: the
    schema files anchor their patterns with ^ and $)."""
    return compiled(pattern).search(text) is not None


@dataclass(frozen=True)
class Schemas:
    """The schema files as one build reads them: each file's bytes by name, and a digest of
    them all, which the content cache's stamp holds (what was checked against them is kept
    under it)."""
    files: tuple[tuple[str, bytes], ...]
    digest: str

    def load(self, name: str) -> dict:
        """A schema file, parsed."""
        return _parsed(self, name)


def read_schemas(folder: Path | None = None) -> Schemas:
    files = tuple((file.name, file.read_bytes()) for file in sorted((folder or SCHEMA_DIR).glob("*.json")))
    found = hashlib.sha256()
    for name, data in files:
        found.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return Schemas(files, found.hexdigest())


def load_schema(name: str, schemas: Schemas | None = None) -> dict:
    """A schema file, parsed: of `schemas` (those a build read), else as it is on disk now."""
    return (read_schemas() if schemas is None else schemas).load(name)


# Each build reads the schema files anew (pipeline.load), so that `serve` never checks a record
# against a schema that has since been edited. What is made of them is a pure function of
# their bytes: memos by the files themselves, which an edit cannot outlive.
@lru_cache(maxsize=64)
def _parsed(schemas: Schemas, name: str) -> dict:
    files = dict(schemas.files)
    if name not in files:
        raise FileNotFoundError(f"schema/{name}")
    return json.loads(files[name].decode("utf-8"))


def resolve(schema: dict, base: str, schemas: Schemas) -> tuple[dict, str]:
    while "$ref" in schema:
        file, _, pointer = schema["$ref"].partition("#")
        base = file or base
        schema = schemas.load(base)
        for part in filter(None, pointer.split("/")):
            schema = schema[part]
    return schema, base


def validate(doc: Document, schema_name: str, optional: frozenset[str] = frozenset(),
             schemas: Schemas | None = None) -> Validated:
    """`optional`: fields the schema requires at the top that this file may leave out (a
    translation takes its date from the original). `schemas`: the files a build read (none:
    as they are on disk now)."""
    schemas = read_schemas() if schemas is None else schemas
    result = Validated(None)
    if doc.node is None:
        result.problems.append(Problem(Location(doc.path, 1 + doc.line_offset, 1),
                                       "this file is empty"))
        return result
    walker = _Walker(doc, result, schemas, optional)
    result.value = walker.walk(doc.node, schemas.load(schema_name), schema_name, (), "")
    return result


class NotOurs(ValueError):
    """A value from the content cache that validating a file could not have given."""


def reader(schema_name: str, optional: frozenset[str] = frozenset(),
           schemas: Schemas | None = None) -> Callable[[Any], Any]:
    """What reads a value back from the content cache's JSON (cache.to_plain: fields as
    {"map": [[name, value], ...]}, dates as {"date": ...}, times as {"datetime": ...}) and
    checks it against the schema as it goes: its types, fields, words, patterns and
    formats; NotOurs for one that validating a file could not have given. What the cache
    holds is never trusted over the schema. Made once for each schema file's bytes
    (`schemas`: the files a build read; none: as they are on disk now)."""
    return _reader(read_schemas() if schemas is None else schemas, schema_name, optional)


@lru_cache(maxsize=64)
def _reader(schemas: Schemas, schema_name: str, optional: frozenset[str]) -> Callable[[Any], Any]:
    return _Readers(schemas).made(schemas.load(schema_name), schema_name, optional)


def _refuse(why: str = "not what the schema allows"):
    raise NotOurs(why)


class _Readers:
    """Readers made from a schema, each once (a schema that refers to itself is read by
    the reader being made)."""

    def __init__(self, schemas: Schemas):
        self.schemas = schemas
        self.found: dict[tuple, Callable[[Any], Any]] = {}

    def made(self, schema: dict, base: str, optional: frozenset[str] = frozenset()) -> Callable[[Any], Any]:
        schema, base = resolve(schema, base, self.schemas)
        key = (id(schema), optional)
        if key not in self.found:
            later: list = []
            self.found[key] = lambda plain: later[0](plain)
            later.append(self.make(schema, base, optional))
            self.found[key] = later[0]
        return self.found[key]

    def make(self, schema: dict, base: str, optional: frozenset[str]) -> Callable[[Any], Any]:
        if "oneOf" in schema:
            return self.one_of([self.made(option, base) for option in schema["oneOf"]])
        if "enum" in schema:
            words = frozenset(schema["enum"])
            return lambda plain: plain if type(plain) is str and plain in words else _refuse()
        kind = schema.get("type")
        if kind == "object":
            return self.mapping(schema, base, optional)
        if kind == "array":
            return self.sequence(self.made(schema.get("items", {}), base), schema.get("minItems", 0))
        if kind == "boolean":
            return lambda plain: plain if type(plain) is bool else _refuse()
        if kind == "integer":
            least = schema.get("minimum")
            return lambda plain: (plain if type(plain) is int and (least is None or plain >= least)
                                  else _refuse())
        return self.text(schema)

    @staticmethod
    def one_of(options: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
        def read(plain):
            for option in options:
                try:
                    return option(plain)
                except NotOurs:
                    continue
            return _refuse()
        return read

    def mapping(self, schema: dict, base: str, optional: frozenset[str]) -> Callable[[Any], Any]:
        fields = {name: self.made(sub, base) for name, sub in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        others = self.made(extra, base) if isinstance(extra, dict) else None
        names = re.compile(schema["propertyNames"]["pattern"]) if "propertyNames" in schema else None
        required = [name for name in schema.get("required", []) if name not in optional]
        least = schema.get("minProperties", 0)

        def read(plain):
            pairs = plain.get("map") if type(plain) is dict and len(plain) == 1 else None
            if type(pairs) is not list:
                return _refuse("not a set of fields")
            out = {}
            for pair in pairs:
                if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str or pair[0] in out:
                    return _refuse("not a field")
                name, item = pair
                field_reader = fields.get(name)
                if field_reader is None:
                    if others is None or (names is not None and not names.search(name)):
                        return _refuse(f"an unknown field {name!r}")
                    field_reader = others
                out[name] = field_reader(item)
            if len(out) < least or not all(name in out for name in required):
                return _refuse("a field missing")
            return out
        return read

    @staticmethod
    def sequence(item: Callable[[Any], Any], least: int) -> Callable[[Any], Any]:
        def read(plain):
            if type(plain) is not list or len(plain) < least:
                return _refuse("not a list")
            return [item(value) for value in plain]
        return read

    @staticmethod
    def text(schema: dict) -> Callable[[Any], Any]:
        fmt = schema.get("format")
        if fmt in ("date", "date-time"):
            return _date_reader(fmt)
        pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        least = schema.get("minLength", 0)
        month = re.compile(r"\d{4}-(0[1-9]|1[0-2])") if fmt == "x-month" else None

        def read(plain):
            if (type(plain) is not str or len(plain) < least or not plain.strip() or NOT_XML.search(plain)
                    or (pattern is not None and not pattern.search(plain))
                    or (month is not None and not month.fullmatch(plain))
                    or (fmt == "x-timezone" and not _is_timezone(plain))):
                return _refuse("not a text the schema allows")
            return plain
        return read


DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_TIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2}")


def _date_reader(fmt: str) -> Callable[[Any], Any]:
    tag, shape = ("date", DATE_TEXT) if fmt == "date" else ("datetime", DATE_TIME_TEXT)
    make = dt.date.fromisoformat if fmt == "date" else dt.datetime.fromisoformat

    def read(plain):
        text = plain.get(tag) if type(plain) is dict and len(plain) == 1 else None
        if type(text) is not str or not shape.fullmatch(text):
            return _refuse("not a date")
        try:
            return make(text)
        except ValueError:
            return _refuse("not a real date")
    return read


def words_for(schema: dict) -> str:
    """What a value of this schema looks like, in plain words."""
    if "x-hint" in schema:
        return schema["x-hint"]
    if "enum" in schema:
        return "one of " + ", ".join(schema["enum"])
    kind = schema.get("type", "")
    if kind == "string" and schema.get("format") == "date":
        return "a date like 2019-02-21"
    return {"object": "a set of fields (name: value)", "array": "a list (lines starting with '- ')",
            "string": "text", "boolean": "true or false", "integer": "a whole number"}.get(kind, "a value")


class _Walker:
    def __init__(self, doc: Document, result: Validated, schemas: Schemas,
                 optional: frozenset[str] = frozenset()):
        self.doc, self.result, self.schemas, self.optional = doc, result, schemas, optional

    def problem(self, node: yaml.Node, message: str) -> object:
        self.result.problems.append(Problem(self.doc.at(node), message))
        return INVALID

    def walk(self, node: yaml.Node, schema: dict, base: str, path: Path_, label: str) -> Any:
        schema, base = resolve(schema, base, self.schemas)
        self.result.marks[path] = self.doc.at(node)
        if "oneOf" in schema:
            return self.one_of(node, schema, base, path, label)
        if "enum" in schema:
            return self.enum(node, schema, label)
        kind = schema.get("type")
        if kind == "object":
            return self.mapping(node, schema, base, path, label)
        if kind == "array":
            return self.sequence(node, schema, base, path, label)
        return self.scalar(node, schema, label)

    def one_of(self, node, schema, base, path, label):
        options = [resolve(option, base, self.schemas) for option in schema["oneOf"]]
        for option, option_base in options:
            trial = Validated(None)
            value = _Walker(self.doc, trial, self.schemas).walk(node, option, option_base, path, label)
            if not trial.problems:
                self.result.marks.update(trial.marks)
                return value
        shaped = [o for o in options if _fits_shape(node, o[0])]
        if isinstance(node, yaml.ScalarNode):   # a date that is not real, not a mere text
            patterned = [o for o in shaped if "pattern" in o[0] and matches(o[0]["pattern"], node.value)]
            shaped = patterned or shaped
        if len(shaped) == 1:            # report what is wrong inside the one that fits
            return self.walk(node, shaped[0][0], shaped[0][1], path, label)
        return self.problem(node, f"{_name(label)}: expected {words_for(schema)}, "
                                  f"found {_shown(node)}")

    def enum(self, node, schema, label):
        if not isinstance(node, yaml.ScalarNode) or node.value in NULLS:
            return self.problem(node, f"{_name(label)}: expected {words_for(schema)}, found {_shown(node)}")
        if bad := NOT_A_LINE.search(node.value):
            return self.problem(node, f"{_name(label)}: {control_problem(bad.group())}")
        if node.value not in schema["enum"]:
            meant = synonym_of(node.value, schema.get("x-synonyms", {}), tuple(schema["enum"]))
            hint = f"; did you mean '{meant}'?" if meant else did_you_mean(node.value, schema["enum"])
            return self.problem(node, f"{_name(label)}: '{node.value}' is not a known value{hint} "
                                      f"(use one of: {', '.join(schema['enum'])})")
        return node.value

    def mapping(self, node, schema, base, path, label):
        if not isinstance(node, yaml.MappingNode):
            return self.problem(node, f"{_name(label)}: expected {words_for(schema)}, found {_shown(node)}")
        known = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        out: dict[str, Any] = {}
        unknown: list[str] = []
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.problem(key_node, "a field name must be a plain word")
                continue
            if key in out:
                self.problem(key_node, f"the field '{key}' is given twice here; keep one")
                continue
            if key in known:
                sub = known[key]
            elif isinstance(extra, dict):
                sub = extra
                names = schema.get("propertyNames")
                if names and not matches(names["pattern"], key):
                    self.problem(key_node, f"'{key}' is not {words_for(names)}")
                    continue
            else:
                self.problem(key_node, f"unknown field '{key}'{did_you_mean(key, known)}"
                                       + ("" if did_you_mean(key, known) else
                                          f" (the fields here are: {', '.join(known)})"))
                unknown.append(key)
                continue
            out[key] = self.walk(value_node, sub, base, (*path, key), key)
        missing = [key for key in schema.get("required", []) if key not in out
                   and not (path == () and key in self.optional)]
        misspelt = {closest(key, known) for key in unknown}
        for key in missing:
            if key not in misspelt:           # 'custdy' was reported, with 'custody' as its fix
                self.problem(node, f"the field '{key}' is missing{_within(label)}; it is required")
        if len(out) < schema.get("minProperties", 0):
            return self.problem(node, f"{_name(label)} is empty")
        # a record with a field missing is still known by the fields it has (its id: what
        # names it is not wrong too); INVALID in the missing one keeps it from being used
        return {**out, **dict.fromkeys(missing, INVALID)}

    def sequence(self, node, schema, base, path, label):
        if not isinstance(node, yaml.SequenceNode):
            return self.problem(node, f"{_name(label)}: expected {words_for(schema)}, found {_shown(node)}")
        items = [self.walk(child, schema.get("items", {}), base, (*path, i), label)
                 for i, child in enumerate(node.value)]
        if len(items) < schema.get("minItems", 0):
            self.problem(node, f"{_name(label)} needs at least {schema['minItems']} item(s)")
        if schema.get("uniqueItems"):
            seen = set()
            for child, item in zip(node.value, items, strict=True):
                if isinstance(item, (str, int)) and item in seen:
                    self.problem(child, f"{_name(label)}: '{item}' is listed twice")
                seen.add(item if isinstance(item, (str, int)) else id(item))
        return items

    def scalar(self, node, schema, label):
        kind = schema.get("type")
        if not isinstance(node, yaml.ScalarNode):
            return self.problem(node, f"{_name(label)}: expected {words_for(schema)}, found {_shown(node)}")
        text = node.value
        if text in NULLS and not node.style:
            return self.problem(node, f"{_name(label)} has no value; write {words_for(schema)}")
        if kind == "boolean":
            return self.boolean(node, text, label)
        if kind == "integer":
            return self.integer(node, text, schema, label)
        if len(text) < schema.get("minLength", 0) or not text.strip():
            return self.problem(node, f"{_name(label)} is empty")
        lines = schema.get("x-lines") == "many"
        text, bad = _characters(node, text, lines)
        if bad:
            return self.problem(node, f"{_name(label)}: {control_problem(bad, in_line=not lines)}")
        fmt = schema.get("format")
        if fmt == "date":
            return self.date(node, text, label)
        if fmt == "date-time":
            return self.date_time(node, text, label)
        if fmt == "x-month":
            return self.month(node, text, label)
        if fmt == "x-timezone" and not _is_timezone(text):
            return self.problem(node, f"{_name(label)}: '{text}' is not a time zone name; "
                                      "use an IANA name like Europe/Moscow")
        if len(text) > schema.get("maxLength", len(text)):
            return self.problem(node, f"{_name(label)} is {len(text)} characters long; keep it to "
                                      f"{schema['maxLength']} (it becomes the name of a folder)")
        if fmt in ADDRESS_CHECKS and (wrong := ADDRESS_CHECKS[fmt](text)):
            return self.problem(node, f"{_name(label)}: {wrong}")
        if "pattern" in schema and not matches(schema["pattern"], text):
            return self.problem(node, f"{_name(label)}: '{text}' is not {words_for(schema)}")
        return text

    def boolean(self, node, text, label):
        if text.lower() in ("true", "false") and not node.style:
            return text.lower() == "true"
        return self.problem(node, f"{_name(label)}: write true or false, not '{text}'")

    def integer(self, node, text, schema, label):
        if not re.fullmatch(r"-?\d+", text) or node.style:
            hint = f" (write {re.sub(r'[^0-9]', '', text)} without separators)" \
                if re.fullmatch(r"\d{1,3}([, _]\d{3})+", text) else ""
            return self.problem(node, f"{_name(label)}: expected a whole number, found '{text}'{hint}")
        value = int(text)
        if value < schema.get("minimum", value):
            return self.problem(node, f"{_name(label)} must be at least {schema['minimum']}")
        return value

    def date(self, node, text, label):
        match = DATE_RE.fullmatch(text)
        if not match:
            return self.problem(node, f"{_name(label)}: '{text}' is not a date; write it as "
                                      "YYYY-MM-DD, like 2019-02-21")
        year, month, day = map(int, match.groups())
        return self.real_date(node, year, month, day, label)

    def month(self, node, text, label):
        match = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if not match:
            return self.problem(node, f"{_name(label)}: '{text}' is not a month; write it as "
                                      "YYYY-MM, like 2019-02")
        if not 1 <= int(match.group(2)) <= 12:
            return self.problem(node, f"{_name(label)}: {text} is not a real month: there is "
                                      f"no month {int(match.group(2))}")
        return text

    def real_date(self, node, year, month, day, label):
        if not 1 <= month <= 12:
            return self.problem(node, f"{_name(label)}: {year:04d}-{month:02d}-{day:02d} is not "
                                      f"a real date: there is no month {month} (write YYYY-MM-DD)")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return self.problem(node, f"{_name(label)}: {year:04d}-{month:02d}-{day:02d} is not "
                                      f"a real date: {calendar.month_name[month]} {year} has {last} days")
        return dt.date(year, month, day)

    def date_time(self, node, text, label):
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            return self.problem(node, f"{_name(label)}: '{text}' is not a date and time; write "
                                      "it like 2019-02-21T10:00:00+03:00")
        if value.tzinfo is None:
            return self.problem(node, f"{_name(label)}: '{text}' has no time zone offset; add "
                                      "one, like 2019-02-21T10:00:00+03:00")
        return value


def synonym_of(written: str, synonyms: dict[str, list[str]], values: tuple[str, ...] = ()) -> str | None:
    """The value that words people use mean ('colony', 'IK' -> 'prison'; 'House arrest' ->
    'house-arrest'), whatever their letter case and whether they are written with spaces,
    hyphens or underscores."""
    word = _plain(written)
    return next((value for value in values if _plain(value) == word), None) or \
        next((value for value, words in synonyms.items() if word in {_plain(w) for w in words}), None)


def _plain(word: str) -> str:
    return re.sub(r"[\s_-]+", "-", word.strip().lower().replace("\u02bc", "'"))


def _characters(node: yaml.ScalarNode, text: str, lines: bool) -> tuple[str, str]:
    """(the text, the first character it may not hold, or ''). A value of one line written
    as a block (`name: >` or `|`, then the text on the next line) has a final line break
    that is not part of it."""
    if lines:
        bad = NOT_TEXT.search(text)
        return text, bad.group() if bad else ""
    if node.style in ("|", ">"):
        text = text.rstrip("\n")
    bad = NOT_A_LINE.search(text)
    return text, bad.group() if bad else ""


def _is_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _fits_shape(node: yaml.Node, schema: dict) -> bool:
    kind = schema.get("type")
    if isinstance(node, yaml.MappingNode):
        return kind == "object"
    if isinstance(node, yaml.SequenceNode):
        return kind == "array"
    return kind not in ("object", "array")


def _name(label: str | int) -> str:
    return f"'{label}'" if label else "this value"


def _within(label: str) -> str:
    return f" in '{label}'" if label else ""


def _shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'" if node.value else "nothing"
