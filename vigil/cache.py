"""The content cache: what is slow to make and the same for the same input, kept between
builds in a folder (.cache/ by default; CI keeps it between nightly runs): converted
Markdown, the profiles' QR codes, and the data files as read and validated.

A cache is data, never code, and never trusted over the input or over the checks: it is
JSON, in files that name what made them (a stamp); a file from another version, or one
that cannot be read, is ignored and made again. What is taken from it is checked again
before it is used: the data against the schema (`schema.reader`), the HTML through the
sanitizer, each QR code against the one shape segno writes. (A folder given with
`--source` may carry a `.cache/` of its own, which anyone could have written.) Each file
is replaced atomically, and holds only what the last build used, so it does not grow
without end.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

import markdown
import nh3
import yaml

from . import qr
from .markup import ATTRIBUTES, SCHEMES, SETTINGS, TAGS, resanitize
from .schema import NotOurs, Schemas, read_schemas
from .write import replace_file

Entry = TypeVar("Entry")
FORMAT = 5                      # 5: JSON, checked on load (4 and before: pickle)
# Everything the cached HTML depends on besides the text itself and the language's rebase:
# the renderer's and the sanitizer's versions and settings.
RENDERER = json.dumps({"format": FORMAT, "markdown": markdown.__version__,
                       "nh3": getattr(nh3, "__version__", ""), "settings": SETTINGS,
                       "sanitizer": [sorted(TAGS), {k: sorted(v) for k, v in ATTRIBUTES.items()},
                                     sorted(SCHEMES)]}, sort_keys=True)


def _signature(file: Path) -> tuple[int, int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class KeptFiles:
    """What a session last read or wrote of each cache file, with the file's time and size
    then: a long-running `serve` does not read its own cache back after every change. (A
    session of one build keeps them as long as that build.)"""

    def __init__(self) -> None:
        self.found: dict[Path, tuple[tuple[int, int], object]] = {}

    def remembered(self, file: Path):
        """What the session last read or wrote of `file`, if the file is still that."""
        kept = self.found.get(file)
        return kept[1] if kept is not None and kept[0] == _signature(file) else None

    def remember(self, file: Path, value) -> None:
        signature = _signature(file)
        if signature is not None:
            self.found[file] = (signature, value)


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
    anything else, or one that cannot be read, is ignored. Each text read is checked again
    (`checked`): one that fails is left out, and made again."""
    FILE = ""
    RENDERER = ""

    def __init__(self, folder: Path | None, kept: KeptFiles | None = None):
        self.folder = folder
        self.kept = KeptFiles() if kept is None else kept

    @staticmethod
    def checked(text: str) -> str | None:
        """The text as it may be used, or None when it is not to be trusted."""
        return None

    def load(self) -> dict[str, str]:
        """The cached texts by key, each checked; empty when there is no cache, or one not
        to trust."""
        if self.folder is None:
            return {}
        if (kept := self.kept.remembered(self.folder / self.FILE)) is not None:
            return kept
        try:
            with open(self.folder / self.FILE, encoding="utf-8") as stream:
                data = json.load(stream)
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(data, dict) or data.get("renderer") != self.RENDERER:
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
            return {}
        found = {k: text for k, v in entries.items() if (text := self.checked(v)) is not None}
        self.kept.remember(self.folder / self.FILE, found)
        return found

    def save(self, entries: dict[str, str]) -> None:
        if self.folder is None:
            return
        replace_file(self.folder / self.FILE, json.dumps(
            {"renderer": self.RENDERER, "entries": entries}, ensure_ascii=False, sort_keys=True,
            separators=(",", ":")).encode("utf-8"))
        self.kept.remember(self.folder / self.FILE, entries)


class MarkdownCache(JsonCache):
    """Finished HTML by the key of its text, top heading and rebase (`key`), through the
    sanitizer again as it is read: a script or an event handler written into the file never
    reaches a page."""
    FILE = "markdown.json"
    RENDERER = RENDERER
    checked = staticmethod(resanitize)


class QrCache(JsonCache):
    """A QR code's SVG by its address; only an SVG of the one shape segno writes is used."""
    FILE = "qr.json"
    RENDERER = qr.SETTINGS

    @staticmethod
    def checked(text: str) -> str | None:
        return text if qr.is_qr_svg(text) else None


# --------------------------------------------------------------------------- data files
@lru_cache(maxsize=1)
def engine_digest() -> str:
    """A digest of the engine's own code, as this process runs it: a new version reads
    everything again."""
    found = hashlib.sha256()
    for file in sorted(Path(__file__).resolve().parent.glob("*.py")):
        found.update(file.name.encode() + b"\0" + file.read_bytes())
    return found.hexdigest()


def parsed_stamp(schemas_digest: str) -> str:
    """What the data files' entries depend on besides the files themselves: the format,
    the engine, PyYAML, and the schemas they were checked against."""
    return digest(str(FORMAT), engine_digest(), yaml.__version__, schemas_digest)


def to_plain(value: Any) -> Any:
    """A validated value as JSON: maps, dates and times as objects of one tagged field
    ({"map": [[name, value], ...]}, {"date": ...}, {"datetime": ...}), so that nothing a
    maintainer writes can pass for one."""
    if isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {"map": [[name, to_plain(item)] for name, item in value.items()]}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    raise TypeError(f"not a validated value: {type(value).__name__}")


