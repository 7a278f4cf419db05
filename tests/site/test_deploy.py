"""Ready for a CDN: stylesheets and scripts named by their bytes (cached for a year), the
headers file Netlify and Cloudflare Pages read, files compressed ahead, the icons and the
web app manifest."""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import html
import json
import re
from pathlib import Path

import brotli
import pytest
from PIL import Image

from conftest import PROJECT, SAMPLE_AS_OF, copy_site, page, run_build, tree
from vigil.build import pipeline
from vigil.build.options import BuildOptions
from vigil.build.pipeline import Folders
from vigil.cli import main
from vigil.render.headers import CONTENT_SECURITY_POLICY, IMMUTABLE, REVALIDATE, SEARCH_SECURITY_POLICY, SECURITY

LINKED = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def linked_assets(html: str) -> list[str]:
    return LINKED.findall(html)


def build(site: Path, out: Path, *extra: str) -> None:
    assert run_build(site, out, *extra) == 0


# --------------------------------------------------------------------------- hashed names
def test_pages_link_the_stylesheet_and_script_by_names_made_from_their_bytes(sample_site):
    published = {}
    for name in ("css/site.css", "js/counter.js", "js/share.js", "js/filters.js", "js/search.js"):
        data = (PROJECT / "static" / name).read_bytes()
        stem, suffix = name.rsplit(".", 1)
        published[f"/static/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"] = data
    css, counter, share, filters, search = published
    every_page, with_share_links = [css, counter], [css, counter, share]
    # the lists of prisoners have their filters, the search pages their search
    for file in sample_site.rglob("*.html"):
        linked = linked_assets(file.read_text(encoding="utf-8"))
        assert linked in (every_page, with_share_links, [css, counter, filters], [css, counter, search]), file
    assert linked_assets((sample_site / "prisoners/alexey-pichugin/index.html").read_text(encoding="utf-8")) \
        == with_share_links
    for url, data in published.items():
        assert (sample_site / url.lstrip("/")).read_bytes() == data
    assert not (sample_site / "static/css/site.css").exists()          # only the hashed name
    assert (sample_site / "static/img/favicon.svg").is_file()           # images keep theirs


def test_a_changed_stylesheet_gets_a_new_name_that_every_page_links(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    css = site / "static/css/site.css"                  # the site's own replaces the project's
    css.parent.mkdir(parents=True)
    css.write_bytes((PROJECT / "static/css/site.css").read_bytes())
    out = tmp_path / "public"
    build(site, out)
    before = linked_assets(page(out, "/"))[0]
    css.write_bytes(css.read_bytes() + b"\n.edited { color: inherit; }\n")
    build(site, out)
    after = linked_assets(page(out, "/"))[0]
    assert after != before and re.fullmatch(r"/static/css/site\.[0-9a-f]{10}\.css", after)
    assert (out / after.lstrip("/")).read_bytes() == css.read_bytes()
    assert not (out / before.lstrip("/")).exists()                      # the old one is gone
    for file in out.rglob("*.html"):
        assert after in file.read_text(encoding="utf-8"), file


def test_a_link_in_a_text_to_a_stylesheet_by_its_plain_name_is_explained(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    about = site / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[styles](/static/css/site.css) and "
                     "![icon](/static/img/favicon.svg)\n", encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF], environ={}) == 1
    err = capsys.readouterr().out
    assert ("the link '/static/css/site.css' leads to a stylesheet or script, which is published "
            "under a name that changes with its content (now '/static/css/site.") in err
    assert "favicon" not in err                         # an image is linked by its own name


# --------------------------------------------------------------------------- search engines
NOINDEX = '<meta name="robots" content="noindex">'


def test_the_page_for_a_missing_address_is_not_indexed_and_the_others_are(sample_site):
    for lang in ("", "ru/", "uk/"):
        assert NOINDEX in page(sample_site, f"/{lang}404.html")
    others = [f for f in sample_site.rglob("*.html") if f.name != "404.html"]
    assert others and not [f for f in others if NOINDEX in f.read_text(encoding="utf-8")]


# --------------------------------------------------------------------------- icons and manifest
ICONS = {"static/img/favicon-32.png": (32, 32), "static/img/icon-192.png": (192, 192),
         "static/img/icon-512.png": (512, 512), "static/img/apple-touch-icon.png": (180, 180)}
