"""Markdown to safe HTML: Python-Markdown renders, nh3 removes anything unsafe.

nh3 (the Rust `ammonia` sanitizer) keeps an allow-list of tags and attributes and
drops scripts, event handlers and `javascript:` links, whatever the Markdown holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import markdown
import nh3

TAGS = {"a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
        "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p",
        "pre", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
        "tr", "ul"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "img": {"src", "alt", "title", "width", "height"},
              "abbr": {"title"}, "td": {"align"}, "th": {"align"}, "*": {"id", "lang"}}
SCHEMES = {"http", "https", "mailto"}
# Python-Markdown's settings: the content cache names them, so a change makes it anew.
SETTINGS = {"extensions": ["extra", "sane_lists", "toc"],
            "extension_configs": {"toc": {"toc_depth": "2-4"}}, "output_format": "html"}


def renderer() -> markdown.Markdown:
    return markdown.Markdown(**SETTINGS)


@dataclass(frozen=True, order=True)
class Rebase:
    """How a language's pages lead site paths in links ("/prisoners/..."): into the site's
    base path and the language's folder (`prefix`, like 'ru/'), so that a Russian post leads
    to Russian pages; paths under `shared` ("static/") are the same in every language."""
    base_path: str = "/"
    prefix: str = ""
    shared: tuple[str, ...] = ()

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src") and value.startswith("/") and not value.startswith("//"):
            path = value[1:]
            return self.base_path + ("" if path.startswith(self.shared) else self.prefix) + path
        return value


class Conversions:
    """Every Markdown text the site shows, as finished HTML. The model stage says what it
    wants (`want`: a text, its heading shift, and each language's rebase it is shown
    with); `pipeline.convert_all` then makes all of it at once, from the content cache or
    in parallel, before any page is rendered. A text that every language shows (one not
    yet translated) is converted once; only the fast sanitizer runs once a language."""

    def __init__(self):
        self.wanted: dict[tuple[str, int], set[Rebase]] = {}
        self.html: dict[tuple[str, int, Rebase], str] = {}

    def want(self, text: str, heading_shift: int, rebase: Rebase) -> None:
        self.wanted.setdefault((text, heading_shift), set()).add(rebase)

    def items(self) -> list[tuple[str, int, Rebase]]:
        return [(text, shift, rebase) for (text, shift), rebases in self.wanted.items()
                for rebase in rebases]

    def missing(self) -> list[tuple[str, int, tuple[Rebase, ...]]]:
        """(text, shift, the rebases its HTML is still needed with), in a fixed order."""
        found = []
        for (text, shift), rebases in sorted(self.wanted.items()):
            needed = tuple(sorted(r for r in rebases if (text, shift, r) not in self.html))
            if needed:
                found.append((text, shift, needed))
        return found

    def add(self, missing, converted: list[list[str]]) -> None:
        for (text, shift, rebases), htmls in zip(missing, converted, strict=True):
            self.html.update({(text, shift, r): h for r, h in zip(rebases, htmls, strict=True)})


def convert(texts: list[tuple[str, int, tuple[Rebase, ...]]]) -> list[list[str]]:
    """For each (text, heading shift, rebases): Python-Markdown's HTML, headings shifted,
    sanitized once for each rebase."""
    md = renderer()
    found = []
    for text, shift, rebases in texts:
        md.reset()
        html = md.convert(text)
        html = shift_headings(html, shift) if shift else html
        found.append([sanitize(html, rebase) for rebase in rebases])
    return found


def sanitize(html: str, rebase: Rebase) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True, attribute_filter=rebase)


class Markdown:
    """The Markdown of one language's pages: `html` gives a text's finished HTML, once
    `convert_all` has made it; `to_html` makes one at once (for tests and one-offs)."""

    def __init__(self, base_path: str = "/", prefix: str = "", shared: tuple[str, ...] = (),
                 converted: Conversions | None = None):
        self.rebase = Rebase(base_path, prefix, shared)
        self.converted = Conversions() if converted is None else converted

    def html(self, text: str, heading_shift: int = 1) -> "Html":
        self.converted.want(text, heading_shift, self.rebase)
        return Html(text, heading_shift, self.rebase, self.converted)

    def to_html(self, text: str, heading_shift: int = 0) -> str:
        return convert([(text, heading_shift, (self.rebase,))])[0][0]


def shift_headings(html: str, by: int) -> str:
    """Move headings down (h1 -> h2) so a page keeps one h1, its title."""
    for level in range(6 - by, 0, -1):
        html = html.replace(f"<h{level}", f"<h{level + by}").replace(f"</h{level}>", f"</h{level + by}>")
    return html


@dataclass(frozen=True)
class Html:
    """A Markdown text as a page shows it: safe HTML for Jinja (`__html__`), made before any
    page is rendered; `|string` gives it as text (a feed escapes it). The same text, shift
    and rebase give the same HTML: two are equal when those are."""
    text: str
    heading_shift: int
    rebase: Rebase
    converted: Conversions = field(repr=False, compare=False)

    def __html__(self) -> str:
        return self.converted.html[self.text, self.heading_shift, self.rebase]

    def __str__(self) -> str:
        return self.__html__()
