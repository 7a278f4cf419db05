"""Share cards: the 1200 x 630 PNG a link to the site shows where it is shared.

A prisoner's card, one per language: the photo (or the initials on a tinted card), the
name, the count of days in custody with its "as of" date, and the coalition's name. The
home page's card: the headline figure, its text, the coalition's name. Callers pass the
words ready, in the card's language (numbers and dates written the language's way);
this module only sets them.

Every night each held person's count moves on, so a card is made in two steps: the base
(everything but the count, in the PNG's upper rows, compressed) is made once per person
and language and kept in the cache; the count is drawn into the bottom rows alone, which
are compressed and appended (see png.py). A card whose inputs are all unchanged comes
from the cache whole. Pure functions of their input, safe in worker processes: the only
state kept in a process is the loaded fonts.
"""
from __future__ import annotations

import functools
import hashlib
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw

from . import png
from .cache import digest
from .card_cache import CardCache
from .card_drawing import (AMBER_INK, BAND_TOP, BAR, BOTTOM, COLUMN_LEFT, COLUMN_RIGHT,
                           DISPLAY, FONT_FILES, FONTS, HEIGHT, LABEL_BG, LABEL_INK, LAYOUT,
                           MUTED_INK, NAVY_BG, PHOTO_BOX, REGULAR, SEMIBOLD, STATE_COLOURS,
                           TINT, TINT_INK, TOP, WHITE_INK, WIDTH, Line, cap_height, descent,
                           Block, draw_lines, fit, palette, placeholder_colours, portrait,
                           try_fit, width_of)

__all__ = ["ShareCard", "HeadlineCard", "CardCache", "share_card_png", "headline_card_png",
           "initials_of", "tint_for", "WIDTH", "HEIGHT"]

VERSION = 1                          # drawing changed: every cached card and base is made again
HEAD_LEVEL = 6                       # made once a person and language: smaller is worth the time
TAIL_LEVEL = 1                       # made nightly for each held person: speed first
TINTS = ("#3d5a80", "#5b4b8a", "#2e6b68", "#7a4636", "#4f5d2f", "#6d4163", "#4a5568")


@dataclass(frozen=True)
class ShareCard:
    """A prisoner's card in one language; every text already in that language."""
    name: str
    figure: str                      # the count, written the language's way: '4 213'
    unit: str                        # the words after it: 'days in custody'
    note: str                        # 'as of 30 November 2026'; 'from 11 May 2014 to 7 September 2019'
    coalition: str
    photo: Path | Image.Image | None = None    # a 4:5 portrait; without one, the initials
    initials: str = ""
    tint: str = TINTS[0]             # the placeholder's colour, #rrggbb
    lang: str = "en"
    status: str = ""                 # 'Released', shown as a label above the name when given
    state: str = "held"              # held | released | died: the label's colour

    def __post_init__(self):
        if self.state not in STATE_COLOURS:
            raise ValueError(f"state is one of {', '.join(STATE_COLOURS)}, not {self.state!r}")


@dataclass(frozen=True)
class HeadlineCard:
    """The home page's card: the headline figure and the words that go with it."""
    figure: str                      # '1,262'
    text: str                        # 'recognised political prisoners in Russia, as counted by ...'
    coalition: str
    note: str = ""                   # 'as of 30 December 2025'
    lang: str = "en"


@dataclass(frozen=True)
class CardBase:
    """A card without its count: the PNG's upper rows, compressed, and the bottom rows'
    pixels, for the count to be drawn on."""
    head: png.Head
    band: bytes                      # palette indices of rows BAND_TOP.. before the count


def initials_of(name: str) -> str:
    """'Alexey Pichugin' -> 'AP'; a nickname in brackets is left out: 'Александра (Саша)
    Скочиленко' -> 'АС'."""
    words = [word for word in name.split() if word[:1].isalpha()]
    if not words:
        return ""
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def tint_for(key: str) -> str:
    """A placeholder colour for a prisoner's id, always the same one."""
    return TINTS[int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % len(TINTS)]


# --- layout --------------------------------------------------------------------------

COLUMN = COLUMN_RIGHT - COLUMN_LEFT
LABEL_HEIGHT, LABEL_PAD = 44, 16
NAME_BOTTOM = BAND_TOP - 14          # the name's descenders stay clear of the count


def masthead(coalition: str, sizes: range, width: int, lang: str) -> Block:
    """The coalition's name: on one line if it fits at a size close to the largest,
    else on two."""
    return (try_fit(coalition, SEMIBOLD, range(sizes.start, sizes.start - 5, -2), width, 1, 80, lang)
            or fit(coalition, SEMIBOLD, sizes, width, 2, 80, lang, leading=1.3))


