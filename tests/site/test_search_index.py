"""The search index the build makes from slim pages (vigil/features/search_pages.py) is the
one Pagefind makes from the whole pages, byte for byte: every index file, so the same people
and posts are found by the same words, with the same titles, excerpts, images and meta."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import tree
from vigil.features.search import pagefind_program, published, staging_place


def index_of_whole_pages(site: Path) -> dict[str, bytes]:
    """The index Pagefind makes of the site's pages, given whole, in one run for all its
    languages, as the build made it before. (Staged where the build stages them, in the same
    order: Pagefind's index files also depend on the order in which the file system lists
    a folder, which is not the same on every kind.)"""
    with tempfile.TemporaryDirectory(prefix="vigil-test-search-", dir=staging_place(0)) as folder:
        for file in sorted(site.rglob("*.html")):
            target = Path(folder) / "pages" / file.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
        out = Path(folder) / "pagefind"
        subprocess.run([str(pagefind_program()), "--site", str(Path(folder) / "pages"), "--output-path",
                        str(out), "--silent"], check=True, timeout=300)
        return published(out)


def test_the_index_of_the_slim_pages_is_the_index_of_the_whole_pages(sample_site):
    """The build gives Pagefind slim pages, one language at a time."""
    from_whole = index_of_whole_pages(sample_site)
    built = {rel: data for rel, data in tree(sample_site).items() if rel.startswith("pagefind/")}
    assert sorted(built) == sorted(from_whole)
    assert [rel for rel in built if built[rel] != from_whole[rel]] == []
    entry = json.loads(built["pagefind/pagefind-entry.json"])
    assert {code: language["page_count"] for code, language in entry["languages"].items()} == \
        {"en": 28, "ru": 28, "uk": 28}
    assert len([rel for rel in built if "/fragment/" in rel]) == 3 * 28
