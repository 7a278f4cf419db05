"""What every page has: the frame around it (its site, language, date, addresses) and the
base of every page's context, `PageContext`: each kind of page (pages/contexts.py, and the
features' own pages) is a frozen dataclass of finished values built on it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from functools import cache
from typing import ClassVar

from .assets import Assets
from .routes import Links, Urls, links_of
from .views import SiteView


@dataclass(frozen=True)
class Frame:
    """What every page of one language shows around its own content."""
    site: SiteView
    lang: str
    as_of: dt.date
    urls: Urls
    dev: bool                        # a development build: no Content-Security-Policy
    assets: Assets = Assets()        # the stylesheets and scripts, by their published names
    text_pages: frozenset[str] = frozenset()     # the slugs of content/pages/ in this build

    @property
    def links(self) -> Links:
        return links_of(self.urls, self.text_pages)


@dataclass(frozen=True)
class ShareImage:
    """The share card a page's tags name."""
    url: str                         # absolute
    alt: str                         # what it shows, in a sentence
    type: str = "image/png"
    width: int = 1200
    height: int = 630


@dataclass(frozen=True)
class SocialTags:
    """What a link to the page shows where it is shared: its Open Graph and Twitter tags."""
    kind: str                        # og:type: website | profile | article
    title: str
    description: str
    url: str                         # absolute: the page's canonical address
    site_name: str
    locale: str                      # en_GB
    other_locales: tuple[str, ...]   # of its versions in the other languages
    image: ShareImage | None         # None: the site makes no share cards

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


@dataclass(frozen=True)
class ShareLinks:
    """Plain links that share a page, their addresses finished (percent-encoded) here: the
    page runs no script of theirs."""
    page: str                        # the page's own absolute address, for "copy link"
    email: str
    telegram: str
    x: str
    facebook: str
    whatsapp: str


@dataclass(frozen=True)
class PageContext:
    frame: Frame
    # Every HTML page has them (site.with_social_tags); the feed, sitemap and robots.txt not.
    social: SocialTags | None = field(default=None, kw_only=True)
    TEMPLATE: ClassVar[str] = ""

    @property
    def figures_move(self) -> bool:
        """Whether the page shows a count that moves on with the date (and says so): the
        others stay the same from one night to the next."""
        return False

    @property
    def dates_shown(self) -> tuple[dt.date, ...]:
        """The dates of the data that the page shows, for when it last changed."""
        return ()

    def values(self) -> dict[str, object]:
        frame = self.frame
        found = {"site": frame.site, "lang": frame.lang, "as_of": frame.as_of, "urls": frame.urls,
                 "links": frame.links, "dev": frame.dev, "assets": frame.assets, "text_pages": frame.text_pages,
                 "figures_move": self.figures_move}
        # a class is hashable: mypy checks its instances' __hash__ against Hashable instead
        found.update((name, getattr(self, name)) for name in _own_fields(type(self)))  # type: ignore[arg-type]
        return found


@cache
def _own_fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.name != "frame")
