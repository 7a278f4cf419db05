"""The cache store: named caches under one stamp, each read checked, one pruner."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import run_build, store_of, tree
from vigil.cache.files import MANIFEST, MOST_MANIFEST, FileCache
from vigil.cache.store import NAMES, PACKAGE, STAMP, JsonCache, engine_files, json_text, open_store, prune, stamped
from vigil.media import cards, photos


def test_a_build_leaves_its_named_caches_under_one_stamp(tiny, tmp_path):
    site = tiny
    with (site / "data/site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("languages: [en, ru]\n")      # the interface strings are looked for
    assert run_build(site, tmp_path / "out") == 0
    store = store_of(site / ".cache")
    assert sorted(p.name for p in store.iterdir()) == sorted({STAMP, *NAMES.values()})
    stamp = stamped(store)
    assert store.name == f"store-{stamp[:16]}"
    for name in ("markdown", "qr", "parsed", "messages"):
        assert json.loads((store / NAMES[name]).read_text(encoding="utf-8"))["stamp"] == stamp


def test_another_stamp_is_another_store_and_the_pruner_removes_the_old_one(tiny, tmp_path):
    """Another engine, other schemas or settings: nothing of the old store is read; after a
    whole build it goes, and nothing else of the cache folder (which may be one a maintainer
    named, with files of their own), but what earlier versions kept there."""
    site = tiny
    assert run_build(site, tmp_path / "first") == 0
    first = tree(tmp_path / "first")
    cache = site / ".cache"
    old = store_of(cache).rename(cache / "store-0123456789abcdef")
    (old / STAMP).write_text(json.dumps({"stamp": "0123456789abcdef, another engine"}), encoding="utf-8")
    planted = next((old / "photos").rglob("*.jpg"))
    planted.write_bytes(b"planted")
    (cache / "notes.txt").write_text("mine", encoding="utf-8")
    (cache / "photos").mkdir()                                # a folder of the maintainer's
    (cache / "parsed.pickle").write_bytes(b"not read")         # what versions before 5 kept
    assert run_build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == first
    assert not old.exists() and store_of(cache).name != old.name
    assert (cache / "notes.txt").read_text(encoding="utf-8") == "mine" and (cache / "photos").is_dir()
    assert not (cache / "parsed.pickle").exists()


def test_a_store_folder_stamped_otherwise_is_emptied_first(tiny, tmp_path):
    """A store whose stamp.json says another stamp (damaged, or written by someone else)."""
    site = tiny
    assert run_build(site, tmp_path / "first") == 0
    store = store_of(site / ".cache")
    planted = next((store / "photos").rglob("*.jpg"))
    planted.write_bytes(b"planted")
    (store / STAMP).write_text("[" * 100_000, encoding="utf-8")
    assert run_build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == tree(tmp_path / "first")
    assert planted.read_bytes() != b"planted"


def test_a_linked_store_or_named_cache_is_never_followed(tiny, tmp_path):
    """A cache planted in a site's folder with a store, or a named cache in it, that is a
    link to a folder elsewhere: nothing there is read, written or removed."""
    site = tiny
    assert run_build(site, tmp_path / "first") == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine", encoding="utf-8")
    store = store_of(site / ".cache")
    shutil.rmtree(store / "photos")
    (store / "photos").symlink_to(elsewhere, target_is_directory=True)
    assert run_build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == tree(tmp_path / "first")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert not (store / "photos").is_symlink()
    name = store.name
    shutil.rmtree(store)
    (site / ".cache" / name).symlink_to(elsewhere, target_is_directory=True)
    assert run_build(site, tmp_path / "third") == 0
    assert tree(tmp_path / "third") == tree(tmp_path / "first")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]


def test_an_unreadable_stamp_is_a_store_stamped_otherwise(tmp_path):
    cache = tmp_path / "cache"
    JsonCache(open_store(cache, "one"), "qr", lambda text: text).save({"a": "b"})
    assert JsonCache(open_store(cache, "one"), "qr", lambda text: text).load() == {"a": "b"}
    (store_of(cache) / STAMP).write_text("[" * 100_000, encoding="utf-8")
    assert JsonCache(open_store(cache, "one"), "qr", lambda text: text).load() == {}


def test_a_json_cache_written_under_another_stamp_is_not_read(tmp_path):
    cache = tmp_path / "cache"
    store = open_store(cache, "0" * 64)
    JsonCache(store, "markdown", lambda text: text).save({"a": "<p>b</p>"})
    other = "0" * 16 + "1" * 48                               # the same folder, another stamp
    assert JsonCache(open_store(cache, other), "markdown", lambda text: text).load() == {}


def test_each_text_read_is_checked(tmp_path):
    cache = tmp_path / "cache"
    JsonCache(open_store(cache, "one"), "qr", str).save({"a": "good", "b": "bad"})
    checked = JsonCache(open_store(cache, "one"), "qr", lambda text: text if text == "good" else None)
    assert checked.load() == {"a": "good"}


def test_the_stamp_holds_every_module_of_the_engine():
    """A new version of any module (the Markdown renderer's, the templates', the pipeline's)
    is another stamp, and so another store: nothing a former engine made is read."""
    files = {f.relative_to(PACKAGE).as_posix() for f in engine_files()}
    assert {"cli.py", "load/markup.py", "render/templates.py", "build/pipeline.py", "cache/store.py"} <= files
    assert files == {f.relative_to(PACKAGE).as_posix() for f in PACKAGE.rglob("*.py")}
    assert PACKAGE.name == "vigil" and (PACKAGE / "__init__.py").is_file()


# --------------------------------------------------------------------------- the file caches
def entry_times(named: Path) -> dict[str, dict[str, int]]:
    """Each entry of a named cache of files, its files' times."""
    return {entry.name: {f.name: f.stat().st_mtime_ns for f in entry.iterdir()}
            for entry in sorted(named.iterdir())}


def portrait_jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 1000), colour).save(out, "JPEG")
    return out.getvalue()


