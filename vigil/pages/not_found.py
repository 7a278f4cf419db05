"""The page a visitor gets at an address the site does not have (404.html)."""
from __future__ import annotations

from ..site import routes
from ..site.i18n import Language
from ..site.kinds import Description, KindPage, LanguageSite, PageKind
from .contexts import NotFound
from .share import about_site


def not_found_pages(site: LanguageSite) -> list[KindPage]:
    return [KindPage(routes.NOT_FOUND, NotFound(site.frame))]


def not_found_described(page: NotFound, language: Language) -> Description:
    return "website", language.gettext("Page not found"), about_site(page.frame)


PAGE_KINDS = (PageKind(NotFound, not_found_pages, not_found_described, in_sitemap=False, order=65),)
