"""Share cards: the 1200 x 630 PNG a link to the site shows where it is shared.

A prisoner's card, one per language: the photo, the name, the count of days in custody
with its "as of" date, and the coalition's name. Without a photo there is no stand-in for
one: the name is on the card already, and the text takes the whole width. The
home page's card: the headline figure, its text, the coalition's name. Callers pass the
words ready, in the card's language (numbers and dates written the language's way);
this module only sets them.

Every night each held person's count moves on, and only the count: it is drawn in the
card's bottom rows alone, right of the amber bar. So the PNG is made in two parts (see
png.py): the upper rows, compressed once, and the bottom rows, compressed each night and
appended. The cache (the store's named cache of files `cards`, cache/files.py) keeps each
person's last card in each language, an entry found by the hash of everything but the count,
with the hash of all its inputs. Unchanged, it is the card;
the next night its upper rows are taken as they are and its bottom rows, decompressed
with the count wiped, get the new one. Pure functions of their input, safe in worker
processes: what a process keeps is only fonts, and text measured and drawn with them.
"""
from __future__ import annotations

import functools
import hashlib
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw

from ..cache.files import FileCache
from ..cache.store import digest
from . import png
from .card_drawing import (
    AMBER_INK,
    BAND_TOP,
    BAR,
    BOTTOM,
    COLUMN_LEFT,
    COLUMN_RIGHT,
    DISPLAY,
    FONT_FILES,
    FONTS,
    HEIGHT,
    LABEL_BG,
    LABEL_INK,
    LAYOUT,
    MUTED_INK,
    NAVY_BG,
    PHOTO_BOX,
    REGULAR,
    SEMIBOLD,
    STATE_COLOURS,
    TOP,
    WHITE_INK,
    WIDTH,
    Block,
    Line,
    cap_height,
    descent,
    draw_lines,
    fit,
    palette,
    portrait,
    try_fit,
    width_of,
)

__all__ = ["HEIGHT", "WIDTH", "HeadlineCard", "ShareCard", "cards_png", "headline_card_png",
           "share_card_png", "share_cards_png"]

VERSION = 3                          # a change in the drawing or layout: every card is made again
HEAD_LEVEL = 4                       # once a person and language: level 6 takes 3x as long for 4% less
TAIL_LEVEL = 1                       # made nightly for each held person: speed first


@dataclass(frozen=True)
class ShareCard:
    """A prisoner's card in one language; every text already in that language."""
    name: str
    figure: str                      # the count, written the language's way: '4 213'
    unit: str                        # the words after it: 'days in custody'
    note: str                        # 'as of 30 November 2026'; 'from 11 May 2014 to 7 September 2019'
    coalition: str
    photo: Path | Image.Image | None = None    # a 4:5 portrait; without one (or one Pillow cannot read), none
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
    column: Column                   # where the text is: beside the photo, or across the card


# --- layout --------------------------------------------------------------------------

LABEL_HEIGHT, LABEL_PAD = 44, 16
NAME_BOTTOM = BAND_TOP - 14          # the name's descenders stay clear of the count


@dataclass(frozen=True)
class Column:
    """The text's column and the amber bar left of it."""
    left: int
    right: int
    bar: tuple[int, int, int, int]
    name_sizes: range                # the name's, largest first

    @property
    def width(self) -> int:
        return self.right - self.left


BESIDE_PHOTO = Column(COLUMN_LEFT, COLUMN_RIGHT, BAR, range(72, 35, -4))
# without a photo: the home page's card's margins, and room for a larger name
ACROSS = Column(96, 1104, (0, 0, 16, HEIGHT), range(88, 35, -4))


def masthead(coalition: str, sizes: range, width: int, lang: str) -> Block:
    """The coalition's name: on one line if it fits at a size close to the largest,
    else on two."""
    return (try_fit(coalition, SEMIBOLD, range(sizes.start, sizes.start - 5, -2), width, 1, 80, lang)
            or fit(coalition, SEMIBOLD, sizes, width, 2, 80, lang, leading=1.3))


def share_top(card: ShareCard, column: Column = BESIDE_PHOTO
              ) -> tuple[tuple[Line, ...], tuple[int, int, int, int] | None]:
    """The lines that stay from night to night (coalition, status, name), and the status
    label's box, if there is one."""
    coalition = masthead(card.coalition, range(26, 17, -2), column.width, card.lang)
    lines = coalition.placed(column.left, TOP, AMBER_INK)
    top = TOP + coalition.height() + 36
    label = None
    if card.status:
        words = fit(card.status, SEMIBOLD, range(22, 15, -2), column.width - 2 * LABEL_PAD, 1,
                    LABEL_HEIGHT, card.lang)
        width = round(width_of(words.lines[0], SEMIBOLD, words.size, card.lang))
        label = (column.left, top, column.left + width + 2 * LABEL_PAD, top + LABEL_HEIGHT)
        middle = top + (LABEL_HEIGHT - cap_height(SEMIBOLD, words.size)) // 2
        lines += words.placed(column.left + LABEL_PAD, middle, LABEL_INK)
        top = label[3] + 30
    # Two lines at a size not much smaller read better than three.
    sizes, room = column.name_sizes, NAME_BOTTOM - top
    name = (try_fit(card.name, DISPLAY, range(sizes.start, 51, -4), column.width, 2, room, card.lang, leading=1.08)
            or fit(card.name, DISPLAY, sizes, column.width, 3, room, card.lang, leading=1.08))
    return lines + name.placed(column.left, top, WHITE_INK), label


