"""The search index the build makes from slim pages (vigil/features/search_pages.py) is the
one Pagefind makes from the whole pages, byte for byte: every index file, so the same people
and posts are found by the same words, with the same titles, excerpts, images and meta."""
from __future__ import annotations

import json

from conftest import tree
from vigil.features import search


def test_the_index_of_the_slim_pages_is_the_index_of_the_whole_pages(sample_site, monkeypatch):
    """Pagefind given each page whole, as it was before pages were slimmed. (Staged as the
    build stages them, in a temporary folder: Pagefind's index files also depend on the
    order in which the file system lists a folder, which is not the same on every kind.)"""
    pages = sorted(file.relative_to(sample_site).as_posix() for file in sample_site.rglob("*.html"))
    monkeypatch.setattr(search, "slim_page", lambda html: html)
    from_whole, problems = search.search_index(sample_site, pages)
    assert problems == []
    built = {rel: data for rel, data in tree(sample_site).items() if rel.startswith("pagefind/")}
    assert sorted(built) == sorted(from_whole)
    assert [rel for rel in built if built[rel] != from_whole[rel]] == []
    entry = json.loads(built["pagefind/pagefind-entry.json"])
    assert {code: language["page_count"] for code, language in entry["languages"].items()} == \
        {"en": 28, "ru": 28, "uk": 28}
    assert len([rel for rel in built if "/fragment/" in rel]) == 3 * 28
