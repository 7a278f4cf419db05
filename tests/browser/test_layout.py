"""The layout in a real Chromium, phone first: on a 390 x 844 phone the header is compact
and the featured people's counters are on the first screen; on a wide screen a profile's
photo and counter sit beside its facts; a count's separators are never digit tiles; and a
profile prints as a one-page flyer with its QR code."""
from __future__ import annotations

from itertools import pairwise

import pytest
from axe_playwright_python.sync_playwright import Axe

from checkers import violations
from conftest import in_each_scheme

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}            # the narrowest phone still sold
WIDE = {"width": 1366, "height": 900}
PICHUGIN = "/prisoners/alexey-pichugin/"
LANGUAGES = ["", "/ru", "/uk"]


@pytest.fixture
def open_page(browser, site_url):
    def opened(url: str, viewport: dict):
        page = browser.kept_page(viewport=viewport, timezone_id="Europe/Moscow")
        page.goto(site_url + url)
        return page
    return opened


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not shown"
    return found


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_home_pages_first_screen_on_a_phone(open_page, prefix):
    """The heading, the headline figure with its source, the three ways to help and the first
    featured person's whole count, on a phone's first screen, in that order."""
    page = open_page(prefix + "/", PHONE)
    figure, source = box(page, ".headline-figure strong"), box(page, ".headline-source")
    assert page.locator(".headline-figure strong").inner_text().replace("\u00a0", "").replace(",", "") == "1262"
    assert source["y"] + source["height"] <= PHONE["height"]
    assert page.locator(".headline-source a").first.get_attribute("href").startswith("https://memopzk.org/")
    heading, h2 = page.locator("main h1"), page.locator("main h2:not(.visually-hidden)").first
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert heading.evaluate(size) >= h2.evaluate(size)                        # never smaller
    assert box(page, "main h1")["y"] + box(page, "main h1")["height"] <= figure["y"]
    counters = page.locator(".featured .counter")
    assert counters.count() >= 2
    first = counters.first.bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"], first          # the whole first one
    assert first["width"] > PHONE["width"] / 2                                # across its card
    # before it, the figure and the three links to act
    actions = page.locator(".intro .actions a")
    assert actions.count() == 3
    assert source["y"] + source["height"] < box(page, ".intro .actions")["y"]
    assert box(page, ".intro .actions")["y"] + box(page, ".intro .actions")["height"] < first["y"]
    assert all(actions.nth(i).bounding_box()["height"] >= 24 for i in range(3))
    levels = page.eval_on_selector_all("main :is(h1, h2, h3)", "hs => hs.map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels)), levels


@pytest.mark.parametrize("viewport", [NARROW, PHONE], ids=["320", "390"])
@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_header_link_shows_whole_on_a_phone(open_page, prefix, viewport):
    """No link lies beyond the edge or cut short: the navigation wraps, it does not scroll."""
    for url in (prefix + "/", prefix + PICHUGIN):
        page = open_page(url, viewport)
        assert box(page, ".site-header")["height"] < 160, url
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        for clipper in (".nav", ".site-nav", ".site-header .wrap"):
            assert page.locator(clipper).evaluate("n => n.scrollWidth <= n.clientWidth"), clipper
        links = page.locator(".nav a, .languages a, .search-link").all()
        assert len(links) == 5 + 2 + 1
        for link in links:
            size = link.bounding_box()
            assert size["x"] >= 0 and size["x"] + size["width"] <= viewport["width"], link.inner_text()
            assert size["y"] >= 0 and size["height"] >= 24 and size["width"] >= 24, link.inner_text()
            # the whole of its words shows: one line, nothing cut by the link's own box
            assert link.evaluate("a => a.scrollWidth <= a.clientWidth + 1"), link.inner_text()
        # the short names show; a screen reader still hears the whole name
        assert page.locator(".languages a").first.get_attribute("lang") in {"en", "ru", "uk"}
        assert not page.locator(".languages .language-name").first.is_visible() or \
            box(page, ".languages .language-name")["width"] <= 1


def test_the_header_links_are_big_enough_to_touch(open_page):
    """axe's target-size (WCAG 2.2, 2.5.8): each target 24px, or far enough from the next."""
    for url in ("/", "/ru" + PICHUGIN):
        page = open_page(url, PHONE)
        page.wait_for_timeout(800)
        results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["target-size"]}})
        assert results.response["violations"] == [], (url, results.generate_report())


