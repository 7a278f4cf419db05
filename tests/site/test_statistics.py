"""The Statistics page (/statistics/ in each language): its figures, worked out from the
records (vigil/model/figures.py), checked against counts worked out by hand; its charts
(vigil/media/charts.py) against the tables beside them, and the tables against the records and
the other pages; and the charts in a real Chromium, on a phone and in both colour schemes.

The people of the hand-worked site are the tiny fixture's three, as of 2026-11-29, and one
more (see ANNA):
- Ivan Held, held since 2020-01-10: detention to 2020-06-01, house arrest to 2021-03-01,
  then prison, still held. 2020-01-10 to 2026-01-10 is 6 years with two 29 Februaries,
  2,192 days; to 2026-11-29 another 323 (31+28+31+30+31+30+31+31+30+31 to 10 November,
  then 19): 2,515. Journalist and anti-war: two categories.
- Olga Released: detention 2015-03-01 until 2015-06-01 (92 days), a gap, detention again
  from 2016-01-10 to 2016-09-01 (235: 2016 is a leap year), prison to her release on
  2018-01-10 (365 to 2017-09-01, 122 to 2018-01-01, 9 more: 496). 823 in all.
- Pavel Died: detention 2019-05-05 to 2019-08-01 (88), a psychiatric hospital to his death
  on 2021-02-02 (366 to 2020-08-01, 184 to 2021-02-01, 1 more: 551). 639 in all.
- Anna: under house arrest since 2026-11-01: 28 days. Journalist and blogger.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from lxml import html as lxml_html
from playwright.sync_api import expect

from conftest import PROJECT, SAMPLE_AS_OF, copy_site, page, run_build
from vigil.build.pipeline import Folders, load
from vigil.model.custody import custody_of
from vigil.model.figures import HeldOn, covered, statistics_of

D = dt.date
AS_OF = D(2026, 11, 29)
ANNA = """
- id: anna-house
  name: Anna House
  categories: [journalist, blogger]
  custody:
    - kind: house-arrest
      from: 2026-11-01
  summary: Anna waits for her trial at home.
  sources:
    - {title: Fourth source, url: "https://tiny.example/anna"}
  verified: 2026-11-20
"""
LANGUAGES = ("", "/ru", "/uk")


@pytest.fixture(scope="module")
def hand_worked(tmp_path_factory):
    """The tiny site's records and Anna's, read by the build's own loader."""
    site = copy_site("tiny", tmp_path_factory.mktemp("stats") / "site")
    records = site / "data/prisoners.yaml"
    records.write_text(records.read_text(encoding="utf-8") + ANNA, encoding="utf-8")
    content, problems = load(Folders(site))
    assert [p for p in problems if not p.warning] == []
    return content.prisoners


def test_the_figures_of_hand_worked_records(hand_worked):
    figures = statistics_of(hand_worked, AS_OF)
    assert figures.people == 4
    assert figures.by_state == (("held", 2), ("released", 1), ("died", 1))
    assert figures.held == 2
    # most people first, then in the schema's order
    assert figures.by_category == (("journalist", 2), ("civic-activist", 1), ("blogger", 1),
                                   ("religious", 1), ("anti-war", 1))
    # no row for a kind of custody nobody is in now
    assert figures.held_by_kind == (("house-arrest", 1), ("prison", 1))
    assert figures.days == 2515 + 823 + 639 + 28
    assert figures.held_days == 2515 + 28
    assert (figures.years, figures.held_years) == (11, 7)     # 4,005 / 365.25 = 10.97; 2,543: 6.96
    assert figures.last_day == AS_OF


def held_on(figures, day: dt.date) -> int:
    found = [p.people for p in figures.held_over_time if p.day == day]
    assert found, f"{day} is not a day of the chart"
    return found[0]


