"""Where a build reads from (the site's folder, then the project's) and keeps its cache."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Folders:
    """Where a build reads from: the site's own folder, then the project's; and where it
    keeps its content cache (None: no cache)."""
    source: Path
    cache: Path | None = None

    def layered(self, name: str) -> list[Path]:
        """The site's `name` folder first (it wins), then the project's."""
        dirs = [self.source / name, PROJECT / name]
        return [d for i, d in enumerate(dirs) if d.is_dir() and d.resolve() not in
                [x.resolve() for x in dirs[:i]]]

    def static_files(self) -> dict[str, Path]:
        """The files the site publishes from static/ (the site's, then the project's), by
        path under it: regular files only (`regular_files`)."""
        files: dict[str, Path] = {}
        for folder in reversed(self.layered("static")):
            files.update(regular_files(folder)[0])
        return dict(sorted(files.items()))

    def irregular_static(self) -> list[str]:
        """What static/ holds that the site does not publish: symbolic links, to a file or a
        folder, inside the project or out of it, and anything else not a regular file
        (devices, pipes); each by its path, 'static/...'."""
        return sorted({f"static/{rel}" for folder in self.layered("static")
                       for rel in regular_files(folder)[1]})

    def relative(self, file: Path) -> str:
        """A file's name as messages give it: from the site's folder, or the project's."""
        file = file.resolve()
        for base in (self.source, PROJECT):
            if file.is_relative_to(base):
                return file.relative_to(base).as_posix()
        return str(file)


def regular_files(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """The regular files under `folder`, by path under it; and the paths of everything else
    there: a symbolic link is never followed (one could publish /proc/self/environ or
    .git/config), nor anything read that is not a regular file. A `folder` that is itself a
    link holds nothing ('' is the folder itself)."""
    if folder.is_symlink():
        return {}, [""]
    files, others = {}, []
    for top, dirs, names in os.walk(folder, followlinks=False):
        base = Path(top)
        under = base.relative_to(folder).as_posix()
        prefix = "" if under == "." else under + "/"
        for name in sorted(dirs):
            if (base / name).is_symlink():
                others.append(prefix + name)
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
        for name in sorted(names):
            if stat.S_ISREG(os.lstat(base / name).st_mode):
                files[prefix + name] = base / name
            else:
                others.append(prefix + name)
    return files, others


def regular_file(folder: Path, rel: str) -> Path | None:
    """The regular file at `rel` under `folder`, reached through real folders only (no
    symbolic link on the way, no '..'); None if there is none."""
    parts = rel.split("/")
    if not rel or any(part in ("", ".", "..") for part in parts) or folder.is_symlink():
        return None
    file = folder
    for n, part in enumerate(parts):
        file = file / part
        try:
            mode = os.lstat(file).st_mode
        except OSError:
            return None
        if not (stat.S_ISREG(mode) if n == len(parts) - 1 else stat.S_ISDIR(mode)):
            return None
    return file
