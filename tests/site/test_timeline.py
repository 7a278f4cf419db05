"""A case's timeline: the events of a record are checked against its custody periods, its
release or death and the build's date (a problem at the event's line, in plain words), and
the profile shows them as an ordered list, each date as precisely as it is known."""
from __future__ import annotations

import re

import pytest

from conftest import SAMPLE_AS_OF, in_each_scheme, page, run_build, serving
from vigil.cli import main

RECORDS = "data/prisoners.yaml"
SOURCE = '      source: {title: A report, url: "https://memopzk.org/"}\n'


def event(date: str, kind: str,
          text: str = "{en: Something happened., ru: Что-то случилось., uk: Щось сталося.}") -> str:
    return f"    - date: {date}\n      kind: {kind}\n      text: {text}\n" + SOURCE


def with_events(site, pid: str, *events: str) -> str:
    """Gives the record `pid` these events (in place of any it has); the file's text."""
    file = site / RECORDS
    text = file.read_text(encoding="utf-8")
    start = text.index(f"- id: {pid}\n")
    end = text.find("\n- id: ", start + 1)
    end = len(text) if end < 0 else end + 1
    record = re.sub(r"  events:\n(?:    .*\n|      .*\n)+", "", text[start:end])
    verified = record.index("  verified:")
    record = record[:verified] + "  events:\n" + "".join(events) + record[verified:]
    text = text[:start] + record + text[end:]
    file.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, pid: str, row: str) -> int:
    """The line of `row` (a whole line) in the record `pid`."""
    start = text.index(f"- id: {pid}\n")
    return text[:text.index(f"\n{row}\n", start) + 1].count("\n") + 1


def check(site, capsys) -> tuple[int, str]:
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF], environ={})
    found = capsys.readouterr()
    return code, found.out + found.err


# --------------------------------------------------------------------------- the checks
# (record, events, the event's line the problem is at ('date' or 'kind' of the first event
# written with `!`), what the message says)
PROBLEMS = [
    ("alexei-navalny", [event("2024-03-01!", "statement")], "date",
     "this event is dated 2024-03-01, after the death on 2024-02-16"),
    ("alexei-navalny", [event("2024-03-01!", "hearing")], "date",          # not even a hearing
     "after the death on 2024-02-16"),
    ("alexei-navalny", [event('"2025"!', "other")], "date", "this event is dated 2025, after the death"),
    ("alexei-gorinov", [event("2026-12-15!", "verdict")], "date",
     "this event is dated 2026-12-15, after the date of this build (2026-12-07); only a hearing "
     "('kind: hearing') may be in the future"),
    ("alexei-gorinov", [event('"2027-01"!', "appeal")], "date", "after the date of this build"),
    ("alexei-gorinov", [event("2025-07-20!", "transfer")], "date",
     "a transfer on 2025-07-20 must start a custody period that day, and no period starts then; "
     "the nearest starts on 2025-07-21 (line {from 2025-07-21})"),
    ("alexei-gorinov", [event('"2021"!', "transfer")], "date",
     "a transfer in 2021, before the first custody period starts (2022-04-26)"),
    ("vladimir-kara-murza", [event('"2024-09"!', "transfer")], "date",
     "a transfer in 2024-09, after custody ended (2024-08-01)"),
    ("alexei-gorinov", [event("2022-04-20!", "detained")], "date",
     "a detention on 2022-04-20, before the first custody period starts (2022-04-26, line "
     "{from 2022-04-26}), where the count of days begins"),
    ("alexei-gorinov", [event('"2022-03"!', "detained")], "date", "a detention on 2022-03, before"),
    ("vladimir-kara-murza", [event("2024-08-02!", "released")], "date",
     "a release on 2024-08-02, but 'released' in this record says 2024-08-01"),
    ("vladimir-kara-murza", [event('"2024-07"!', "released")], "date", "says 2024-08-01"),
    ("alexei-gorinov", [event("2025-01-10!", "released")], "kind",
     "a release on 2025-01-10, but this record has no release; add 'released: {on: 2025-01-10, how: ...}'"),
    ("boris-kagarlitsky", [event("2023-12-13!", "released")], "date",
     "a release on 2023-12-13, but no custody period ends then (they end with 'until' on 2023-12-12)"),
    ("alexei-gorinov", [event("2022-05-01!", "house-arrest")], "kind",
     "'kind: house-arrest' needs a period of house arrest (kind: house-arrest) in 'custody', and "
     "this record has none"),
    ("anastasia-shevchenko", [event("2021-03-01!", "house-arrest")], "date",
     "this event (house-arrest) is dated 2021-03-01, outside every period of house arrest in "
     "'custody' (2019-01-23 to 2021-02-18)"),
    ("alexei-gorinov", [event("2023-01-10!", "court-arrest")], "date",
     "this event (court-arrest) is dated 2023-01-10, outside every period of pre-trial detention in "
     "'custody' (2022-04-26 to 2022-09-19)"),
    ("anastasia-shevchenko", [event("2019-02-01!", "court-arrest")], "date",
     "outside every period of pre-trial detention in 'custody' (2019-01-21 to 2019-01-23)"),
]


