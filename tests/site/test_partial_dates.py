"""Dates known only to the month or the year: a timeline's events and a birth year are
written as precisely as the sources say, read as such, and never shown more precisely."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import SAMPLE_AS_OF
from vigil.cli import main
from vigil.load.data import load_prisoners
from vigil.model.records import PartialDate
from vigil.site.i18n import babel_locale, partial_date

RECORDS = "data/prisoners.yaml"
EVENTS = """\
  events:
    - date: 2003-06-19
      kind: detained
      text: {en: Detained in Moscow., ru: Задержан в Москве.}
      source: {title: A report, url: "https://memopzk.org/"}
    - date: "2003-06"
      kind: court-arrest
      text: Remanded in custody.
      source: {title: A report, url: "https://memopzk.org/"}
    - date: "2005"
      kind: verdict
      text: Sentenced.
      source: {title: A report, url: "https://memopzk.org/"}
"""


def with_pichugin(site, before: str, after: str) -> None:
    """Replaces `before` with `after` in the file; events given in `after` take the place of the
    sample's own (Pichugin's timeline)."""
    file = site / RECORDS
    text = file.read_text(encoding="utf-8")
    if "events:" in after:
        start = text.index("- id: alexey-pichugin\n")
        own = re.compile(r"  events:\n(?:    .*\n)+").search(text, start)
        text = text[:own.start()] + text[own.end():]
    assert before in text
    file.write_text(text.replace(before, after, 1), encoding="utf-8")


def check(site, capsys) -> tuple[int, str]:
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF], environ={})
    found = capsys.readouterr()
    return code, found.out + found.err


def test_a_partial_date_knows_the_days_it_may_mean():
    assert (PartialDate(2016, 2).first, PartialDate(2016, 2).last) == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert (PartialDate(2017).first, PartialDate(2017).last) == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert PartialDate(2017, 12).last == dt.date(2017, 12, 31)
    assert [str(d) for d in (PartialDate(2017, 10, 3), PartialDate(2017, 10), PartialDate(2017))] == \
        ["2017-10-03", "2017-10", "2017"]


@pytest.mark.parametrize("lang, day, month, year", [
    ("en", "3 October 2017", "October 2017", "2017"),
    ("ru", "3 октября 2017\u202fг.", "октябрь 2017\u202fг.", "2017"),
    ("uk", "3 жовтня 2017\u202fр.", "жовтень 2017\u202fр.", "2017"),
])
def test_a_partial_date_is_written_as_precisely_as_it_is_known(lang, day, month, year):
    locale = babel_locale(lang)
    assert partial_date(PartialDate(2017, 10, 3), locale) == day
    assert partial_date(PartialDate(2017, 10), locale) == month
    assert partial_date(PartialDate(2017), locale) == year


def test_events_are_read_with_their_precision_and_place(sample):
    with_pichugin(sample, "  featured: true\n", "  featured: true\n" + EVENTS)
    prisoners, _, problems = load_prisoners(sample, "en")
    assert problems == []
    pichugin = next(p for p in prisoners if p.id == "alexey-pichugin")
    assert [(e.on, e.kind) for e in pichugin.events] == [
        (PartialDate(2003, 6, 19), "detained"), (PartialDate(2003, 6), "court-arrest"),
        (PartialDate(2005), "verdict")]
    assert pichugin.events[0].text.by_lang == {"en": "Detained in Moscow.", "ru": "Задержан в Москве."}
    assert pichugin.events[2].where.of("date").line == pichugin.events[2].where.record.line + 0


@pytest.mark.parametrize("written", ["1962", "'1962'"])
def test_a_birth_year_alone_is_allowed(sample, capsys, written):
    with_pichugin(sample, "  born: 1962-07-25\n", f"  born: {written}\n")
    assert check(sample, capsys)[0] == 0
    prisoners, _, _ = load_prisoners(sample, "en")
    assert next(p for p in prisoners if p.id == "alexey-pichugin").born == PartialDate(1962)


@pytest.mark.parametrize("written, said", [
    ("2003-13", "2003-13 is not a real month: there is no month 13"),
    ("2003-02-30", "February 2003 has 28 days"),
    ("June 2003", "expected a date like 2019-02-21, or a month like 2019-02, or a year like 2019"),
])
def test_a_wrong_event_date_is_explained_at_its_line(sample, capsys, written, said):
    with_pichugin(sample, "  featured: true\n", "  featured: true\n" + EVENTS.replace('"2003-06"\n', f"{written}\n"))
    code, out = check(sample, capsys)
    line = next(n for n, row in enumerate((sample / RECORDS).read_text(encoding="utf-8").splitlines(), 1)
                if row.strip() == f"- date: {written}")
    assert code != 0
    assert f"{RECORDS}:{line}" in out and said in out, out


def test_a_birth_month_alone_is_not_a_birth_date(sample, capsys):
    with_pichugin(sample, "  born: 1962-07-25\n", "  born: 1962-07\n")
    code, out = check(sample, capsys)
    assert code != 0 and "a date like 1976-07-13, or only a year like 1976" in out, out
