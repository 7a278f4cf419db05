"""The search page: its form, which static/js/search.js runs on the language's index
(features/search.py makes the index)."""
from __future__ import annotations

from ..site import routes
from ..site.i18n import Language
from ..site.kinds import Description, KindPage, LanguageSite, PageKind
from .contexts import SearchPage
from .share import about_site


def search_pages(site: LanguageSite) -> list[KindPage]:
    return [KindPage(routes.SEARCH, SearchPage(site.frame))]


def search_described(page: SearchPage, language: Language) -> Description:
    return "website", language.pgettext("site search", "Search"), about_site(page.frame)


PAGE_KINDS = (PageKind(SearchPage, search_pages, search_described, order=70),)
