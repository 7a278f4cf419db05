"""The site's search index: Pagefind (the `pagefind` package from PyPI, with its program in
`pagefind_bin`) reads the pages of a built site and writes its index under /pagefind/, which
the search pages' script (static/js/search.js) loads. One index a language: Pagefind splits
them by the pages' <html lang>. Which pages and parts it reads, the templates say
(data-pagefind-body, data-pagefind-ignore)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable

from .problems import ContentError, Location, Problem

FOLDER = "pagefind"
# Pagefind's own ready-made interfaces, which the site does not use (it has its own script,
# which needs no inline style or script): not published.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.",
          "playground/")
WHERE = Location("search index (Pagefind)")


def pagefind_program() -> Path | None:
    """The Pagefind program that the `pagefind` package would run (`python -m pagefind`)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    program = get_executable()
    return program if program is not None and program.is_file() else None


def search_index(site: Path, pages: Iterable[str]) -> tuple[dict[str, bytes], list[Problem]]:
    """The index of `pages` (paths of HTML files in the folder `site`): its files by path in
    the site ('pagefind/pagefind.js'), or a problem in plain words."""
    program = pagefind_program()
    if program is None:
        return {}, [Problem(WHERE, "Pagefind, which makes the site's search index, is not "
                                   "installed; run `make site` (or `.venv/bin/pip install -e .`) "
                                   "to install what the build needs")]
    with tempfile.TemporaryDirectory(prefix="vigil-search-") as folder:
        read, out = Path(folder) / "pages", Path(folder) / FOLDER
        link_pages(site, pages, read)
        try:
            ran = subprocess.run([str(program), "--site", str(read), "--output-path", str(out),
                                  "--silent"], capture_output=True, text=True, errors="replace",
                                 timeout=900)
        except (OSError, subprocess.TimeoutExpired) as err:
            return {}, [failed(str(err))]
        if ran.returncode != 0 or not (out / "pagefind.js").is_file():
            return {}, [failed(ran.stderr or ran.stdout or f"it stopped with code {ran.returncode}")]
        return published(out), []


def link_pages(site: Path, pages: Iterable[str], folder: Path) -> None:
    """The pages into `folder`, for Pagefind to read: exactly the new site's pages (serve
    writes its site in place, where a page it no longer has is removed only at the end),
    each a hard link, not a copy."""
    for rel in pages:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / rel, target)
        except OSError:                      # another file system, or no hard links there
            shutil.copyfile(site / rel, target)


def failed(said: str) -> Problem:
    last = " ".join(said.strip().splitlines()[-3:])[:400]
    return Problem(WHERE, f"Pagefind could not make the search index ({last or 'it said nothing'}); "
                          "the site built before is left as it was")


def published(out: Path) -> dict[str, bytes]:
    """The index's files that the site publishes, by path in the site."""
    files = {}
    for file in sorted(out.rglob("*")):
        rel = file.relative_to(out).as_posix()
        if file.is_file() and not rel.startswith(UNUSED):
            data = file.read_bytes()
            files[f"{FOLDER}/{rel}"] = in_order(data) if rel == "pagefind-entry.json" else data
    return files


def in_order(entry: bytes) -> bytes:
    """Pagefind's entry file with its languages in a fixed order: Pagefind writes them in
    any order, and the same site should give the same bytes."""
    found = json.loads(entry)
    found["languages"] = dict(sorted(found.get("languages", {}).items()))
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_search_index(writer) -> None:
    """The index of the pages in the writer's new site, into that site. Raises ContentError
    (the writer then leaves the site before as it was) when Pagefind fails."""
    files, problems = search_index(writer.tmp, sorted(rel for rel in writer.claimed
                                                      if rel.endswith(".html")))
    if problems:
        raise ContentError(problems)
    for rel, data in files.items():
        writer.write(rel, data)


def keep_search_index(writer) -> None:
    """After serve's first build: its index as it was, in the new site. Pagefind reads every
    page again each time (some 25 s on a site of 10,000 people), which an edit should not
    wait for; a search then finds what the first build had until serve starts again."""
    folder = writer.old / FOLDER if writer.old is not None else None
    if folder is None or not (folder / "pagefind.js").is_file():
        write_search_index(writer)
        return
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            rel = file.relative_to(writer.old).as_posix()
            writer.claim(rel)
            writer.keep(rel)
