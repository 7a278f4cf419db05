"""The filters of the list of prisoners in a real Chromium: a status leaves only its people on
the list, without loading another page, and a screen reader hears how many are shown; a
category is one list of links, to its own list, where the status filters in turn; without
JavaScript the status filter is not shown and the category links still work."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from conftest import page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def prisoners(sample_site) -> dict:
    """The sample's people as its open data gives them: status and categories, by page address."""
    data = json.loads((sample_site / "data/prisoners.json").read_text(encoding="utf-8"))
    return {"/prisoners/" + p["id"] + "/": p for p in data["prisoners"]}


@pytest.fixture
def list_page(browser, site_url):
    def opened(path: str = "/prisoners/", javascript: bool = True, viewport: dict | None = None):
        tab = browser.kept_page(java_script_enabled=javascript, viewport=viewport or WIDE)
        tab.goto(site_url + path)
        return tab
    return opened


def shown(tab) -> set[str]:
    """The addresses of the people whose cards are shown."""
    return set(tab.locator(".cards .prisoner-card:visible .prisoner-card-name a")
               .evaluate_all("links => links.map(a => a.pathname)"))


def test_choosing_released_shows_only_released_people(list_page, prisoners):
    tab = list_page()
    everyone = shown(tab)
    assert everyone == set(prisoners)
    status = tab.get_by_role("group", name="Status")
    status.get_by_role("radio", name="Released").check()
    released = {url for url, p in prisoners.items() if p["computed"]["status"] == "released"}
    assert 1 < len(released) < len(prisoners)
    assert shown(tab) == released
    expect(tab.locator("[data-filter-count]")).to_have_text(f"{len(released)} people shown")
    assert tab.locator("[data-filter-count]").get_attribute("role") == "status"
    assert tab.url.endswith("/prisoners/")                              # no other page loaded
    status.get_by_role("radio", name="Died in custody").check()
    expect(tab.locator("[data-filter-count]")).to_have_text("1 person shown")
    status.get_by_role("radio", name="Everyone").check()
    assert shown(tab) == everyone
    assert tab.errors == []


def test_a_category_shows_only_its_people_and_combines_with_the_status(list_page, prisoners):
    tab = list_page()
    assert tab.locator("select").count() == 0                          # one control: the links
    tab.get_by_role("navigation", name="Categories").get_by_role("link", name="Journalist").click()
    tab.wait_for_url("**/prisoners/category/journalist/")      # the click only starts the visit
    journalists = {url for url, p in prisoners.items() if "journalist" in p["categories"]}
    assert shown(tab) == journalists
    tab.get_by_role("radio", name="In custody", exact=True).check()
    held = {url for url in journalists if prisoners[url]["computed"]["status"] == "held"}
    assert shown(tab) == held and held < journalists
    expect(tab.locator("[data-filter-count]")).to_have_text(
        f"{len(held)} {'person' if len(held) == 1 else 'people'} shown")
    assert tab.errors == []


def test_the_count_is_said_in_the_pages_language(list_page, prisoners):
    tab = list_page("/ru/prisoners/")
    tab.get_by_role("group", name="Статус").get_by_role("radio", name="На свободе").check()
    released = sum(1 for p in prisoners.values() if p["computed"]["status"] == "released")
    assert released == 10
    expect(tab.locator("[data-filter-count]")).to_have_text("Показано 10 человек")
    tab.get_by_role("radio", name="Смерть в заключении").check()
    expect(tab.locator("[data-filter-count]")).to_have_text("Показан 1 человек")


def test_without_javascript_there_are_no_filters_and_the_category_links_work(list_page, prisoners):
    tab = list_page(javascript=False)
    assert not tab.locator("[data-filters]").is_visible()
    assert shown(tab) == set(prisoners)
    tab.get_by_role("navigation", name="Categories").get_by_role("link", name="Journalist").click()
    tab.wait_for_url("**/prisoners/category/journalist/")      # the click only starts the visit
    assert shown(tab) == {url for url, p in prisoners.items() if "journalist" in p["categories"]}


def test_the_filters_are_in_the_page_as_served_not_added_by_the_script(sample_site):
    served = page(sample_site, "/prisoners/")
    tag = re.search(r'<div class="filters"[^>]*>', served).group(0)
    assert "data-filters" in tag and "hidden" not in tag                   # hidden by no attribute
    assert served.count('<details class="category-fold">') == 1
    assert "<select" not in served                                           # one category control


def test_the_categories_are_folded_on_a_phone_and_the_people_come_on_its_first_screen(list_page):
    tab = list_page(viewport=PHONE)
    fold = tab.locator(".category-fold")
    assert fold.evaluate("d => d.open") is False
    summary = fold.locator("summary")
    assert summary.is_visible() and "Everyone" in summary.inner_text()
    links = tab.get_by_role("navigation", name="Categories").get_by_role("link")
    assert not links.first.is_visible()
    card = tab.locator(".cards .prisoner-card").first.bounding_box()
    assert card["y"] + 120 < PHONE["height"]                                  # its name and photo
    summary.click()
    assert links.first.is_visible() and links.count() == tab.locator(".categories li").count() - 1 >= 5
    tab.set_viewport_size(WIDE)                                              # open on a wide screen
    tab.reload()
    assert not tab.locator(".category-fold summary").is_visible()
    assert links.first.is_visible() and links.last.is_visible()


# The shifts of layout the page has had since it began to load (the Layout Instability API),
# a visitor's own input left out: what Lighthouse sums as Cumulative Layout Shift.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let sum = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) sum += entry.value; }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(sum), 300);
})"""


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
@pytest.mark.parametrize("path", ["/prisoners/", "/ru/prisoners/", "/uk/prisoners/category/journalist/"])
def test_nothing_moves_once_the_list_has_loaded(list_page, path, viewport):
    tab = list_page(path, viewport=viewport)
    assert tab.evaluate("PerformanceObserver.supportedEntryTypes.includes('layout-shift')")
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(500)                                                # the scripts have run
    assert tab.locator("[data-filters]").is_visible()
    assert tab.evaluate(LAYOUT_SHIFT) < 0.01
    assert tab.errors == []
