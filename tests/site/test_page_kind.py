"""A new kind of page is declared in one package, with its template, and nothing else is
edited: the build makes it in every language, puts it in the sitemap, gives it its share
tags and its share card, and checks that the page of content/pages/ it links exists."""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, FIXTURES, copy_site, page
from vigil.build.options import BuildOptions
from vigil.build.pipeline import Folders, build, load
from vigil.features.calendars import CalendarsPage
from vigil.media.cards import HeadlineCard
from vigil.pages.contexts import Home, NotFound, Profile
from vigil.pages.outputs import build_site, duplicate_outputs, page_kinds
from vigil.pages.share import card_files, described
from vigil.site.i18n import plain_language
from vigil.site.kinds import PageKind, cards, in_order, linked_pages

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


def test_the_sites_own_pages_are_kinds_too_in_the_order_of_their_sitemap():
    """Home, lists, profiles, news... are declared in vigil/pages like any feature's kind,
    and come first, in the order the sitemap has always listed them."""
    own = ["Home", "WriteLetters", "PrisonerList", "Profile", "Members", "NewsList", "Post", "Statistics",
           "TextPage", "Feed", "EventFeed", "NotFound", "SearchPage", "CalendarsPage"]
    found = [kind.context.__name__ for kind in page_kinds()]
    assert [name for name in found if name in own] == own
    assert len(set(found)) == len(found)                   # one kind a context


def test_kinds_of_one_order_keep_the_order_they_are_given_in():
    def kind(name: str, order: int) -> PageKind:
        return PageKind(type(name, (), {}), lambda site: [], None, order=order)
    first, second, early = kind("First", 100), kind("Second", 100), kind("Early", 5)
    assert in_order([first, second, early]) == (early, first, second)


def test_a_page_that_no_kind_describes_has_no_share_tags(tmp_path):
    content, _ = load(Folders(copy_site("tiny", tmp_path / "tiny")))
    home = next(o.page for o in build_site(content, dt.date.fromisoformat(AS_OF)) if isinstance(o.page, Home))
    with pytest.raises(TypeError, match="no share tags for a Home"):
        described(home, plain_language("en"), {NotFound: lambda page, language: ("website", "", "")})


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
        # its own share card, beside it, as its kind draws it and says it
        assert (out / f"{prefix}vigils/card.png").read_bytes().startswith(b"\x89PNG")
        assert f'<meta property="og:image" content="https://tiny.example/{prefix}vigils/card.png">' in html
        assert '<meta property="og:image:alt" content="Vigils are kept for ' in html
        # a page without a card of its own shows the site's: the home page's
        assert f'content="https://tiny.example/{prefix}card.png">' in page(out, f"/{prefix}members/")
    assert [str(w) for w in result.warnings if "vigils-guide" in str(w)] == [
        "content/pages/vigils-guide.md:1: warning: this page is missing, and every page links to "
        "/vigils-guide/; write it"]


def test_a_kind_s_card_is_drawn_as_it_declares_it(tmp_path, monkeypatch):
    vigils = vigils_module(monkeypatch)
    content, _ = load(Folders(site_with_vigils(tmp_path)))
    kinds = (*page_kinds(), *vigils.PAGE_KINDS)
    outputs = build_site(content, dt.date.fromisoformat(AS_OF), kinds=kinds)
    files = {f.path: f.card for files in card_files(outputs, {}, {}, cards(kinds)) for f in files}
    held = next(o.page.held for o in outputs if isinstance(o.page, vigils.Vigils))
    assert files["vigils/card.png"] == HeadlineCard(str(held), "people held now, for whom vigils are kept",
                                                    "Tiny Test Coalition", lang="en")
    assert files["ru/vigils/card.png"].lang == "ru"
    assert "card.png" in files and "prisoners/ivan-held/card.png" in files   # the site's own kinds'
    assert not any(path.startswith("members/") for path in files)               # a kind without one
    # without the kind's card, the page has none and shows the site's
    bare = tuple(dataclasses.replace(kind, card=None) for kind in vigils.PAGE_KINDS)
    outputs = build_site(content, dt.date.fromisoformat(AS_OF), kinds=(*page_kinds(), *bare))
    assert "vigils/card.png" not in {f.path for files in card_files(outputs, {}, {}, cards((*page_kinds(), *bare)))
                                     for f in files}
    social = next(o.page.social for o in outputs if isinstance(o.page, vigils.Vigils))
    assert social.image is not None and social.image.url == "https://tiny.example/card.png"


def test_two_pages_at_one_address_are_reported_unless_made_from_records_with_one_id(tmp_path, monkeypatch):
    """Two profiles of one id are reported once, as a duplicate id (check.duplicate_ids): a
    kind says so of its pages (KindPage.of_a_record_id), not a list of templates."""
    vigils = vigils_module(monkeypatch)
    content, _ = load(Folders(site_with_vigils(tmp_path)))

    def at(route: str, of_a_record_id: bool) -> PageKind:
        def pages(site):
            return [dataclasses.replace(p, route=route, of_a_record_id=of_a_record_id)
                    for p in vigils.vigils_pages(site)]
        return dataclasses.replace(vigils.PAGE_KINDS[0], pages=pages)

    def problems(*kinds: PageKind) -> list[str]:
        outputs = build_site(content, dt.date.fromisoformat(AS_OF), kinds=(*page_kinds(), *kinds))
        return [problem.message for problem in duplicate_outputs(outputs)]

    assert problems(at("vigils/", True), at("vigils/", True)) == []
    assert problems(at("vigils/", False), at("vigils/", False)) == [
        f"this page would be written to {url}, which is already a page the site makes itself (vigils.html); "
        "rename the file" for url in ("/vigils/", "/ru/vigils/")]
    assert len(problems(at("members/", True))) == 2            # another kind's page: reported
    assert problems(at("vigils/", False)) == []


def test_the_pages_that_check_verifies_are_the_frame_s_then_each_kind_s_each_once(monkeypatch):
    vigils = vigils_module(monkeypatch)
    assert linked_pages(page_kinds()) == ("about", "how-to-help", "how-we-count")   # the kinds' are the frame's
    assert linked_pages((*page_kinds(), *vigils.PAGE_KINDS)) == ("about", "how-to-help", "how-we-count",
                                                                 "vigils-guide")
    profile = next(kind for kind in page_kinds() if kind.context is Profile)
    assert set(profile.linked_pages) == {"how-we-count", "how-to-help"}     # its counter, its letter block


def test_a_kind_s_order_places_its_pages_among_the_sites(tmp_path, monkeypatch):
    vigils = vigils_module(monkeypatch)
    early = tuple(dataclasses.replace(kind, order=12) for kind in vigils.PAGE_KINDS)   # after the home page
    content, _ = load(Folders(site_with_vigils(tmp_path)))
    outputs = build_site(content, dt.date.fromisoformat(AS_OF), kinds=(*page_kinds(), *early))
    assert [o.url for o in outputs if o.lang == "en"][:3] == ["/", "/vigils/", "/write/"]


def test_without_the_kind_there_is_no_such_page(tmp_path):
    site, out = site_with_vigils(tmp_path), tmp_path / "out"
    result = build(Folders(site, tmp_path / "cache"), out, BuildOptions(dt.date.fromisoformat(AS_OF)))
    assert not (out / "vigils").exists()
    assert not [w for w in result.warnings if "vigils-guide" in str(w)]
