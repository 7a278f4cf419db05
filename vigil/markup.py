"""Markdown to safe HTML: Python-Markdown renders, nh3 removes anything unsafe.

nh3 (the Rust `ammonia` sanitizer) keeps an allow-list of tags and attributes and
drops scripts, event handlers and `javascript:` links, whatever the Markdown holds.
"""
from __future__ import annotations

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


class Markdown:
    """One reusable renderer. A site path in a link ("/prisoners/...") gets the site's base
    path and the page's language folder (`prefix`, like 'ru/'), so that a Russian post
    leads to Russian pages; paths under `shared` ("static/") are the same in every language.

    Python-Markdown is the slow step, so its output is kept in `converted`, which the
    renderers of all languages share: a text that every language shows (one not yet
    translated) is converted once; only the fast sanitizer runs once a language."""

    def __init__(self, base_path: str = "/", prefix: str = "", shared: tuple[str, ...] = (),
                 converted: dict | None = None):
        self.base_path, self.prefix, self.shared = base_path, prefix, shared
        self.converted = {} if converted is None else converted
        self.md = markdown.Markdown(extensions=["extra", "sane_lists", "toc"],
                                    extension_configs={"toc": {"toc_depth": "2-4"}},
                                    output_format="html")

    def lazy(self, text: str, heading_shift: int = 1) -> "Html":
        return Html(self, text, heading_shift)

    def to_html(self, text: str, heading_shift: int = 0) -> str:
        html = self.converted.get((text, heading_shift))
        if html is None:
            self.md.reset()
            html = self.md.convert(text)
            if heading_shift:
                html = shift_headings(html, heading_shift)
            self.converted[text, heading_shift] = html
        return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                         link_rel="noopener noreferrer", strip_comments=True,
                         attribute_filter=self._rebase)

    def _rebase(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src") and value.startswith("/") and not value.startswith("//"):
            path = value[1:]
            return self.base_path + ("" if path.startswith(self.shared) else self.prefix) + path
        return value


def shift_headings(html: str, by: int) -> str:
    """Move headings down (h1 -> h2) so a page keeps one h1, its title."""
    for level in range(6 - by, 0, -1):
        html = html.replace(f"<h{level}", f"<h{level + by}").replace(f"</h{level}>", f"</h{level + by}>")
    return html


class Html:
    """Markdown that is rendered when a template first shows it, so `build.py check`
    never renders. Jinja treats it as safe HTML (`__html__`); `|string` escapes it."""

    def __init__(self, renderer: Markdown, text: str, heading_shift: int):
        self.renderer, self.text, self.heading_shift = renderer, text, heading_shift

    @cached_property
    def rendered(self) -> str:
        return self.renderer.to_html(self.text, self.heading_shift)

    def __html__(self) -> str:
        return self.rendered

    def __str__(self) -> str:
        return self.rendered
