"""The cache store: what is slow to make and the same for the same input, kept between
builds in one folder (.cache/ by default; CI keeps it between nightly runs).

Named caches (NAMES), each in its own place in the folder, of two shapes:
- JSON: one file, {"stamp": ..., "entries": {key: JSON}}, read by `read_json` and written
  by `write_json`: the Markdown converted to HTML (markdown.json) and the links the link
  check found in it (links.json, by the text's digest), the QR codes
  (qr.json), the data files as read and validated (parsed.json), the interface strings
  of the templates and the engine (messages.json, by the templates' bytes);
- files (FILE_CACHES, `files`: files.py): a folder an entry, named by its key, with the
  entry's files and a manifest of their SHA-256 digests (entry.json), each checked as it is
  read: the photos' renditions (photos/<key>/), the share cards (cards/<key>/), the search
  index's data (search/<key>/pagefind/..., by a digest of what Pagefind reads).

One stamp (`stamp_of`): the store's format, the engine's own code, the schema files, and the
settings the entries depend on (the libraries' versions and the renderers' settings, which
the pipeline names). The store lives in a folder of the cache folder named by it
(store-<the stamp's first 16 hex digits>/, with the whole stamp in its stamp.json): another
engine, other schemas or settings use another folder, so nothing stamped otherwise is ever
read. A store folder whose stamp.json says otherwise (or cannot be read) has its named caches
removed before anything is read, and made again.

A cache is data, never code, and never trusted over the input or over the checks: JSON and
plain bytes (no pickle), and what is taken from it is checked again before it is used
(each JSON cache's `checked`, the schema's readers for the data, the manifests and digests
of the files, then what the files hold by the module that made them).
A folder given with `--source` may carry a `.cache/` of its own, which anyone could have
written. Nothing else is ever removed from the cache folder, which may be one a maintainer
named (`--cache`), with files of their own; a symbolic link where a store's folder should be is
removed, never followed.

One pruner (`prune`): after a whole build, what no build uses any more goes: the entries of
the JSON files are only those the build used (each file is written whole, atomically), and
of the file caches, the entries the build did not use (the photos no prisoner has, the cards
no page was made with, every search index but the last); the stores of other stamps, and the
files earlier versions kept (LEGACY).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..base.files import replace_file
from .files import FileCache, remove

FORMAT = 8     # 8: the search index a file cache; 7: one layout for the file caches; 6: one stamp
STAMP = "stamp.json"
NAMES = {"markdown": "markdown.json", "links": "links.json", "qr": "qr.json", "parsed": "parsed.json",
         "messages": "messages.json", "cards": "cards", "photos": "photos", "search": "search"}
FILE_CACHES = ("photos", "cards", "search")      # the named caches of files (files.py)
STORE = re.compile(r"store-[0-9a-f]{16}")
# Files earlier versions kept in the cache folder itself: never read, removed by the pruner.
# (Their folders, photos/, cards/ and search/, are left: the name alone does not say whose.)
LEGACY = ("parsed.pickle", "markdown.json", "qr.json", "parsed.json")


def digest(*parts: str | bytes) -> str:
    """A key made of all the parts, each told apart from the next."""
    found = hashlib.sha256()
    for part in parts:
        found.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        found.update(b"\0\1")
    return found.hexdigest()


# A pure memo: the engine's code does not change under the process that runs it.
PACKAGE = Path(__file__).resolve().parents[1]        # vigil/, of which this is vigil/cache/


def engine_files(package: Path = PACKAGE) -> list[Path]:
    """Every module of the engine (the package), in a fixed order."""
    return sorted(package.rglob("*.py"), key=lambda f: f.relative_to(package).as_posix())


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """A digest of the engine's own code (every module of the package), as this process
    runs it: a new version reads everything again."""
    found = hashlib.sha256()
    for file in engine_files():
        found.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes())
    return found.hexdigest()


def stamp_of(schemas_digest: str, settings: Iterable[str]) -> str:
    """The store's one stamp: its format, the engine, the schema files and the settings."""
    return digest(str(FORMAT), engine_digest(), schemas_digest, *settings)


