"""A session: everything a process keeps between the builds of one site, in one object.

`serve` makes one session and passes it to every build it makes; any other command makes a
fresh one for its single build, which keeps nothing past it. No module holds data between
builds (tests/site/test_serve_session.py checks both: that nothing is kept elsewhere, and
that a build through a session equals a clean build after each kind of edit).

What a session keeps only makes the next build faster, and each thing is kept with what it
was made from, so that no edit can be outlived:
- `cache_files`: each cache file as last read or written, with its time and size then,
  and each JSON cache's entries as text;
- `parsed_values`: the values of the data files' entries, under the cache's stamp (which
  holds the schema files' digest);
- `prisoners`: the prisoners last made, by their record's bytes, place, language and the
  schema files' digest;
- `memos`: what is made of each record (its custody, term, spellings...), by the record's
  identity: a new record is a new object;
- `search_runtimes`: the installed Pagefind's scripts, by its version and the languages;
- `messages`: the interface strings of the templates, with the templates' times and sizes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..base.memo import Memos
from ..cache.store import KeptFiles
from ..features.search import Runtimes
from ..load.data import KeptPrisoners
from ..load.parsed import KeptValues


@dataclass(frozen=True)
class Session:
    cache_files: KeptFiles = field(default_factory=KeptFiles)
    parsed_values: KeptValues = field(default_factory=dict)
    prisoners: KeptPrisoners = field(default_factory=KeptPrisoners)
    memos: Memos = field(default_factory=Memos)
    search_runtimes: Runtimes = field(default_factory=dict)
    messages: dict = field(default_factory=dict)
