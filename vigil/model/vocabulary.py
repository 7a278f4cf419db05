"""The words for every value of the data's fixed vocabularies, in one place.

The values are those of the schema (schema/prisoners.schema.json), in the order written
here, which is the order pages list them in; every build checks the schema files it reads
against them (`schema_problems`), so that no value is taken from a schema file once, at
import, and kept while the file is edited under a running `serve`. The words a
visitor reads for each are here, in English, marked with N_() so that `make catalogs`
collects them for the translators. Templates get them translated into the page's
language as `vocabulary.category["journalist"]` (see render/templates.py). A test checks that
every value the schema allows has its words here and in every language's catalog.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from ..base.problems import Location, Problem

# The data's schemas (load/schema.py validates the data against them, and checks that their
# vocabularies are the values here).
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


def N_(words: str) -> str:
    """Marks words for the catalogs; they are translated where a page shows them."""
    return words


def NC_(context: str, words: str) -> tuple[str, str]:
    """Marks words that mean something else elsewhere on the site, with the context that
    tells the translator which meaning this one is (pgettext's)."""
    return context, words


class Translations(Protocol):
    def gettext(self, message: str) -> str: ...
    def pgettext(self, context: str, message: str) -> str: ...


CATEGORY = {
    "political-opponent": N_("Political opponent"),
    "ukrainian": N_("Ukrainian"),
    "civic-activist": N_("Civic activist"),
    "human-rights-defender": N_("Human-rights defender"),
    "journalist": N_("Journalist"),
    "blogger": N_("Blogger"),
    "religious": N_("Persecuted for religion"),
    "ethnic-minority": N_("Ethnic minority"),
    "anti-war": N_("Anti-war"),
    "business": N_("Businessperson"),
    "lgbt": N_("LGBT+"),
    "alleged-spy": N_("Accused of spying"),
}

CUSTODY_KIND = {
    "detention": N_("Pre-trial detention"),
    "house-arrest": N_("House arrest"),
    "prison": N_("Prison or colony"),
    "psychiatric-hospital": N_("Psychiatric hospital"),
}

# How a person was released, after "Released on <date>"; 'other' adds nothing.
RELEASE = {
    "exchange": N_("in a prisoner exchange"),
    "end-of-term": N_("at the end of the term"),
    "parole": N_("on parole"),
    "acquittal": N_("after an acquittal"),
    "pardon": N_("after a pardon"),
    "suspended-sentence": N_("with a suspended sentence"),
    "charges-dropped": N_("after the charges were dropped"),
    "amnesty": N_("under an amnesty"),
    "other": "",
}

# The kinds of step a case's timeline shows (a record's `events`).
EVENT_KIND: dict[str, str | tuple[str, str]] = {
    "detained": N_("Detention"),
    "searched": NC_("police search", "Search"),
    "charged": N_("Charges brought"),
    "court-arrest": N_("Remand in custody"),
    "house-arrest": N_("House arrest"),
    "verdict": N_("Verdict"),
    "appeal": N_("Appeal"),
    "transfer": N_("Transfer"),
    "hearing": N_("Hearing"),
    "hunger-strike": N_("Hunger strike"),
    "statement": N_("Statement"),
    "released": N_("Release"),
    "other": N_("Other event"),
}

# A prisoner's state, worked out from the record (custody.py), not written in it.
STATE = {
    "held": N_("In custody"),
    "released": N_("Released"),
    "died": N_("Died in custody"),
}

VOCABULARIES: Mapping[str, Mapping[str, str | tuple[str, str]]] = MappingProxyType({
    "category": CATEGORY, "custody_kind": CUSTODY_KIND, "release": RELEASE, "state": STATE,
    "event_kind": EVENT_KIND})

# The values each vocabulary takes, in the order pages list them in.
VALUES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    name: tuple(words) for name, words in VOCABULARIES.items()})
CATEGORIES = VALUES["category"]
CUSTODY_KINDS = VALUES["custody_kind"]
EVENT_KINDS = VALUES["event_kind"]

# Where the schema names each vocabulary's values: (file, path to its "enum").
SCHEMA_PLACES: Mapping[str, tuple[str, tuple[str, ...]]] = MappingProxyType({
    "category": ("prisoners.schema.json", ("$defs", "category", "enum")),
    "custody_kind": ("prisoners.schema.json", ("$defs", "period", "properties", "kind", "enum")),
    "release": ("prisoners.schema.json",
                ("$defs", "prisoner", "properties", "released", "properties", "how", "enum")),
    "event_kind": ("prisoners.schema.json", ("$defs", "event-kind", "enum")),
})


def schema_values(files: Mapping[str, bytes]) -> dict[str, tuple[str, ...]]:
    """The values the schema files (name -> bytes, as a build reads them) allow for each
    vocabulary; a vocabulary whose place cannot be read is left out."""
    found = {}
    for name, (file, path) in SCHEMA_PLACES.items():
        try:
            node = json.loads(files[file].decode("utf-8"))
            for part in path:
                node = node[part]
        except (KeyError, TypeError, ValueError):
            continue
        if isinstance(node, list) and all(isinstance(value, str) for value in node):
            found[name] = tuple(node)
    return found


def schema_problems(files: Mapping[str, bytes]) -> list[Problem]:
    """Each value the schema files allow that has no words here, and each value here the
    schema does not allow, at its line in the schema file."""
    problems = []
    for name, values in sorted(schema_values(files).items()):
        file = SCHEMA_PLACES[name][0]
        text = files[file].decode("utf-8")
        label = name.replace("_", " ")
        for value in values:
            if value not in VALUES[name]:
                problems.append(Problem(Location(f"schema/{file}", line_of(text, f'"{value}"')),
                                        f"the {label} '{value}' has no words in vigil/vocabulary.py: "
                                        "add them there (and their translations to the catalogs)"))
        for value in VALUES[name]:
            if value not in values:
                problems.append(Problem(Location(f"schema/{file}", line_of(text, f'"{path_name(name)}"')),
                                        f"the schema does not allow the {label} '{value}', which "
                                        "vigil/vocabulary.py has words for: add it to the schema's "
                                        "list, or remove its words"))
    return problems


def path_name(name: str) -> str:
    """The key in the schema file under which the vocabulary's list stands."""
    return SCHEMA_PLACES[name][1][-2]


def line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def missing_words(files: Mapping[str, bytes]) -> list[tuple[str, str]]:
    """(vocabulary, value) of each value the schema files allow that has no words here."""
    return [(name, value) for name, values in schema_values(files).items()
            for value in values if value not in VOCABULARIES[name]]


def translated(translations: Translations) -> dict[str, dict[str, str]]:
    """Every vocabulary's words in one language, for its pages."""
    return {name: {value: in_language(words, translations) for value, words in vocabulary.items()}
            for name, vocabulary in VOCABULARIES.items()}


def in_language(words: str | tuple[str, str], translations: Translations) -> str:
    if isinstance(words, tuple):
        return translations.pgettext(*words)
    return translations.gettext(words) if words else ""