def _signature(file: Path) -> tuple[int, int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class KeptFiles:
    """What a session last read or wrote of each cache file, with the file's time and size
    then: a long-running `serve` does not read its own cache back after every change; and
    the text of each entry of each JSON cache it wrote, so that it encodes again only the
    entries made anew (json_text). (A session of one build keeps them as long as that build.)"""

    def __init__(self) -> None:
        self.found: dict[Path, tuple[tuple[int, int], object]] = {}
        self.texts: dict[Path, dict[str, tuple[Any, str]]] = {}

    def remembered(self, file: Path):
        """What the session last read or wrote of `file`, if the file is still that."""
        kept = self.found.get(file)
        return kept[1] if kept is not None and kept[0] == _signature(file) else None

    def remember(self, file: Path, value) -> None:
        signature = _signature(file)
        if signature is not None:
            self.found[file] = (signature, value)


@dataclass(frozen=True)
class Store:
    """The cache folder of one build (None: no cache), under the build's stamp."""
    folder: Path | None
    stamp: str = ""
    kept: KeptFiles = field(default_factory=KeptFiles)

    def place(self, name: str) -> Path | None:
        """Where the named cache lives (None without a folder)."""
        return self.folder / NAMES[name] if self.folder is not None else None

    def files(self, name: str) -> FileCache | None:
        """The named cache of files (None without a folder)."""
        if name not in FILE_CACHES:
            raise ValueError(f"{name!r} is not a named cache of files")
        folder = self.place(name)
        return FileCache(folder) if folder is not None else None

    def read_json(self, name: str) -> dict[str, Any]:
        """The named JSON cache's entries, as written under this stamp; empty when there is
        none, or one that cannot be read, or one stamped otherwise. (Each entry is checked
        by whoever takes it.)"""
        file = self.place(name)
        if file is None:
            return {}
        kept = self.kept.remembered(file)
        if kept is not None and kept[0] == self.stamp:
            return kept[1]
        try:
            with open(file, encoding="utf-8") as stream:
                data = json.load(stream)
        except (OSError, ValueError, RecursionError):    # missing, cut short, not ours: anew
            return {}
        if not isinstance(data, dict) or data.get("stamp") != self.stamp:
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return {}
        self.kept.remember(file, (self.stamp, entries))
        return entries

    def write_json(self, name: str, entries: dict[str, Any]) -> None:
        """The named JSON cache, replaced whole by these entries (only those a build used)."""
        file = self.place(name)
        if file is None:
            return
        replace_file(file, json_text(self.stamp, entries, self.kept.texts.setdefault(file, {})).encode("utf-8"))
        self.kept.remember(file, (self.stamp, entries))


def json_text(stamp: str, entries: dict[str, Any], encoded: dict[str, tuple[Any, str]] | None = None) -> str:
    """A JSON cache's text: `json.dumps({"stamp": stamp, "entries": entries})`, keys sorted,
    the same to the byte, written an entry at a time. `encoded`: the entries' texts from
    the writes before, each by its key with the very value it was made of (taken only for
    that same object); it is brought up to these entries here. `serve` keeps the values it
    read between builds (and its session these texts, KeptFiles), so after an edit it
    encodes only the entries made anew (the parsed cache of a data file of 2,000 records:
    a third of a second, every edit)."""
    encoded = {} if encoded is None else encoded
    for gone in encoded.keys() - entries.keys():
        del encoded[gone]
    parts = []
    for key in sorted(entries):
        value = entries[key]
        kept = encoded.get(key)
        if kept is None or kept[0] is not value:
            kept = encoded[key] = (value, _dumps(value))
        parts.append(f"{_dumps(key)}:{kept[1]}")
    return f'{{"entries":{{{",".join(parts)}}},"stamp":{_dumps(stamp)}}}'


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def open_store(cache: Path | None, stamp: str, kept: KeptFiles | None = None) -> Store:
    """The store under `stamp` in the cache folder `cache` (None: no cache): its folder,
    made if need be; if it was stamped otherwise (or not at all), its named caches are
    removed first, and the stamp written."""
    kept = KeptFiles() if kept is None else kept
    if cache is None:
        return Store(None, stamp, kept)
    folder = cache / f"store-{stamp[:16]}"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        remove(folder)
    if stamped(folder) != stamp:
        for name in NAMES.values():
            remove(folder / name)
        replace_file(folder / STAMP, json.dumps({"stamp": stamp}).encode("utf-8"))
    for name in NAMES.values():                  # a link is never followed, whatever the stamp
        if (folder / name).is_symlink():
            remove(folder / name)
    return Store(folder, stamp, kept)


def stamped(folder: Path) -> str | None:
    """The stamp the folder's caches were made under, if it can be read."""
    try:
        found = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return found.get("stamp") if isinstance(found, dict) and isinstance(found.get("stamp"), str) else None


class JsonCache:
    """Texts by key, in one named JSON cache: each read is checked again (`checked` gives
    the text as it may be used, or None for one not to trust: it is left out, and made
    again)."""

    def __init__(self, store: Store, name: str, checked: Callable[[str], str | None]):
        self.store, self.name, self.checked = store, name, checked

    def load(self) -> dict[str, str]:
        """The cached texts by key, each checked; empty when there is no cache, or one not
        to trust."""
        entries = self.store.read_json(self.name)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
            return {}
        return {k: text for k, v in entries.items() if (text := self.checked(v)) is not None}

    def save(self, entries: dict[str, str]) -> None:
        self.store.write_json(self.name, entries)


def prune(store: Store, used: Mapping[str, Iterable[str]]) -> None:
    """After a whole build: of each named cache of files in `used`, the entries the build did
    not use go (a cache left out, as the cards after a build that made only some, is left as
    it is); so do the stores of other stamps and what earlier versions kept. (The JSON caches
    hold only what the build used already.)"""
    if store.folder is None:
        return
    cache = store.folder.parent
    for name in LEGACY:
        if (cache / name).is_file() and not (cache / name).is_symlink():
            remove(cache / name)
    for other in sorted(cache.glob("store-*")):
        if other != store.folder and STORE.fullmatch(other.name) and other.is_dir() \
                and not other.is_symlink() and stamped(other) is not None:
            remove(other)
    for name, keys in sorted(used.items()):
        files = store.files(name)
        if files is not None:
            files.prune(keys)