def share_band(card: ShareCard, column: Column = BESIDE_PHOTO) -> tuple[Line, ...]:
    """The count, its words and its date, stacked up from the bottom margin."""
    lines: list[Line] = []
    baseline = BOTTOM
    for text, face, sizes, ink, gap in (
            (card.note, REGULAR, range(26, 17, -2), MUTED_INK, 24),
            (card.unit, SEMIBOLD, range(36, 21, -2), WHITE_INK, 30)):
        if text:
            block = fit(text, face, sizes, column.width, 1, 60, card.lang)
            lines.append(Line(block.lines[0], face, block.size, column.left, baseline, ink))
            baseline -= cap_height(face, block.size) + gap
            baseline -= descent(face, block.size) if face == SEMIBOLD else 0
    # Digits have no descenders: the count's capitals must only stay below BAND_TOP.
    fitting = [size for size in range(144, 63, -8) if cap_height(DISPLAY, size) <= baseline - BAND_TOP] or [64]
    figure = fit(card.figure, DISPLAY, range(fitting[0], 63, -8), column.width, 1, 10 ** 4, card.lang)
    lines.append(Line(figure.lines[0], DISPLAY, figure.size, column.left - 4, baseline, AMBER_INK))
    return tuple(lines)


HEADLINE_LEFT, HEADLINE_RIGHT, HEADLINE_BAR = ACROSS.left, ACROSS.right, ACROSS.bar


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

PHOTO_SIZE = (PHOTO_BOX[2] - PHOTO_BOX[0], PHOTO_BOX[3] - PHOTO_BOX[1])


def readable_portrait(photo: Path | Image.Image) -> tuple[Image.Image, bytes] | None:
    """The photo as `portrait` makes it for the card; None when Pillow cannot read it (an
    SVG, a damaged file: the photo's own checks report it), and the card has no photo."""
    try:
        return portrait(photo, PHOTO_SIZE)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def draw_base(card: ShareCard, photo: tuple[Image.Image, bytes] | None = None) -> CardBase:
    """Everything but the count: the photo, if there is one, bar, coalition, status, name.
    `photo`: the card's photo as `portrait` made it, when the caller has it already."""
    canvas = Image.new("L", (WIDTH, HEIGHT), NAVY_BG)
    draw = ImageDraw.Draw(canvas)
    if photo is None and card.photo is not None:
        photo = readable_portrait(card.photo)
    column, first = ACROSS, b""
    if photo is not None:
        pixels, first = photo
        canvas.paste(pixels, PHOTO_BOX[:2])
        column = BESIDE_PHOTO
    bar = column.bar
    draw.rectangle((bar[0], bar[1], bar[2] - 1, bar[3] - 1), fill=AMBER_INK)
    lines, label = share_top(card, column)
    if label is not None:
        draw.rectangle((label[0], label[1], label[2] - 1, label[3] - 1), fill=LABEL_BG)
    draw_lines(canvas, lines, card.lang)
    indices = canvas.tobytes()
    split = BAND_TOP * WIDTH
    head = png.head(indices[:split], WIDTH, HEIGHT, palette(first, card.state), HEAD_LEVEL)
    return CardBase(head, indices[split:], column)


def draw_band(base: CardBase, card: ShareCard) -> bytes:
    """The bottom rows with the count drawn in, as palette indices."""
    band = Image.frombytes("L", (WIDTH, HEIGHT - BAND_TOP), base.band)
    moved = tuple(Line(line.text, line.face, line.size, line.x, line.baseline - BAND_TOP, line.ink)
                  for line in share_band(card, base.column))
    draw_lines(band, moved, card.lang)
    return band.tobytes()


def draw_headline(card: HeadlineCard) -> bytes:
    canvas = Image.new("L", (WIDTH, HEIGHT), NAVY_BG)
    ImageDraw.Draw(canvas).rectangle((HEADLINE_BAR[0], 0, HEADLINE_BAR[2] - 1, HEIGHT - 1), fill=AMBER_INK)
    draw_lines(canvas, headline_lines(card), card.lang)
    return png.finish(png.head(canvas.tobytes(), WIDTH, HEIGHT, palette(b"", "held"), HEAD_LEVEL), b"", TAIL_LEVEL)


# --- cache keys ----------------------------------------------------------------------

