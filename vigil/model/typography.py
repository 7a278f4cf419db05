"""Spaces that keep words together, as a Russian or Ukrainian editor sets them.

A number and its unit (843 дня, 1500 км, 2026 г.), a day and its month (7 декабря),
initials and the name they belong to (А. Б. Иванов), an abbreviation and its number
(ч. 2, ст. 207.3) and a dash and the word before it must not be split across two lines.
The pages are written with ordinary spaces, in the catalogs, the data and the Markdown;
the build sets the no-break spaces here, in one place, for the languages whose rules are
below (docs/style-ru.md, docs/style-uk.md). English pages are left as they are.
"""
from __future__ import annotations

import functools
import re

NBSP = "\N{NO-BREAK SPACE}"

# A space, or a single line break inside a paragraph (a source line that wraps there).
_GAP = r"(?: |(?<!\n)\n(?!\n))"
_UPPER = "A-ZА-ЯЁІЇЄҐ"
_CYRILLIC_RULES = (
    # 843 дня, 7 декабря, 2026 г., 207.3 УК: a number and the word after it
    (re.compile(rf"(?<=\d){_GAP}(?=[^\W\d_])"), NBSP),
    # А. Б. Иванов: an initial and what follows it
    (re.compile(rf"(?<![\w.])([{_UPPER}]\.){_GAP}(?=[{_UPPER}])"), rf"\1{NBSP}"),
    # ч. 2, ст. 207.3, п. 3, № 5: an abbreviation and its number
    (re.compile(rf"(?<![\w.])((?:ч|ст|п|пп|гл|т)\.|№){_GAP}(?=\d)"), rf"\1{NBSP}"),
    # г. р. (the year of birth on an envelope), т. е., т. д.: the two halves of an abbreviation
    (re.compile(rf"(?<![\w.])([гт]\.){_GAP}(?=[рдепк]\.)"), rf"\1{NBSP}"),
    # the word before a dash (a dash begins no line)
    (re.compile(rf"{_GAP}(?=[—–] )"), NBSP),
)
# A catalog's placeholder for a count (in a plural message, its number) and the word after it.
_PLACEHOLDER = re.compile(r"(?<=\)[sd]) (?=[^\W\d_])")

RULES = {"ru": _CYRILLIC_RULES, "uk": _CYRILLIC_RULES, "be": _CYRILLIC_RULES}


def has_rules(lang: str) -> bool:
    return lang in RULES


@functools.lru_cache(maxsize=65536)      # the same dates and words, page after page
def typeset(text: str, lang: str) -> str:
    """`text` with no-break spaces where the language's rules keep words together."""
    for rule, keep in RULES.get(lang, ()):
        text = rule.sub(keep, text)
    return text


def typeset_message(text: str, lang: str, counted: bool) -> str:
    """A catalog's translation typeset; in a plural message (`counted`), its count
    placeholder keeps its unit too: '%(days)s дня'."""
    if not has_rules(lang):
        return text
    if counted:
        text = _PLACEHOLDER.sub(NBSP, text)
    return typeset(text, lang)


# "на 7 декабря 2026 г." ends a sentence with the abbreviation's full stop: a sentence
# that ends with a date written so takes no second one.
_DOUBLE_STOP = re.compile(r"(?<![\w.])(г|гг|р|рр)\.\.(?!\.)")


@functools.lru_cache(maxsize=65536)      # the interface's sentences, page after page
def finished(text: str, lang: str) -> str:
    """A sentence whose placeholders are filled, typeset again (a count filled in before a
    word from the data), without a double full stop after a date."""
    return _DOUBLE_STOP.sub(r"\1.", typeset(text, lang)) if has_rules(lang) else text
