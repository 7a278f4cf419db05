"""Load content/news/*.md and content/pages/*.md: YAML front matter, then Markdown.
A file `<slug>.<lang>.md` beside `<slug>.md` is its translation into that language."""
from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from ..base.problems import Location, Problem
from ..model.records import NewsPost, Page, Translation
from .data import is_clean, source, validated_from, validated_to, where
from .parsed import ParsedCache
from .schema import NotOurs, Schemas, Validated, validate
from .source import compose_yaml, printable, read_text, split_front_matter

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")          # the whole name: fullmatch
# A translation takes these from its original; it may repeat them, but need not.
SHARED_FIELDS = frozenset({"date", "prisoners", "tags"})


def markdown_files(folder: Path, sub: str) -> list[tuple[Path, str]]:
    """(file, path relative to the source folder) for each .md file, sorted."""
    base = folder / "content" / sub
    if not base.is_dir():
        return []
    return [(f, f.relative_to(folder).as_posix()) for f in sorted(base.glob("*.md"))]


def read_front_matter(file: Path, rel: str, schema: str, optional: frozenset[str] = frozenset(),
                      parsed: ParsedCache | None = None):
    """(validated front matter, Markdown body, the body's first line, problems) of one file.
    `parsed`: the content cache of files read before, by their bytes."""
    parsed = ParsedCache(None) if parsed is None else parsed
    key = parsed.key(rel, schema, ",".join(sorted(optional)), file.read_bytes())
    if (hit := parsed.get(key, lambda plain: front_from(plain, rel, schema, optional, parsed.schemas))) is not None:
        return hit
    v, body, body_line, problems = read_and_validate(file, rel, schema, optional, parsed.schemas)
    if v is not None and not problems:
        parsed.keep(key, {**validated_to(v), "body": body, "body_line": body_line},
                    (v, body, body_line, []))
    return v, body, body_line, problems


def front_from(plain: dict, rel: str, schema: str, optional: frozenset[str], schemas: Schemas) -> tuple:
    """A file's front matter and Markdown as the content cache keeps them, checked again."""
    body, body_line = plain["body"], plain["body_line"]
    if not isinstance(body, str) or type(body_line) is not int or body_line < 1:
        raise NotOurs("not a body")
    return validated_from(plain, rel, schema, optional, schemas), body, body_line, []


def read_and_validate(file: Path, rel: str, schema: str, optional: frozenset[str], schemas: Schemas):
    text, problems = read_text(file, rel)
    if text is None:
        return None, "", 0, problems
    head, body, offset, problems = split_front_matter(text, rel)
    if problems:
        return None, "", 0, problems
    doc, problems = compose_yaml(head, rel, line_offset=offset)
    if doc is None:
        return None, "", 0, problems
    if doc.node is None:
        return None, "", 0, [Problem(Location(rel, 1, 1), "the fields at the top are empty; "
                                                           "a title is required")]
    v = validate(doc, schema, optional, schemas)
    return v, body, head.count("\n") + 3, v.problems     # after '---', the fields, '---'


def name_of(file: Path, rel: str, languages: tuple[str, ...]) -> tuple[str, str, list[Problem]]:
    """(slug, language, problems) of a content file: `about.md` is the default language's,
    `about.ru.md` its Russian translation."""
    stem, dot, code = file.stem.rpartition(".")
    if not dot:
        stem, code = file.stem, languages[0]
    elif code not in languages[1:]:
        return stem, code, [Problem(Location(rel, 1), language_problem(file.name, code, languages))]
    if SLUG.fullmatch(stem):
        return stem, code, []
    return stem, code, [Problem(Location(printable(rel), 1),
                                f"the file name '{printable(file.name)}' becomes the page's "
                                "address: use lowercase letters, digits and hyphens "
                                "only, like 2019-02-21-coalition-launch.md")]


def language_problem(name: str, code: str, languages: tuple[str, ...]) -> str:
    others = ", ".join(f".{c}.md" for c in languages[1:])
    if code == languages[0]:
        return (f"'{name}': the default language ({code}) is written without a language code: "
                f"rename it to {name.replace('.' + code + '.md', '.md')}")
    if not others:
        return (f"'{name}': '{code}' would be a language code, but this site has one language "
                f"({languages[0]}); add it to languages in data/site.yaml, or leave dots out of file names")
    return (f"'{name}': '{code}' is not one of this site's languages; a translation ends in "
            f"{others} (the languages in data/site.yaml)")


def orphan_problem(rel: str, slug: str, code: str) -> Problem:
    return Problem(Location(rel, 1), f"this is the '{code}' translation of '{slug}', but there is "
                                  f"no {slug}.md beside it to translate; add it, or rename this file")


class ContentFile(NamedTuple):
    """A news or page file, read and validated."""
    front: Validated                 # the fields at the top
    body: str                        # the Markdown
    body_line: int
    rel: str


