"""The site's languages: the Babel locale of each, and its translation catalog.

Interface words live in gettext catalogs, `locales/<lang>/LC_MESSAGES/messages.po`,
which translators edit and `make catalogs` keeps up to date with the templates. The
templates are written in English, so English needs no catalog. The build reads each
catalog with Babel and compiles it in memory: no `.mo` file is ever written.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import io
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal

from ..base.problems import Location, Problem
from ..cache.store import PACKAGE, Store, digest, engine_files
from ..model.records import PartialDate
from ..model.typography import has_rules, typeset, typeset_message

SOURCE_LANGUAGE = "en"               # the language the templates' words are written in
DOMAIN = "messages"
# Babel's locale for a language code: the coalition writes British English.
LOCALES = {"en": "en_GB"}


@dataclass(frozen=True)
class Language:
    """One language of the site, as its pages need it."""
    code: str                        # en
    locale: Locale                   # Babel's: numbers, dates, country names, plural rules
    translations: gettext.NullTranslations

    @property
    def intl_locale(self) -> str:
        """The tag the browser's Intl API takes: en-GB, ru, uk."""
        return str(self.locale).replace("_", "-")

    @functools.cached_property
    def native_name(self) -> str:
        """The language's name in itself, as a language switcher shows it: Русский."""
        name = Locale.parse(self.code).get_display_name(self.code) or self.code
        return name[:1].upper() + name[1:]

    @property
    def short_name(self) -> str:
        """The name cut to three letters, as a phone's language switcher shows it: Рус, Укр,
        Eng (not the code: 'UK' reads as the United Kingdom, not Ukrainian)."""
        return self.native_name[:3]

    @functools.cached_property
    def territorial_locale(self) -> str:
        """The locale with a country, as Open Graph's og:locale wants it: en_GB, ru_RU, uk_UA
        (a language without one gets CLDR's likeliest)."""
        return territorial(self.locale)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """Words that mean one thing in one place and another elsewhere: "Search" is the
        site's search in the header and a police search in a timeline."""
        return self.translations.pgettext(context, message)

    def date(self, day: dt.date | PartialDate) -> str:
        """A date written the language's way, as the pages write it: 30 ноября 2026 г.; a
        date known only to the month or the year as just that: октябрь 2017 г., 2017."""
        if isinstance(day, PartialDate):
            return typeset(partial_date(day, self.locale_id), self.code)
        return typeset(long_date(day, self.locale_id), self.code)

    def number(self, n: int) -> str:
        """A number written the language's way: 8,565; 8 565."""
        return decimal(n, self.locale_id)

    @functools.cached_property
    def locale_id(self) -> str:
        """The locale's identifier (en_GB): what the formatters below are memoized by (a
        string is quicker to hash and compare than Babel's Locale)."""
        return str(self.locale)


