"""What is not yet translated, per language: text fields of the data, news posts, pages,
and the interface strings of the catalogs. Each gap is a warning at its place, and
`summary` counts them, so a translator sees what is left."""
from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass

from babel.messages.catalog import Catalog

from ..base.memo import Memo
from ..base.problems import Location, Problem
from ..model.records import Content, Text, placed
from .i18n import DOMAIN, SOURCE_LANGUAGE, babel_locale, language_name, message_key, singular

KINDS = ("data field", "post", "page", "catalog string")
# Codes people write by mistake, and the one they mean: the country, not the language.
LIKELY = {"ua": "uk", "by": "be", "gr": "el", "cz": "cs", "dk": "da", "se": "sv", "ee": "et",
          "ge": "ka", "am": "hy", "kz": "kk", "jp": "ja", "cn": "zh", "il": "he"}


def text_fields(record, where: Location, path: str = "") -> Iterator[tuple[str, Text, Location]]:
    """(field path, text, place) of every text field in a record and the records inside it."""
    own = getattr(record, "where", None)
    for f in fields(record):
        if f.name == "where":
            continue
        value = getattr(record, f.name)
        place = own.of(f.name) if own else where
        name = f"{path}{f.name}"
        if isinstance(value, Text):
            yield name, value, place
        elif is_dataclass(value):
            yield from text_fields(value, place, f"{name}.")
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if is_dataclass(item):
                    yield from text_fields(item, place, f"{name}[{i}].")


def records(content: Content) -> Iterator[tuple[str, object, Location]]:
    """(what the record is called in a message, record, its place) of every record with text."""
    yield "the site", content.site, placed(content.site.where).record
    for p in content.prisoners:
        yield f"prisoner {p.id}", p, placed(p.where).record
    for m in content.members:
        yield f"member {m.id}", m, placed(m.where).record
    for i, f in enumerate(content.facilitators):
        yield f"facilitator {i + 1}", f, placed(f.where).record


def data_gaps(content: Content, memo: Memo | None = None) -> list[Problem]:
    """`memo`: a session's (Memos.gaps), which keeps a record's gaps with the record: serve
    does not look again at those that did not change."""
    languages = content.site.languages
    memo = Memo() if memo is None else memo
    return [problem for label, record, place in records(content)
            for problem in memo.get(record, (label, languages),
                                    functools.partial(record_gaps, label, record, place, languages))]


def record_gaps(label: str, record, place: Location, languages: tuple[str, ...]) -> list[Problem]:
    problems = []
    for name, text, where in text_fields(record, place):
        no_default = languages[0] not in text.by_lang
        meant = set()
        for code in text.by_lang:
            if code not in languages and babel_locale(code) is None:
                likely = likely_code(code, languages)
                gap = likely in languages[1:] and likely not in text.by_lang
                meant.add(likely)
                # 'eng:' for 'en:' leaves the default language without its text: an error
                problems.append(Problem(where, f"{label}, {name}: '{code}' is not a language "
                                               f"code{code_hint(code, languages)}. Its text is "
                                               "not shown; this site's languages are "
                                               f"{', '.join(languages)}",
                                        warning=not (no_default and likely == languages[0]),
                                        untranslated=(likely, "data field") if gap and likely else None))
        if no_default and languages[0] not in meant:          # said once, above
            problems.append(no_default_text(label, name, where, languages[0]))
        for code in languages[1:]:
            if code not in text.by_lang and code not in meant:   # said once, above
                problems.append(Problem(where, f"{language_name(code)}: {label}, {name} is not "
                                               "translated", warning=True,
                                        untranslated=(code, "data field")))
    return problems


def no_default_text(label: str, name: str, where: Location, default: str) -> Problem:
    """An error: the default language's text is what every page falls back to, and without
    it the default language's pages would show another language."""
    return Problem(where, f"{label}, {name}: the {language_name(default)} text is missing; add it "
                          f"as '{default}: ...' ({language_name(default).split(' (')[0]} is the "
                          "site's main language: its pages show it, and the other languages' "
                          "pages fall back to it)")


def likely_code(code: str, languages: tuple[str, ...]) -> str | None:
    """The language a mistaken code was meant to be: 'ua' -> 'uk', 'rus' -> 'ru'."""
    if code in LIKELY:
        return LIKELY[code]
    close = difflib.get_close_matches(code, languages, n=1, cutoff=0.6)
    return close[0] if close else None


def code_hint(code: str, languages: tuple[str, ...]) -> str:
    meant = likely_code(code, languages)
    if meant is None:
        return ""
    return f" (for {language_name(meant)}, write {meant})"


def content_gaps(content: Content) -> list[Problem]:
    """A post or page without a translation file beside it (or with only a draft one)."""
    problems = []
    for kind, items in (("post", content.news), ("page", content.pages)):
        for item in items:
            if item.draft:
                continue
            rel = placed(item.where).record.path
            for code in content.site.languages[1:]:
                if item.in_language(code).lang != code and not content.is_failed(f"{rel[:-3]}.{code}.md"):
                    problems.append(Problem(
                        Location(rel, 1), f"{language_name(code)}: this {kind} is not translated; "
                                       f"its translation goes in {rel[:-3]}.{code}.md",
                        warning=True, untranslated=(code, kind)))
    return problems


def catalog_gaps(code: str, catalog: Catalog | None, rel: str | None,
                 wanted: dict) -> list[Problem]:
    """Warnings for the interface strings the language's pages will show in English."""
    name = language_name(code)
    if code == SOURCE_LANGUAGE:
        return []
    if catalog is None:
        return [Problem(Location(f"locales/{code}/LC_MESSAGES/{DOMAIN}.po", 1),
                        f"there is no {name} catalog, so its pages show the interface "
                        f"in English; create it with: make catalog-new CODE={code}", warning=True,
                        untranslated=(code, "catalog string"))]
    if rel is None:
        raise ValueError(f"the {name} catalog comes without the path of its file")
    problems = []
    for message in catalog:
        if not message.id or message_key(message.id, message.context) not in wanted:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            why = "marked fuzzy (check it, then delete the '#, fuzzy' line)" if message.fuzzy else "not translated"
            problems.append(Problem(Location(rel, message.lineno or 1),
                                    f"{name}: {short(message.id)} is {why}", warning=True,
                                    untranslated=(code, "catalog string")))
    for key, where in wanted.items():
        message_id, context = key if isinstance(key, tuple) else (key, None)
        if catalog.get(message_id, context=context) is None:
            problems.append(Problem(where, f"{name}: {short(message_id)} is not in the "
                                           f"catalog {rel}; run: make catalogs", warning=True,
                                   untranslated=(code, "catalog string")))
    return problems


def short(message_id) -> str:
    text = " ".join(singular(message_id).split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def summary(problems: Iterable[Problem], languages: tuple[str, ...]) -> str | None:
    """'Not yet translated: ru: 2 data fields, 1 post; uk: nothing.' or None for one language."""
    if len(languages) < 2:
        return None
    counts: dict[str, dict[str, int]] = {code: {} for code in languages[1:]}
    for p in problems:
        if p.untranslated and p.untranslated[0] in counts:
            code, kind = p.untranslated
            counts[code][kind] = counts[code].get(kind, 0) + 1
    parts = []
    for code, found in counts.items():
        items = [f"{found[k]} {k}{'s' if found[k] != 1 else ''}" for k in KINDS if k in found]
        parts.append(f"{code}: {', '.join(items) if items else 'complete'}")
    return "Translations: " + "; ".join(parts) + "."
