"""The embeddable counter: for each prisoner, in each language, a small SVG badge
(/prisoners/<id>/badge.svg, /ru/prisoners/<id>/badge.svg) that member organisations show
on their own sites with an <img>: the person's name, their count as of the build, and the
site's short title. The nightly build moves it on, like the pages.

The words are the profile's (the same catalog strings, numbers and dates of the page's
language), so badge and page never disagree. The width is measured with Inter, the share
cards' font (vigil/fonts/), with room to spare for the fonts a visitor's machine has
instead: an SVG shown as an image loads no font. Layout is data first (`BadgeLine`s with
their places); templates/badge.svg only places them.

The interface words here are in the catalogs with the templates' (i18n.interface_messages).
Pure: no files written, no clock (the font files are read once, to measure).
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from typing import ClassVar

from markupsafe import escape

from ..media import card_drawing
from ..media.card_drawing import REGULAR, SEMIBOLD, font
from ..site import routes
from ..site.context import Frame, PageContext
from ..site.i18n import Language
from ..site.views import PrisonerView, custody_sentence

# Inter first; then fonts about as wide or narrower, which the room to spare covers.
FONT_FAMILY = "Inter, Helvetica Neue, Arial, Liberation Sans, Roboto, Segoe UI, sans-serif"
# DejaVu Sans, Linux's usual sans-serif, sets our lines up to 20% wider than Inter does in
# bold (the weight 600 falls back to), up to 9% in regular; Arial and Helvetica narrower.
SLACK = 1.2
BAR = 4                              # the amber bar on the left, as on the share cards
PAD = 12


def hex_colour(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


# the share cards' colours, and their muted ink on navy (card_drawing.MUTED_INK)
NAVY, AMBER, WHITE = (hex_colour(c) for c in (card_drawing.NAVY, card_drawing.AMBER, card_drawing.WHITE))
MUTED = "#bcc0c8"

@dataclass(frozen=True)
class BadgeLine:
    """One line of the badge, placed: `x` and `baseline` in the badge's pixels."""
    text: str
    size: int
    weight: int                      # 600 (Inter SemiBold) or 400 (Regular)
    ink: str
    x: int
    baseline: int


# (size, weight, ink, baseline) of the name, the count, and the note under them
ROWS = ((15, 600, WHITE, 24), (15, 600, AMBER, 44), (11, 400, MUTED, 62))
HEIGHT = 72


@functools.lru_cache(maxsize=8192)
def advance(weight: int, ch: str) -> float:
    """How far one character moves the pen in Inter, in ems."""
    return font(SEMIBOLD if weight >= 600 else REGULAR, 1000).getlength(ch) / 1000


def text_width(text: str, size: int, weight: int) -> float:
    """A line's width in pixels: the sum of its characters' advances, without kerning (which
    in Inter mostly narrows a line)."""
    return size * sum(advance(weight, ch) for ch in text)


@dataclass(frozen=True)
class Badge(PageContext):
    """One person's badge, in one language."""
    alt: str                         # what it shows, in a sentence
    label: str                       # its accessible name: that, and whose badge it is
    lines: tuple[BadgeLine, ...]
    width: int
    height: int
    live: bool                       # still held: the count moves on with the date
    last_day: dt.date
    font_family: str = FONT_FAMILY
    colours: tuple[str, str] = (NAVY, AMBER)     # (background, bar)
    bar_width: int = BAR             # also the radius of the badge's corners
    bar_path: str = ""               # bar_path(): the bar's outline
    TEMPLATE: ClassVar[str] = "badge.svg"

    @property
    def figures_move(self) -> bool:
        return self.live

    @property
    def dates_shown(self) -> tuple[dt.date, ...]:
        return (self.last_day,)


@dataclass(frozen=True)
class Embed:
    """What a profile offers to embed its badge: addresses absolute, for another site."""
    page: str                        # the profile
    image: str                       # the badge
    preview: str                     # the badge's site path, for the profile's own preview
    alt: str
    width: int
    height: int

    @property
    def snippet(self) -> str:
        """The HTML a member organisation copies into its page."""
        return (f'<a href="{escape(self.page)}"><img src="{escape(self.image)}" alt="{escape(self.alt)}" '
                f'width="{self.width}" height="{self.height}"></a>')


def bar_path(r: int, height: int) -> str:
    """The bar along the left edge, `r` wide, its outer corners rounded as the badge's are."""
    return f"M{r} 0V{height}A{r} {r} 0 0 1 0 {height - r}V{r}A{r} {r} 0 0 1 {r} 0Z"


def badge_url(page_url: str) -> str:
    """The badge of the profile at `page_url` (an address ending with '/')."""
    return page_url + routes.BADGE_FILE


def count_words(view: PrisonerView, language: Language) -> str:
    """'1,234 days in custody': the words the counter says."""
    days = view.custody.days
    return f"{language.number(days)} {language.ngettext('day in custody', 'days in custody', days)}"


def state_words(view: PrisonerView, language: Language) -> str:
    """What the count is as of, as the profile says it: the build's date for someone held,
    else the day of release or death."""
    custody = view.custody
    if custody.state == "held":
        return language.gettext("as of %(date)s") % {"date": language.date(view.counter.as_of)}
    if custody.state == "released":
        return language.gettext("Released on %(date)s") % {"date": language.date(custody.last_day)}
    return language.gettext("Died in custody on %(date)s") % {"date": language.date(custody.last_day)}


def badge_of(view: PrisonerView, frame: Frame, language: Language, short_title: str) -> Badge:
    """The name; the count; what it is as of, and whose badge it is."""
    custody = view.custody
    texts = (str(view.name), count_words(view, language), f"{state_words(view, language)} · {short_title}")
    left = BAR + PAD
    lines = tuple(BadgeLine(text, size, weight, ink, left, baseline)
                  for text, (size, weight, ink, baseline) in zip(texts, ROWS, strict=True))
    widest = max(text_width(line.text, line.size, line.weight) for line in lines)
    width = left + math.ceil(widest * SLACK) + PAD
    # in a sentence, the share card's: someone held with the date of the count, since a
    # copied snippet keeps its words while the picture moves on each night
    alt = custody_sentence(view, language)
    return Badge(frame, alt, f"{alt} ({short_title})", lines, width, HEIGHT, custody.state == "held",
                 custody.last_day, bar_path=bar_path(BAR, HEIGHT))


def embed_of(view: PrisonerView, badge: Badge, frame: Frame) -> Embed:
    urls = frame.urls
    return Embed(urls.full(view.url), urls.full(badge_url(view.url)), badge_url(view.url),
                 badge.alt, badge.width, badge.height)