def test_a_focused_header_link_shows_its_focus_ring(open_page):
    page = open_page("/", PHONE)
    last = page.locator(".nav a").last
    last.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")                           # focus from the keyboard: :focus-visible
    assert last.evaluate("a => getComputedStyle(a).outlineStyle") == "solid"
    link = last.bounding_box()
    assert link["x"] >= 0 and link["x"] + link["width"] <= PHONE["width"]


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_a_profiles_first_screen_holds_the_person_the_count_and_the_actions(open_page, prefix):
    """On a wide screen, above the fold: the photo, the name, the status in words, who they
    are, the count large with its years and months beside it, and the two actions."""
    page = open_page(prefix + PICHUGIN, WIDE)
    fold = WIDE["height"]
    figure = page.locator(".custody .counter-figure")
    assert figure.evaluate("f => parseFloat(getComputedStyle(f).fontSize)") >= 64
    for shown in (".profile-photo", ".profile-header h1", ".profile-header .status", ".profile-summary",
                  ".custody .counter", ".custody-length", ".profile-actions"):
        found = box(page, shown)
        assert found["y"] + found["height"] <= fold, shown
    actions = page.locator(".profile-actions a")
    assert actions.count() == 2
    assert actions.evaluate_all("links => links.map(a => a.hash)") == ["#letters-alexey-pichugin", "#share-title"]
    for action in actions.all():
        found = action.bounding_box()
        assert found["y"] + found["height"] <= fold and found["height"] >= 40
        assert page.locator(action.get_attribute("href")).count() == 1            # it leads somewhere
    counter, length = box(page, ".custody .counter-figure"), box(page, ".custody-length")
    assert length["x"] >= counter["x"] + counter["width"]                           # beside it
    assert length["y"] < counter["y"] + counter["height"]
    # the heading and the unit each on one line
    for one_line in (".custody h2", ".custody .counter-unit", ".custody-length"):
        assert page.locator(one_line).evaluate(
            "e => e.getClientRects().length === 1"
            " && e.getBoundingClientRect().height < 1.9 * parseFloat(getComputedStyle(e).fontSize)"), one_line
    # the story begins on the first screen; the periods follow it
    assert box(page, "#summary-title")["y"] < fold
    assert box(page, "#summary-title")["y"] < box(page, ".periods")["y"]


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_a_profile_on_a_phone_has_its_counter_near_the_top(open_page, prefix):
    page = open_page(prefix + PICHUGIN, PHONE)
    counter, name = box(page, ".custody .counter"), box(page, ".profile-header h1")
    assert name["y"] < counter["y"]
    assert counter["y"] + counter["height"] <= PHONE["height"] * 0.7
    assert counter["width"] > PHONE["width"] / 2                              # across the screen


@pytest.mark.parametrize("url,digits,separator", [
    ("/ru" + PICHUGIN, "8572", "\u00a0"), ("/uk" + PICHUGIN, "8572", "\u00a0"),
    (PICHUGIN, "8572", ","), ("/ru/", "8572", "\u00a0")])
def test_a_counts_separator_is_not_a_digit_tile(open_page, url, digits, separator):
    page = open_page(url, PHONE)
    odometer = page.locator(".odometer").first
    tiles = odometer.locator(".odo-col")
    assert tiles.all_inner_texts() == list(digits)                           # each tile a digit
    sep = odometer.locator(".odo-sep")
    assert sep.count() == 1 and sep.text_content() == separator
    assert "odo-col" not in sep.get_attribute("class")
    assert sep.bounding_box()["width"] < tiles.first.bounding_box()["width"] / 2   # narrow
    assert sep.evaluate("s => getComputedStyle(s).backgroundColor") == "rgba(0, 0, 0, 0)"


