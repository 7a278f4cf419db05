"""The site's stylesheets and scripts, published under names that carry a hash of their
bytes (static/css/site.0123456789.css): a CDN and a browser may keep one for a year, since
a changed file gets a new name, and the pages link the new name. Other static files
(images) keep their names. And the site's colours, as its stylesheet sets them. Pure:
bytes in, names and values out."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

HASHED = (".css", ".js")
HASH_LENGTH = 10
STYLESHEET = "css/site.css"
THEME = ("--navy", "--bg")           # the stylesheet's names of the colours a Theme takes


def is_hashed(name: str) -> bool:
    """Whether the static file `name` ('css/site.css') is published under a hashed name."""
    return name.endswith(HASHED)


def hashed_name(name: str, data: bytes) -> str:
    """'css/site.css' -> 'css/site.0123456789.css', the hash taken from its bytes."""
    path = PurePosixPath(name)
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


@dataclass(frozen=True)
class Assets:
    """The stylesheets and scripts as pages link them: `assets['css/site.css']` is the site
    path of the file under the name it is published under. Part of every page's context,
    so that a page is made again when a file it links changes."""
    base_path: str = "/"
    names: tuple[tuple[str, str], ...] = ()     # (name under static/, published name), sorted
    _by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_name", dict(self.names))

    def __getitem__(self, name: str) -> str:
        return f"{self.base_path}static/{self._by_name[name]}"

    def published(self, name: str) -> str:
        """The name under static/ that the file `name` is written to."""
        return self._by_name.get(name, name)


@dataclass(frozen=True)
class Theme:
    """The colours a phone gives the site's window and its splash screen (in the web app
    manifest): the header's navy and the page's background, as the stylesheet sets them."""
    colour: str
    background: str


def theme_of(css: str) -> Theme | None:
    """The Theme in the stylesheet's first :root rule (its light colours); None without one."""
    root = re.search(r":root\s*\{([^}]*)\}", css)
    found = dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*;", root[1])) if root else {}
    if not all(name in found for name in THEME):
        return None
    return Theme(*(found[name] for name in THEME))


def assets_of(files: dict[str, bytes], base_path: str) -> Assets:
    """`files`: the bytes of each stylesheet and script, by its name under static/."""
    return Assets(base_path, tuple(sorted((name, hashed_name(name, data))
                                          for name, data in files.items() if is_hashed(name))))
