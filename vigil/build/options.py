"""What a build or a check is asked for: the command line's choices (or serve's, or a
test's), handed down whole as one value instead of a parameter each."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..site.kinds import PageKind


@dataclass(frozen=True)
class BuildOptions:
    as_of: dt.date                   # the day the counts are made to: the only clock
    drafts: bool = False             # posts and pages marked draft too (--drafts)
    base_url: str | None = None      # instead of data/site.yaml's (--base-url)
    dev: bool = False                # serve's: no Content-Security-Policy, headers file or compressed copies
    strict: bool = False             # a warning fails the build too (--strict)
    jobs: int = 1                    # how many processes render the pages (--jobs)
    kinds: tuple[PageKind, ...] | None = None    # the kinds of page; None: the engine's (page_kinds())