def test_a_profile_prints_as_a_one_page_flyer_with_its_qr_code(open_page, site_url):
    page = open_page("/ru" + PICHUGIN, WIDE)
    qr = page.locator("svg.qr")
    assert not qr.is_visible()                                              # not on screen
    page.emulate_media(media="print")
    assert qr.is_visible() and qr.bounding_box()["width"] > 150            # test_poster.py: over 4 cm
    for hidden in (".site-nav", ".languages", ".footer-links", ".profile-facts",
                   '[aria-labelledby="sources-title"]', ".skip-link"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (".profile-header h1", ".profile-photo", ".custody .odometer", ".status",
                  ".about-prisoner", ".flyer-address .address"):
        assert page.locator(shown).first.is_visible(), shown
    assert page.locator(".flyer-address .address").inner_text() == \
        "https://example.org/ru/prisoners/alexey-pichugin/"
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1


# What sticks out past the right (or left) edge of the window, leaving out what is hidden
# in a box of a pixel (.visually-hidden and its like).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const tiny = e => { for (let a = e; a; a = a.parentElement) {
    const r = a.getBoundingClientRect(); if (r.width <= 1 && r.height <= 1) return true; } return false; };
  return [...document.querySelectorAll("body *")].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && !tiny(e);
  }).map(e => e.tagName + "." + e.className + ": " + (e.textContent || "").trim().slice(0, 40));
}"""


@pytest.mark.parametrize("prefix", LANGUAGES)
@pytest.mark.parametrize("url", ["/", "/prisoners/", PICHUGIN, "/prisoners/oleg-sentsov/"])
def test_nothing_overflows_a_phones_width(open_page, prefix, url):
    page = open_page(prefix + url, PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOWING) == []


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_each_period_is_a_block_of_its_own_on_a_phone(open_page, prefix):
    page = open_page(prefix + PICHUGIN, PHONE)
    region = page.locator(".profile-facts .table-scroll")
    frame = region.bounding_box()
    assert frame["width"] == PHONE["width"] - 32                              # a 358 px box
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")           # nothing to scroll
    rows = page.locator(".periods tbody tr").all()
    assert len(rows) == 3
    above = frame["y"]
    for row in rows:
        found = row.bounding_box()
        assert frame["x"] <= found["x"] and found["x"] + found["width"] <= frame["x"] + frame["width"]
        assert found["y"] >= above                                            # one under another
        above = found["y"] + found["height"]
        cells = [cell.bounding_box() for cell in row.locator("td").all()]
        assert all(b["y"] >= a["y"] + a["height"] - 1 for a, b in pairwise(cells))   # stacked
    # each cell says which column it is; the column headings stay for a screen reader
    header = page.locator(".periods thead th").nth(1).text_content()
    label = page.locator(".periods tbody td").nth(1).evaluate(
        "td => getComputedStyle(td, '::before').content")
    assert header in label
    # a wide screen has the table
    page.set_viewport_size(WIDE)
    assert page.locator(".periods tbody tr").first.evaluate("r => getComputedStyle(r).display") == "table-row"


def test_a_phones_pages_pass_axe(browser, site_url):
    """The phone's own layout (wrapped header, folded categories, stacked periods) to axe,
    each page in the light scheme and then in the dark."""
    context = browser.new_context(viewport=PHONE, color_scheme="light")
    tab = context.new_page()
    found = {}
    for url in ("/", "/ru/prisoners/", "/uk" + PICHUGIN, "/prisoners/oleg-sentsov/"):
        for scheme in in_each_scheme(tab, site_url + url):
            found[url, scheme] = violations(tab)
    context.close()
    assert not [f"{url} ({scheme}): {v}" for (url, scheme), vs in found.items() for v in vs]
