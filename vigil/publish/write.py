"""Write the site atomically: into a temporary folder beside the output, swapped in
only when everything succeeded, so a failed build leaves the last good site as it was.

A file whose bytes are the same as in the site before is not written again: the old
file itself (a hard link to it, with its modification time) goes into the new folder,
so a sync to the CDN moves only what changed. Several processes may write into the
temporary folder at once, each its own files. With `precompress`, each text file gets its
compressed copies beside it (compress.py), compressed again only when the file changed."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..base.files import replace_file
from ..render.headers import HEADERS_TITLE
from .compress import compressed, compressed_names


def made_by_no_build(out: Path) -> bool:
    """True for a folder the build would replace whole (removing every file in it) that no
    earlier build made: one with files, but without the headers file every build writes."""
    if not out.exists():
        return False
    if not out.is_dir():
        return True
    if next(out.iterdir(), None) is None:
        return False
    headers = out / "_headers"
    try:
        return not headers.read_text(encoding="utf-8", errors="replace").startswith(HEADERS_TITLE)
    except OSError:
        return True


class OutputTwice(Exception):
    """Two pages asked for one output path (the model checks this first)."""


@dataclass
class Counts:
    written: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        self.written += other.written
        self.unchanged += other.unchanged


def put(tmp: Path, old: Path | None, rel: str, data: bytes, counts: Counts,
        precompress: bool = False) -> None:
    """One file into the new folder, and with `precompress` its compressed copies: each
    linked from the old site when its bytes are the same. (The copies of a file that has
    not changed are the old ones: compressing is slow, and would give the same bytes.)"""
    copies = compressed_names(rel) if precompress else ()
    if copies and old is not None and is_same(old / rel, data) and all((old / c).is_file() for c in copies):
        for name in (rel, *copies):
            keep_old(tmp, old, name, counts)
        return
    put_one(tmp, old, rel, data, counts)
    for name, packed in (compressed(rel, data) if copies else ()):
        put_one(tmp, old, name, packed, counts)


def put_one(tmp: Path, old: Path | None, rel: str, data: bytes, counts: Counts) -> None:
    if old is not None and is_same(old / rel, data):
        keep_old(tmp, old, rel, counts)
        return
    target = tmp / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if old == tmp:                           # in place: each file replaced whole, at once
        replace_file(target, data)
    else:
        target.write_bytes(data)
    counts.written += 1


def is_same(file: Path, data: bytes) -> bool:
    try:
        return file.stat().st_size == len(data) and file.read_bytes() == data
    except OSError:
        return False


def keep_old(tmp: Path, old: Path, rel: str, counts: Counts) -> None:
    """The old site's file, as it is, into the new folder (in place: nothing to do)."""
    before, target = old / rel, tmp / rel
    if before != target:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(before, target)
        except OSError:                      # another file system, or no hard links there
            shutil.copy2(before, target)
    counts.unchanged += 1


class SiteWriter:
    def __init__(self, out: Path, precompress: bool = False):
        self.out = out.resolve()
        self.precompress = precompress
        self.tmp, self.old = self.folders()
        self.claimed: set[str] = set()
        self.counts = Counts()
        self.removed = 0

    def folders(self) -> tuple[Path, Path | None]:
        """(where the new site is written, the site before it, if there is one)."""
        self.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-", dir=self.out.parent))
        return tmp, self.out if self.out.is_dir() else None

    def copies(self, rel: str) -> tuple[str, ...]:
        return compressed_names(rel) if self.precompress else ()

    def claim(self, rel: str) -> None:
        if rel in self.claimed:
            raise OutputTwice(rel)
        self.claimed.update((rel, *self.copies(rel)))

    def keep(self, rel: str) -> None:
        """The old site's file, as it is, into the new one (its page was not made again),
        with the compressed copies it has there."""
        if self.old is None:
            raise ValueError(f"{rel}: there is no old site to keep it from")
        for name in (rel, *self.copies(rel)):
            if name == rel or (self.old / name).is_file():
                keep_old(self.tmp, self.old, name, self.counts)

    def copy(self, rel: str, src: Path) -> None:
        """Copy one file's bytes (no times or modes: the same output every time)."""
        self.write(rel, src.read_bytes())

    def write(self, rel: str, data: bytes) -> None:
        """One file that is not a page: a static file, the headers file."""
        self.claim(rel)
        put(self.tmp, self.old, rel, data, self.counts, self.precompress)

    def stale(self) -> list[str]:
        """The files of the site in `out` that the new site does not have."""
        root = len(str(self.out)) + 1       # (os.walk gives paths under `out` as given)
        found = (os.path.join(folder, name) for folder, _, files in os.walk(self.out) for name in files)
        return [file for file in found if file[root:].replace(os.sep, "/") not in self.claimed]

    def commit(self) -> None:
        """Swap the new site in place of the old one."""
        os.chmod(self.tmp, 0o755)
        old = None
        if self.out.exists():
            self.removed = len(self.stale())
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-old-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


class InPlaceWriter(SiteWriter):
    """For `serve`'s own folder, rebuilt many times a minute: only the files that changed
    are replaced (each at once), those the site no longer has are removed; no copy of
    the whole site. (Its problems are found before anything is written.)"""

    def folders(self) -> tuple[Path, Path | None]:
        self.out.mkdir(parents=True, exist_ok=True)
        return self.out, self.out

    def keep(self, rel: str) -> None:
        self.counts.unchanged += 1

    def commit(self) -> None:
        for file in self.stale():
            os.remove(file)
            self.removed += 1
        for folder, _, _ in os.walk(self.out, topdown=False):
            if folder != str(self.out) and not os.listdir(folder):
                os.rmdir(folder)

    def abort(self) -> None:
        pass
