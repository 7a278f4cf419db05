"""The context of each kind of page: a small frozen dataclass of finished values (views,
counts, dates, addresses) that its template only places. `values()` is what Jinja gets."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

from ..features.birthdays import Birthday
from ..features.statistics import StatisticsCharts
from ..load.markup import Html
from ..media.qr import QrCode
from ..model.figures import PrisonerStatistics
from ..site.assets import Theme
from ..site.context import Frame, PageContext, ShareLinks
from ..site.routes import Pager
from ..site.views import FacilitatorView, Localized, MemberView, PageView, PostItem, PostView, PrisonerView

if TYPE_CHECKING:                    # they build on this module's PageContext
    from ..features.badge import Embed
    from ..features.corrections import Correction
    from ..features.latest import LatestEvent


def moving(views: tuple[PrisonerView, ...]) -> bool:
    return any(v.counter.live for v in views)


@dataclass(frozen=True)
class Home(PageContext):
    featured: tuple[PrisonerView, ...]
    latest: tuple[PostItem, ...]
    members: tuple[MemberView, ...]
    birthdays: tuple[Birthday, ...] = ()     # of the held people, in the next HOME_BIRTHDAY_DAYS
    events: tuple[LatestEvent, ...] = ()     # the records' latest events, newest first
    TEMPLATE: ClassVar[str] = "home.html"

    @property
    def figures_move(self) -> bool:
        return moving(self.featured)

    @property
    def dates_shown(self) -> tuple[dt.date, ...]:
        head = self.frame.site.headline
        return (head.date, *(p.date for p in self.latest), *(v.custody.last_day for v in self.featured),
                *(e.on.first for e in self.events))


@dataclass(frozen=True)
class Category:
    slug: str
    count: int
    url: str


@dataclass(frozen=True)
class Totals:
    held: int
    released: int
    died: int


@dataclass(frozen=True)
class PrisonerList(PageContext):
    """One page of the list of everyone, or of a category (`category`: its slug)."""
    prisoners: tuple[PrisonerView, ...]
    pager: Pager
    category: str | None
    count: int                       # on the whole list, not only this page
    categories: tuple[Category, ...]
    totals: Totals
    TEMPLATE: ClassVar[str] = "prisoners.html"

    @property
    def figures_move(self) -> bool:
        return moving(self.prisoners)

    @property
    def dates_shown(self) -> tuple[dt.date, ...]:
        return tuple(v.custody.last_day for v in self.prisoners)


@dataclass(frozen=True)
class Profile(PageContext):
    view: PrisonerView
    share_links: ShareLinks
    address: str                     # absolute: the printed flyer shows it
    qr_svg: QrCode                   # the address as a QR code, which only the flyer shows
    embed: Embed | None = None       # the badge, for other sites (badge.py)
    correction: Correction | None = None   # where to report an inaccuracy (corrections.py)
    other_spellings: tuple[tuple[str, str], ...] = ()   # (language, name) as the others write it
    search_spellings: str = ""       # Latin spellings of the name, for the search index only
    TEMPLATE: ClassVar[str] = "prisoner.html"

    @property
    def figures_move(self) -> bool:
        return self.view.counter.live

    @property
    def dates_shown(self) -> tuple[dt.date, ...]:
        view = self.view
        return (view.prisoner.verified, view.custody.last_day, *(p.date for p in view.news))


@dataclass(frozen=True)
class Statistics(PageContext):
    """The figures of everyone's records (statistics.py), and their charts in the page's language."""
    figures: PrisonerStatistics
    charts: StatisticsCharts
    TEMPLATE: ClassVar[str] = "statistics.html"

    @property
    def figures_move(self) -> bool:
        """While anyone is held, the days in custody and the line of those held move on."""
        return self.figures.held > 0

    @property
    def dates_shown(self) -> tuple[dt.date, ...]:
        return (self.figures.last_day,)


@dataclass(frozen=True)
class Members(PageContext):
    members: tuple[MemberView, ...]
    facilitators: tuple[FacilitatorView, ...]
    TEMPLATE: ClassVar[str] = "members.html"


@dataclass(frozen=True)
class NewsList(PageContext):
    posts: tuple[PostItem, ...]
    pager: Pager
    TEMPLATE: ClassVar[str] = "news.html"


@dataclass(frozen=True)
class Post(PageContext):
    view: PostView
    share_links: ShareLinks
    TEMPLATE: ClassVar[str] = "post.html"

    @property
    def dates_shown(self) -> tuple[dt.date, ...]:
        return (self.view.post.date,)


@dataclass(frozen=True)
class TextPage(PageContext):
    view: PageView
    TEMPLATE: ClassVar[str] = "page.html"


@dataclass(frozen=True)
class FeedEntry:
    title: Localized
    address: str                     # absolute: feed readers do not resolve site paths
    published: str                   # an Atom timestamp
    summary: Localized
    content: Html                    # the body, which the feed gives as escaped HTML, its links
                                     # and images at absolute addresses: a feed reader shows it
                                     # away from the site, where a site path leads nowhere


@dataclass(frozen=True)
class Feed(PageContext):
    entries: tuple[FeedEntry, ...]
    updated: str                     # the newest entry's time, or the as-of date
    TEMPLATE: ClassVar[str] = "feed.xml"


def feed(frame: Frame, posts: tuple[PostView, ...]) -> Feed:
    zone = frame.site.timezone
    origin = frame.urls.origin
    entries = tuple(FeedEntry(v.title, frame.urls.full(v.url), atom_time(v.moment, zone), v.summary,
                              absolute(html_of(v.body_html), origin)) for v in posts)
    updated = entries[0].published if entries else atom_time(frame.as_of, zone)
    return Feed(frame, entries, updated)


def html_of(body: Localized) -> Html:
    """A post's body, which its view made from Markdown."""
    if not isinstance(body.text, Html):
        raise TypeError("a post's body is made from Markdown into HTML")
    return body.text


