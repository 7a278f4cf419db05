"""A case's timeline: its events in date order, and the rules by which they must agree with
the record's custody periods, release, death and the build's date. Pure: no files, no clock.

An event known only to the month or the year is compared by the days it may mean (its
`first` and `last`): only a definite contradiction is a problem.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

from ..base.problems import Problem
from .custody import Span, custody_of, end_of_custody
from .records import Event, Prisoner, placed

# A month-only date comes before the days of that month, a year-only date before the months
# of that year: the way ISO dates sort as text ("2017" < "2017-10" < "2017-10-03"), and the
# wider date introduces what the days then tell.
PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}

# The kinds of event a custody period of one kind must cover.
COVERED_BY = {"court-arrest": "detention", "house-arrest": "house-arrest"}
KIND_WORDS = {"detention": "pre-trial detention", "house-arrest": "house arrest"}


def event_order(event: Event) -> tuple:
    return (event.on.first, PRECISION_ORDER[event.on.precision])


def in_order(events: Iterable[Event]) -> tuple[Event, ...]:
    """By date; events of the same date keep the order they are written in."""
    return tuple(sorted(events, key=event_order))


def is_upcoming(event: Event, as_of: dt.date) -> bool:
    """A hearing still to come (or today), as of the build's date."""
    return event.kind == "hearing" and event.on.last >= as_of


# --------------------------------------------------------------------------- checks
def check_events(prisoner: Prisoner, as_of: dt.date) -> list[Problem]:
    """Each event against the record; then whether they are written in date order."""
    spans = custody_of(prisoner, as_of).spans
    problems = []
    for event in prisoner.events:
        problems += check_dates(event, prisoner, as_of)
        problems += check_against_custody(event, prisoner, spans)
    return problems + check_written_order(prisoner.events)


def check_dates(event: Event, prisoner: Prisoner, as_of: dt.date) -> list[Problem]:
    """Nothing happens to a person after their death; only a hearing may lie in the future."""
    at = placed(event.where).of("date")
    if prisoner.died_on is not None and event.on.first > prisoner.died_on:
        return [Problem(at, f"this event is dated {event.on}, after the death on {prisoner.died_on} "
                            "('died' in this record); correct the date of the event or of the death")]
    if event.kind != "hearing" and event.on.first > as_of:
        return [Problem(at, f"this event is dated {event.on}, after the date of this build ({as_of}); "
                            "only a hearing ('kind: hearing') may be in the future: correct the date")]
    return []


def check_against_custody(event: Event, prisoner: Prisoner, spans: Sequence[Span]) -> list[Problem]:
    if event.kind == "transfer":
        return check_transfer(event, prisoner)
    if event.kind == "detained":
        return check_detained(event, prisoner)
    if event.kind == "released":
        return check_released(event, prisoner)
    if event.kind in COVERED_BY:
        return check_covered(event, spans)
    return []


def check_transfer(event: Event, prisoner: Prisoner) -> list[Problem]:
    """A move with a known day starts a custody period that day (the period says where they
    were taken). One known only to the month or year cannot start a period, but it still
    happened while they were held."""
    at, on = placed(event.where).of("date"), event.on
    periods = prisoner.custody
    if on.precision == "day":
        if any(period.start == on.first for period in periods):
            return []
        nearest = min(periods, key=lambda p: (abs((p.start - on.first).days), p.start))
        return [Problem(at, f"a transfer on {on} must start a custody period that day, and no period "
                            f"starts then; the nearest starts on {nearest.start} (line "
                            f"{placed(nearest.where).of('from').line}). Correct the date, or add a period from "
                            f"{on} with the new place; if only the month is known, write \"{on.isoformat()[:7]}\"")]
    end = end_of_custody(prisoner)
    if on.last < periods[0].start:
        return [Problem(at, f"a transfer in {on}, before the first custody period starts "
                            f"({periods[0].start}): a transfer moves someone in custody; correct the date")]
    if end is not None and on.first > end:
        return [Problem(at, f"a transfer in {on}, after custody ended ({end}): a transfer moves "
                            "someone in custody; correct the date")]
    return []


def check_detained(event: Event, prisoner: Prisoner) -> list[Problem]:
    """The count of days starts with the first period: a detention before it would be missed."""
    first = prisoner.custody[0]
    if event.on.last >= first.start:
        return []
    return [Problem(placed(event.where).of("date"),
                    f"a detention on {event.on}, before the first custody period starts ({first.start}, "
                    f"line {placed(first.where).of('from').line}), where the count of days begins; start the "
                    "first period on that day, or, for an earlier arrest that was not this custody "
                    "(held for hours, then let go), use 'kind: other'")]


def check_released(event: Event, prisoner: Prisoner) -> list[Problem]:
    """A release is the record's `released` date, or the `until` of a period before a gap."""
    ends = [p.until for p in prisoner.custody if p.until is not None]
    if prisoner.released is not None:
        ends.append(prisoner.released.on)
    if any(event.on.first <= day <= event.on.last for day in ends):
        return []
    if prisoner.released is not None:
        return [Problem(placed(event.where).of("date"),
                        f"a release on {event.on}, but 'released' in this record says "
                        f"{prisoner.released.on}; correct one of them")]
    if ends:
        return [Problem(placed(event.where).of("date"),
                        f"a release on {event.on}, but no custody period ends then (they end with "
                        f"'until' on {', '.join(str(day) for day in ends)}); correct the date")]
    return [Problem(placed(event.where).of("kind"),
                    f"a release on {event.on}, but this record has no release; add 'released: "
                    f"{{on: {event.on.first if event.on.precision == 'day' else '...'}, how: ...}}', "
                    "or, if this was not the end of custody, use another kind")]


def check_covered(event: Event, spans: Sequence[Span]) -> list[Problem]:
    """A court's order of house arrest or of detention falls in a period of that kind: on
    its first day (the order) or later (an extension)."""
    kind = COVERED_BY[event.kind]
    of_kind = [span for span in spans if span.kind == kind]
    if any(span.start <= event.on.last and event.on.first <= span.end for span in of_kind):
        return []
    words = KIND_WORDS[kind]
    if not of_kind:
        return [Problem(placed(event.where).of("kind"),
                        f"'kind: {event.kind}' needs a period of {words} (kind: {kind}) in 'custody', "
                        "and this record has none; add the period, or use another kind")]
    shown = "; ".join(f"{span.start} to {span.end}" for span in of_kind)
    return [Problem(placed(event.where).of("date"),
                    f"this event ({event.kind}) is dated {event.on}, outside every period of {words} "
                    f"in 'custody' ({shown}); correct the date, or the periods")]


def check_written_order(events: Sequence[Event]) -> list[Problem]:
    """A warning: the page sorts them anyway, but a list in order is easier to keep."""
    for before, event in itertools.pairwise(events):
        if event_order(event) < event_order(before):
            return [Problem(placed(event.where).of("date"),
                            f"this event ({event.on}) comes before the one above it ({before.on}); "
                            "keep the events in date order", warning=True)]
    return []