@pytest.mark.parametrize("day, people, why", [
    (D(2015, 3, 1), 1, "Olga's first day: the first point"),
    (D(2015, 6, 1), 1, "Olga's first period ends on its `until`, which still counts"),
    (D(2015, 7, 1), 0, "the gap between Olga's arrests"),
    (D(2016, 2, 1), 1, "Olga's second arrest"),
    (D(2018, 1, 1), 1, "Olga, released on the 10th"),
    (D(2018, 2, 1), 0, "nobody"),
    (D(2019, 6, 1), 1, "Pavel"),
    (D(2020, 6, 1), 2, "Pavel; Ivan, once, on the day his detention turned into house arrest"),
    (D(2021, 2, 1), 2, "Pavel, the day before his death, and Ivan"),
    (D(2021, 3, 1), 1, "Ivan"),
    (D(2026, 11, 1), 2, "Ivan, and Anna on her first day"),
    (AS_OF, 2, "everyone held now"),
])
def test_the_number_held_on_a_day_is_counted_as_by_hand(hand_worked, day, people, why):
    assert held_on(statistics_of(hand_worked, AS_OF), day) == people, why


def test_the_days_of_the_line_are_the_first_detention_each_month_and_the_as_of_date(hand_worked):
    days = [p.day for p in statistics_of(hand_worked, AS_OF).held_over_time]
    assert days[:3] == [D(2015, 3, 1), D(2015, 4, 1), D(2015, 5, 1)]
    assert days[-3:] == [D(2026, 10, 1), D(2026, 11, 1), AS_OF]
    # 1 March 2015; April to December 2015, 2016 to 2025, January to November 2026; the 29th
    assert len(days) == len(set(days)) == 1 + 9 + 12 * 10 + 11 + 1
    assert days == sorted(days)


def test_periods_that_meet_count_a_person_once_and_a_gap_not_at_all(hand_worked):
    olga = next(p for p in hand_worked if p.id == "olga-released")
    ivan = next(p for p in hand_worked if p.id == "ivan-held")
    assert covered(custody_of(olga, AS_OF).spans) == [(D(2015, 3, 1), D(2015, 6, 1)),
                                                     (D(2016, 1, 10), D(2018, 1, 10))]
    assert covered(custody_of(ivan, AS_OF).spans) == [(D(2020, 1, 10), AS_OF)]




def test_the_line_agrees_with_a_walk_over_every_day_of_the_sample_records(tmp_path):
    """Every person of the sample, day by day over each month's first days, against the
    difference array: the same counts."""
    content, _ = load(Folders(PROJECT, tmp_path))
    as_of = D.fromisoformat(SAMPLE_AS_OF)
    figures = statistics_of(content.prisoners, as_of)
    spans = [custody_of(p, as_of).spans for p in content.prisoners]
    for point in figures.held_over_time:
        walked = sum(1 for person in spans if any(s.start <= point.day <= s.end for s in person))
        assert point.people == walked, point.day
    assert figures.held_over_time[-1] == HeldOn(as_of, figures.held)


# ---------------------------------------------------------------------------- charts.py








# ---------------------------------------------------------------------------- the built page
def numbers(text: str) -> int:
    """'1,234', '1 234' (a no-break space), '12' -> the number."""
    return int(re.sub(r"[\s,.\u00a0\u202f]", "", text))


def tables(doc) -> list:
    return doc.xpath("//main//section")


def table_rows(section) -> list[tuple[str, str]]:
    return [(row.xpath("string(th)").strip(), row.xpath("string(td)").strip())
            for row in section.xpath(".//table/tbody/tr")]


def linear(pairs: list[tuple[float, float]], tolerance: float) -> bool:
    """Whether the (x, y) pairs lie on one straight line (within `tolerance` of y)."""
    (x0, y0), (x1, y1) = pairs[0], max(pairs, key=lambda p: abs(p[0] - pairs[0][0]))
    slope = (y1 - y0) / (x1 - x0)
    return all(abs(y0 + slope * (x - x0) - y) <= tolerance for x, y in pairs)


