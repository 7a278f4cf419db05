"""What a build writes: the same bytes however many processes make the pages; only the
files whose bytes changed, so a sync to the CDN moves only those; and a content cache
that saves work but is never trusted over the input."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import NEXT_NIGHT, SAMPLE_AS_OF, store_of, tree
from vigil.cli import main


def mtimes(folder: Path) -> dict[str, int]:
    return {f.relative_to(folder).as_posix(): f.stat().st_mtime_ns
            for f in folder.rglob("*") if f.is_file()}


def build(site: Path, out: Path, *extra: str, as_of: str = SAMPLE_AS_OF) -> None:
    assert main(["build", "--source", str(site), "--out", str(out), "--as-of", as_of, *extra],
                environ={}) == 0


def test_pages_made_in_parallel_are_byte_identical_to_a_single_process_build(sample, sample_build, tmp_path):
    one, two = tmp_path / "one", sample_build.out           # `sample_build`: in two processes
    build(sample, one, "--jobs", "1", "--cache", str(tmp_path / "cache1"))
    assert len(tree(one)) > 64                      # enough pages to be shared among workers
    cards = [rel for rel in tree(one) if rel.endswith("card.png")]
    assert len(cards) == 3 * (22 + 1)               # each prisoner's and the home page's, 3 languages
    assert tree(one) == tree(two)


def test_a_build_from_the_cache_is_byte_identical_to_a_build_without_one(sample_build, built, tmp_path):
    cold, warm = sample_build.out, tmp_path / "warm"         # `sample_build`: from no cache
    assert (store_of(built.cache) / "markdown.json").is_file()
    assert list((store_of(built.cache) / "cards").rglob("*"))
    build(built.source, warm)
    assert tree(cold) == tree(warm)


def test_the_next_nights_cards_drawn_on_the_kept_ones_are_those_made_anew(built, tmp_path):
    """The card cache keeps last night's cards (`built`: as of 2026-12-07); tonight only the
    count is drawn on them."""
    assert SAMPLE_AS_OF == "2026-12-07"
    build(built.source, tmp_path / "tonight", "--jobs", "2", as_of="2026-12-08")
    build(built.source, tmp_path / "clean", "--jobs", "1", "--cache", str(tmp_path / "none"), as_of="2026-12-08")
    assert tree(tmp_path / "tonight") == tree(tmp_path / "clean")


def entry_times(named: Path) -> dict[str, dict[str, int]]:
    """Each entry of a named cache of files, its files' times."""
    return {entry.name: {f.name: f.stat().st_mtime_ns for f in entry.iterdir()} for entry in named.iterdir()}


def test_the_card_cache_remakes_only_an_edited_card_and_keeps_only_what_the_last_build_used(built):
    sample, cache = built.source, built.cache
    cards = store_of(cache) / "cards"
    entries = entry_times(cards)
    assert len(entries) == 22 * 3 + 3               # a person's card in each language; the home page's
    stale = cards / ("00" * 32)
    shutil.copytree(cards / sorted(entries)[0], stale)           # an entry no build uses (nor its key)
    (cards / "notes.txt").write_text("not an entry", encoding="utf-8")
    records = sample / "data/prisoners.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        "en: Alexey Pichugin", "en: Alexei Pichugin", 1), encoding="utf-8")
    build(sample, built.out)
    now = entry_times(cards)
    assert not stale.exists() and not (cards / "notes.txt").exists()
    assert len(now) == len(entries) and len(set(now) - set(entries)) == 1   # the English card, anew
    assert all(now[key] == entries[key] for key in set(now) & set(entries))   # the others as they were


def test_only_files_whose_bytes_changed_are_written(built, capsys):
    sample, out = built.source, built.out
    capsys.readouterr()
    before, times = tree(out), mtimes(out)
    build(sample, out)
    assert mtimes(out) == times                     # nothing changed: every file as it was
    assert f"0 files written, {len(before)} unchanged, 0 removed." in capsys.readouterr().out

    post = sample / "content/news/2019-02-21-coalition-launch.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "The coalition has two aims", "The coalition has two clear aims"), encoding="utf-8")
    build(sample, out)
    after = tree(out)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    touched = {rel for rel, t in mtimes(out).items() if t != times.get(rel)}
    assert "news/2019-02-21-coalition-launch/index.html" in changed
    assert touched == changed                       # exactly the files whose bytes changed
    assert len(changed) < len(after) / 2
    # the search index's files are named by their bytes: the post's new text replaces some
    gone = set(before) - set(after)
    assert gone and all(rel.startswith("pagefind/") for rel in gone)
    assert f"{len(changed)} files written, {len(after) - len(changed)} unchanged, {len(gone)} removed." \
        in capsys.readouterr().out


