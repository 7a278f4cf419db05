"""The whole site as a model: every page with its URL and the ready values its
template shows. Pure: no files, no clock."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import urlsplit

from .custody import Custody, custody_of
from .markup import Html, Markdown
from .model import Content, Member, NewsPost, Page, Prisoner, Text
from .problems import Location, Problem
from .schema import load_schema

NEWS_PER_PAGE = 10
PRISONERS_PER_PAGE = 48              # 2, 3 or 4 cards a row; a light page on a phone
FEED_SIZE = 20
HOME_NEWS = 5
# The coalition's categories, in the order of the schema (the order of its report).
CATEGORIES = tuple(load_schema("prisoners.schema.json")["$defs"]["category"]["enum"])


@dataclass(frozen=True)
class Output:
    """One file of the built site."""
    path: str                        # relative to the output folder
    url: str                         # the site path, from the base path: /prisoners/x/
    template: str
    values: Mapping[str, Any] = field(default_factory=dict)
    lastmod: dt.date | None = None
    in_sitemap: bool = True
    where: Location | None = None    # the file that made it, for error messages


@dataclass(frozen=True)
class Counter:
    days: int
    as_of: dt.date
    live: bool                       # still held: the page script moves it on


@dataclass(frozen=True)
class PrisonerView:
    prisoner: Prisoner
    name: str
    url: str
    custody: Custody
    counter: Counter
    summary_html: Html
    photo_url: str | None = None
    news: tuple["PostView", ...] = ()


@dataclass(frozen=True)
class PostView:
    post: NewsPost
    url: str
    body_html: Html
    prisoners: tuple[tuple[str, str], ...]    # (name, url) of the prisoners it is about


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a list split over several pages."""
    page: int                        # from 1
    urls: tuple[str, ...]            # of every page of the list

    @property
    def pages(self) -> int:
        return len(self.urls)

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.page - 2] if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.page] if self.page < self.pages else None

    def window(self, around: int = 2) -> list[tuple[int, str] | None]:
        """(number, url) of the first, last and nearby pages; None for a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.page - around),
                                               min(self.pages, self.page + around) + 1)})
        links: list[tuple[int, str] | None] = []
        for n in shown:
            if links and links[-1] is not None and n > links[-1][0] + 1:
                links.append(None)
            links.append((n, self.urls[n - 1]))
        return links


@dataclass(frozen=True)
class Category:
    slug: str
    count: int
    url: str


@dataclass(frozen=True)
class Urls:
    """Where things live; `base_path` is the path part of base_url ('/' or '/site/')."""
    base_url: str

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def path(self, rel: str) -> str:
        return self.base_path + rel.lstrip("/")

    def absolute(self, rel: str) -> str:
        return self.base_url + rel.lstrip("/")

    def from_root(self, url: str) -> str:
        """A site path without the base path: '/site/about/' -> '/about/'."""
        return "/" + url[len(self.base_path):]

    def full(self, url: str) -> str:
        """The absolute address of a site path: '/site/about/' -> 'https://.../site/about/'."""
        return self.absolute(self.from_root(url))


def text_in(value: Text | None, lang: str) -> str:
    return "" if value is None else value.get(lang)[0]


def is_published(post: NewsPost, as_of: dt.date, drafts: bool) -> bool:
    """Drafts only with --drafts; a post dated after the as-of date waits for it."""
    return (drafts or not post.draft) and post.date <= as_of


def prisoner_order(view: PrisonerView) -> tuple:
    """Those held now first, longest held first; then the others, latest release first."""
    held = view.custody.state == "held"
    return (not held, -view.custody.days if held else -view.custody.last_day.toordinal(), view.prisoner.id)


def post_order(post: NewsPost) -> tuple:
    """Newest first; within a day by time, then by slug, so the order never changes."""
    moment = post.time.timestamp() if post.time else 0
    return (-post.date.toordinal(), -moment, post.slug)


def build_site(content: Content, as_of: dt.date, drafts: bool = False, dev: bool = False) -> list[Output]:
    site, lang = content.site, content.site.default_language
    urls = Urls(site.base_url)
    md = Markdown(urls.base_path)
    posts = sorted((p for p in content.news if is_published(p, as_of, drafts)), key=post_order)
    names = {p.id: text_in(p.name, lang) for p in content.prisoners}
    post_views = [PostView(p, urls.path(f"news/{p.slug}/"), md.lazy(p.body),
                           tuple((names[i], urls.path(f"prisoners/{i}/")) for i in p.prisoners if i in names))
                  for p in posts]
    about: dict[str, list[PostView]] = {}
    for view in post_views:
        for pid in view.post.prisoners:
            about.setdefault(pid, []).append(view)
    prisoners = sorted((prisoner_view(p, as_of, lang, urls, md, tuple(about.get(p.id, ())))
                        for p in content.prisoners), key=prisoner_order)
    common = {"site": site, "lang": lang, "as_of": as_of, "urls": urls, "dev": dev,
              "purpose_html": md.lazy(text_in(site.purpose, lang))}
    outputs = [Output("index.html", urls.path(""), "home.html",
                      {**common, "featured": [v for v in prisoners if v.prisoner.featured],
                       "latest": post_views[:HOME_NEWS], "members": content.members})]
    outputs += prisoner_list_outputs(prisoners, urls, common)
    outputs += [Output(f"prisoners/{v.prisoner.id}/index.html", v.url, "prisoner.html",
                       {**common, "view": v}, lastmod=v.prisoner.verified, where=v.prisoner.where.record)
                for v in prisoners]
    outputs.append(Output("members/index.html", urls.path("members/"), "members.html",
                          {**common, "members": sorted(content.members, key=member_order),
                           "facilitators": content.facilitators}))
    outputs += news_outputs(post_views, urls, common)
    outputs += page_outputs(content.pages, urls, md, common, drafts)
    outputs += [
        Output("feed.xml", urls.path("feed.xml"), "feed.xml",
               {**common, "posts": post_views[:FEED_SIZE]}, in_sitemap=False),
        Output("404.html", urls.path("404.html"), "404.html", common, in_sitemap=False),
        Output("robots.txt", urls.path("robots.txt"), "robots.txt", common, in_sitemap=False),
    ]
    listed = [o for o in outputs if o.in_sitemap]
    outputs.append(Output("sitemap.xml", urls.path("sitemap.xml"), "sitemap.xml",
                          {**common, "entries": listed}, in_sitemap=False))
    return outputs


def prisoner_view(p: Prisoner, as_of: dt.date, lang: str, urls: Urls, md: Markdown,
                  news: tuple[PostView, ...]) -> PrisonerView:
    custody = custody_of(p, as_of)
    counter = Counter(custody.days, as_of if custody.state == "held" else custody.last_day,
                      custody.state == "held")
    return PrisonerView(p, text_in(p.name, lang), urls.path(f"prisoners/{p.id}/"), custody,
                        counter, md.lazy(text_in(p.summary, lang)),
                        urls.path(f"static/{p.photo}") if p.photo else None, news)


def member_order(member: Member) -> tuple:
    return (member.name.casefold(), member.id)


def paginate(items: list, per_page: int, folder: str, urls: Urls) -> list[tuple[str, list, Pager]]:
    """Split a list over pages: folder/ then folder/page/2/ ...; (file, items, pager) each.
    An empty list still gets its first page."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    rels = [f"{folder}/"] + [f"{folder}/page/{n}/" for n in range(2, len(chunks) + 1)]
    page_urls = tuple(urls.path(rel) for rel in rels)
    return [(rel + "index.html", chunk, Pager(n, page_urls))
            for n, (rel, chunk) in enumerate(zip(rels, chunks, strict=True), start=1)]


