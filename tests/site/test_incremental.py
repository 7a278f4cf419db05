"""`serve` makes again only the pages a change touches: after each kind of edit, the
site it has (built through one session, as serve's) is byte for byte the site a clean
build makes."""
from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import PROJECT, SAMPLE_AS_OF, store_of, tree
from vigil.build.options import BuildOptions
from vigil.build.pipeline import Folders, build
from vigil.build.session import Session

AS_OF = dt.date.fromisoformat(SAMPLE_AS_OF)
LAUNCH = "content/news/2019-02-21-coalition-launch.md"


def replace_in(site: Path, rel: str, old: str, new: str) -> None:
    file = site / rel
    text = file.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_post(site: Path) -> None:
    (site / "content/news/2026-11-29-appeal.md").write_text(
        "---\ntitle: An appeal\ndate: 2026-11-29\nsummary: Lawyers appealed.\n"
        "prisoners: [alexei-gorinov]\n---\nThe lawyers of Alexei Gorinov appealed.\n", encoding="utf-8")


def new_template(site: Path) -> None:
    (site / "templates").mkdir(exist_ok=True)
    base = (PROJECT / "templates/page.html").read_text(encoding="utf-8")
    (site / "templates/page.html").write_text(base.replace('<article class="page">',
                                                           '<article class="page edited">'), encoding="utf-8")


def new_catalog(site: Path) -> None:
    catalog = site / "locales/ru/LC_MESSAGES/messages.po"
    catalog.parent.mkdir(parents=True)
    text = (PROJECT / "locales/ru/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Политзаключённые"', 'msgstr "Политические заключённые"'),
                       encoding="utf-8")


def new_stylesheet(site: Path) -> None:
    (site / "static/css").mkdir(parents=True)
    css = (PROJECT / "static/css/site.css").read_text(encoding="utf-8")
    (site / "static/css/site.css").write_text(css + "\n.edited { color: inherit; }\n", encoding="utf-8")


PICHUGIN_PHOTO = "static/img/prisoners/alexey-pichugin.jpg"


def write_photo(site: Path, colour: tuple[int, int, int]) -> None:
    out = io.BytesIO()
    Image.new("RGB", (640, 800), colour).save(out, "JPEG")
    (site / PICHUGIN_PHOTO).parent.mkdir(parents=True, exist_ok=True)
    (site / PICHUGIN_PHOTO).write_bytes(out.getvalue())


def with_photo(site: Path) -> None:
    write_photo(site, (90, 100, 120))
    replace_in(site, "data/prisoners.yaml", "  born: 1962-07-25\n",
               "  born: 1962-07-25\n  photo: img/prisoners/alexey-pichugin.jpg\n")


# What a site has before an edit, where the sample data lacks it (the sample has no photo).
BEFORE = {"a photo replaced": with_photo}

# Each edit, and how many pages it makes again: True, every one (the templates, the
# catalogs and the site's own settings are on every page); a number, exactly that many;
# False, fewer than half.
EDITS = {
    "a post's text": (lambda s: replace_in(s, LAUNCH, "two aims", "two clear aims"), False),
    "the people a post names": (lambda s: [replace_in(s, LAUNCH.replace(".md", f"{c}.md"),
                                                      "prisoners: [alexey-pichugin, ",
                                                      "prisoners: [alexei-navalny, alexey-pichugin, ")
                                           for c in ("", ".ru", ".uk")], False),
    "a new post": (new_post, False),
    "a post deleted": (lambda s: [(s / LAUNCH.replace(".md", f"{c}.md")).unlink()
                                  for c in ("", ".ru", ".uk")], False),
    "a prisoner's name": (lambda s: replace_in(s, "data/prisoners.yaml", "en: Alexey Pichugin",
                                               "en: Alexei Pichugin"), False),
    # a step of a case: its profile shows it (in each language), the open data holds it
    "an event's text": (lambda s: replace_in(s, "data/prisoners.yaml",
                                             "en: The Shali City Court agreed to release him on parole.",
                                             "en: The Shali City Court granted him parole."), False),
    "a custody date (the order of the lists)": (
        lambda s: replace_in(s, "data/prisoners.yaml", "from: 2014-05-11", "from: 2014-05-10"), False),
    "a page": (lambda s: replace_in(s, "content/pages/about.md", "Why a coalition", "Why we are a coalition"), False),
    "a page's translation": (lambda s: replace_in(s, "content/pages/about.uk.md", "коаліц", "Коаліц"), False),
    "the site's settings": (lambda s: replace_in(s, "data/site.yaml", "figure: 1262", "figure: 1263"), True),
    # the members are on the home page and their own, in each language
    "a member": (lambda s: replace_in(s, "data/members.yaml", "countries: [CA]", "countries: [CA, US]"), 6),
    "a template": (new_template, True),
    # every page links the stylesheet by a name made from its bytes (and the feeds, sitemap
    # and robots.txt, which do not, have the same frame: they are made again too)
    "a stylesheet": (new_stylesheet, True),
    "a catalog": (new_catalog, True),
    # its file names change: the pages showing it, with the new files, the old ones gone
    "a photo replaced": (lambda s: write_photo(s, (200, 180, 160)), False),
}


