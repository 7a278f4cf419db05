"""Where every page lives: each page's route, named here and nowhere else, a language's
folder, the site's base path, and lists split over several pages. Pure: no files.

A route is where a page is from its language's root: a folder ('prisoners/x/', '' for the
home page) or a file ('feed.xml'). The file a page is written to (`file_of`) and its URL
(`Urls.path`) are both made from its route."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urlsplit

# -- the pages of each language
HOME = ""
PRISONERS = "prisoners/"
NEWS = "news/"
MEMBERS = "members/"
WRITE = "write/"
STATISTICS = "statistics/"
SEARCH = "search/"
CALENDARS = "calendars/"
BIRTHDAYS_CALENDAR = CALENDARS + "birthdays.ics"
HEARINGS_CALENDAR = CALENDARS + "hearings.ics"
FEED = "feed.xml"
EVENTS = "events.xml"
NOT_FOUND = "404.html"
MANIFEST = "manifest.webmanifest"
BADGE_FILE = "badge.svg"             # beside the profile it counts for: /ru/prisoners/<id>/badge.svg
CARD_FILE = "card.png"               # beside the page it is the card of: /ru/prisoners/<id>/card.png

# -- what every language shares, from the site's root
STATIC = "static/"
DATA = "data/"                       # the open data
PAGEFIND = "pagefind/"               # the search index
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"

# -- the pages of content/pages/ that the frame of every page links (base.html: navigation
# and footer): `check` warns when one of LINKED_PAGES is missing, or one that a kind's own
# template links (PageKind.linked_pages); the open data page is linked only when it is written.
ABOUT = "about"
HOW_TO_HELP = "how-to-help"
HOW_WE_COUNT = "how-we-count"
OPEN_DATA = "open-data"
LINKED_PAGES = (ABOUT, HOW_TO_HELP, HOW_WE_COUNT)
WRITING_TO_PRISONERS = "writing-to-prisoners"   # the section of how-to-help/ on letters

# The folders a list's own pages take under it (list_page, category): no prisoner's id.
RESERVED_IDS = frozenset({"page", "category"})


def prisoner(pid: str) -> str:
    return f"{PRISONERS}{pid}/"


def badge(pid: str) -> str:
    return prisoner(pid) + BADGE_FILE


def category(slug: str) -> str:
    return f"{PRISONERS}category/{slug}/"


def news_post(slug: str) -> str:
    return f"{NEWS}{slug}/"


def text_page(slug: str) -> str:
    """A page of content/pages/."""
    return f"{slug}/"


def list_page(route: str, number: int) -> str:
    """The n-th page of a list split over several: 'news/', then 'news/page/2/' ..."""
    return route if number == 1 else f"{route}page/{number}/"


def file_of(route: str) -> str:
    """The file a route is written to, in its language's folder: 'news/' -> 'news/index.html'."""
    return route + "index.html" if route == HOME or route.endswith("/") else route


@dataclass(frozen=True)
class Urls:
    """Where things live; `base_path` is the path part of base_url ('/' or '/site/');
    `prefix` is the folder of a language's pages: '' for the default language, 'ru/' ..."""
    base_url: str
    prefix: str = ""

    @cached_property                  # asked for every link of every page
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def path(self, rel: str) -> str:
        """A page of this language: 'about/' -> '/ru/about/'."""
        return self.base_path + self.prefix + rel.lstrip("/")

    def root(self, rel: str) -> str:
        """A file all languages share: 'static/css/site.css', 'sitemap.xml'."""
        return self.base_path + rel.lstrip("/")

    @property
    def origin(self) -> str:
        """'https://example.org' of 'https://example.org/site/'."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

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


def shared_paths(languages: tuple[str, ...]) -> tuple[str, ...]:
    """Site paths that are the same for every language: a link to one is not moved into
    the language's folder."""
    return (STATIC, DATA, SITEMAP, ROBOTS, *(f"{code}/" for code in languages[1:]))


@dataclass(frozen=True)
class Links:
    """The URLs of one language's pages that any page may link to: the templates take them
    from here (`links.news`) and never spell a route themselves."""
    urls: Urls
    home: str
    prisoners: str
    news: str
    members: str
    write: str
    statistics: str
    search: str
    calendars: str
    feed: str
    events: str
    manifest: str
    sitemap: str
    pagefind: str
    about: str
    how_to_help: str
    writing_to_prisoners: str
    how_we_count: str
    open_data: str | None            # None when the site has no such page: nothing links to it

    def category(self, slug: str) -> str:
        return self.urls.path(category(slug))


def links_of(urls: Urls, text_pages: frozenset[str]) -> Links:
    """`text_pages`: the slugs of content/pages/ in this build."""
    page = urls.path
    how_to_help = page(text_page(HOW_TO_HELP))
    return Links(urls, home=page(HOME), prisoners=page(PRISONERS), news=page(NEWS), members=page(MEMBERS),
                 write=page(WRITE), statistics=page(STATISTICS), search=page(SEARCH),
                 calendars=page(CALENDARS), feed=page(FEED), events=page(EVENTS), manifest=page(MANIFEST),
                 sitemap=urls.root(SITEMAP), pagefind=urls.root(PAGEFIND), about=page(text_page(ABOUT)),
                 how_to_help=how_to_help, writing_to_prisoners=f"{how_to_help}#{WRITING_TO_PRISONERS}",
                 how_we_count=page(text_page(HOW_WE_COUNT)),
                 open_data=page(text_page(OPEN_DATA)) if OPEN_DATA in text_pages else None)


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


def paginate(items: list, per_page: int, route: str, urls: Urls) -> list[tuple[str, list, Pager]]:
    """Split a list over pages: route, then route's page/2/ ... (list_page); (route, items,
    pager) each. An empty list still gets its first page."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    rels = [list_page(route, n) for n in range(1, len(chunks) + 1)]
    page_urls = tuple(urls.path(rel) for rel in rels)
    return [(rel, chunk, Pager(n, page_urls))
            for n, (rel, chunk) in enumerate(zip(rels, chunks, strict=True), start=1)]


def query_value(text: str) -> str:
    """A value in an address's query: every character but letters, digits and -._~
    percent-encoded as UTF-8."""
    return quote(text, safe="")