def share_top(card: ShareCard) -> tuple[tuple[Line, ...], tuple[int, int, int, int] | None]:
    """The lines that stay from night to night (coalition, status, name), and the status
    label's box, if there is one."""
    coalition = masthead(card.coalition, range(26, 17, -2), COLUMN, card.lang)
    lines = coalition.placed(COLUMN_LEFT, TOP, AMBER_INK)
    top = TOP + coalition.height() + 36
    label = None
    if card.status:
        words = fit(card.status, SEMIBOLD, range(22, 15, -2), COLUMN - 2 * LABEL_PAD, 1, LABEL_HEIGHT, card.lang)
        width = round(width_of(words.lines[0], SEMIBOLD, words.size, card.lang))
        label = (COLUMN_LEFT, top, COLUMN_LEFT + width + 2 * LABEL_PAD, top + LABEL_HEIGHT)
        lines += words.placed(COLUMN_LEFT + LABEL_PAD, top + (LABEL_HEIGHT - cap_height(SEMIBOLD, words.size)) // 2, LABEL_INK)
        top = label[3] + 30
    name = fit(card.name, DISPLAY, range(72, 35, -4), COLUMN, 3, NAME_BOTTOM - top, card.lang, leading=1.08)
    return lines + name.placed(COLUMN_LEFT, top, WHITE_INK), label


def share_band(card: ShareCard) -> tuple[Line, ...]:
    """The count, its words and its date, stacked up from the bottom margin."""
    lines: list[Line] = []
    baseline = BOTTOM
    for text, face, sizes, ink, gap in (
            (card.note, REGULAR, range(26, 17, -2), MUTED_INK, 24),
            (card.unit, SEMIBOLD, range(36, 21, -2), WHITE_INK, 30)):
        if text:
            block = fit(text, face, sizes, COLUMN, 1, 60, card.lang)
            lines.append(Line(block.lines[0], face, block.size, COLUMN_LEFT, baseline, ink))
            baseline -= cap_height(face, block.size) + gap
            baseline -= descent(face, block.size) if face == SEMIBOLD else 0
    figure = fit(card.figure, DISPLAY, range(144, 63, -8), COLUMN, 1, baseline - BAND_TOP, card.lang)
    lines.append(Line(figure.lines[0], DISPLAY, figure.size, COLUMN_LEFT - 4, baseline, AMBER_INK))
    return tuple(lines)


HEADLINE_LEFT, HEADLINE_RIGHT = 96, 1104
HEADLINE_BAR = (0, 0, 16, HEIGHT)


def headline_lines(card: HeadlineCard) -> tuple[Line, ...]:
    width = HEADLINE_RIGHT - HEADLINE_LEFT
    coalition = masthead(card.coalition, range(28, 19, -2), width, card.lang)
    lines = coalition.placed(HEADLINE_LEFT, TOP, AMBER_INK)
    figure = fit(card.figure, DISPLAY, range(220, 99, -8), width, 1, 260, card.lang)
    lines += figure.placed(HEADLINE_LEFT - 6, TOP + coalition.height() + 44, AMBER_INK)
    top = lines[-1].baseline + round(figure.size * 0.27)                 # clear of a comma's tail
    bottom = BOTTOM
    if card.note:
        note = fit(card.note, REGULAR, range(26, 17, -2), width, 1, 60, card.lang)
        lines += (Line(note.lines[0], REGULAR, note.size, HEADLINE_LEFT, BOTTOM, MUTED_INK),)
        bottom = BOTTOM - cap_height(REGULAR, note.size) - 30
    text = fit(card.text, SEMIBOLD, range(44, 25, -2), width, 4, bottom - top, card.lang, leading=1.25)
    return lines + text.placed(HEADLINE_LEFT, top, WHITE_INK)


# --- drawing -------------------------------------------------------------------------

def draw_base(card: ShareCard) -> CardBase:
    """Everything but the count: photo or placeholder, bar, coalition, status, name."""
    canvas = Image.new("L", (WIDTH, HEIGHT), NAVY_BG)
    draw = ImageDraw.Draw(canvas)
    size = (PHOTO_BOX[2] - PHOTO_BOX[0], PHOTO_BOX[3] - PHOTO_BOX[1])
    if card.photo is not None:
        pixels, first = portrait(card.photo, size)
        canvas.paste(pixels, PHOTO_BOX[:2])
    else:
        first = placeholder_colours(card.tint)
        draw.rectangle((PHOTO_BOX[0], PHOTO_BOX[1], PHOTO_BOX[2] - 1, PHOTO_BOX[3] - 1), fill=TINT)
        initials = fit(card.initials, DISPLAY, range(220, 59, -10), size[0] - 120, 1, 300, card.lang)
        if initials.lines[0]:
            left, _, right, _ = Line(initials.lines[0], DISPLAY, initials.size, 0, 0, 0).box(card.lang)
            x = PHOTO_BOX[0] + (size[0] - (right - left)) // 2 - left
            baseline = PHOTO_BOX[1] + (size[1] + cap_height(DISPLAY, initials.size)) // 2
            draw_lines(canvas, (Line(initials.lines[0], DISPLAY, initials.size, x, baseline, TINT_INK),), card.lang)
    draw.rectangle((BAR[0], BAR[1], BAR[2] - 1, BAR[3] - 1), fill=AMBER_INK)
    lines, label = share_top(card)
    if label is not None:
        draw.rectangle((label[0], label[1], label[2] - 1, label[3] - 1), fill=LABEL_BG)
    draw_lines(canvas, lines, card.lang)
    indices = canvas.tobytes()
    split = BAND_TOP * WIDTH
    head = png.head(indices[:split], WIDTH, HEIGHT, palette(first, card.state), HEAD_LEVEL)
    return CardBase(head, indices[split:])


def draw_band(base: CardBase, card: ShareCard) -> bytes:
    """The bottom rows with the count drawn in, as palette indices."""
    band = Image.frombytes("L", (WIDTH, HEIGHT - BAND_TOP), base.band)
    moved = tuple(Line(line.text, line.face, line.size, line.x, line.baseline - BAND_TOP, line.ink)
                  for line in share_band(card))
    draw_lines(band, moved, card.lang)
    return band.tobytes()


def draw_headline(card: HeadlineCard) -> bytes:
    canvas = Image.new("L", (WIDTH, HEIGHT), NAVY_BG)
    ImageDraw.Draw(canvas).rectangle((HEADLINE_BAR[0], 0, HEADLINE_BAR[2] - 1, HEIGHT - 1), fill=AMBER_INK)
    draw_lines(canvas, headline_lines(card), card.lang)
    return png.finish(png.head(canvas.tobytes(), WIDTH, HEIGHT, palette(b"", "held"), HEAD_LEVEL), b"", TAIL_LEVEL)


# --- cache keys ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def stamp() -> str:
    """What every card depends on besides its input: this module's version, the fonts,
    Pillow and its text layout, zlib."""
    fonts = [hashlib.sha256((FONTS / name).read_bytes()).hexdigest() for name in FONT_FILES]
    return digest(str(VERSION), PIL.__version__, LAYOUT.name, zlib.ZLIB_RUNTIME_VERSION, *fonts)


def photo_identity(photo: Path | Image.Image | None) -> str:
    if photo is None:
        return "none"
    if isinstance(photo, Path):
        return "file " + hashlib.sha256(photo.read_bytes()).hexdigest()
    found = hashlib.sha256(photo.tobytes())
    found.update(repr((photo.mode, photo.size, photo.getpalette() if photo.mode == "P" else None)).encode())
    return "image " + found.hexdigest()


def base_key(card: ShareCard) -> str:
    return digest(stamp(), "base", card.name, card.coalition, photo_identity(card.photo),
                  card.initials, card.tint, card.lang, card.status, card.state)


def card_key(card: ShareCard, base: str) -> str:
    return digest(base, "card", card.figure, card.unit, card.note)


def pack_base(base: CardBase) -> bytes:
    head = base.head
    return (struct.pack(">IIII", head.adler, head.width, head.rows_left, len(head.data))
            + head.data + zlib.compress(base.band, 1))


def unpack_base(data: bytes) -> CardBase | None:
    """The base kept in `data`; None for one of another shape (the digest of the cache
    file already vouches for its bytes)."""
    try:
        adler, width, rows_left, length = struct.unpack(">IIII", data[:16])
        band = zlib.decompress(data[16 + length:])
    except (struct.error, zlib.error):
        return None
    if width != WIDTH or len(band) != width * rows_left:
        return None
    return CardBase(png.Head(data[16:16 + length], adler, width, rows_left), band)


# --- the cards -----------------------------------------------------------------------

def share_card_png(card: ShareCard, cache: CardCache | None = None) -> bytes:
    """The prisoner's card as PNG bytes: from the cache when nothing changed; drawn on
    the cached base when only the count did; else made whole (and both kept)."""
    base_id = base_key(card)
    key = card_key(card, base_id)
    if cache is not None and (kept := cache.get("card", key)) is not None:
        if card.state == "held":                 # tomorrow's count is drawn on the base
            cache.touch("base", base_id)
        return kept
    kept_base = cache.get("base", base_id) if cache is not None else None
    base = unpack_base(kept_base) if kept_base is not None else None
    if base is None:
        base = draw_base(card)
        if cache is not None:
            cache.put("base", base_id, pack_base(base))
    made = png.finish(base.head, draw_band(base, card), TAIL_LEVEL)
    if cache is not None:
        cache.put("card", key, made)
    return made


def headline_card_png(card: HeadlineCard, cache: CardCache | None = None) -> bytes:
    """The home page's card as PNG bytes."""
    key = digest(stamp(), "headline", card.figure, card.text, card.coalition, card.note, card.lang)
    if cache is not None and (kept := cache.get("card", key)) is not None:
        return kept
    made = draw_headline(card)
    if cache is not None:
        cache.put("card", key, made)
    return made
