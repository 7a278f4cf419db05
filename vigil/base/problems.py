"""Problems in the content, as values that carry their place in a file."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


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
    # the page being made when it was met (a template's error): said, but not part of what the
    # problem is, so one place in a template is one problem however many pages meet it
    page: str | None = field(default=None, compare=False)

    @property
    def said(self) -> str:
        """The message as a maintainer reads it, with the page it was met on."""
        return f"{self.message} (while making {self.page})" if self.page else self.message

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.where}: {kind}{self.said}"


class ContentError(Exception):
    """Raised to stop a build that found problems; carries them all."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the content")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word`, if one is close enough to be what was meant."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'custody'?' when one choice is close to `word`, else ''."""
    meant = closest(word, choices)
    return f"; did you mean '{meant}'?" if meant else ""


# Files in the order the build reads them: a mistake in an earlier one is more often the
# cause of what goes wrong later, so it is listed first.
READ_ORDER = ("data/site.yaml", "data/prisoners.yaml", "data/members.yaml", "content/", "static/",
              "templates/", "locales/")


def root_first(problem: Problem) -> tuple:
    """Errors before warnings; then files in the order they are read; then by place."""
    path = problem.where.path
    rank = next((i for i, start in enumerate(READ_ORDER) if path.startswith(start)), len(READ_ORDER))
    return (problem.warning, rank, problem.where, problem.message)


def report(problems: Iterable[Problem], strict: bool = False, style: str = "text") -> str:
    """All problems, one a line, root causes first, then a count. `style` 'github': each
    as a GitHub Actions annotation, which a pull request shows on its line."""
    problems = sorted(set(problems), key=root_first)
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    lines = [annotation(p, strict) if style == "github" else str(p) for p in problems]
    counts = [f"{errors} problem{'s' if errors != 1 else ''}"]
    if warnings:
        counts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    end = ", ".join(counts) + " found"
    if strict and warnings:
        end += "; with --strict, warnings count as problems, so this fails"
    lines.append(end + ".")
    return "\n".join(lines)


def annotation(problem: Problem, strict: bool = False) -> str:
    """`::error file=data/prisoners.yaml,line=14,col=5::message` (GitHub's workflow command)."""
    level = "warning" if problem.warning and not strict else "error"
    where = problem.where
    place = ",".join(f"{key}={_escaped(str(value), True)}" for key, value in
                     (("file", where.path), ("line", where.line), ("col", where.col)) if value)
    return f"::{level} {place}::{_escaped(problem.said)}"


def _escaped(text: str, property_: bool = False) -> str:
    """GitHub's escaping of a workflow command's message (and, more, of its properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text
