"""The statistics page's charts in a real Chromium: their text is in the viewBox's units and
grows with the chart, so the stylesheet sets it smaller in a wider frame; on a phone and on a
wide screen it reads at about the page's own size, never at a heading's."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 700}, {"width": 390, "height": 844},
                                      {"width": 700, "height": 900}, {"width": 1366, "height": 900}])
def test_a_charts_words_and_numbers_read_at_the_pages_size(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + "/ru/statistics/")
    sizes = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(t => {
        const svg = t.ownerSVGElement;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(t).fontSize) * scale; })""")
    context.close()
    assert len(sizes) > 20
    assert 12 <= min(sizes) and max(sizes) <= 17.5, (min(sizes), max(sizes))
