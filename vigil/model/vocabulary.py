"""The words for every value of the data's fixed vocabularies, in one place.

The values themselves are the schema's (schema/prisoners.schema.json); the words a
visitor reads for each are here, in English, marked with N_() so that `make catalogs`
collects them for the translators. Templates get them translated into the page's
language as `vocabulary.category["journalist"]` (see render/templates.py). A test checks that
every value the schema allows has its words here and in every language's catalog.
"""
from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Protocol

# The data's schemas (schema.py validates the data against them): the values of each
# vocabulary are theirs.
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


_PRISONERS = json.loads((SCHEMA_DIR / "prisoners.schema.json").read_text(encoding="utf-8"))["$defs"]

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
EVENT_KIND = {
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

# The values each vocabulary takes, in the schema's order (the order pages list them in).
SCHEMA_VALUES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "category": tuple(_PRISONERS["category"]["enum"]),
    "custody_kind": tuple(_PRISONERS["period"]["properties"]["kind"]["enum"]),
    "release": tuple(_PRISONERS["prisoner"]["properties"]["released"]["properties"]["how"]["enum"]),
    "state": tuple(STATE),
    "event_kind": tuple(_PRISONERS["event-kind"]["enum"]),
})
CATEGORIES = SCHEMA_VALUES["category"]
CUSTODY_KINDS = SCHEMA_VALUES["custody_kind"]
EVENT_KINDS = SCHEMA_VALUES["event_kind"]


def missing_words() -> list[tuple[str, str]]:
    """(vocabulary, value) of each value the schema allows that has no words here."""
    return [(name, value) for name, values in SCHEMA_VALUES.items()
            for value in values if value not in VOCABULARIES[name]]


def translated(translations: Translations) -> dict[str, dict[str, str]]:
    """Every vocabulary's words in one language, for its pages."""
    return {name: {value: in_language(words, translations) for value, words in vocabulary.items()}
            for name, vocabulary in VOCABULARIES.items()}


def in_language(words: str | tuple[str, str], translations: Translations) -> str:
    if isinstance(words, tuple):
        return translations.pgettext(*words)
    return translations.gettext(words) if words else ""
