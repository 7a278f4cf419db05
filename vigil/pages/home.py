"""The home page: the featured people, the latest news, the members, the birthdays to come
and the records' latest events."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..features.birthdays import upcoming_birthdays
from ..features.latest import latest_events
from ..media.cards import HeadlineCard
from ..site import routes
from ..site.i18n import Language
from ..site.kinds import Description, KindCard, KindPage, LanguageSite, PageKind
from ..site.views import member_view, post_item
from .contexts import Home
from .share import headline_card, headline_sentence

HOME_NEWS = 5
HOME_EVENTS = 6                      # its "Latest": the records' newest events
HOME_BIRTHDAY_DAYS = 30              # its birthdays: the build's date and 29 more


def home_pages(site: LanguageSite) -> list[KindPage]:
    as_of = site.frame.as_of
    featured = tuple(v for v in site.prisoners if v.prisoner.featured)
    members = tuple(member_view(m, site.words) for m in site.content.members)
    return [KindPage(routes.HOME, Home(site.frame, featured, tuple(post_item(v) for v in site.posts[:HOME_NEWS]),
                                       members, upcoming_birthdays(site.prisoners, as_of, HOME_BIRTHDAY_DAYS),
                                       latest_events(site.prisoners, as_of, HOME_EVENTS)))]


def home_described(page: Home, language: Language) -> Description:
    site = page.frame.site
    return "website", str(site.title), str(site.tagline or site.title)


def home_card(page: Home, language: Language, photos: Mapping[str, Path]) -> HeadlineCard:
    """The home page's card, the headline figure: the site's card too, the image of every
    page without its own."""
    return headline_card(page.frame, language)


def home_card_sentence(page: Home, language: Language) -> str:
    return headline_sentence(page.frame, language)


PAGE_KINDS = (PageKind(Home, home_pages, home_described,
                       card=KindCard(home_card, home_card_sentence, for_the_site=True),
                       linked_pages=(routes.HOW_TO_HELP,), order=10),)
