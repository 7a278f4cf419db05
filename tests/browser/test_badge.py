"""The embeddable counter: each prisoner's SVG badge in each language, and "Embed this
counter" on their page. Read from the sample site as built (conftest.sample_site), parsed
back with an XML parser, and shown in a real browser."""
from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import expect

from checkers import violations
from conftest import in_each_scheme, page
from vigil.features.badge import text_width
from vigil.render.headers import REVALIDATE

SVG = "{http://www.w3.org/2000/svg}"
BASE = "https://example.org/"
LANGUAGES = ("", "ru/", "uk/")
PICHUGIN, SENTSOV, NAVALNY = "alexey-pichugin", "oleg-sentsov", "alexei-navalny"


def prisoner_ids(out: Path) -> list[str]:
    return sorted(p["id"] for p in json.loads((out / "data/prisoners.json").read_text("utf-8"))["prisoners"])


def badge(out: Path, prefix: str, prisoner_id: str) -> ET.Element:
    return ET.fromstring((out / f"{prefix}prisoners/{prisoner_id}/badge.svg").read_bytes())


def lines(svg: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in svg.iter(SVG + "text")]


def counter_words(html_text: str) -> str:
    """What the profile's counter says to a screen reader: '8,572 days in custody'."""
    return re.search(r'<p class="counter-figure">.*?<span class="visually-hidden"[^>]*>([^<]+)</span>',
                     html_text).group(1)


def digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def snippet(html_text: str) -> str:
    return html.unescape(re.search(r'<code id="embed-code">(.*?)</code>', html_text, re.S).group(1))


# --------------------------------------------------------------------------- the badge
def test_every_prisoner_has_a_badge_in_every_language_with_the_profiles_count(sample_site):
    computed = {p["id"]: p["computed"] for p in
                json.loads((sample_site / "data/prisoners.json").read_text("utf-8"))["prisoners"]}
    ids = prisoner_ids(sample_site)
    assert len(ids) == 22
    for prefix in LANGUAGES:
        for prisoner_id in ids:
            svg = badge(sample_site, prefix, prisoner_id)
            profile = page(sample_site, f"/{prefix}prisoners/{prisoner_id}/")
            name, count, note = lines(svg)
            assert count == counter_words(profile)             # the page's words, to the letter
            assert digits(count) == computed[prisoner_id]["days_in_custody"]
            assert f">{html.escape(name, quote=False)}<" in profile.replace("&#39;", "'")
            assert note.endswith({"": " · Coalition", "ru/": " · Коалиция", "uk/": " · Коаліція"}[prefix])


def test_a_badge_says_its_date_or_what_happened_in_the_profiles_words(sample_site):
    assert lines(badge(sample_site, "", PICHUGIN)) == [
        "Alexey Pichugin", "8,572 days in custody", "as of 7 December 2026 · Coalition"]
    assert lines(badge(sample_site, "", SENTSOV))[1:] == [
        "1,945 days in custody", "Released on 7 September 2019 · Coalition"]
    assert lines(badge(sample_site, "ru/", SENTSOV)) == [
        "Олег Сенцов", "1\N{NO-BREAK SPACE}945 дней в заключении",
        "На свободе с 7\N{NO-BREAK SPACE}сентября 2019\N{NARROW NO-BREAK SPACE}г. · Коалиция"]
    assert lines(badge(sample_site, "uk/", NAVALNY))[1:] == [
        "1\N{NO-BREAK SPACE}125 днів у неволі",
        "Смерть у неволі: 16\N{NO-BREAK SPACE}лютого 2024\N{NARROW NO-BREAK SPACE}р. · Коаліція"]
    profile = page(sample_site, f"/ru/prisoners/{SENTSOV}/")
    assert "На свободе с 7\N{NO-BREAK SPACE}сентября 2019\N{NARROW NO-BREAK SPACE}г." in profile


