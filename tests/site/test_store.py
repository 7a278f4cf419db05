"""The cache store: named caches under one stamp, each read checked, one pruner."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import AS_OF, copy_site, tree

from vigil.cli import main
from vigil.store import NAMES, STAMP, JsonCache, open_store, stamped


def tiny(tmp_path: Path) -> Path:
    site = copy_site("tiny", tmp_path / "site")
    shutil.rmtree(site / ".cache", ignore_errors=True)
    return site


def build(site: Path, out: Path) -> int:
    return main(["build", "--source", str(site), "--out", str(out), "--as-of", AS_OF,
                 "--cache", str(site / ".cache")], environ={})


def test_a_build_leaves_its_named_caches_under_one_stamp(tmp_path):
    site = tiny(tmp_path)
    assert build(site, tmp_path / "out") == 0
    cache = site / ".cache"
    assert sorted(p.name for p in cache.iterdir()) == sorted({STAMP, *NAMES.values()})
    stamp = stamped(cache)
    for name in ("markdown", "qr", "parsed"):
        assert json.loads((cache / NAMES[name]).read_text(encoding="utf-8"))["stamp"] == stamp


def test_a_folder_stamped_otherwise_is_emptied_of_its_named_caches_only(tmp_path):
    """Another engine, other schemas or settings: nothing of the caches is used, and only
    they are removed (the folder may be one a maintainer named, with files of their own)."""
    site = tiny(tmp_path)
    assert build(site, tmp_path / "first") == 0
    first = tree(tmp_path / "first")
    cache = site / ".cache"
    (cache / STAMP).write_text(json.dumps({"stamp": "another engine"}), encoding="utf-8")
    (cache / "notes.txt").write_text("mine", encoding="utf-8")
    (cache / "parsed.pickle").write_bytes(b"not read")
    planted = next((cache / "photos").rglob("*.jpg"))
    planted.write_bytes(b"planted")
    assert build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == first
    assert (cache / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (cache / "parsed.pickle").exists()
    assert planted.read_bytes() != b"planted"
    assert stamped(cache) != "another engine"


def test_an_unreadable_stamp_is_a_folder_stamped_otherwise(tmp_path):
    folder = tmp_path / "cache"
    store = open_store(folder, "one")
    JsonCache(store, "qr", lambda text: text).save({"a": "b"})
    assert JsonCache(open_store(folder, "one"), "qr", lambda text: text).load() == {"a": "b"}
    (folder / STAMP).write_text("[" * 100_000, encoding="utf-8")
    assert JsonCache(open_store(folder, "one"), "qr", lambda text: text).load() == {}
    assert not (folder / "qr.json").exists()


def test_a_json_cache_written_under_another_stamp_is_not_read(tmp_path):
    folder = tmp_path / "cache"
    JsonCache(open_store(folder, "one"), "markdown", lambda text: text).save({"a": "<p>b</p>"})
    (folder / STAMP).write_text(json.dumps({"stamp": "two"}), encoding="utf-8")    # as if two wrote it
    assert JsonCache(open_store(folder, "two"), "markdown", lambda text: text).load() == {}


def test_each_text_read_is_checked(tmp_path):
    folder = tmp_path / "cache"
    JsonCache(open_store(folder, "one"), "qr", str).save({"a": "good", "b": "bad"})
    checked = JsonCache(open_store(folder, "one"), "qr", lambda text: text if text == "good" else None)
    assert checked.load() == {"a": "good"}