def marked(events: list[str]) -> tuple[list[str], str]:
    """The events without the `!` mark, and the line (as written) of the marked one's date."""
    row = next(e.splitlines()[0] for e in events if "!" in e)
    return [e.replace("!", "") for e in events], row.replace("!", "")


@pytest.mark.parametrize("pid, events, field, says", PROBLEMS)
def test_an_event_that_contradicts_the_record_is_an_error_at_its_line(sample, capsys, pid, events, field, says):
    events, row = marked(events)
    text = with_events(sample, pid, *events)
    line = line_of(text, pid, row) + (1 if field == "kind" else 0)
    for date in re.findall(r"\{from (\S+)\}", says):      # a period's line, named in the message
        says = says.replace(f"{{from {date}}}", str(line_of(text, pid, f"      from: {date}")))
    code, out = check(sample, capsys)
    assert code == 1, out
    assert f"{RECORDS}:{line}:" in out and says in out, out
    problem = next(row for row in out.splitlines() if says in row)
    assert problem.startswith(f"{RECORDS}:{line}:") and "warning" not in problem, problem


# Each agrees with its record: a problem here would be a false alarm.
AGREEING = [
    ("alexei-gorinov", [event("2025-01-10", "hearing"), event("2026-12-15", "hearing")]),  # one past, one to come
    ("alexei-gorinov", [event('"2023"', "transfer"), event('"2025-07"', "transfer"),
                        event("2025-07-21", "transfer")]),   # a month or year within custody; a period's day
    ("alexei-gorinov", [event("2020-01-01", "statement"), event('"2022"', "court-arrest"),
                        event('"2022-04"', "detained"), event("2022-04-10", "searched"),
                        event("2022-04-26", "detained"), event("2022-04-28", "court-arrest")]),
    ("vladimir-kara-murza", [event('"2024"', "released"), event('"2024-08"', "released"),
                             event("2024-08-01", "released"), event("2025-02-01", "statement")]),
    ("boris-kagarlitsky", [event("2023-12-12", "released"), event("2024-02-13", "detained")]),
    ("anastasia-shevchenko", [event("2019-01-22", "court-arrest"), event("2019-01-23", "house-arrest"),
                              event('"2020"', "house-arrest"), event("2021-02-18", "house-arrest")]),
    ("alexei-navalny", [event('"2024-02"', "other"), event("2024-02-16", "other")]),   # the day of death
]


@pytest.mark.parametrize("pid, events", AGREEING)
def test_events_that_agree_with_the_record_pass(sample, capsys, pid, events):
    with_events(sample, pid, *events)
    code, out = check(sample, capsys)
    assert code == 0 and "event" not in out, out


def test_a_period_without_an_event_is_fine(sample, capsys):
    """Events are optional: most custody periods have none."""
    with_events(sample, "alexei-gorinov", event("2022-04-26", "detained"))
    assert check(sample, capsys)[0] == 0


def test_events_out_of_date_order_are_a_warning(sample, capsys):
    text = with_events(sample, "alexei-gorinov", event("2023-01-05", "appeal"), event("2022-04-26", "detained"))
    code, out = check(sample, capsys)
    line = line_of(text, "alexei-gorinov", "    - date: 2022-04-26")
    assert code == 0, out
    assert (f"{RECORDS}:{line}:" in out and "warning" in out
            and "this event (2022-04-26) comes before the one above it (2023-01-05); keep the events "
                "in date order" in out), out
    assert main(["check", "--strict", "--source", str(sample), "--as-of", SAMPLE_AS_OF], environ={}) == 1


def test_the_sample_timelines_agree_with_their_records(sample, capsys):
    code, out = check(sample, capsys)
    assert code == 0 and "event" not in out, out


# --------------------------------------------------------------------------- the page
def timeline_of(html: str) -> str:
    start = html.index('<section class="timeline"')
    return html[start:html.index("</section>", start)]


