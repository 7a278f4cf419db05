"""Problems in the content, as values that carry their place in a file."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Location:
    path: str            # relative to the source folder, with forward slashes
    line: int = 0        # 1-based; 0 when the problem is about the whole file
    col: int = 0         # 1-based; 0 when unknown

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True, order=True)
class Problem:
    where: Location
    message: str
    warning: bool = False
    # for a missing translation: (language, what: 'data field' | 'post' | 'page' | 'catalog string')
    untranslated: tuple[str, str] | None = field(default=None, compare=False)

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.where}: {kind}{self.message}"


class ContentError(Exception):
    """Raised to stop a build that found problems; carries them all."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the content")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'custody'?)' when one choice is close to `word`, else ''."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def report(problems: Iterable[Problem]) -> str:
    """All problems, one a line, sorted by file and line, then a count."""
    problems = sorted(set(problems))
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    lines = [str(p) for p in problems]
    counts = [f"{errors} problem{'s' if errors != 1 else ''}"]
    if warnings:
        counts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    lines.append(", ".join(counts) + " found.")
    return "\n".join(lines)
