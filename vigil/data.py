"""Load data/site.yaml, data/prisoners.yaml and data/members.yaml into the model."""
from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from .model import (Charge, CustodyPeriod, Facilitator, Headline, Member, Prisoner,
                    Release, SiteConfig, SocialLink, Source, Text, Where)
from .problems import Location, Problem
from .cache import KEEP, ParsedCache
from .schema import INVALID, Validated, validate
from .source import load_yaml_file


def load_validated(folder: Path, rel: str, schema: str, required: bool = True,
                   parsed: ParsedCache | None = None) -> Validated | None:
    """The file validated against its schema; None (with a problem if required) if absent.
    `parsed`: the content cache of files read before, by their bytes."""
    file = folder / rel
    if not file.is_file():
        if not required:
            return None
        return Validated(INVALID, problems=[Problem(Location(rel, 1), "this file is missing")])
    key = ParsedCache.key(rel, schema, file.read_bytes()) if parsed else ""
    if parsed and (hit := parsed.get(key)) is not None:
        return Validated(*hit)
    doc, problems = load_yaml_file(file, rel)
    if doc is None:
        return Validated(INVALID, problems=problems)
    v = validate(doc, schema)
    if parsed and not v.problems:
        parsed.keep(key, (v.value, v.marks))
    return v


def is_clean(value: Any) -> bool:
    """True when nothing inside `value` failed validation."""
    if value is INVALID:
        return False
    if isinstance(value, dict):
        return all(is_clean(v) for v in value.values())
    if isinstance(value, list):
        return all(is_clean(v) for v in value)
    return True


def text(value: str | dict | None, lang: str) -> Text | None:
    """A text field: a plain string is in the site's default language."""
    if value is None:
        return None
    return Text(MappingProxyType(dict(value) if isinstance(value, dict) else {lang: value}))


def where(v: Validated, *path: str | int) -> Where:
    value = v.value
    for part in path:
        value = value[part]
    fields = {name: v.marks[path + (name,)] for name in value if path + (name,) in v.marks}
    return Where(v.at(*path), MappingProxyType(fields))


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
                        source(earlier["source"]) if "source" in earlier else None)
    base_url = raw["base_url"] if raw["base_url"].endswith("/") else raw["base_url"] + "/"
    return SiteConfig(
        title=text(raw["title"], lang), purpose=text(raw["purpose"], lang), base_url=base_url,
        timezone=raw["timezone"], headline=headline, languages=languages,
        tagline=text(raw.get("tagline"), lang),
        social=tuple(SocialLink(s["name"], s["url"]) for s in raw.get("social", [])),
        contact=raw.get("contact"), verify_every_days=raw.get("verify_every_days", 180),
        where=where(v),
    ), v.problems


# --------------------------------------------------------------------------- prisoners
def load_prisoners(folder: Path, lang: str, parsed: ParsedCache | None = None) -> tuple[tuple[Prisoner, ...], frozenset[str] | None, list[Problem]]:
    """The prisoners whose records are valid; the ids written in the file, valid or not
    (None when the file could not be read), so that a mistake in one record does not
    also make every news post about that person wrong; the problems."""
    v = load_validated(folder, "data/prisoners.yaml", "prisoners.schema.json", parsed=parsed)
    if not isinstance(v.value, list):
        return (), None, v.problems
    last = _BUILT.get(lang)
    if not v.problems and last is not None and last[0] is v.value:
        return last[1]                    # the very records of the build before (serve)
    prisoners = tuple(prisoner(raw, v, i, lang) for i, raw in enumerate(v.value) if is_clean(raw))
    ids = frozenset(raw["id"] for raw in v.value
                    if isinstance(raw, dict) and isinstance(raw.get("id"), str))
    if not v.problems and KEEP["in_memory"]:
        _BUILT[lang] = (v.value, (prisoners, ids, []))
    return prisoners, ids, v.problems


# The prisoners last made in this process from the records the content cache gave it
# (kept with those records): a file unchanged since the build before, in `serve`,
# gives the very same records, and so the same prisoners without making them again.
_BUILT: dict[str, tuple] = {}


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
        born=raw.get("born"),
        released=Release(released["on"], released["how"]) if released else None,
        died_on=raw["died"]["on"] if "died" in raw else None,
        charges=tuple(Charge(c["article"], text(c.get("description"), lang), where(v, i, "charges", n))
                      for n, c in enumerate(raw.get("charges", []))),
        sentence=text(raw.get("sentence"), lang), address=raw.get("address"),
        featured=raw.get("featured", False), where=where(v, i),
    )


# --------------------------------------------------------------------------- members
def load_members(folder: Path, lang: str, parsed: ParsedCache | None = None) -> tuple[tuple[Member, ...], tuple[Facilitator, ...], list[Problem]]:
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
