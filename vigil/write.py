"""Write the site atomically: into a temporary folder beside the output, swapped in
only when everything succeeded, so a failed build leaves the last good site as it was.

A file whose bytes are the same as in the site before is not written again: the old
file itself (a hard link to it, with its modification time) goes into the new folder,
so a sync to the CDN moves only what changed. Several processes may write into the
temporary folder at once, each its own files."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


class OutputTwice(Exception):
    """Two pages asked for one output path (the model checks this first)."""


@dataclass
class Counts:
    written: int = 0
    unchanged: int = 0

    def add(self, other: "Counts") -> None:
        self.written += other.written
        self.unchanged += other.unchanged


def replace_file(file: Path, data: bytes) -> None:
    """Write `file` whole, at once: whoever reads it, and a build that stops half-way,
    see the old file or the new one, never a part."""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}-", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def put(tmp: Path, old: Path | None, rel: str, data: bytes, counts: Counts) -> None:
    """One file into the new folder: linked from the old site when its bytes are the same."""
    target = tmp / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if old is not None:
        before = old / rel
        try:
            same = before.stat().st_size == len(data) and before.read_bytes() == data
        except OSError:
            same = False
        if same and before == target:       # writing in place: nothing to do
            counts.unchanged += 1
            return
        if same:
            try:
                os.link(before, target)
                counts.unchanged += 1
                return
            except OSError:                  # another file system, or no hard links there
                shutil.copy2(before, target)
                counts.unchanged += 1
                return
    if old == tmp:                           # in place: each file replaced whole, at once
        replace_file(target, data)
    else:
        target.write_bytes(data)
    counts.written += 1


class SiteWriter:
    def __init__(self, out: Path):
        self.out = out.resolve()
        self.tmp, self.old = self.folders()
        self.claimed: set[str] = set()
        self.counts = Counts()
        self.removed = 0

    def folders(self) -> tuple[Path, Path | None]:
        """(where the new site is written, the site before it, if there is one)."""
        self.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-", dir=self.out.parent))
        return tmp, self.out if self.out.is_dir() else None

    def claim(self, rel: str) -> None:
        if rel in self.claimed:
            raise OutputTwice(rel)
        self.claimed.add(rel)

    def keep(self, rel: str) -> None:
        """The old site's file, as it is, into the new one (its page was not made again)."""
        target = self.tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.old / rel, target)
        except OSError:
            shutil.copy2(self.old / rel, target)
        self.counts.unchanged += 1

    def copy(self, rel: str, src: Path) -> None:
        """Copy one file's bytes (no times or modes: the same output every time)."""
        self.write(rel, src.read_bytes())

    def write(self, rel: str, data: bytes) -> None:
        """One file that is not a page: a static file, the headers file."""
        self.claim(rel)
        put(self.tmp, self.old, rel, data, self.counts)

    def stale(self) -> list[str]:
        """The files of the site in `out` that the new site does not have."""
        found = (os.path.join(folder, name) for folder, _, files in os.walk(self.out) for name in files)
        return [file for file in found
                if os.path.relpath(file, self.out).replace(os.sep, "/") not in self.claimed]

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
