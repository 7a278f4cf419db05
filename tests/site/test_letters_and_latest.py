"""Status with its date, what a letter needs, the expected end of term and the latest
events: pure parts first, then a small site built as of a fixed day and read as a visitor
reads it (the profile, the "Write a letter" page, the home page's Latest list, the feed)."""
from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

from conftest import copy_site, page, run_build
from vigil.base.problems import Location
from vigil.build.check import check_last_reported, news_is_old
from vigil.features.latest import latest_events
from vigil.load.markup import Markdown
from vigil.model.records import CustodyPeriod, Event, LastReported, PartialDate, Prisoner, Source, Text, Where
from vigil.site.routes import Urls
from vigil.site.views import Words, prisoner_view

D = dt.date
SOURCE = Source("A source", "https://tiny.example/s")


def person(pid="ivan", last=None, events=(), released=None) -> Prisoner:
    return Prisoner(pid, Text({"en": pid.title()}), ("journalist",), (CustodyPeriod("detention", D(2020, 1, 10)),),
                    Text({"en": "Summary."}), (SOURCE,), D(2026, 11, 1), last_reported=last, events=events,
                    released=released, where=Where(Location("data/prisoners.yaml", 2, 3)))


def reported(on: PartialDate) -> LastReported:
    return LastReported(on, Text({"en": "IK-2"}), SOURCE, Where(Location("data/prisoners.yaml", 9, 5)))


# --------------------------------------------------------------------------- staleness
def test_news_over_twelve_months_old_is_a_warning_at_its_line():
    as_of = D(2026, 12, 7)
    assert not news_is_old(person(last=reported(PartialDate(2025, 12))), as_of)   # to 31 Dec 2025
    assert news_is_old(person(last=reported(PartialDate(2025, 12, 6))), as_of)
    [problem] = check_last_reported(person(last=reported(PartialDate(2022, 2))), as_of)
    assert problem.warning and problem.where.line == 9
    assert "dates from 2022-02, over 12 months before this build (2026-12-07)" in problem.message


def test_a_person_held_without_last_reported_is_a_warning_at_the_id():
    [problem] = check_last_reported(person(), D(2026, 12, 7))
    assert problem.warning and problem.where.line == 2 and "last_reported" in problem.message


def test_no_warning_for_someone_no_longer_held():
    from vigil.model.records import Release
    assert check_last_reported(person(released=Release(D(2021, 1, 1), "parole")), D(2026, 12, 7)) == []


# --------------------------------------------------------------------------- latest events
def test_latest_events_are_newest_first_up_to_the_as_of_date_and_stable():
    def event(on, kind="verdict"):
        return Event(on, kind, Text({"en": f"{kind} {on}"}), SOURCE)
    urls = Urls("https://tiny.example/")
    words = Words("en", "en", urls, Markdown(urls.base_path, urls.prefix, frozenset()))
    anna = person("anna", events=(event(PartialDate(2025, 3, 1)), event(PartialDate(2026, 12, 20), "hearing")))
    boris = person("boris", events=(event(PartialDate(2025, 3)), event(PartialDate(2025, 3, 1)),
                                    event(PartialDate(2026, 1, 5), "transfer")))
    views = [prisoner_view(p, D(2026, 12, 7), words, urls, ()) for p in (boris, anna)]
    found = latest_events(views, D(2026, 12, 7))
    assert [(e.name.text, e.on.isoformat()) for e in found] == [
        ("Boris", "2026-01-05"), ("Anna", "2025-03-01"), ("Boris", "2025-03-01"), ("Boris", "2025-03")]
    assert found[0].url == "/prisoners/boris/" and found[0].anchor == "boris-2026-01-05-2"
    assert latest_events(views, D(2026, 12, 7), limit=2) == found[:2]
    # the hearing still to come is not news; once it has been held, it is
    later = [prisoner_view(p, D(2026, 12, 21), words, urls, ()) for p in (boris, anna)]
    assert latest_events(later, D(2026, 12, 21))[0].name.text == "Anna"