def test_a_file_the_new_site_no_longer_has_is_removed_and_counted(built, capsys):
    sample, out = built.source, built.out
    before = tree(out)
    for code in ("", ".ru", ".uk"):
        (sample / f"content/pages/about{code}.md").unlink()
    capsys.readouterr()
    build(sample, out)
    assert not (out / "about").exists()
    gone = set(before) - set(tree(out))
    # the three pages, and the files of the search index that held them
    assert {rel for rel in gone if not rel.startswith("pagefind/")} == {
        "about/index.html", "ru/about/index.html", "uk/about/index.html"}
    assert f"{len(gone)} removed." in capsys.readouterr().out


DAMAGE = {
    ("markdown.json", "not JSON"): lambda f: f.write_bytes(b"\x00\xff not json"),
    ("markdown.json", "cut short"): lambda f: f.write_text(f.read_text(encoding="utf-8")[:1000],
                                                           encoding="utf-8"),
    ("markdown.json", "another version"): lambda f: f.write_text(json.dumps(
        {**json.loads(f.read_text(encoding="utf-8")), "stamp": "another version"}), encoding="utf-8"),
    ("markdown.json", "wrong shape"): lambda f: f.write_text(json.dumps(
        {"stamp": json.loads(f.read_text(encoding="utf-8"))["stamp"], "entries": {"a": 1}}),
        encoding="utf-8"),
    ("parsed.json", "not JSON"): lambda f: f.write_bytes(b"\x80\x04not json"),
    ("parsed.json", "cut short"): lambda f: f.write_bytes(f.read_bytes()[:100]),
    ("parsed.json", "another version"): lambda f: f.write_text(json.dumps(
        {"stamp": "another version", "entries": {}}), encoding="utf-8"),
    ("parsed.json", "wrong shape"): lambda f: f.write_text(json.dumps(
        {"stamp": json.loads(f.read_text(encoding="utf-8"))["stamp"],
         "entries": {k: {"value": 1, "places": "x"} for k in json.loads(f.read_text(encoding="utf-8"))["entries"]}}),
        encoding="utf-8"),
}


@pytest.mark.parametrize("file,damage", list(DAMAGE), ids=[" ".join(k) for k in DAMAGE])
def test_a_damaged_or_foreign_cache_is_ignored_and_made_anew(sample_build, built, tmp_path, file, damage):
    cache, clean, again = built.cache, sample_build.out, tmp_path / "again"   # `sample_build`: from no cache
    DAMAGE[file, damage](store_of(cache) / file)
    build(built.source, again)
    assert tree(again) == tree(clean)
    if file == "markdown.json":
        stored = json.loads((store_of(cache) / file).read_text(encoding="utf-8"))
        assert len(stored["entries"]) > 20 and all(isinstance(v, str) for v in stored["entries"].values())


def test_a_failed_build_leaves_the_site_and_its_times_as_they_were(built):
    sample, out = built.source, built.out
    before, times = tree(out), mtimes(out)
    records = sample / "data/prisoners.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace("featured: true", "featured: yes", 1),
                       encoding="utf-8")
    assert main(["build", "--source", str(sample), "--out", str(out), "--as-of", SAMPLE_AS_OF],
                environ={}) == 1
    assert tree(out) == before and mtimes(out) == times
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".public-")]   # no leftovers