# The file of each kind of entry in the cache: a person's card kept with its keys
# (KeptCard.pack), the home page's card as it is.
SHARE, HEADLINE = "share.card", "headline.png"


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


def base_key(card: ShareCard, photo: str | None = None) -> str:
    """`photo`: the photo's identity, when the caller has it already."""
    return digest(stamp(), "base", card.name, card.coalition, photo or photo_identity(card.photo),
                  card.lang, card.status, card.state)


def card_key(card: ShareCard, base: str) -> str:
    return digest(base, "card", card.figure, card.unit, card.note)


@dataclass(frozen=True)
class KeptCard:
    """What the cache keeps of a person's card in one language: the card, the key of
    all the inputs it was made from, and where its base ends in it."""
    key: str
    head_adler: int
    head_length: int
    across: bool                     # drawn without a photo: the text across the card
    png: bytes

    def pack(self) -> bytes:
        return struct.pack(">32sII?", bytes.fromhex(self.key), self.head_adler, self.head_length,
                           self.across) + self.png

    @classmethod
    def unpack(cls, data: bytes) -> KeptCard | None:
        if len(data) < 41:
            return None
        key, adler, length, across = struct.unpack(">32sII?", data[:41])
        return cls(key.hex(), adler, length, across, data[41:])

    def base(self) -> CardBase | None:
        """The base the card was drawn on: its upper rows as they are, its bottom rows
        with the column right of the bar wiped, where only the count is ever drawn."""
        head = png.Head(self.png[:self.head_length], self.head_adler, WIDTH, HEIGHT - BAND_TOP)
        try:
            band = Image.frombytes("L", (WIDTH, HEIGHT - BAND_TOP), png.tail_of(self.png, head))
        except (ValueError, struct.error, zlib.error):
            return None
        column = ACROSS if self.across else BESIDE_PHOTO
        band.paste(NAVY_BG, (column.bar[2], 0, WIDTH, HEIGHT - BAND_TOP))
        return CardBase(head, band.tobytes(), column)


# --- the cards -----------------------------------------------------------------------

def share_card_png(card: ShareCard, cache: FileCache | None = None) -> bytes:
    """The prisoner's card as PNG bytes. The cache keeps each person's last card in each
    language: it is the card when nothing changed; when only the count did, the new
    count is drawn on its base; else the card is made whole."""
    return share_cards_png((card,), cache)[0]


def share_cards_png(cards: Sequence[ShareCard], cache: FileCache | None = None) -> list[bytes]:
    """Several cards, as share_card_png makes each: give a person's cards in every
    language together, and their photo is cropped and reduced once, not once a language."""
    identities: dict[int, str] = {}                  # by the photo object: hashed once
    portraits: dict[str, tuple[Image.Image, bytes] | None] = {}
    made = []
    for card in cards:
        if id(card.photo) not in identities:
            identities[id(card.photo)] = photo_identity(card.photo)
        photo_id = identities[id(card.photo)]
        slot = base_key(card, photo_id)
        key = card_key(card, slot)
        entry = cache.get(slot, (SHARE,)) if cache is not None else None
        kept = KeptCard.unpack(entry.files[SHARE]) if entry is not None else None
        if kept is not None and not png.is_written_here(kept.png, WIDTH, HEIGHT, kept.head_length):
            kept = None                              # not one this build made: made again
        if kept is not None and kept.key == key:
            made.append(kept.png)
            continue
        base = kept.base() if kept is not None else None
        if base is None:
            if card.photo is not None and photo_id not in portraits:
                portraits[photo_id] = readable_portrait(card.photo)
            base = draw_base(card, portraits.get(photo_id))
        made.append(png.finish(base.head, draw_band(base, card), TAIL_LEVEL))
        if cache is not None:
            kept = KeptCard(key, base.head.adler, len(base.head.data), base.column == ACROSS, made[-1])
            cache.put(slot, {SHARE: kept.pack()})
    return made


def cards_png(cards: Sequence[ShareCard | HeadlineCard], cache: FileCache | None = None) -> list[bytes]:
    """Cards of either kind, each as its own function makes it (a person's cards in every
    language together, as share_cards_png wants them)."""
    shares = [card for card in cards if isinstance(card, ShareCard)]
    made = iter(share_cards_png(shares, cache))
    return [next(made) if isinstance(card, ShareCard) else headline_card_png(card, cache) for card in cards]


def headline_card_png(card: HeadlineCard, cache: FileCache | None = None) -> bytes:
    """The home page's card as PNG bytes."""
    key = digest(stamp(), "headline", card.figure, card.text, card.coalition, card.note, card.lang)
    if cache is not None and (kept := cache.get(key, (HEADLINE,))) is not None \
            and png.is_written_here(kept.files[HEADLINE], WIDTH, HEIGHT):
        return kept.files[HEADLINE]
    made = draw_headline(card)
    if cache is not None:
        cache.put(key, {HEADLINE: made})
    return made