def from_plain(value: Any) -> Any:
    """The value `to_plain` wrote; NotOurs for anything it would not have written."""
    if isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, list):
        return [from_plain(item) for item in value]
    if not isinstance(value, dict) or len(value) != 1:
        raise NotOurs("not a tagged value")
    (tag, inner), = value.items()
    if tag == "map" and isinstance(inner, list):
        found = {}
        for pair in inner:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                    and pair[0] not in found):
                raise NotOurs("not a field")
            found[pair[0]] = from_plain(pair[1])
        return found
    if tag in ("date", "datetime") and isinstance(inner, str) and DATE_TEXT.match(inner):
        try:
            made = dt.datetime.fromisoformat(inner) if tag == "datetime" else dt.date.fromisoformat(inner)
        except ValueError as err:
            raise NotOurs("not a date") from err
        if made.isoformat() == inner:
            return made
    raise NotOurs(f"not a value: {tag}")


DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2})?")


def places_to_plain(places: dict[tuple, tuple[int, int]]) -> list:
    """Where each value stands (path -> (line, col)) as JSON: [[line, col, *path], ...]."""
    return [[line, col, *path] for path, (line, col) in places.items()]


def places_from_plain(found: Any) -> dict[tuple, tuple[int, int]]:
    if not isinstance(found, list):
        raise NotOurs("not places")
    places = {}
    for place in found:             # (a path of another kind is only never looked up)
        if type(place) is not list or len(place) < 2 or type(place[0]) is not int \
                or type(place[1]) is not int or place[0] < 0 or place[1] < 0:
            raise NotOurs("not a place")
        places[tuple(place[2:])] = (place[0], place[1])
    return places


class ParsedCache:
    """Data files and front matter as read and validated, by a hash of the file's bytes and
    the schema: a nightly build reads 10,000 records again only when their file changed.
    Only files without problems are kept (those are re-read every time, with their
    messages). JSON, in one file whose stamp names the format, the engine, PyYAML and the
    schemas (`parsed_stamp`); a file that does not match, or cannot be read, is ignored.
    Each entry is made back into values by the reader that wrote it (`get`'s `read`),
    which checks it against the schema: an entry that fails is read from its file again."""
    FILE = "parsed.json"

    def __init__(self, folder: Path | None, schemas: Schemas | None = None,
                 kept: KeptFiles | None = None, values: KeptValues | None = None):
        """`schemas`: the schema files the build read (none: as they are on disk now), which
        every entry is checked against; `kept`, `values`: what the session keeps of the
        cache files and of the entries' values (serve's, between builds)."""
        self.folder = folder
        self.schemas = read_schemas() if schemas is None else schemas
        self.stamp = parsed_stamp(self.schemas.digest)
        self.kept = KeptFiles() if kept is None else kept
        self.kept_values = {} if values is None else values
        self.stored: dict[str, Any] = self._read() if folder is not None else {}
        self.made: dict[str, Any] = self._made() if folder is not None else {}
        self.used: dict[str, Any] = {}           # as JSON: what this build read or made
        self.values: dict[str, Any] = {}         # the same, as values
        self.changed = False

    def key(self, *parts: str | bytes) -> str:
        """An entry's key: its parts (file, schema, the file's bytes...) and the schemas."""
        return digest(self.schemas.digest, *parts)

    def _read(self) -> dict:
        if (kept := self.kept.remembered(self.folder / self.FILE)) is not None and kept[0] == self.stamp:
            return kept[1]
        try:
            with open(self.folder / self.FILE, encoding="utf-8") as stream:
                data = json.load(stream)
        except (OSError, ValueError, RecursionError):   # missing, cut short, not ours: anew
            return {}
        if not isinstance(data, dict) or data.get("stamp") != self.stamp:
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return {}
        self.kept.remember(self.folder / self.FILE, (self.stamp, entries))
        return entries

    def _made(self) -> dict:
        """The entries the session itself read or made (serve), as (JSON, values)."""
        kept = self.kept_values.get(self.folder)
        return kept[1] if kept is not None and kept[0] == self.stamp else {}

    def get(self, key: str, read: Callable[[Any], Entry]) -> Entry | None:
        """The entry under `key`, made back into values by `read` (which raises NotOurs for
        one it would not have written, or one the schema refuses); None without one."""
        if key in self.values:
            return self.values[key]
        if key in self.made:
            plain, value = self.made[key]
        else:
            plain = self.stored.get(key)
            if plain is None:
                return None
            try:
                value = read(plain)
            except (NotOurs, TypeError, ValueError, KeyError, IndexError, RecursionError):
                self.changed = True              # not kept: it is made again
                return None
        self.used[key] = plain
        self.values[key] = value
        return value

    def keep(self, key: str, plain: Any, value: Any) -> None:
        """An entry this build made: as JSON (`plain`), and as the values it stands for."""
        self.used[key] = plain
        self.values[key] = value
        self.changed = True

    def still_used(self, keys) -> None:
        """Entries this build did not need to read, but that are still what the files hold."""
        for key in keys:
            if key in self.values:
                continue
            if key in self.made:
                self.used[key], self.values[key] = self.made[key]
            elif key in self.stored:
                self.used[key] = self.stored[key]

    def save(self) -> None:
        if self.folder is None:
            return
        self.kept_values[self.folder] = (self.stamp, {key: (self.used[key], value)
                                                      for key, value in self.values.items()})
        if not self.changed and self.used.keys() == self.stored.keys():
            return
        (self.folder / "parsed.pickle").unlink(missing_ok=True)     # the format before 5
        replace_file(self.folder / self.FILE, json.dumps(
            {"stamp": self.stamp, "entries": self.used}, ensure_ascii=False,
            separators=(",", ":")).encode("utf-8"))
        self.kept.remember(self.folder / self.FILE, (self.stamp, self.used))


# The values a session read or made of the data files' entries, by cache folder and stamp:
# made by this process, so not read and checked again after every edit.
KeptValues = dict[Path, tuple[str, dict[str, tuple[Any, Any]]]]
