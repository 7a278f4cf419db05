"""Write the site atomically: into a temporary folder beside the output, swapped in
only when everything succeeded, so a failed build leaves the last good site as it was.

The site before the live one is kept beside it (`.<out>-before/`, made of hard links to
the files the two share): the next build takes that folder as its temporary one and
brings it up to date, instead of making every folder and link anew and deleting the
whole old site after the swap. A file there is never written into (it may be a hard
link to the live site's): each is let go of and made anew, as a new file or a link.
Each file the new site has is checked, so a kept folder left half-updated, or changed by
hand, still gives the right site; what the new site does not have is removed from it.

A file whose bytes are the same as in the site before is not written again: the old
file itself (a hard link to it, with its modification time) goes into the new folder,
so a sync to the CDN moves only what changed. Several processes may write into the
temporary folder at once, each its own files. With `precompress`, each text file gets its
compressed copies beside it (compress.py), compressed again only when the file changed."""
from __future__ import annotations

import os
import shutil
import stat
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
    if old == tmp:                           # in place: each file replaced whole, at once
        replace_file(tmp / rel, data)
    else:
        write_new(tmp, rel, data)
    counts.written += 1


NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_new(tmp: Path, rel: str, data: bytes) -> None:
    """A new file at `rel` in the folder being made. Never written into a file that is there:
    a kept folder's file may be a hard link to the live site's. (Not replaced over it in one
    step either: that folder is not live, and some file systems make a rename over a file
    wait for the new file's bytes to reach the disk.)"""
    target = tmp / rel
    try:
        os.unlink(target)                    # a kept folder's file: let go of it
    except FileNotFoundError:
        pass
    except OSError:                          # a folder where the file goes, or a file on its way
        clear_way(tmp, rel)
    try:
        fd = os.open(target, NEW_FILE, 0o666)
    except FileNotFoundError:                # its folder is not there yet
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, NEW_FILE, 0o666)
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)


def is_same(file: Path, data: bytes) -> bool:
    try:
        return file.stat().st_size == len(data) and file.read_bytes() == data
    except OSError:
        return False


def keep_old(tmp: Path, old: Path, rel: str, counts: Counts) -> None:
    """The old site's file, as it is, into the new folder (in place: nothing to do)."""
    before, target = old / rel, tmp / rel
    if before != target:
        link_old(tmp, rel, before)
    counts.unchanged += 1


def link_old(tmp: Path, rel: str, before: Path) -> None:
    """`tmp/rel` the file `before` itself: a hard link to it (a copy with its times where
    there are no hard links). Nothing to do where a kept folder has it already."""
    target = tmp / rel
    try:
        here: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:                # not there (the usual case in a new folder)
        here = None
    except NotADirectoryError:               # a kept folder with a file where a folder goes
        clear_way(tmp, rel)
        here = None
    if here is not None:
        there = os.stat(before)
        if stat.S_ISREG(here.st_mode) and (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino):
            return
        if stat.S_ISDIR(here.st_mode):
            shutil.rmtree(target)
        else:
            os.unlink(target)                # let go of it: never written into
    try:
        link_or_copy(before, target)
    except FileNotFoundError:                # its folder is not there yet
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(before, target)


def link_or_copy(before: Path, target: Path) -> None:
    try:
        os.link(before, target)
    except (FileNotFoundError, FileExistsError, NotADirectoryError):
        raise                                # (for the caller)
    except OSError:                          # another file system, or no hard links there
        shutil.copy2(before, target)


def clear_way(root: Path, rel: str) -> None:
    """Make room in a kept folder for the file `rel`: every folder on its way a folder,
    and no folder where the file goes. (Processes writing at once may meet here.)"""
    path = root
    for part in rel.split("/")[:-1]:
        path = path / part
        if path.is_symlink() or not path.is_dir():
            try:
                os.remove(path)
            except OSError:
                pass                         # not there, or made a folder meanwhile
            path.mkdir(exist_ok=True)
    target = root / rel
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)


