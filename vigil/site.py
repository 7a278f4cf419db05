"""The whole site as a model: every page with its URL and the ready values its
template shows. Pure: no files, no clock."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Mapping
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .custody import Custody, custody_of
from .markup import Conversions, Html, Markdown
from .model import Content, Member, NewsPost, Page, Prisoner, Source, Text
from .problems import Location, Problem
from .vocabulary import CATEGORIES

NEWS_PER_PAGE = 10
PRISONERS_PER_PAGE = 48              # 2, 3 or 4 cards a row; a light page on a phone
FEED_SIZE = 20
HOME_NEWS = 5


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
    lang: str = "en"
    key: str = ""                    # the same in every language: 'prisoners/x/index.html'
    alternates: tuple[tuple[str, str], ...] = ()   # (language, url) of each version, default first


@dataclass(frozen=True)
class Localized:
    """A text as a page in `page_lang` shows it: in that language, or, where it has no
    translation, in the language it has (`fallback`), which the page then marks."""
    text: str | Html
    lang: str
    page_lang: str

    @property
    def fallback(self) -> bool:
        return self.lang != self.page_lang

    def __html__(self) -> Markup:
        return Markup(self.text.__html__()) if isinstance(self.text, Html) else escape(self.text)

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True)
class Counter:
    days: int
    as_of: dt.date
    live: bool                       # still held: the page script moves it on


@dataclass(frozen=True)
class PrisonerView:
    prisoner: Prisoner
    name: Localized
    url: str
    custody: Custody
    counter: Counter
    summary_html: Localized
    photo_url: str | None = None
    news: tuple["PostView", ...] = ()


@dataclass(frozen=True)
class PostView:
    post: NewsPost
    url: str
    title: Localized
    summary: Localized
    body_html: Localized
    prisoners: tuple[tuple[Localized, str], ...]    # (name, url) of the prisoners it is about
    source: Source | None = None


@dataclass(frozen=True)
class PageView:
    page: Page
    title: Localized
    summary: Localized | None
    body_html: Localized


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
    """Where things live; `base_path` is the path part of base_url ('/' or '/site/');
    `prefix` is the folder of a language's pages: '' for the default language, 'ru/' ..."""
    base_url: str
    prefix: str = ""

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def path(self, rel: str) -> str:
        """A page of this language: 'about/' -> '/ru/about/'."""
        return self.base_path + self.prefix + rel.lstrip("/")

    def root(self, rel: str) -> str:
        """A file all languages share: 'static/css/site.css', 'sitemap.xml'."""
        return self.base_path + rel.lstrip("/")

    def absolute(self, rel: str) -> str:
        return self.full(self.path(rel))

    def from_root(self, url: str) -> str:
        """A site path without the base path: '/site/ru/about/' -> '/ru/about/'."""
        return "/" + url[len(self.base_path):]

    def full(self, url: str) -> str:
        """The absolute address of a site path: '/site/about/' -> 'https://.../site/about/'."""
        return self.base_url + self.from_root(url)[1:]


def prefix_of(lang: str, languages: tuple[str, ...]) -> str:
    return "" if lang == languages[0] else f"{lang}/"


def localized(value: Text | None, lang: str, default: str) -> Localized | None:
    if value is None:
        return None
    text, written_in = value.get(lang, (default,))
    return Localized(text, written_in, lang)


def is_published(post: NewsPost, as_of: dt.date, drafts: bool) -> bool:
    """Drafts only with --drafts; a post dated after the as-of date waits for it."""
    return (drafts or not post.draft) and post.date <= as_of


def held_back(content: Content, as_of: dt.date, drafts: bool) -> list[tuple[str, str]]:
    """The posts and pages the build leaves out, and why: (file, 'scheduled for <date>' or
    'draft'), for the build's summary."""
    found = [(post.where.record.path, f"scheduled for {post.date}") for post in content.news
             if post.date > as_of and (drafts or not post.draft)]
    if not drafts:
        found += [(item.where.record.path, "draft") for item in (*content.news, *content.pages)
                  if item.draft]
    return sorted(found)


