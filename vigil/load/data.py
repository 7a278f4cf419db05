"""Load data/site.yaml, data/prisoners.yaml and data/members.yaml into the model."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, overload

from ..base.parallel import in_parallel
from ..base.problems import Location, Problem
from ..model.records import (
    CC_BY_4,
    Charge,
    CustodyPeriod,
    DataLicence,
    Event,
    Facilitator,
    Headline,
    LastReported,
    Letters,
    Member,
    PartialDate,
    Prisoner,
    Release,
    SiteConfig,
    SocialLink,
    Source,
    SourcedText,
    TagWords,
    Term,
    Text,
    Where,
    repository,
    unknown_host,
)
from .parsed import ParsedCache, places_from_plain, places_to_plain, to_plain
from .schema import INVALID, NotOurs, Schemas, Validated, reader, validate
from .source import compose_yaml, decode, load_yaml_file, split_records


@overload
def load_validated(folder: Path, rel: str, schema: str, required: Literal[True] = True,
                   parsed: ParsedCache | None = None) -> Validated: ...
@overload
def load_validated(folder: Path, rel: str, schema: str, required: bool,
                   parsed: ParsedCache | None = None) -> Validated | None: ...
def load_validated(folder: Path, rel: str, schema: str, required: bool = True,
                   parsed: ParsedCache | None = None) -> Validated | None:
    """The file validated against its schema; None (with a problem if required) if absent.
    `parsed`: the content cache of files read before, by their bytes."""
    file = folder / rel
    if not file.is_file():
        if not required:
            return None
        return Validated(INVALID, problems=[Problem(Location(rel, 1), "this file is missing")])
    parsed = ParsedCache(None) if parsed is None else parsed
    key = parsed.key(rel, schema, file.read_bytes())
    if (hit := parsed.get(key, lambda plain: validated_from(plain, rel, schema, schemas=parsed.schemas))) is not None:
        return hit
    doc, problems = load_yaml_file(file, rel)
    if doc is None:
        return Validated(INVALID, problems=problems)
    v = validate(doc, schema, schemas=parsed.schemas)
    if not v.problems:
        parsed.keep(key, validated_to(v), v)
    return v


def validated_to(v: Validated) -> dict:
    """A file's validated value and places, as the content cache keeps them (JSON)."""
    return {"value": to_plain(v.value),
            "places": places_to_plain({path: (at.line, at.col) for path, at in v.marks.items()})}


def validated_from(plain: dict, rel: str, schema: str, optional: frozenset[str] = frozenset(),
                   schemas: Schemas | None = None) -> Validated:
    """What `validated_to` wrote, checked against the schema again; NotOurs when it does
    not hold what validating the file could have given."""
    value, places = valid_from(plain, schema, optional, schemas)
    return Validated(value, {path: Location(rel, line, col) for path, (line, col) in places.items()})


def valid_from(plain: dict, schema: str, optional: frozenset[str] = frozenset(),
               schemas: Schemas | None = None) -> tuple:
    value = reader(schema, optional, schemas)(plain["value"])
    places = places_from_plain(plain["places"])
    if () not in places:
        raise NotOurs("no place for the whole")
    return value, places


def load_records(folder: Path, rel: str, schema: str, parsed: ParsedCache | None = None,
                 jobs: int = 1) -> tuple[Validated, list[str] | None]:
    """A file that is one list of records, read and validated record by record, so that
    the content cache keeps each record apart: after an edit, only the records that
    changed are read again. (The validated file; each record's key, for keeping what is
    made of it.) A file that cannot be cut into records, or whose records do not read
    one by one (a YAML error, an alias to another record), is read whole, as before."""
    file = folder / rel
    text, _ = decode(file.read_bytes(), rel) if file.is_file() else (None, [])
    records = split_records(text) if text is not None else None
    if records is None:
        return load_validated(folder, rel, schema, parsed=parsed), None
    parsed = ParsedCache(None) if parsed is None else parsed
    keys = [parsed.key(rel, schema, "record", body) for _, body in records]
    read = lambda plain: record_from(plain, schema, parsed.schemas)      # noqa: E731
    found: list[tuple | None] = [parsed.get(k, read) for k in keys]
    missing = [i for i, hit in enumerate(found) if hit is None]
    made = in_parallel(records_validated, [(records[i][1], rel, schema, parsed.schemas) for i in missing],
                       jobs)
    for i, record in zip(missing, made, strict=True):
        if record is None:
            return load_validated(folder, rel, schema, parsed=parsed), None
        found[i] = record
        if not record[2]:
            parsed.keep(keys[i], {"value": to_plain(record[0]), "places": places_to_plain(record[1])},
                        record)
    # every record is read now (a missing one would make joined's zip(strict=True) fail)
    return joined([record for record in found if record is not None], records, rel), keys


