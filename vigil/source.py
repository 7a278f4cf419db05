"""Read the maintainers' files: UTF-8 text, YAML node trees, Markdown front matter.

Everything here returns problems as values; nothing raises on bad content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Location, Problem
from .syntax import diagnose

try:                                   # libyaml is much faster on 10,000 records
    from yaml import CSafeLoader as _Loader
except ImportError:                    # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader


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


def control_problem(char: str) -> str:
    return (f"an invisible control character (U+{ord(char):04X}) is here; delete it "
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
    bad = NOT_XML.search(text)
    if bad:
        before = text[:bad.start()]
        return None, [Problem(Location(rel, before.count("\n") + 1, len(before) - before.rfind("\n")),
                              control_problem(bad.group()))]
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
    return Document(node, rel, line_offset), []


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
    for start, end in zip(starts, starts[1:] + [len(text)]):
        body = text[start:end]
        records.append((line, body))
        line += body.count("\n")
    return records


RECORD_START = re.compile(r"^-(?=[ \t\r\n]|$)", re.M)
MARKERS = re.compile(r"^(?:---|\.\.\.|%)", re.M)      # documents and directives: read whole
