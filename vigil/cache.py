"""The content cache: what is slow to make and the same for the same input, kept between
builds in a folder (.cache/ by default; CI keeps it between nightly runs).

Converted Markdown is kept by a hash of its text, in one file that names the renderer's
version and settings. A file from another version, or one that cannot be read, is
ignored and made again: a cache is never trusted over the input. The file is replaced
atomically, and holds only what the last build used, so it does not grow without end.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import markdown
import nh3

from .markup import SETTINGS

FORMAT = 1
# Everything the cached HTML depends on besides the text itself.
RENDERER = json.dumps({"format": FORMAT, "markdown": markdown.__version__, "nh3": nh3.__version__
                       if hasattr(nh3, "__version__") else "", "settings": SETTINGS}, sort_keys=True)


def key(text: str, heading_shift: int) -> str:
    return hashlib.sha256(f"{heading_shift}\0{text}".encode("utf-8")).hexdigest()


class MarkdownCache:
    FILE = "markdown.json"

    def __init__(self, folder: Path | None):
        self.folder = folder

    def load(self) -> dict[str, str]:
        """The cached HTML by key; empty when there is no cache, or one not to trust."""
        if self.folder is None:
            return {}
        try:
            with open(self.folder / self.FILE, encoding="utf-8") as stream:
                data = json.load(stream)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("renderer") != RENDERER:
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
            return {}
        return entries

    def save(self, entries: dict[str, str]) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".markdown-", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                json.dump({"renderer": RENDERER, "entries": entries}, stream, ensure_ascii=False,
                          sort_keys=True, separators=(",", ":"))
            os.replace(tmp, self.folder / self.FILE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