# --------------------------------------------------------------------------- the site
IVAN = '''  last_reported:
    on: 2026-10
    place: {en: "Penal colony IK-2, Nowhere region", ru: "ИК-2"}
    source: {title: A letter from Ivan, url: "https://tiny.example/ivan-letter"}
  letters:
    recipient:
      text: Хелд Иван Иванович, 1980 г. р.
      source: {title: A support page, url: "https://tiny.example/ivan-support"}
    page: {title: Ivan's support page, url: "https://tiny.example/ivan-support"}
  term: {years: 8, regime: general, in_force: 2021-02-20}
  events:
    - {date: 2020-01-10, kind: detained, text: Ivan was detained., source: {title: News A, url: "https://tiny.example/a"}}
    - {date: 2021-02, kind: verdict, text: A court gave him 8 years., source: {title: News B, url: "https://tiny.example/b"}}
    - {date: 2026-12-20, kind: hearing, text: A hearing on his complaint., source: {title: News C, url: "https://tiny.example/c"}}
'''


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_profile_write_page_latest_and_feed(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    records = site / "data/prisoners.yaml"
    body = records.read_text(encoding="utf-8")
    body = body.replace("  address: |\n    Ivan Held, 1980\n    Penal colony IK-2\n    Nowhere, Russia\n", "")
    body = re.sub(r"  last_reported: \{.*\}\n", IVAN, body)           # the fixture's own, in one line
    records.write_text(body, encoding="utf-8")
    out = tmp_path / "public"
    assert run_build(site, out, as_of="2026-11-29") == 0

    profile = page(out, "/prisoners/ivan-held/")
    assert text_of(re.search(r'<p class="last-reported">.*?</p>', profile, re.S)[0]) == (
        "Last reported in Penal colony IK-2, Nowhere region, as of October 2026. Source: A letter from Ivan")
    # the letters block comes right after the counter, and guesses no address
    letters = re.search(r'<section class="letters".*?</section>', profile, re.S)[0]
    assert profile.index('class="custody"') < profile.index('class="letters"') < profile.index('class="profile-facts"')
    shown = text_of(letters)
    assert "Write to Ivan Held" in shown
    assert "Хелд Иван Иванович, 1980 г. р. Source: A support page" in shown
    assert ("No source we have read gives a current postal address. The page that keeps it up to date: "
            "Ivan's support page.") in text_of(letters.replace("&#39;", "'"))
    assert "<address" not in letters
    assert '<a href="https://fsin-pismo.ru/"' in letters
    # 8 years from 20 Feb 2021, less 143 days of detention at 1.5 and 264 of house arrest at 1/2
    term = text_of(re.search(r'<p class="term-end">.*?</p>', profile, re.S)[0])
    assert term.startswith("Term expected to end in March 2028 (our estimate: 8 years from 20 February 2021; "
                           "credited for custody before it: 346 days;")

    write = page(out, "/write/")
    assert write.count('class="letters"') == 1 and '<a href="/prisoners/ivan-held/">Ivan Held</a>' in write

    home = page(out, "/")
    assert '<li><a href="/write/">Write a letter</a></li>' in home
    latest = re.search(r'<section class="latest-events".*?</section>', home, re.S)[0]
    items = [text_of(li) for li in re.findall(r"<li>.*?</li>", latest, re.S)]
    assert items == ["February 2021 Ivan Held: A court gave him 8 years. (Source: News B)",
                     "10 January 2020 Ivan Held: Ivan was detained. (Source: News A)"]
    assert '<link rel="alternate" type="application/atom+xml"' in home and 'href="/events.xml"' in home

    feed = ET.fromstring((out / "events.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}published").text for e in entries] == ["2021-02-01T00:00:00+03:00",
                                                                   "2020-01-10T00:00:00+03:00"]
    assert entries[0].find(f"{atom}id").text == "https://tiny.example/prisoners/ivan-held/#ivan-held-2021-02-1"
    assert "News B" in entries[0].find(f"{atom}content").text
    assert 'id="ivan-held-2021-02-1"' in profile                    # where the entry leads

    # the open data carry the same, the expected end as a day
    ivan = next(r for r in json.loads((out / "data/prisoners.json").read_bytes())["prisoners"]
                if r["id"] == "ivan-held")
    assert ivan["last_reported"]["on"] == "2026-10"
    assert ivan["letters"]["recipient"]["text"] == "Хелд Иван Иванович, 1980 г. р."
    assert ivan["letters"]["address"] is None
    assert ivan["term"]["computed"] == {"ends_on": "2028-03-10", "counted_from": "2020-03-11", "credit_days": 346,
                                        "detention_days": 143, "house_arrest_days": 264, "detention_rate": "3/2"}
    assert feed.find(f"{atom}updated").text == "2021-02-01T00:00:00+03:00"


def test_the_samples_envelope_lines_agree_with_their_records(sample):
    # Each line for the envelope: surname, name and patronymic, then the year of birth and
    # «г. р.», from a source; the surname and name are the record's own, in Russian, and
    # the year is the record's year of birth where the record gives one.
    from vigil.load.data import load_prisoners
    prisoners, _, problems = load_prisoners(sample, "ru")
    assert not [p for p in problems if not p.warning]
    lines = {p.id: p for p in prisoners if p.letters}
    assert {"maria-ponomarenko", "boris-kagarlitsky", "server-mustafayev", "grigory-melkonyants"} <= set(lines)
    for pid, p in lines.items():
        line, source = p.letters.recipient.text, p.letters.recipient.source
        match = re.fullmatch(r"(\w[\w-]*) (\w+) (\w+), (\d{4}) г\. р\.", line)
        assert match, (pid, line)
        surname, name, _patronymic, year = match.groups()
        first, *_, last = p.name.get("ru")[0].split()
        assert (surname, name) == (last, first), (pid, line)
        assert p.born is None or p.born.year == int(year), (pid, line)
        assert source.url.startswith("https://") and source.title, pid