def test_a_badge_is_a_standalone_picture_with_an_accessible_name(sample_site):
    for prefix in LANGUAGES:
        for prisoner_id in prisoner_ids(sample_site):
            file = sample_site / f"{prefix}prisoners/{prisoner_id}/badge.svg"
            text = file.read_text("utf-8")
            svg = ET.fromstring(file.read_bytes())
            assert svg.tag == SVG + "svg"
            assert svg.get("role") == "img"
            [title] = svg.findall(SVG + "title")
            assert svg.get("aria-labelledby") == title.get("id")
            assert title.text.startswith(lines(svg)[0])
            tags = {element.tag.removeprefix(SVG) for element in svg.iter()}
            assert tags <= {"svg", "title", "rect", "path", "g", "text"}       # no script, style, image, use
            for element in svg.iter():
                for name, value in element.attrib.items():
                    assert not name.lower().startswith("on")
                    assert ("href" not in name and "url(" not in value and "//" not in value) \
                        or name == "xmlns"
            assert "<!DOCTYPE" not in text and "<script" not in text and "http://" not in \
                text.replace('xmlns="http://www.w3.org/2000/svg"', "")
            width, height = int(svg.get("width")), int(svg.get("height"))
            assert svg.get("viewBox") == f"0 0 {width} {height}"


def test_the_text_fits_the_badge_in_inter_with_room_to_spare(sample_site):
    for prefix in LANGUAGES:
        for prisoner_id in prisoner_ids(sample_site):
            svg = badge(sample_site, prefix, prisoner_id)
            width = int(svg.get("width"))
            for text in svg.iter(SVG + "text"):
                words = "".join(text.itertext())
                right = int(text.get("x")) + text_width(words, int(text.get("font-size")),
                                                        int(text.get("font-weight")))
                assert right * 1.1 <= width, (prisoner_id, words)


def test_a_held_persons_badge_moves_on_with_the_date_and_a_released_persons_does_not(sample_build,
                                                                                    sample_next_night):
    first, second = sample_build.out, sample_next_night.out          # 2026-12-07, then 2026-12-08
    held = f"prisoners/{PICHUGIN}/badge.svg"
    assert lines(ET.fromstring((second / held).read_bytes()))[1] == "8,573 days in custody"
    assert (first / held).read_bytes() != (second / held).read_bytes()
    freed = f"ru/prisoners/{SENTSOV}/badge.svg"
    assert (first / freed).read_bytes() == (second / freed).read_bytes()


def test_other_sites_may_show_the_badge_and_it_is_checked_again_each_visit(sample_site):
    rules = {}
    for block in (sample_site / "_headers").read_text("utf-8").split("\n\n")[1:]:
        pattern, *headers = block.splitlines()
        rules[pattern] = dict(h.strip().split(": ", 1) for h in headers)

    def headers_of(path: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for pattern, headers in rules.items():
            if re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path):
                found.update(headers)
        return found

    for path in (f"/prisoners/{PICHUGIN}/badge.svg", f"/ru/prisoners/{PICHUGIN}/badge.svg"):
        headers = headers_of(path)
        assert headers["Cache-Control"] == REVALIDATE            # a cheap 304 until the next night
        assert not {"Cross-Origin-Resource-Policy", "Cross-Origin-Embedder-Policy",
                    "Access-Control-Allow-Origin"} & set(headers)
        assert "X-Frame-Options" not in headers   # an <img> is no frame; frame-ancestors is for pages


# --------------------------------------------------------------------------- the profile
def test_the_snippet_links_the_real_badge_and_profile_at_their_full_addresses(sample_site):
    for prefix in LANGUAGES:
        for prisoner_id in prisoner_ids(sample_site):
            profile = page(sample_site, f"/{prefix}prisoners/{prisoner_id}/")
            code = snippet(profile)
            match = re.fullmatch(r'<a href="([^"]+)"><img src="([^"]+)" alt="([^"]+)" '
                                 r'width="(\d+)" height="(\d+)"></a>', code)
            assert match, code
            href, src, alt, width, height = match.groups()
            assert href == f"{BASE}{prefix}prisoners/{prisoner_id}/"
            assert f'<link rel="canonical" href="{href}">' in profile
            assert src == f"{href}badge.svg"
            svg = ET.fromstring((sample_site / src.removeprefix(BASE)).read_bytes())
            assert (width, height) == (svg.get("width"), svg.get("height"))
            assert alt.startswith(lines(svg)[0])
            assert str(digits(lines(svg)[1])) in re.sub(r"\D", "", alt)
            preview = (f'<img src="/{prefix}prisoners/{prisoner_id}/badge.svg" alt="{html.escape(alt)}" '
                       f'width="{width}" height="{height}">')
            assert preview in profile


