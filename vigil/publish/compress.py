"""Text files compressed ahead (`precompress: true` in data/site.yaml): `page.html.gz` and
`page.html.br` beside `page.html`, for a server that sends a ready file to a browser that
accepts it (nginx's gzip_static and brotli_static) instead of compressing each response.
At the strongest settings, which are too slow to run on each request; the same bytes in
give the same bytes out (gzip's header holds no time and no file name)."""
from __future__ import annotations

import gzip

import brotli

COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".svg", ".json", ".webmanifest", ".txt", ".ics")


def compressed_names(rel: str) -> tuple[str, ...]:
    """The names of a file's compressed copies: none for a file that is compressed already
    (an image) or is not served (_headers)."""
    return (f"{rel}.gz", f"{rel}.br") if rel.endswith(COMPRESSIBLE) else ()


def compressed(rel: str, data: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of each compressed copy of the file `rel`."""
    if not compressed_names(rel):
        return []
    return [(f"{rel}.gz", gzip.compress(data, compresslevel=9, mtime=0)),
            (f"{rel}.br", brotli.compress(data, mode=brotli.MODE_TEXT, quality=11))]
