"""The figures of the Statistics page, worked out from the prisoner records as of a date:
how many people are held now, released and dead; how many in each category; those held
now by the kind of custody they are in; everyone's days in custody together; and how many
people were held on each day (features/statistics.py draws them as charts). Pure: no
files, no clock.

Every count of days comes from custody.py, so the page counts as the profiles do. A person
is held on a day when one of their custody periods (custody.spans: each with its end worked
out) covers it, the first and the last day both included: the day of detention and the day
of release or death are days in custody, and someone still held is held on the as-of date.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from ..base.memo import Memo
from .custody import Custody, Span, custody_on, whole_years
from .records import Prisoner
from .vocabulary import CATEGORIES, CUSTODY_KINDS, STATE


@dataclass(frozen=True)
class HeldOn:
    """How many people were held on a day."""
    day: dt.date
    people: int


@dataclass(frozen=True)
class PrisonerStatistics:
    as_of: dt.date
    people: int                                   # everyone on the site
    by_state: tuple[tuple[str, int], ...]         # (state, people): held, released, died; not a
                                                  # state nobody is in
    by_category: tuple[tuple[str, int], ...]      # the categories someone has, most people first
    held_by_kind: tuple[tuple[str, int], ...]     # the kinds of custody someone is in now, in the
                                                  # schema's order
    days: int                                     # everyone's days in custody together
    held_days: int                                # those of the people held now
    held_over_time: tuple[HeldOn, ...]            # the first detention, each month's 1st, last_day
    last_day: dt.date                             # as_of while anyone is held, else the latest
                                                  # release or death

    @property
    def held(self) -> int:
        return dict(self.by_state).get("held", 0)

    @property
    def held_year_by_year(self) -> tuple[HeldOn, ...]:
        """Of held_over_time, the first day, the 1st of January of each year and the last
        day: a table to read, where the months are one to look things up in."""
        last = len(self.held_over_time) - 1
        return tuple(point for i, point in enumerate(self.held_over_time)
                     if i in (0, last) or (point.day.month, point.day.day) == (1, 1))

    @property
    def years(self) -> int:
        return whole_years(self.days)

    @property
    def held_years(self) -> int:
        return whole_years(self.held_days)


def statistics_of(prisoners: Sequence[Prisoner], as_of: dt.date,
                  custody: Memo | None = None) -> PrisonerStatistics:
    """`custody`: the session's custodies (Memos.custody), worked out once a prisoner."""
    custodies = [custody_on(p, as_of, custody) for p in prisoners]
    states = Counter(c.state for c in custodies)
    categories = Counter(slug for p in prisoners for slug in set(p.categories))
    kinds = Counter(c.current_kind for c in custodies if c.state == "held")
    order = {slug: i for i, slug in enumerate(CATEGORIES)}
    # the line runs to the as-of date while anyone is held, else to the last release or death
    last_day = max((c.last_day for c in custodies), default=as_of)
    return PrisonerStatistics(
        as_of=as_of,
        people=len(custodies),
        by_state=tuple((state, states[state]) for state in STATE if states[state]),
        by_category=tuple(sorted(((slug, n) for slug, n in categories.items()),
                                 key=lambda pair: (-pair[1], order[pair[0]]))),
        held_by_kind=tuple((kind, kinds[kind]) for kind in CUSTODY_KINDS if kinds[kind]),
        days=sum(c.days for c in custodies),
        held_days=sum(c.days for c in custodies if c.state == "held"),
        held_over_time=held_over_time(custodies, last_day),
        last_day=last_day,
    )


# ------------------------------------------------------------------------- held over time
def covered(spans: Iterable[Span]) -> list[tuple[dt.date, dt.date]]:
    """The days a person's periods cover, as (first, last) runs, both included; periods that
    meet on a day (detention ends the day prison begins) make one run, so that the person
    is counted once on that day."""
    runs: list[tuple[dt.date, dt.date]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if runs and span.start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], span.end))
        else:
            runs.append((span.start, span.end))
    return runs


def held_over_time(custodies: Iterable[Custody], end: dt.date) -> tuple[HeldOn, ...]:
    """How many people were held on each day of `sample_days` up to `end`. One pass over everyone's
    runs into a difference array over the days (+1 on a run's first day, -1 the day after
    its last), then a running sum: the work grows with the people plus the days, not with
    their product."""
    runs = [(first, min(last, end)) for c in custodies for first, last in covered(c.spans)
            if first <= end]
    if not runs:
        return ()
    start = min(first for first, _ in runs)
    change = [0] * ((end - start).days + 2)
    for first, last in runs:
        change[(first - start).days] += 1
        change[(last - start).days + 1] -= 1
    held = list(accumulate(change))
    return tuple(HeldOn(day, held[(day - start).days]) for day in sample_days(start, end))


def sample_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """`first`, the first day of each month after it, and `last`."""
    days = [first]
    month = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    while month < last:
        days.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    if last > first:
        days.append(last)
    return days
