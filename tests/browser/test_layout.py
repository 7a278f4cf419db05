"""The layout in a real Chromium, phone first: on a 390 x 844 phone the header is compact
and the featured people's counters are on the first screen; on a wide screen a profile's
photo and counter sit beside its facts; a count's separators are never digit tiles; and a
profile prints as a one-page flyer with its QR code."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}
PICHUGIN = "/prisoners/alexey-pichugin/"
LANGUAGES = ["", "/ru", "/uk"]


@pytest.fixture
def open_page(browser, site_url):
    contexts = []

    def opened(url: str, viewport: dict):
        context = browser.new_context(viewport=viewport, timezone_id="Europe/Moscow")
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + url)
        return page
    yield opened
    for context in contexts:
        context.close()


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not shown"
    return found


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_featured_counters_are_on_a_phones_first_screen(open_page, prefix):
    page = open_page(prefix + "/", PHONE)
    counters = page.locator(".featured .counter")
    assert counters.count() >= 2
    first = counters.first.bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"], first          # the whole first one
    assert counters.nth(1).bounding_box()["y"] < PHONE["height"]            # and the next begins
    assert first["width"] > PHONE["width"] / 2                                # across its card
    # before it, only the heading and the three links to act
    actions = page.locator(".actions a")
    assert actions.count() == 3
    assert box(page, ".actions")["y"] + box(page, ".actions")["height"] < first["y"]
    assert all(actions.nth(i).bounding_box()["height"] >= 24 for i in range(3))
    levels = page.eval_on_selector_all("main :is(h1, h2, h3)", "hs => hs.map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_header_is_compact_on_a_phone(open_page, prefix):
    for url in (prefix + "/", prefix + PICHUGIN):
        page = open_page(url, PHONE)
        assert box(page, ".site-header")["height"] < 120, url
        nav = page.locator(".nav")
        assert box(page, ".nav")["height"] < 50                               # one row
        assert nav.evaluate("n => n.scrollWidth > n.clientWidth")             # that scrolls
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # not the page
        for target in page.locator(".nav a, .languages a").all():
            size = target.bounding_box()
            assert size["height"] >= 24 and size["width"] >= 24, target.inner_text()
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


def test_a_focused_link_in_the_scrolled_navigation_shows_its_focus_ring(open_page):
    page = open_page("/", PHONE)
    last = page.locator(".nav a").last
    last.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")                           # focus from the keyboard: :focus-visible
    assert last.evaluate("a => getComputedStyle(a).outlineStyle") == "solid"
    nav, link = box(page, ".nav"), last.bounding_box()
    assert link["x"] >= nav["x"] and link["x"] + link["width"] <= nav["x"] + nav["width"] + 1


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_a_profiles_counter_sits_beside_its_facts_on_a_wide_screen(open_page, prefix):
    page = open_page(prefix + PICHUGIN, WIDE)
    counter, photo = box(page, ".custody .counter"), box(page, ".profile-photo")
    name, facts = box(page, ".profile-header h1"), box(page, ".profile-facts")
    for left in (counter, photo):
        assert left["x"] + left["width"] <= min(name["x"], facts["x"])
    assert counter["y"] < facts["y"] + facts["height"] and facts["y"] < counter["y"] + counter["height"]
    assert photo["y"] < name["y"] + name["height"]                           # the photo by the name
    assert facts["y"] - (name["y"] + name["height"]) < 200                   # the facts right under it


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
