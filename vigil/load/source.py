"""Read the maintainers' files: UTF-8 text, YAML node trees, Markdown front matter.

Everything here returns problems as values; nothing raises on bad content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..base.problems import Location, Problem
from .syntax import diagnose

try:                                   # libyaml is much faster on 10,000 records
    from yaml import CSafeLoader as _Loader
except ImportError:                    # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the same interface, in Python


@dataclass(frozen=True)
class Document:
    """A YAML node tree and where it came from (line_offset: lines before it)."""
    node: yaml.Node | None
    path: str
    line_offset: int = 0

    def at(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)


# Characters that XML 1.0 forbids (C0 controls but tab, line feed and carriage return;
# U+FFFE, U+FFFF): one of them in a feed makes feed readers refuse the whole feed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Refused in any text, as well: the C1 controls (U+0085 NEXT LINE among them, a line break to
# YAML and to Python but not to an editor), the line and paragraph separators, and the
# characters that reverse what follows them on screen (bidi embeddings, overrides, isolates:
# a reader, or a maintainer reviewing a change, sees another text than the one published).
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")
# Refused in a value of one line (a name, a title, an id, a date, an address on the web):
# every control character, line breaks and tabs among them, and the invisible characters
# that make two names look the same (zero-width spaces and joiners, direction marks, the
# byte order mark).
NOT_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                        "\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]")
LINE_BREAKS = "\n\r\x85\u2028\u2029"
TURNING = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def printable(name: str) -> str:
    """A file's name as a message can show it: each character NOT_A_LINE finds as \\uXXXX."""
    return NOT_A_LINE.sub(lambda found: f"\\u{ord(found.group()):04x}", name)


def control_problem(char: str, in_line: bool = True) -> str:
    """What is wrong with a character that NOT_TEXT (`in_line` false) or NOT_A_LINE found."""
    code = f"U+{ord(char):04X}"
    if char in LINE_BREAKS and not in_line:
        return (f"an invisible line break ({code}) that editors do not show is here; delete it "
                "(press Enter for a new line)")
    if char in LINE_BREAKS:
        return (f"a line break ({code}) is here, in a value of one line (a name, a title, an "
                "id); join the lines")
    if char == "\t":
        return "a tab is here, in a value of one line; write a space instead"
    if char in TURNING:
        return (f"an invisible character that changes the direction of the text ({code}) is "
                "here; delete it (what is published would read differently from what you see)")
    if char in "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff":
        return (f"an invisible zero-width character ({code}) is here; delete it (it makes two "
                "names that look the same differ)")
    return (f"an invisible control character ({code}) is here; delete it "
            "(it often comes with text pasted from another program)")


def read_text(file: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying where it is not valid UTF-8."""
    return decode(file.read_bytes(), rel)


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[:err.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        return None, [Problem(Location(rel, line, col),
                              "this file is not valid UTF-8 text (byte "
                              f"0x{raw[err.start]:02x}); save it again as UTF-8 in your editor")]
    text = text.removeprefix("\ufeff")
    bad = NOT_TEXT.search(text)
    if bad:
        upto = text[:bad.start()]
        return None, [Problem(Location(rel, upto.count("\n") + 1, len(upto) - upto.rfind("\n")),
                              control_problem(bad.group(), in_line=False))]
    return text, []


def compose_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """The YAML node tree of `text`; a syntax error becomes a problem at its place."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        found = diagnose(text, err)
        return None, [Problem(Location(rel, found.line + line_offset, found.col), found.message)]
    except yaml.YAMLError as err:
        return None, [Problem(Location(rel, 1 + line_offset, 1), f"this is not valid YAML: {err}")]
    if "*" in text and has_alias(node):
        return None, [alias_problem(text, rel, line_offset)]
    return Document(node, rel, line_offset), []


def has_alias(node: yaml.Node | None) -> bool:
    """True when a node is reached twice: YAML gives an alias (*name) the very node of its
    anchor (&name). Each node is looked at once, however often it is reached."""
    seen: set[int] = set()
    waiting = [node] if node is not None else []
    while waiting:
        current = waiting.pop()
        if id(current) in seen:
            return True
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            waiting += current.value
        elif isinstance(current, yaml.MappingNode):
            waiting += [part for pair in current.value for part in pair]
    return False


def alias_problem(text: str, rel: str, line_offset: int) -> Problem:
    """Aliases are refused: a few lines of them can stand for billions of values."""
    alias = next(token for token in yaml.scan(text, Loader=_Loader)
                 if isinstance(token, yaml.AliasToken))
    mark = alias.start_mark
    return Problem(Location(rel, mark.line + 1 + line_offset, mark.column + 1),
                   f"'*{alias.value}' repeats a value written elsewhere (a YAML alias); write the "
                   "value out here instead: these files take no aliases, as a few lines of them "
                   "can stand for billions of values")


def load_yaml_file(file: Path, rel: str) -> tuple[Document | None, list[Problem]]:
    text, problems = read_text(file, rel)
    if text is None:
        return None, problems
    return compose_yaml(text, rel)


def split_front_matter(text: str, rel: str) -> tuple[str, str, int, list[Problem]]:
    """(front matter, body, line where the front matter starts minus one, problems).

    A Markdown file starts with a line '---', its YAML front matter, and another '---'.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return "", text, 0, [Problem(Location(rel, 1, 1),
                                     "this file must start with a line '---', then its "
                                     "fields (title: ...), then another line '---'")]
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), 1, []
    return "", text, 0, [Problem(Location(rel, 1, 1),
                                 "the fields at the top are not closed: add a line '---' "
                                 "after them")]


def split_records(text: str) -> list[tuple[int, str]] | None:
    """A file that is one list of records, at the left margin (data/prisoners.yaml), cut
    into its records: (the line a record starts on, its text). Each line that starts with
    '-' at the margin starts a record, as it does for YAML itself. None when the file is
    not simply that (anything but comments before the first record, a document marker):
    such a file is read whole."""
    starts = [m.start() for m in RECORD_START.finditer(text)]
    if not starts or MARKERS.search(text) or any(
            line.strip() and not line.lstrip().startswith("#") for line in text[:starts[0]].splitlines()):
        return None
    line, records = text.count("\n", 0, starts[0]) + 1, []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        body = text[start:end]
        records.append((line, body))
        line += body.count("\n")
    return records


RECORD_START = re.compile(r"^-(?=[ \t\r\n]|$)", re.M)
MARKERS = re.compile(r"^(?:---|\.\.\.|%)", re.M)      # documents and directives: read whole
