"""The store's named caches of files (store.py, `Store.files`): the photos' renditions
(photos/) and the share cards (cards/), one layout, one manifest, one trust rule.

An entry is a folder named by its key, 64 hex digits (the SHA-256 of everything the entry
is made from), that holds the entry's files and, written last, `entry.json`:
{"format": 1, "key": <the folder's name>, "files": {name: SHA-256 of its bytes}, "notes":
{...}} (`notes`: what the maker keeps beside the files, a photo's size). An entry read back
(`get`) is used only when its manifest is one of this format for that key, lists exactly
the files asked for, each a plain file (never a symbolic link) with the bytes its digest
says. Anything else (cut short, damaged, a build stopped half-way, another format, planted)
is not trusted: the maker makes the entry again and `put` replaces it. What the files say
is checked again by the module that made them (photos: bare pictures; cards: a PNG as the
build writes them).

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
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.files import replace_file

FORMAT = 1
MANIFEST = "entry.json"
KEY = re.compile(r"[0-9a-f]{64}")
NAME = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")      # an entry's file: '640.jpg', 'share.card'
MOST_MANIFEST = 64 * 1024                             # far more than any manifest of ours


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

    def get(self, key: str, names: Collection[str]) -> Entry | None:
        """The entry for `key`, if it is whole and holds exactly the files `names`."""
        folder = self.entry_folder(key)
        if folder.is_symlink():              # never read through
            return None
        manifest = read_plain(folder / MANIFEST, MOST_MANIFEST)
        listed = trusted_manifest(manifest, key, names) if manifest is not None else None
        if listed is None:
            return None
        files = {}
        for name, expected in listed["files"].items():
            data = read_plain(folder / name)
            if data is None or hashlib.sha256(data).hexdigest() != expected:
                return None
            files[name] = data
        self.used.add(key)
        return Entry(key, folder, files, listed["notes"])

    def put(self, key: str, files: Mapping[str, bytes], notes: Mapping[str, Any] | None = None) -> Entry:
        """The entry written: each file replaced whole, the manifest last, so that a build
        stopped half-way leaves an entry that is not trusted."""
        folder = self.entry_folder(key)
        if any(not NAME.fullmatch(name) or name == MANIFEST for name in files):
            raise ValueError(f"not names for an entry's files: {sorted(files)}")
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            remove(folder)                   # never written through
        for name, data in sorted(files.items()):
            if (folder / name).is_dir() and not (folder / name).is_symlink():
                remove(folder / name)        # a folder where the file goes: never ours
            replace_file(folder / name, data)
        manifest = {"format": FORMAT, "key": key, "notes": dict(notes or {}),
                    "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
        replace_file(folder / MANIFEST, json.dumps(manifest, sort_keys=True, indent=1).encode("utf-8"))
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


def trusted_manifest(manifest: bytes, key: str, names: Collection[str]) -> dict[str, Any] | None:
    """The manifest, if it is one of ours for `key` that lists exactly `names`."""
    try:
        found = json.loads(manifest)
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, dict) or found.get("format") != FORMAT or found.get("key") != key:
        return None
    files, notes = found.get("files"), found.get("notes")
    if not isinstance(files, dict) or not isinstance(notes, dict) or set(files) != set(names):
        return None
    if not all(isinstance(v, str) and KEY.fullmatch(v) for v in files.values()):
        return None
    return found


def read_plain(file: Path, most: int | None = None) -> bytes | None:
    """The bytes of a plain file, None if there is none (a symbolic link is not followed, a
    folder, pipe or device not read), or it is larger than `most`."""
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read() if most is None else stream.read(most + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if most is None or len(data) <= most else None


def remove(path: Path) -> None:
    """A file or folder gone (a symbolic link is removed, never followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