def record_from(plain: dict, schema: str, schemas: Schemas | None = None) -> tuple:
    """A record as the content cache keeps it (its value, the places in it, no problems),
    checked against the file's schema again; NotOurs when it is not one."""
    value, places = valid_from({"value": [plain["value"]], "places": plain["places"]}, schema,
                               schemas=schemas)
    return value[0], places, []


def records_validated(records: Sequence[tuple[str, str, str, Schemas]]) -> list[tuple | None]:
    """Each (record, file, schema, schema files) read alone, its lines counted from 1: its value, the
    (line, col) of each path in it, its problems; None for one that does not read alone
    as one record (a YAML error, an alias to another record)."""
    found: list[tuple | None] = []
    for body, rel, schema, schemas in records:
        doc, _ = compose_yaml(body, rel)
        v = None if doc is None else validate(doc, schema, schemas=schemas)
        if v is None or not isinstance(v.value, list) or len(v.value) != 1:
            found.append(None)
        else:
            found.append((v.value[0], {path[1:]: (at.line, at.col) for path, at in v.marks.items() if path},
                          v.problems))
    return found


def joined(records: list[tuple], places: list[tuple[int, str]], rel: str) -> Validated:
    """The records read one by one, as one list: each one's paths start with its index
    and its lines count from where it stands in the file. (Each record comes as its value,
    the (line, col) of each path in it, and its problems.)"""
    result = Validated([], {(): Location(rel, places[0][0], 1)})
    marks = result.marks
    for i, ((value, places_in, problems), (line, _)) in enumerate(zip(records, places, strict=True)):
        result.value.append(value)
        shift = line - 1
        for path, (at_line, col) in places_in.items():
            marks[(i, *path)] = Location(rel, at_line + shift, col)
        result.problems += [replace(p, where=replace(p.where, line=p.where.line + shift))
                            if p.where.line else p for p in problems]
    return result


def is_clean(value: Any) -> bool:
    """True when nothing inside `value` failed validation."""
    if value is INVALID:
        return False
    if isinstance(value, dict):
        return all(is_clean(v) for v in value.values())
    if isinstance(value, list):
        return all(is_clean(v) for v in value)
    return True


@overload
def text(value: str | dict, lang: str) -> Text: ...
@overload
def text(value: None, lang: str) -> None: ...
def text(value: str | dict | None, lang: str) -> Text | None:
    """A text field: a plain string is in the site's default language."""
    if value is None:
        return None
    return Text(MappingProxyType(dict(value) if isinstance(value, dict) else {lang: value}))


def where(v: Validated, *path: str | int) -> Where:
    value = v.value
    for part in path:
        value = value[part]
    fields = {name: v.marks[(*path, name)] for name in value if (*path, name) in v.marks}
    return Where(v.at(*path), MappingProxyType(fields))


