"""A profile prints as a poster on one A4 page, in black and white: the ask above the name
(for someone still held), the name large, the count very large with its years, the start
of the story, and at the foot the page's address and a QR code over 4 cm wide; the page
filled, no third of it left empty. Measured in CSS pixels, 96 to the inch."""
from __future__ import annotations

import re

import pytest

from vigil.media.qr import BORDER

pytestmark = pytest.mark.browser

CM = 96 / 2.54                                   # 37.8 px
PT = 96 / 72
# an A4 page inside the print stylesheet's margins of 1.5 cm: 18 x 26.7 cm
PAGE = {"width": round(18 * CM), "height": round(26.7 * CM)}
POSTERS = {   # profile: (the ask, the years), as printed in its language
    "/prisoners/alexey-pichugin/": ("FREE ALEXEY PICHUGIN", "about 23 years"),
    "/ru/prisoners/alexey-pichugin/": ("СВОБОДУ ПОЛИТЗАКЛЮЧЁННЫМ!", "около 23 лет"),
    "/uk/prisoners/alexey-pichugin/": ("СВОБОДУ ПОЛІТВ’ЯЗНЯМ!", "близько 23 років"),
    "/prisoners/alexei-navalny/": (None, "about 3 years"),           # died in custody: no ask
}


@pytest.fixture
def printed(browser, site_url):
    context = browser.new_context(viewport=PAGE)
    page = context.new_page()

    def opened(url: str):
        page.goto(site_url + url)
        page.emulate_media(media="print")
        return page
    yield opened
    context.close()


def pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.parametrize("url", POSTERS)
def test_a_profile_prints_as_a_one_page_poster(printed, url):
    ask, years = POSTERS[url]
    page = printed(url)
    if ask:
        assert words(page.locator(".flyer-ask").inner_text()) == ask
    else:
        assert page.locator(".flyer-ask").count() == 0
    assert words(page.locator(".flyer-years").inner_text()) == years
    name = page.locator(".profile-header h1")
    figure = page.locator(".custody .counter-figure")
    assert size_of(name) >= 32 * PT and size_of(figure) >= 72 * PT             # body text: 11pt
    assert figure.bounding_box()["height"] >= 3 * CM
    qr = page.locator("svg.qr")
    modules = int(qr.get_attribute("viewBox").split()[2])
    drawn = qr.bounding_box()["width"] * (modules - 2 * BORDER) / modules      # without the quiet zone
    assert drawn >= 4 * CM, f"the code is {drawn / CM:.1f} cm wide"
    assert pages_in(page.pdf(format="A4")) == 1


def words(text: str) -> str:
    return " ".join(text.split())                  # a no-break space as a space


def size_of(locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


@pytest.mark.parametrize("url", ["/prisoners/alexey-pichugin/", "/uk/prisoners/alexei-navalny/"])
def test_the_poster_fills_its_page(printed, url):
    """What is printed runs from the top of the page to near its foot, with no blank
    stretch of a third of the page (or even a sixth) between two parts."""
    page = printed(url)
    spans = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.children.length === 0 || e.matches('svg, picture, .odometer'))
        .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0)
        .map(r => [r.top, r.bottom])""")
    spans.sort()
    reached, widest_gap = spans[0][1], 0.0
    for top, bottom in spans[1:]:
        widest_gap = max(widest_gap, top - reached)
        reached = max(reached, bottom)
    assert reached > 0.9 * PAGE["height"], f"the print ends {reached / CM:.1f} cm down"
    assert reached <= PAGE["height"] + 1                                        # within one page
    assert widest_gap < PAGE["height"] / 6, f"a blank {widest_gap / CM:.1f} cm high"


def test_the_poster_is_in_black_and_white(printed):
    page = printed("/prisoners/alexey-pichugin/")
    colours = page.evaluate("""() => {
        const seen = new Set();
        for (const e of document.querySelectorAll('body *')) {
          if (!e.getClientRects().length) continue;
          const s = getComputedStyle(e);
          for (const c of [s.color, s.backgroundColor, s.borderLeftColor, s.borderTopColor])
            if (!c.endsWith(', 0)')) seen.add(c);           // a transparent colour shows nothing
        }
        return [...seen];
    }""")
    tinted = [c for c in colours if len(set(re.findall(r"\d+", c)[:3])) > 1]
    assert not tinted, tinted
    # the portrait, whether a photo or a drawing, in greys
    assert "grayscale(1)" in page.locator(".profile-photo .portrait").evaluate(
        "e => getComputedStyle(e).filter")


def test_a_long_name_never_pushes_the_qr_code_off_the_page(printed):
    """The story gives way to it."""
    page = printed("/ru/prisoners/alexey-pichugin/")
    page.evaluate("""() => {
        document.querySelector('.profile-header h1').textContent =
            'Константин Константинопольский-Верещагин';
    }""")
    qr = page.locator("svg.qr").bounding_box()
    assert qr["y"] + qr["height"] <= PAGE["height"], f"the code ends {(qr['y'] + qr['height']) / CM:.1f} cm down"
    assert qr["width"] > 4 * CM
    assert pages_in(page.pdf(format="A4")) == 1