def kept_folder(out: Path) -> Path:
    """Where the site before the live one is kept, beside it."""
    return out.parent / f".{out.name}-before"


def take_kept(kept: Path, tmp: Path) -> bool:
    """Move the kept site into the new, empty folder `tmp`, if there is one a build made
    (a folder with the headers file; a half-updated one too): it is brought up to date
    there. Links and anything but files and folders are removed from it first."""
    if kept.is_symlink() or not kept.is_dir() or made_by_no_build(kept):
        return False
    try:
        os.rename(kept, tmp)                 # (onto an empty folder: it replaces it)
    except OSError:                          # taken by another build meanwhile
        return False
    folders = [str(tmp)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif not entry.is_file(follow_symlinks=False):
                    os.remove(entry.path)
    return True


def files_under(folder: Path) -> list[str]:
    """The files under `folder`, as paths under it with forward slashes."""
    root = len(str(folder)) + 1             # (os.walk gives paths under `folder` as given)
    return [os.path.join(path, name)[root:].replace(os.sep, "/")
            for path, _, files in os.walk(folder) for name in files]


def remove_unclaimed(folder: Path, claimed: set[str]) -> int:
    """Remove from `folder` every file the new site does not have, then the folders left
    empty: how many files went."""
    gone = [rel for rel in files_under(folder) if rel not in claimed]
    for rel in gone:
        os.remove(folder / rel)
    for path, _, _ in os.walk(folder, topdown=False):
        if path != str(folder) and not os.listdir(path):
            os.rmdir(path)
    return len(gone)


class SiteWriter:
    def __init__(self, out: Path, precompress: bool = False):
        self.out = out.resolve()
        self.precompress = precompress
        self.reused = False                 # the new site is the kept one brought up to date
        self.tmp, self.old = self.folders()
        self.claimed: set[str] = set()
        self.counts = Counts()
        self.removed = 0

    def folders(self) -> tuple[Path, Path | None]:
        """(where the new site is written, the site before it, if there is one)."""
        self.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-", dir=self.out.parent))
        old = self.out if self.out.is_dir() else None
        self.reused = old is not None and take_kept(kept_folder(self.out), tmp)
        return tmp, old

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
            else:                           # not in the new site (a kept folder's is removed)
                self.claimed.discard(name)

    def copy(self, rel: str, src: Path) -> None:
        """Copy one file's bytes (no times or modes: the same output every time)."""
        self.write(rel, src.read_bytes())

    def write(self, rel: str, data: bytes) -> None:
        """One file that is not a page: a static file, the headers file."""
        self.claim(rel)
        put(self.tmp, self.old, rel, data, self.counts, self.precompress)

    def stale(self) -> list[str]:
        """The files of the site in `out` that the new site does not have."""
        return [str(self.out / rel) for rel in files_under(self.out) if rel not in self.claimed]

    def commit(self) -> None:
        """Swap the new site in place of the old one, which is kept beside it (where no
        other thing has that name) for the next build to bring up to date."""
        if self.reused:
            self.tidy()
        os.chmod(self.tmp, 0o755)
        old = None
        if self.out.exists():
            self.removed = len(self.stale())
            kept = kept_folder(self.out)
            if self.out.is_dir() and not os.path.lexists(kept):
                os.rename(self.out, kept)
                try:
                    os.rename(self.tmp, self.out)
                except BaseException:
                    os.rename(kept, self.out)    # the live site back where it was
                    raise
                return
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-old-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old)

    def tidy(self) -> None:
        """Remove from the kept site brought up to date what the new site does not have."""
        remove_unclaimed(self.tmp, self.claimed)

    def abort(self) -> None:
        """Leave the live site as it is. A kept site half brought up to date is kept again
        (the next build checks every file of it); a new folder is removed."""
        if self.reused and not os.path.lexists(kept_folder(self.out)):
            try:
                os.rename(self.tmp, kept_folder(self.out))
                return
            except OSError:
                pass
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
        self.removed += remove_unclaimed(self.out, self.claimed)

    def abort(self) -> None:
        pass
