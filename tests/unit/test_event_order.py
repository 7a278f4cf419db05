"""A case's timeline in order: by date, a month before its days and a year before its
months, events of one date as written; a hearing is upcoming until its day has passed."""
from __future__ import annotations

import datetime as dt

from vigil.model.records import Event, PartialDate, Source, Text
from vigil.model.timeline import in_order, is_upcoming


# --------------------------------------------------------------------------- the order
def an(on: PartialDate, kind: str = "other", text: str = "x") -> Event:
    return Event(on, kind, Text({"en": text}), Source("A report", "https://memopzk.org/"))


def test_events_are_shown_by_date_a_month_before_its_days_a_year_before_its_months():
    written = [an(PartialDate(2017, 10, 3), text="day"), an(PartialDate(2017), text="year"),
               an(PartialDate(2017, 10), text="month"), an(PartialDate(2017, 1, 1), text="new year"),
               an(PartialDate(2016, 12, 31), text="eve")]
    assert [e.text.by_lang["en"] for e in in_order(written)] == ["eve", "year", "new year", "month", "day"]


def test_events_of_the_same_date_keep_the_order_they_are_written_in():
    written = [an(PartialDate(2019, 6, 10), text=str(n)) for n in range(5)]
    assert [e.text.by_lang["en"] for e in in_order(written)] == ["0", "1", "2", "3", "4"]


def test_a_hearing_is_upcoming_until_its_day_has_passed():
    today = dt.date(2026, 11, 30)
    assert is_upcoming(an(PartialDate(2026, 12, 1), "hearing"), today)
    assert is_upcoming(an(PartialDate(2026, 11, 30), "hearing"), today)       # today
    assert is_upcoming(an(PartialDate(2026, 11), "hearing"), today)           # may be today
    assert not is_upcoming(an(PartialDate(2026, 11, 29), "hearing"), today)
    assert not is_upcoming(an(PartialDate(2026, 10), "hearing"), today)
    assert not is_upcoming(an(PartialDate(2026, 11, 30), "verdict"), today)  # only hearings


