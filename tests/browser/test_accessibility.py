"""Every kind of page passes axe-core's WCAG 2 A and AA rules and its best practices
(heading order, landmarks...) in a real Chromium, in the light and the dark colour scheme,
in English, Russian and Ukrainian; and so do the drawings the site publishes (the badges
and the icon), opened by themselves."""
from __future__ import annotations

import pytest

from checkers import violations

pytestmark = pytest.mark.browser

PAGES = ["/", "/prisoners/", "/prisoners/category/business/", "/prisoners/alexey-pichugin/",
         "/prisoners/oleg-sentsov/", "/prisoners/alexei-navalny/", "/members/", "/news/",
         "/news/2019-02-21-coalition-launch/", "/how-we-count/", "/how-to-help/", "/calendars/", "/404.html",
         "/ru/", "/ru/prisoners/alexey-pichugin/", "/ru/prisoners/", "/uk/members/",
         "/uk/prisoners/oleg-sentsov/", "/uk/news/2019-02-21-coalition-launch/", "/uk/404.html",
         "/statistics/", "/ru/statistics/", "/uk/statistics/", "/ru/calendars/",
         "/write/", "/ru/write/", "/prisoners/evgenia-berkovich/", "/uk/prisoners/ivan-safronov/",
         "/search/", "/ru/search/", "/prisoners/alexey-pichugin/badge.svg",
         "/uk/prisoners/oleg-sentsov/badge.svg", "/static/img/favicon.svg"]
# The pages in three shares, each a test of its own: the suite's processes share them out.
SHARES = 3


@pytest.mark.parametrize("share", range(SHARES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_passes_axe(browser, site_url, scheme, share):
    context = browser.new_context(color_scheme=scheme, java_script_enabled=True)
    page = context.new_page()
    found = {}
    for url in PAGES[share::SHARES]:
        page.goto(site_url + url)
        found[url] = violations(page)
    context.close()
    failing = [f"{url}: {v}" for url, vs in found.items() for v in vs]
    assert not failing, f"{len(failing)} violations ({scheme}):\n" + "\n".join(failing)


def test_axe_finds_a_real_problem(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "/")
    page.evaluate("document.querySelector('html').removeAttribute('lang');"
                  "document.querySelector('nav a').textContent = '';"
                  "document.querySelector('h2').outerHTML = '<h4>Skips a level</h4>'")
    found = violations(page)
    page.close()
    assert any(v.startswith("html-has-lang") for v in found)
    assert any(v.startswith("link-name") for v in found)
    assert any(v.startswith("heading-order") for v in found)             # a best practice