def test_the_nightly_build_rewrites_only_pages_whose_figures_move(sample_build, sample_next_night):
    """A post, a page or a released person's page does not change from one night to the
    next: it does not say 'Figures as of', and the build leaves its file alone. The sitemap
    gives the pages that moved the new date, and only them. (`sample_next_night` is built
    over a copy of `sample_build`'s site, with the files' times.)"""
    assert (SAMPLE_AS_OF, NEXT_NIGHT) == ("2026-12-07", "2026-12-08")
    before, times = tree(sample_build.out), mtimes(sample_build.out)
    after = tree(sample_next_night.out)
    touched = {rel for rel, t in mtimes(sample_next_night.out).items() if t != times[rel]}
    moving = {rel for rel, data in before.items() if b'<p class="built">' in data}   # "Figures as of"
    # and the share card of each person whose page moves: their count is on it
    profiles = {rel for rel in moving
                if re.fullmatch(r"((ru|uk)/)?prisoners/[a-z-]+/index\.html", rel) and "/category/" not in rel}
    cards = {rel.replace("index.html", name) for rel in profiles for name in ("card.png", "badge.svg")}
    # and the open data that states its date, or counts as of it
    dated = {"data/prisoners.json", "data/prisoners.csv", "data/members.json", "data/news.json"}
    # and the calendars with events, stamped (DTSTAMP) with the build's date
    dated |= {f"{prefix}calendars/birthdays.ics" for prefix in ("", "ru/", "uk/")}
    assert touched == moving | cards | dated | {"sitemap.xml"} == {
        rel for rel in after if after[rel] != before[rel]}
    assert {"prisoners/alexey-pichugin/index.html", "ru/prisoners/alexey-pichugin/card.png"} <= touched
    for rel in ("news/2019-02-21-coalition-launch/index.html", "prisoners/oleg-sentsov/index.html",
                "ru/members/index.html", "uk/how-to-help/index.html", "feed.xml",
                "prisoners/oleg-sentsov/card.png", "card.png", "uk/card.png",
                "prisoners/oleg-sentsov/badge.svg"):
        assert rel in after and rel not in touched, rel
    moved = {re.sub(r"/?index\.html$", "/", rel).lstrip("/") for rel in moving}
    assert sitemap_dates(after["sitemap.xml"]) == {
        url: "2026-12-08" if url.removeprefix("https://example.org/") in moved else day
        for url, day in sitemap_dates(before["sitemap.xml"]).items()}


