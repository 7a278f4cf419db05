"""The calendars (birthdays.ics, hearings.ics in each language), the calendars page and
the home page's birthdays coming up: built from a copy of the sample data, read back with
the `icalendar` library and with `vobject`, an independent parser, as a calendar app would."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
import vobject
import yaml

from conftest import copy_site, page, run_build, serving
from vigil.build.pipeline import Folders, load
from vigil.features.birthdays import birthday_in, next_birthday
from vigil.features.calendars import CalendarHead, DayEvent, ics
from vigil.pages.contexts import Home
from vigil.pages.outputs import build_site

AS_OF = "2026-12-25"                 # the birthdays' window runs over the new year
LANGUAGES = {"": "en", "ru/": "ru", "uk/": "uk"}
SUMMARIES = {"en": "Birthday of Alexey Pichugin — send a card",
             # a dash keeps the word before it (docs/style-ru.md): a no-break space
             "ru": "День рождения: Алексей Пичугин\N{NO-BREAK SPACE}— отправьте открытку",
             "uk": "День народження: Олексій Пічугін\N{NO-BREAK SPACE}— надішліть листівку"}
HEARING = {"en": "Hearing: Alexey Pichugin", "ru": "Заседание: Алексей Пичугин",
           "uk": "Засідання: Олексій Пічугін"}
# A test's own address for Pichugin's letters (the sample gives none).
ADDRESS = """\
  address: |
    Test colony No. 1
    Test Street 1, Test Town