# Pages and cards write the same dates and numbers many times over: each is formatted once.
@functools.lru_cache(maxsize=65536)
def long_date(day: dt.date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def partial_date(day: PartialDate, locale: str) -> str:
    if day.precision == "day":
        return long_date(day.first, locale)
    if day.precision == "month":
        return format_skeleton("yMMMM", day.first, locale=locale)
    return str(day.year)


@functools.lru_cache(maxsize=65536)
def decimal(n: int, locale: str) -> str:
    return format_decimal(n, locale=locale)


def territorial(locale: Locale) -> str:
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = Locale.parse(get_global("likely_subtags").get(locale.language, locale.language))
    return f"{locale.language}_{likely.territory}" if likely.territory else locale.language


def plain_language(code: str) -> Language:
    """A language without its catalog (one that could not be read, reported already): the
    templates' own words, and Babel's dates and numbers where it knows the code."""
    return Language(code, babel_locale(code) or Locale.parse(SOURCE_LANGUAGE), gettext.NullTranslations())


def language_name(code: str) -> str:
    """'Russian (ru)': how a message, written in English, names a language."""
    return f"{Locale.parse('en').languages.get(code, code)} ({code})"


def babel_locale(code: str) -> Locale | None:
    try:
        return Locale.parse(LOCALES.get(code, code))
    except (UnknownLocaleError, ValueError):
        return None


def plural_samples(locale: Locale) -> dict[str, int]:
    """A whole number in each of the language's plural categories (CLDR), the smallest:
    en {one: 1, other: 0}; ru {many: 0, one: 1, few: 2}. The page asks the catalog for
    the words of each, and the browser picks among them as the count moves on."""
    return dict(smallest_of_each_plural(str(locale)))


@functools.lru_cache(maxsize=64)
def smallest_of_each_plural(locale: str) -> tuple[tuple[str, int], ...]:
    """(plural_samples: the same for every build.)"""
    samples: dict[str, int] = {}
    rule = Locale.parse(locale).plural_form
    for n in range(1000):
        samples.setdefault(rule(n), n)
    return tuple(samples.items())


def catalog_path(locale_dirs: list[Path], code: str) -> Path | None:
    """The language's catalog: the site's own wins over the project's."""
    for folder in locale_dirs:
        file = folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if file.is_file():
            return file
    return None


def read_catalog(file: Path, rel: str, code: str) -> tuple[Catalog | None, list[Problem]]:
    catalog, problems, _ = catalog_of(file.read_bytes(), rel, code)
    return catalog, list(problems)


@functools.lru_cache(maxsize=16)
def catalog_of(data: bytes, rel: str, code: str
               ) -> tuple[Catalog | None, tuple[Problem, ...], gettext.GNUTranslations | None]:
    """The catalog read from its file's bytes (`data`), its problems, and it compiled (None
    where it cannot be used). The same bytes give the same catalog: each build of a process
    (a test run, serve) reads a catalog once. What it returns is never changed after."""
    catalog, problems = catalog_from(data, rel, code)
    return catalog, tuple(problems), compiled(catalog, code) if catalog is not None else None


def catalog_from(data: bytes, rel: str, code: str) -> tuple[Catalog | None, list[Problem]]:
    problem: Problem | None
    try:
        catalog = read_po_bytes(data, code, strict=True)
    except PoFileError as err:
        catalog, problem = None, Problem(Location(rel, err.lineno), f"this catalog cannot be read: {err}")
    except (UnicodeDecodeError, ValueError) as err:
        return None, [Problem(Location(rel, 1), f"this catalog cannot be read: {err}")]
    else:
        problem = None
    if catalog is None:                       # the wrong plural rule is the likely cause
        with contextlib.redirect_stdout(io.StringIO()):       # Babel prints what it skips
            catalog = read_po_bytes(data, code, strict=False)
    expected = Catalog(locale=code).plural_forms
    lines = data.decode("utf-8", errors="replace").splitlines()
    if catalog.plural_forms != expected:
        return None, [Problem(Location(rel, header_line(lines, "Plural-Forms")),
                              f"the Plural-Forms line says '{catalog.plural_forms}', but the "
                              f"plural rules of '{code}' (CLDR) are '{expected}': with the "
                              "wrong rule, counts would get the wrong words; write that rule")]
    if problem:
        return None, [problem]
    return catalog, markup_problems(catalog, rel, lines)


# --------------------------------------------------------------------------- markup
# Attributes whose words a translator translates: their values may differ from the
# original's; every other attribute's value (href, http-equiv, content...) may not.
TRANSLATED_ATTRIBUTES = frozenset({"title", "alt", "aria-label"})


class _Markup(HTMLParser):
    """Every tag of a text, with its attributes, and its comments and declarations."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.found[(tag, tuple(sorted((name, None if name in TRANSLATED_ATTRIBUTES else value)
                                      for name, value in attrs)))] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.found[("/" + tag, ())] += 1

    def handle_comment(self, data):
        self.found[("<!--", (data,))] += 1

    def handle_decl(self, decl):
        self.found[("<!", (decl,))] += 1

    def handle_pi(self, data):
        self.found[("<?", (data,))] += 1

    def unknown_decl(self, data):
        self.found[("<![", (data,))] += 1


def markup_of(text: str) -> Counter:
    """The tags of a text with their attributes (and the values of those not translated),
    counted; comments and declarations too."""
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.found


def markup_problems(catalog: Catalog, rel: str, lines: list[str]) -> list[Problem]:
    """A translation is placed in the pages as HTML: one whose tags or attributes differ
    from its original's could add a redirect, a script or a link elsewhere. Each such
    translation is refused at its line, and left out of the catalog (fuzzy ones are not
    used, so not checked)."""
    problems, refused = [], []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        originals = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        wanted = [markup_of(original) for original in originals]
        for n, string in enumerate(strings):
            if string and markup_of(string) not in wanted:
                start = f"msgstr[{n}]" if isinstance(message.string, (list, tuple)) else "msgstr"
                problems.append(Problem(Location(rel, msgstr_line(lines, message.lineno, start)),
                                        f"this translation of {short_id(originals[0])} has HTML "
                                        "tags or attributes its original has not (or lacks "
                                        "some it has); a translation keeps the original's "
                                        "tags and attributes exactly, and translates the words"))
                refused.append(message)
                break
    for message in refused:
        catalog.delete(message.id, message.context)
    return problems


def msgstr_line(lines: list[str], msgid_line: int | None, start: str = "msgstr") -> int:
    """The line of the translation (`start`: msgstr, or msgstr[1] for a plural form) of the
    message whose msgid is at `msgid_line`."""
    for number in range(max((msgid_line or 1) - 1, 0), len(lines)):
        if lines[number].startswith(start):
            return number + 1
    return msgid_line or 1


def short_id(message_id: str) -> str:
    text = " ".join(message_id.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def read_po_bytes(data: bytes, code: str, strict: bool) -> Catalog:
    return read_po(io.BytesIO(data), locale=code, abort_invalid=strict)


def header_line(lines: list[str], name: str) -> int:
    for number, line in enumerate(lines, 1):
        if line.startswith(f'"{name}:'):
            return number
    return 1


def compiled(catalog: Catalog, code: str = "") -> gettext.GNUTranslations:
    """The catalog as gettext reads it, compiled in memory (fuzzy entries left out), its
    translations typeset with the no-break spaces of the language `code` (typography.py)."""
    buffer = io.BytesIO()
    write_mo(buffer, typeset_catalog(catalog, code) if has_rules(code) else catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def typeset_catalog(catalog: Catalog, code: str) -> Catalog:
    """A copy of the catalog whose translations keep numbers and units together."""
    copy = Catalog(locale=code, domain=catalog.domain, charset=catalog.charset)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string
        if isinstance(strings, (list, tuple)):
            strings = tuple(typeset_message(s, code, counted=True) for s in strings)
        elif strings:
            strings = typeset_message(strings, code, counted=False)
        copy.add(message.id, strings, context=message.context, flags=message.flags)
    return copy


def load_languages(codes: tuple[str, ...], locale_dirs: list[Path], relative,
                   place: Location = Location("data/site.yaml")
                   ) -> tuple[list[Language], list[Problem], dict[str, tuple[Catalog, str]]]:
    """Each language with its compiled catalog; problems (`place`: where the languages are
    listed); and each catalog read, with the name of its file (`relative(path)`), for the
    translation check."""
    languages, problems, catalogs = [], [], {}
    for code in codes:
        locale = babel_locale(code)
        if locale is None:
            problems.append(Problem(place, f"'{code}' in languages is not a language code "
                                           "(ISO 639, like en, ru, uk or be)"))
            continue
        translations: gettext.NullTranslations = gettext.NullTranslations()
        file = catalog_path(locale_dirs, code)
        if file is not None:
            rel = relative(file)
            catalog, found, made = catalog_of(file.read_bytes(), rel, code)
            problems += found
            if catalog is not None and made is not None:
                translations = made
                catalogs[code] = (catalog, rel)
        languages.append(Language(code, locale, translations))
    return languages, problems, catalogs


# Interface words written in Python: the data's vocabularies, marked with N_() and NC_(),
# and the words the engine writes with a language's gettext (share cards and tags, badges,
# calendar files, the page serve shows while a build fails...). Every module of the package
# is read, so a new one is never missed: only a call with a literal string is a message.
CONTEXT = ((1, "c"), 2)             # pgettext(context, message), as Babel names its arguments
KEYWORDS = {"N_": None, "NC_": CONTEXT, "_": None, "gettext": None, "ngettext": (1, 2),
            "pgettext": CONTEXT}


def python_files() -> list[Path]:
    """Every module of the engine, in a fixed order: where its interface words are looked for."""
    return engine_files(PACKAGE)


def interface_messages(template_dirs: list[Path], mapping: Path
                       ) -> list[tuple[str, int, str | tuple, list[str], str | None]]:
    """(file, line, message, comments, context) of every interface string the pages use: the
    templates', found with the `mapping` file (babel.cfg), then those written in Python. A
    site's own template replaces the project's of the same name, as in the build.
    `make catalogs` (site/catalogs.py) writes these into locales/messages.pot."""
    with mapping.open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream)
    found, seen = [], set()
    for folder in template_dirs:
        names_here = set()
        for filename, line, message, comments, context in extract_from_dir(
                str(folder), method_map, options_map=options_map):
            names_here.add(filename)
            if filename not in seen:
                found.append((f"templates/{filename}", line, message, comments, context))
        seen |= names_here
    return found + list(python_messages(PACKAGE))


# A pure memo: the engine's code does not change under the process that runs it (the words
# written in Python are read once a process; the templates' are read again after each edit).
@functools.lru_cache(maxsize=4)
def python_messages(package: Path) -> tuple[tuple[str, int, str | tuple, list[str], str | None], ...]:
    """(file, line, message, comments, context) of every interface string written in the
    modules of `package`."""
    found = []
    for file in engine_files(package):
        with file.open("rb") as stream:
            name = file.relative_to(package.parent).as_posix()
            found += [(name, line, message, comments, context)
                      for line, message, comments, context in extract("python", stream, keywords=KEYWORDS)]
    return tuple(found)


def template_messages(template_dirs: list[Path], mapping: Path, kept: dict | None = None,
                      store: Store | None = None) -> dict[str, Location]:
    """Every interface string the pages use, with the place of its first use. With a
    session's `kept` (serve asks after every edit), extracted again only when a template (or
    the mapping) changed on disk; with a cache `store`, taken from it while the templates and
    the mapping are the same bytes (the store's stamp holds the engine's code, and so the
    words written in Python)."""
    kept = {} if kept is None else kept
    files = [mapping, *(f for folder in template_dirs if folder.is_dir()
                        for f in sorted(folder.rglob("*")) if f.is_file())]
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    if kept.get("stamp") != stamp:
        key = templates_digest(mapping, template_dirs)
        messages = stored_messages(store, key)
        if messages is None:
            messages = {}
            for filename, line, message, _comments, context in interface_messages(template_dirs, mapping):
                messages.setdefault(message_key(message, context), Location(filename, line))
            if store is not None:
                store.write_json("messages", {key: [[*as_pair(k), where.path, where.line]
                                                    for k, where in messages.items()]})
        kept.update(stamp=stamp, messages=messages)
    return dict(kept["messages"])


def templates_digest(mapping: Path, template_dirs: list[Path]) -> str:
    """The mapping's and the templates' bytes, each template by its name in its folder (the
    folders in their order: a site's own first), never by where the folder is."""
    parts: list[str | bytes] = [mapping.read_bytes()]
    for n, folder in enumerate(template_dirs):
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    parts += [f"{n}/{file.relative_to(folder).as_posix()}", file.read_bytes()]
    return digest(*parts)


def as_pair(key: str | tuple[str, str]) -> tuple[str, str | None]:
    return (key, None) if isinstance(key, str) else key


def stored_messages(store: Store | None, key: str) -> dict | None:
    """The messages the store keeps for these templates, if it has them and they are of the
    shape written (a cache is checked, never trusted)."""
    entries = store.read_json("messages").get(key) if store is not None else None
    if not isinstance(entries, list):
        return None
    messages: dict = {}
    for entry in entries:
        if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str)
                and (entry[1] is None or isinstance(entry[1], str)) and isinstance(entry[2], str)
                and isinstance(entry[3], int) and not isinstance(entry[3], bool)):
            return None
        message_id, context, file, line = entry
        messages[message_key(message_id, context)] = Location(file, line)
    return messages


def message_key(message_id: str | tuple | list, context: str | None) -> str | tuple[str, str]:
    """How a catalog tells its messages apart: the id (its singular), with its context
    where it has one ("Search" the site's, and "Search" the police's, are two)."""
    return (singular(message_id), context) if context else singular(message_id)


def singular(message_id: str | tuple | list) -> str:
    """A message's id: for one with plural forms, its singular."""
    return message_id if isinstance(message_id, str) else message_id[0]
