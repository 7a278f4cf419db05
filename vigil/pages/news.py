"""The news: its list, over several pages, and each post."""
from __future__ import annotations

from ..model.records import placed
from ..site import routes
from ..site.i18n import Language
from ..site.kinds import Description, KindPage, LanguageSite, PageKind
from ..site.routes import paginate
from ..site.views import post_item
from .contexts import NewsList, Post
from .share import about_site, post_links

NEWS_PER_PAGE = 10


def news_pages(site: LanguageSite) -> list[KindPage]:
    items = [post_item(v) for v in site.posts]
    return [KindPage(route, NewsList(site.frame, tuple(chunk), pager))
            for route, chunk, pager in paginate(items, NEWS_PER_PAGE, routes.NEWS, site.frame.urls)]


def news_described(page: NewsList, language: Language) -> Description:
    return "website", language.gettext("News"), about_site(page.frame)


def post_pages(site: LanguageSite) -> list[KindPage]:
    return [KindPage(routes.news_post(v.post.slug), Post(site.frame, v, post_links(v, site.frame)),
                     where=placed(v.post.where).record, in_sitemap=not v.post.draft)
            for v in site.posts]


def post_described(page: Post, language: Language) -> Description:
    return "article", str(page.view.title), str(page.view.summary)


PAGE_KINDS = (PageKind(NewsList, news_pages, news_described, order=35),
              PageKind(Post, post_pages, post_described, order=40))
