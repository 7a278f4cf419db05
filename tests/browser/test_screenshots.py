"""Screenshots of each kind of page, on a phone (390 x 844) and a wide screen (1366 x 900),
light and dark, in each language: the first screen a visitor sees, to be looked at. Each is a
PNG of the window's size with something on it, and the dark one is darker than the light.

They are written into the test's own temporary folder; set VIGIL_SCREENSHOTS to a folder to
keep a copy of them there, to look at or to attach to a report."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from conftest import in_each_scheme

pytestmark = pytest.mark.browser

KINDS = {
    "home": "/",
    "list": "/prisoners/",
    "profile": "/prisoners/alexey-pichugin/",
    "post": "/news/2019-02-21-coalition-launch/",
    "statistics": "/statistics/",
    "calendars": "/calendars/",
    "search": "/search/",
    "members": "/members/",
    "page": "/about/",
}
SIZES = {"phone": {"width": 390, "height": 844}, "wide": {"width": 1366, "height": 900}}
LANGUAGES = {"en": "", "ru": "/ru", "uk": "/uk"}


def looks(shot: Path) -> tuple[str, tuple[int, int], int, int, float]:
    """The picture's format and size, how many colours it has, the spread of its greys
    (darkest to lightest) and its mean brightness, read once."""
    with Image.open(shot) as image:
        grey = image.convert("L")
        low, high = grey.getextrema()
        return (image.format, image.size, len(image.convert("RGB").getcolors(maxcolors=1 << 20) or ()),
                high - low, ImageStat.Stat(grey).mean[0])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_each_kind_of_page_is_photographed_light_and_dark(browser, site_url, tmp_path, size, lang):
    viewport, prefix = SIZES[size], LANGUAGES[lang]
    shots: dict[tuple[str, str, str], Path] = {}
    context = browser.new_context(viewport=viewport, color_scheme="light", timezone_id="Europe/Moscow")
    tab = context.new_page()
    for kind, url in KINDS.items():
        for scheme in in_each_scheme(tab, site_url + prefix + url):
            assert tab.locator("main h1").first.is_visible(), (lang, url)
            shot = tmp_path / f"{kind}-{size}-{lang}-{scheme}.png"
            tab.screenshot(path=shot)
            shots[kind, lang, scheme] = shot
    context.close()
    seen = {key: looks(shot) for key, shot in shots.items()}
    for (kind, lang, scheme), (form, size, colours, spread, brightness) in seen.items():
        name = f"{kind}-{lang}-{scheme}"
        assert form == "PNG" and size == (viewport["width"], viewport["height"]), name
        assert colours > 50 and spread > 150, name       # not blank: many colours, light and dark parts
        if scheme == "dark":
            assert brightness < seen[kind, lang, "light"][4] - 40, name
    keep = os.environ.get("VIGIL_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for shot in shots.values():
            shutil.copy(shot, Path(keep) / shot.name)
