"""The cache store: named caches under one stamp, each read checked, one pruner."""
from __future__ import annotations

import json
import shutil

from conftest import run_build, store_of, tree
from vigil.cache.store import NAMES, PACKAGE, STAMP, JsonCache, engine_files, open_store, stamped


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
