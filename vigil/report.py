"""`build.py report`: the list a volunteer works through. First the people held now whose
newest news of where they are is over a year old (or missing); then records by how long
ago they were verified, then the gaps: people without a photo, people in custody without an
address for letters, records without a source from the last year. Each line starts with
the record's place, so an editor can jump to it."""
from __future__ import annotations

import datetime as dt

from .check import news_is_old
from .custody import custody_of
from .model import Content, Prisoner

YEAR = 365
STATES = {"held": "in custody", "released": "released", "died": "died in custody"}


def worklist(content: Content, as_of: dt.date) -> str:
    people = sorted(content.prisoners, key=lambda p: (p.verified, p.id))
    states = {p.id: custody_of(p, as_of).state for p in people}
    every = content.site.verify_every_days
    old_news = [p for p in people if news_is_old(p, as_of)]
    lines = [f"Held now, with no news of where they are from the last 12 months (as of {as_of}): "
             f"{len(old_news)}"]
    lines += [f"  {place(p, 'last_reported' if p.last_reported else 'id')}: {p.id}: "
              + (f"last reported {p.last_reported.on}" if p.last_reported else "no 'last_reported'")
              for p in sorted(old_news, key=news_order)]
    lines += ["", f"Records by date of verification, oldest first (as of {as_of}; people in custody "
             f"are due every {every} days):"]
    for p in people:
        age = (as_of - p.verified).days
        due = "  DUE" if states[p.id] == "held" and age > every else ""
        lines.append(f"  {place(p, 'verified')}: {p.id}: verified {p.verified}, {age} "
                     f"day{'s' if age != 1 else ''} ago, {STATES[states[p.id]]}{due}")
    sections = [
        ("Without a photo", [p for p in people if not p.photo], "id"),
        ("In custody, without an address for letters",
         [p for p in people if states[p.id] == "held" and not p.address], "id"),
        ("Without a source dated in the last year (give a source's date with `date:`)",
         [p for p in people if not recent_source(p, as_of)], "sources"),
    ]
    for title, found, field in sections:
        lines += ["", f"{title}: {len(found)}"]
        lines += [f"  {place(p, field)}: {p.id}" for p in sorted(found, key=lambda p: p.id)]
    return "\n".join(lines)


def news_order(prisoner: Prisoner) -> tuple:
    """The oldest news first; without any, before all."""
    last = prisoner.last_reported
    return (last is not None, last.on.last if last else None, prisoner.id)


def recent_source(prisoner: Prisoner, as_of: dt.date) -> bool:
    return any(s.date is not None and (as_of - s.date).days <= YEAR for s in prisoner.sources)


def place(prisoner: Prisoner, field: str) -> str:
    where = prisoner.where.of(field)
    return f"{where.path}:{where.line}"
