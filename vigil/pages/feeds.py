"""The Atom feeds of each language: the news, and the records' latest events."""
from __future__ import annotations

from ..features.latest import latest_events
from ..site import routes
from ..site.kinds import KindPage, LanguageSite, PageKind
from .contexts import EventFeed, Feed, event_feed, feed

FEED_SIZE = 20


def news_feed(site: LanguageSite) -> list[KindPage]:
    return [KindPage(routes.FEED,                           # a draft is never in a feed
                     feed(site.frame, tuple(v for v in site.posts if not v.post.draft)[:FEED_SIZE]))]


def events_feed(site: LanguageSite) -> list[KindPage]:
    return [KindPage(routes.EVENTS, event_feed(site.frame, latest_events(site.prisoners, site.frame.as_of,
                                                                         FEED_SIZE)))]


PAGE_KINDS = (PageKind(Feed, news_feed, None, order=55),
              PageKind(EventFeed, events_feed, None, order=60))
