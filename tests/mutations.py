"""Seeded mutations of the sample site's files: the mistakes, slips and damage that
hand-edited files suffer. Each mutation is a pure function of a seed, so a failing
case can be run again by its number."""
from __future__ import annotations

import random
from pathlib import Path

# Files a maintainer edits by hand, relative to the source folder.
EDITED = ("data/site.yaml", "data/prisoners.yaml", "data/members.yaml",
          "content/news/2019-02-21-coalition-launch.md",
          "content/news/2019-02-21-coalition-launch.ru.md",
          "content/pages/about.md", "content/pages/how-to-help.uk.md")

OTHER_VALUES = ("[1, 2]", "{a: b}", "123", "true", "~", "''", "2019-02-30", "-", "'yes'", "|")


def lines_of(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def mutate(raw: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One mutation of a file's bytes: (what was done, the new bytes)."""
    lines = lines_of(raw)
    n = rng.randrange(len(lines))
    line = lines[n]
    kind = rng.choice(("delete line", "duplicate line", "re-indent", "swap lines", "drop char",
                       "double char", "remove quotes", "remove colon", "tab", "not utf-8",
                       "other type", "empty", "cut short"))
    if kind == "delete line":
        del lines[n]
    elif kind == "duplicate line":
        lines.insert(n, line)
    elif kind == "re-indent":
        shift = rng.choice((-4, -2, -1, 1, 2, 3))
        lines[n] = line[-shift:] if shift < 0 and line[:-shift].strip() == b"" else b" " * max(shift, 0) + line
    elif kind == "swap lines" and n + 1 < len(lines):
        lines[n], lines[n + 1] = lines[n + 1], line
    elif kind in ("drop char", "double char") and line:
        i = rng.randrange(len(line))
        lines[n] = line[:i] + (line[i:i + 1] * 2 if kind == "double char" else b"") + line[i + 1:]
    elif kind == "remove quotes":
        lines[n] = line.replace(b'"', b"").replace(b"'", b"")
    elif kind == "remove colon":
        lines[n] = line.replace(b":", b"", 1)
    elif kind == "tab":
        lines[n] = b"\t" + line.lstrip(b" ")
    elif kind == "not utf-8":
        i = rng.randrange(len(line) + 1)
        lines[n] = line[:i] + rng.choice((b"\xff", b"\xc3", b"\xe9t\xe9", b"\x80")) + line[i:]
    elif kind == "other type" and b": " in line:
        head = line.split(b": ", 1)[0]
        lines[n] = head + b": " + rng.choice(OTHER_VALUES).encode()
    elif kind == "empty":
        return kind, b""
    elif kind == "cut short":
        return kind, raw[:rng.randrange(len(raw))]
    return f"{kind} at line {n + 1}", b"\n".join(lines)


def apply(source: Path, seed: int) -> str:
    """Mutate one file of the site in `source`; what was done, for the failure message."""
    rng = random.Random(seed)
    rel = rng.choice(EDITED)
    file = source / rel
    what, new = mutate(file.read_bytes(), rng)
    file.write_bytes(new)
    return f"seed {seed}: {rel}: {what}"
