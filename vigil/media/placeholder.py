"""What a prisoner without a photo is shown with: their initials on a tint of their own.

A deliberate placeholder, not a grey silhouette: a person is named, not left a blank.
The tint comes from the prisoner's id (the same in every language and every build);
its colours keep WCAG AA contrast (4.5:1) for the initials, whatever the hue.
"""
from __future__ import annotations

import colorsys
import hashlib
import unicodedata
from dataclasses import dataclass

AA = 4.5                                # WCAG 2 contrast for normal text
# Lightness and saturation of the background and of the initials: a pale tint and a
# deep shade of the same hue: 5.6:1 at the least (yellow), above AA for every hue.
BACKGROUND = (0.88, 0.45)
FOREGROUND = (0.24, 0.55)


@dataclass(frozen=True)
class Placeholder:
    initials: str                   # one or two letters; none for a name without letters
    background: str                 # '#rrggbb'
    foreground: str


def placeholder(prisoner_id: str, name: str) -> Placeholder:
    """`name` in the page's language: 'Алексей Пичугин' gives 'АП', 'Alexey Pichugin' 'AP'."""
    background, foreground = tint(prisoner_id)
    return Placeholder(initials(name), background, foreground)


def initials(name: str) -> str:
    """The first letters of the first and the last word: a patronymic between them is
    left out, a hyphenated word gives its first letter, a single name one letter."""
    words = [word for word in unicodedata.normalize("NFC", name).split() if first_letter(word)]
    if not words:
        return ""
    ends = words[:1] if len(words) == 1 else [words[0], words[-1]]
    return "".join(first_letter(word) for word in ends).upper()


def first_letter(word: str) -> str:
    """The word's first letter, with the marks that go with it ('Ё' written as 'Е' and
    a diaeresis stays 'Ё'); '' when it has no letter (a dash, a quote, a number)."""
    for i, char in enumerate(word):
        if char.isalpha():
            end = i + 1
            while end < len(word) and unicodedata.combining(word[end]):
                end += 1
            return unicodedata.normalize("NFC", word[i:end])
    return ""


def tint(prisoner_id: str) -> tuple[str, str]:
    """(background, foreground) as '#rrggbb', in one of 360 hues chosen by a hash of the id
    (the tests check the contrast of every one)."""
    return tint_of_hue(int(hashlib.sha256(prisoner_id.encode("utf-8")).hexdigest()[:8], 16) % 360)


def tint_of_hue(degrees: int) -> tuple[str, str]:
    return hls(degrees / 360, *BACKGROUND), hls(degrees / 360, *FOREGROUND)


def hls(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
