"""Every kind of custody the schema allows has its own words in each language: the count
by kind ("1,234 days under house arrest") and the status of someone held now ("now under
house arrest"). A kind added to the schema without its words fails here, instead of being
shown as another kind."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from conftest import PROJECT
from vigil.model.vocabulary import CUSTODY_KINDS
from vigil.render.templates import environment
from vigil.site.i18n import load_languages

LANGUAGES = load_languages(("en", "ru", "uk"), [PROJECT / "locales"], str)[0]


def words(language):
    env = environment([PROJECT / "templates"], language, LANGUAGES)
    return env.get_template("_words.html").module


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_each_kind_of_custody_has_its_own_count_and_status(language):
    module = words(language)
    counts, statuses = {}, {}
    for kind in CUSTODY_KINDS:
        counts[kind] = str(module.days_in_kind(kind, 5)).strip()
        held = SimpleNamespace(state="held", current_kind=kind, first_day=dt.date(2022, 3, 1))
        statuses[kind] = str(module.status(SimpleNamespace(custody=held))).strip()
    assert all(counts.values()) and all(statuses.values()), (counts, statuses)
    assert len(set(counts.values())) == len(CUSTODY_KINDS), counts       # no two kinds share words
    assert len(set(statuses.values())) == len(CUSTODY_KINDS), statuses


def test_the_english_words_name_the_kind():
    module = words(LANGUAGES[0])
    assert str(module.days_in_kind("house-arrest", 1)).strip() == "1 day under house arrest"
    held = SimpleNamespace(state="held", current_kind="psychiatric-hospital", first_day=dt.date(2022, 3, 1))
    assert str(module.status(SimpleNamespace(custody=held))).strip() == \
        "In custody since 1 March 2022, now in a psychiatric hospital"
