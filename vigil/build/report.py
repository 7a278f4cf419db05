"""`build.py report`: the list a volunteer works through. First the people held now whose
newest news of where they are is over a year old (or missing); then the records of people
in custody, the one verified longest ago first, each marked DUE with the days it is
overdue; then the gaps: people without a photo, people in custody with neither a postal
address for letters nor the page that keeps it (`letters.page`), or without a source from
the last year. People released, or who died, are not
due: their records are not listed for verification. Each line starts with the record's
place, so an editor can jump to it."""
from __future__ import annotations

import datetime as dt

from ..model.custody import custody_of
from ..model.records import Content, Prisoner, placed
from .check import news_is_old

YEAR = 365


def worklist(content: Content, as_of: dt.date) -> str:
    """The report, as of `as_of` (the build's date, never the clock's)."""
    states = {p.id: custody_of(p, as_of).state for p in content.prisoners}
    held = [p for p in content.prisoners if states[p.id] == "held"]
    every = content.site.verify_every_days
    old_news = [p for p in held if news_is_old(p, as_of)]
    lines = [f"Held now, with no news of where they are from the last 12 months (as of {as_of}): "
             f"{len(old_news)}"]
    lines += [f"  {place(p, 'last_reported' if p.last_reported else 'id')}: {p.id}: "
              + (f"last reported {p.last_reported.on}" if p.last_reported else "no 'last_reported'")
              for p in sorted(old_news, key=news_order)]
    by_age = sorted(held, key=lambda p: (p.verified, p.id))          # most overdue first
    due = [p for p in by_age if overdue(p, as_of, every) > 0]
    lines += ["", f"People in custody, the record verified longest ago first (as of {as_of}; a record is "
              f"due every {every} days; {len(due)} due; people released or who died are not listed):"]
    lines += [verification_line(p, as_of, every) for p in by_age]
    sections = [
        ("Without a photo", [p for p in content.prisoners if not p.photo], "id"),
        ("In custody, with neither an address for letters nor the page that keeps it "
         "(`letters.page`)", [p for p in held if not can_be_written_to(p)], "id"),
        ("In custody, without a source dated in the last year (give a source's date with `date:`)",
         [p for p in held if not recent_source(p, as_of)], "sources"),
    ]
    for title, found, field in sections:
        lines += ["", f"{title}: {len(found)}"]
        lines += [f"  {place(p, field)}: {p.id}" for p in sorted(found, key=lambda p: p.id)]
    return "\n".join(lines)


def overdue(prisoner: Prisoner, as_of: dt.date, every: int) -> int:
    """Days past the date the record was due for verification (0 or less: not yet due)."""
    return (as_of - prisoner.verified).days - every


def verification_line(prisoner: Prisoner, as_of: dt.date, every: int) -> str:
    age = (as_of - prisoner.verified).days
    late = overdue(prisoner, as_of, every)
    due = f"  DUE, {late} day{'s' if late != 1 else ''} overdue" if late > 0 else ""
    return (f"  {place(prisoner, 'verified')}: {prisoner.id}: verified {prisoner.verified}, {age} "
            f"day{'s' if age != 1 else ''} ago{due}")


def news_order(prisoner: Prisoner) -> tuple:
    """The oldest news first; without any, before all."""
    last = prisoner.last_reported
    return (last is not None, last.on.last if last else None, prisoner.id)


def can_be_written_to(prisoner: Prisoner) -> bool:
    """The letter block has what a letter needs: a postal address, or a link to the page
    that keeps the current one (a support project's page of the person)."""
    return bool(prisoner.address) or (prisoner.letters is not None and prisoner.letters.page is not None)


def recent_source(prisoner: Prisoner, as_of: dt.date) -> bool:
    return any(s.date is not None and (as_of - s.date).days <= YEAR for s in prisoner.sources)


def place(prisoner: Prisoner, field: str) -> str:
    where = placed(prisoner.where).of(field)
    return f"{where.path}:{where.line}"