@overload
def partial_date(value: dt.date | str | int) -> PartialDate: ...
@overload
def partial_date(value: None) -> None: ...
def partial_date(value: dt.date | str | int | None) -> PartialDate | None:
    """A validated date, month (2017-10) or year (2017 or '2017'), as precisely as it was
    written."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return PartialDate.of(value)
    if isinstance(value, int):
        return PartialDate(value)
    year, _, month = value.partition("-")
    return PartialDate(int(year), int(month) if month else None)


def source(raw: dict) -> Source:
    return Source(raw["title"], raw["url"], raw.get("date"))


def items(raw: dict, name: str) -> list:
    """The list under `name`, or none when it is absent or not a valid list."""
    value = raw.get(name, [])
    return value if isinstance(value, list) else []


# --------------------------------------------------------------------------- site
def load_site(folder: Path, parsed: ParsedCache | None = None) -> tuple[SiteConfig | None, list[Problem]]:
    v = load_validated(folder, "data/site.yaml", "site.schema.json", parsed=parsed)
    if not isinstance(v.value, dict) or not is_clean(v.value):
        return None, v.problems
    raw = v.value
    languages = tuple(raw.get("languages", ["en"]))
    lang = languages[0]
    head = raw["headline"]
    earlier = head.get("earlier", {})
    headline = Headline(head["figure"], text(head["text"], lang), head["date"], source(head["source"]),
                        earlier.get("figure"), earlier.get("date"), text(earlier.get("text"), lang),
                        source(earlier["source"]) if "source" in earlier else None,
                        Where(v.at("headline"), MappingProxyType({
                            "text": v.at("headline", "text"), "earlier_text": v.at("headline", "earlier", "text")})))
    base_url = raw["base_url"] if raw["base_url"].endswith("/") else raw["base_url"] + "/"
    repo = raw.get("repository")
    kept = repository(**repo) if repo else None
    problems = list(v.problems)
    if repo and kept is None:                    # an error: the rest is still checked
        problems.append(Problem(v.at("repository", "url"), unknown_host(repo["url"])))
    return SiteConfig(
        title=text(raw["title"], lang), purpose=text(raw["purpose"], lang), base_url=base_url,
        timezone=raw["timezone"], headline=headline, languages=languages,
        tagline=text(raw.get("tagline"), lang), short_title=text(raw.get("short_title"), lang),
        social=tuple(SocialLink(s["name"], s["url"]) for s in raw.get("social", [])),
        contact=raw.get("contact"), verify_every_days=raw.get("verify_every_days", 180),
        share_cards=raw.get("share_cards", True),
        precompress=raw.get("precompress", False),
        data_licence=DataLicence(**raw["data_licence"]) if "data_licence" in raw else CC_BY_4,
        repository=kept, tags=tag_words(v, lang),
        where=where(v),
    ), problems


def tag_words(v: Validated, lang: str) -> tuple[TagWords, ...]:
    """The news tags' words (site.yaml `tags`), each placed at its own line."""
    raw = v.value.get("tags", {})
    if not raw:
        return ()
    places = where(v, "tags")
    return tuple(TagWords(tag, text(words, lang), Where(places.of(tag), MappingProxyType({"words": places.of(tag)})))
                 for tag, words in sorted(raw.items()))


# --------------------------------------------------------------------------- prisoners
# The prisoners whose records are valid, the ids written in the file, the problems.
Loaded = tuple[tuple[Prisoner, ...], frozenset[str] | None, list[Problem]]


@dataclass(frozen=True)
class KeptPrisoners:
    """The prisoners a session last made: by their record's key, place and language, so that
    after an edit only the records that changed are made again; and the whole file's, for a
    build after an edit to another file. (A record's key holds the schema files' digest:
    nothing made under one schema is taken under another.)"""
    made: dict[tuple, Prisoner] = field(default_factory=dict)
    last: dict[str, tuple[tuple[bytes, str], Loaded, list[str]]] = field(default_factory=dict)


def load_prisoners(folder: Path, lang: str, parsed: ParsedCache | None = None,
                   jobs: int = 1, kept: KeptPrisoners | None = None) -> Loaded:
    """The prisoners whose records are valid; the ids written in the file, valid or not
    (None when the file could not be read), so that a mistake in one record does not
    also make every news post about that person wrong; the problems. `kept`: what the
    session made before (serve's)."""
    kept = KeptPrisoners() if kept is None else kept
    file = folder / "data/prisoners.yaml"
    raw = file.read_bytes() if file.is_file() else None
    parsed = ParsedCache(None) if parsed is None else parsed
    last = kept.last.get(lang)
    if last is not None and raw is not None and last[0] == (raw, parsed.schemas.digest):
        if parsed:                        # still wanted: the cache keeps them
            parsed.still_used(last[2])
        return last[1]                    # the very prisoners of the build before (serve)
    v, keys = load_records(folder, "data/prisoners.yaml", "prisoners.schema.json", parsed, jobs)
    if not isinstance(v.value, list):
        return (), None, v.problems
    made: dict[tuple, Prisoner] = {}
    prisoners = []
    for i, record in enumerate(v.value):
        if not is_clean(record):
            continue
        # the same record at the same line gives the same prisoner: serve keeps them
        key = (keys[i], v.marks[(i,)], lang) if keys else None
        found = kept.made.get(key) if key else None
        if found is None:
            found = prisoner(record, v, i, lang)
        if key is not None:
            made[key] = found
        prisoners.append(found)
    if keys:
        kept.made.clear()
        kept.made.update(made)
    ids = frozenset(record["id"] for record in v.value
                    if isinstance(record, dict) and isinstance(record.get("id"), str))
    loaded = (tuple(prisoners), ids, v.problems)
    kept.last.pop(lang, None)
    if keys and not v.problems and raw is not None:
        kept.last[lang] = ((raw, parsed.schemas.digest), loaded, keys)
    return loaded


