"""Ready for a CDN: stylesheets and scripts named by their bytes (cached for a year), the
headers file Netlify and Cloudflare Pages read, files compressed ahead, the icons and the
web app manifest."""
from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from PIL import Image
from conftest import PROJECT, SAMPLE_AS_OF, copy_site, page, run_build

from vigil.cli import main

LINKED = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def linked_assets(html: str) -> list[str]:
    return LINKED.findall(html)


def build(site: Path, out: Path, *extra: str) -> None:
    assert run_build(site, out, *extra) == 0


# --------------------------------------------------------------------------- hashed names
def test_pages_link_the_stylesheet_and_script_by_names_made_from_their_bytes(sample_site):
    published = {}
    for name in ("css/site.css", "js/counter.js"):
        data = (PROJECT / "static" / name).read_bytes()
        stem, suffix = name.rsplit(".", 1)
        published[f"/static/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"] = data
    for file in sample_site.rglob("*.html"):
        assert linked_assets(file.read_text(encoding="utf-8")) == list(published), file
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
    err = capsys.readouterr().err
    assert "the link '/static/css/site.css' leads to a stylesheet or script, which is published " \
           "under a name that changes with its content (now '/static/css/site." in err
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
        in capsys.readouterr().err
