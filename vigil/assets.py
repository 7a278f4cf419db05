"""The site's stylesheets and scripts, published under names that carry a hash of their
bytes (static/css/site.0123456789.css): a CDN and a browser may keep one for a year, since
a changed file gets a new name, and the pages link the new name. Other static files
(images) keep their names. Pure: bytes in, names out."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

HASHED = (".css", ".js")
HASH_LENGTH = 10


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


def assets_of(files: dict[str, bytes], base_path: str) -> Assets:
    """`files`: the bytes of each stylesheet and script, by its name under static/."""
    return Assets(base_path, tuple(sorted((name, hashed_name(name, data))
                                          for name, data in files.items() if is_hashed(name))))
