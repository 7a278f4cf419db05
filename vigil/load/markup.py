"""Markdown to safe HTML: Python-Markdown renders, nh3 removes anything unsafe.

nh3 (the Rust `ammonia` sanitizer) keeps an allow-list of tags and attributes and
drops scripts, event handlers and `javascript:` links, whatever the Markdown holds.
The rebase (`Rebase`) drops what leaves the site unseen: a picture from another site
(whose host would learn every reader's address, from the pages and the feed), and a link
that only looks like a path on the site (`//host`, `/\\host`: a browser goes to that host).
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import nh3

from ..cache.store import digest

TAGS = {"a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
        "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p",
        "pre", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
        "tr", "ul"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "img": {"src", "alt", "title", "width", "height"},
              "abbr": {"title"}, "td": {"align"}, "th": {"align"}, "*": {"id", "lang"}}
SCHEMES = {"http", "https", "mailto"}
# Python-Markdown's settings: the content cache names them, so a change makes it anew.
SETTINGS: dict[str, Any] = {"extensions": ["extra", "sane_lists", "toc"],
                            "extension_configs": {"toc": {"toc_depth": "2-4"}}, "output_format": "html"}


# Everything the cached HTML depends on besides the text itself and the language's rebase:
# the renderer's and the sanitizer's versions and settings (part of the cache store's stamp).
RENDERER = json.dumps({"markdown": markdown.__version__, "nh3": getattr(nh3, "__version__", ""),
                       "settings": SETTINGS,
                       "sanitizer": [sorted(TAGS), {k: sorted(v) for k, v in ATTRIBUTES.items()},
                                     sorted(SCHEMES)]}, sort_keys=True)


def renderer() -> markdown.Markdown:
    return markdown.Markdown(**SETTINGS)


# What a browser removes from an address before it reads it: tabs and line breaks anywhere,
# and controls and spaces at both ends.
IGNORED_IN_ADDRESS = re.compile(r"[\t\n\r]")
ADDRESS_ENDS = "".join(map(chr, range(0x21)))


def as_browser_reads(value: str) -> str:
    """An address as a browser reads it: without what it ignores, '\\' as '/' (in web
    addresses and paths, browsers take one for the other), percent-escapes decoded."""
    cleaned = IGNORED_IN_ADDRESS.sub("", value).strip(ADDRESS_ENDS)
    return unquote(cleaned).replace("\\", "/")


def is_scheme_relative(value: str) -> bool:
    """'//host/...', or one written to look like a path ('/\\host', '\\\\host', '/%2Fhost',
    ' //host'): a browser leads it to another host."""
    return as_browser_reads(value).startswith("//")


def leaves_site(tag: str, attribute: str, value: str) -> bool:
    """A link to another host that does not say so; or a picture from another site."""
    if attribute not in ("href", "src"):
        return False
    if is_scheme_relative(value):
        return True
    return tag == "img" and attribute == "src" and bool(urlsplit(as_browser_reads(value)).scheme)


@dataclass(frozen=True, order=True)
class Rebase:
    """How a language's pages lead site paths in links ("/prisoners/..."): into the site's
    base path and the language's folder (`prefix`, like 'ru/'), so that a Russian post leads
    to Russian pages; paths under `shared` ("static/") are the same in every language.
    With an `origin` ('https://example.org'), into absolute addresses, as a feed needs them."""
    base_path: str = "/"
    prefix: str = ""
    shared: tuple[str, ...] = ()
    origin: str = ""

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if leaves_site(tag, attribute, value):
            return None                          # the attribute goes; the text stays
        if attribute in ("href", "src") and value.startswith("/"):
            path = value[1:]
            return self.origin + self.base_path + ("" if path.startswith(self.shared) else self.prefix) + path
        return value

    def absolute(self, origin: str) -> Rebase:
        return replace(self, origin=origin)


class Conversions:
    """Every Markdown text the site shows, as finished HTML. The model stage says what it
    wants (`want`: a text, the level of its top heading, and each language's rebase it
    is shown with); `pipeline.convert_all` then makes all of it at once, from the content cache or
    in parallel, before any page is rendered. A text that every language shows (one not
    yet translated) is converted once; only the fast sanitizer runs once a language."""

    def __init__(self):
        self.wanted: dict[tuple[str, int], set[Rebase]] = {}
        self.html: dict[tuple[str, int, Rebase], str] = {}

    def want(self, text: str, top_heading: int, rebase: Rebase) -> None:
        self.wanted.setdefault((text, top_heading), set()).add(rebase)

    def items(self) -> list[tuple[str, int, Rebase]]:
        return [(text, top, rebase) for (text, top), rebases in self.wanted.items()
                for rebase in rebases]

    def missing(self) -> list[tuple[str, int, tuple[Rebase, ...]]]:
        """(text, top heading, the rebases its HTML is still needed with), in a fixed order."""
        found = []
        for (text, top), rebases in sorted(self.wanted.items()):
            needed = tuple(sorted(r for r in rebases if (text, top, r) not in self.html))
            if needed:
                found.append((text, top, needed))
        return found

    def add(self, missing, converted: list[list[str]]) -> None:
        for (text, top, rebases), htmls in zip(missing, converted, strict=True):
            self.html.update({(text, top, r): h for r, h in zip(rebases, htmls, strict=True)})


def convert(texts: Sequence[tuple[str, int, tuple[Rebase, ...]]]) -> list[list[str]]:
    """For each (text, top heading level, rebases): Python-Markdown's HTML, its headings
    placed, sanitized once for each rebase."""
    md = renderer()
    return [converted(md, text, top, rebases)[1] for text, top, rebases in texts]


def converted(md: markdown.Markdown, text: str, top: int, rebases: Sequence[Rebase]) -> tuple[str, list[str]]:
    """Python-Markdown's own HTML of a text (what the link check reads), and the finished
    HTML for each rebase: its headings placed, sanitized."""
    md.reset()
    made = md.convert(text)
    html = place_headings(made, top)
    return made, [sanitize(html, rebase) for rebase in rebases]


def sanitize(html: str, rebase: Rebase) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True, attribute_filter=rebase)


# The same allow-list, for HTML that was sanitized (and its links led) before: what the
# content cache gives back goes through it again as it is.
_AGAIN = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


def resanitize(html: str) -> str:
    """Finished HTML through the sanitizer again, its links as they are: the same HTML, when
    the sanitizer made it; without what it would have removed, when anything else did."""
    return _AGAIN.clean(html)


class Markdown:
    """The Markdown of one language's pages: `html` gives a text's finished HTML, once
    `convert_all` has made it; `to_html` makes one at once (for tests and one-offs)."""

    def __init__(self, base_path: str = "/", prefix: str = "", shared: tuple[str, ...] = (),
                 converted: Conversions | None = None):
        self.rebase = Rebase(base_path, prefix, shared)
        self.converted = Conversions() if converted is None else converted

    def html(self, text: str, top_heading: int = 2) -> Html:
        """`top_heading`: the level of the text's highest heading, one below the heading
        the text sits under (2 under the page's h1)."""
        self.converted.want(text, top_heading, self.rebase)
        return Html(text, top_heading, self.rebase, self.converted)

    def to_html(self, text: str, top_heading: int = 2) -> str:
        return convert([(text, top_heading, (self.rebase,))])[0][0]


HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def place_headings(html: str, top: int) -> str:
    """Move every heading by as many levels as makes the highest one an h`top` (none past
    h6): a page keeps one h1, its title, and no level is skipped under the heading the text
    sits under, whether its author began with `#` or with `##`."""
    levels = [int(level) for _, level in HEADING_TAG.findall(html)]
    by = top - min(levels, default=top)
    if by == 0:
        return html
    return HEADING_TAG.sub(lambda tag: f"<{tag[1]}h{min(int(tag[2]) + by, 6)}", html)


@dataclass(frozen=True)
class Html:
    """A Markdown text as a page shows it: safe HTML for Jinja (`__html__`), made before any
    page is rendered; `|string` gives it as text (a feed escapes it). The same text, top
    heading and rebase give the same HTML: two are equal when those are."""
    text: str
    top_heading: int
    rebase: Rebase
    converted: Conversions = field(repr=False, compare=False)

    def __html__(self) -> str:
        return self.converted.html[self.text, self.top_heading, self.rebase]

    def __str__(self) -> str:
        return self.__html__()

    def rebased(self, rebase: Rebase) -> Html:
        """The same text with its links led by another rebase (made, like every other, before
        any page is rendered)."""
        self.converted.want(self.text, self.top_heading, rebase)
        return Html(self.text, self.top_heading, rebase, self.converted)


# --------------------------------------------------------------------------- the cache
def cache_key(text: str, top_heading: int, rebase) -> str:
    """The key of a Markdown text's finished HTML in one language's pages (`rebase`: how
    its links are led into that language's folder)."""
    return digest(str(top_heading), text, rebase.base_path, rebase.prefix, rebase.origin, *rebase.shared)


def plain_text(text: str) -> str:
    """Markdown as one line of plain text, for a description read away from the site:
    headings left out, a link as its words, no marks of emphasis or of a list item."""
    lines = [line.strip() for line in text.splitlines() if not line.lstrip().startswith("#")]
    words = " ".join(re.sub(r"^([-*+]|\d+\.)\s+", "", line) for line in lines)
    words = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", words)
    words = re.sub(r"\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", words)
    return re.sub(r"\s+", " ", words).strip()
