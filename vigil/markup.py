"""Markdown to safe HTML: Python-Markdown renders, nh3 removes anything unsafe.

nh3 (the Rust `ammonia` sanitizer) keeps an allow-list of tags and attributes and
drops scripts, event handlers and `javascript:` links, whatever the Markdown holds.
"""
from __future__ import annotations

import re
from functools import cached_property

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


class Conversions:
    """Python-Markdown's output for each (text, top heading level) the site shows, shared by
    the renderers of all languages: `wanted` is filled while the pages are modelled, then
    `convert_all` (pipeline) fills `html` for all of them at once, from the content cache
    or in parallel, before any page is rendered."""

    def __init__(self):
        self.wanted: set[tuple[str, int]] = set()
        self.html: dict[tuple[str, int], str] = {}

    def missing(self) -> list[tuple[str, int]]:
        return sorted(self.wanted - self.html.keys())


def convert(texts: list[tuple[str, int]]) -> list[str]:
    """Python-Markdown's HTML of each (text, top heading level), its headings placed."""
    md = renderer()
    found = []
    for text, top in texts:
        md.reset()
        found.append(place_headings(md.convert(text), top))
    return found


class Markdown:
    """One reusable renderer. A site path in a link ("/prisoners/...") gets the site's base
    path and the page's language folder (`prefix`, like 'ru/'), so that a Russian post
    leads to Russian pages; paths under `shared` ("static/") are the same in every language.

    Python-Markdown is the slow step, so its output is kept in `converted`, which the
    renderers of all languages share: a text that every language shows (one not yet
    translated) is converted once; only the fast sanitizer runs once a language."""

    def __init__(self, base_path: str = "/", prefix: str = "", shared: tuple[str, ...] = (),
                 converted: Conversions | None = None):
        self.base_path, self.prefix, self.shared = base_path, prefix, shared
        self.converted = Conversions() if converted is None else converted

    def lazy(self, text: str, top_heading: int = 2) -> "Html":
        """`top_heading`: the level of the text's highest heading, one below the heading
        the text sits under (2 under the page's h1)."""
        self.converted.wanted.add((text, top_heading))
        return Html(self, text, top_heading)

    def to_html(self, text: str, top_heading: int = 2) -> str:
        html = self.converted.html.get((text, top_heading))
        if html is None:
            html = self.converted.html[text, top_heading] = convert([(text, top_heading)])[0]
        return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                         link_rel="noopener noreferrer", strip_comments=True,
                         attribute_filter=self._rebase)

    def _rebase(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src") and value.startswith("/") and not value.startswith("//"):
            path = value[1:]
            return self.base_path + ("" if path.startswith(self.shared) else self.prefix) + path
        return value


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


class Html:
    """Markdown that is rendered when a template first shows it, so `build.py check`
    never renders. Jinja treats it as safe HTML (`__html__`); `|string` escapes it."""

    def __init__(self, renderer: Markdown, text: str, top_heading: int):
        self.renderer, self.text, self.top_heading = renderer, text, top_heading

    @cached_property
    def rendered(self) -> str:
        return self.renderer.to_html(self.text, self.top_heading)

    def __html__(self) -> str:
        return self.rendered

    def __str__(self) -> str:
        return self.rendered