def test_the_alt_text_of_someone_held_says_the_date_of_its_count(sample_site):
    code = snippet(page(sample_site, f"/prisoners/{PICHUGIN}/"))
    assert 'alt="Alexey Pichugin: 8,572 days in custody as of 7 December 2026"' in code


def test_embed_comes_after_the_counter_and_the_share_links_folded(sample_site):
    profile = page(sample_site, f"/prisoners/{PICHUGIN}/")
    assert (profile.index('class="counter') < profile.index('class="share"')
            < profile.index('<details class="embed" data-pagefind-ignore="all">'))
    # after the story: the first screen is the person, the count and the actions
    assert profile.index('id="summary-title"') < profile.index('<details class="embed" data-pagefind-ignore="all">')
    assert not re.search(r'<details class="embed"[^>]*\sopen', profile)


@pytest.fixture
def clipboard_tab(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_copy_code_puts_the_snippet_on_the_clipboard(clipboard_tab, site_url, sample_site):
    tab = clipboard_tab
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(site_url + f"/ru/prisoners/{PICHUGIN}/")
    tab.get_by_text("Разместить этот счётчик у себя").click()
    preview = tab.locator(".embed-preview img")
    assert preview.evaluate("img => img.complete && img.naturalWidth") > 0      # the badge loads
    tab.get_by_role("button", name="Скопировать код").click()
    expect(tab.locator(".embed .share-status")).to_have_text("Код скопирован")
    assert tab.evaluate("navigator.clipboard.readText()") == snippet(page(sample_site, f"/ru/prisoners/{PICHUGIN}/"))
    assert errors == []


@pytest.mark.browser
def test_without_script_there_is_no_copy_button_but_the_code_is_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + f"/prisoners/{PICHUGIN}/")
    tab.get_by_text("Embed this counter").click()
    assert tab.locator("#embed-code").is_visible()
    assert tab.get_by_role("button", name="Copy code").count() == 0
    context.close()


@pytest.mark.browser
def test_the_badge_fits_its_text_in_the_browsers_own_fonts(browser, site_url, sample_site):
    """Chromium here has no Inter: the text falls back to the machine's sans-serif."""
    tab = browser.new_page()
    for prefix, prisoner_id in (("", SENTSOV), ("ru/", NAVALNY), ("uk/", PICHUGIN)):
        tab.goto(f"{site_url}/{prefix}prisoners/{prisoner_id}/badge.svg")
        width = tab.evaluate("document.documentElement.width.baseVal.value")
        rights = tab.evaluate("[...document.querySelectorAll('text')].map(t => t.getBBox().x + t.getBBox().width)")
        assert rights and max(rights) < width - 4, (prisoner_id, rights, width)
    tab.close()


@pytest.mark.browser
def test_the_open_embed_section_passes_axe(browser, site_url):
    """Open, with its status message, in the light scheme and then switched to the dark."""
    context = browser.new_context(color_scheme="light", permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    def opened_and_copied(tab):
        tab.evaluate("document.querySelector('details.embed').open = true")
        tab.locator(".embed-copy").click()                     # and with its status message
        # expect() polls from Playwright's side: wait_for_function's string would be eval'd in the
        # page each time it polls, which the site's CSP refuses once the first try comes too early
        expect(tab.locator(".embed .share-status")).not_to_have_text("")
    for url in (f"/prisoners/{SENTSOV}/", f"/uk/prisoners/{PICHUGIN}/"):
        for scheme in in_each_scheme(tab, site_url + url, opened_and_copied):
            assert violations(tab) == [], (url, scheme)
    context.close()