def test_the_profile_shows_the_timeline_after_the_story_and_before_the_sources(sample_site):
    html = page(sample_site, "/prisoners/alexey-pichugin/")
    assert html.index('id="summary-title"') < html.index('id="timeline-title"') < html.index('id="sources-title"')
    shown = timeline_of(html)
    assert '<h2 id="timeline-title">Timeline</h2>' in shown and '<ol class="events">' in shown
    dates = re.findall(r'<time datetime="([0-9-]+)">([^<]+)</time>', shown)
    assert [d for d, _ in dates] == ["2003-06-19", "2003-06-21", "2005-03-30", "2006-08", "2007-02",
                                     "2007-08-06", "2008-01-31", "2008-03-06", "2008-04-23", "2016-07",
                                     "2017-04-03", "2021-07", "2022-02"]
    assert dict(dates)["2006-08"] == "August 2006" and dict(dates)["2003-06-19"] == "19 June 2003"
    # each with the anchor the events feed links
    assert len(re.findall(r'<li class="event" id="alexey-pichugin-[0-9-]+-\d+">', shown)) == 13
    assert '<span class="event-kind">Verdict</span>' in shown and '<span class="event-kind">Transfer</span>' in shown
    sources = re.findall(r'<a href="([^"]+)" rel="noopener noreferrer">', shown)
    assert len(sources) == 13 and "https://tass.com/society/974555/amp" in sources
    assert "Upcoming" not in shown


def test_the_timeline_is_in_the_pages_language(sample_site):
    russian = timeline_of(page(sample_site, "/ru/prisoners/alexey-pichugin/"))
    assert "Хронология дела" in russian and "Приговор" in russian
    assert re.search(r'<time datetime="2006-08">август 2006\W+г\.</time>', russian), russian
    assert "Верховный суд оставил пожизненный приговор в силе." in russian
    assert "not yet translated" not in russian and "untranslated" not in russian
    ukrainian = timeline_of(page(sample_site, "/uk/prisoners/oyub-titiev/"))
    assert "Хронологія справи" in ukrainian and 'datetime="2019-06-21"' in ukrainian


def test_a_profile_without_events_has_no_timeline(sample_site):
    assert 'id="timeline-title"' not in page(sample_site, "/prisoners/alexei-gorinov/")


def with_upcoming_hearing(sample, tmp_path):
    """The sample, Gorinov's page with a past hearing, an event in English only and a hearing
    to come; built."""
    with_events(sample, "alexei-gorinov", event("2025-01-10", "hearing"),
                event("2025-07-21", "transfer", "Moved to another colony."),
                event("2026-12-15", "hearing", "{en: Appeal hearing., ru: Заседание по апелляции.}"))
    out = tmp_path / "public"
    assert run_build(sample, out, as_of=SAMPLE_AS_OF) == 0
    return out


def test_an_upcoming_hearing_and_an_untranslated_event_are_marked(sample, tmp_path):
    out = with_upcoming_hearing(sample, tmp_path)
    shown = timeline_of(page(out, "/prisoners/alexei-gorinov/"))
    items = re.findall(r'<li class="([^"]+)" id="[^"]+">', shown)
    assert items == ["event", "event", "event upcoming"]
    assert shown.count('<strong class="upcoming-label">Upcoming</strong>') == 1
    assert shown.rindex("Upcoming") > shown.index('datetime="2026-12-15"')
    russian = timeline_of(page(out, "/ru/prisoners/alexei-gorinov/"))
    assert "Предстоит" in russian and "Заседание по апелляции." in russian
    assert '<span lang="en">Moved to another colony.</span> <small class="untranslated">' in russian
    ukrainian = timeline_of(page(out, "/uk/prisoners/alexei-gorinov/"))
    assert '<span lang="en">Appeal hearing.</span>' in ukrainian and "Попереду" in ukrainian


@pytest.mark.browser
def test_the_timeline_reads_well_on_a_phone_passes_axe_and_stays_off_the_printed_flyer(sample, tmp_path, browser):
    from checkers import violations
    out = with_upcoming_hearing(sample, tmp_path)
    with serving(out) as url:
        context = browser.new_context(color_scheme="light", viewport={"width": 360, "height": 740})
        tab = context.new_page()
        for path in ("/prisoners/alexei-gorinov/", "/ru/prisoners/alexei-gorinov/"):
            for scheme in in_each_scheme(tab, url + path):
                assert violations(tab) == [], (scheme, path)
                assert tab.evaluate("document.documentElement.scrollWidth") <= 360
                dots = tab.evaluate("""[...document.querySelectorAll('.event')].map(li => {
                    const box = li.getBoundingClientRect(), dot = getComputedStyle(li, '::before');
                    return box.left + parseFloat(dot.left); })""")
                assert len(dots) == 3 and all(x >= 0 for x in dots), dots
                tab.emulate_media(media="print")
                assert not tab.locator("section.timeline").is_visible(), (scheme, path)
                tab.emulate_media(media="screen")
        context.close()
