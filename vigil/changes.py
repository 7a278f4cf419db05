"""What a change touches: from the model before and after an edit, the pages that must
be made again. `serve` keeps the last build's model and re-renders only those; every
other page keeps the file it had. The rules are deliberately generous (a list page is
made again whenever any record changes), and tests compare each kind of edit with a
clean build, byte for byte.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .model import Content


@dataclass(frozen=True)
class Previous:
    """What the last good build was made from."""
    content: Content
    as_of: dt.date
    interface: tuple                 # the templates and catalogs, by name, time and size


def interface_stamp(folders: list[Path]) -> tuple:
    """Templates and catalogs as they are on disk: a change to any of them re-renders all."""
    return tuple(sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size)
                        for folder in folders if folder.is_dir()
                        for f in folder.rglob("*") if f.is_file()))


@dataclass(frozen=True)
class Touched:
    everything: bool
    prisoners: frozenset[str] = frozenset()      # ids whose record changed, came or went
    posts: frozenset[str] = frozenset()          # slugs
    pages: frozenset[str] = frozenset()
    named: frozenset[str] = frozenset()          # prisoners named by a changed post

    def needs(self, output) -> bool:
        """Whether this page (an Output of site.py) must be made again."""
        if self.everything:
            return True
        template, key = output.template, output.key
        if template == "prisoner.html":
            pid = key.split("/")[1]
            return pid in self.prisoners or pid in self.named
        if template == "post.html":
            view = output.page.view
            return view.post.slug in self.posts or bool(set(view.post.prisoners) & self.prisoners)
        if template == "page.html":
            return output.page.view.page.slug in self.pages
        if template == "prisoners.html":
            return bool(self.prisoners)
        if template in ("news.html", "feed.xml"):
            return bool(self.posts or self.prisoners)
        if template in ("home.html", "sitemap.xml"):
            return bool(self.prisoners or self.posts or self.pages)
        return False                     # members, 404, robots: only with everything


def touched(before: Previous, content: Content, as_of: dt.date, interface: tuple) -> Touched:
    if (before.as_of != as_of or before.interface != interface or before.content.site != content.site
            or before.content.members != content.members
            or before.content.facilitators != content.facilitators):
        return Touched(everything=True)
    prisoners = changed({p.id: p for p in before.content.prisoners}, {p.id: p for p in content.prisoners})
    old_posts = {p.slug: p for p in before.content.news}
    new_posts = {p.slug: p for p in content.news}
    posts = changed(old_posts, new_posts)
    named = {pid for slug in posts for found in (old_posts.get(slug), new_posts.get(slug))
             if found is not None for pid in found.prisoners}
    pages = changed({p.slug: p for p in before.content.pages}, {p.slug: p for p in content.pages})
    return Touched(False, frozenset(prisoners), frozenset(posts), frozenset(pages), frozenset(named))


def changed(before: dict, after: dict) -> set:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
