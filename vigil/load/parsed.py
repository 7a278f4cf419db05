"""The data files as read and validated, kept in the cache store (cache/store.py, its named
cache "parsed"), made back into values and checked against the schema as they are read.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..cache.store import Store, digest
from .schema import NotOurs, Schemas, read_schemas

Entry = TypeVar("Entry")
# The values a session read or made of the data files' entries, by store folder and stamp:
# made by this process, so not read and checked again after every edit.
KeptValues = dict[Path, tuple[str, dict[str, tuple[Any, Any]]]]


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
    messages), in the store's JSON cache "parsed", under the store's stamp (which holds the
    schema files' digest). Each entry is made back into values by the reader that wrote it
    (`get`'s `read`), which checks it against the schema: an entry that fails is read from
    its file again."""

    def __init__(self, store: Store | None = None, schemas: Schemas | None = None,
                 values: KeptValues | None = None):
        """`store`: the build's cache store (none: no cache); `schemas`: the schema files the
        build read (none: as they are on disk now), which every entry is checked against;
        `values`: what the session keeps of the entries' values (serve's, between builds)."""
        self.store = Store(None) if store is None else store
        self.folder = self.store.folder
        self.schemas = read_schemas() if schemas is None else schemas
        self.stamp = self.store.stamp
        self.kept_values = {} if values is None else values
        self.stored: dict[str, Any] = self.store.read_json("parsed")
        self.made: dict[str, Any] = self._made(self.folder) if self.folder is not None else {}
        self.used: dict[str, Any] = {}           # as JSON: what this build read or made
        self.values: dict[str, Any] = {}         # the same, as values
        self.changed = False

    def key(self, *parts: str | bytes) -> str:
        """An entry's key: its parts (file, schema, the file's bytes...) and the schemas."""
        return digest(self.schemas.digest, *parts)

    def _made(self, folder: Path) -> dict:
        """The entries the session itself read or made (serve), as (JSON, values), for the
        cache in `folder`."""
        kept = self.kept_values.get(folder)
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
        self.store.write_json("parsed", self.used)
