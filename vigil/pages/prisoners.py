"""The pages about the people: "Write a letter" (everyone held now), the list of everyone
and of each category, and each person's profile with its badge."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..features.badge import badge_of, embed_of
from ..features.corrections import correction
from ..media.cards import ShareCard
from ..model.records import placed
from ..model.spellings import other_spellings, search_spellings
from ..model.vocabulary import CATEGORIES, CATEGORY
from ..site import routes
from ..site.i18n import Language
from ..site.kinds import Description, KindCard, KindPage, LanguageSite, PageKind
from ..site.routes import paginate
from ..site.views import PrisonerView, custody_sentence
from .contexts import Category, PrisonerList, Profile, Totals, WriteLetters
from .share import about_site, prisoner_card, profile_links

PRISONERS_PER_PAGE = 48              # 2, 3 or 4 cards a row; a light page on a phone


def write_pages(site: LanguageSite) -> list[KindPage]:
    return [KindPage(routes.WRITE, WriteLetters(site.frame, tuple(v for v in site.prisoners
                                                                 if v.custody.state == "held")))]


def write_described(page: WriteLetters, language: Language) -> Description:
    return "website", language.gettext("Write a letter"), language.gettext(
        "What a letter to each political prisoner held now needs: where they were last "
        "reported, the recipient's line and the postal address, each with its source.")


def list_pages(site: LanguageSite) -> list[KindPage]:
    """/prisoners/ with everyone, and /prisoners/category/<slug>/ for each category."""
    frame, prisoners = site.frame, site.prisoners
    urls = frame.urls
    by_category: dict[str, list[PrisonerView]] = {slug: [] for slug in CATEGORIES}
    for view in prisoners:
        for slug in view.prisoner.categories:
            by_category[slug].append(view)
    categories = tuple(Category(slug, len(views), urls.path(routes.category(slug)))
                       for slug, views in by_category.items() if views)
    totals = Totals(*(sum(1 for v in prisoners if v.custody.state == state)
                      for state in ("held", "released", "died")))
    lists = [(None, routes.PRISONERS, list(prisoners))] + [
        (c.slug, routes.category(c.slug), by_category[c.slug]) for c in categories]
    return [KindPage(route, PrisonerList(frame, tuple(chunk), pager, slug, len(views), categories, totals))
            for slug, first, views in lists
            for route, chunk, pager in paginate(views, PRISONERS_PER_PAGE, first, urls)]


def list_described(page: PrisonerList, language: Language) -> Description:
    if page.category is None:
        return "website", language.gettext("Political prisoners"), about_site(page.frame)
    return "website", language.gettext("Political prisoners: %(category)s") % {
        "category": language.gettext(CATEGORY[page.category])}, about_site(page.frame)


def profile_pages(site: LanguageSite) -> list[KindPage]:
    """Each person's profile, then each one's badge (badge.svg beside it)."""
    frame, language, urls, lang = site.frame, site.language, site.frame.urls, site.frame.lang
    config = site.content.site
    short_title = str(site.words.text(config.short_title or config.title))
    badges = [badge_of(v, frame, language, short_title) for v in site.prisoners]
    pages = []
    for v, badge in zip(site.prisoners, badges, strict=True):
        address = urls.full(v.url)
        where = placed(v.prisoner.where).record
        pages.append(KindPage(routes.prisoner(v.prisoner.id), Profile(
            frame, v, profile_links(v, frame, language), address, site.codes.want(address),
            embed_of(v, badge, frame),
            correction(config.repository, where, str(v.name), v.prisoner.id, address, v.prisoner.verified,
                       language),
            other_spellings(v.prisoner.name, lang, config.languages),
            search_spellings(v.prisoner.name, site.memos.spellings)), where=where, of_a_record_id=True))
    return pages + [KindPage(routes.badge(v.prisoner.id), badge, where=placed(v.prisoner.where).record,
                             of_a_record_id=True)
                    for v, badge in zip(site.prisoners, badges, strict=True)]


def profile_described(page: Profile, language: Language) -> Description:
    return "profile", str(page.view.name), custody_sentence(page.view, language)


def profile_card(page: Profile, language: Language, photos: Mapping[str, Path]) -> ShareCard:
    """A person's card: their photo (or initials), name and days in custody."""
    return prisoner_card(page.view, page.frame, language, photos.get(page.view.prisoner.id))


def profile_card_sentence(page: Profile, language: Language) -> str:
    return custody_sentence(page.view, language)


PAGE_KINDS = (PageKind(WriteLetters, write_pages, write_described, linked_pages=(routes.HOW_TO_HELP,), order=15),
              PageKind(PrisonerList, list_pages, list_described, linked_pages=(routes.HOW_WE_COUNT,), order=20),
              PageKind(Profile, profile_pages, profile_described, card=KindCard(profile_card, profile_card_sentence),
                       linked_pages=(routes.HOW_WE_COUNT, routes.HOW_TO_HELP), order=25))