def absolute(body: Html, origin: str) -> Html:
    return body.rebased(body.rebase.absolute(origin))


def atom_time(day: dt.date | dt.datetime, timezone: str) -> str:
    """An Atom/sitemap timestamp; a calendar date is midnight in the site's zone."""
    if isinstance(day, dt.datetime):
        return day.isoformat()
    return dt.datetime.combine(day, dt.time(), ZoneInfo(timezone)).isoformat()


@dataclass(frozen=True)
class EventFeedEntry:
    title: str                       # "<name>: <what happened>", made in the template's words
    event: LatestEvent
    address: str                     # absolute: the profile, at the event
    published: str                   # an Atom timestamp: the event's (first) day


@dataclass(frozen=True)
class EventFeed(PageContext):
    """The records' latest events as an Atom feed, in one language."""
    entries: tuple[EventFeedEntry, ...]
    updated: str                     # the newest event's day, or the as-of date
    TEMPLATE: ClassVar[str] = "events.xml"


def event_feed(frame: Frame, events: tuple[LatestEvent, ...]) -> EventFeed:
    zone = frame.site.timezone
    entries = tuple(EventFeedEntry(str(e.name), e, frame.urls.full(e.url) + "#" + e.anchor,
                                   atom_time(e.on.first, zone)) for e in events)
    updated = entries[0].published if entries else atom_time(frame.as_of, zone)
    return EventFeed(frame, entries, updated)


@dataclass(frozen=True)
class WriteLetters(PageContext):
    """"Write a letter": everyone held now, with what a letter to them needs."""
    held: tuple[PrisonerView, ...]
    TEMPLATE: ClassVar[str] = "write.html"


@dataclass(frozen=True)
class SearchPage(PageContext):
    """The search form, which static/js/search.js runs on the language's search index."""
    TEMPLATE: ClassVar[str] = "search.html"


@dataclass(frozen=True)
class NotFound(PageContext):
    TEMPLATE: ClassVar[str] = "404.html"


@dataclass(frozen=True)
class WebManifest(PageContext):
    """What a browser needs to put the site on a phone's home screen, in one language."""
    short_name: Localized
    theme: Theme
    TEMPLATE: ClassVar[str] = "manifest.webmanifest"


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: dt.date                 # last_changed
    alternates: tuple[tuple[str, str], ...]


def last_changed(page: PageContext, undated: dt.date) -> dt.date:
    """When a page last changed, for the sitemap, from the data (never a clock or a file's
    time, so the same input gives the same sitemap). A page whose figures move with the
    date changed on the as-of date: a held person's page, a list or home page showing one.
    Any other page, on the latest date of the data it shows: a post, its date; a released
    person's page, their release or death, the record's verification or the latest news
    about them. A page that shows no date of its own (a text page, the members, a list of
    news, whose pages move on with each new post) takes `undated`: the newest post's date,
    or the as-of date when there is none."""
    as_of = page.frame.as_of
    if page.figures_move:
        return as_of
    return min(max(page.dates_shown, default=undated), as_of)


@dataclass(frozen=True)
class Sitemap(PageContext):
    entries: tuple[SitemapEntry, ...]
    TEMPLATE: ClassVar[str] = "sitemap.xml"


@dataclass(frozen=True)
class Robots(PageContext):
    TEMPLATE: ClassVar[str] = "robots.txt"
