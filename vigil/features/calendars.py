"""The calendars a visitor can subscribe to, in each language: the birthdays of the people
held now (`birthdays.ics`: one yearly all-day event each) and the court hearings to come
(`hearings.ics`), written as iCalendar (RFC 5545) with the `icalendar` library; and the
page that explains them and lists what is coming. Pure: no files, no clock. The files are
stamped with the build's date, so the same data and as-of date give the same bytes.

The interface words here are in the catalogs with the templates' (i18n.interface_messages
collects the gettext calls of this file), so a missing translation is reported like any
other.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from ..model.records import Source
from ..model.timeline import is_upcoming
from ..site import routes
from ..site.context import Frame, PageContext
from ..site.i18n import Language
from ..site.kinds import Description, KindPage, PageKind
from ..site.views import Localized, PrisonerView, Words
from .birthdays import Birthday, birthday_of, has_birthday, upcoming_birthdays

PAGE_DAYS = 60        # the calendars page lists two months: a letter to a prison takes weeks
PRODUCT = "-//vigil//calendars//EN"
REFRESH = dt.timedelta(days=1)       # the site is built every night


@dataclass(frozen=True)
class Hearing:
    """A court hearing to come, on a day the data gives in full."""
    prisoner_id: str
    name: Localized
    url: str                         # the person's profile
    day: dt.date
    text: Localized
    source: Source
    number: int = 1                  # the person's first, second... hearing that day


@dataclass(frozen=True)
class CalendarLink:
    """Where a calendar file is: its path on the site, its address, and the same address
    as webcal://, which opens a calendar app to subscribe."""
    url: str
    address: str
    webcal: str


@dataclass(frozen=True)
class CalendarFile(PageContext):
    """A calendar file, made whole here: its template only places it."""
    ics: str
    TEMPLATE: ClassVar[str] = "calendar.ics"


@dataclass(frozen=True)
class CalendarsPage(PageContext):
    """/calendars/: what each calendar holds, how to subscribe, and what is coming."""
    birthdays: tuple[Birthday, ...]  # in the next `days` days
    hearings: tuple[Hearing, ...]    # every one to come
    people: int                      # how many people the birthdays calendar holds
    birthdays_file: CalendarLink
    hearings_file: CalendarLink
    days: int = PAGE_DAYS
    TEMPLATE: ClassVar[str] = "calendars.html"


def calendar_pages(views: Iterable[PrisonerView], frame: Frame, words: Words,
                   language: Language) -> list[KindPage]:
    """The calendars page and each calendar file, in one language."""
    views = sorted(views, key=lambda v: v.prisoner.id)
    as_of = frame.as_of
    everyone = tuple(birthday_of(v, as_of) for v in views if has_birthday(v))
    hearings = upcoming_hearings(views, words, as_of)
    page = CalendarsPage(frame, upcoming_birthdays(views, as_of, PAGE_DAYS), hearings,
                         len(everyone), link(frame, routes.BIRTHDAYS_CALENDAR), link(frame, routes.HEARINGS_CALENDAR))
    return [KindPage(routes.CALENDARS, page),
            KindPage(routes.BIRTHDAYS_CALENDAR, CalendarFile(frame, birthdays_ics(everyone, frame, language))),
            KindPage(routes.HEARINGS_CALENDAR, CalendarFile(frame, hearings_ics(hearings, frame, language)))]


def calendars_described(page: CalendarsPage, language: Language) -> Description:
    return "website", language.gettext("Birthdays and court hearings"), language.gettext(
        "Calendars of the birthdays of the political prisoners held now and of their "
        "court hearings, to add to your calendar app")


PAGE_KINDS = (PageKind(CalendarsPage,
                       lambda site: calendar_pages(site.prisoners, site.frame, site.words, site.language),
                       calendars_described, linked_pages=(routes.HOW_TO_HELP,)),)