def prisoner_order(view: PrisonerView) -> tuple:
    """Those held now first, longest held first; then the others, latest release first."""
    held = view.custody.state == "held"
    return (not held, -view.custody.days if held else -view.custody.last_day.toordinal(), view.prisoner.id)


def post_order(post: NewsPost) -> tuple:
    """Newest first; within a day by time, then by slug, so the order never changes."""
    moment = post.time.timestamp() if post.time else 0
    return (-post.date.toordinal(), -moment, post.slug)


def localized_markdown(value: Text, lang: str, default: str, md: Markdown,
                       top_heading: int = 2) -> Localized:
    """A Markdown text field as the page shows it, rendered when the template shows it."""
    shown = localized(value, lang, default)
    return replace(shown, text=md.lazy(shown.text, top_heading))


def build_site(content: Content, as_of: dt.date, drafts: bool = False, dev: bool = False,
               converted: Conversions | None = None) -> list[Output]:
    """Every page of the site, in each of its languages, then the files they share.
    `converted`: Markdown's output, shared by the languages (the texts the pages show are
    added to its `wanted`)."""
    site = content.site
    converted = Conversions() if converted is None else converted
    outputs = [output for lang in site.languages
               for output in language_outputs(content, as_of, lang, drafts, dev, converted)]
    outputs = with_alternates(outputs, site.languages)
    urls = Urls(site.base_url)
    common = {"site": site, "lang": site.default_language, "as_of": as_of, "urls": urls, "dev": dev}
    outputs.append(Output("robots.txt", urls.root("robots.txt"), "robots.txt", common,
                          in_sitemap=False, key="robots.txt"))
    listed = [o for o in outputs if o.in_sitemap]
    outputs.append(Output("sitemap.xml", urls.root("sitemap.xml"), "sitemap.xml",
                          {**common, "entries": listed}, in_sitemap=False, key="sitemap.xml"))
    return outputs


def language_outputs(content: Content, as_of: dt.date, lang: str, drafts: bool, dev: bool,
                     converted: Conversions) -> list[Output]:
    """The whole site in one language."""
    site, default = content.site, content.site.default_language
    urls = Urls(site.base_url, prefix_of(lang, site.languages))
    md = Markdown(urls.base_path, urls.prefix, shared_paths(site.languages), converted)
    posts = sorted((p for p in content.news if is_published(p, as_of, drafts)), key=post_order)
    names = {p.id: localized(p.name, lang, default) for p in content.prisoners}
    post_views = [post_view(p, lang, urls, md, names) for p in posts]
    about: dict[str, list[PostView]] = {}
    for view in post_views:
        for pid in view.post.prisoners:
            about.setdefault(pid, []).append(view)
    prisoners = sorted((prisoner_view(p, as_of, lang, default, urls, md, tuple(about.get(p.id, ())))
                        for p in content.prisoners), key=prisoner_order)
    # figures_move: the page shows a count that moves with the as-of date, and says so
    common = {"site": site, "lang": lang, "as_of": as_of, "urls": urls, "dev": dev,
              "purpose_html": localized_markdown(site.purpose, lang, default, md),
              "figures_move": False}
    members = [replace(m, name=localized(m.name, lang, default)) for m in content.members]
    featured = [v for v in prisoners if v.prisoner.featured]
    outputs = [Output("index.html", urls.path(""), "home.html",
                      {**common, "featured": featured, "figures_move": moving(featured),
                       "latest": post_views[:HOME_NEWS], "members": members})]
    outputs += prisoner_list_outputs(prisoners, urls, common)
    outputs += [Output(f"prisoners/{v.prisoner.id}/index.html", v.url, "prisoner.html",
                       {**common, "view": v, "figures_move": v.counter.live},
                       lastmod=v.prisoner.verified, where=v.prisoner.where.record)
                for v in prisoners]
    outputs.append(Output("members/index.html", urls.path("members/"), "members.html",
                          {**common, "members": sorted(members, key=member_order),
                           "facilitators": content.facilitators}))
    outputs += news_outputs(post_views, urls, common)
    outputs += page_outputs(content.pages, lang, urls, md, common, drafts)
    outputs += [
        Output("feed.xml", urls.path("feed.xml"), "feed.xml",       # a draft is never in a feed
               {**common, "posts": [v for v in post_views if not v.post.draft][:FEED_SIZE]},
               in_sitemap=False),
        Output("404.html", urls.path("404.html"), "404.html", common, in_sitemap=False),
    ]
    return [replace(o, path=urls.prefix + o.path, lang=lang, key=o.path) for o in outputs]


