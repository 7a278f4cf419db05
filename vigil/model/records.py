"""The site's data as plain frozen dataclasses. Places in files ride along in `where`."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Never
from urllib.parse import urlsplit

from ..base.problems import Location

NOWHERE: Mapping[str, Never] = MappingProxyType({})


@dataclass(frozen=True)
class Text:
    """A text field: one string per language code."""
    by_lang: Mapping[str, str]

    def get(self, lang: str, fallback: tuple[str, ...] = ()) -> tuple[str, str]:
        """(text, the language it is in): `lang` if present, else the first fallback
        language present, else any language present (sorted, so always the same)."""
        for code in (lang, *fallback, *sorted(self.by_lang)):
            if code in self.by_lang:
                return self.by_lang[code], code
        raise ValueError("a text field with no text")  # the schema makes this impossible


@dataclass(frozen=True)
class Where:
    """The place of a record in its file, and of each of its fields."""
    record: Location
    fields: Mapping[str, Location] = field(default_factory=lambda: NOWHERE)

    def of(self, name: str) -> Location:
        return self.fields.get(name, self.record)


def placed(where: Where | None) -> Where:
    """The place of a record read from a file. Only a record made in code (a test's) has
    none, and no problem can be reported at a place it does not have."""
    if where is None:
        raise ValueError("a record that was not read from a file has no place to report a problem at")
    return where


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    date: dt.date | None = None     # when the cited page was published, where it says


@dataclass(frozen=True)
class PartialDate:
    """A day, or only a month or a year where that is all the sources say: 2017-10-12,
    2017-10, 2017. Shown as precisely as it is known, never more."""
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> dt.date:
        """The first day it may mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        """The last day it may mean."""
        if self.day:
            return self.first
        if self.month:
            following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def isoformat(self) -> str:
        return self.first.isoformat()[:{"day": 10, "month": 7, "year": 4}[self.precision]]

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)


@dataclass(frozen=True)
class CustodyPeriod:
    kind: str                       # detention | house-arrest | prison | psychiatric-hospital
    start: dt.date                  # 'from' in the data
    until: dt.date | None = None    # only for a gap before a later arrest
    place: Text | None = None
    note: Text | None = None
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Release:
    on: dt.date
    how: str                        # exchange | end-of-term | parole | ...


@dataclass(frozen=True)
class Charge:
    article: str
    description: Text | None = None
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Event:
    """A step of a case, for the profile's timeline: the arrest, a court's decision, a
    transfer, a hearing to come..."""
    on: PartialDate
    kind: str                       # one of vocabulary.EVENT_KINDS: detained | verdict | ...
    text: Text
    source: Source
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class LastReported:
    """The newest source on where a person held now is held: how old the news of them is."""
    on: PartialDate
    place: Text
    source: Source
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SourcedText:
    """A text as a source gives it, with the source: a line of an envelope, an address."""
    text: str
    source: Source


@dataclass(frozen=True)
class Letters:
    """What a letter needs: the recipient's line; the postal address only where a source
    gives one; the page that keeps the address current."""
    recipient: SourcedText
    address: SourcedText | None = None
    page: Source | None = None


@dataclass(frozen=True)
class Term:
    """A sentence as data: its length (none for life), where it is served, the day it took
    effect, and what decides the credit for time in custody before it (term.py)."""
    regime: str                     # general | strict | special | settlement | prison
    in_force: dt.date
    years: int = 0
    months: int = 0
    life: bool = False
    starts: dt.date | None = None   # only where a court set the start to another day
    articles: tuple[str, ...] = ()  # the conviction's, where they differ from the charges
    credit: str | None = None       # one-for-one | one-and-a-half | two, where the verdict says
    source: Source | None = None
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Prisoner:
    id: str
    name: Text
    categories: tuple[str, ...]
    custody: tuple[CustodyPeriod, ...]
    summary: Text
    sources: tuple[Source, ...]
    verified: dt.date
    photo: str | None = None
    photo_credit: Text | None = None
    born: PartialDate | None = None  # only what the data publishes: a full date, or a year
    released: Release | None = None
    died_on: dt.date | None = None
    charges: tuple[Charge, ...] = ()
    sentence: Text | None = None
    address: str | None = None
    featured: bool = False
    events: tuple[Event, ...] = ()  # as written; the timeline sorts them by date
    last_reported: LastReported | None = None
    letters: Letters | None = None
    term: Term | None = None
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Member:
    id: str
    name: Text
    countries: tuple[str, ...]
    url: str
    founding: bool = False
    description: Text | None = None
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Facilitator:
    name: Text
    role: Text
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Headline:
    figure: int
    text: Text
    date: dt.date
    source: Source
    earlier_figure: int | None = None
    earlier_date: dt.date | None = None
    earlier_text: Text | None = None        # whose count it is, when someone else counted it
    earlier_source: Source | None = None
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SocialLink:
    name: str
    url: str


@dataclass(frozen=True)
class DataLicence:
    """Under what terms the open data files may be reused."""
    name: str
    url: str


CC_BY_4 = DataLicence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")


@dataclass(frozen=True)
class Repository:
    """Where the site's files are kept, for "Report an inaccuracy" (corrections.py)."""
    url: str                        # https://github.com/OWNER/REPO, without a final '/'
    branch: str
    host: str                       # github | gitlab | forgejo (Forgejo, Gitea, Codeberg)
    folder: str = ""                # the site's folder in the repository: '' or 'site/'