def prisoner(raw: dict, v: Validated, i: int, lang: str) -> Prisoner:
    periods = tuple(
        CustodyPeriod(p["kind"], p["from"], p.get("until"), text(p.get("place"), lang),
                      text(p.get("note"), lang), where(v, i, "custody", n))
        for n, p in enumerate(raw["custody"]))
    released = raw.get("released")
    return Prisoner(
        id=raw["id"], name=text(raw["name"], lang), categories=tuple(raw["categories"]),
        custody=periods, summary=text(raw["summary"], lang),
        sources=tuple(source(s) for s in raw["sources"]), verified=raw["verified"],
        photo=raw.get("photo"), photo_credit=text(raw.get("photo_credit"), lang),
        born=partial_date(raw.get("born")),
        released=Release(released["on"], released["how"]) if released else None,
        died_on=raw["died"]["on"] if "died" in raw else None,
        charges=tuple(Charge(c["article"], text(c.get("description"), lang), where(v, i, "charges", n))
                      for n, c in enumerate(raw.get("charges", []))),
        sentence=text(raw.get("sentence"), lang), address=address_of(raw),
        featured=raw.get("featured", False),
        events=tuple(Event(partial_date(e["date"]), e["kind"], text(e["text"], lang), source(e["source"]),
                           where(v, i, "events", n))
                     for n, e in enumerate(raw.get("events", []))),
        last_reported=last_reported(raw, v, i, lang), letters=letters(raw.get("letters")),
        term=term(raw, v, i),
        where=where(v, i),
    )


def address_of(raw: dict) -> str | None:
    """The postal address: the sourced one of 'letters', else the older field."""
    sourced = raw.get("letters", {}).get("address")
    return sourced["text"] if sourced else raw.get("address")


def last_reported(raw: dict, v: Validated, i: int, lang: str) -> LastReported | None:
    found = raw.get("last_reported")
    if found is None:
        return None
    return LastReported(partial_date(found["on"]), text(found["place"], lang), source(found["source"]),
                        where(v, i, "last_reported"))


@overload
def sourced_text(raw: dict) -> SourcedText: ...
@overload
def sourced_text(raw: None) -> None: ...
def sourced_text(raw: dict | None) -> SourcedText | None:
    return SourcedText(raw["text"], source(raw["source"])) if raw else None


def letters(raw: dict | None) -> Letters | None:
    if raw is None:
        return None
    return Letters(sourced_text(raw["recipient"]), sourced_text(raw.get("address")),
                   source(raw["page"]) if "page" in raw else None)


def term(raw: dict, v: Validated, i: int) -> Term | None:
    found = raw.get("term")
    if found is None:
        return None
    return Term(found["regime"], found["in_force"], found.get("years", 0), found.get("months", 0),
                found.get("life", False), found.get("starts"), tuple(found.get("articles", ())),
                found.get("credit"), source(found["source"]) if "source" in found else None,
                where(v, i, "term"))


# --------------------------------------------------------------------------- members
def load_members(folder: Path, lang: str, parsed: ParsedCache | None = None
                 ) -> tuple[tuple[Member, ...], tuple[Facilitator, ...], list[Problem]]:
    v = load_validated(folder, "data/members.yaml", "members.schema.json", required=False, parsed=parsed)
    if v is None or not isinstance(v.value, dict):
        return (), (), v.problems if v else []
    members = tuple(
        Member(m["id"], text(m["name"], lang), tuple(m["countries"]), m["url"], m.get("founding", False),
               text(m.get("description"), lang), where(v, "members", i))
        for i, m in enumerate(items(v.value, "members")) if is_clean(m))
    facilitators = tuple(Facilitator(text(f["name"], lang), text(f["role"], lang),
                                     where(v, "facilitators", i))
                         for i, f in enumerate(items(v.value, "facilitators")) if is_clean(f))
    return members, facilitators, v.problems
