"""What the pages show of each record, post and page, finished: every text in the page's
language (or marked as a fallback), every Markdown text made into safe HTML, every count
and date computed. Templates only place these values. Pure: no files, no clock."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from markupsafe import Markup, escape

from ..base.memo import Memos
from ..load.markup import Html, Markdown
from ..media.photos import Portrait, portrait
from ..media.placeholder import Placeholder, placeholder
from ..model.custody import Custody, custody_on
from ..model.records import (
    Event,
    Facilitator,
    Headline,
    Letters,
    Member,
    NewsPost,
    Page,
    PartialDate,
    Prisoner,
    SiteConfig,
    SocialLink,
    Source,
    Text,
)
from ..model.term import TermEnd, add_months, term_end
from ..model.timeline import in_order, is_upcoming
from ..model.typography import typeset
from ..model.vocabulary import STATE
from . import routes
from .routes import Urls

if TYPE_CHECKING:                    # a page's words are in its language
    from .i18n import Language


@dataclass(frozen=True)
class Localized:
    """A text as a page in `page_lang` shows it: in that language, or, where it has no
    translation, in the language it has (`fallback`), which the page then marks."""
    text: str | Html
    lang: str
    page_lang: str

    @property
    def fallback(self) -> bool:
        return self.lang != self.page_lang

    def __html__(self) -> Markup:
        return Markup(self.text.__html__()) if isinstance(self.text, Html) else escape(self.text)

    def __str__(self) -> str:
        return str(self.text)


@overload
def localized(value: Text, lang: str, default: str) -> Localized: ...
@overload
def localized(value: Text | None, lang: str, default: str) -> Localized | None: ...
def localized(value: Text | None, lang: str, default: str) -> Localized | None:
    if value is None:
        return None
    text, written_in = value.get(lang, (default,))
    return Localized(typeset(text, written_in), written_in, lang)


@dataclass(frozen=True)
class Words:
    """How one language's pages show the data: its language, the default language a text
    without a translation falls back to, and its Markdown."""
    lang: str
    default: str
    urls: Urls
    md: Markdown

    @overload
    def text(self, value: Text) -> Localized: ...
    @overload
    def text(self, value: Text | None) -> Localized | None: ...
    def text(self, value: Text | None) -> Localized | None:
        return localized(value, self.lang, self.default)

    def markdown(self, value: Text, top_heading: int = 2) -> Localized:
        shown = self.text(value)
        if not isinstance(shown.text, str):         # a text field's words, not yet HTML
            raise TypeError("Markdown is made from a text field's words")
        return Localized(self.md.html(shown.text, top_heading), shown.lang, self.lang)


@dataclass(frozen=True)
class HeadlineView:
    figure: int
    text: Localized
    date: dt.date
    source: Source
    earlier_figure: int | None
    earlier_date: dt.date | None
    earlier_text: Localized | None
    earlier_source: Source | None


@dataclass(frozen=True)
class SiteView:
    """The site's own texts and settings, in the page's language."""
    title: Localized
    tagline: Localized | None
    purpose_html: Localized
    headline: HeadlineView
    timezone: str
    contact: str | None
    social: tuple[SocialLink, ...]


def site_view(site: SiteConfig, words: Words) -> SiteView:
    head: Headline = site.headline
    headline = HeadlineView(head.figure, words.text(head.text), head.date, head.source,
                            head.earlier_figure, head.earlier_date, words.text(head.earlier_text),
                            head.earlier_source)
    return SiteView(words.text(site.title), words.text(site.tagline),
                    words.markdown(site.purpose, top_heading=3),        # under its h2 "Who we are"
                    headline, site.timezone, site.contact, site.social)


@dataclass(frozen=True)
class Counter:
    days: int
    as_of: dt.date
    live: bool                       # still held: the page script moves it on
    years: int = 0                   # the days as whole years and months (years_and_months)
    months: int = 0

    @property
    def day_zero(self) -> dt.date:
        """The day a live count is counted from: on any later day it is that day minus this
        one (as static/js/counter.js counts on). The same every night, unlike the count: the
        search index keeps it (templates/prisoner.html)."""
        return self.as_of - dt.timedelta(days=self.days)


MONTH = 365.2425 / 12                # days: a month of the Gregorian calendar's average year


def years_and_months(stretches: tuple[tuple[dt.date, dt.date], ...]) -> tuple[int, int]:
    """Time in custody as whole years and months: each unbroken stretch counted on the
    calendar (19 June 2003 to 7 December 2026: 23 years 5 months), and the days left over
    from each, put together, as months of average length."""
    months, rest = 0, 0
    for first, last in stretches:
        whole = 12 * (last.year - first.year) + last.month - first.month
        if add_months(first, whole) > last:
            whole -= 1
        months += whole
        rest += (last - add_months(first, whole)).days
    return divmod(months + int(rest / MONTH), 12)


@dataclass(frozen=True)
class PeriodView:
    """One row of a profile's table of custody periods."""
    kind: str
    start: dt.date
    end: dt.date
    ongoing: bool
    days: int
    place: Localized | None
    note: Localized | None


