"""A profile's printed flyer ends with the page's address and its QR code: the code on the
page is the one segno makes for that address, drawn without an inline style, and made once
(the content cache keeps it); and a real decoder reads every code back as its address."""
from __future__ import annotations

import re

import pytest
import segno
import zxingcpp
from PIL import Image, ImageDraw

from conftest import PROJECT, page
from vigil.build import pipeline
from vigil.cache.store import JsonCache, open_store
from vigil.media.qr import BORDER, ERROR, MASK, QrCodes, checked_svg, qr_svg

ADDRESSES = {"/prisoners/alexey-pichugin/": "https://example.org/prisoners/alexey-pichugin/",
             "/ru/prisoners/oleg-sentsov/": "https://example.org/ru/prisoners/oleg-sentsov/",
             "/uk/prisoners/alexei-navalny/": "https://example.org/uk/prisoners/alexei-navalny/"}


def drawn_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (column, row) a segno SVG path draws: 'M4 4.5h7m1 0h1...' moves to a
    row's middle, and each 'hN' is N dark modules."""
    x = y = 0.0
    dark = set()
    for op, args in re.findall(r"([Mmh])([-\d. ]+)", re.search(r' d="([^"]+)"', svg)[1]):
        numbers = [float(n) for n in args.split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(numbers[0])))
            x += numbers[0]
    return dark


def expected_modules(address: str) -> set[tuple[int, int]]:
    matrix = segno.make(address, error=ERROR, micro=False, mask=MASK).matrix
    return {(col + BORDER, row + BORDER) for row, line in enumerate(matrix)
            for col, on in enumerate(line) if on}


def test_the_qr_code_on_a_profile_is_its_address(sample_site):
    for url, address in ADDRESSES.items():
        html = page(sample_site, url)
        svg = re.search(r'<div class="flyer-address print-only">\s*(<svg.*?</svg>)', html, re.S)[1]
        assert f'<link rel="canonical" href="{address}">' in html
        assert f'<span class="address">{address}</span>' in html
        assert drawn_modules(svg) == expected_modules(address), url
        size = len(segno.make(address, error=ERROR, micro=False, mask=MASK).matrix) + 2 * BORDER
        assert f'viewBox="0 0 {size} {size}"' in svg                   # the quiet zone around it
        assert " style=" not in svg and "<style" not in svg            # the CSP blocks inline styles
        assert svg.startswith('<svg aria-hidden="true"')              # the address is printed beside it


def test_qr_codes_are_made_once_then_taken_from_the_cache(tmp_path, monkeypatch):
    addresses = [f"https://example.org/prisoners/person-{n}/" for n in range(3)]
    codes = QrCodes()
    shown = [codes.want(a) for a in addresses]
    pipeline.draw_qr_codes(codes, JsonCache(open_store(tmp_path, "a stamp"), "qr", checked_svg), jobs=1)
    assert [c.__html__() for c in shown] == [qr_svg(a) for a in addresses]

    def refuse(addresses):
        raise AssertionError(f"made again: {addresses}")
    monkeypatch.setattr(pipeline, "qr_svgs", refuse)
    again = QrCodes()
    shown = [again.want(a) for a in addresses]
    pipeline.draw_qr_codes(again, JsonCache(open_store(tmp_path, "a stamp"), "qr", checked_svg), jobs=1)
    assert [c.__html__() for c in shown] == [qr_svg(a) for a in addresses]


def test_a_qr_code_is_the_same_every_time():
    address = "https://example.org/uk/prisoners/alexey-pichugin/"
    assert qr_svg(address) == qr_svg(address)
    assert QrCodes().want(address) == QrCodes().want(address)       # serve sees no change


def raster(svg: str, scale: int = 4) -> Image.Image:
    """The code as a printer would put it on paper: the modules the SVG's path draws, black on
    white, `scale` pixels a module, the quiet zone included."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg)[1])
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for col, row in drawn_modules(svg):
        draw.rectangle((col * scale, row * scale, (col + 1) * scale - 1, (row + 1) * scale - 1), fill=0)
    return image


SAMPLE_IDS = re.findall(r"^- id: (\S+)$", (PROJECT / "data/prisoners.yaml").read_text(encoding="utf-8"), re.M)
# Where a coalition may publish: a domain of its own (codes of 33 modules and more), or a long
# path on a partner's site (53: a larger version, another layout of the data).
BASES = ["https://example.org/",
         "https://www.political-prisoners-coalition.example.net/campaigns/russia/solidarity/2026/"]


@pytest.mark.parametrize("base", BASES)
def test_every_profiles_qr_code_reads_back_as_its_address(base):
    """The mask is fixed rather than chosen per code (vigil/qr.py): the codes must still scan,
    read by zxing-cpp from the SVG the flyer prints, in every language."""
    assert len(SAMPLE_IDS) > 10
    addresses = [f"{base}{prefix}prisoners/{slug}/" for slug in SAMPLE_IDS for prefix in ("", "ru/", "uk/")]
    for address in addresses:
        svg = qr_svg(address)
        found = zxingcpp.read_barcodes(raster(svg), formats=zxingcpp.BarcodeFormat.QRCode)
        assert [code.text for code in found] == [address]
