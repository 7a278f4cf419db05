"""A translation is placed in the pages as HTML: `check` refuses one whose tags or
attributes differ from its original's (a <meta http-equiv="refresh"> would send every
reader elsewhere), at the line of the translation in the .po file."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECT, SAMPLE_AS_OF
from vigil.cli import main
from vigil.site.i18n import markup_of, read_catalog

CATALOG = PROJECT / "locales/ru/LC_MESSAGES/messages.po"
PLAIN = ('msgstr "Статистика по всему списку"', "Статистика по всему списку")
LINKED = ('"href=\\"%(news)s\\">новостях</a>."', None)
PLURAL = ('msgstr[1] "%(days)s дня в СИЗО"', None)

REDIRECT = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
# (the line of the catalog to change, what it becomes): each adds or changes markup
HOSTILE = {
    "a refresh": (PLAIN[0], f'msgstr "Статистика{REDIRECT.replace(chr(34), chr(92) + chr(34))}"'),
    "a script": (PLAIN[0], 'msgstr "Статистика<script>alert(1)</script>"'),
    "an image": (PLAIN[0], 'msgstr "<img src=x onerror=alert(1)>Статистика"'),
    "a comment": (PLAIN[0], 'msgstr "Статистика<!-- <script> -->"'),
    "a link's address": (LINKED[0], '"href=\\"https://evil.example/\\">новостях</a>."'),
    "an attribute": (LINKED[0], '"href=\\"%(news)s\\" onclick=\\"alert(1)\\">новостях</a>."'),
    "a plural form": (PLURAL[0], 'msgstr[1] "%(days)s дня в <b>СИЗО</b>"'),
}


def poisoned(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of the Russian catalog with one line changed; and that line's number."""
    text = CATALOG.read_text(encoding="utf-8")
    assert text.count(old) == 1
    file = tmp_path / "locales/ru/LC_MESSAGES/messages.po"
    file.parent.mkdir(parents=True)
    file.write_text(text.replace(old, new), encoding="utf-8")
    return file, text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_translation_with_other_markup_is_refused_at_its_line(tmp_path, case):
    file, line = poisoned(tmp_path, *HOSTILE[case])
    catalog, problems = read_catalog(file, "locales/ru/LC_MESSAGES/messages.po", "ru")
    assert len(problems) == 1 and not problems[0].warning
    place = problems[0].where
    assert place.path == "locales/ru/LC_MESSAGES/messages.po"
    msgstr = next(n for n in range(line, 0, -1)
                  if file.read_text(encoding="utf-8").splitlines()[n - 1].startswith("msgstr"))
    assert place.line == msgstr
    assert "tags or attributes" in problems[0].message
    compiled = "".join(m.string if isinstance(m.string, str) else "".join(m.string)
                       for m in catalog if m.id)
    assert "evil.example" not in compiled and "alert" not in compiled and "<!--" not in compiled


def test_translated_words_in_the_same_markup_pass(tmp_path):
    file, _ = poisoned(tmp_path, '"href=\\"%(news)s\\">новостях</a>."', '"href=\\"%(news)s\\">разделе новостей</a>."')
    assert read_catalog(file, "ru.po", "ru")[1] == []
    assert markup_of('<a href="%(u)s" title="Read">x</a>') == markup_of('<a title="Читать" href="%(u)s">y</a>')
    assert markup_of('<a href="/a">x</a>') != markup_of('<a href="/b">x</a>')


def test_check_refuses_a_redirect_in_a_sites_catalog(sample, capsys):
    old, new = HOSTILE["a refresh"]
    poisoned(sample, old, new)
    assert main(["check", "--source", str(sample), "--as-of", SAMPLE_AS_OF], environ={}) == 1
    said = capsys.readouterr()
    assert "locales/ru/LC_MESSAGES/messages.po:" in said.out + said.err
    assert "tags or attributes" in said.out + said.err
