"""What is made of a frozen record, kept with the very record it was made of: a custody
computed for every language's pages is computed once, and `serve`, which keeps the records
that did not change between builds, does not make their results again. Keyed by the
object's identity (records hold mappings, so they have no hash), and only trusted while
that same object is the one kept."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

Value = TypeVar("Value")
LIMIT = 200_000                      # entries; then everything is let go and made again


class Memo:
    """Values by the record they were made of (and `extra`); see the module's note."""

    def __init__(self):
        self.found: dict[tuple, tuple[object, object]] = {}

    def get(self, record: object, extra: tuple, make: Callable[[], Value]) -> Value:
        key = (id(record), *extra)
        hit = self.found.get(key)
        if hit is not None and hit[0] is record:
            return cast(Value, hit[1])          # what `make` made for this very record and key
        if len(self.found) >= LIMIT:
            self.found.clear()
        value = make()
        self.found[key] = (record, value)
        return value


@dataclass(frozen=True)
class Memos:
    """What a session makes of its records once (each kept with the very record it was made
    of): each language's pages show the same custody, term, name spellings and statistics,
    and `serve`, which keeps the records that did not change between builds, does not make
    them again after an edit."""
    custody: Memo = field(default_factory=Memo)           # (prisoner, as of) -> Custody
    terms: Memo = field(default_factory=Memo)             # prisoner -> TermView
    statistics: Memo = field(default_factory=Memo)        # (prisoners, as of) -> the figures
    prisoner_files: Memo = field(default_factory=Memo)    # (prisoners, edition) -> open data files
    gaps: Memo = field(default_factory=Memo)              # (record, languages) -> translation gaps
    spellings: Memo = field(default_factory=Memo)         # name -> its Latin spellings
