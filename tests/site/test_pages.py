"""The page model: each kind of page gets a small frozen context of finished values, so
that templates only place them. Checked on the sample site, in its three languages."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import PROJECT, SAMPLE_AS_OF
from vigil.build.options import BuildOptions
from vigil.build.pipeline import Folders, check_all
from vigil.build.session import Session
from vigil.load.markup import Html
from vigil.model.records import NewsPost, Page, Prisoner, Text
from vigil.site.context import PageContext
from vigil.site.views import Localized

RECORDS = (Prisoner, NewsPost, Page)     # the records themselves, for their plain fields


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    checked = check_all(Folders(PROJECT, cache), BuildOptions(dt.date.fromisoformat(SAMPLE_AS_OF)), Session(),
                        photo_cache=cache)
    assert [p for p in checked.problems if not p.warning] == []
    return checked.outputs


def values(value, path="", seen=None):
    """Every value reachable from a context (through dataclasses, tuples and dicts), with
    its path, not going into the records themselves."""
    seen = set() if seen is None else seen
    if id(value) in seen or isinstance(value, RECORDS):
        return
    seen.add(id(value))
    yield path, value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "converted":
                yield from values(getattr(value, f.name), f"{path}.{f.name}", seen)
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from values(item, f"{path}[{i}]", seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from values(item, f"{path}[{key!r}]", seen)


def test_each_kind_of_page_has_its_own_frozen_context(outputs):
    kinds = {}
    for output in outputs:
        page = output.page
        assert isinstance(page, PageContext) and type(page) is not PageContext
        with pytest.raises(dataclasses.FrozenInstanceError):
            page.frame = None
        kinds.setdefault(type(page).__name__, output.template)
    assert kinds == {"Home": "home.html", "PrisonerList": "prisoners.html", "Profile": "prisoner.html",
                     "Members": "members.html", "NewsList": "news.html", "Post": "post.html",
                     "TextPage": "page.html", "Feed": "feed.xml", "NotFound": "404.html",
                     "Statistics": "statistics.html", "SearchPage": "search.html",
                     "Robots": "robots.txt", "Sitemap": "sitemap.xml",
                     "WebManifest": "manifest.webmanifest", "Badge": "badge.svg",
                     "CalendarsPage": "calendars.html", "CalendarFile": "calendar.ics",
                     "WriteLetters": "write.html", "EventFeed": "events.xml"}


def test_no_text_reaches_a_template_unlocalized(outputs):
    """Every text from the data is chosen for the page's language (or marked as the
    fallback it is) before rendering: no template picks a language."""
    raw = {f"{o.url}{path}" for o in outputs for path, value in values(o.page) if isinstance(value, Text)}
    assert raw == set()


def test_every_markdown_text_is_finished_before_rendering(outputs):
    """check_all has made every Markdown text into safe HTML: rendering only places it."""
    shown = [(o, path, value) for o in outputs for path, value in values(o.page) if isinstance(value, Html)]
    assert len(shown) > 100
    for output, path, html in shown:
        assert "<script" not in html.__html__(), (output.url, path)
    russian = [v for o, _, v in shown if o.lang == "ru" and "/prisoners/" in v.text and "](/" in v.text]
    # on the pages as site paths; in the feed as absolute addresses
    leads = ('href="/ru/prisoners/', 'href="https://example.org/ru/prisoners/')
    assert russian and all(any(lead in v.__html__() for lead in leads) for v in russian)
    assert any(leads[1] in v.__html__() for v in russian)


def test_a_page_in_another_language_marks_its_fallback_texts(outputs):
    localized = [(o, v) for o in outputs for _, v in values(o.page) if isinstance(v, Localized)]
    assert {v.page_lang for o, v in localized} == {"en", "ru", "uk"}
    assert all(v.page_lang == o.lang for o, v in localized if o.template.endswith(".html"))
    assert not any(v.fallback for o, v in localized if o.lang == "en")
