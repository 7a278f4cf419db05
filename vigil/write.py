"""Write the site atomically: into a temporary folder beside the output, swapped in
only when everything succeeded, so a failed build leaves the last good site as it was."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class OutputTwice(Exception):
    """Two pages asked for one output path (the model checks this first)."""


class SiteWriter:
    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-", dir=self.out.parent))
        self.written: set[str] = set()
        self.pages = 0

    def write(self, rel: str, text: str) -> None:
        self._claim(rel)
        target = self.tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        self.pages += 1

    def copy(self, rel: str, src: Path) -> None:
        """Copy one file's bytes (no times or modes: the same output every time)."""
        self._claim(rel)
        target = self.tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)

    def _claim(self, rel: str) -> None:
        if rel in self.written:
            raise OutputTwice(rel)
        self.written.add(rel)

    def commit(self) -> None:
        """Swap the new site in place of the old one."""
        os.chmod(self.tmp, 0o755)
        old = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-old-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
