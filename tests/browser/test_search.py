"""Search, as a visitor uses it: the sample site built with its Pagefind index and served
over HTTP, a real Chromium typing into the search page of each language. A name finds its
person in Latin or Cyrillic letters, in the spellings of each language; a word from the news
finds the post; nothing is loaded from another origin and nothing breaks the page's
Content-Security-Policy. And the build: its index files, and what happens when Pagefind fails."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import SAMPLE_AS_OF, copy_site, page, run_build, store_of, tree
from vigil.features.search import INDEX_DATA

PICHUGIN = "prisoners/alexey-pichugin/"
POST = "news/2019-02-21-coalition-launch/"
LANGUAGES = ["", "ru/", "uk/"]


@pytest.fixture
def visit(browser, site_url):
    """Open a page of the sample site; the page records console errors, policy violations
    and every request that left the site's origin."""
    def opened(path: str, javascript: bool = True):
        tab = browser.kept_page(java_script_enabled=javascript)
        tab.goto(f"{site_url}/{path}")
        return tab
    return opened


def results_of(tab, query: str) -> list[str]:
    """Type `query` into the search field; the addresses of the results, in order."""
    field = tab.get_by_role("searchbox")
    field.fill(query)
    expect(tab.locator("[data-search-status]")).to_contain_text(query)
    expect(tab.locator("[data-search-status]")).not_to_contain_text("…")
    return tab.locator(".search-results a").evaluate_all("links => links.map(a => a.pathname)")


@pytest.mark.browser
@pytest.mark.parametrize("prefix", LANGUAGES)
@pytest.mark.parametrize("query", ["Pichugin", "Пичугин", "Пічугін", "Aleksei Pichugin", "Oleksii Pichuhin"])
def test_a_name_finds_its_person_in_any_script(visit, prefix, query):
    tab = visit(prefix + "search/")
    found = results_of(tab, query)
    assert found and found[0] == "/" + prefix + PICHUGIN, found
    assert tab.errors == [] and tab.elsewhere == []


@pytest.mark.browser
@pytest.mark.parametrize("prefix,query", [("", "Pichugen"), ("", "Aleksej Pichugen"), ("ru/", "Пичуген"),
                                          ("uk/", "Пічуген"), ("", "Alexey Pichugen"), ("ru/", "Kurmasheva")])
def test_a_near_spelling_finds_the_person_first(visit, prefix, query):
    """Pagefind finds words by their start: a misspelt vowel finds nothing, or other pages.
    The page also looks for the words' sound keys, and the person so found comes first."""
    tab = visit(prefix + "search/")
    found = results_of(tab, query)
    person = "/" + prefix + (PICHUGIN if query != "Kurmasheva" else "prisoners/alsu-kurmasheva/")
    assert found and found[0] == person, found
    assert tab.errors == [] and tab.elsewhere == []


@pytest.mark.browser
def test_the_page_says_when_only_a_near_spelling_found_anything(visit):
    tab = visit("search/")
    assert results_of(tab, "Pichugen") == ["/" + PICHUGIN]
    expect(tab.locator("[data-search-status]")).to_have_text(
        "Nothing found for “Pichugen” as typed; names spelt nearly so: 1")
    assert results_of(tab, "Sentsov")[0] == "/prisoners/oleg-sentsov/"
    expect(tab.locator("[data-search-status]")).to_contain_text("Results for “Sentsov”")


@pytest.mark.browser
@pytest.mark.parametrize("prefix,status,count", [("", "In custody", "8,572\u00a0days in custody"),
                                                 ("ru/", "В заключении", "8\u00a0572\u00a0дня в заключении")])
def test_a_person_found_is_a_card_of_name_state_and_count_without_the_spellings(visit, prefix, status, count):
    tab = visit(prefix + "search/")
    results_of(tab, "Pichugin")
    card = tab.locator(".search-results li").first
    assert card.get_attribute("class") == "search-person"
    assert card.locator("h2 a").inner_text() in ("Alexey Pichugin", "Алексей Пичугин")
    assert card.locator(".status").inner_text() == status
    assert card.locator(".search-count").text_content() == count
    shown = card.inner_text()
    for spelling in ("Aleksei", "Pichuhin", "zq", "Other spellings", "Другие написания"):
        assert spelling not in shown, shown
    assert card.locator(".search-excerpt").count() == 0


