"""The statistics page: the figures of everyone's records and their charts."""
from __future__ import annotations

from ..features.statistics import charts_of
from ..model.figures import statistics_of
from ..site import routes
from ..site.i18n import Language
from ..site.kinds import Description, KindPage, LanguageSite, PageKind
from .contexts import Statistics
from .share import about_site


def statistics_pages(site: LanguageSite) -> list[KindPage]:
    """Every language's statistics page shows the same figures: they are worked out once."""
    prisoners, as_of, memos = site.content.prisoners, site.frame.as_of, site.memos
    figures = memos.statistics.get(prisoners, (as_of,),
                                   lambda: statistics_of(prisoners, as_of, memos.custody))
    return [KindPage(routes.STATISTICS, Statistics(site.frame, figures, charts_of(figures, site.language)))]


def statistics_described(page: Statistics, language: Language) -> Description:
    return "website", language.gettext("Statistics"), about_site(page.frame)


PAGE_KINDS = (PageKind(Statistics, statistics_pages, statistics_described, linked_pages=(routes.HOW_WE_COUNT,),
                       order=45),)
