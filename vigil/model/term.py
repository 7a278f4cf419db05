"""The day a fixed prison term is expected to end: pure date arithmetic, no clock, no files.

The rule (Article 72 of the Russian Criminal Code; docs/site.md, "Expected end of term",
cites the text we read):
- A term runs from the day the sentence takes effect (`in_force`), or from the day the court
  set (`starts`). It ends on the last day of its years and months: a term of 1 year from
  10 May 2024 ends on 9 May 2025, the day of release.
- The credit moves the start back by its days (as the prison service's "start of term"
  does), and the years and months are counted from there: held without a break from
  4 May 2023, one day for one day, a term of 5 years 7 months ends on 3 December 2028.
- Time held before the term starts is credited (part 3.1): a day of pre-trial detention
  counts as one day in a prison or a strict- or special-regime colony, one and a half days
  in a general-regime colony, two days in a settlement colony.
- Part 3.2: one day for one day, whatever the regime, for those convicted under the
  articles in EXCLUDED (terrorism, treason, espionage and others), among other cases (a
  very dangerous recidivism) that the data says with `credit: one-for-one`.
- Part 3.4: two days of house arrest count as one day.
A day in a psychiatric hospital before the sentence counts as one day (Article 103).
Credit is counted in whole days, rounded down: the estimate is never earlier than the law.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .custody import Span, spans
from .records import CustodyPeriod, Term

# Part 3.1: the days of the term one day of pre-trial detention counts as, by regime.
REGIME_RATES = {"prison": Fraction(1), "strict": Fraction(1), "special": Fraction(1),
                "general": Fraction(3, 2), "settlement": Fraction(2)}
CREDIT_RATES = {"one-for-one": Fraction(1), "one-and-a-half": Fraction(3, 2), "two": Fraction(2)}
HOUSE_ARREST_RATE = Fraction(1, 2)                # part 3.4
PSYCHIATRIC_RATE = Fraction(1)                    # Article 103

# Part 3.2: convictions under these articles get one day for one day. An article alone
# means all its parts; with parts, only those.
EXCLUDED: dict[str, frozenset[int] | None] = {
    "205": None, "205.1": None, "205.2": None, "205.3": None, "205.4": None, "205.5": None,
    "206": frozenset({3, 4}), "208": None, "211": frozenset({4}),
    "275": None, "276": None, "361": None,
}
ARTICLE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:\((\d+)\))?")


@dataclass(frozen=True)
class TermEnd:
    """The expected last day of a term, and how it was worked out."""
    ends_on: dt.date
    starts: dt.date                  # the day the term runs from
    counted_from: dt.date            # that day moved back by the credit
    detention_days: int              # held before it (pre-trial detention, a prison period)
    house_arrest_days: int
    hospital_days: int
    credit_days: int                 # what they count for, in days of the term
    rate: Fraction                   # of a day of detention
    excluded_by: str | None          # the article that keeps the rate at one for one


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it has fewer days."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def excluding_article(articles: Sequence[str]) -> str | None:
    """The first of the conviction's articles that part 3.2 names, as written; else None."""
    for written in articles:
        match = ARTICLE_RE.match(written)
        if not match:
            continue
        article, part = match.group(1), match.group(2)
        if article not in EXCLUDED:
            continue
        parts = EXCLUDED[article]
        if parts is None or (part is not None and int(part) in parts):
            return written
    return None


def detention_rate(term: Term, articles: Sequence[str]) -> tuple[Fraction, str | None]:
    """The days of the term a day of detention counts as, and the article that brought it
    down to one for one (part 3.2), if one did. A rate the verdict states comes first."""
    if term.credit is not None:
        return CREDIT_RATES[term.credit], None
    rate = REGIME_RATES[term.regime]
    excluded = excluding_article(articles) if rate > 1 else None    # one for one already
    if excluded is not None:
        return Fraction(1), excluded
    return rate, None


def held_before(custody: Sequence[Span], day: dt.date) -> dict[str, int]:
    """The days of each kind of custody before `day`."""
    found = {"detention": 0, "house-arrest": 0, "psychiatric-hospital": 0}
    for span in custody:
        days = max(0, (min(span.end, day) - span.start).days)
        kind = "detention" if span.kind == "prison" else span.kind
        found[kind] += days
    return found


def term_end(term: Term, periods: Sequence[CustodyPeriod], articles: Sequence[str]) -> TermEnd | None:
    """The expected last day of a fixed term; None for a life sentence. `periods`: the
    record's custody periods; `articles`: the conviction's (the term's own, or the charges)."""
    if term.life or (term.years == 0 and term.months == 0):
        return None
    starts = term.starts or term.in_force
    held = held_before(spans(periods, None, starts), starts)
    rate, excluded = detention_rate(term, term.articles or articles)
    credit = (held["detention"] * rate + held["house-arrest"] * HOUSE_ARREST_RATE
              + held["psychiatric-hospital"] * PSYCHIATRIC_RATE)
    credit_days = int(credit)                     # whole days, rounded down
    counted_from = starts - dt.timedelta(days=credit_days)
    ends = add_months(counted_from, 12 * term.years + term.months) - dt.timedelta(days=1)
    return TermEnd(ends, starts, counted_from, held["detention"], held["house-arrest"], held["psychiatric-hospital"],
                   credit_days, rate, excluded)
