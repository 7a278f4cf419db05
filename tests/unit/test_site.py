"""The site model's pure parts: pagination, order, publication."""
from __future__ import annotations

import datetime as dt

from vigil.model.records import NewsPost
from vigil.site.routes import Pager, Urls, paginate


def pager(page: int, pages: int) -> Pager:
    return Pager(page, tuple(f"/p/{n}/" for n in range(1, pages + 1)))


def numbers(links) -> list:
    return [None if link is None else link[0] for link in links]


def test_a_short_list_shows_every_page():
    assert numbers(pager(2, 4).window()) == [1, 2, 3, 4]


def test_a_long_list_shows_first_last_and_nearby_pages_with_gaps():
    assert numbers(pager(1, 209).window()) == [1, 2, 3, None, 209]
    assert numbers(pager(100, 209).window()) == [1, None, 98, 99, 100, 101, 102, None, 209]
    assert numbers(pager(208, 209).window()) == [1, None, 206, 207, 208, 209]
    assert numbers(pager(4, 209).window()) == [1, 2, 3, 4, 5, 6, None, 209]     # no gap of one page


def test_previous_and_next():
    assert (pager(1, 3).prev_url, pager(1, 3).next_url) == (None, "/p/2/")
    assert (pager(3, 3).prev_url, pager(3, 3).next_url) == ("/p/2/", None)


def test_paginate_names_the_routes_and_keeps_an_empty_first_page():
    urls = Urls("https://example.github.io/site/")
    pages = paginate(list(range(25)), 10, "news/", urls)
    assert [(rel, len(chunk)) for rel, chunk, _ in pages] == [
        ("news/", 10), ("news/page/2/", 10), ("news/page/3/", 5)]
    assert pages[0][2].urls == ("/site/news/", "/site/news/page/2/", "/site/news/page/3/")
    assert [(rel, chunk) for rel, chunk, _ in paginate([], 10, "news/", urls)] == [("news/", [])]


def post(day: dt.date, draft: bool = False) -> NewsPost:
    return NewsPost(slug="x", title="X", date=day, summary="S", body="B", draft=draft)


def test_a_post_is_published_on_its_day_and_a_draft_only_when_asked():
    as_of = dt.date(2026, 11, 29)
    assert post(as_of).is_published(as_of, drafts=False)
    assert not post(as_of + dt.timedelta(days=1)).is_published(as_of, drafts=False)
    assert not post(as_of, draft=True).is_published(as_of, drafts=False)
    assert post(as_of, draft=True).is_published(as_of, drafts=True)