@dataclass(frozen=True)
class ChargeView:
    """A charge as a page names it: the data's "207.3(2)" is article 207.3, part 2, which
    English writes "Article 207.3(2)" and Russian «ч. 2 ст. 207.3» (the catalogs' words)."""
    article: str                     # 207.3
    part: str | None                 # 2
    description: Localized | None


ARTICLE_PART = re.compile(r"(?P<article>\d+(?:\.\d+)*)\((?P<part>\d+)\)")


def article_and_part(value: str) -> tuple[str, str | None]:
    """'207.3(2)' -> ('207.3', '2'); an article without a part, or written otherwise, as it is."""
    match = ARTICLE_PART.fullmatch(value.strip())
    return (match["article"], match["part"]) if match else (value, None)


@dataclass(frozen=True)
class EventView:
    """One step of a profile's timeline: its date as precisely as known, its kind, what
    happened in the page's language, and the page that says so."""
    on: PartialDate
    kind: str
    text: Localized
    source: Source
    upcoming: bool                   # a hearing still to come, as of the build's date
    anchor: str                      # its id on the profile, the same in every build and
                                     # language (<person>-<date>-<place in the timeline>)


def timeline_view(prisoner_id: str, events: tuple[Event, ...], as_of: dt.date,
                  words: Words) -> tuple[EventView, ...]:
    return tuple(EventView(e.on, e.kind, words.text(e.text), e.source, is_upcoming(e, as_of),
                           f"{prisoner_id}-{e.on.isoformat()}-{n}")
                 for n, e in enumerate(in_order(events)))


@dataclass(frozen=True)
class LastReportedView:
    """Where a person held now was last reported, and when: the date of the newest source."""
    on: PartialDate
    place: Localized
    source: Source


@dataclass(frozen=True)
class TermView:
    """The expected end of a fixed term (term.py), and the pieces of how it was worked out."""
    end: TermEnd
    ends_in: PartialDate             # the month: the pages say no more than that
    years: int
    months: int


def term_view(p: Prisoner) -> TermView | None:
    if p.term is None:
        return None
    end = term_end(p.term, p.custody, [c.article for c in p.charges])
    if end is None:
        return None
    years, months = divmod(12 * p.term.years + p.term.months, 12)      # 67 months: 5 years 7 months
    return TermView(end, PartialDate(end.ends_on.year, end.ends_on.month), years, months)


@dataclass(frozen=True)
class PrisonerView:
    prisoner: Prisoner
    name: Localized
    url: str
    custody: Custody
    counter: Counter
    summary_html: Localized
    portrait: Portrait | None = None          # the photo; without one, the placeholder
    placeholder: Placeholder | None = None
    photo_credit: Localized | None = None
    periods: tuple[PeriodView, ...] = ()
    charges: tuple[ChargeView, ...] = ()
    sentence: Localized | None = None
    news: tuple[PostItem, ...] = ()
    timeline: tuple[EventView, ...] = ()     # the case's events, in date order
    last_reported: LastReportedView | None = None   # for those held now
    letters: Letters | None = None                  # for those held now
    term: TermView | None = None                    # a fixed term of someone held now


def prisoner_view(p: Prisoner, as_of: dt.date, words: Words, urls: Urls,
                  news: tuple[PostItem, ...], photo_key: str | None = None,
                  memos: Memos | None = None) -> PrisonerView:
    """`photo_key`: the key of the photo's renditions (photos.prepare_photos), if it has one.
    `memos`: what the session has made of its records (none: made here)."""
    memos = Memos() if memos is None else memos
    custody = custody_on(p, as_of, memos.custody)
    held = custody.state == "held"
    counter = Counter(custody.days, as_of if held else custody.last_day, held,
                      *years_and_months(custody.stretches))
    periods = tuple(PeriodView(s.kind, s.start, s.end, s.ongoing, s.days, words.text(period.place),
                               words.text(period.note))
                    for s, period in zip(custody.spans, p.custody, strict=True))
    charges = tuple(ChargeView(*article_and_part(c.article), words.text(c.description)) for c in p.charges)
    name = words.text(p.name)
    shown = portrait(p.id, photo_key, urls.root) if photo_key else None
    return PrisonerView(p, name, urls.path(routes.prisoner(p.id)), custody, counter,
                        words.markdown(p.summary, top_heading=3),     # under its h2 "About <name>"
                        shown, None if shown else placeholder(str(name)),
                        words.text(p.photo_credit) if shown else None,     # no photo, no credit
                        periods, charges, words.text(p.sentence), news,
                        timeline_view(p.id, p.events, as_of, words),
                        last_reported_view(p, words) if held else None,
                        p.letters if held else None,
                        memos.terms.get(p, (), lambda: term_view(p)) if held else None)


