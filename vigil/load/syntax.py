"""YAML syntax errors in plain words, at the line to fix.

libyaml reports where its parser gave up, in a parser's words ("mapping values are not
allowed in this context"), often a line or more after the real mistake. People make
a handful of mistakes by hand: a tab, a line indented differently from its
neighbours, a missing colon or a missing space after it, a quote or bracket that is
never closed, a colon inside a text. Each is recognised here from the text itself and
the parser's marks, and reported where it is, with the fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Diagnosis:
    line: int          # 1-based, within the text given
    col: int
    message: str


FIELD = re.compile(r"^(\s*)(- +)?([A-Za-z_][\w-]*)(:?)(.*)$")


def diagnose(text: str, err: yaml.MarkedYAMLError) -> Diagnosis:
    """The likely mistake behind a YAML syntax error, where it is."""
    lines = text.split("\n")
    problem = err.problem_mark or err.context_mark
    at = problem.line if problem else 0
    start = err.context_mark.line if err.context_mark else max(at - 1, 0)
    what = (err.problem or "") + " " + (err.context or "")
    for finder in (_tab, _quote_left_open, _unclosed_quote, _unclosed_bracket, _no_space_after_dash,
                   _missing_colon, _key_over_block, _no_space_after_colon, _colon_in_text,
                   _indentation):
        found = finder(lines, min(start, at), at, what)
        if found:
            return found
    return Diagnosis(at + 1, (problem.column + 1) if problem else 1,
                     f"this is not valid YAML ({err.problem or err.context}); compare this "
                     "line and the one above with a record that works")


def _tab(lines, start, at, what):
    for n in range(start, min(at, len(lines) - 1) + 1):
        indent = lines[n][:len(lines[n]) - len(lines[n].lstrip(" \t"))]
        if "\t" in indent:
            return Diagnosis(n + 1, indent.index("\t") + 1,
                             "this line is indented with a tab; indent with spaces, not tabs")
    if "tab" in what or "'\\t'" in what:
        line = lines[at] if at < len(lines) else ""
        col = line.find("\t")
        return Diagnosis(at + 1, col + 1 if col >= 0 else 1,
                         "there is a tab here; use spaces instead of tabs")
    return None


QUOTED = re.compile(r"""^(\s*(?:- +)?(?:[\w-]+:\s+)?)(["'])(.*)$""")


def _quote_left_open(lines, start, at, what):
    """A value that opens a quote and does not close it on its line: YAML reads on, over
    the next lines, and the parser stops somewhere below. (Outside block texts, '|'.)"""
    block = None                            # the indent of the line that opened a block text
    for n in range(min(at, len(lines) - 1) + 1):
        line = lines[n]
        if block is not None and (not line.strip() or _indent(line) > block):
            continue
        block = _indent(line) if re.search(r":\s*[|>][-+]?\s*$", line) else None
        match = QUOTED.match(line)
        if match and not _closes(match.group(2), match.group(3)):
            quote = match.group(2)
            return Diagnosis(n + 1, len(match.group(1)) + 1,
                             f"the quote ({quote}) that opens here is never closed; add "
                             f"{quote} at the end of the text")
    return None


def _closes(quote: str, rest: str) -> bool:
    if quote == '"':
        return re.search(r'(?<!\\)"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None


def _unclosed_quote(lines, start, at, what):
    if "quoted scalar" not in what:
        return None
    line = lines[start] if start < len(lines) else ""
    quote = next((c for c in line if c in "\"'"), '"')
    col = line.find(quote)
    return Diagnosis(start + 1, col + 1 if col >= 0 else 1,
                     f"the quote ({quote}) that opens here is never closed; add {quote} at the "
                     "end of the text")


def _unclosed_bracket(lines, start, at, what):
    if "flow sequence" not in what and "flow mapping" not in what:
        return None
    line = lines[start] if start < len(lines) else ""
    opening = "[" if "sequence" in what else "{"
    closing = "]" if opening == "[" else "}"
    col = line.find(opening)
    return Diagnosis(start + 1, col + 1 if col >= 0 else 1,
                     f"the list that opens with '{opening}' here is not closed; end it with "
                     f"'{closing}' on the same line, with commas between the items")


def _no_space_after_dash(lines, start, at, what):
    for n in (at, at - 1):
        if 0 <= n < len(lines):
            match = re.match(r"^(\s*)-[^\s-]", lines[n])
            if match:
                return Diagnosis(n + 1, len(match.group(1)) + 1,
                                 "put a space after '-' (a list item starts with '- ')")
    return None


def _missing_colon(lines, start, at, what):
    """A line with a field name and a value but no ':' between them."""
    candidates = [start] if "simple key" in what else [at - 1, at]
    for n in candidates:
        if not 0 <= n < len(lines):
            continue
        match = FIELD.match(lines[n])
        if match and not match.group(4) and match.group(5).startswith(" ") and match.group(5).strip():
            word, value = match.group(3), match.group(5).strip()
            return Diagnosis(n + 1, len(match.group(1)) + len(match.group(2) or "") + len(word) + 1,
                             f"a ':' is missing after '{word}'; write '{word}: {value}'")
    return None


BARE_WORD = re.compile(r"^(\s*)(- +)?([A-Za-z_][\w-]*)\s*$")


def _key_over_block(lines, start, at, what):
    """A field name alone on its line, with the lines of its value under it (indented more,
    or a list starting at its own indent), and no ':' after it. The parser reads the name
    as the start of a text and stops a line or two below, where it looks like a wrong indent."""
    for n in _upwards(lines, min(at, len(lines) - 1), 3):
        match = BARE_WORD.match(lines[n])
        below = _next(lines, n)
        if not match or below is None:
            continue
        opens_list = re.match(r"^\s*- ", lines[below]) and _indent(lines[below]) == _inner(lines[n])
        if _indent(lines[below]) > _inner(lines[n]) or (opens_list and not match.group(2)):
            word = match.group(3)
            return Diagnosis(n + 1, len(match.group(1)) + len(match.group(2) or "") + len(word) + 1,
                             f"a ':' is missing after '{word}'; write '{word}:' (the lines under "
                             "it are its value)")
    return None


def _upwards(lines, n, count):
    """Line `n` and the `count - 1` lines above it that hold something."""
    found: list[int] = []
    while n >= 0 and len(found) < count:
        if lines[n].strip() and not lines[n].lstrip().startswith("#"):
            found.append(n)
        n -= 1
    return found


def _next(lines, n):
    """The line after `n` that holds something (not blank, not only a comment), or None."""
    for m in range(n + 1, len(lines)):
        if lines[m].strip() and not lines[m].lstrip().startswith("#"):
            return m
    return None


def _no_space_after_colon(lines, start, at, what):
    for n in (start, at):
        if 0 <= n < len(lines):
            match = re.match(r"^(\s*(?:- +)?)([A-Za-z_][\w-]*):(?=[^\s/])", lines[n])
            if match:
                word = match.group(2)
                return Diagnosis(n + 1, len(match.group(1)) + len(word) + 2,
                                 f"put a space after '{word}:' (write '{word}: value')")
    return None


def _colon_in_text(lines, start, at, what):
    if "mapping values are not allowed" not in what or at >= len(lines):
        return None
    match = re.match(r"^(\s*(?:- +)?[A-Za-z_][\w-]*:\s+)(.*:\s.*)$", lines[at])
    if match and not _indented_more(lines, at):
        return Diagnosis(at + 1, len(match.group(1)) + match.group(2).index(": ") + 1,
                         "this text contains ': ', which YAML reads as the start of a new "
                         "field; put the whole text in quotes (\"...\")")
    return None


def _indentation(lines, start, at, what):
    """The line the parser stopped at, or the one before, does not line up."""
    for n in (at, at - 1, at + 1):
        if 0 < n < len(lines) and lines[n].strip() and _misaligned(lines, n):
            here, above = _indent(lines[n]), _inner(lines[_previous(lines, n)])
            return Diagnosis(n + 1, 1, f"this line is indented differently from the one above "
                                       f"({_spaces(here)} here, {_spaces(above)} above); line it "
                                       "up with the other fields of the same record")
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _inner(line: str) -> int:
    """Where the fields of a line start: after '- ' for a list item."""
    item = re.match(r"^\s*- +", line)
    return len(item.group()) if item else _indent(line)


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _previous(lines, n):
    """The line before `n` that holds something (not blank, not only a comment)."""
    m = n - 1
    while m > 0 and (not lines[m].strip() or lines[m].lstrip().startswith("#")):
        m -= 1
    return m


def _indented_more(lines, n) -> bool:
    prev = lines[_previous(lines, n)]
    opens = prev.rstrip().endswith((":", "|", ">", "|-", ">-"))
    return _indent(lines[n]) > _inner(prev) and not opens


def _misaligned(lines, n) -> bool:
    """Indented more than the line above allows, or to a depth no line above has."""
    if _indented_more(lines, n):
        return True
    here = _indent(lines[n])
    depths = set()
    for m in range(n - 1, -1, -1):
        line = lines[m]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        depths.add(_indent(line))
        item = re.match(r"^(\s*)- +", line)
        if item:
            depths.add(len(item.group()))
        if _indent(line) < here and not item:
            break
    return here not in depths
