"""Where a build reads from (the site's folder, then the project's) and keeps its cache."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .card_cache import CardCache

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
        files: dict[str, Path] = {}
        for folder in reversed(self.layered("static")):
            files.update({f.relative_to(folder).as_posix(): f
                          for f in sorted(folder.rglob("*")) if f.is_file()})
        return dict(sorted(files.items()))

    def card_cache(self) -> CardCache | None:
        return CardCache(self.cache / "cards") if self.cache is not None else None

    def relative(self, file: Path) -> str:
        """A file's name as messages give it: from the site's folder, or the project's."""
        file = file.resolve()
        for base in (self.source, PROJECT):
            if file.is_relative_to(base):
                return file.relative_to(base).as_posix()
        return str(file)
