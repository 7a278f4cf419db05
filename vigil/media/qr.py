"""QR codes for a profile's printed flyer: the page's address as an inline SVG, made at build
time by segno (pure Python). The SVG draws the dark modules as one path with presentation
attributes only, since the Content-Security-Policy blocks inline styles; the same address
gives the same bytes.

segno would choose the best of the eight masks by scoring each: 4 of 5 parts of its time, a
few milliseconds a code, 40 s of a cold build at 10,000 people in three languages. Every
code here takes the same one, mask 0, the checkerboard, which breaks up runs of like modules
anywhere (tests/site/test_flyer.py reads the codes back with a real decoder). A code still
takes a millisecond or so; so, like Markdown, the model stage says which addresses it wants
(`QrCodes.want`), and `pipeline.draw_qr_codes` makes them all before any page is rendered,
from the content cache or in parallel."""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import segno

ERROR = "m"                          # 15% of the code may be lost: a folded or worn flyer
BORDER = 4                           # the quiet zone the standard asks for, in modules
MASK = 0                             # fixed: see above
# Everything a code's SVG depends on besides the address: the content cache names it.
SETTINGS = json.dumps({"format": 1, "segno": segno.__version__, "error": ERROR,
                       "border": BORDER, "mask": MASK}, sort_keys=True)


def qr_svg(address: str) -> str:
    """The SVG of `address`'s QR code, scaled by CSS (a viewBox, no width or height), hidden
    from screen readers: the flyer prints the address beside it."""
    code = segno.make(address, error=ERROR, micro=False, mask=MASK)
    svg = code.svg_inline(border=BORDER, omitsize=True, svgclass="qr", lineclass=None, dark="#000")
    return svg.replace("<svg ", '<svg aria-hidden="true" ', 1)


# The one shape qr_svg gives: an svg element with these attributes, one path of moves and
# lines in the dark colour, nothing else. The content cache's codes must be of it.
SHAPE = re.compile(r'<svg aria-hidden="true" viewBox="0 0 \d{2,3} \d{2,3}" class="qr">'
                   r'<path stroke="#000" d="M[0-9hvmM. -]+"/></svg>')


def checked_svg(svg: str) -> str | None:
    """A QR code's SVG from the cache as it may be used: only one of the shape segno writes."""
    return svg if is_qr_svg(svg) else None


def is_qr_svg(svg: str) -> bool:
    """Whether `svg` is of the shape qr_svg writes, and so holds nothing but a code."""
    return SHAPE.fullmatch(svg) is not None


def qr_svgs(addresses: Sequence[str]) -> list[str]:
    return [qr_svg(address) for address in addresses]


class QrCodes:
    """Every address the pages show as a QR code, and each one's SVG once it is made."""

    def __init__(self):
        self.wanted: set[str] = set()
        self.svg: dict[str, str] = {}

    def want(self, address: str) -> QrCode:
        self.wanted.add(address)
        return QrCode(address, self)

    def missing(self) -> list[str]:
        return sorted(self.wanted - self.svg.keys())


@dataclass(frozen=True)
class QrCode:
    """An address's QR code as a page shows it: safe SVG for Jinja (`__html__`), made before
    any page is rendered. Two are equal when their addresses are."""
    address: str
    codes: QrCodes = field(repr=False, compare=False)

    def __html__(self) -> str:
        return self.codes.svg[self.address]