def last_reported_view(p: Prisoner, words: Words) -> LastReportedView | None:
    last = p.last_reported
    return LastReportedView(last.on, words.text(last.place), last.source) if last else None


@dataclass(frozen=True)
class PostView:
    post: NewsPost
    url: str
    title: Localized
    summary: Localized
    body_html: Localized
    prisoners: tuple[tuple[Localized, str], ...]    # (name, url) of the prisoners it is about
    source: Source | None
    moment: dt.date | dt.datetime                   # its time if it has one, else its day
    tags: tuple[Localized, ...] = ()                # in the page's language where the site gives words


@dataclass(frozen=True)
class PostItem:
    """A post in a list: only what a list shows of it, so that a page listing a post is
    not made again when only the post's body changes."""
    url: str
    title: Localized
    summary: Localized
    date: dt.date


def post_item(view: PostView) -> PostItem:
    return PostItem(view.url, view.title, view.summary, view.post.date)


def post_view(post: NewsPost, words: Words, urls: Urls, names: dict[str, Localized],
              tag_words: Callable[[str], Text | None] = lambda tag: None) -> PostView:
    text = post.in_language(words.lang)
    def shown(value):
        return Localized(typeset(value, text.lang) if isinstance(value, str) else value, text.lang, words.lang)
    return PostView(post, urls.path(routes.news_post(post.slug)), shown(text.title), shown(text.summary),
                    shown(words.md.html(typeset(text.body, text.lang))),
                    tuple((names[i], urls.path(routes.prisoner(i))) for i in post.prisoners if i in names),
                    text.source, post.time or post.date,
                    tuple(words.text(tag_words(tag)) or Localized(tag, words.default, words.lang)
                          for tag in post.tags))


@dataclass(frozen=True)
class PageView:
    page: Page
    title: Localized
    summary: Localized | None
    body_html: Localized


def page_view(page: Page, words: Words) -> PageView:
    text = page.in_language(words.lang)
    def shown(value):
        return Localized(typeset(value, text.lang) if isinstance(value, str) else value, text.lang, words.lang)
    return PageView(page, shown(text.title), shown(text.summary) if text.summary else None,
                    shown(words.md.html(typeset(text.body, text.lang))))


@dataclass(frozen=True)
class MemberView:
    id: str
    name: Localized
    countries: tuple[str, ...]
    url: str
    founding: bool
    description: Localized | None


def member_view(member: Member, words: Words) -> MemberView:
    return MemberView(member.id, words.text(member.name), member.countries, member.url,
                      member.founding, words.text(member.description))


@dataclass(frozen=True)
class FacilitatorView:
    name: Localized
    role: Localized


def facilitator_view(person: Facilitator, words: Words) -> FacilitatorView:
    return FacilitatorView(words.text(person.name), words.text(person.role))


# ---------------------------------------------------------------------------- order
def prisoner_order(view: PrisonerView) -> tuple:
    """Those held now first, longest held first; then the others, latest release first."""
    held = view.custody.state == "held"
    return (not held, -view.custody.days if held else -view.custody.last_day.toordinal(), view.prisoner.id)


def post_order(post: NewsPost) -> tuple:
    """Newest first; within a day by time, then by slug, so the order never changes."""
    moment = post.time.timestamp() if post.time else 0
    return (-post.date.toordinal(), -moment, post.slug)


def member_order(member: MemberView) -> tuple:
    return (str(member.name).casefold(), member.id)


def custody_sentence(view: PrisonerView, language: Language) -> str:
    """The person and their count in a sentence: what their card shows (its alt text), the
    description of their page, and the text a share link carries. No full stop at its end:
    a date may end with one ('7 сентября 2019 г.')."""
    custody, name = view.custody, str(view.name)
    if custody.state == "held":
        return language.ngettext(
            "%(name)s: %(days)s day in custody as of %(date)s",
            "%(name)s: %(days)s days in custody as of %(date)s", custody.days,
        ) % {"name": name, "days": language.number(custody.days), "date": language.date(view.counter.as_of)}
    days = language.ngettext("%(days)s day", "%(days)s days", custody.days) % {
        "days": language.number(custody.days)}
    status = language.gettext(STATE[custody.state])
    if len(custody.stretches) > 1:               # free in between: say each time in custody
        periods = "; ".join(language.gettext("from %(start)s to %(end)s") % {
            "start": language.date(first), "end": language.date(last)} for first, last in custody.stretches)
        return language.ngettext("%(name)s. %(status)s. Held for %(days)s in %(count)s period: %(periods)s",
                                 "%(name)s. %(status)s. Held for %(days)s in %(count)s periods: %(periods)s",
                                 len(custody.stretches)) % {
            "name": name, "status": status, "days": days, "count": len(custody.stretches), "periods": periods}
    return language.gettext("%(name)s. %(status)s. Held for %(days)s, from %(start)s to %(end)s") % {
        "name": name, "status": status, "days": days,
        "start": language.date(custody.first_day), "end": language.date(custody.last_day)}
