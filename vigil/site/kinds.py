"""A kind of page, declared in one place: the feature that makes it names its pages (each
with its route), their share tags and share card, and the pages of content/pages/ they
link, in one `PageKind`; the engine builds, describes and checks every kind it is given, so that adding
one touches the feature's own module and its template, nothing else.

The engine's kinds are found in the modules of `vigil.pages` (the site's own pages: home,
lists, profiles, news...) and of `vigil.features` (`PAGE_KINDS` in each:
pages/outputs.page_kinds); a build may be given others (BuildOptions.kinds)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.memo import Memos
from ..base.problems import Location
from ..media.cards import HeadlineCard, ShareCard
from ..media.qr import QrCodes
from ..model.records import Content
from .context import Frame, PageContext
from .i18n import Language
from .routes import LINKED_PAGES, file_of
from .views import PostView, PrisonerView, Words

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
    posts: tuple[PostView, ...]      # the posts published by the as-of date (and drafts, when
                                     # asked for), in the news' order
    drafts: bool                     # whether the build shows drafts
    codes: QrCodes                   # the QR codes the pages want, made before any is rendered


@dataclass(frozen=True)
class KindPage:
    """One file of a kind, in one language."""
    route: str                       # from site/routes.py
    context: PageContext
    where: Location | None = None    # the file it is made from, for error messages
    in_sitemap: bool = True          # besides its kind's `in_sitemap` (a draft is not)
    # The page of one record, at a route made from its id (a profile, a badge): two such
    # pages at one route are two records with one id, which the check of the records
    # reports (check.duplicate_ids), not the check of the pages' addresses.
    of_a_record_id: bool = False


@dataclass(frozen=True)
class KindCard:
    """The share card of a kind's HTML page (a context of its kind's type): card.png beside
    the page, which media/cards.py draws, shown where a link to the page is shared."""
    # (page, language, each prisoner's photo file by id) -> what the card shows
    draw: Callable[[Any, Language, Mapping[str, Path]], ShareCard | HeadlineCard]
    # (page, language) -> the card in a sentence: its share image's alt text
    sentence: Callable[[Any, Language], str]
    # The site's own card: the image of every page without a card of its own, in its
    # language (the home page's). One kind at most says so.
    for_the_site: bool = False


@dataclass(frozen=True)
class PageKind:
    context: type[PageContext]       # its HTML page's context; its other files may have others
    # Its pages in one language.
    pages: Callable[[LanguageSite], Sequence[KindPage]]
    # The share tags of its HTML page (a context of type `context`); None for a kind
    # without one (a feed).
    describe: Callable[[Any, Language], Description] | None
    card: KindCard | None = None     # its HTML page's share card, when the site makes them
    # The slugs of content/pages/ its own template links (besides the frame's, which every
    # page links: routes.LINKED_PAGES): check warns when one is missing.
    linked_pages: tuple[str, ...] = ()
    in_sitemap: bool = True          # its HTML pages (never its other files)
    # Where its pages come among a language's, and so in the sitemap: lower first; kinds
    # of one order keep the order they are found or given in. The site's own pages take
    # 10 to 99 (vigil/pages), in the order their sitemap has always had.
    order: int = 100

    def in_sitemap_at(self, page: KindPage) -> bool:
        return self.in_sitemap and page.in_sitemap and file_of(page.route).endswith(".html")


def descriptions(kinds: Sequence[PageKind]) -> Mapping[type, Callable[[Any, Language], Description]]:
    """How each kind's HTML page is described, by its context's type."""
    return {kind.context: kind.describe for kind in kinds if kind.describe is not None}


def cards(kinds: Sequence[PageKind]) -> Mapping[type, KindCard]:
    """The share card of each kind's HTML page that has one, by its context's type."""
    return {kind.context: kind.card for kind in kinds if kind.card is not None}


def linked_pages(kinds: Sequence[PageKind]) -> tuple[str, ...]:
    """The slugs of content/pages/ the site's pages link, each once, which check verifies:
    those of the frame every page shows (routes.LINKED_PAGES), then those each kind's own
    template links (PageKind.linked_pages)."""
    return tuple(dict.fromkeys((*LINKED_PAGES, *(slug for kind in kinds for slug in kind.linked_pages))))


def in_order(kinds: Sequence[PageKind]) -> tuple[PageKind, ...]:
    """The kinds in the order their pages are made (PageKind.order)."""
    return tuple(sorted(kinds, key=lambda kind: kind.order))
