"""The statistics' figures for records made in code, and the SVG charts' geometry: bars as long
as their values, round scales from zero, few years under a line."""
from __future__ import annotations

import datetime as dt

from lxml import html as lxml_html

from records import prisoner
from vigil.features.statistics import year_ticks
from vigil.media.charts import Bar, bar_chart, line_chart, value_ticks
from vigil.model.figures import HeldOn, statistics_of
from vigil.model.records import CustodyPeriod

D = dt.date
AS_OF = D(2026, 11, 29)


def test_nobody_and_someone_detained_on_the_as_of_date():
    empty = statistics_of((), AS_OF)
    assert (empty.people, empty.days, empty.held_over_time) == (0, 0, ())
    arrested = statistics_of((prisoner(CustodyPeriod("detention", AS_OF)),), AS_OF)
    assert (arrested.held, arrested.days, arrested.held_over_time) == (1, 0, (HeldOn(AS_OF, 1),))
    assert arrested.held_by_kind == (("detention", 1),)                    # no kind nobody is in
    assert arrested.by_state == (("held", 1),)                              # no state nobody is in
    assert statistics_of((), AS_OF).held == 0


def test_year_by_year_are_the_first_day_each_1st_of_january_and_the_last_day():
    held = statistics_of((prisoner(CustodyPeriod("detention", D(2023, 7, 25))),), AS_OF)
    assert [p.day for p in held.held_year_by_year] == [D(2023, 7, 25), D(2024, 1, 1), D(2025, 1, 1),
                                                       D(2026, 1, 1), AS_OF]
    assert len(held.held_over_time) == 42 > len(held.held_year_by_year)


def test_bars_are_as_long_as_their_values_and_say_them():
    svg = lxml_html.fromstring(bar_chart((Bar("A", 10, "10"), Bar("B & C", 5, "5", "held"), Bar("D", 0, "0")),
                                         "t"))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "t"
    assert svg.get("viewbox").startswith("0 0 360 ") and svg.get("width") is None
    widths = [float(r.get("width")) for r in svg.iter("rect")]
    assert widths[1] == widths[0] / 2 and widths[2] == 0
    assert [t.text for t in svg.iter("text")] == ["A", "10", "B & C", "5", "D", "0"]
    assert "chart-bar-held" in list(svg.iter("rect"))[1].get("class")


def test_the_scale_is_round_numbers_from_zero():
    assert value_ticks(0) == (0, 1)
    assert value_ticks(3) == (0, 1, 2, 3)
    assert value_ticks(17) == (0, 5, 10, 15, 20)
    assert value_ticks(10_000) == (0, 2000, 4000, 6000, 8000, 10000)


def test_the_years_under_the_line_are_few():
    assert [label for _, label in year_ticks(D(2015, 3, 1), D(2026, 11, 29))] == ["2016", "2018", "2020",
                                                                               "2022", "2024", "2026"]
    assert [label for _, label in year_ticks(D(2003, 6, 19), D(2026, 11, 30))] == [
        "2005", "2010", "2015", "2020", "2025"]


def test_a_line_with_no_points_is_an_empty_scale():
    svg = lxml_html.fromstring(line_chart((), (), str, "t"))
    assert not list(svg.iter("polyline")) and [t.text for t in svg.iter("text")] == ["0", "1"]