def same_as_original(translated: Validated, original: dict, fields: tuple[str, ...]) -> list[Problem]:
    """A translation may leave out the fields it shares with its original, or repeat them."""
    problems, raw = [], translated.value
    for name in fields:
        if name in raw and raw[name] != original.get(name):
            theirs = original.get(name)
            problems.append(Problem(translated.at(name),
                                    f"{name} differs from the original's ({fmt(theirs)}): a "
                                    f"translation takes its {name} from the original; make them "
                                    "the same, or leave it out"))
    return problems


def fmt(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]" if value else "none"
    return "none" if value is None else str(value)


def read_all(folder: Path, sub: str, schema: str, languages: tuple[str, ...],
             parsed: ParsedCache | None = None):
    """Every file of a content folder, read and validated: (originals, translations,
    problems); originals by slug, translations by (slug, language)."""
    originals, translations, problems = {}, {}, []
    for file, rel in markdown_files(folder, sub):
        slug, code, found = name_of(file, rel, languages)
        if found:
            problems += found
            continue
        shared = SHARED_FIELDS if code != languages[0] else frozenset()
        v, body, body_line, found = read_front_matter(file, rel, schema, shared, parsed)
        problems += found
        if found or v is None or not is_clean(v.value):
            continue
        entry = ContentFile(v, body, body_line, rel)
        if code == languages[0]:
            originals[slug] = entry
        else:
            translations[slug, code] = entry
    for (slug, code), entry in translations.items():
        if slug not in originals and not (folder / "content" / sub / f"{slug}.md").is_file():
            problems.append(orphan_problem(entry.rel, slug, code))
    return originals, translations, problems


def translation(code: str, file: ContentFile) -> Translation:
    raw = file.front.value
    return Translation(code, raw["title"], file.body, raw.get("summary"),
                       source(raw["source"]) if "source" in raw else None,
                       raw.get("draft", False), where(file.front), file.body_line)


DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


def date_in_name(slug: str, day: dt.date, front: Validated) -> list[Problem]:
    """A post named 2026-01-15-hearing.md is dated 2026-01-15: two dates that differ
    mean one of them is wrong, and the reader sees the wrong one."""
    match = DATED.match(slug)             # a prefix: the rest of the name is the slug
    if not match or match.group(1) == day.isoformat():
        return []
    return [Problem(front.at("date"), f"the date {day} differs from the date in the file "
                                      f"name ({match.group(1)}); correct the date, or rename "
                                      f"the file to {day}-{slug[11:]}.md (and its translations)")]


def load_news(folder: Path, timezone: str, languages: tuple[str, ...] = ("en",),
              parsed: ParsedCache | None = None) -> tuple[tuple[NewsPost, ...], list[Problem]]:
    zone = zoneinfo.ZoneInfo(timezone)
    originals, translated, problems = read_all(folder, "news", "news.schema.json", languages, parsed)
    posts = []
    for slug, (v, body, body_line, _) in originals.items():
        raw = v.value
        moment = raw["date"] if isinstance(raw["date"], dt.datetime) else None
        day = moment.astimezone(zone).date() if moment else raw["date"]
        misdated = date_in_name(slug, day, v)
        problems += misdated
        # a misdated original is the mistake: translations that repeat the right date are not
        shared = tuple(sorted(SHARED_FIELDS - ({"date"} if misdated else set())))
        versions = {}
        for code in languages[1:]:
            if (slug, code) in translated:
                found = same_as_original(translated[slug, code].front, raw, shared)
                problems += found
                if not found:
                    versions[code] = translation(code, translated[slug, code])
        posts.append(NewsPost(
            slug=slug, title=raw["title"], date=day, summary=raw["summary"], body=body,
            time=moment, tags=tuple(raw.get("tags", [])), prisoners=tuple(raw.get("prisoners", [])),
            source=source(raw["source"]) if "source" in raw else None,
            draft=raw.get("draft", False), where=where(v), body_line=body_line,
            lang=languages[0], translations=MappingProxyType(versions)))
    return tuple(posts), problems


def load_pages(folder: Path, languages: tuple[str, ...] = ("en",),
               parsed: ParsedCache | None = None) -> tuple[tuple[Page, ...], list[Problem]]:
    originals, translated, problems = read_all(folder, "pages", "page.schema.json", languages, parsed)
    pages = []
    for slug, (v, body, body_line, _) in originals.items():
        raw = v.value
        versions = {code: translation(code, translated[slug, code])
                    for code in languages[1:] if (slug, code) in translated}
        pages.append(Page(slug, raw["title"], body, raw.get("summary"), raw.get("draft", False),
                          where(v), body_line, languages[0], MappingProxyType(versions)))
    return tuple(pages), problems