def link(frame: Frame, rel: str) -> CalendarLink:
    address = frame.urls.absolute(rel)
    return CalendarLink(frame.urls.path(rel), address, "webcal://" + address.split("://", 1)[1])


def upcoming_hearings(views: Iterable[PrisonerView], words: Words, as_of: dt.date) -> tuple[Hearing, ...]:
    """The hearings still to come (the timeline's rule, `is_upcoming`) whose day is known:
    a month or a year alone is no date to go to court on. Soonest first."""
    found = []
    for view in views:
        per_day: dict[dt.date, int] = {}
        for event in view.prisoner.events:
            if not is_upcoming(event, as_of) or event.on.precision != "day":
                continue
            day = event.on.first
            per_day[day] = per_day.get(day, 0) + 1
            found.append(Hearing(view.prisoner.id, view.name, view.url, day, words.text(event.text),
                                 event.source, per_day[day]))
    return tuple(sorted(found, key=lambda h: (h.day, str(h.name).casefold(), h.prisoner_id, h.number)))


# ------------------------------------------------------------------------ the .ics files
@dataclass(frozen=True)
class CalendarHead:
    """What a calendar file says of itself, every word in its language."""
    name: str                        # with the site's title
    description: str
    url: str                         # the calendars page
    timezone: str
    as_of: dt.date


@dataclass(frozen=True)
class DayEvent:
    """An all-day event as the file writes it, every word in its language: values only, so
    that a calendar of the same events is written once a process (`ics`)."""
    uid: str                         # the same from one build to the next
    day: dt.date
    summary: str
    description: str
    url: str
    yearly: bool = False             # a birthday: every year, from `day`
    leap_day: bool = False           # born on 29 February: on February's last day


def birthdays_ics(birthdays: Iterable[Birthday], frame: Frame, language: Language) -> str:
    _ = language.gettext
    return ics(calendar_head(frame, _("Birthdays of political prisoners"),
                             _("The birthdays of the political prisoners held now whose date of "
                               "birth is public: a card is a good letter to send.")),
               tuple(birthday_event(birthday, frame, language) for birthday in birthdays))


def hearings_ics(hearings: Iterable[Hearing], frame: Frame, language: Language) -> str:
    _ = language.gettext
    return ics(calendar_head(frame, _("Court hearings of political prisoners"),
                             _("The court hearings to come in the cases of the political "
                               "prisoners on this site.")),
               tuple(hearing_event(hearing, frame, language) for hearing in hearings))


def calendar_head(frame: Frame, name: str, description: str) -> CalendarHead:
    return CalendarHead(f"{name} ({frame.site.title!s})", description, frame.urls.absolute(routes.CALENDARS),
                        frame.site.timezone, frame.as_of)


@functools.lru_cache(maxsize=8)     # serve's next build, after an edit elsewhere: the same file
def ics(head: CalendarHead, events: tuple[DayEvent, ...]) -> str:
    """The calendar with its events, as the text of an .ics file (written by `icalendar`,
    whose folding of long lines alone took a tenth of a rebuild for 600 birthdays)."""
    calendar = calendar_of(head)
    for event in events:
        calendar.add_component(ical_event(event, head))
    return calendar.to_ical().decode("utf-8")


