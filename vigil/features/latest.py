"""What changed, from the data: the dated events of the records (verdicts, transfers,
releases, hearings held...), newest first, for the home page's "Latest" list and the
events feed. Pure: the dates come from the data and the build's as-of date, never a clock."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..model.records import PartialDate, Source
from ..model.timeline import PRECISION_ORDER
from ..site.views import Localized, PrisonerView


@dataclass(frozen=True)
class LatestEvent:
    """One step of a case in a list of everyone's: what happened, to whom, and the source."""
    on: PartialDate
    kind: str
    text: Localized
    source: Source
    name: Localized
    url: str                         # the profile's path
    anchor: str                      # the event's id on the profile (EventView.anchor)


def latest_events(views: Sequence[PrisonerView], as_of: dt.date,
                  limit: int | None = None) -> tuple[LatestEvent, ...]:
    """Events that have happened by `as_of`, newest first; of one day, the more precise
    date first, then by person and in the order of their timeline, so the order never
    changes. A hearing still to come is not news yet."""
    found = [(view, n, event) for view in views for n, event in enumerate(view.timeline)
             if event.on.first <= as_of and not event.upcoming]
    found.sort(key=lambda item: (-item[2].on.first.toordinal(), -PRECISION_ORDER[item[2].on.precision],
                                 item[0].prisoner.id, item[1]))
    return tuple(LatestEvent(event.on, event.kind, event.text, event.source, view.name, view.url,
                             event.anchor)
                 for view, n, event in found[:limit])