@pytest.fixture(scope="module")
def sample_figures(tmp_path_factory):
    content, _ = load(Folders(PROJECT, tmp_path_factory.mktemp("cache")))
    return content.prisoners, statistics_of(content.prisoners, D.fromisoformat(SAMPLE_AS_OF))


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_each_bar_chart_agrees_with_its_table(sample_site, prefix):
    doc = lxml_html.fromstring(page(sample_site, f"{prefix}/statistics/"))
    bar_sections = [s for s in tables(doc) if s.xpath(".//svg[contains(@class, 'bar-chart')]")]
    assert len(bar_sections) == 3
    for section in bar_sections:
        svg = section.xpath(".//svg")[0]
        rows = table_rows(section)
        texts = [t.text for t in svg.iter("text")]
        assert texts[0::2] == [label for label, _ in rows]              # the labels
        assert texts[1::2] == [value for _, value in rows]              # the numbers, as written
        widths = [float(r.get("width")) for r in svg.iter("rect")]
        values = [numbers(value) for _, value in rows]
        longest = max(values)
        assert all(abs(w - widths[values.index(longest)] * v / longest) < 0.1
                   for w, v in zip(widths, values, strict=True))


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_line_agrees_with_its_table(sample_site, prefix):
    doc = lxml_html.fromstring(page(sample_site, f"{prefix}/statistics/"))
    section = doc.xpath("//section[.//svg[contains(@class, 'line-chart')]]")[0]
    points = [tuple(map(float, p.split(","))) for p in section.xpath(".//polyline/@points")[0].split()]
    rows = section.xpath(".//table[contains(@class, 'figures-months')]/tbody/tr")
    days = [D.fromisoformat(row.xpath("string(th/time/@datetime)")) for row in rows]
    people = [numbers(row.xpath("string(td)")) for row in rows]
    assert len(points) == len(rows) > 200
    assert linear([(day.toordinal(), x) for day, (x, _) in zip(days, points, strict=True)], 0.1)
    assert linear([(n, y) for n, (_, y) in zip(people, points, strict=True)], 0.1)
    assert points[people.index(max(people))][1] < points[people.index(min(people))][1]    # up is more
    assert days[-1] == D.fromisoformat(SAMPLE_AS_OF)


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_tables_agree_with_the_records_and_the_list_of_prisoners(sample_site, sample_figures, prefix):
    prisoners, figures = sample_figures
    doc = lxml_html.fromstring(page(sample_site, f"{prefix}/statistics/"))
    by_state, by_kind, by_category, _, over_time = tables(doc)
    states = [numbers(v) for _, v in table_rows(by_state)]
    listed = page(sample_site, f"{prefix}/prisoners/")
    assert states == [listed.count(f'class="status status-{state}"') for state in ("held", "released", "died")]
    assert sum(states) == len(prisoners) == numbers(by_state.xpath("string(.//tfoot//td)"))
    assert sum(numbers(v) for _, v in table_rows(by_kind)) == states[0]
    assert numbers(table_rows(over_time)[-1][1]) == states[0]
    for link, (_, count) in zip(by_category.xpath(".//tbody//a"), table_rows(by_category), strict=True):
        assert link.get("href").startswith(f"{prefix}/prisoners/category/")
        assert page(sample_site, link.get("href")).count('class="prisoner-card"') == numbers(count)
    assert [numbers(v) for _, v in table_rows(by_category)] == [n for _, n in figures.by_category]
    assert len(table_rows(by_category)) == len({c for p in prisoners for c in p.categories})


def test_the_time_in_custody_is_everyones_days_summed(sample_site, sample_figures):
    prisoners, _ = sample_figures
    as_of = D.fromisoformat(SAMPLE_AS_OF)
    total = sum(custody_of(p, as_of).days for p in prisoners)
    doc = lxml_html.fromstring(page(sample_site, "/statistics/"))
    shown = [" ".join(dd.text_content().split()) for dd in doc.xpath("//dl[@class='totals']/dd")]
    assert shown[0] == f"{total:,} days (about {round(total / 365.25)} years)"
    held = sum(custody_of(p, as_of).days for p in prisoners if custody_of(p, as_of).state == "held")
    assert shown[1] == f"{held:,} days (about {round(held / 365.25)} years)"
    assert 'href="/how-we-count/"' in page(sample_site, "/statistics/")


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_each_chart_is_a_named_image_with_nothing_from_elsewhere(sample_site, prefix):
    text = page(sample_site, f"{prefix}/statistics/")
    doc = lxml_html.fromstring(text)
    charts = doc.xpath("//main//svg")
    assert len(charts) == 4
    for svg in charts:
        assert svg.get("role") == "img" and svg.get("width") is None and svg.get("viewbox")
        heading = doc.get_element_by_id(svg.get("aria-labelledby"))
        assert heading.tag == "h2" and heading.text_content().strip()
        assert not svg.xpath(".//*[@href or @src or local-name()='script' or local-name()='style']")
    assert f'href="{prefix}/statistics/"' in page(sample_site, f"{prefix}/")       # the footer's link
    assert f'href="{prefix}/statistics/"' in page(sample_site, f"{prefix}/prisoners/")


