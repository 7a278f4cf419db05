"""How a share card looks: its colours, fonts and places, text set to fit, and the drawing.

A card is drawn as palette indices on an 8-bit ("L") canvas, never in RGB: the palette
holds, beside the photo's own colours, a ramp from the background to each text colour.
Pillow draws antialiased text on such a canvas by blending the background's index with
the text's, so every edge pixel lands on the ramp, on its true colour. The card needs no
colour reduction at the end, and its PNG is a third of an RGB one.

Layout is data first (`Line`s with their places), drawn after, so tests can measure it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "fonts"
DISPLAY, SEMIBOLD, REGULAR = "InterDisplay-Bold.otf", "Inter-SemiBold.otf", "Inter-Regular.otf"
FONT_FILES = (DISPLAY, SEMIBOLD, REGULAR)
# Raqm shapes with the fonts' own kerning; without it Pillow's basic layout still works.
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC

NAVY, AMBER, WHITE = (20, 33, 61), (242, 178, 51), (255, 255, 255)   # the site's colours
STATE_COLOURS = {"held": (143, 78, 0), "released": (31, 106, 61), "died": (122, 29, 36)}

# Palette indices. Text drawn with ink X on background index B gets indices between B and
# X, so each ramp runs from its background to its ink: amber <- navy -> white.
PHOTO_COLOURS = 128                  # 0..127: the photo's colours
AMBER_INK, NAVY_BG, WHITE_INK = 128, 160, 223
MUTED_INK = NAVY_BG + 45             # 71% of the way to white, #bcc0c8: 8.8:1 on navy (amber 8.5:1)
LABEL_BG, LABEL_INK = 224, 255       # the status label, white on the state's colour

# The card: a 4:5 portrait on the left, full height; an amber bar; a column of text.
PHOTO_BOX = (0, 0, 504, 630)
BAR = (504, 0, 516, 630)
COLUMN_LEFT, COLUMN_RIGHT = 576, 1136
TOP = 58                             # the cap height of the first line starts here
BOTTOM = 574                         # the last baseline
# Only the rows from here down change from night to night (the count and its date).
BAND_TOP = 352


@dataclass(frozen=True)
class Line:
    """One line of text, placed: `x` and `baseline` in the card's pixels."""
    text: str
    face: str
    size: int
    x: int
    baseline: int
    ink: int

    def box(self, lang: str) -> tuple[int, int, int, int]:
        """The pixels it covers: (left, top, right, bottom)."""
        left, top, right, bottom = box(self.text, self.face, self.size, lang)
        return (self.x + left, self.baseline + top, self.x + right, self.baseline + bottom)


@dataclass(frozen=True)
class Block:
    """Text set in lines at one size: what fits a width, a number of lines and a height."""
    lines: tuple[str, ...]
    face: str
    size: int
    leading: float

    @property
    def step(self) -> int:
        return round(self.size * self.leading)

    def height(self) -> int:
        """From the top of the first line's capitals to the bottom of the last's descenders."""
        return cap_height(self.face, self.size) + self.step * (len(self.lines) - 1) + descent(self.face, self.size)

    def placed(self, x: int, top: int, ink: int) -> tuple[Line, ...]:
        first = top + cap_height(self.face, self.size)
        return tuple(Line(text, self.face, self.size, x, first + i * self.step, ink)
                     for i, text in enumerate(self.lines))


@functools.lru_cache(maxsize=512)
def font(face: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / face), size, layout_engine=LAYOUT)


@functools.lru_cache(maxsize=512)
def cap_height(face: str, size: int) -> int:
    return -box("H", face, size)[1]


def box(text: str, face: str, size: int, lang: str | None = None) -> tuple[int, int, int, int]:
    """The pixels the text covers from its start on the baseline: (left, top, right, bottom).
    FreeType gives whole pixels; Pillow types them as any font's, which may be fractions."""
    left, top, right, bottom = font(face, size).getbbox(text, anchor="ls", language=lang)
    return int(left), int(top), int(right), int(bottom)


@functools.lru_cache(maxsize=512)
def descent(face: str, size: int) -> int:
    return font(face, size).getmetrics()[1]


@functools.lru_cache(maxsize=4096)       # the words after the count repeat on every card of a night
def width_of(text: str, face: str, size: int, lang: str) -> float:
    return font(face, size).getlength(text, language=lang)


def pieces(text: str) -> list[tuple[str, str]]:
    """(joiner, piece) for each place a line may break: between words, and after a
    hyphen inside one (Кара-|Мурза). A one-letter word stays with the next one, as
    Russian and Ukrainian typesetting wants ("в России", not "в" at a line's end)."""
    found: list[tuple[str, str]] = []
    bound = re.sub(r"(?<!\S)(\w)\s+(?=\S)", "\\1\N{NO-BREAK SPACE}", text.strip())
    for word in re.split(r"[^\S\N{NO-BREAK SPACE}]+", bound) if bound else ():
        for i, part in enumerate(re.split(r"(?<=-)(?=[^-])", word)):
            found.append(("" if i else " ", part))
    return found


def wrap(text: str, face: str, size: int, width: int, lang: str) -> list[str] | None:
    """Lines of at most `width` pixels, filled greedily; None when one piece is wider."""
    lines: list[str] = []
    for joiner, piece in pieces(text):
        if width_of(piece, face, size, lang) > width:
            return None
        candidate = lines[-1] + joiner + piece if lines else piece
        if lines and width_of(candidate, face, size, lang) <= width:
            lines[-1] = candidate
        else:
            lines.append(piece)
    return lines


