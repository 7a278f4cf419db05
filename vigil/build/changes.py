"""What a change touches: the pages whose context changed. Templates only place the values
of their page's context (pages/contexts.py), so a page whose context, address and alternates are
equal to the last build's, made with the same templates and catalogs, is the same page:
`serve` keeps its file and makes again only the others, and so with share cards. Tests
compare each kind of edit with a clean build, byte for byte.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Previous:
    """What the last good build made each page and share card from."""
    pages: dict                      # path -> (context, url, alternates)
    interface: tuple                 # the templates and catalogs, by name, time and size
    cards: dict = field(default_factory=dict)    # path -> the card (cards.ShareCard, HeadlineCard)


def interface_stamp(folders: list[Path]) -> tuple:
    """Templates and catalogs as they are on disk: a change to any of them re-renders all."""
    return tuple(sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size)
                        for folder in folders if folder.is_dir()
                        for f in folder.rglob("*") if f.is_file()))


def made_from(output) -> tuple:
    return (output.page, output.url, output.alternates)


def previous_of(outputs: list, interface: tuple, cards: list | tuple = ()) -> Previous:
    return Previous({o.path: made_from(o) for o in outputs}, interface,
                    {f.path: f.card for files in cards for f in files})


def unchanged(output, before: Previous, interface: tuple) -> bool:
    """Whether the page is made from what it was made from last time."""
    return before.interface == interface and before.pages.get(output.path) == made_from(output)


def card_unchanged(file, before: Previous) -> bool:
    """Whether a card (share.CardFile) is made from what it was made from last time: its
    words, and its photo's file, named by its content."""
    return before.cards.get(file.path) == file.card
