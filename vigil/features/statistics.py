"""The Statistics page's charts: the figures of model/figures.py drawn as inline SVG in one
language's words and numbers (charts.py draws them). Pure: no files, no clock.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..media.charts import Bar, bar_chart, line_chart
from ..model.figures import PrisonerStatistics
from ..model.vocabulary import CATEGORY, CUSTODY_KIND, STATE
from ..site.i18n import Language

# ------------------------------------------------------------------------- charts
# The id of the heading each chart is named by (aria-labelledby): templates/statistics.html
# gives its headings these ids.
TITLE_IDS = {"by_state": "by-state-title", "by_category": "by-category-title",
             "held_by_kind": "held-by-kind-title", "held_over_time": "held-over-time-title"}


@dataclass(frozen=True)
class StatisticsCharts:
    """The page's charts, as inline SVG in one language's words and numbers."""
    by_state: Markup
    by_category: Markup
    held_by_kind: Markup
    held_over_time: Markup


def charts_of(figures: PrisonerStatistics, language: Language) -> StatisticsCharts:
    def bars(pairs, words, tones=False):
        return tuple(Bar(language.gettext(words[slug]), n, language.number(n), slug if tones else "")
                     for slug, n in pairs)
    over_time = figures.held_over_time
    return StatisticsCharts(
        by_state=bar_chart(bars(figures.by_state, STATE, tones=True), TITLE_IDS["by_state"]),
        by_category=bar_chart(bars(figures.by_category, CATEGORY), TITLE_IDS["by_category"]),
        held_by_kind=bar_chart(bars(figures.held_by_kind, CUSTODY_KIND), TITLE_IDS["held_by_kind"]),
        held_over_time=line_chart(
            tuple((p.day.toordinal(), p.people) for p in over_time),
            year_ticks(over_time[0].day, over_time[-1].day) if over_time else (),
            language.number, TITLE_IDS["held_over_time"]),
    )


def year_ticks(first: dt.date, last: dt.date, most: int = 6) -> tuple[tuple[int, str], ...]:
    """The 1st of January of every year, or every 2nd, 5th, 10th... so that at most `most`
    fall between `first` and `last`: (day as an ordinal, the year)."""
    for step in (1, 2, 5, 10, 20, 50, 100):
        years_shown = [y for y in range(first.year, last.year + 1)
                       if y % step == 0 and first <= dt.date(y, 1, 1) <= last]
        if len(years_shown) <= most:
            break
    return tuple((dt.date(y, 1, 1).toordinal(), str(y)) for y in years_shown)
