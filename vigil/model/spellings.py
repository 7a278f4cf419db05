"""A person's name as visitors may type it: as written in the site's other languages, and
in the Latin spellings a Cyrillic name is commonly given. Search (Pagefind) finds a profile
by any of them; the profile shows the first kind ("Other spellings") and keeps the second
for the index only. Pure: names in, spellings out.

The romanizations follow, without their diacritics, two systems that cover most English
spellings of Russian names: BGN/PCGN (Алексей -> Aleksey, Юрий -> Yuriy), the one most
atlases and newspapers follow, and ICAO Doc 9303, the one Russian passports have used
since 2013 (Aleksei, Iurii); and for Ukrainian names the national system of 2010 that
Ukrainian passports use (Олексій Пічугін -> Oleksii Pichuhin). Each also with "x" for
"ks" (Alexey, Alexei), as English texts often write it."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from ..base.memo import Memo
from .records import Text

VOWELS = set("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")
SIGNS = set("ъьЪЬ'’ʼ")

_COMMON = {"а": "a", "б": "b", "в": "v", "д": "d", "ж": "zh", "з": "z", "к": "k", "л": "l",
           "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
           "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
           "'": "", "’": "", "ʼ": ""}

# Russian, BGN/PCGN: е and ё are "ye" and "yo" at the start of a word and after a vowel or
# a sign (see _romanize), as the system writes them.
BGN_PCGN = {**_COMMON, "г": "g", "е": "e", "ё": "yo", "и": "i", "й": "y", "ъ": "", "ы": "y",
            "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}
# Russian, ICAO Doc 9303 (Russian passports since 2013).
ICAO = {**_COMMON, "г": "g", "е": "e", "ё": "e", "и": "i", "й": "i", "ъ": "ie", "ы": "y",
        "э": "e", "ю": "iu", "я": "ia", "і": "i", "ї": "i", "є": "ie", "ґ": "g"}
# Ukrainian, the national system of 2010 (Ukrainian passports): є ї й ю я are written
# ye yi y yu ya at the start of a word (see _romanize), ie i i iu ia elsewhere.
UKRAINIAN = {**_COMMON, "г": "h", "ґ": "g", "е": "e", "є": "ie", "и": "y", "і": "i", "ї": "i",
             "й": "i", "ю": "iu", "я": "ia", "ё": "io", "ъ": "", "ы": "y", "э": "e"}
UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
BGN_PCGN_IOTATED = {"е": "ye", "ё": "yo"}

SYSTEMS = (BGN_PCGN, ICAO)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def is_cyrillic(text: str) -> bool:
    return bool(CYRILLIC.search(text))


def _romanize(text: str, table: Mapping[str, str], initial: Mapping[str, str]) -> str:
    """`text` letter by letter; a letter in `initial` is written so at the start of a word,
    and, for BGN/PCGN, after a vowel or a sign too."""
    out = []
    for i, ch in enumerate(text):
        low = ch.lower()
        before = text[i - 1] if i else " "
        starts = not before.isalpha() and before not in SIGNS
        after_vowel = table is BGN_PCGN and (before in VOWELS or before in SIGNS)
        latin = initial[low] if low in initial and (starts or after_vowel) else table.get(low, low)
        # "Zh", not "ZH": only the first letter of a capital is a capital
        out.append(latin[:1].upper() + latin[1:] if ch != low else latin)
    return "".join(out)


def romanizations(name: str, lang: str = "ru") -> tuple[str, ...]:
    """The Latin spellings of a Cyrillic `name`, each once, in a fixed order; () for a name
    in another script. A Ukrainian name (`lang` 'uk') is read by the Ukrainian system too
    (Oleksii), and by the Russian ones, as English texts often do (Oleksiy)."""
    if not is_cyrillic(name):
        return ()
    found = [_romanize(name, BGN_PCGN, BGN_PCGN_IOTATED), _romanize(name, ICAO, {})]
    if lang == "uk":
        found.append(_romanize(name, UKRAINIAN, UKRAINIAN_INITIAL))
    found += [re.sub("ks", "x", spelling) for spelling in found]
    return tuple(dict.fromkeys(found))


def other_spellings(name: Text, lang: str, languages: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(language, name) for each of the site's other languages whose text of the name differs
    from the one the page in `lang` shows (and from the others before it)."""
    shown, _ = name.get(lang, languages[:1])
    seen = {shown}
    found = []
    for code in languages:
        text = name.by_lang.get(code)
        if code != lang and text is not None and text not in seen:
            seen.add(text)
            found.append((code, text))
    return tuple(found)


def search_spellings(name: Text, memo: Memo | None = None) -> str:
    """The words the search index gets besides the page's own: the name's Latin spellings
    (latin_words) and its sound keys (sound_keys). Made once for each name with a session's
    `memo` (Memos.spellings: serve keeps the records that did not change, and each
    language's pages ask for the same name)."""
    def words() -> str:
        return " ".join(filter(None, (latin_words(name), sound_keys(name))))
    if memo is None:
        return words()
    return memo.get(name, (), words)


def latin_words(name: Text) -> str:
    """The words of the Latin spellings of the name's Cyrillic texts that none of its texts
    already has, each once, for the search index only: 'Aleksey Aleksei Alexei Oleksiy ...'
    for Alexey Pichugin. (Only the new words: the search finds a page by all the words
    typed, wherever they are on it, and its excerpt then shows the names as written.)"""
    written = {word.casefold() for text in name.by_lang.values() for word in WORD.findall(text)}
    words = [word for code in sorted(name.by_lang)
             for spelling in romanizations(name.by_lang[code], code) for word in WORD.findall(spelling)]
    return " ".join(w for w in dict.fromkeys(words) if w.casefold() not in written)


# A sound key: a word's consonants, as its Latin spelling writes them, without an "h" (which
# makes sh, ch, zh, kh of s, c, z, k) or a "j", doubled letters once. "Pichugin", "Pichugen"
# and "Пичуген" give the same key, so a misspelt vowel still finds the name: the search
# page (static/js/search.js, which makes the same keys of what is typed, by the same rules)
# looks for the keys when the words typed find nothing. Keys are marked with KEY_MARK, a
# prefix no word has, so that they never match a word of the text.
KEY_MARK = "zq"
NOT_IN_A_KEY = re.compile(r"[^b-df-gk-np-tv-xz]")        # vowels, y, h, j, and all but a-z
LETTERS = re.compile(r"[^\W\d_]+")                        # a hyphenated name: its halves
SHORTEST_KEY = 3                                          # "Ivan" (vn) would find too much


def sound_key(word: str) -> str:
    """'Pichugin' -> 'pcgn'; '' for a word whose key would be shorter than SHORTEST_KEY."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(ch))
    key = NOT_IN_A_KEY.sub("", plain.replace("x", "ks").replace("w", "v"))
    key = re.sub(r"(.)\1+", r"\1", key)
    return key if len(key) >= SHORTEST_KEY else ""


def sound_keys(name: Text) -> str:
    """The sound keys of every word of the name's Latin texts and of its Cyrillic texts'
    romanizations, each once, marked: 'zqlg zqsntsv' for Oleg Sentsov."""
    spellings = [text for code, text in sorted(name.by_lang.items()) if not is_cyrillic(text)]
    spellings += [spelling for code in sorted(name.by_lang)
                  for spelling in romanizations(name.by_lang[code], code)]
    keys = (sound_key(word) for spelling in spellings for word in LETTERS.findall(spelling))
    return " ".join(KEY_MARK + key for key in dict.fromkeys(keys) if key)
