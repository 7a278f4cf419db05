"""Where every page lives: a language's folder, the site's base path, and lists split
over several pages. Pure: no files."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urlsplit


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
    return ("static/", "data/", "sitemap.xml", "robots.txt", *(f"{code}/" for code in languages[1:]))


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


def paginate(items: list, per_page: int, folder: str, urls: Urls) -> list[tuple[str, list, Pager]]:
    """Split a list over pages: folder/ then folder/page/2/ ...; (file, items, pager) each.
    An empty list still gets its first page."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    rels = [f"{folder}/"] + [f"{folder}/page/{n}/" for n in range(2, len(chunks) + 1)]
    page_urls = tuple(urls.path(rel) for rel in rels)
    return [(rel + "index.html", chunk, Pager(n, page_urls))
            for n, (rel, chunk) in enumerate(zip(rels, chunks, strict=True), start=1)]


def query_value(text: str) -> str:
    """A value in an address's query: every character but letters, digits and -._~
    percent-encoded as UTF-8."""
    return quote(text, safe="")
