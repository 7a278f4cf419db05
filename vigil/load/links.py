"""Links that maintainers write in Markdown: each must be a web address, an e-mail
address, or a path to a page or file this site has. The sanitizer would silently
drop a `javascript:` link and a browser would 404 on a mistyped path; here both
become problems at their line, before anything is published.

The links are read from the HTML the Markdown becomes, before and after the sanitizer:
what is published is checked (whatever way the Markdown wrote it: an unquoted attribute,
an escaped character), and what the sanitizer drops is reported, not lost unseen."""
from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Mapping, Sequence
from html.parser import HTMLParser
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from ..base.problems import Location, Problem, did_you_mean
from ..cache.store import Store, digest
from ..model.records import Content, NewsPost, Page, Text, placed
from .markup import Rebase, converted, is_scheme_relative, renderer, sanitize
from .source import printable

SCHEMES = ("http", "https", "mailto")


class _Addresses(HTMLParser):
    """Every (tag, attribute, value) of an href or a src in a piece of HTML, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value) for name, value in attrs
                       if name in ("href", "src") and value is not None]

    handle_startendtag = handle_starttag


def addresses(html_text: str) -> list[tuple[str, str, str]]:
    parser = _Addresses()
    parser.feed(html_text)
    parser.close()
    return parser.found


@functools.cache
def _markdown():
    return renderer()


# (line within the text, from 0; the tag, like 'a' or 'img'; the link; whether the published
# HTML keeps it), for each link and picture of a Markdown text
Links = tuple[tuple[int, str, str, bool], ...]


@functools.lru_cache(maxsize=65536)       # serve looks at the same texts after each edit
def links_in(markdown: str) -> Links:
    """Each link and picture of a Markdown text, as its HTML has them."""
    if not may_link(markdown):
        return ()
    md = _markdown()
    md.reset()
    made = md.convert(markdown)
    md.reset()
    return links_of(markdown, made)


def may_link(markdown: str) -> bool:
    return "[" in markdown or "<" in markdown       # no link can be written without


def links_of(markdown: str, made: str) -> Links:
    """The links of a Markdown text, from `made`, Python-Markdown's own HTML of it."""
    if not may_link(markdown):
        return ()
    written, kept = addresses(made), addresses(sanitize(made, Rebase()))
    lines = markdown.splitlines()
    found, line = [], 0
    for tag, name, value in written:
        published = (tag, name, value) in kept
        if published:
            kept.remove((tag, name, value))
        line = line_of(value, lines, line)
        found.append((line, tag, value, published))
    return tuple(found)


def convert_finding_links(texts: Sequence[tuple[str, int, tuple[Rebase, ...]]]) -> list[tuple[list[str], Links]]:
    """markup.convert's finished HTML of each text, with its links: the link check then
    need not convert the text again."""
    md = renderer()
    found = []
    for text, top, rebases in texts:
        made, htmls = converted(md, text, top, rebases)
        found.append((htmls, links_of(text, made)))
    return found


def all_links(content: Content, fresh: Mapping[str, Links], store: Store) -> dict[str, Links]:
    """The links of every Markdown text the link check reads, by text: those found while
    converting it (`fresh`), else those of the store's links.json (by a digest of the
    text), else found now; links.json then holds exactly these. (A night's build takes its
    HTML from the content cache: without links.json it would convert every text for this.)"""
    stored = store.read_json("links")
    texts = sorted({markdown for _, _, markdown in markdown_sources(content)})
    keys = {text: digest(text) for text in texts}
    found = {}
    for text in texts:
        cached = as_links(stored.get(keys[text]))
        found[text] = fresh[text] if text in fresh else cached if cached is not None else links_in(text)
    entries = {keys[text]: [list(link) for link in found[text]] for text in texts}
    if entries != stored:
        store.write_json("links", entries)
    return found


def as_links(value: Any) -> Links | None:
    """Links as links.json holds them (a list of [line, tag, link, published]); None for
    anything else."""
    if not isinstance(value, list):
        return None
    found = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 4 and type(item[0]) is int and item[0] >= 0
                and isinstance(item[1], str) and isinstance(item[2], str) and type(item[3]) is bool):
            return None
        found.append((item[0], item[1], item[2], item[3]))
    return tuple(found)


