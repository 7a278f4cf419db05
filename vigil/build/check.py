"""Rules that span records or need the as-of date: problems as values."""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path

from babel import Locale

from ..base.problems import Location, Problem, did_you_mean
from ..load.folders import regular_files
from ..media.photos import photo_file
from ..model.custody import custody_of
from ..model.records import Content, Member, NewsPost, Prisoner, placed
from ..model.term import add_months
from ..model.timeline import check_events
from ..site import routes

NEWS_MONTHS = 12                     # a held person's newest news older than this is a warning


def check_content(content: Content, as_of: dt.date, static_dirs: Iterable[Path],
                  linked_pages: Iterable[str] = routes.LINKED_PAGES) -> list[Problem]:
    """`linked_pages`: the slugs of content/pages/ that pages link (site/kinds.linked_pages:
    the frame's, routes.LINKED_PAGES, and those each kind's template links)."""
    static_dirs = tuple(static_dirs)
    problems = duplicate_ids(content.prisoners, "prisoner") + duplicate_ids(content.members, "member")
    for prisoner in content.prisoners:
        problems += check_reserved_id(prisoner)
        problems += check_custody(prisoner)
        problems += check_not_after(prisoner, as_of)
        problems += check_photo(prisoner, static_dirs)
        problems += check_verified(prisoner, as_of, content.site.verify_every_days)
        problems += check_events(prisoner, as_of)
        problems += check_last_reported(prisoner, as_of)
        problems += check_term(prisoner)
    for member in content.members:
        problems += check_countries(member)
    problems += check_linked_pages(content, linked_pages)
    if content.prisoner_ids is not None:
        for post in content.news:
            problems += check_post_prisoners(post, content.prisoner_ids)
    return problems


def duplicate_ids(records: Iterable[Prisoner | Member], what: str) -> list[Problem]:
    first: dict[str, Prisoner | Member] = {}
    problems = []
    for record in records:
        if record.id in first:
            other = placed(first[record.id].where).of("id")
            problems.append(Problem(placed(record.where).of("id"),
                                    f"the {what} id '{record.id}' is already used at line "
                                    f"{other.line}; each {what} needs its own id"))
        else:
            first[record.id] = record
    return problems


def check_reserved_id(prisoner: Prisoner) -> list[Problem]:
    if prisoner.id not in routes.RESERVED_IDS:
        return []
    return [Problem(placed(prisoner.where).of("id"), f"the id '{prisoner.id}' is taken by the list of "
                                                     "prisoners itself; add the person's name to it")]


def check_custody(prisoner: Prisoner) -> list[Problem]:
    """Periods in order, not overlapping; release or death after the detention."""
    problems = []
    previous = None
    for period in prisoner.custody:
        if period.until is not None and period.until < period.start:
            problems.append(Problem(placed(period.where).of("until"),
                                    f"this period ends ({period.until}) before it starts ({period.start})"))
        if previous is not None:
            if period.start <= previous.start:
                problems.append(Problem(placed(period.where).of("from"),
                                        f"periods must be in order: this one starts on {period.start}, "
                                        f"not after the one before ({previous.start})"))
            elif previous.until is not None and period.start < previous.until:
                problems.append(Problem(placed(period.where).of("from"),
                                        f"this period starts on {period.start}, before the one "
                                        f"before it ends ({previous.until}): periods must not overlap"))
        previous = period
    return problems + check_end(prisoner)


def check_end(prisoner: Prisoner) -> list[Problem]:
    first, last = prisoner.custody[0], prisoner.custody[-1]
    where = placed(prisoner.where)
    if prisoner.released and prisoner.died_on:
        return [Problem(where.of("died"), "a prisoner cannot be both released and dead in custody; "
                                          "keep one of 'released' and 'died'")]
    end = prisoner.died_on or (prisoner.released.on if prisoner.released else None)
    field = "died" if prisoner.died_on else "released"
    if end is None:
        if last.until is not None:
            return [Problem(placed(last.where).of("until"),
                            f"the last period ends on {last.until}, but there is no 'released' "
                            f"entry; add 'released: {{on: {last.until}, how: ...}}' or remove 'until'")]
        return []
    if end < first.start:
        return [Problem(where.of(field), f"the {_event(field)} date {end} is before the detention "
                                         f"({first.start})")]
    if end < last.start:
        return [Problem(where.of(field), f"the {_event(field)} date {end} is before the last custody "
                                         f"period starts ({last.start})")]
    if last.until is not None and last.until != end:
        return [Problem(placed(last.where).of("until"),
                        f"the last period ends on {last.until}, but the {_event(field)} date is {end}; "
                        "remove 'until' from the last period (it ends at the release)")]
    return []


def _event(field: str) -> str:
    return "death" if field == "died" else "release"


def check_not_after(prisoner: Prisoner, as_of: dt.date) -> list[Problem]:
    """Dates of things that have happened cannot lie after the as-of date."""
    dated = [(placed(prisoner.where).of("verified"), "verified", prisoner.verified),
             (placed(prisoner.where).of("born"), "born", prisoner.born.first if prisoner.born else None),
             (placed(prisoner.where).of("released"), "released on",
              prisoner.released.on if prisoner.released else None),
             (placed(prisoner.where).of("died"), "died on", prisoner.died_on)]
    for period in prisoner.custody:
        dated += [(placed(period.where).of("from"), "from", period.start),
                  (placed(period.where).of("until"), "until", period.until)]
    problems = [Problem(place, f"'{label}' is {day}, after the date of this build ({as_of}); "
                               "a date in the future cannot be right here")
                for place, label, day in dated if day is not None and day > as_of]
    if prisoner.born and prisoner.born.first >= prisoner.custody[0].start:
        problems.append(Problem(placed(prisoner.where).of("born"),
                                f"the birth date {prisoner.born} is not before the detention "
                                f"({prisoner.custody[0].start})"))
    return problems