def shared_paths(languages: tuple[str, ...]) -> tuple[str, ...]:
    """Site paths that are the same for every language: a link to one is not moved into
    the language's folder."""
    return ("static/", "sitemap.xml", "robots.txt", *(f"{code}/" for code in languages[1:]))


def with_alternates(outputs: list[Output], languages: tuple[str, ...]) -> list[Output]:
    """Each page with the address of its version in every language (default first)."""
    versions: dict[str, dict[str, str]] = {}
    for o in outputs:
        versions.setdefault(o.key, {})[o.lang] = o.url
    order = {code: i for i, code in enumerate(languages)}
    return [replace(o, alternates=tuple(sorted(versions[o.key].items(), key=lambda kv: order[kv[0]])))
            for o in outputs]


def post_view(post: NewsPost, lang: str, urls: Urls, md: Markdown,
              names: dict[str, Localized]) -> PostView:
    words = post.in_language(lang)
    def shown(text):
        return Localized(text, words.lang, lang)
    return PostView(post, urls.path(f"news/{post.slug}/"), shown(words.title), shown(words.summary),
                    shown(md.lazy(words.body)),
                    tuple((names[i], urls.path(f"prisoners/{i}/")) for i in post.prisoners if i in names),
                    words.source)


def prisoner_view(p: Prisoner, as_of: dt.date, lang: str, default: str, urls: Urls, md: Markdown,
                  news: tuple[PostView, ...]) -> PrisonerView:
    custody = custody_of(p, as_of)
    counter = Counter(custody.days, as_of if custody.state == "held" else custody.last_day,
                      custody.state == "held")
    # the summary sits under the page's h2 "About <name>"
    return PrisonerView(p, localized(p.name, lang, default), urls.path(f"prisoners/{p.id}/"), custody,
                        counter, localized_markdown(p.summary, lang, default, md, top_heading=3),
                        urls.root(f"static/{p.photo}") if p.photo else None, news)


def moving(views: list[PrisonerView]) -> bool:
    """Whether a page with these people shows a count that moves on with the date."""
    return any(v.counter.live for v in views)


def member_order(member: Member) -> tuple:
    return (str(member.name).casefold(), member.id)


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
                    "count": len(views), "categories": categories, "totals": totals,
                    "figures_move": moving(chunk)})
            for slug, folder, views in lists
            for rel, chunk, pager in paginate(views, PRISONERS_PER_PAGE, folder, urls)]


def news_outputs(posts: list[PostView], urls: Urls, common: dict) -> list[Output]:
    outputs = [Output(rel, pager.urls[pager.page - 1], "news.html",
                      {**common, "posts": chunk, "pager": pager})
               for rel, chunk, pager in paginate(posts, NEWS_PER_PAGE, "news", urls)]
    outputs += [Output(f"news/{v.post.slug}/index.html", v.url, "post.html", {**common, "view": v},
                       lastmod=v.post.date, where=v.post.where.record, in_sitemap=not v.post.draft)
                for v in posts]
    return outputs


def page_outputs(pages: tuple[Page, ...], lang: str, urls: Urls, md: Markdown, common: dict,
                 drafts: bool) -> list[Output]:
    return [Output(f"{p.slug}/index.html", urls.path(f"{p.slug}/"), "page.html",
                   {**common, "view": page_view(p, lang, md)}, where=p.where.record,
                   in_sitemap=not p.draft)
            for p in sorted(pages, key=lambda p: p.slug) if drafts or not p.draft]


def page_view(page: Page, lang: str, md: Markdown) -> PageView:
    words = page.in_language(lang)
    return PageView(page, Localized(words.title, words.lang, lang),
                    Localized(words.summary, words.lang, lang) if words.summary else None,
                    Localized(md.lazy(words.body), words.lang, lang))


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