def line_of(link: str, lines: list[str], start: int) -> int:
    """The first line, from `start` on (links come in order), that holds the link as
    written, or with its characters as HTML entities; else `start`."""
    def holds(line: str) -> bool:
        return link in line or link in html.unescape(line)
    for number in range(start, len(lines)):
        if holds(lines[number]):
            return number
    return next((n for n in range(start) if holds(lines[n])), start)


def markdown_sources(content: Content) -> Iterable[tuple[Location, bool, str]]:
    """(where the text starts, whether lines can be counted from there, Markdown)."""
    written: tuple[NewsPost | Page, ...] = (*content.news, *content.pages)
    for item in written:
        for words in (item, *item.translations.values()):
            yield Location(placed(words.where).record.path, words.body_line), True, words.body
    for prisoner in content.prisoners:
        for text in _texts(prisoner.summary):
            yield placed(prisoner.where).of("summary"), False, text


def _texts(value: Text) -> list[str]:
    return [value.by_lang[lang] for lang in sorted(value.by_lang)]


def check_links(content: Content, site_paths: set[str], unsure: tuple[str, ...] = (),
                renamed: Mapping[str, str] = MappingProxyType({}),
                known: Mapping[str, Links] = MappingProxyType({})) -> list[Problem]:
    """`site_paths`: every path the site has, from its root ('/', '/prisoners/x/', '/static/...');
    `unsure`: folders whose pages are not known (their file could not be read): not checked;
    `renamed`: the stylesheets and scripts, by their plain paths, with the hashed paths they
    are published at; `known`: the links of texts converted already (links_of), by text."""
    problems = []
    for start, countable, markdown in markdown_sources(content):
        found = known[markdown] if markdown in known else links_in(markdown)
        for number, tag, link, published in found:
            if published and link.startswith(unsure) and link not in unsure:
                continue
            message = link_problem(link, site_paths, renamed) if published else dropped_problem(tag, link)
            if message:
                where = Location(start.path, start.line + number) if countable else start
                problems.append(Problem(where, message))
    return problems


def dropped_problem(tag: str, link: str) -> str:
    """Why the sanitizer left out a link or picture the text has."""
    shown = printable(link)
    if tag not in ("a", "img"):
        return (f"'{shown}' is in a <{tag}>, which the site does not publish; a text may have "
                "links and pictures from this site")
    if is_scheme_relative(link):
        return (f"the link '{shown}' leads to another site while looking like a path on this one; "
                "write a web address starting with https://, or a path on this site starting "
                "with a single /")
    if tag == "img" and urlsplit(link).scheme in ("http", "https"):
        return (f"the picture '{shown}' is on another site, which would learn the address of "
                "everyone who reads the page or the feed; put the picture under static/ and "
                "write its path, like /static/img/news/photo.jpg")
    return (f"the link '{shown}' is not allowed: write a web address starting with https://, "
            "an e-mail address with mailto:, or a path on this site starting with /")


def link_problem(link: str, site_paths: set[str],
                 renamed: Mapping[str, str] = MappingProxyType({})) -> str | None:
    parts = urlsplit(link)
    shown = printable(link)
    if parts.scheme in SCHEMES or link.startswith("#"):
        return None
    if parts.scheme or is_scheme_relative(link):
        return (f"the link '{shown}' is not allowed: write a web address starting with https://, "
                "an e-mail address with mailto:, or a path on this site starting with /")
    if not link.startswith("/"):
        return (f"the link '{shown}' does not start with /: write paths on this site from its "
                f"root, like /prisoners/oleg-sentsov/")
    if parts.path in site_paths:
        return None
    if parts.path in renamed:
        return (f"the link '{shown}' leads to a stylesheet or script, which is published under a "
                f"name that changes with its content (now '{renamed[parts.path]}'), so no link to "
                "it stays right; the templates link these files, a text should not")
    if parts.path + "/" in site_paths:
        return f"the link '{shown}' leads nowhere; did you mean '{parts.path}/'?"
    return f"the link '{shown}' leads to no page of this site{did_you_mean(parts.path, site_paths)}"