def prisoner_list_outputs(prisoners: list[PrisonerView], urls: Urls, common: dict) -> list[Output]:
    """/prisoners/ with everyone, and /prisoners/category/<slug>/ for each category."""
    by_category: dict[str, list[PrisonerView]] = {slug: [] for slug in CATEGORIES}
    for view in prisoners:
        for slug in view.prisoner.categories:
            by_category[slug].append(view)
    categories = [Category(slug, len(views), urls.path(f"prisoners/category/{slug}/"))
                  for slug, views in by_category.items() if views]
    totals = {state: sum(1 for v in prisoners if v.custody.state == state)
              for state in ("held", "released", "died")}
    lists = [(None, "prisoners", prisoners)] + [
        (c.slug, f"prisoners/category/{c.slug}", by_category[c.slug]) for c in categories]
    return [Output(rel, pager.urls[pager.page - 1], "prisoners.html",
                   {**common, "prisoners": chunk, "pager": pager, "category": slug,
                    "count": len(views), "categories": categories, "totals": totals})
            for slug, folder, views in lists
            for rel, chunk, pager in paginate(views, PRISONERS_PER_PAGE, folder, urls)]


def news_outputs(posts: list[PostView], urls: Urls, common: dict) -> list[Output]:
    outputs = [Output(rel, pager.urls[pager.page - 1], "news.html",
                      {**common, "posts": chunk, "pager": pager})
               for rel, chunk, pager in paginate(posts, NEWS_PER_PAGE, "news", urls)]
    outputs += [Output(f"news/{v.post.slug}/index.html", v.url, "post.html", {**common, "view": v},
                       lastmod=v.post.date, where=v.post.where.record) for v in posts]
    return outputs


def page_outputs(pages: tuple[Page, ...], urls: Urls, md: Markdown, common: dict,
                 drafts: bool) -> list[Output]:
    return [Output(f"{p.slug}/index.html", urls.path(f"{p.slug}/"), "page.html",
                   {**common, "page": p, "body_html": md.lazy(p.body)}, where=p.where.record)
            for p in sorted(pages, key=lambda p: p.slug) if drafts or not p.draft]


def duplicate_outputs(outputs: list[Output]) -> list[Problem]:
    """Two pages with one URL: the second one named, with the first."""
    seen: dict[str, Output] = {}
    problems = []
    for output in outputs:
        first = seen.setdefault(output.path, output)
        if first is not output and not first.template == output.template == "prisoner.html":
            # (two prisoners with one id are reported as such by check.duplicate_ids)
            where = output.where or first.where or Location("content")
            problems.append(Problem(where, f"this page would be written to {output.url}, which "
                                           f"{'is already ' + _what(first)}; rename the file"))
    return problems


def _what(output: Output) -> str:
    return f"taken by {output.where}" if output.where else f"a page the site makes itself ({output.template})"