def test_the_file_caches_are_reused_whole_and_an_edit_remakes_only_its_entries(tiny, tmp_path, monkeypatch):
    """Photos and share cards: a second build makes no picture again and writes no entry;
    a new photo remakes its renditions and that person's cards alone, and after the build
    only the entries it used are left."""
    site = tiny
    (site / "static/img/prisoners/olga-released.jpg").write_bytes(portrait_jpeg((120, 90, 60)))
    records = site / "data/prisoners.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        "- id: olga-released\n", "- id: olga-released\n  photo: img/prisoners/olga-released.jpg\n", 1),
        encoding="utf-8")
    assert run_build(site, tmp_path / "first", "--jobs", "1") == 0
    store = store_of(site / ".cache")
    photos_before, cards_before = entry_times(store / "photos"), entry_times(store / "cards")
    assert len(photos_before) == 2 and len(cards_before) == 3 + 1        # each person's, the home page's

    def no_picture(*args, **kwargs):
        raise AssertionError("a picture made again")
    for module, name in [(photos, "renditions"), (cards, "draw_base"), (cards, "draw_band"),
                         (cards, "draw_headline")]:
        monkeypatch.setattr(module, name, no_picture)
    assert run_build(site, tmp_path / "second", "--jobs", "1") == 0
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert entry_times(store / "photos") == photos_before and entry_times(store / "cards") == cards_before

    monkeypatch.undo()
    (site / "static/img/prisoners/ivan-held.jpg").write_bytes(portrait_jpeg((30, 60, 90)))
    assert run_build(site, tmp_path / "third", "--jobs", "1") == 0
    photos_after, cards_after = entry_times(store / "photos"), entry_times(store / "cards")
    kept = set(photos_after) & set(photos_before)
    assert len(photos_after) == 2 and len(kept) == 1            # Olga's, as it was; Ivan's anew
    assert all(photos_after[key] == photos_before[key] for key in kept)
    kept = set(cards_after) & set(cards_before)
    assert len(cards_after) == len(cards_before) and len(kept) == len(cards_before) - 1   # Ivan's card
    assert all(cards_after[key] == cards_before[key] for key in kept)


@pytest.mark.parametrize("damage", ["file changed", "manifest of another key", "manifest too large",
                                    "file a link", "entry a link", "a file more", "a file less",
                                    "file a folder"])
