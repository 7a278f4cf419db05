"""The share cards' cache (cards/ in the cache store, store.py; CI keeps it between
nightly runs): each person's last card in each language, the home page's cards.

One file an entry, named by the hash of everything it was made from, so worker processes
share the cache without a lock: each file is written whole, at once (write.replace_file),
and two processes making the same entry write the same bytes. Each file starts with the
SHA-256 of the rest: an entry cut short or damaged is not used, but made again. A file
read is touched, so `prune` can remove what no build has used since a given time (`now`).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..base.files import replace_file
from .store import prune_older

DIGEST = 32


class CardCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry's bytes, if it is there and whole."""
        file = self.path(kind, key)
        try:
            data = file.read_bytes()
        except OSError:
            return None
        body = data[DIGEST:]
        if len(data) < DIGEST or hashlib.sha256(body).digest() != data[:DIGEST]:
            return None
        self.touch(kind, key)
        return body

    def touch(self, kind: str, key: str) -> None:
        """Mark the entry as used by this build (it may not be there)."""
        try:
            os.utime(self.path(kind, key))
        except OSError:
            pass

    def put(self, kind: str, key: str, body: bytes) -> None:
        replace_file(self.path(kind, key), hashlib.sha256(body).digest() + body)

    def now(self) -> float:
        """The time now as the cache's file system gives it to files: what `prune` compares
        with (its clock is coarser than time.time(), which may run a little ahead)."""
        marker = self.folder / ".now"
        replace_file(marker, b"")
        return marker.stat().st_mtime

    def prune(self, older_than: float) -> int:
        """Remove the entries not read or written since `older_than` (a time in seconds
        since the epoch: the start of the build, say); how many were removed. (The store's
        pruner, store.prune, does this after every whole build.)"""
        return prune_older(self.folder, older_than)

