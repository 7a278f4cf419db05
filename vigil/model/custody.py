"""Days in custody: pure date arithmetic, no clock, no files.

The rule is stated once, on the site's "How we count" page (content/pages/how-we-count.md);
this is its arithmetic. A period ends at its own `until`, else where the next period
begins, else at the release or death, else it runs to the as-of date.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..base.memo import Memo
from .records import CustodyPeriod, Prisoner
from .vocabulary import CUSTODY_KINDS as KINDS


@dataclass(frozen=True)
class Span:
    """A custody period with its end worked out."""
    kind: str
    start: dt.date
    end: dt.date
    ongoing: bool

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Custody:
    """What the pages say about one prisoner's time in custody, as of a date."""
    state: str                          # held | released | died
    days: int                           # the total
    by_kind: tuple[tuple[str, int], ...]  # (kind, days) for each kind with a period, in KINDS order
    spans: tuple[Span, ...]
    first_day: dt.date                  # the first detention
    last_day: dt.date                   # release or death, else the as-of date
    current_kind: str | None            # the kind of custody now, for those held

    @property
    def stretches(self) -> tuple[tuple[dt.date, dt.date], ...]:
        """(first, last day) of each unbroken time in custody: one, unless the person was
        free between two periods."""
        return stretches(self.spans)


def stretches(spans: Sequence[Span]) -> tuple[tuple[dt.date, dt.date], ...]:
    """Periods that follow on from each other, joined: a day free between two makes two."""
    joined: list[tuple[dt.date, dt.date]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if joined and span.start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], span.end))
        else:
            joined.append((span.start, span.end))
    return tuple(joined)


def spans(periods: Sequence[CustodyPeriod], end_of_custody: dt.date | None,
          as_of: dt.date) -> tuple[Span, ...]:
    """Each period with its end: own `until`, else the next start, else the release
    or death, else the as-of date (still going on)."""
    out = []
    for i, period in enumerate(periods):
        ongoing = False
        if period.until is not None:
            end = period.until
        elif i + 1 < len(periods):
            end = periods[i + 1].start
        elif end_of_custody is not None:
            end = end_of_custody
        else:
            end, ongoing = as_of, True
        out.append(Span(period.kind, period.start, end, ongoing))
    return tuple(out)


DAYS_A_YEAR = 365.25


def whole_years(days: int) -> int:
    """Days as whole years, rounded (a year taken as 365.25 days)."""
    return int(days / DAYS_A_YEAR + 0.5)


def days_in_custody(periods: Sequence[Span]) -> int:
    return sum(span.days for span in periods)


def days_by_kind(periods: Sequence[Span]) -> tuple[tuple[str, int], ...]:
    totals = dict.fromkeys(KINDS, 0)
    present = {span.kind for span in periods}
    for span in periods:
        totals[span.kind] += span.days
    return tuple((kind, totals[kind]) for kind in KINDS if kind in present)


def end_of_custody(prisoner: Prisoner) -> dt.date | None:
    if prisoner.died_on is not None:
        return prisoner.died_on
    if prisoner.released is not None:
        return prisoner.released.on
    return None


def custody_of(prisoner: Prisoner, as_of: dt.date) -> Custody:
    ended = end_of_custody(prisoner)
    periods = spans(prisoner.custody, ended, as_of)
    state = "died" if prisoner.died_on else "released" if prisoner.released else "held"
    return Custody(
        state=state,
        days=days_in_custody(periods),
        by_kind=days_by_kind(periods),
        spans=periods,
        first_day=periods[0].start,
        last_day=ended or as_of,
        current_kind=periods[-1].kind if state == "held" else None,
    )


# Each language's pages show the same custody: it is worked out once a prisoner.
def custody_on(p: Prisoner, as_of: dt.date, memo: Memo | None = None) -> Custody:
    """The person's custody as of the date, worked out once for every page that shows it
    (`memo`: a session's, Memos.custody)."""
    if memo is None:
        return custody_of(p, as_of)
    return memo.get(p, (as_of,), lambda: custody_of(p, as_of))