def search_index_of(files: dict[str, bytes]) -> dict[str, bytes]:
    return {rel: data for rel, data in files.items() if rel.startswith("pagefind/")}


def without_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """Every file but the search index's, which serve makes on its first build only (docs/site.md,
    Search): Pagefind reads every page again, which an edit should not wait for."""
    return {rel: data for rel, data in files.items() if not rel.startswith("pagefind/")}


def kept_indices(site: Path) -> list[Path]:
    """The search indices in the site's cache store."""
    return sorted((store_of(site / ".cache") / "search").iterdir())


def serving(site: Path) -> Folders:
    """The folders serve builds from: the site, with its own cache (`sample`'s: a first
    check's, as a maintainer's)."""
    return Folders(site, site / ".cache")


def kept_cache(site: Path, dest: Path) -> Path:
    """A copy of the site's cache as it is now (before an edit): what a maintainer's own
    build of the edited site would start from."""
    return Path(shutil.copytree(site / ".cache", dest))


def clean_build(site: Path, cache: Path, out: Path, as_of: dt.date = AS_OF):
    """A build of its own: no session, no site before it; with `cache`, as a maintainer's."""
    return build(Folders(site, cache), out, BuildOptions(as_of, dev=True))


@pytest.mark.parametrize("name", list(EDITS))
def test_an_incremental_rebuild_equals_a_clean_build(sample, tmp_path, name):
    edit, remade = EDITS[name]
    BEFORE.get(name, lambda site: None)(sample)
    out, session = tmp_path / "serve", Session()
    first = build(serving(sample), out, BuildOptions(AS_OF, dev=True), session=session)
    index = search_index_of(tree(out))
    kept = kept_indices(sample)
    assert len(kept) == 1
    cache = kept_cache(sample, tmp_path / "clean-cache")
    edit(sample)
    again = build(serving(sample), out, BuildOptions(AS_OF, dev=True), previous=first.previous, session=session)
    clean = tmp_path / "clean"
    clean_build(sample, cache, clean)
    assert without_index(tree(out)) == without_index(tree(clean))
    assert search_index_of(tree(out)) == index           # serve keeps its first build's index
    assert kept_indices(sample) == kept                  # and prunes none from the cache
    if remade is True:
        assert again.rendered == again.pages
    elif remade:
        assert again.rendered == remade
    else:
        assert again.rendered < again.pages / 2, again.rendered


def test_a_new_day_makes_every_page_again(sample, tmp_path):
    out = tmp_path / "serve"
    first = build(serving(sample), out, BuildOptions(AS_OF, dev=True))
    cache = kept_cache(sample, tmp_path / "clean-cache")
    again = build(serving(sample), out, BuildOptions(AS_OF + dt.timedelta(days=1), dev=True),
                  previous=first.previous)
    assert again.rendered == again.pages
    clean = tmp_path / "clean"
    clean_build(sample, cache, clean, AS_OF + dt.timedelta(days=1))
    assert without_index(tree(out)) == without_index(tree(clean))


def test_nothing_changed_makes_no_page_again(sample, tmp_path):
    out = tmp_path / "serve"
    first = build(serving(sample), out, BuildOptions(AS_OF, dev=True))
    again = build(serving(sample), out, BuildOptions(AS_OF, dev=True), previous=first.previous)
    assert again.rendered == 0 and again.written == 0
