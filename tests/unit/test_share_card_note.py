"""The line under the count on a share card: for someone held in more than one period, it
does not read as one stretch of custody from the first day to the last."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from conftest import PROJECT
from records import prisoner
from vigil.load.markup import Markdown
from vigil.model.records import CustodyPeriod, Release
from vigil.pages.share import prisoner_card
from vigil.site.i18n import load_languages
from vigil.site.routes import Urls
from vigil.site.views import Words, prisoner_view

D = dt.date
AS_OF = D(2026, 12, 7)
LANGUAGES = {language.code: language
             for language in load_languages(("en", "ru", "uk"), [PROJECT / "locales"], str)[0]}


def card(person, lang: str):
    urls = Urls("https://tiny.example/")
    words = Words(lang, "en", urls, Markdown(urls.base_path, urls.prefix, frozenset()))
    view = prisoner_view(person, AS_OF, words, urls, ())
    frame = SimpleNamespace(site=SimpleNamespace(title="Coalition"), lang=lang)
    return prisoner_card(view, frame, LANGUAGES[lang], None)


TWICE = prisoner(CustodyPeriod("detention", D(2023, 7, 25), until=D(2023, 12, 12)),
                 CustodyPeriod("prison", D(2024, 2, 13)), released=Release(D(2026, 12, 3), "exchange"))
ONCE = prisoner(CustodyPeriod("prison", D(2014, 5, 11)), released=Release(D(2019, 9, 7), "exchange"))


@pytest.mark.parametrize("lang, note", [
    ("en", "in 2 periods between 25 July 2023 and 3 December 2026"),
    ("ru", "2\N{NO-BREAK SPACE}периода между 25\N{NO-BREAK SPACE}июля 2023\N{NARROW NO-BREAK SPACE}г.\N{NO-BREAK SPACE}"
           "и 3\N{NO-BREAK SPACE}декабря 2026\N{NARROW NO-BREAK SPACE}г."),
    ("uk", "2\N{NO-BREAK SPACE}періоди між 25\N{NO-BREAK SPACE}липня 2023\N{NARROW NO-BREAK SPACE}р.\N{NO-BREAK SPACE}"
           "і 3\N{NO-BREAK SPACE}грудня 2026\N{NARROW NO-BREAK SPACE}р."),
])
def test_a_card_of_someone_held_twice_says_how_many_periods(lang, note):
    shown = card(TWICE, lang)
    assert shown.note == note


def test_a_card_of_someone_held_once_gives_the_first_and_last_day():
    assert card(ONCE, "en").note == "from 11 May 2014 to 7 September 2019"
