"""Birthdays of the people held now: on which day each falls, from a date, and the age it
brings. Pure date arithmetic on calendar dates in the site's time zone: no clock, no files.

Only a birth date the data gives in full is ever used (a year alone never makes a
birthday), and only for someone in custody as of the build's date: a card is for
someone behind bars.

Someone born on 29 February has their birthday on 28 February in a year without one,
the last day of February, as the calendar file says it too (BYMONTHDAY=-1).
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..site.views import Localized, PrisonerView


@dataclass(frozen=True)
class Birthday:
    """A held person's next birthday, as the home and calendars pages list it."""
    prisoner_id: str
    name: Localized
    url: str                         # their profile
    born: dt.date
    day: dt.date                     # the day it falls on, on or after the as-of date
    address: str | None = None       # for letters, when the record gives one

    @property
    def age(self) -> int:
        """The age they turn that day."""
        return self.day.year - self.born.year

    @property
    def leap_day(self) -> bool:
        """Born on 29 February."""
        return (self.born.month, self.born.day) == (2, 29)


def birthday_in(born: dt.date, year: int) -> dt.date:
    """The day `born`'s birthday falls on in `year`: 29 February becomes 28 February in a
    year that has no 29th."""
    if (born.month, born.day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return born.replace(year=year)


def next_birthday(born: dt.date, as_of: dt.date) -> dt.date:
    """The first birthday on or after `as_of` (today's counts)."""
    this_year = birthday_in(born, as_of.year)
    return this_year if this_year >= as_of else birthday_in(born, as_of.year + 1)


def full_birth_date(view: PrisonerView) -> dt.date | None:
    """The birth date when the data gives it in full; None for a year alone or nothing."""
    born = view.prisoner.born
    return born.first if born is not None and born.precision == "day" else None


def has_birthday(view: PrisonerView) -> bool:
    """Whether the person is in the birthdays: held now, with a full date of birth."""
    return view.custody.state == "held" and full_birth_date(view) is not None


def birthday_of(view: PrisonerView, as_of: dt.date) -> Birthday:
    born = full_birth_date(view)
    if born is None:
        raise ValueError(f"{view.prisoner.id} has no full date of birth: see has_birthday")
    return Birthday(view.prisoner.id, view.name, view.url, born, next_birthday(born, as_of),
                    view.prisoner.address)


def upcoming_birthdays(views: Iterable[PrisonerView], as_of: dt.date, days: int) -> tuple[Birthday, ...]:
    """The birthdays of the held people in the `days` days from `as_of` (that day is the
    first of them), soonest first, then by name."""
    last = as_of + dt.timedelta(days=days - 1)
    found = (birthday_of(v, as_of) for v in views if has_birthday(v))
    return tuple(sorted((b for b in found if b.day <= last),
                        key=lambda b: (b.day, str(b.name).casefold(), b.prisoner_id)))
