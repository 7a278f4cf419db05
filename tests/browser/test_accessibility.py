"""Every kind of page passes axe-core's WCAG 2 A and AA rules and its best practices
(heading order, landmarks...) in a real Chromium, in the light and the dark colour scheme,
in English, Russian and Ukrainian; and so do the drawings the site publishes (the badges
and the icon), opened by themselves."""
from __future__ import annotations

import pytest

from checkers import violations
from conftest import in_each_scheme

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
# The pages in shares, each a test of its own: the suite's processes share them out.
SHARES = 4


@pytest.mark.parametrize("share", range(SHARES))
def test_every_kind_of_page_passes_axe(browser, site_url, share):
    """Each page is opened once, checked in the light scheme, then in the dark: its colours
    follow the scheme as it changes, as they do when a visitor's phone changes it."""
    context = browser.new_context(java_script_enabled=True, color_scheme="light")
    page = context.new_page()
    found = {}
    for url in PAGES[share::SHARES]:
        for scheme in in_each_scheme(page, site_url + url):
            found[url, scheme] = violations(page)
    context.close()
    failing = [f"{url} ({scheme}): {v}" for (url, scheme), vs in found.items() for v in vs]
    assert not failing, f"{len(failing)} violations:\n" + "\n".join(failing)


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


def test_axe_sees_the_colours_of_the_scheme_the_page_was_switched_to(browser, site_url):
    """What the test of every page relies on: a page checked in the light scheme and then
    switched to the dark is checked in the dark scheme's colours."""
    page = browser.new_page(color_scheme="light")
    page.goto(site_url + "/")
    # a rule added through the CSS object model (the page's policy refuses a <style> element)
    page.evaluate("""() => document.styleSheets[0].insertRule(
        '@media (prefers-color-scheme: dark) { main p { color: #333 !important; background: #222 !important } }',
        document.styleSheets[0].cssRules.length)""")
    assert not any(v.startswith("color-contrast") for v in violations(page))
    page.emulate_media(color_scheme="dark")
    assert any(v.startswith("color-contrast") for v in violations(page))
    page.close()