def test_a_damaged_or_foreign_file_entry_is_not_trusted_and_is_made_anew(tmp_path, damage):
    cache = FileCache(tmp_path / "photos")
    key, other = "a" * 64, "b" * 64
    files = {"one.jpg": b"first", "two.webp": b"second"}
    entry = cache.put(key, files, {"size": [1, 2]})
    assert cache.get(key, files) == entry and entry.notes == {"size": [1, 2]}
    folder = entry.folder
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if damage == "file changed":
        (folder / "one.jpg").write_bytes(b"firsT")
    elif damage == "manifest of another key":
        cache.put(other, files)
        shutil.copy(cache.entry_folder(other) / MANIFEST, folder / MANIFEST)
    elif damage == "manifest too large":
        (folder / MANIFEST).write_text(json.dumps({**manifest, "padding": "x" * MOST_MANIFEST}), encoding="utf-8")
    elif damage == "file a link":                      # to the same bytes, outside the cache
        (elsewhere / "one.jpg").write_bytes(b"first")
        (folder / "one.jpg").unlink()
        (folder / "one.jpg").symlink_to(elsewhere / "one.jpg")
    elif damage == "entry a link":
        shutil.copytree(folder, elsewhere / "entry")
        shutil.rmtree(folder)
        folder.symlink_to(elsewhere / "entry", target_is_directory=True)
    elif damage == "a file more":
        manifest["files"]["three.png"] = manifest["files"]["one.jpg"]
        (folder / "three.png").write_bytes(b"first")
        (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    elif damage == "a file less":
        del manifest["files"]["two.webp"]
        (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    elif damage == "file a folder":
        (folder / "one.jpg").unlink()
        (folder / "one.jpg").mkdir()
    fresh = FileCache(tmp_path / "photos")
    assert fresh.get(key, files) is None and fresh.used == set()
    fresh.put(key, files, {"size": [1, 2]})
    assert FileCache(tmp_path / "photos").get(key, files) == entry
    assert not folder.is_symlink() and sorted(p.name for p in elsewhere.rglob("*") if p.is_file()) in (
        [], ["one.jpg"], ["entry.json", "one.jpg", "two.webp"])


def test_the_pruner_keeps_only_the_entries_a_build_used(tmp_path):
    """And whatever else is in a named cache of files goes too; a cache left out of `used`
    (the cards after a build that made only some) is left as it is."""
    store = open_store(tmp_path / "cache", "0" * 64)
    photos_cache, cards_cache, search_cache = store.files("photos"), store.files("cards"), store.files("search")
    for key in ("a" * 64, "b" * 64):
        photos_cache.put(key, {"160.jpg": key.encode()})
        cards_cache.put(key, {"share.card": key.encode()})
        search_cache.put(key, {"pagefind/index/en_1.pf_index": key.encode()})
    (photos_cache.folder / "notes.txt").write_text("planted", encoding="utf-8")
    (photos_cache.folder / ".entry.json-tmp").write_text("left by a build stopped half-way", encoding="utf-8")
    prune(store, {"photos": {"a" * 64}})
    assert sorted(p.name for p in photos_cache.folder.iterdir()) == ["a" * 64]
    assert sorted(p.name for p in cards_cache.folder.iterdir()) == ["a" * 64, "b" * 64]
    prune(store, {"photos": set(), "cards": {"b" * 64}, "search": {"a" * 64}})
    assert list(photos_cache.folder.iterdir()) == []
    assert sorted(p.name for p in cards_cache.folder.iterdir()) == ["b" * 64]
    assert store.files("cards").get("b" * 64, ["share.card"]) is not None
    assert sorted(p.name for p in search_cache.folder.iterdir()) == ["a" * 64]
    assert store.files("search").get("a" * 64, lambda name: name.startswith("pagefind/")) is not None


# An index of Pagefind's, as the search index keeps it: names with folders, not known in advance.
INDEX = {"pagefind/pagefind-entry.json": b"{}", "pagefind/fragment/en_1a.pf_fragment": b"one",
         "pagefind/fragment/en_2b.pf_fragment": b"two", "pagefind/index/en_3c.pf_index": b"three"}


def index_data(name: str) -> bool:
    """A maker's test of its files' names (a loose one: the cache's own rule holds whatever
    the maker's says)."""
    return not name.endswith(".js")


def test_an_entry_holds_files_in_folders_whose_names_a_test_allows(tmp_path):
    cache = FileCache(tmp_path / "search")
    key = "c" * 64
    entry = cache.put(key, INDEX)
    assert (entry.folder / "pagefind/fragment/en_1a.pf_fragment").read_bytes() == b"one"
    fresh = FileCache(tmp_path / "search")
    assert fresh.get(key, index_data) == entry and fresh.used == {key}
    assert fresh.get(key, lambda name: "fragment/" not in name) is None     # a name it refuses
    assert fresh.get(key, sorted(INDEX)) == entry                            # or the exact list


@pytest.mark.parametrize("names", [["../escaped"], ["/etc/passwd"], ["pagefind/../../escaped"],
                                   ["pagefind//x"], [".hidden"], ["pagefind/.hidden"], ["pagefind/"],
                                   ["entry.json"], ["entry.json/x"], ["pagefind", "pagefind/x"],
                                   ["a\\b"], ["pagefind/fragment/en 1"]])
def test_a_name_that_could_leave_or_hide_in_the_entry_is_refused(tmp_path, names):
    with pytest.raises(ValueError):
        FileCache(tmp_path / "search").put("c" * 64, dict.fromkeys(names, b"x"))
    assert not (tmp_path / "search").exists() and not (tmp_path / "escaped").exists()


@pytest.mark.parametrize("damage", ["a folder on the way a link", "a name the test refuses",
                                    "a name out of the entry", "an absolute name", "a file a link"])
def test_a_damaged_or_foreign_entry_of_nested_files_is_not_trusted_and_is_made_anew(tmp_path, damage):
    """Whatever the manifest says, nothing is read from outside the entry, through a link at
    any level, or under a name the maker's test refuses; `put` replaces what was planted and
    writes nothing through a link."""
    cache = FileCache(tmp_path / "cache" / "search")
    key = "c" * 64
    entry = cache.put(key, INDEX)
    folder = entry.folder
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    elsewhere = tmp_path / "elsewhere"
    if damage == "a folder on the way a link":       # to a copy of its very files
        shutil.copytree(folder / "pagefind/fragment", elsewhere)
        shutil.rmtree(folder / "pagefind/fragment")
        (folder / "pagefind/fragment").symlink_to(elsewhere, target_is_directory=True)
    elif damage == "a file a link":
        elsewhere.mkdir()
        (elsewhere / "en_3c.pf_index").write_bytes(b"three")
        (folder / "pagefind/index/en_3c.pf_index").unlink()
        (folder / "pagefind/index/en_3c.pf_index").symlink_to(elsewhere / "en_3c.pf_index")
    else:
        name = {"a name the test refuses": "pagefind/pagefind.js",
                "a name out of the entry": "pagefind/../../planted.pf_index",
                "an absolute name": str(tmp_path / "planted.pf_index")}[damage]
        assert damage == "a name the test refuses" or index_data(name)
        (folder / name).write_bytes(b"alert('planted')")
        manifest["files"][name] = hashlib.sha256(b"alert('planted')").hexdigest()
        (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    fresh = FileCache(tmp_path / "cache" / "search")
    assert fresh.get(key, index_data) is None and fresh.used == set()
    before = {p: p.read_bytes() for p in sorted(elsewhere.rglob("*"))} if elsewhere.exists() else {}
    fresh.put(key, INDEX)
    assert FileCache(tmp_path / "cache" / "search").get(key, index_data) == entry
    assert not any(p.is_symlink() for p in folder.rglob("*"))
    after = {p: p.read_bytes() for p in sorted(elsewhere.rglob("*"))} if elsewhere.exists() else {}
    assert after == before                           # nothing written through a link


def test_a_json_cache_written_an_entry_at_a_time_is_json_dumps_to_the_byte():
    """`serve` keeps each entry's text between builds and encodes only the entries made
    anew: the file is the same as the whole dumped at once, after an entry is added, one
    is dropped, and one key's value is another object with other content."""
    def whole(entries):
        return json.dumps({"stamp": "s1", "entries": entries}, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
    entries = {"b": {"map": [["name", "Пичугин"]], "z": 1}, "a": [1, "two", {"date": "2026-12-07"}],
               "c": 'quote " and \\ and \n'}
    encoded: dict = {}
    assert json_text("s1", entries, encoded) == whole(entries)
    assert sorted(encoded) == ["a", "b", "c"]
    later = {**{k: v for k, v in entries.items() if k != "a"}, "d": True, "c": "another text"}
    assert json_text("s1", later, encoded) == whole(later)
    assert sorted(encoded) == ["b", "c", "d"]               # a's text is let go
    # a kept text is taken for the very value it was made of, and for no other
    encoded["b"] = (entries["b"], '"kept"')
    assert '"b":"kept"' in json_text("s1", later, encoded)
    assert json_text("s1", {**later, "b": {"z": 1}}, encoded) == whole({**later, "b": {"z": 1}})