def calendar_of(head: CalendarHead) -> icalendar.Calendar:
    """A calendar with its name and description (RFC 7986, and the X-WR- names that Apple's,
    Google's and Microsoft's apps read), the site's time zone, and how often to look again."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # the X- names are text too: vText escapes their commas and semicolons
    calendar.add("name", head.name)
    calendar.add("x-wr-calname", icalendar.vText(head.name))
    calendar.add("description", head.description)
    calendar.add("x-wr-caldesc", icalendar.vText(head.description))
    calendar.add("url", head.url)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    # Every event is a whole day, which has no zone: these say whose days they are. The
    # zone's rules also make a calendar with no event yet a valid one (RFC 5545 wants one
    # component at least).
    calendar.add("x-wr-timezone", head.timezone)
    calendar.add_component(zone_rules(head.timezone, head.as_of.year))
    return calendar


@functools.lru_cache(maxsize=16)    # each calendar of each language has the same: made once
def zone_rules(timezone: str, year: int) -> icalendar.Timezone:
    """The site's time zone as a VTIMEZONE, from 1 January of the build's year for five years
    (the same all year; Moscow's offset has not changed since 2014). Working them out walks
    every hour's offset (a fifth of a small site's build when made for each calendar); the
    component is only read after this: a calendar adds it, and writes it out."""
    rules = icalendar.Timezone.from_tzid(timezone, first_date=dt.date(year, 1, 1),
                                         last_date=dt.date(year + 5, 1, 1))
    rules.pop("COMMENT", None)       # "only works from ... to ...": no words for a visitor
    return rules


def birthday_event(birthday: Birthday, frame: Frame, language: Language) -> DayEvent:
    """A yearly all-day event from the birth date itself; for someone born on 29 February,
    on the last day of February, so that years without the 29th have it too."""
    _ = language.gettext
    lines = [_("Born on %(date)s") % {"date": language.date(birthday.born)}]
    if birthday.leap_day:
        lines.append(_("Born on 29 February: in a year without that day, the birthday is "
                       "marked on 28 February."))
    lines.append(_("Profile: %(address)s") % {"address": frame.urls.full(birthday.url)})
    if birthday.address:
        lines += ["", _("Address for letters:"), birthday.address.strip()]
    lines += ["", _("How to write to a prisoner: %(address)s") % {
        "address": frame.urls.full(frame.links.writing_to_prisoners)}]
    return DayEvent(uid(f"birthday-{birthday.prisoner_id}", frame), birthday.born,
                    _("Birthday of %(name)s — send a card") % {"name": str(birthday.name)},
                    "\n".join(lines), frame.urls.full(birthday.url), yearly=True, leap_day=birthday.leap_day)


def hearing_event(hearing: Hearing, frame: Frame, language: Language) -> DayEvent:
    _ = language.gettext
    number = f"-{hearing.number}" if hearing.number > 1 else ""
    source = hearing.source
    lines = [str(hearing.text), "",
             _("Source: %(title)s, %(address)s") % {"title": source.title, "address": source.url},
             _("Profile: %(address)s") % {"address": frame.urls.full(hearing.url)}]
    return DayEvent(uid(f"hearing-{hearing.prisoner_id}-{hearing.day:%Y%m%d}{number}", frame), hearing.day,
                    _("Hearing: %(name)s") % {"name": str(hearing.name)}, "\n".join(lines),
                    frame.urls.full(hearing.url))


def uid(key: str, frame: Frame) -> str:
    """An event's UID, which stays the same from one build to the next: `key` at the site's host."""
    return f"{key}@{urlsplit(frame.urls.base_url).hostname}"


def ical_event(event: DayEvent, head: CalendarHead) -> icalendar.Event:
    """An all-day event, with the build's date as its stamp; a birthday repeats each year."""
    made = icalendar.Event()
    made.add("uid", event.uid)
    made.add("dtstamp", stamp(head.as_of, head.timezone))
    made.add("dtstart", event.day)
    made.add("dtend", event.day + dt.timedelta(days=1))
    if event.yearly:
        rule: dict[str, str | int] = {"freq": "yearly"}
        if event.leap_day:
            rule.update(bymonth=2, bymonthday=-1)
        made.add("rrule", rule)
    made.add("summary", event.summary)
    made.add("description", event.description)
    made.add("url", event.url)
    made.add("transp", "TRANSPARENT")          # a birthday or a hearing does not make anyone busy
    return made


def stamp(as_of: dt.date, timezone: str) -> dt.datetime:
    """The build's date as a moment (UTC, as DTSTAMP wants it): the first moment of that
    day in the site's time zone. Never the clock: the same build gives the same bytes."""
    return dt.datetime.combine(as_of, dt.time(), ZoneInfo(timezone)).astimezone(dt.UTC)
