"""Every internal link and asset in the built site leads somewhere that exists."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib

from conftest import SAMPLE_PAGES, run_build


class Links(HTMLParser):
    """The links (href, src) and the fragment targets (id) of one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(file: Path) -> Links:
    parser = Links()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def target(out: Path, base_path: str, url_path: str) -> Path | None:
    """The file a site path leads to, or None when it leads nowhere."""
    assert url_path.startswith(base_path), f"{url_path} is outside the site's base path {base_path}"
    file = out / unquote(url_path[len(base_path):])
    if file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


def broken_links(out: Path, base_url: str) -> list[str]:
    site = urlsplit(base_url)
    pages = {f: parse(f) for f in sorted(out.rglob("*.html"))}
    broken = []
    for file, found in pages.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme in ("mailto",) or (parts.netloc and parts.netloc != site.netloc):
                continue                                   # leaves the site
            # no path: "#id" on the same page
            dest = target(out, site.path, parts.path) if parts.path else file
            if dest is None:
                broken.append(f"{file.relative_to(out)}: {link} leads nowhere")
            elif parts.fragment and dest.suffix == ".html" and parts.fragment not in pages[dest].ids:
                broken.append(f"{file.relative_to(out)}: {link}: no id '{parts.fragment}' there")
    return broken


def test_every_internal_link_of_the_sample_site_resolves(sample_site):
    assert broken_links(sample_site, "https://example.org/") == []
    assert len(list(sample_site.rglob("*.html"))) == 3 * SAMPLE_PAGES
    assert len(list((sample_site / "ru").rglob("*.html"))) == SAMPLE_PAGES


def test_every_internal_link_resolves_under_a_base_path(tiny, tmp_path):
    out = tmp_path / "public"
    base = "https://example.github.io/coalition/"
    assert run_build(tiny, out, "--base-url", base) == 0
    assert broken_links(out, base) == []


def test_the_checker_finds_a_broken_link(tiny, tmp_path):
    out = tmp_path / "public"
    assert run_build(tiny, out) == 0
    about = out / "about/index.html"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "/how-to-help/#writing-to-prisoners", "/how-to-help/#no-such-part").replace(
        'href="/prisoners/"', 'href="/prisoners/nobody/"'), encoding="utf-8")
    found = broken_links(out, "https://tiny.example/")
    assert any("/prisoners/nobody/ leads nowhere" in b for b in found)
    assert any("no id 'no-such-part'" in b for b in found)


def html_errors(html: str) -> list:
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(html)
    return parser.errors


def test_every_page_parses_as_html5_without_errors(sample_site):
    for file in sorted(sample_site.rglob("*.html")):
        assert html_errors(file.read_text(encoding="utf-8")) == [], file


def test_the_parser_reports_broken_markup():
    assert html_errors("<!doctype html><html lang=en><title>x</title><p>a</span></p></html>")
