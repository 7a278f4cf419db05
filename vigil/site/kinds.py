"""A kind of page, declared in one place: the feature that makes it names its pages (each
with its route), their share tags and the pages of content/pages/ they link, in one
`PageKind`; the engine builds, describes and checks every kind it is given, so that adding
one touches the feature's own module and its template, nothing else.

The engine's kinds are found in the modules of `vigil.features` (`PAGE_KINDS` in each:
pages/outputs.page_kinds); a build may be given others (BuildOptions.kinds)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..base.memo import Memos
from ..model.records import Content
from .context import Frame, PageContext
from .i18n import Language
from .routes import file_of
from .views import PrisonerView, Words

# (og:type, title, description) of a page, without the site's name: pages/share.py.
Description = tuple[str, str, str]


@dataclass(frozen=True)
class LanguageSite:
    """What a kind's pages are made of, in one language."""
    content: Content
    frame: Frame
    words: Words
    language: Language
    prisoners: tuple[PrisonerView, ...]   # everyone, in the list's order
    memos: Memos


@dataclass(frozen=True)
class PageKind:
    context: type[PageContext]       # its HTML page's context; its other files may have others
    # Its pages in one language: (route, context) each, the route from site/routes.py.
    pages: Callable[[LanguageSite], Sequence[tuple[str, PageContext]]]
    # The share tags of its HTML page (a context of type `context`).
    describe: Callable[[Any, Language], Description]
    linked_pages: tuple[str, ...] = ()   # slugs of content/pages/ its template links: check warns when missing
    in_sitemap: bool = True          # its HTML pages (never its other files)

    def in_sitemap_at(self, route: str) -> bool:
        return self.in_sitemap and file_of(route).endswith(".html")


def descriptions(kinds: Sequence[PageKind]) -> Mapping[type, Callable[[Any, Language], Description]]:
    """How each kind's HTML page is described, by its context's type."""
    return {kind.context: kind.describe for kind in kinds}
