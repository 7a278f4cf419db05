"""Records made in code for the unit tests: like those in data/prisoners.yaml, with only
the facts a test varies."""
from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from vigil.model.records import CustodyPeriod, Prisoner, Release, Source, Text

D = dt.date


def text(value: str) -> Text:
    return Text(MappingProxyType({"en": value}))


def prisoner(*custody: CustodyPeriod, released: Release | None = None,
             died_on: dt.date | None = None, pid: str = "someone") -> Prisoner:
    """A record like those in data/prisoners.yaml, with only the custody facts varying."""
    return Prisoner(
        id=pid, name=text(pid.replace("-", " ").title()), categories=("political-opponent",),
        custody=tuple(custody), summary=text("A summary."),
        sources=(Source("A source", "https://example.org/"),), verified=D(2026, 11, 29),
        released=released, died_on=died_on)