def sitemap_dates(sitemap: bytes) -> dict[str, str]:
    """Each address in a sitemap with its lastmod."""
    return dict(re.findall(r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", sitemap.decode("utf-8")))


def test_a_file_read_from_the_cache_is_read_again_once_it_changes(built, capsys):
    sample, cache, out = built.source, built.cache, built.out
    records = sample / "data/prisoners.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        "en: Alexey Pichugin", "en: Alexei Pichugin", 1), encoding="utf-8")
    build(sample, out)
    assert "<h1>Alexei Pichugin</h1>" in (out / "prisoners/alexey-pichugin/index.html").read_text(encoding="utf-8")
    # and a mistake is reported every time, never hidden by the cache
    records.write_text(records.read_text(encoding="utf-8").replace("featured: true", "featured: yes", 1),
                       encoding="utf-8")
    for _ in range(2):
        assert main(["check", "--source", str(sample), "--cache", str(cache), "--as-of", SAMPLE_AS_OF],
                    environ={}) == 1
        assert "'featured': write true or false, not 'yes'" in capsys.readouterr().out


# --------------------------------------------------------------------------- the site kept beside the output
def tiny_precompressed(tmp_path: Path) -> Path:
    from conftest import copy_site
    site = copy_site("tiny", tmp_path / "src")
    with (site / "data/site.yaml").open("a", encoding="utf-8") as f:
        f.write("precompress: true\n")
    return site


def kept(out: Path) -> Path:
    return out.parent / f".{out.name}-before"


def edit_about(site: Path) -> None:
    about = site / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("We are a test.", "We are a test!"),
                     encoding="utf-8")


def test_the_site_before_is_kept_and_brought_up_to_date_with_the_files_and_times_of_a_new_folder(tmp_path):
    """The next builds (a day on, then an edit) update the kept site before the last one,
    giving the files a build into a new folder gives, and the same files left untouched."""
    site = tiny_precompressed(tmp_path)
    reused, fresh = tmp_path / "a/public", tmp_path / "b/public"
    for out in (reused, fresh):
        build(site, out, as_of="2026-11-29")
    for as_of, change in (("2026-11-30", None), ("2026-12-01", edit_about), ("2026-12-01", None)):
        if change is not None:
            change(site)
        touched = {}
        for out in (reused, fresh):
            times, folder = mtimes(out), kept(out).stat().st_ino if kept(out).exists() else None
            if out == fresh and kept(out).exists():
                shutil.rmtree(kept(out))        # the way without a kept site: a new folder
            build(site, out, as_of=as_of)
            touched[out] = {rel for rel, t in mtimes(out).items() if t != times.get(rel)}
            if out == reused and folder is not None:
                assert out.stat().st_ino == folder   # the kept folder, brought up to date
        assert tree(reused) == tree(fresh)
        assert touched[reused] == touched[fresh]
        assert kept(reused).is_dir()


def test_a_damaged_kept_site_still_gives_the_right_site_and_nothing_outside_it_is_touched(tmp_path):
    site = tiny_precompressed(tmp_path)
    out = tmp_path / "public"
    build(site, out, as_of="2026-11-29")
    build(site, out, as_of="2026-11-30")
    before = kept(out)
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "note.txt").write_text("keep me", encoding="utf-8")
    (outside / "inner/index.html").write_text("keep me too", encoding="utf-8")
    outside_before = tree(outside)
    live_before = tree(out)
    files = sorted(f.relative_to(before).as_posix() for f in before.rglob("*") if f.is_file())
    pages = [rel for rel in files if rel.endswith("/index.html") and rel.count("/") == 1]
    changed, as_folder, as_link = pages[0], pages[1], pages[2]
    (before / changed).unlink()                           # a file changed (a new file: the live one is a link to it)
    (before / changed).write_bytes(b"changed by hand")
    (before / "extra.html").write_text("extra", encoding="utf-8")   # a file the site does not have
    (before / "extra/deep").mkdir(parents=True)
    (before / "extra/deep/page.html").write_text("extra", encoding="utf-8")
    (before / as_folder).unlink()                         # a file replaced by a folder
    (before / as_folder).mkdir()
    (before / as_folder / "inside.html").write_text("x", encoding="utf-8")
    (before / as_link).unlink()                           # a file replaced by a link out
    (before / as_link).symlink_to(outside / "note.txt")
    shutil.rmtree(before / "static")                       # a folder replaced by a link out
    (before / "static").symlink_to(outside / "inner", target_is_directory=True)
    (before / "feed.xml").unlink()
    (before / "feed.xml").mkdir()                          # a file replaced by a folder of its own
    assert tree(out) == live_before                        # the live site did not share the damage
    build(site, out, as_of="2026-12-01")
    build(site, clean := tmp_path / "clean", "--cache", str(tmp_path / "none"), as_of="2026-12-01")
    assert tree(out) == tree(clean)
    assert not [f for f in out.rglob("*") if f.is_symlink()]
    assert tree(outside) == outside_before


def test_a_build_failing_as_it_writes_leaves_the_live_site_and_the_next_builds_right(built, monkeypatch, tmp_path):
    from vigil.build import pipeline
    sample, out = built.source, built.out
    build(sample, out, as_of=NEXT_NIGHT)                  # now there is a kept site
    assert kept(out).is_dir()
    live, times = tree(out), mtimes(out)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")
    monkeypatch.setattr(pipeline, "headers_of", fail)     # after every page is written
    how = sample / "content/pages/how-we-count.md"          # a page the two sites share, changed
    text = how.read_text(encoding="utf-8")
    assert "This\npage explains" in text
    how.write_text(text.replace("This\npage explains", "This\npage says"), encoding="utf-8")
    assert main(["build", "--source", str(sample), "--out", str(out), "--as-of", "2026-12-09"],
                environ={}) != 0
    assert tree(out) == live and mtimes(out) == times
    assert kept(out).is_dir()                             # kept again, half brought up to date
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".public-") and p != kept(out)]
    monkeypatch.undo()
    build(sample, out, as_of="2026-12-09")
    build(sample, clean := tmp_path / "clean", "--cache", str(tmp_path / "none"), as_of="2026-12-09")
    assert tree(out) == tree(clean)
