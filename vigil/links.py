"""Links that maintainers write in Markdown: each must be a web address, an e-mail
address, or a path to a page or file this site has. The sanitizer would silently
drop a `javascript:` link and a browser would 404 on a mistyped path; here both
become problems at their line, before anything is published."""
from __future__ import annotations

import functools
import re
from types import MappingProxyType
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from .model import Content, Text
from .problems import Location, Problem, did_you_mean

# [text](url) and ![alt](src); a url may hold balanced parentheses, like Markdown allows.
INLINE = re.compile(r"\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)")      # [name]: url
HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
SCHEMES = ("http", "https", "mailto")


@functools.lru_cache(maxsize=65536)       # serve looks at the same texts after each edit
def links_in(markdown: str) -> tuple[tuple[int, str], ...]:
    """(line within the text, from 0; link) for each link in a Markdown text."""
    found = []
    for number, line in enumerate(markdown.splitlines()):
        for pattern in (INLINE, REFERENCE, HTML):
            found += [(number, match.group(1)) for match in pattern.finditer(line)]
    return tuple(found)


def markdown_sources(content: Content) -> Iterable[tuple[Location, bool, str]]:
    """(where the text starts, whether lines can be counted from there, Markdown)."""
    for item in (*content.news, *content.pages):
        for words in (item, *item.translations.values()):
            yield Location(words.where.record.path, words.body_line), True, words.body
    for prisoner in content.prisoners:
        for text in _texts(prisoner.summary):
            yield prisoner.where.of("summary"), False, text


def _texts(value: Text) -> list[str]:
    return [value.by_lang[lang] for lang in sorted(value.by_lang)]


def check_links(content: Content, site_paths: set[str], unsure: tuple[str, ...] = (),
                renamed: Mapping[str, str] = MappingProxyType({})) -> list[Problem]:
    """`site_paths`: every path the site has, from its root ('/', '/prisoners/x/', '/static/...');
    `unsure`: folders whose pages are not known (their file could not be read): not checked;
    `renamed`: the stylesheets and scripts, by their plain paths, with the hashed paths they
    are published at."""
    problems = []
    for start, countable, markdown in markdown_sources(content):
        for number, link in links_in(markdown):
            if link.startswith(unsure) and link not in unsure:
                continue
            message = link_problem(link, site_paths, renamed)
            if message:
                where = Location(start.path, start.line + number) if countable else start
                problems.append(Problem(where, message))
    return problems


def link_problem(link: str, site_paths: set[str],
                 renamed: Mapping[str, str] = MappingProxyType({})) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in SCHEMES or link.startswith("#"):
        return None
    if parts.scheme or link.startswith("//"):
        return (f"the link '{link}' is not allowed: write a web address starting with https://, "
                "an e-mail address with mailto:, or a path on this site starting with /")
    if not link.startswith("/"):
        return (f"the link '{link}' does not start with /: write paths on this site from its "
                f"root, like /prisoners/oleg-sentsov/")
    if parts.path in site_paths:
        return None
    if parts.path in renamed:
        return (f"the link '{link}' leads to a stylesheet or script, which is published under a "
                f"name that changes with its content (now '{renamed[parts.path]}'), so no link to "
                "it stays right; the templates link these files, a text should not")
    if parts.path + "/" in site_paths:
        return f"the link '{link}' leads nowhere; did you mean '{parts.path}/'?"
    return f"the link '{link}' leads to no page of this site{did_you_mean(parts.path, site_paths)}"