HOSTS = ("github", "gitlab", "forgejo")
# Hosts known by name; any other is known by a word in its name (gitlab.example.org).
KNOWN_HOSTS = {"github.com": "github", "gitlab.com": "gitlab", "codeberg.org": "forgejo"}
HOST_WORDS = (("gitlab", "gitlab"), ("forgejo", "forgejo"), ("gitea", "forgejo"))


def host_of(url: str) -> str | None:
    """The kind of host of a repository's address, where its name says it; else None."""
    name = (urlsplit(url).hostname or "").lower()
    if name in KNOWN_HOSTS:
        return KNOWN_HOSTS[name]
    return next((kind for word, kind in HOST_WORDS if word in name), None)


def repository(url: str, branch: str, host: str | None = None, folder: str = "") -> Repository | None:
    """The setting as the model keeps it; None when the kind of host is neither given nor
    told by the address (a problem for data/site.yaml)."""
    kind = host or host_of(url)
    if kind is None:
        return None
    url = url.rstrip("/").removesuffix(".git")
    folder = folder.strip("/")
    return Repository(url, branch, kind, folder + "/" if folder else "")


def unknown_host(url: str) -> str:
    return (f"'repository': the address {url} does not say what kind of host it is; add "
            f"'host: github', 'host: gitlab' or 'host: forgejo' (Forgejo, Gitea, Codeberg) under it")


@dataclass(frozen=True)
class TagWords:
    """A news tag as a post's front matter writes it, and its words in each language (a
    record, so that the translation check reports each language it lacks)."""
    tag: str
    words: Text
    where: Where | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SiteConfig:
    title: Text
    purpose: Text
    base_url: str                   # always ends with '/'
    timezone: str
    headline: Headline
    languages: tuple[str, ...] = ("en",)
    tagline: Text | None = None
    short_title: Text | None = None  # the name under an icon on a phone's home screen
    social: tuple[SocialLink, ...] = ()
    contact: str | None = None
    verify_every_days: int = 180    # a held person's record older than this is a warning
    data_licence: DataLicence = CC_BY_4   # of the open data files
    share_cards: bool = True        # a share card for the home page and each prisoner
    precompress: bool = False       # write .gz and .br copies of the text files
    repository: Repository | None = None   # None: the pages link no repository
    tags: tuple[TagWords, ...] = ()  # the news posts' tags in words
    where: Where | None = field(default=None, compare=False)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def tag_words(self, tag: str) -> Text | None:
        """A post's tag in words, where the site gives them (data/site.yaml `tags`)."""
        return next((t.words for t in self.tags if t.tag == tag), None)


@dataclass(frozen=True)
class Translation:
    """The words of a news post or page in one language: the file itself for the default
    language, or the file beside it (`about.ru.md`) for another."""
    lang: str
    title: str
    body: str                       # Markdown, as written
    summary: str | None = None
    source: Source | None = None
    draft: bool = False
    where: Where | None = field(default=None, compare=False)
    body_line: int = 1


@dataclass(frozen=True)
class NewsPost:
    slug: str                       # the file name without .md: 2019-02-21-launch
    title: str
    date: dt.date                   # the calendar day in the site's time zone
    summary: str
    body: str                       # Markdown, as written
    time: dt.datetime | None = None  # when the front matter gives a time too
    tags: tuple[str, ...] = ()
    prisoners: tuple[str, ...] = ()
    source: Source | None = None
    draft: bool = False
    where: Where | None = field(default=None, compare=False)
    body_line: int = 1              # the file's line where the Markdown starts
    lang: str = "en"                # the language of the file itself (the default)
    translations: Mapping[str, Translation] = field(default_factory=lambda: NOWHERE)

    def in_language(self, lang: str) -> Translation:
        return words_in(self, lang)

    def is_published(self, as_of: dt.date, drafts: bool = False) -> bool:
        """The one rule for what the site and its open data publish: a draft only in a
        build with --drafts (never in open data); a post dated after the as-of date waits
        for that day."""
        return (drafts or not self.draft) and self.date <= as_of


@dataclass(frozen=True)
class Page:
    slug: str                       # the file name without .md: about
    title: str
    body: str                       # Markdown, as written
    summary: str | None = None
    draft: bool = False
    where: Where | None = field(default=None, compare=False)
    body_line: int = 1
    lang: str = "en"
    translations: Mapping[str, Translation] = field(default_factory=lambda: NOWHERE)

    def in_language(self, lang: str) -> Translation:
        return words_in(self, lang)


def words_in(item: NewsPost | Page, lang: str) -> Translation:
    """A post's or page's words in `lang`: its translation when there is one that is not a
    draft, else its own, in the default language."""
    translation = item.translations.get(lang)
    if translation is not None and not translation.draft:
        return translation
    return Translation(item.lang, item.title, item.body, item.summary,
                       getattr(item, "source", None), item.draft, item.where, item.body_line)


@dataclass(frozen=True)
class Content:
    """Everything the site is built from, loaded and validated."""
    site: SiteConfig
    prisoners: tuple[Prisoner, ...]
    members: tuple[Member, ...]
    facilitators: tuple[Facilitator, ...]
    news: tuple[NewsPost, ...]
    pages: tuple[Page, ...]
    prisoner_ids: frozenset[str] | None = None   # as written, valid or not; None: unreadable
    # Files that exist but could not be loaded (their problems are reported): what is in
    # them is not known, so nothing is reported as missing because of them.
    failed: frozenset[str] = frozenset()

    def is_failed(self, rel: str) -> bool:
        return rel in self.failed