HEAD_LINK = re.compile(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"([^>]*)>')


def test_icons_are_pngs_of_their_sizes_and_every_page_links_them(sample_site):
    for rel, size in ICONS.items():
        with Image.open(sample_site / rel) as icon:
            assert (icon.format, icon.size) == ("PNG", size), rel
    with Image.open(sample_site / "static/img/apple-touch-icon.png") as apple:
        assert apple.mode == "RGB"                  # no transparent corners for iOS to blacken
    for file in sample_site.rglob("*.html"):
        lang = file.relative_to(sample_site).parts[0]
        prefix = f"/{lang}/" if lang in ("ru", "uk") else "/"
        links = HEAD_LINK.findall(file.read_text(encoding="utf-8"))
        assert links == [("icon", "/static/img/favicon-32.png", ' sizes="32x32" type="image/png"'),
                         ("icon", "/static/img/favicon.svg", ' type="image/svg+xml"'),
                         ("apple-touch-icon", "/static/img/apple-touch-icon.png", ""),
                         ("manifest", f"{prefix}manifest.webmanifest", "")], file


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_each_languages_web_app_manifest_names_the_site_and_its_icons(sample_site, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    manifest = json.loads((sample_site / prefix / "manifest.webmanifest").read_text(encoding="utf-8"))
    home = page(sample_site, f"/{prefix}")
    title = re.search(r'<a class="site-title" href="[^"]+">([^<]+)</a>', home)[1]
    assert manifest["name"] == html.unescape(title)
    assert manifest["short_name"] == {"en": "Coalition", "ru": "Коалиция", "uk": "Коаліція"}[lang]
    assert (manifest["lang"], manifest["start_url"], manifest["scope"]) == (lang, f"/{prefix}", "/")
    assert manifest["display"] == "standalone"
    # the stylesheet's colours: the header's navy, the page's background
    assert (manifest["theme_color"], manifest["background_color"]) == ("#14213d", "#fbfaf7")
    css = (PROJECT / "static/css/site.css").read_text(encoding="utf-8")
    assert "--navy: #14213d;" in css and "--bg: #fbfaf7;" in css
    for icon in manifest["icons"]:
        assert (sample_site / icon["src"].lstrip("/")).is_file(), icon
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_a_stylesheet_without_the_sites_colours_is_a_problem(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    css = site / "static/css/site.css"
    css.parent.mkdir(parents=True)
    css.write_text(":root { --background: #fff; }\nbody { color: #111; }\n", encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF], environ={}) == 1
    assert ("static/css/site.css: the stylesheet's :root rule sets no --navy or no --bg colour "
            "(like --navy: #14213d;): the web app manifest takes the site's colours from them") \
        in capsys.readouterr().out


# --------------------------------------------------------------------------- the headers file
def read_headers(text: str) -> dict[str, list[tuple[str, str]]]:
    """The rules of a `_headers` file, as Netlify and Cloudflare Pages read it: a path at
    the start of a line, then its headers indented, `Name: value`; # comments."""
    rules: dict[str, list[tuple[str, str]]] = {}
    pattern = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = line.strip()
            assert pattern not in rules, f"{pattern} twice"
            rules[pattern] = []
        else:
            name, sep, value = line.strip().partition(":")
            assert pattern and sep and name and value.strip(), line
            rules[pattern].append((name, value.strip()))
    return rules


def matches(pattern: str, path: str) -> bool:
    """A path matches a rule's pattern: the same path, or under a folder's '*'."""
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def values(rules: dict, path: str, name: str) -> list[str]:
    """Every value of header `name` that a response at `path` gets."""
    return [value for pattern, headers in rules.items() if matches(pattern, path)
            for header, value in headers if header == name]


def served_path(rel: str) -> str:
    return "/" + rel.removesuffix("index.html")


def meta_policy(html_text: str) -> str:
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html_text)[1]


def test_the_headers_file_gives_every_response_the_security_headers(sample_site):
    rules = read_headers((sample_site / "_headers").read_text(encoding="utf-8"))
    everything = dict(rules["/*"])
    assert values(rules, "/", "Content-Security-Policy") == [meta_policy(page(sample_site, "/")) +
                                                              "; frame-ancestors 'none'"]
    assert int(re.fullmatch(r"max-age=(\d+)", everything["Strict-Transport-Security"])[1]) >= 31536000
    assert everything["Referrer-Policy"] == "no-referrer"
    assert everything["X-Content-Type-Options"] == "nosniff"
    denied = dict(item.split("=") for item in everything["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "interest-cohort", "payment", "usb"):
        assert denied[feature] == "()", feature


def test_the_headers_file_keeps_hashed_files_a_year_and_has_the_rest_looked_at_again(sample_site):
    rules = read_headers((sample_site / "_headers").read_text(encoding="utf-8"))
    hashed = {url for file in sample_site.rglob("*.html")                       # every script too
              for url in linked_assets(file.read_text(encoding="utf-8"))}
    for url in hashed:
        assert values(rules, url, "Cache-Control") == ["public, max-age=31536000, immutable"], url
    files = [f.relative_to(sample_site).as_posix() for f in sample_site.rglob("*") if f.is_file()]
    pages = [rel for rel in files if not rel.startswith("static/") and rel != "_headers"]
    assert {"feed.xml", "ru/feed.xml", "sitemap.xml", "robots.txt", "404.html", "index.html",
            "uk/manifest.webmanifest", "prisoners/alexey-pichugin/index.html"} <= set(pages)
    for rel in pages:               # one value each: the hosts would join two into one header
        for path in {served_path(rel), "/" + rel}:
            assert values(rules, path, "Cache-Control") == ["public, max-age=0, must-revalidate"], path
    for rel in files:
        if rel.startswith("static/") and "/" + rel not in hashed:     # the host's own rule
            assert values(rules, "/" + rel, "Cache-Control") == [], rel


SEARCH_PAGES = ("/search/", "/ru/search/", "/uk/search/")


def test_only_the_search_pages_may_compile_webassembly_in_the_headers_and_in_their_own_policy(sample_site):
    """'wasm-unsafe-eval' on the search pages of each language and Pagefind's files, and
    nowhere else; one policy for every response (two would both be enforced)."""
    rules = read_headers((sample_site / "_headers").read_text(encoding="utf-8"))
    files = [f.relative_to(sample_site).as_posix() for f in sample_site.rglob("*")
             if f.is_file() and f.name != "_headers"]                  # the hosts' own file
    searching = 0
    for rel in files:
        for path in {served_path(rel), "/" + rel}:
            policies = values(rules, path, "Content-Security-Policy")
            assert len(policies) == 1, (path, policies)
            search = path.startswith((*SEARCH_PAGES, "/pagefind/"))
            assert ("'wasm-unsafe-eval'" in policies[0]) == search, path
            searching += search
            if rel.endswith(".html"):
                assert policies[0] == meta_policy(page(sample_site, "/" + rel)) + "; frame-ancestors 'none'", rel
    assert searching > 6
    for url in SEARCH_PAGES:
        assert "'wasm-unsafe-eval'" in meta_policy(page(sample_site, url))
    for url in ("/", "/ru/", "/uk/prisoners/", "/news/", "/404.html"):
        assert "wasm" not in meta_policy(page(sample_site, url)), url


def test_the_photos_renditions_are_kept_a_year_too(tmp_path):
    """Their names change with their bytes, like the stylesheet's (photos.py)."""
    out = tmp_path / "public"
    build(copy_site("tiny", tmp_path / "src"), out)
    rules = read_headers((out / "_headers").read_text(encoding="utf-8"))
    renditions = [f.relative_to(out).as_posix() for f in (out / "static/photos").iterdir()]
    assert len(renditions) == 6                          # ivan-held's, in three widths, two formats
    for rel in renditions:
        assert values(rules, "/" + rel, "Cache-Control") == ["public, max-age=31536000, immutable"]
    assert "/static/photos/*" in rules


def test_a_development_build_writes_no_headers_file(tmp_path):
    out = tmp_path / "serve"
    build(copy_site("tiny", tmp_path / "src"), tmp_path / "public")
    assert (tmp_path / "public/_headers").is_file()
    pipeline.build(Folders(tmp_path / "src", tmp_path / "cache"), out, BuildOptions(dt.date(2026, 11, 29), dev=True))
    assert (out / "index.html").is_file() and not (out / "_headers").exists()


def test_the_operations_guide_gives_the_same_headers_for_nginx():
    guide = (PROJECT / "docs/operations.md").read_text(encoding="utf-8")
    deploying = guide.split("\n## Deploying\n", 1)[1].split("\n## ", 1)[0]
    nginx = re.search(r"```nginx\n(.*?)```", deploying, re.DOTALL)[1]
    for name, value in SECURITY:
        assert f'add_header {name} "{value}" always;' in nginx, name
    # the policy by path, like _headers: the search pages' own, the pages' everywhere else
    assert "add_header Content-Security-Policy $site_policy always;" in nginx
    assert f'default "{CONTENT_SECURITY_POLICY}";' in nginx
    search = re.search(r'"(~\^[^"]+)"\s+"([^"]*wasm-unsafe-eval[^"]*)";', nginx)
    assert search[2] == SEARCH_SECURITY_POLICY
    pattern = re.compile(search[1][1:])
    for path in (*SEARCH_PAGES, "/search/index.html", "/pagefind/pagefind.js"):
        assert pattern.search(path), path
    for path in ("/", "/prisoners/", "/ru/", "/news/search-for-justice/", "/ru/prisoners/x/", "/researchers/"):
        assert not pattern.search(path), path
    assert IMMUTABLE in nginx and REVALIDATE in nginx
    assert "GitHub Pages" in deploying


# --------------------------------------------------------------------------- compressed ahead
TEXT_FILES = (".html", ".css", ".js", ".xml", ".svg", ".json", ".webmanifest", ".txt", ".ics")


def precompressed_site(tmp_path: Path) -> Path:
    site = copy_site("tiny", tmp_path / "src")
    with (site / "data/site.yaml").open("a", encoding="utf-8") as f:
        f.write("precompress: true\n")
    return site


def test_precompressed_copies_give_back_every_text_files_bytes(tmp_path):
    out = tmp_path / "public"
    build(precompressed_site(tmp_path), out)
    files = {f.relative_to(out).as_posix(): f for f in out.rglob("*") if f.is_file()}
    texts = [rel for rel in files if rel.endswith(TEXT_FILES)]
    assert {"index.html", "feed.xml", "sitemap.xml", "robots.txt", "manifest.webmanifest",
            "static/img/favicon.svg"} <= set(texts)
    assert any(rel.endswith(".css") for rel in texts) and any(rel.endswith(".js") for rel in texts)
    for rel in texts:
        data = files[rel].read_bytes()
        packed = files[f"{rel}.gz"].read_bytes()
        assert gzip.decompress(packed) == data, rel
        assert packed[4:8] == b"\0\0\0\0" and packed[3] & 0x08 == 0, rel   # no time, no name
        assert brotli.decompress(files[f"{rel}.br"].read_bytes()) == data, rel
    others = [rel for rel in files if not rel.endswith((*TEXT_FILES, ".gz", ".br"))]
    assert "_headers" in others and "static/img/icon-192.png" in others
    assert not [rel for rel in others if f"{rel}.gz" in files or f"{rel}.br" in files]


def test_precompressed_copies_are_the_same_bytes_every_time_and_made_again_only_for_a_change(tmp_path):
    site = precompressed_site(tmp_path)
    one, two = tmp_path / "one", tmp_path / "two"
    build(site, one)
    build(site, two, "--cache", str(tmp_path / "other-cache"))
    assert tree(one) == tree(two)
    times = {f: f.stat().st_mtime_ns for f in one.rglob("*") if f.is_file()}
    about = site / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("We are a test.", "We are a test!"),
                     encoding="utf-8")
    build(site, one)
    touched = {f.relative_to(one).as_posix() for f, t in times.items()
               if f.is_file() and f.stat().st_mtime_ns != t}
    # and the search index's files that held the page (named by their bytes: new ones)
    assert {rel for rel in touched if not rel.startswith("pagefind/")} == {
        "about/index.html", "about/index.html.gz", "about/index.html.br"}
    assert gzip.decompress((one / "about/index.html.gz").read_bytes()) == (one / "about/index.html").read_bytes()
    # and without the setting, the copies go
    config = site / "data/site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("precompress: true\n", ""), encoding="utf-8")
    build(site, one)
    assert not list(one.rglob("*.gz")) and not list(one.rglob("*.br"))


def test_no_copies_unless_asked_for_nor_in_a_development_build(sample_site, tmp_path):
    assert not list(sample_site.rglob("*.gz")) and not list(sample_site.rglob("*.br"))
    out = tmp_path / "serve"
    pipeline.build(Folders(precompressed_site(tmp_path), tmp_path / "cache"), out,
                   BuildOptions(dt.date(2026, 11, 29), dev=True))
    assert (out / "index.html").is_file() and not list(out.rglob("*.gz"))


# --------------------------------------------------------------------------- the output folder
def test_build_refuses_a_folder_with_files_no_build_made_and_leaves_it_untouched(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents/letter.txt").write_text("keep me", encoding="utf-8")
    (home / ".ssh").mkdir()
    (home / ".ssh/id_ed25519").write_text("secret", encoding="utf-8")
    before = tree(home)
    assert main(["build", "--source", str(site), "--out", str(home), "--as-of", SAMPLE_AS_OF], environ={}) == 2
    err = capsys.readouterr().err
    assert f"will not write the site into {home}" in err and "no build made" in err
    assert tree(home) == before
    (home / "_headers").write_text("/*\n  X-Frame-Options: DENY\n", encoding="utf-8")  # not ours
    assert main(["build", "--source", str(site), "--out", str(home), "--as-of", SAMPLE_AS_OF], environ={}) == 2


def test_build_writes_into_a_new_or_empty_folder_and_over_its_own_site(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    empty = tmp_path / "empty"
    empty.mkdir()
    build(site, empty)
    build(site, empty)                                   # its own site: replaced
    build(site, tmp_path / "new" / "public")
    assert (empty / "_headers").is_file() and (tmp_path / "new/public/index.html").is_file()
