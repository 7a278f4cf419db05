"""The content cache: what is slow to make and the same for the same input, kept between
builds in a folder (.cache/ by default; CI keeps it between nightly runs): converted
Markdown, the profiles' QR codes, and the data files as read and validated.

Converted Markdown is kept by a hash of its text, in one file that names the renderer's
version and settings. A file from another version, or one that cannot be read, is
ignored and made again: a cache is never trusted over the input. The file is replaced
atomically, and holds only what the last build used, so it does not grow without end.
QR codes are kept the same way, by their address, in a file that names segno's version
and the codes' settings.
"""
from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import markdown
import nh3
import yaml

from . import qr
from .markup import ATTRIBUTES, SCHEMES, SETTINGS, TAGS
from .schema import SCHEMA_DIR
from .write import replace_file

FORMAT = 4                      # 4: a text's key holds the level of its top heading
# Everything the cached HTML depends on besides the text itself and the language's rebase:
# the renderer's and the sanitizer's versions and settings.
RENDERER = json.dumps({"format": FORMAT, "markdown": markdown.__version__,
                       "nh3": getattr(nh3, "__version__", ""), "settings": SETTINGS,
                       "sanitizer": [sorted(TAGS), {k: sorted(v) for k, v in ATTRIBUTES.items()},
                                     sorted(SCHEMES)]}, sort_keys=True)


# What this process last read or wrote of each cache file, with the file's time and size
# then: a long-running `serve` does not read its own cache back after every change. Only
# `serve` turns this on: a single build would only hold on to the memory.
_IN_MEMORY: dict[Path, tuple[tuple[int, int], object]] = {}
KEEP = {"in_memory": False}


def keep_in_memory() -> None:
    """From now on, this process keeps what it reads of the caches (for `serve`)."""
    KEEP["in_memory"] = True


def _signature(file: Path) -> tuple[int, int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def remembered(file: Path):
    """What this process last read or wrote of `file`, if the file is still that."""
    kept = _IN_MEMORY.get(file)
    return kept[1] if kept is not None and kept[0] == _signature(file) else None


def remember(file: Path, value) -> None:
    if not KEEP["in_memory"]:
        return
    signature = _signature(file)
    if signature is not None:
        _IN_MEMORY[file] = (signature, value)


def digest(*parts: str | bytes) -> str:
    """A key made of all the parts, each told apart from the next."""
    found = hashlib.sha256()
    for part in parts:
        found.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        found.update(b"\0\1")
    return found.hexdigest()


def key(text: str, top_heading: int, rebase) -> str:
    """The key of a Markdown text's finished HTML in one language's pages (`rebase`: how
    its links are led into that language's folder)."""
    return digest(str(top_heading), text, rebase.base_path, rebase.prefix, rebase.origin, *rebase.shared)


class JsonCache:
    """Texts by key, in one JSON file that names what made them (`RENDERER`): a file made by
    anything else, or one that cannot be read, is ignored."""
    FILE = ""
    RENDERER = ""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def load(self) -> dict[str, str]:
        """The cached HTML by key; empty when there is no cache, or one not to trust."""
        if self.folder is None:
            return {}
        if (kept := remembered(self.folder / self.FILE)) is not None:
            return kept
        try:
            with open(self.folder / self.FILE, encoding="utf-8") as stream:
                data = json.load(stream)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("renderer") != self.RENDERER:
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
            return {}
        remember(self.folder / self.FILE, entries)
        return entries

    def save(self, entries: dict[str, str]) -> None:
        if self.folder is None:
            return
        replace_file(self.folder / self.FILE, json.dumps(
            {"renderer": self.RENDERER, "entries": entries}, ensure_ascii=False, sort_keys=True,
            separators=(",", ":")).encode("utf-8"))
        remember(self.folder / self.FILE, entries)


class MarkdownCache(JsonCache):
    """Finished HTML by the key of its text, top heading and rebase (`key`)."""
    FILE = "markdown.json"
    RENDERER = RENDERER


class QrCache(JsonCache):
    """A QR code's SVG by its address."""
    FILE = "qr.json"
    RENDERER = qr.SETTINGS


class ParsedCache:
    """Data files and front matter as read and validated, by a hash of the file's bytes and
    the schema: a nightly build reads 10,000 records again only when their file changed.
    Only files without problems are kept (those are re-read every time, with their
    messages). Pickled, in one file that names the format, PyYAML's version and a hash of
    every schema file; a file that does not match, or cannot be read, is ignored."""
    FILE = "parsed.pickle"

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.stored = self._read() if folder is not None else {}
        self.used: dict[str, object] = {}

    @staticmethod
    def stamp() -> str:
        schemas = sorted((SCHEMA_DIR).glob("*.json"))
        digest = hashlib.sha256(f"{FORMAT} {yaml.__version__}".encode())
        for file in schemas:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
        return digest.hexdigest()

    key = staticmethod(digest)

    def _read(self) -> dict:
        if (kept := remembered(self.folder / self.FILE)) is not None and kept[0] == self.stamp():
            return kept[1]
        try:
            with open(self.folder / self.FILE, "rb") as stream:
                data = pickle.load(stream)
        except Exception:                     # missing, cut short, or not ours: start anew
            return {}
        if not isinstance(data, dict) or data.get("stamp") != self.stamp():
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return {}
        remember(self.folder / self.FILE, (data["stamp"], entries))
        return entries

    def get(self, key: str):
        found = self.stored.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def keep(self, key: str, value) -> None:
        self.used[key] = value

    def still_used(self, keys) -> None:
        """Entries this build did not need to read, but that are still what the files hold."""
        for key in keys:
            self.get(key)

    def save(self) -> None:
        if self.folder is None or self.used.keys() == self.stored.keys():
            return
        stamp = self.stamp()
        replace_file(self.folder / self.FILE, pickle.dumps(
            {"stamp": stamp, "entries": self.used}, protocol=pickle.HIGHEST_PROTOCOL))
        remember(self.folder / self.FILE, (stamp, self.used))
