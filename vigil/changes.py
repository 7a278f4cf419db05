"""What a change touches: the pages whose context changed. Templates only place the values
of their page's context (pages.py), so a page whose context, address and alternates are
equal to the last build's, made with the same templates and catalogs, is the same page:
`serve` keeps its file and makes again only the others. Tests compare each kind of edit
with a clean build, byte for byte.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Previous:
    """What the last good build made each page from."""
    pages: dict                      # path -> (context, url, alternates)
    interface: tuple                 # the templates and catalogs, by name, time and size


def interface_stamp(folders: list[Path]) -> tuple:
    """Templates and catalogs as they are on disk: a change to any of them re-renders all."""
    return tuple(sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size)
                        for folder in folders if folder.is_dir()
                        for f in folder.rglob("*") if f.is_file()))


def made_from(output) -> tuple:
    return (output.page, output.url, output.alternates)


def previous_of(outputs: list, interface: tuple) -> Previous:
    return Previous({o.path: made_from(o) for o in outputs}, interface)


def unchanged(output, before: Previous, interface: tuple) -> bool:
    """Whether the page is made from what it was made from last time."""
    return before.interface == interface and before.pages.get(output.path) == made_from(output)
