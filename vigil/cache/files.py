"""The store's named caches of files (store.py, `Store.files`): the photos' renditions
(photos/), the share cards (cards/) and the search index (search/), one layout, one
manifest, one trust rule.

An entry is a folder named by its key, 64 hex digits (the SHA-256 of everything the entry
is made from), that holds the entry's files and, written last, `entry.json`:
{"format": 1, "key": <the folder's name>, "files": {name: SHA-256 of its bytes}, "notes":
{...}} (`notes`: what the maker keeps beside the files, a photo's size). A file's name may
have folders in it ('pagefind/fragment/en_1a2b.pf_fragment'), each part of letters, digits,
'_', '-' and inner dots (NAME): never '..', never absolute, never hidden. An entry read back
(`get`) is used only when its manifest is one of this format for that key, lists exactly
the files asked for (or, for a maker that cannot name them in advance, only files whose
names pass its test), each a plain file with the bytes its digest says, reached through
plain folders: no symbolic link is followed, at any level. Anything else (cut short,
damaged, a build stopped half-way, another format, planted) is not trusted: the maker makes
the entry again and `put` replaces it. What the files say is checked again by the module
that made them (photos: bare pictures; cards: a PNG as the build writes them; the search
index: never a script, which comes from the installed Pagefind).

Worker processes share a cache without a lock: each file is replaced whole, at once
(base.files.replace_file), the manifest last, and two processes making one entry write the
same bytes. A cache remembers the keys this process read or wrote (`used`); after a whole
build, the store's pruner keeps only the entries that build used (`FileCache.prune`).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.files import replace_file

FORMAT = 1
MANIFEST = "entry.json"
KEY = re.compile(r"[0-9a-f]{64}")
# An entry's file: '640.jpg', 'share.card', 'pagefind/pagefind-entry.json'. No part is
# empty or starts with a dot: nothing leaves the entry or hides in it.
PART = r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*"
NAME = re.compile(rf"{PART}(?:/{PART})*")
# Far more than any manifest of ours: a search index's, some 110 bytes a file, is 1.4 MB
# for a site of 10,000 people (12,000 files).
MOST_MANIFEST = 32 * 1024 * 1024
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Entry:
    """An entry as read or written: its files' bytes by name, and where they are."""
    key: str
    folder: Path
    files: Mapping[str, bytes]
    notes: Mapping[str, Any] = field(default_factory=dict)


