"""A name's spellings for search: the Latin spellings of Russian and Ukrainian names, the
name as the site's other languages write it, and the words the search index adds."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.model.records import Text
from vigil.model.spellings import is_cyrillic, other_spellings, romanizations, search_spellings, sound_key

PICHUGIN = Text({"en": "Alexey Pichugin", "ru": "Алексей Пичугин", "uk": "Олексій Пічугін"})
LANGUAGES = ("en", "ru", "uk")
ALPHABETS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ'"


def test_a_russian_name_in_the_spellings_of_atlases_passports_and_the_press():
    assert romanizations("Алексей Пичугин") == (
        "Aleksey Pichugin",         # BGN/PCGN
        "Aleksei Pichugin",         # ICAO, Russian passports
        "Alexey Pichugin", "Alexei Pichugin")  # "x" for "ks"


def test_bgn_pcgn_writes_ye_at_the_start_and_after_a_vowel_or_a_sign():
    assert romanizations("Евгения Григорьева")[:2] == ("Yevgeniya Grigoryeva", "Evgeniia Grigoreva")
    assert romanizations("Юрий Андреев")[:2] == ("Yuriy Andreyev", "Iurii Andreev")
    assert romanizations("Ёлкин Щукин-Жаров")[:2] == ("Yolkin Shchukin-Zharov", "Elkin Shchukin-Zharov")


def test_a_ukrainian_name_in_ukraines_own_system_and_as_english_texts_write_it():
    spellings = romanizations("Олексій Пічугін", "uk")
    assert "Oleksii Pichuhin" in spellings           # the national system (passports)
    assert "Oleksiy Pichugin" in spellings           # as the press often writes it
    assert romanizations("Юлія Євтушенко", "uk")[2] == "Yuliia Yevtushenko"
    # the Ukrainian system reads only a Ukrainian text: a Russian и is not its y
    assert not any("Pychuhyn" in s for s in romanizations("Алексей Пичугин", "ru"))


def test_a_name_in_latin_letters_has_no_romanization():
    assert romanizations("Alexey Pichugin") == ()
    assert not is_cyrillic("Alexey") and is_cyrillic("Алексей")


@given(st.text(alphabet=ALPHABETS + ALPHABETS.upper() + " -", max_size=40))
def test_every_romanization_is_in_latin_letters(name):
    for spelling in romanizations(name, "uk") + romanizations(name, "ru"):
        assert not is_cyrillic(spelling), (name, spelling)


def test_the_other_spellings_are_the_other_languages_texts_each_once():
    assert other_spellings(PICHUGIN, "en", LANGUAGES) == (("ru", "Алексей Пичугин"), ("uk", "Олексій Пічугін"))
    assert other_spellings(PICHUGIN, "ru", LANGUAGES) == (("en", "Alexey Pichugin"), ("uk", "Олексій Пічугін"))
    sentsov = Text({"en": "Oleg Sentsov", "ru": "Олег Сенцов", "uk": "Олег Сенцов"})
    assert other_spellings(sentsov, "en", LANGUAGES) == (("ru", "Олег Сенцов"),)
    assert other_spellings(sentsov, "ru", LANGUAGES) == (("en", "Oleg Sentsov"),)
    # a name written in one language only: the page shows it, and there is no other
    assert other_spellings(Text({"en": "Ivan Ivanov"}), "ru", LANGUAGES) == ()


def test_the_index_gets_only_the_words_the_names_do_not_already_have_and_their_sound_keys():
    assert search_spellings(PICHUGIN) == ("Aleksey Aleksei Alexei Oleksiy Oleksii Pichuhin Olexiy Olexii"
                                          " zqlks zqpcgn zqpcn")
    assert search_spellings(Text({"en": "Ivan Shchukin-Zharov", "ru": "Иван Щукин-Жаров"})) == "zqsckn zqzrv"
    assert search_spellings(Text({"en": "John Smith"})) == "zqsmt"
    assert search_spellings(Text({"en": "Jo Li"})) == ""                       # keys too short


@pytest.mark.parametrize("typed,written", [
    ("Pichugen", "Pichugin"), ("Navalnyi", "Navalny"), ("Navalniy", "Navalny"),
    ("Kurmaševa", "Kurmasheva"), ("Dmitryev", "Dmitriev"), ("Wladimir", "Vladimir"), ("Alexei", "Aleksey")])
def test_a_near_spelling_has_the_names_sound_key(typed, written):
    """A vowel, an h, a j or a doubled letter more or less: the same key."""
    assert sound_key(typed) == sound_key(written) != ""


def test_another_consonant_or_a_short_word_has_another_key_or_none():
    assert sound_key("Pitchugin") != sound_key("Pichugin")
    assert sound_key("Sentzov") != sound_key("Sentsov")
    assert sound_key("Kara") == sound_key("Ivan") == ""
