"""What a prisoner without a photo is shown with: their initials, plain and muted.

A deliberate placeholder, not a grey silhouette: a person is named, not left a blank. But
a sober one, not an app's avatar: no tint of its own, the same quiet field and ink for
everyone, in the page's colour scheme (site.css: --placeholder-bg and --placeholder-ink,
light and dark, which keep WCAG AA contrast). The share card, which prints the name large
beside, shows no placeholder at all: its text takes the photo's room (cards.py).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Placeholder:
    initials: str                   # one or two letters; none for a name without letters


def placeholder(name: str) -> Placeholder:
    """`name` in the page's language: 'Алексей Пичугин' gives 'АП', 'Alexey Pichugin' 'AP'."""
    return Placeholder(initials(name))


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
