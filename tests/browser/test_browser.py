"""The pages in a real Chromium: the counter ticks on the visitor's clock, in Moscow
time, and everything reads right without JavaScript and to a screen reader."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import expect

from vigil.render.templates import odometer

pytestmark = pytest.mark.browser

MOSCOW = ZoneInfo("Europe/Moscow")
PICHUGIN = "/prisoners/alexey-pichugin/"
BUILD_COUNT = 8572                       # as of 2026-12-07, the build date of `sample_site`


def open_page(browser, url: str, timezone: str, at: dt.datetime | None = None, **options):
    # without `at`, the clock starts on the day the sample was built
    context = browser.new_context(timezone_id=timezone, locale="en-US",
                                  **({"as_of": None} if at is not None else {}), **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    if at is not None:
        page.clock.install(time=at)
    page.goto(url)
    if at is not None:
        page.clock.run_for(1_000)                  # let the digits finish rolling
    page.errors = errors
    return page


def shown(page, selector: str = ".custody [data-counter]") -> tuple[str, str]:
    """(the digits the odometer shows, the words a screen reader hears)."""
    counter = page.locator(selector)
    digits = counter.locator(".odometer").inner_text().replace("\n", "")
    words = counter.locator("[data-counter-words]").text_content()
    return digits, words


def moscow(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MOSCOW)


@pytest.mark.parametrize("timezone", ["America/New_York", "Asia/Tokyo"])
def test_counter_shows_todays_count_on_the_visitors_clock(browser, site_url, timezone):
    page = open_page(browser, site_url + PICHUGIN, timezone, at=moscow(2026, 12, 8, 12, 0))
    expect(page.locator(".custody [data-counter-words]")).to_have_text("8,573 days in custody")
    assert shown(page) == ("8,573", "8,573 days in custody")
    expect(page.locator(".custody [data-counter-date]")).to_have_text("8 December 2026")
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("timezone", ["America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_counter_moves_on_at_midnight_moscow_time(browser, site_url, timezone):
    page = open_page(browser, site_url + PICHUGIN, timezone, at=moscow(2026, 12, 8, 23, 59, 0))
    expect(page.locator(".custody [data-counter-words]")).to_have_text("8,573 days in custody")
    page.clock.run_for(50_000)                            # 23:59:50 in Moscow: not yet
    assert shown(page)[1] == "8,573 days in custody"
    page.clock.run_for(15_000)                            # 00:00:05 in Moscow
    expect(page.locator(".custody [data-counter-words]")).to_have_text("8,574 days in custody")
    page.clock.run_for(2_000)                             # the digits have rolled
    assert shown(page) == ("8,574", "8,574 days in custody")
    page.context.close()


@pytest.mark.parametrize("timezone,local_midnight_utc", [
    ("America/New_York", dt.datetime(2026, 12, 9, 5, 0, tzinfo=dt.UTC)),
    ("Asia/Tokyo", dt.datetime(2026, 12, 8, 15, 0, tzinfo=dt.UTC)),
])
def test_counter_does_not_move_at_midnight_in_the_browsers_zone(browser, site_url, timezone,
                                                                local_midnight_utc):
    before = local_midnight_utc - dt.timedelta(seconds=30)
    page = open_page(browser, site_url + PICHUGIN, timezone, at=before)
    expected = BUILD_COUNT + (before.astimezone(MOSCOW).date() - dt.date(2026, 12, 7)).days
    words = f"{expected:,} days in custody"
    expect(page.locator(".custody [data-counter-words]")).to_have_text(words)
    page.clock.run_for(60_000)                            # past midnight where the browser is
    assert shown(page) == (f"{expected:,}", words)
    page.context.close()


def test_a_visitor_clock_behind_the_build_keeps_the_build_count(browser, site_url):
    page = open_page(browser, site_url + PICHUGIN, "Europe/Berlin", at=moscow(2026, 11, 27, 12, 0))
    page.wait_for_timeout(100)
    assert shown(page) == ("8,572", "8,572 days in custody")
    page.context.close()


def test_a_released_prisoners_count_does_not_tick(browser, site_url):
    page = open_page(browser, site_url + "/prisoners/oleg-sentsov/", "Europe/Moscow",
                     at=moscow(2030, 1, 1, 12, 0))
    page.wait_for_timeout(100)
    assert "1,945" in page.locator(".custody .odometer").inner_text().replace("\n", "")
    expect(page.locator(".custody .counter-note")).to_contain_text(
        "Held for 1,945 days, from 11 May 2014 to 7 September 2019")
    page.context.close()


def test_every_counter_on_the_home_page_ticks(browser, site_url):
    page = open_page(browser, site_url + "/", "UTC", at=moscow(2026, 12, 8, 12, 0))
    live = page.locator(".counter-live [data-counter-words]")
    expect(live.first).to_have_text("8,573 days in custody")
    texts = live.all_text_contents()
    assert len(texts) == 6                  # those held now come first, Pichugin the longest
    frozen = page.locator(".counter-frozen .odometer").all_inner_texts()
    assert len(frozen) == 2                 # then Navalny, who died, and Kara-Murza, freed
    page.context.close()


def test_the_page_reads_right_without_javascript(browser, site_url):
    page = open_page(browser, site_url + PICHUGIN, "America/New_York",
                     java_script_enabled=False)
    assert shown(page) == ("8,572", "8,572 days in custody")
    expect(page.locator(".custody .counter-note")).to_have_text("as of 7 December 2026")
    expect(page.locator("h1")).to_have_text("Alexey Pichugin")
    expect(page.locator(".breakdown")).to_contain_text("1,687 days in pre-trial detention")
    page.get_by_role("link", name="Political prisoners", exact=True).click()
    expect(page.locator("h1")).to_have_text("Political prisoners")
    page.context.close()


def test_a_screen_reader_hears_the_count_once_in_words(browser, site_url):
    page = open_page(browser, site_url + PICHUGIN, "Europe/Moscow", at=moscow(2026, 12, 8, 12, 0))
    expect(page.locator(".custody [data-counter-words]")).to_have_text("8,573 days in custody")
    tree = page.locator(".custody .counter").aria_snapshot()
    assert tree.count("8,573 days in custody") == 1
    assert "8573" not in tree.replace(",", "").replace("8573 days", "")   # no digit columns
    assert "\n- text: \"8\"" not in tree and "- text: 8\n" not in tree
    page.context.close()


def test_digits_roll_unless_the_visitor_asks_for_less_motion(browser, site_url):
    page = open_page(browser, site_url + PICHUGIN, "Europe/Moscow", at=moscow(2026, 12, 8, 23, 59, 50))
    # The installed clock also runs with real time while the page loads (slowly, on a busy
    # machine): stop it at a known moment, then move it on by hand.
    page.clock.pause_at(moscow(2026, 12, 8, 23, 59, 59))
    page.clock.run_for(1_500)                              # just past midnight
    assert page.locator(".custody .odo-roll").count() == 1   # 8,573 -> 8,574: one column rolls
    page.clock.run_for(1_000)
    assert page.locator(".custody .odo-roll").count() == 0
    page.context.close()

    calm = open_page(browser, site_url + PICHUGIN, "Europe/Moscow", at=moscow(2026, 12, 8, 23, 59, 58),
                     reduced_motion="reduce")
    calm.clock.run_for(1_500)
    assert calm.locator(".custody .odo-roll").count() == 0
    assert shown(calm) == ("8,574", "8,574 days in custody")
    calm.context.close()


def test_pages_load_without_errors_under_the_content_security_policy(browser, site_url):
    for url in ["/", "/prisoners/", PICHUGIN, "/members/", "/news/", "/how-we-count/"]:
        page = open_page(browser, site_url + url, "Europe/Moscow")
        page.wait_for_load_state("load")
        assert page.errors == [], (url, page.errors)
        assert page.evaluate("getComputedStyle(document.body).margin") is not None
        page.context.close()


# --------------------------------------------------------------------------- in Russian and Ukrainian
NBSP, NNBSP = "\u00a0", "\u202f"
# Pichugin's count is 8,572 on 2026-12-07 (the build date): 8,574 -> 8,575 on 10 December
# changes the form from few to many; 8,580 -> 8,581 on 16 December, many to one;
# 8,581 -> 8,582, one to few.
MIDNIGHTS = [
    ((2026, 12, 9), "8{s}574 дня в заключении", "8{s}575 дней в заключении", "10 декабря 2026{n}г."),
    ((2026, 12, 15), "8{s}580 дней в заключении", "8{s}581 день в заключении", "16 декабря 2026{n}г."),
    ((2026, 12, 16), "8{s}581 день в заключении", "8{s}582 дня в заключении", "17 декабря 2026{n}г."),
    ((2026, 12, 9), "8{s}574 дні в неволі", "8{s}575 днів у неволі", "10 грудня 2026{n}р."),
    ((2026, 12, 15), "8{s}580 днів у неволі", "8{s}581 день у неволі", "16 грудня 2026{n}р."),
    ((2026, 12, 16), "8{s}581 день у неволі", "8{s}582 дні в неволі", "17 грудня 2026{n}р."),
]


@pytest.mark.parametrize("day,before,after,next_day", MIDNIGHTS)
def test_the_ticker_changes_the_plural_form_at_midnight(browser, site_url, day, before, after, next_day):
    prefix = "/ru" if "заключении" in before else "/uk"
    before, after, next_day = (text.format(s=NBSP, n=NNBSP) for text in (before, after, next_day))
    # a browser set to American English: the page's language decides, not the browser's
    page = open_page(browser, site_url + prefix + PICHUGIN, "America/New_York",
                     at=moscow(*day, 23, 59, 0))
    words = page.locator(".custody [data-counter-words]")
    expect(words).to_have_text(before)
    page.clock.run_for(65_000)                            # 00:00:05 in Moscow
    expect(words).to_have_text(after)
    page.clock.run_for(2_000)
    digits, unit = after.split(" ", 1)                   # the number holds no plain space
    assert shown(page) == (digits, after)
    expect(page.locator(".custody [data-counter-unit]")).to_have_text(unit)
    expect(page.locator(".custody [data-counter-date]")).to_have_text(next_day)
    assert page.errors == []
    page.context.close()


# --------------------------------------------------------------------------- digits gained
def as_if_built_with(page, url: str, count: int, locale: str) -> None:
    """Serve the profile at `url` as if its count had been `count` on the build date."""
    def built(n: int) -> str:
        return str(odometer(format_decimal(n, locale=locale)))

    def handle(route):
        response = route.fetch()
        html = response.text()
        assert f'data-days="{BUILD_COUNT}"' in html and built(BUILD_COUNT) in html
        html = html.replace(f'data-days="{BUILD_COUNT}"', f'data-days="{count}"')
        route.fulfill(response=response, body=html.replace(built(BUILD_COUNT), built(count)))
    page.route(url, handle)


@pytest.mark.parametrize("prefix,locale,count,before,after,rolls", [
    ("", "en", 999, "999", "1,000", 4),              # gains a digit and a separator
    ("/ru", "ru", 9999, "9\u00a0999", "10\u00a0000", 5),   # gains a digit; the separator moves
    ("/uk", "uk", 99999, "99\u00a0999", "100\u00a0000", 6),
])
def test_a_count_that_gains_a_digit_rolls_every_changed_digit(browser, site_url, prefix, locale,
                                                              count, before, after, rolls):
    context = browser.new_context(as_of=None, timezone_id="Europe/Moscow", locale="en-US")
    page = context.new_page()
    url = site_url + prefix + PICHUGIN
    as_if_built_with(page, url, count, locale)
    page.clock.install(time=moscow(2026, 12, 7, 23, 59, 50))
    page.goto(url)
    page.clock.pause_at(moscow(2026, 12, 7, 23, 59, 59))
    odometer_ = page.locator(".custody .odometer")
    assert odometer_.inner_text().replace("\n", "") == before
    page.clock.run_for(1_500)                                  # just past midnight
    assert page.locator(".custody .odo-roll").count() == rolls    # the new digit rolls in too
    page.clock.run_for(1_000)
    assert page.locator(".custody .odo-roll").count() == 0
    assert odometer_.inner_text().replace("\n", "") == after
    tiles = odometer_.locator(".odo-col")
    assert tiles.all_inner_texts() == [d for d in after if d.isdigit()]      # no empty tile
    separators = odometer_.locator(".odo-sep")
    assert separators.count() == len(after) - tiles.count()
    assert odometer_.locator(".odo-gap").count() == (separators.count() if prefix else 0)
    context.close()
