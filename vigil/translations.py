"""What is not yet translated, per language: text fields of the data, news posts, pages,
and the interface strings of the catalogs. Each gap is a warning at its place, and
`summary` counts them, so a translator sees what is left."""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Iterable, Iterator

from .i18n import babel_locale, language_name
from .model import Content, Text
from .problems import Location, Problem, did_you_mean

KINDS = ("data field", "post", "page", "catalog string")
# Codes people write by mistake, and the one they mean: the country, not the language.
LIKELY = {"ua": "uk", "by": "be", "gr": "el", "cz": "cs", "dk": "da", "se": "sv", "ee": "et",
          "ge": "ka", "am": "hy", "kz": "kk", "jp": "ja", "cn": "zh", "il": "he"}


def text_fields(record, where: Location, path: str = "") -> Iterator[tuple[str, Text, Location]]:
    """(field path, text, place) of every text field in a record and the records inside it."""
    own = getattr(record, "where", None) or None
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
    yield "the site", content.site, Location("data/site.yaml")
    for p in content.prisoners:
        yield f"prisoner {p.id}", p, p.where.record
    for m in content.members:
        yield f"member {m.id}", m, m.where.record
    for i, f in enumerate(content.facilitators):
        yield f"facilitator {i + 1}", f, Location("data/members.yaml")


def data_gaps(content: Content) -> list[Problem]:
    languages = content.site.languages
    problems = []
    for label, record, place in records(content):
        for name, text, where in text_fields(record, place):
            for code in text.by_lang:
                if code not in languages and babel_locale(code) is None:
                    meant = (f" (for {language_name(LIKELY[code])}, write {LIKELY[code]})"
                             if code in LIKELY else did_you_mean(code, languages))
                    problems.append(Problem(where, f"{label}, {name}: '{code}' is not a language "
                                                   f"code{meant}; its text is not shown; this "
                                                   f"site's languages are {', '.join(languages)}",
                                            warning=True))
            for code in languages[1:]:
                if code not in text.by_lang:
                    problems.append(Problem(where, f"{language_name(code)}: {label}, {name} is not "
                                                   "translated", warning=True,
                                            untranslated=(code, "data field")))
    return problems


def content_gaps(content: Content) -> list[Problem]:
    """A post or page without a translation file beside it (or with only a draft one)."""
    problems = []
    for kind, items in (("post", content.news), ("page", content.pages)):
        for item in items:
            if item.draft:
                continue
            for code in content.site.languages[1:]:
                if item.in_language(code).lang != code:
                    rel = item.where.record.path
                    problems.append(Problem(
                        Location(rel), f"{language_name(code)}: this {kind} is not translated; "
                                       f"its translation goes in {rel[:-3]}.{code}.md",
                        warning=True, untranslated=(code, kind)))
    return problems


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