def test_the_page_moves_with_the_date_while_anyone_is_held(sample_site):
    assert "Figures as of 7 December 2026." in page(sample_site, "/statistics/")
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/statistics/</loc><lastmod>2026-12-07</lastmod>" in sitemap


def test_a_site_whose_people_are_all_free_keeps_its_page_from_night_to_night(tmp_path):
    site = copy_site("tiny", tmp_path / "site")
    records = site / "data/prisoners.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        "  sentence: 8 years\n", "  released: {on: 2026-06-01, how: exchange}\n  sentence: 8 years\n"),
        encoding="utf-8")
    assert run_build(site, tmp_path / "a", as_of="2026-11-29") == 0
    assert run_build(site, tmp_path / "b", as_of="2026-11-30") == 0
    first, second = page(tmp_path / "a", "/statistics/"), page(tmp_path / "b", "/statistics/")
    assert "Figures as of" not in first and first == second


# ---------------------------------------------------------------------------- in Chromium
def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    def luminance(rgb):
        c = [v / 255 for v in rgb[:3]]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(n) for n in re.findall(r"[\d.]+", css)[:3])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_charts_fit_a_phone_and_read_in_either_colour_scheme(browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme,
                                  java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "/ru/statistics/")
    expect(tab.locator("h1")).to_have_text("Статистика")
    background = rgb(tab.evaluate("getComputedStyle(document.body).backgroundColor"))
    for chart in tab.locator("svg.chart").all():
        box = chart.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 360
        assert box["width"] >= 300                                 # as wide as the column
        text = chart.locator("text").first
        assert contrast(rgb(text.evaluate("t => getComputedStyle(t).fill")), background) >= 4.5
        # the text is read at a size a phone shows: 12px at least, once the chart is scaled
        assert text.bounding_box()["height"] >= 12
    for mark in tab.locator(".chart-bar, .chart-line").all():
        style = "fill" if "bar" in (mark.get_attribute("class") or "") else "stroke"
        colour = rgb(mark.evaluate(f"m => getComputedStyle(m).{style}"))
        assert contrast(colour, background) >= 3, (mark.get_attribute("class"), colour)
    context.close()


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_count_over_time_is_read_year_by_year_and_looked_up_month_by_month(sample_site, prefix):
    """A table of a row a year under the chart; the months (284 of them) folded, each under its caption."""
    doc = lxml_html.fromstring(page(sample_site, f"{prefix}/statistics/"))
    section = doc.xpath("//section[.//svg[contains(@class, 'line-chart')]]")[0]
    years, months = section.xpath(".//table")
    assert not years.xpath("ancestor::details") and months.xpath("ancestor::details")
    assert years.xpath("string(caption)").strip() and months.xpath("string(caption)").strip()
    days = [D.fromisoformat(d) for d in years.xpath(".//tbody/tr/th/time/@datetime")]
    month_days = [D.fromisoformat(d) for d in months.xpath(".//tbody/tr/th/time/@datetime")]
    assert len(month_days) > 200 and len(days) < 30
    assert days[0] == month_days[0] and days[-1] == month_days[-1] == D.fromisoformat(SAMPLE_AS_OF)
    assert all((d.month, d.day) == (1, 1) for d in days[1:-1])
    assert [d.year for d in days[1:-1]] == list(range(days[0].year + 1, days[-1].year + 1))
    # the same counts as the months on those days
    by_day = dict(zip(month_days, [numbers(v) for v in months.xpath(".//tbody/tr/td/text()")], strict=True))
    assert [numbers(v) for v in years.xpath(".//tbody/tr/td/text()")] == [by_day[d] for d in days]


def test_no_row_says_nobody(sample_site):
    doc = lxml_html.fromstring(page(sample_site, "/statistics/"))
    counts = [cell.text_content().strip() for cell in doc.xpath("//table//tbody//td")]
    assert counts and "0" not in counts
