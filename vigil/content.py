"""Load content/news/*.md and content/pages/*.md: YAML front matter, then Markdown."""
from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

from .data import is_clean, source, where
from .model import NewsPost, Page
from .problems import Location, Problem
from .schema import validate
from .source import compose_yaml, read_text, split_front_matter

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def markdown_files(folder: Path, sub: str) -> list[tuple[Path, str]]:
    """(file, path relative to the source folder) for each .md file, sorted."""
    base = folder / "content" / sub
    if not base.is_dir():
        return []
    return [(f, f.relative_to(folder).as_posix()) for f in sorted(base.glob("*.md"))]


def read_front_matter(file: Path, rel: str, schema: str):
    """(validated front matter, Markdown body, the body's first line, problems) of one file."""
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
    v = validate(doc, schema)
    return v, body, head.count("\n") + 3, v.problems     # after '---', the fields, '---'


def slug_problem(file: Path, rel: str) -> list[Problem]:
    if SLUG.match(file.stem):
        return []
    return [Problem(Location(rel), f"the file name '{file.name}' becomes the page's address: "
                                   "use lowercase letters, digits and hyphens only, like "
                                   "2019-02-21-coalition-launch.md")]


def load_news(folder: Path, timezone: str) -> tuple[tuple[NewsPost, ...], list[Problem]]:
    zone = zoneinfo.ZoneInfo(timezone)
    posts, problems = [], []
    for file, rel in markdown_files(folder, "news"):
        v, body, body_line, found = read_front_matter(file, rel, "news.schema.json")
        found += slug_problem(file, rel)
        problems += found
        if found or v is None or not is_clean(v.value):
            continue
        raw = v.value
        moment = raw["date"] if isinstance(raw["date"], dt.datetime) else None
        day = moment.astimezone(zone).date() if moment else raw["date"]
        posts.append(NewsPost(
            slug=file.stem, title=raw["title"], date=day, summary=raw["summary"], body=body,
            time=moment, tags=tuple(raw.get("tags", [])), prisoners=tuple(raw.get("prisoners", [])),
            source=source(raw["source"]) if "source" in raw else None,
            draft=raw.get("draft", False), where=where(v), body_line=body_line))
    return tuple(posts), problems


def load_pages(folder: Path) -> tuple[tuple[Page, ...], list[Problem]]:
    pages, problems = [], []
    for file, rel in markdown_files(folder, "pages"):
        v, body, body_line, found = read_front_matter(file, rel, "page.schema.json")
        found += slug_problem(file, rel)
        problems += found
        if found or v is None or not is_clean(v.value):
            continue
        raw = v.value
        pages.append(Page(file.stem, raw["title"], body, raw.get("summary"),
                          raw.get("draft", False), where(v), body_line))
    return tuple(pages), problems