class FileCache:
    """One named cache of files: entries by key, each checked whole as it is read."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()          # the keys this process read or wrote

    def entry_folder(self, key: str) -> Path:
        if not KEY.fullmatch(key):
            raise ValueError(f"a file cache's key is 64 hex digits, not {key!r}")
        return self.folder / key

    def get(self, key: str, names: Collection[str] | Callable[[str], object]) -> Entry | None:
        """The entry for `key`, if it is whole and holds exactly the files `names`, or, when
        `names` is a test (`INDEX_DATA.fullmatch`), files whose names each pass it."""
        folder = self.entry_folder(key)
        manifest = read_plain(folder, MANIFEST, MOST_MANIFEST)     # none through a link
        listed = trusted_manifest(manifest, key, names) if manifest is not None else None
        if listed is None:
            return None
        files = {}
        for name, expected in sorted(listed["files"].items()):
            data = read_plain(folder, name)
            if data is None or hashlib.sha256(data).hexdigest() != expected:
                return None
            files[name] = data
        self.used.add(key)
        return Entry(key, folder, files, listed["notes"])

    def put(self, key: str, files: Mapping[str, bytes], notes: Mapping[str, Any] | None = None) -> Entry:
        """The entry written: each file replaced whole, the manifest last, so that a build
        stopped half-way leaves an entry that is not trusted."""
        folder = self.entry_folder(key)
        if not names_of_files(files):
            raise ValueError(f"not names for an entry's files: {sorted(files)}")
        cleared: set[Path] = set()
        for name, data in sorted(files.items()):
            replace_file(way_cleared(folder, name, cleared), data)
        manifest = {"format": FORMAT, "key": key, "notes": dict(notes or {}),
                    "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
        replace_file(way_cleared(folder, MANIFEST, cleared),
                     json.dumps(manifest, sort_keys=True, indent=1).encode("utf-8"))
        self.used.add(key)
        return Entry(key, folder, dict(files), dict(notes or {}))

    def prune(self, keep: Iterable[str]) -> int:
        """Remove every entry not in `keep`, and anything else in the folder (a name no entry
        has: left by another version, or planted); how many went. (A named cache that is a
        symbolic link is never walked.)"""
        if self.folder.is_symlink() or not self.folder.is_dir():
            return 0
        keep = set(keep)
        stale = [entry for entry in sorted(self.folder.iterdir()) if entry.name not in keep]
        for entry in stale:
            remove(entry)
        return len(stale)


def names_of_files(names: Collection[str]) -> bool:
    """Whether these can be the names of an entry's files: each fits NAME, none is the
    manifest, and none is a folder of another."""
    names = set(names)
    folders = {name[:at] for name in names for at, char in enumerate(name) if char == "/"}
    return all(NAME.fullmatch(name) for name in names) and MANIFEST not in names \
        and not (names | {MANIFEST}) & folders


def way_cleared(folder: Path, name: str, cleared: set[Path]) -> Path:
    """Where the file `name` of the entry in `folder` goes, with every folder on the way
    (the entry's own too) a plain folder: a link there, or a file, is removed, never written
    through; and a folder where the file goes, never ours, is removed too. `cleared`: the
    folders this `put` has already made sure of."""
    parts = name.split("/")
    for depth in range(len(parts)):
        place = folder.joinpath(*parts[:depth])
        if place not in cleared:
            if place.is_symlink() or (place.exists() and not place.is_dir()):
                remove(place)
            cleared.add(place)
    target = folder / name
    if target.is_dir() and not target.is_symlink():
        remove(target)
    return target


def trusted_manifest(manifest: bytes, key: str,
                     names: Collection[str] | Callable[[str], object]) -> dict[str, Any] | None:
    """The manifest, if it is one of ours for `key` that lists exactly `names` (or, `names`
    a test, only names that pass it, each a name an entry's file may have)."""
    try:
        found = json.loads(manifest)
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, dict) or found.get("format") != FORMAT or found.get("key") != key:
        return None
    files, notes = found.get("files"), found.get("notes")
    if not isinstance(files, dict) or not isinstance(notes, dict):
        return None
    if callable(names):
        if not names_of_files(files) or not all(names(name) for name in files):
            return None
    elif set(files) != set(names):
        return None
    if not all(isinstance(v, str) and KEY.fullmatch(v) for v in files.values()):
        return None
    return found


def read_plain(folder: Path, name: str, most: int | None = None) -> bytes | None:
    """The bytes of the plain file `name` ('640.jpg', 'pagefind/fragment/en_1.pf_fragment')
    in `folder`; None if there is none, if it is larger than `most`, or if `folder`, any
    folder on the way or the file is a symbolic link (none is followed: each folder is opened
    in the one before, never by its path) or not a folder or a plain file (a pipe or a
    device is never read)."""
    *folders, file = name.split("/")
    opened: list[int] = []
    try:
        opened.append(os.open(folder, os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW))
        for part in folders:
            opened.append(os.open(part, os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW, dir_fd=opened[-1]))
        opened.append(os.open(file, os.O_RDONLY | NOFOLLOW | os.O_NONBLOCK, dir_fd=opened[-1]))
        if not stat.S_ISREG(os.fstat(opened[-1]).st_mode):
            return None
        with os.fdopen(os.dup(opened[-1]), "rb") as stream:
            data = stream.read() if most is None else stream.read(most + 1)
    except OSError:
        return None
    finally:
        for fd in opened:
            os.close(fd)
    return data if most is None or len(data) <= most else None


def remove(path: Path) -> None:
    """A file or folder gone (a symbolic link is removed, never followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