@pytest.mark.browser
def test_a_held_persons_count_found_moves_on_with_the_day(browser, site_url):
    """The index keeps the day the count runs from, not the count: the day after the
    build, the card counts one more, as the profile's counter does."""
    context = browser.new_context(as_of="2026-12-08")
    tab = context.new_page()
    tab.goto(f"{site_url}/search/?q=Pichugin")
    expect(tab.locator(".search-count").first).to_have_text("8,573\u00a0days in custody")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("prefix,word", [("", "sustained"), ("ru/", "координировать"),
                                         ("uk/", "Естонії")])
def test_a_word_from_the_news_finds_the_post(visit, prefix, word):
    tab = visit(prefix + "search/")
    found = results_of(tab, word)
    assert "/" + prefix + POST in found, found
    excerpt = tab.locator(".search-results li", has=tab.locator(f'a[href="/{prefix}{POST}"]'))
    assert excerpt.locator("mark").count() >= 1                 # the word, marked in the excerpt
    assert tab.errors == [] and tab.elsewhere == []


@pytest.mark.browser
def test_a_search_can_be_linked_and_says_when_nothing_is_found(visit):
    tab = visit("search/?q=Sentsov")
    expect(tab.locator(".search-results a").first).to_have_attribute("href", "/prisoners/oleg-sentsov/")
    assert tab.get_by_role("searchbox").input_value() == "Sentsov"
    found = results_of(tab, "Qwxzvyk")
    assert found == []
    expect(tab.locator("[data-search-status]")).to_have_text(
        "Nothing found for “Qwxzvyk”. Try another spelling, or part of a name.")
    assert "q=Qwxzvyk" in tab.url
    assert tab.errors == [] and tab.elsewhere == []


@pytest.mark.browser
def test_without_javascript_the_search_page_says_so_and_points_to_the_lists(visit):
    tab = visit("ru/search/", javascript=False)
    assert not tab.get_by_role("searchbox").is_visible()
    note = tab.locator("[data-search-without-script]")
    expect(note).to_contain_text("нужен JavaScript")
    assert note.locator("a").evaluate_all("links => links.map(a => a.pathname)") == ["/ru/prisoners/", "/ru/news/"]


@pytest.mark.browser
@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_page_links_the_search_page_of_its_language(visit, site_url, prefix):
    tab = visit(prefix + PICHUGIN)
    link = tab.locator(".site-header .search-link")
    assert link.is_visible()
    link.click()
    expect(tab).to_have_url(f"{site_url}/{prefix}search/")
    expect(tab.get_by_role("searchbox")).to_be_visible()
    assert tab.errors == [] and tab.elsewhere == []


