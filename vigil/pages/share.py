"""What a link to the site shows where it is shared, in each language: the words of each
share card (cards.py draws them), the pages' Open Graph and Twitter tags, and the share
links of a prisoner's page and of a post. Pure: no files, no clock.

The interface words here are in the catalogs with the templates' (i18n.interface_messages
collects the gettext and ngettext calls of this file), so a missing translation is
reported like any other.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..media.cards import HeadlineCard, ShareCard
from ..model.vocabulary import STATE
from ..site import routes
from ..site.context import Frame, PageContext, ShareImage, ShareLinks, SocialTags
from ..site.i18n import Language, plain_language
from ..site.kinds import Description, KindCard
from ..site.routes import query_value
from ..site.views import PostView, PrisonerView, custody_sentence


@dataclass(frozen=True)
class CardFile:
    """One share card of the built site."""
    path: str                        # relative to the output folder
    card: ShareCard | HeadlineCard


def card_path(page_path: str) -> str:
    """'ru/prisoners/x/index.html' -> 'ru/prisoners/x/card.png'."""
    folder = page_path.rpartition("/")[0]
    return f"{folder}/{routes.CARD_FILE}" if folder else routes.CARD_FILE


def card_url(page_url: str) -> str:
    """The card of the page at `page_url` (an address ending with '/')."""
    return page_url + routes.CARD_FILE


def has_card(page: PageContext, cards: Mapping[type, KindCard]) -> bool:
    """Whether the page has its own card: `cards`, each kind's (site/kinds.cards), by the
    type of its HTML page (the home page's and each prisoner's)."""
    return type(page) in cards


# --------------------------------------------------------------------------- words
def headline_sentence(frame: Frame, language: Language) -> str:
    """The home page's card in a sentence: '1,262 recognised political prisoners ... (as of
    30 December 2025)'."""
    head = frame.site.headline
    return language.gettext("%(figure)s %(text)s (as of %(date)s)") % {
        "figure": language.number(head.figure), "text": str(head.text), "date": language.date(head.date)}


def prisoner_card(view: PrisonerView, frame: Frame, language: Language, photo: Path | None) -> ShareCard:
    custody, name = view.custody, str(view.name)
    held = custody.state == "held"
    if held:
        note = language.gettext("as of %(date)s") % {"date": language.date(view.counter.as_of)}
    elif len(custody.stretches) > 1:             # free in between: not one stretch of days
        note = language.ngettext("in %(count)s period between %(start)s and %(end)s",
                                 "in %(count)s periods between %(start)s and %(end)s",
                                 len(custody.stretches)) % {
            "count": len(custody.stretches), "start": language.date(custody.first_day),
            "end": language.date(custody.last_day)}
    else:
        note = language.gettext("from %(start)s to %(end)s") % {
            "start": language.date(custody.first_day), "end": language.date(custody.last_day)}
    return ShareCard(
        name=name, figure=language.number(custody.days),
        unit=language.ngettext("day in custody", "days in custody", custody.days), note=note,
        coalition=str(frame.site.title), photo=photo,
        lang=frame.lang, status="" if held else language.gettext(STATE[custody.state]), state=custody.state)


def headline_card(frame: Frame, language: Language) -> HeadlineCard:
    head = frame.site.headline
    return HeadlineCard(language.number(head.figure), str(head.text), str(frame.site.title),
                        language.gettext("as of %(date)s") % {"date": language.date(head.date)}, frame.lang)


def card_of(page: PageContext, language: Language, photos: Mapping[str, Path],
            cards: Mapping[type, KindCard]) -> ShareCard | HeadlineCard:
    """The card of a page that has one (`has_card`), as its kind draws it; `photos`: each
    prisoner's photo file."""
    return cards[type(page)].draw(page, language, photos)


def card_files(outputs: Sequence, languages: Mapping[str, Language],
               photos: Mapping[str, Path], cards: Mapping[type, KindCard]) -> list[tuple[CardFile, ...]]:
    """The share cards of the pages that have one (site.Output each), a page's in every
    language together (a person's photo is then reduced once for all). `photos`: the photo
    file of each prisoner who has one; `cards`: each kind's card (site/kinds.cards)."""
    found: dict[str, list[CardFile]] = {}
    for output in outputs:
        if has_card(output.page, cards):
            language = languages.get(output.lang) or plain_language(output.lang)
            found.setdefault(output.key, []).append(
                CardFile(card_path(output.path), card_of(output.page, language, photos, cards)))
    return [tuple(files) for files in found.values()]


# --------------------------------------------------------------------------- tags
def about_site(frame: Frame) -> str:
    """What a page that has no words of its own to share says: the site's tagline."""
    return str(frame.site.tagline or frame.site.title)


def described(page: PageContext, language: Language,
              kinds: Mapping[type, Callable[[Any, Language], Description]]) -> Description:
    """(og:type, title, description) of a page: its own title, without the site's name.
    `kinds`: how each kind of page (site/kinds.py) describes its own."""
    describe = kinds.get(type(page))
    if describe is None:
        raise TypeError(f"no share tags for a {type(page).__name__}: no kind of page describes it")
    return describe(page, language)


def share_image(page: PageContext, url: str, language: Language, cards: Mapping[type, KindCard]) -> ShareImage:
    """The card of a page that has one, at `url` (absolute), with the sentence its kind
    says it in."""
    return ShareImage(url, cards[type(page)].sentence(page, language))


def social_tags(page: PageContext, url: str, language: Language, other_locales: tuple[str, ...],
                image: ShareImage | None,
                kinds: Mapping[type, Callable[[Any, Language], Description]]) -> SocialTags:
    """`url`: the page's absolute address; `image`: its card, or the home page's; `kinds`:
    how the features' kinds of page describe theirs."""
    kind, title, description = described(page, language, kinds)
    return SocialTags(kind, title, description, url, str(page.frame.site.title),
                      language.territorial_locale, other_locales, image)


# --------------------------------------------------------------------------- links
@functools.lru_cache(maxsize=65536)       # serve makes the same links after every edit
def share_links(url: str, subject: str, text: str) -> ShareLinks:
    """Links that share the page at `url` (absolute) with `text`; `subject`: an e-mail's."""
    body = f"{text}\r\n\r\n{url}"                 # RFC 6068: a line break in a body is CRLF
    return ShareLinks(
        page=url,
        email=f"mailto:?subject={query_value(subject)}&body={query_value(body)}",
        telegram=f"https://t.me/share/url?url={query_value(url)}&text={query_value(text)}",
        x=f"https://twitter.com/intent/tweet?text={query_value(text)}&url={query_value(url)}",
        facebook=f"https://www.facebook.com/sharer/sharer.php?u={query_value(url)}",
        whatsapp=f"https://wa.me/?text={query_value(f'{text} {url}')}",
    )


def profile_links(view: PrisonerView, frame: Frame, language: Language) -> ShareLinks:
    return share_links(frame.urls.full(view.url), str(view.name), custody_sentence(view, language))


def post_links(view: PostView, frame: Frame) -> ShareLinks:
    return share_links(frame.urls.full(view.url), str(view.title), str(view.title))
