"""A new kind of page is declared in one package, with its template, and nothing else is
edited: the build makes it in every language, puts it in the sitemap, gives it its share
tags, and checks that the page of content/pages/ it links exists."""
from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import sys
from pathlib import Path

from conftest import AS_OF, FIXTURES, copy_site, page
from vigil.build.options import BuildOptions
from vigil.build.pipeline import Folders, build
from vigil.features.calendars import CalendarsPage
from vigil.pages.outputs import page_kinds

PACKAGE = FIXTURES / "vigils"


def vigils_module(monkeypatch):
    spec = importlib.util.spec_from_file_location("vigils", PACKAGE / "vigils.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "vigils", module)     # a dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def site_with_vigils(tmp_path: Path) -> Path:
    site = copy_site("tiny", tmp_path / "tiny")
    shutil.copytree(PACKAGE / "templates", site / "templates")
    with (site / "data/site.yaml").open("a", encoding="utf-8") as file:
        file.write("languages: [en, ru]\n")
    return site


def test_the_engine_finds_the_kinds_its_features_declare():
    assert CalendarsPage in [kind.context for kind in page_kinds()]


def test_a_kind_declared_in_its_own_package_is_built_described_and_checked(tmp_path, monkeypatch):
    site, out = site_with_vigils(tmp_path), tmp_path / "out"
    vigils = vigils_module(monkeypatch)
    result = build(Folders(site, tmp_path / "cache"), out,
                   BuildOptions(dt.date.fromisoformat(AS_OF), kinds=(*page_kinds(), *vigils.PAGE_KINDS)))
    for prefix in ("", "ru/"):
        html = page(out, f"/{prefix}vigils/")
        assert '<span class="held">' in html and f'href="/{prefix}vigils-guide/"' in html
        assert '<meta property="og:title" content="Vigils">' in html
        assert "Vigils for the " in html                       # its description, in og:description
        assert f"<loc>https://tiny.example/{prefix}vigils/</loc>" in (out / "sitemap.xml").read_text()
    assert [str(w) for w in result.warnings if "vigils-guide" in str(w)] == [
        "content/pages/vigils-guide.md:1: warning: this page is missing, and every page links to "
        "/vigils-guide/; write it"]


def test_without_the_kind_there_is_no_such_page(tmp_path):
    site, out = site_with_vigils(tmp_path), tmp_path / "out"
    result = build(Folders(site, tmp_path / "cache"), out, BuildOptions(dt.date.fromisoformat(AS_OF)))
    assert not (out / "vigils").exists()
    assert not [w for w in result.warnings if "vigils-guide" in str(w)]