# --------------------------------------------------------------------------- what the build writes
def test_the_build_writes_one_index_a_language_of_the_pages_worth_finding(sample_site):
    entry = json.loads((sample_site / "pagefind/pagefind.js").with_name("pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en", "ru", "uk"]
    # 22 profiles, 4 text pages, 1 post, the members; not the lists, the home page, the search
    assert {code: lang["page_count"] for code, lang in entry["languages"].items()} == \
        {"en": 28, "ru": 28, "uk": 28}
    assert not list(sample_site.glob("pagefind/pagefind-ui*"))      # the site has its own script
    assert "data-pagefind-body" in page(sample_site, "/" + PICHUGIN)
    assert "data-pagefind-body" not in page(sample_site, "/prisoners/")


def test_a_profile_shows_the_other_spellings_and_indexes_the_romanized_ones(sample_site):
    html = page(sample_site, "/" + PICHUGIN)
    assert ('<p class="other-spellings">Other spellings: <span lang="ru">Алексей Пичугин</span>, '
            '<span lang="uk">Олексій Пічугін</span></p>') in html
    assert ('data-spellings="Aleksey Aleksei Alexei Oleksiy Oleksii Pichuhin Olexiy Olexii'
            ' zqlks zqpcgn zqpcn"') in html                        # and the sound keys
    # what a result shows of the person: the state, and the day the count runs from
    held_from = dt.date.fromisoformat(SAMPLE_AS_OF) - dt.timedelta(days=8572)
    assert f'data-pagefind-meta="custody:held {held_from.isoformat()}"' in html
    assert 'data-pagefind-meta="custody:released 1945"' in page(sample_site, "/prisoners/oleg-sentsov/")
    assert 'data-pagefind-index-attrs="data-spellings"' in html


def test_the_same_site_gives_the_same_index(tmp_path, sample_site):
    out = tmp_path / "again"
    assert run_build(copy_site("project", tmp_path / "site"), out, as_of=SAMPLE_AS_OF) == 0
    first, second = tree(sample_site), tree(out)
    index = sorted(rel for rel in second if rel.startswith("pagefind/"))
    assert index == sorted(rel for rel in first if rel.startswith("pagefind/"))
    assert all(first[rel] == second[rel] for rel in index)


def test_when_pagefind_fails_the_build_says_so_and_keeps_the_site_before(tmp_path, built, monkeypatch, capsys):
    sample, out = built.source, built.out
    before = tree(out)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: could not read the site' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    (sample / "content/pages/about.md").write_text(
        (sample / "content/pages/about.md").read_text() + "\nOne more line.\n")
    capsys.readouterr()
    assert run_build(sample, out, as_of=SAMPLE_AS_OF) == 1
    said = capsys.readouterr().err
    assert "Pagefind could not make the search index (Error: could not read the site)" in said
    assert "the site built before is left as it was" in said and "Traceback" not in said
    assert tree(out) == before
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".public")]   # no half-made site


def counting_pagefind(folder, monkeypatch) -> Path:
    """From now on, Pagefind is run through a script that writes down how many pages it was
    given to read, each time it is run; the file it writes them into."""
    from vigil.features.search import pagefind_program
    log, script = folder / "pagefind-runs", folder / "pagefind"
    script.write_text(f"#!/bin/sh\nfind \"$2\" -name '*.html' | wc -l >> '{log}'\n"
                      f"exec '{pagefind_program()}' \"$@\"\n")
    script.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    return log


def runs(log: Path) -> list[int]:
    """The pages Pagefind was given, each time it ran."""
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def test_the_next_night_takes_the_index_from_the_cache(tmp_path, built, monkeypatch):
    """The counts move every night, but the index leaves them out: a night whose pages say
    the same in what the index is made of takes the index from the cache. Pagefind reads no
    page of the site again: it is run only on a short page a language, for its own scripts,
    which are never taken from a cache (a fraction of a second)."""
    sample, out = built.source, built.out
    assert SAMPLE_AS_OF == "2026-12-07"
    before = tree(out)
    log = counting_pagefind(tmp_path, monkeypatch)
    assert run_build(sample, out, as_of="2026-12-08") == 0
    after = tree(out)
    assert before[f"{PICHUGIN}index.html"] != after[f"{PICHUGIN}index.html"]
    index = sorted(rel for rel in before if rel.startswith("pagefind/"))
    assert index == sorted(rel for rel in after if rel.startswith("pagefind/"))
    assert all(before[rel] == after[rel] for rel in index)
    assert all(pages <= 1 for pages in runs(log)), runs(log)       # one short page, in a run a language
    (kept,) = kept_indices(sample)
    # a word changed where the index reads it: Pagefind reads the site's pages again, a
    # language at a time, and the store keeps that index alone
    file = sample / "data/prisoners.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("Alexey Pichugin", "Alexei Pichugin", 1),
                    encoding="utf-8")
    before = len(runs(log))
    assert run_build(sample, out, as_of="2026-12-08") == 0
    assert runs(log)[before:] == [28, 28, 28], runs(log)
    (new,) = kept_indices(sample)
    assert new != kept and re.fullmatch("[0-9a-f]{64}", new.name)
    assert {f"pagefind/{f.relative_to(new / 'pagefind').as_posix()}" for f in (new / "pagefind").rglob("*")
            if f.is_file()} == {rel for rel in tree(out) if INDEX_DATA.fullmatch(rel)}


def kept_indices(sample: Path) -> list[Path]:
    """The search indices in the cache store of the sample's copy."""
    return sorted((store_of(sample / ".cache") / "search").iterdir())

