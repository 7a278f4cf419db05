"""The coalition's members and its facilitators."""
from __future__ import annotations

from ..site import routes
from ..site.i18n import Language
from ..site.kinds import Description, KindPage, LanguageSite, PageKind
from ..site.views import facilitator_view, member_order, member_view
from .contexts import Members
from .share import about_site


def members_pages(site: LanguageSite) -> list[KindPage]:
    content, words = site.content, site.words
    members = sorted((member_view(m, words) for m in content.members), key=member_order)
    return [KindPage(routes.MEMBERS, Members(site.frame, tuple(members),
                                             tuple(facilitator_view(f, words) for f in content.facilitators)))]


def members_described(page: Members, language: Language) -> Description:
    return "website", language.pgettext("share title", "Members"), about_site(page.frame)


PAGE_KINDS = (PageKind(Members, members_pages, members_described, order=30),)