"""
# Pichugin's timeline gets these events at its end: only the hearings to come with a day count.
EVENTS = """\
    - date: 2026-12-01
      kind: hearing
      text: A hearing that took place.
      source: {title: A past report, url: "https://memopzk.org/past/"}
    - date: 2026-12-25
      kind: hearing
      text: {en: The appeal is heard today., ru: Апелляцию рассматривают сегодня.}
      source: {title: Today's report, url: "https://memopzk.org/today/"}
    - date: 2026-12-25
      kind: appeal
      text: An appeal decided today, not a hearing, so not in this calendar.
      source: {title: A report, url: "https://memopzk.org/report/"}
    - date: "2027-01"
      kind: hearing
      text: A hearing some day in January.
      source: {title: A vague report, url: "https://memopzk.org/vague/"}
    - date: 2027-01-15
      kind: hearing
      text: The court hears the defence.
      source: {title: A report, url: "https://memopzk.org/report/"}
    - date: 2027-01-15
      kind: hearing
      text: The court hears the prosecution.
      source: {title: A report, url: "https://memopzk.org/report/"}
"""


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{file.name} no longer has {old!r}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def changed_sample(root: Path) -> Path:
    """The sample with hearings for Pichugin, Berkovich born on 29 February (1988) and
    Gorinov's birth given as a year alone."""
    site = copy_site("project", root / "site")
    records = site / "data/prisoners.yaml"
    edit(records, "  born: 1962-07-25\n", "  born: 1962-07-25\n" + ADDRESS)
    text = records.read_text(encoding="utf-8")
    events = text.index("\n  events:\n")               # the first record's: Pichugin's
    end = re.compile(r"\n  \S|\n-").search(text, events + len("\n  events:\n")).start() + 1
    records.write_text(text[:end] + EVENTS + text[end:], encoding="utf-8")
    edit(records, "  born: 1985-04-29\n", "  born: 1988-02-29\n")
    edit(records, "  born: 1961-07-26\n", "  born: 1961\n")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(the changed sample, its site built as of AS_OF)."""
    root = tmp_path_factory.mktemp("calendars")
    site = changed_sample(root)
    out = root / "public"
    assert run_build(site, out, as_of=AS_OF) == 0
    return site, out


def held_with_birth_dates(site: Path) -> dict[str, dt.date]:
    """From the YAML itself: the people neither released nor dead whose `born` is a day."""
    records = yaml.safe_load((site / "data/prisoners.yaml").read_text(encoding="utf-8"))
    return {r["id"]: r["born"] for r in records
            if "released" not in r and "died" not in r and isinstance(r.get("born"), dt.date)}


def calendar(out: Path, prefix: str, name: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((out / f"{prefix}calendars/{name}").read_bytes())


def events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return list(cal.walk("VEVENT"))


# ------------------------------------------------------------------- birthdays.ics
def test_the_birthdays_are_the_held_people_with_a_full_birth_date(built):
    site, out = built
    expected = held_with_birth_dates(site)
    assert "alexey-pichugin" in expected and "evgenia-berkovich" in expected
    assert "alexei-gorinov" not in expected            # a year alone
    assert "oleg-sentsov" not in expected              # released
    for prefix, lang in LANGUAGES.items():
        found = events(calendar(out, prefix, "birthdays.ics"))
        by_id = {str(e["UID"]).removeprefix("birthday-").removesuffix("@example.org"): e for e in found}
        assert sorted(by_id) == sorted(expected)
        assert len({str(e["UID"]) for e in found}) == len(found)
        for prisoner_id, born in expected.items():
            event = by_id[prisoner_id]
            start = event.decoded("DTSTART")
            assert type(start) is dt.date and start == born          # all-day, from the birth
            assert event.decoded("DTEND") == born + dt.timedelta(days=1)
            assert event["RRULE"]["FREQ"] == ["YEARLY"]
            assert event.decoded("DTSTAMP") == dt.datetime(2026, 12, 24, 21, tzinfo=dt.UTC)
            assert str(event["URL"]) == f"https://example.org/{prefix}prisoners/{prisoner_id}/"
            assert str(event["URL"]) in str(event["DESCRIPTION"])
            assert f"https://example.org/{prefix}how-to-help/#writing-to-prisoners" in str(event["DESCRIPTION"])
        assert str(by_id["alexey-pichugin"]["SUMMARY"]) == SUMMARIES[lang]
        letters = {"en": "Address for letters:", "ru": "Адрес для писем:", "uk": "Адреса для листів:"}[lang]
        assert f"\n\n{letters}\nTest colony No. 1\nTest Street 1, Test Town\n\n" in \
            str(by_id["alexey-pichugin"]["DESCRIPTION"])
        assert letters not in str(by_id["igor-baryshnikov"]["DESCRIPTION"])     # none given


def test_each_language_has_its_calendar_name_and_the_sites_time_zone(built):
    _, out = built
    names = {"en": "Birthdays of political prisoners (Coalition",
             "ru": "Дни рождения политзаключённых (", "uk": "Дні народження політв’язнів ("}
    for prefix, lang in LANGUAGES.items():
        cal = calendar(out, prefix, "birthdays.ics")
        assert str(cal["X-WR-CALNAME"]).startswith(names[lang])
        assert str(cal["X-WR-TIMEZONE"]) == "Europe/Moscow"
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Moscow"]
        assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]


def test_the_uids_stay_the_same_from_one_build_to_the_next(built, tmp_path):
    site, out = built
    again = tmp_path / "again"
    assert run_build(site, again, as_of=AS_OF) == 0
    for rel in ("calendars/birthdays.ics", "ru/calendars/hearings.ics"):
        assert (again / rel).read_bytes() == (out / rel).read_bytes()      # reproducible
    later = tmp_path / "later"
    assert run_build(site, later, as_of="2027-03-01") == 0
    for name in ("birthdays.ics",):
        uids = [str(e["UID"]) for e in events(calendar(out, "", name))]
        assert uids == [str(e["UID"]) for e in events(calendar(later, "", name))]
        assert uids == [str(e["UID"]) for e in events(calendar(out, "ru/", name))]


def test_an_independent_parser_reads_every_file_and_its_yearly_rule(built):
    _, out = built
    files = sorted((out).rglob("*.ics"))
    assert len(files) == 6
    for file in files:
        raw = file.read_bytes()
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))           # folded (RFC 5545)
        parsed = vobject.readOne(raw.decode("utf-8"))
        assert parsed.name == "VCALENDAR"
    cal = vobject.readOne((out / "calendars/birthdays.ics").read_text(encoding="utf-8"))
    by_uid = {e.uid.value: e for e in cal.vevent_list}
    pichugin = by_uid["birthday-alexey-pichugin@example.org"].getrruleset()
    assert pichugin.between(dt.datetime(2026, 12, 25), dt.datetime(2028, 12, 31)) == \
        [dt.datetime(2027, 7, 25), dt.datetime(2028, 7, 25)]


def test_a_29_february_birthday_is_on_the_last_day_of_february(built):
    _, out = built
    cal = vobject.readOne((out / "calendars/birthdays.ics").read_text(encoding="utf-8"))
    leap = next(e for e in cal.vevent_list if e.uid.value.startswith("birthday-evgenia-berkovich@"))
    days = leap.getrruleset().between(dt.datetime(2026, 1, 1), dt.datetime(2029, 1, 1))
    assert days == [dt.datetime(2026, 2, 28), dt.datetime(2027, 2, 28), dt.datetime(2028, 2, 29)]
    assert "28 February" in leap.description.value
    assert [birthday_in(dt.date(1988, 2, 29), year) for year in (2027, 2028)] == \
        [dt.date(2027, 2, 28), dt.date(2028, 2, 29)]
    assert next_birthday(dt.date(1988, 2, 29), dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)


# -------------------------------------------------------------------- hearings.ics
def test_the_hearings_are_those_to_come_with_a_day(built):
    _, out = built
    for prefix, lang in LANGUAGES.items():
        found = events(calendar(out, prefix, "hearings.ics"))
        assert [(e.decoded("DTSTART"), str(e["UID"])) for e in found] == [
            (dt.date(2026, 12, 25), "hearing-alexey-pichugin-20261225@example.org"),
            (dt.date(2027, 1, 15), "hearing-alexey-pichugin-20270115@example.org"),
            (dt.date(2027, 1, 15), "hearing-alexey-pichugin-20270115-2@example.org")]
        assert {str(e["SUMMARY"]) for e in found} == {HEARING[lang]}
        today = str(found[0]["DESCRIPTION"])
        assert "https://memopzk.org/today/" in today and "Today's report" in today
        assert ("Апелляцию рассматривают сегодня." if lang == "ru" else "The appeal is heard today.") in today
        assert "The court hears the prosecution." in str(found[2]["DESCRIPTION"])


def test_a_calendar_without_events_is_still_a_calendar(sample_site):
    out = sample_site
    cal = calendar(out, "", "hearings.ics")
    assert events(cal) == [] and len(cal.walk("VTIMEZONE")) == 1
    assert "No hearing to come is in our records yet." in page(out, "/calendars/")
    assert 'id="birthdays-title"' not in page(out, "/")       # no birthday from 7 Dec to 5 Jan


def test_the_host_is_told_the_calendars_type(built):
    _, out = built
    headers = (out / "_headers").read_text(encoding="utf-8")
    for prefix in LANGUAGES:
        for name in ("birthdays.ics", "hearings.ics"):
            assert f"/{prefix}calendars/{name}\n  Content-Type: text/calendar; charset=utf-8\n" in headers


# ------------------------------------------------------------------------- pages
def home_birthdays(content, as_of: dt.date) -> list[tuple[str, dt.date, int]]:
    home = next(o.page for o in build_site(content, as_of) if isinstance(o.page, Home) and o.lang == "en")
    return [(b.prisoner_id, b.day, b.age) for b in home.birthdays]


@pytest.mark.parametrize("as_of, expected", [
    # 30 days from the build's date, that day included; worked out by hand from the data
    ("2026-12-21", []),                                                  # 20 Jan is day 31
    ("2026-12-22", [("igor-baryshnikov", dt.date(2027, 1, 20), 68)]),     # ... and day 30 here
    (AS_OF, [("igor-baryshnikov", dt.date(2027, 1, 20), 68)]),           # over the new year
    ("2027-01-20", [("igor-baryshnikov", dt.date(2027, 1, 20), 68),      # today's counts
                    ("yuri-dmitriev", dt.date(2027, 1, 28), 71)]),
    ("2027-01-21", [("yuri-dmitriev", dt.date(2027, 1, 28), 71)]),
    ("2027-02-10", [("evgenia-berkovich", dt.date(2027, 2, 28), 39)]),   # 29 Feb, in 2027
    ("2027-07-10", [("alexey-pichugin", dt.date(2027, 7, 25), 65)]),     # Gorinov: a year alone
])
def test_the_home_page_lists_the_birthdays_of_the_next_30_days(built, as_of, expected):
    site, _ = built
    content, problems = load(Folders(site))
    assert content is not None, problems
    assert home_birthdays(content, dt.date.fromisoformat(as_of)) == expected


def test_the_home_page_shows_them_with_links_dates_and_ages(built):
    _, out = built
    home = page(out, "/")
    section = home[home.index('id="birthdays-title"'):home.index('id="about-title"')]
    assert '<a href="/prisoners/igor-baryshnikov/">Igor Baryshnikov</a>' in section
    assert '<time datetime="2027-01-20">20 January 2027</time>' in section
    assert "turns 68" in section
    assert 'href="/how-to-help/#writing-to-prisoners"' in section
    ru = page(out, "/ru/")
    assert "исполнится 68\N{NO-BREAK SPACE}лет" in ru          # a birthday to come and 'href="/ru/calendars/"' in ru


def test_the_calendars_page_lists_what_is_coming_and_links_the_files(built):
    _, out = built
    calendars = page(out, "/uk/calendars/")
    assert 'href="/uk/calendars/birthdays.ics"' in calendars
    assert 'href="webcal://example.org/uk/calendars/hearings.ics"' in calendars
    assert "<code>https://example.org/uk/calendars/birthdays.ics</code>" in calendars
    assert '<time datetime="2027-01-15">' in calendars and "https://memopzk.org/report/" in calendars
    assert "A hearing that took place." not in calendars
    assert 'href="/uk/prisoners/yuri-dmitriev/"' in calendars            # 34 days away: in 60
    assert 'href="/uk/how-to-help/#writing-to-prisoners"' in calendars
    assert 'href="/uk/calendars/"' in page(out, "/uk/how-to-help/")       # and the footer's
    assert 'href="/uk/calendars/"' in page(out, "/uk/members/")


def test_the_calendars_and_home_pages_pass_the_html_checker(built):
    from checkers import vnu
    _, out = built
    files = [out / f"{prefix}{name}" for prefix in LANGUAGES for name in ("index.html", "calendars/index.html")]
    assert not vnu(files, out)


@pytest.mark.browser
def test_the_calendars_and_home_pages_pass_axe(built, browser):
    from checkers import violations
    _, out = built
    with serving(out) as url:
        context = browser.new_context(as_of=AS_OF, java_script_enabled=True)
        tab = context.new_page()
        found = {}
        for path in ("/", "/calendars/", "/ru/calendars/", "/uk/"):
            tab.goto(url + path)
            found[path] = violations(tab)
        context.close()
    assert not [f"{path}: {v}" for path, vs in found.items() for v in vs]


def test_a_calendar_is_written_from_its_values_alone():
    """`ics` is given values only (every word already in the page's language), so serve's next
    build after an edit elsewhere takes the text written before; any other value is another
    text, and the file reads back with the events it was given."""
    head = CalendarHead("Birthdays (Vigil)", "Cards to send", "https://vigil.test/calendars/",
                        "Europe/Moscow", dt.date(2026, 12, 7))
    events = (DayEvent("birthday-a@vigil.test", dt.date(1988, 2, 29), "Birthday of A", "Born on\n29 February",
                       "https://vigil.test/prisoners/a/", yearly=True, leap_day=True),)
    text = ics(head, events)
    assert ics(CalendarHead(*vars(head).values()), tuple(DayEvent(*vars(e).values()) for e in events)) is text
    other = ics(head, (DayEvent(*{**vars(events[0]), "summary": "Birthday of B"}.values()),))
    assert other != text and "Birthday of B" in other
    later = ics(CalendarHead(*{**vars(head), "as_of": dt.date(2026, 12, 8)}.values()), events)
    assert "DTSTAMP:20261207T210000Z" in later and "DTSTAMP:20261206T210000Z" in text
    event, = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert (str(event["summary"]), str(event["description"])) == ("Birthday of A", "Born on\n29 February")
    assert event["rrule"]["BYMONTHDAY"] == [-1] and event["dtstart"].dt == dt.date(1988, 2, 29)
