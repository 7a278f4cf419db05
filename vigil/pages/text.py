"""The pages of content/pages/ (about, how to help...), each at its slug."""
from __future__ import annotations

from ..model.records import placed
from ..site import routes
from ..site.i18n import Language
from ..site.kinds import Description, KindPage, LanguageSite, PageKind
from ..site.views import page_view
from .contexts import TextPage


def text_pages(site: LanguageSite) -> list[KindPage]:
    return [KindPage(routes.text_page(p.slug), TextPage(site.frame, page_view(p, site.words)),
                     where=placed(p.where).record, in_sitemap=not p.draft)
            for p in sorted(site.content.pages, key=lambda p: p.slug) if site.drafts or not p.draft]


def text_described(page: TextPage, language: Language) -> Description:
    return "website", str(page.view.title), str(page.view.summary or page.view.title)


PAGE_KINDS = (PageKind(TextPage, text_pages, text_described, order=50),)