def try_fit(text: str, face: str, sizes: range, width: int, max_lines: int, max_height: int,
            lang: str, leading: float = 1.15) -> Block | None:
    """`text` set at the largest of `sizes` at which it fits, if it fits at one."""
    for size in sizes:
        whole = re.sub(r"[^\S\N{NO-BREAK SPACE}]+", " ", text.strip())
        lines = [whole] if width_of(whole, face, size, lang) <= width else wrap(text, face, size, width, lang)
        if lines is not None and len(lines) <= max_lines:
            block = Block(tuple(lines), face, size, leading)
            if block.height() <= max_height:
                return block
    return None


def fit(text: str, face: str, sizes: range, width: int, max_lines: int, max_height: int,
        lang: str, leading: float = 1.15) -> Block:
    """The largest of `sizes` at which `text` fits; at the smallest, forced to fit:
    a piece too wide is broken anywhere, and what does not fit is cut with an ellipsis."""
    found = try_fit(text, face, sizes, width, max_lines, max_height, lang, leading)
    if found is not None:
        return found
    size = sizes[-1]
    room = max(1, min(max_lines, 1 + (max_height - Block(("",), face, size, leading).height())
                      // Block(("", ""), face, size, leading).step))
    return Block(forced(text, face, size, width, room, lang), face, size, leading)


def forced(text: str, face: str, size: int, width: int, max_lines: int, lang: str) -> tuple[str, ...]:
    """`text` in at most `max_lines` lines of `width`: wrapped between words, a word
    wider than a line broken between two letters, the last line cut short with '…'
    when text is left over."""
    lines: list[str] = []
    for joiner, piece in pieces(text):
        if lines and width_of(lines[-1] + joiner + piece, face, size, lang) <= width:
            lines[-1] += joiner + piece
            continue
        lines.append("")
        for letter in piece:
            if lines[-1] and width_of(lines[-1] + letter, face, size, lang) > width:
                lines.append("")
            lines[-1] += letter
    if len(lines) <= max_lines:
        return tuple(lines) or ("",)
    last = lines[max_lines - 1]
    while last and width_of(last.rstrip() + "…", face, size, lang) > width:
        last = last[:-1]
    return (*lines[:max_lines - 1], last.rstrip() + "…")


def ramp(start: tuple[int, int, int], end: tuple[int, int, int], steps: int) -> bytes:
    """`steps` colours from `start` to `end`, both included, as palette bytes."""
    return bytes(round(a + (b - a) * i / (steps - 1)) for i in range(steps) for a, b in zip(start, end, strict=True))


def palette(first: bytes, state: str) -> bytes:
    """The card's 256 colours: `first` (the photo's, if any), then the
    text ramps and the status label's."""
    return (first.ljust(PHOTO_COLOURS * 3, b"\0")[:PHOTO_COLOURS * 3]
            + ramp(AMBER, NAVY, NAVY_BG - AMBER_INK + 1)
            + ramp(NAVY, WHITE, WHITE_INK - NAVY_BG + 1)[3:]
            + ramp(STATE_COLOURS[state], WHITE, 256 - LABEL_BG))


def portrait(photo: Path | Image.Image, size: tuple[int, int]) -> tuple[Image.Image, bytes]:
    """The photo cropped to `size` (faces sit high in a portrait: the crop keeps the top),
    as palette indices 0..127 and those colours."""
    image = Image.open(photo) if isinstance(photo, Path) else photo
    if isinstance(photo, Path):
        image.draft("RGB", (size[0] * 2, size[1] * 2))     # a large JPEG decodes at a smaller scale
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        backdrop = Image.new("RGBA", image.size, (*NAVY, 255))
        image = Image.alpha_composite(backdrop, image.convert("RGBA"))
    fitted = ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS, centering=(0.5, 0.35))
    colours = fitted.quantize(PHOTO_COLOURS, method=Image.Quantize.FASTOCTREE)
    # Dithered, or a soft background shows bands: a quarter more bytes, worth it on a face.
    reduced = fitted.quantize(palette=colours, dither=Image.Dither.FLOYDSTEINBERG)
    return Image.frombytes("L", size, reduced.tobytes()), bytes(colours.getpalette() or [])[:PHOTO_COLOURS * 3]


@functools.lru_cache(maxsize=64)         # each night's date and unit, the same on every card
def text_mask(text: str, face: str, size: int, lang: str) -> tuple[Image.Image, int, int]:
    """The text's coverage (0..255) and where it sits from its start on the baseline."""
    left, top, right, bottom = box(text, face, size, lang)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)))
    ImageDraw.Draw(mask).text((-left, -top), text, font=font(face, size), fill=255, anchor="ls", language=lang)
    return mask, left, top


def draw_lines(canvas: Image.Image, lines: tuple[Line, ...], lang: str) -> None:
    """Each line in its ink: pasted through its coverage, the ink blends with the
    background's index, onto the ramp between them."""
    for line in lines:
        mask, left, top = text_mask(line.text, line.face, line.size, lang)
        canvas.paste(line.ink, (line.x + left, line.baseline + top), mask)
