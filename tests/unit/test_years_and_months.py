"""Time in custody as years and months, shown beside a profile's count of days
(vigil/site/views.py, years_and_months). The numbers were worked out on a calendar."""
from __future__ import annotations

import datetime as dt

from vigil.site.views import years_and_months

D = dt.date


def test_one_stretch_is_counted_on_the_calendar():
    # 19 June 2003 to 7 December 2026: 23 years, then 19 June to 7 December is 5 months
    assert years_and_months(((D(2003, 6, 19), D(2026, 12, 7)),)) == (23, 5)
    assert years_and_months(((D(2003, 6, 19), D(2026, 12, 18)),)) == (23, 5)   # a day short
    assert years_and_months(((D(2003, 6, 19), D(2026, 12, 19)),)) == (23, 6)   # the day


def test_a_month_from_a_longer_months_last_day_ends_on_the_shorter_ones_last():
    assert years_and_months(((D(2023, 1, 31), D(2023, 2, 28)),)) == (0, 1)
    assert years_and_months(((D(2023, 1, 31), D(2023, 2, 27)),)) == (0, 0)


def test_the_days_left_over_from_each_stretch_add_up():
    # 10 months 20 days, then 1 year 11 days: 1 year 10 months and 31 days, a month more
    stretches = ((D(2020, 1, 1), D(2020, 11, 21)), (D(2022, 3, 1), D(2023, 3, 12)))
    assert years_and_months(stretches) == (1, 11)


def test_no_time_is_nothing():
    assert years_and_months(()) == (0, 0)
    assert years_and_months(((D(2024, 5, 1), D(2024, 5, 20)),)) == (0, 0)