def check_verified(prisoner: Prisoner, as_of: dt.date, every: int) -> list[Problem]:
    """A record of someone in custody goes out of date: places, sentences, addresses change."""
    age = (as_of - prisoner.verified).days
    if age <= every or custody_of(prisoner, as_of).state != "held":
        return []
    return [Problem(placed(prisoner.where).of("verified"),
                    f"{prisoner.id} was last verified on {prisoner.verified}, {age} days ago; check "
                    "the record against its sources, then set 'verified' to that day (people in "
                    f"custody are checked every {every} days: verify_every_days in data/site.yaml)",
                    warning=True)]


def news_is_old(prisoner: Prisoner, as_of: dt.date) -> bool:
    """Held now, and the newest source on where they are is over NEWS_MONTHS old (or
    there is none): the page cannot say where they are today."""
    if custody_of(prisoner, as_of).state != "held":
        return False
    last = prisoner.last_reported
    return last is None or add_months(last.on.last, NEWS_MONTHS) < as_of


def check_last_reported(prisoner: Prisoner, as_of: dt.date) -> list[Problem]:
    """A warning: the page shows the date of the news, but someone should look for newer."""
    if not news_is_old(prisoner, as_of):
        return []
    last = prisoner.last_reported
    if last is None:
        return [Problem(placed(prisoner.where).of("id"),
                        f"{prisoner.id} is held now, and the record does not say where they were last "
                        "reported: add 'last_reported: {on: ..., place: ..., source: ...}' with the "
                        "newest source on where they are held", warning=True)]
    where = last.where.record if last.where else placed(prisoner.where).of("last_reported")
    return [Problem(where, f"the newest source on where {prisoner.id} is held dates from {last.on}, "
                           f"over {NEWS_MONTHS} months before this build ({as_of}); look for a newer "
                           "one and update 'last_reported'", warning=True)]


def check_term(prisoner: Prisoner) -> list[Problem]:
    """A fixed term has a length; a life sentence has none."""
    term = prisoner.term
    if term is None:
        return []
    where = term.where.record if term.where else placed(prisoner.where).of("term")
    if term.life and (term.years or term.months):
        return [Problem(where, "a life sentence has no length: remove 'years' and 'months', or 'life'")]
    if not term.life and not (term.years or term.months):
        return [Problem(where, "the term has no length: give 'years' and/or 'months' (or "
                               "'life: true' for a life sentence)")]
    return []


def check_photo(prisoner: Prisoner, static_dirs: tuple[Path, ...]) -> list[Problem]:
    if prisoner.photo is None or photo_file(prisoner.photo, static_dirs) is not None:
        return []
    if ".." not in prisoner.photo.split("/") and any(os.path.lexists(folder / prisoner.photo)
                                                     for folder in static_dirs):
        return []               # there, but not a regular file: reported at its own path
    return [Problem(placed(prisoner.where).of("photo"), f"the photo 'static/{prisoner.photo}' does not "
                                                        f"exist{photo_hint(prisoner.photo, static_dirs)}")]


def photo_hint(photo: str, static_dirs: tuple[Path, ...]) -> str:
    """The file the maintainer probably meant: without 'static/', in other letter case,
    or a similar name."""
    files = sorted({rel for d in static_dirs if d.is_dir() for rel in regular_files(d)[0]})
    bare = photo.removeprefix("static/").removeprefix("/")
    if bare != photo and bare in files:
        return f"; write '{bare}': photo paths start inside static/"
    same = [f for f in files if f.casefold() == bare.casefold()]
    if same:
        return f"; the file is '{same[0]}' (letter case counts on the web server)"
    close = did_you_mean(bare, files)
    return close or "; add the file under static/ or fix the path"


def check_linked_pages(content: Content, linked_pages: Iterable[str]) -> list[Problem]:
    """A warning, not an error: the site builds, with a link that leads nowhere."""
    present = {page.slug for page in content.pages}
    return [Problem(Location(f"content/pages/{slug}.md", 1),
                    f"this page is missing, and every page links to /{routes.text_page(slug)}; write it", warning=True)
            for slug in dict.fromkeys(linked_pages)
            if slug not in present and not content.is_failed(f"content/pages/{slug}.md")]


def check_countries(member: Member) -> list[Problem]:
    """ISO 3166 codes: Babel knows every country's name, so it knows the codes."""
    known = [code for code in Locale.parse("en").territories
             if isinstance(code, str) and len(code) == 2 and code.isalpha()]
    return [Problem(placed(member.where).of("countries"),
                    f"'{code}' is not a country code{did_you_mean(code, known)} (use ISO 3166 "
                    "codes, like UA for Ukraine or GB for the United Kingdom)")
            for code in member.countries if code not in known]


def check_post_prisoners(post: NewsPost, known: AbstractSet[str]) -> list[Problem]:
    return [Problem(placed(post.where).of("prisoners"),
                    f"this post names the prisoner '{pid}', who is not in data/prisoners.yaml"
                    f"{did_you_mean(pid, known)}")
            for pid in post.prisoners if pid not in known]
