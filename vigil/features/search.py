"""The site's search index: Pagefind (the `pagefind` package from PyPI, with its program in
`pagefind_bin`) reads the pages of a built site and writes its index under /pagefind/, which
the search pages' script (static/js/search.js) loads. One index a language: Pagefind splits
them by the pages' <html lang>. Which pages and parts it reads, the templates say
(data-pagefind-body, data-pagefind-ignore)."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from ..base.problems import ContentError, Location, Problem
from ..cache.files import FileCache
from ..site import routes
from .search_pages import slim_page

FOLDER = routes.PAGEFIND.removesuffix("/")
# Pagefind's own ready-made interfaces, which the site does not use (it has its own script,
# which needs no inline style or script): not published.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.",
          "playground/")
WHERE = Location("search index (Pagefind)")
# What an index kept in the cache may hold, by path in the site: the data Pagefind's
# scripts read, and nothing else. Its scripts and WebAssembly (RUNTIME) are never kept: they
# come from the Pagefind installed (`installed_runtime`). An index with any other file is
# not one this build made: it is made anew.
INDEX_DATA = re.compile(r"pagefind/(pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta"
                        r"|(fragment|index|filter)/[\w-]+\.pf_(fragment|index|filter))", re.ASCII)
RUNTIME = re.compile(r"pagefind/(pagefind[\w-]*\.js|wasm\.[\w-]+\.pagefind)")


def pagefind_program() -> Path | None:
    """The Pagefind program that the `pagefind` package would run (`python -m pagefind`)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    program = get_executable()
    return program if program is not None and program.is_file() else None


def pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "none"


def search_index(site: Path, pages: Iterable[str]) -> tuple[dict[str, bytes], list[Problem]]:
    """The index of `pages` (paths of HTML files in the folder `site`): its files by path in
    the site ('pagefind/pagefind.js'), or a problem in plain words. Pagefind is run once a
    language, each time on that language's pages only: it holds every page it reads in
    memory until it writes, and a language's index is the same made alone (only the entry
    file, which lists the languages, is made here from theirs)."""
    program = pagefind_program()
    if program is None:
        return {}, [Problem(WHERE, "Pagefind, which makes the site's search index, is not "
                                   "installed; run `make site` (or `.venv/bin/pip install -e .`) "
                                   "to install what the build needs")]
    pages = list(pages)
    place = staging_place(sum((site / rel).stat().st_size for rel in pages))
    try:
        with tempfile.TemporaryDirectory(prefix="vigil-search-", dir=place) as folder:
            return index_of(program, stage_pages(site, pages, Path(folder)))
    except OSError as err:
        if place is None:
            return {}, [failed(str(err))]
    with tempfile.TemporaryDirectory(prefix="vigil-search-") as folder:     # no room in memory
        return index_of(program, stage_pages(site, pages, Path(folder)))


# Where the pages Pagefind reads are staged: in memory, where the machine has room in a
# tmpfs at /dev/shm (on a busy disk, writing some 12,000 small pages and removing them took
# longer than Pagefind itself), else in the temporary folder. (Pagefind reads a folder in
# the order the file system lists it, and its index files differ with that order: a tmpfs
# lists files in the order they were made, the same on every machine.)
IN_MEMORY = Path("/dev/shm")


def staging_place(size: int) -> str | None:
    """The folder to stage pages of `size` bytes in; None for the temporary folder."""
    try:
        roomy = IN_MEMORY.is_dir() and os.access(IN_MEMORY, os.W_OK) and shutil.disk_usage(IN_MEMORY).free > 2 * size
    except OSError:
        return None
    return str(IN_MEMORY) if roomy else None


def index_of(program: Path, folders: list[Path]) -> tuple[dict[str, bytes], list[Problem]]:
    """The index Pagefind makes of the pages staged in `folders`, one a language."""
    indexes = []
    for read in folders:
        out = read.with_name(read.name + "-index") / FOLDER
        try:
            ran = subprocess.run([str(program), "--site", str(read), "--output-path", str(out),
                                  "--silent"], capture_output=True, text=True, errors="replace",
                                 timeout=900)
        except (OSError, subprocess.TimeoutExpired) as err:
            return {}, [failed(str(err))]
        if ran.returncode != 0 or not (out / "pagefind.js").is_file():
            return {}, [failed(ran.stderr or ran.stdout or f"it stopped with code {ran.returncode}")]
        indexes.append(published(out))
    return merged(indexes)


PAGE_LANGUAGE = re.compile(rb"<html(?=[\s>])[^<>]*?\slang=\"([^\"]*)\"")


def stage_pages(site: Path, pages: Iterable[str], folder: Path) -> list[Path]:
    """What Pagefind reads of the pages, in a folder of `folder` for each language (of their
    <html lang>, as Pagefind tells them), each page at its own path; the folders. Exactly
    the new site's pages (serve writes its site in place, where a page it no longer has is
    removed only at the end), each slimmed to what the index takes from it (`search_pages`),
    a fraction of its bytes; a page none of whose parts is indexed is left out. (On a site
    where no page marks a part, Pagefind indexes the pages whole: so are they given.)"""
    pages, languages = list(pages), dict[bytes, Path]()
    for whole in (False, True):
        for rel in pages:
            html = (site / rel).read_bytes()
            slim = html if whole else slim_page(html)
            if slim is not None:
                found = PAGE_LANGUAGE.search(html)
                language = found.group(1).lower() if found and found.group(1) else b"unknown"
                read = languages.setdefault(language, folder / f"pages-{len(languages)}")
                stage(site / rel, slim if slim is not html else None, read / rel)
        if languages:
            break
    return list(languages.values())


def stage(page: Path, slim: bytes | None, target: Path) -> None:
    """The slim page at `target`; or the page itself, a hard link where it can be."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if slim is not None:
        target.write_bytes(slim)
        return
    try:
        os.link(page, target)
    except OSError:                          # another file system, or no hard links there
        shutil.copyfile(page, target)


def merged(indexes: list[dict[str, bytes]]) -> tuple[dict[str, bytes], list[Problem]]:
    """One index of the indexes of each language: their files, and one entry file that lists
    every language (its languages in a fixed order, as `in_order` writes them)."""
    entry_file = f"{FOLDER}/pagefind-entry.json"
    entry: dict | None = None
    languages: dict[str, dict] = {}
    files: dict[str, bytes] = {}
    for index in indexes:
        found = json.loads(index[entry_file])
        languages.update(found["languages"])
        found["languages"] = {}
        if entry is not None and found != entry:
            return {}, [failed("the runs for each language wrote entries of different versions")]
        entry = found
        for rel, data in index.items():
            if files.setdefault(rel, data) != data and rel != entry_file:
                return {}, [failed(f"the runs for each language wrote two different {rel}")]
    if entry is None:
        return {}, [failed("there was no page to index")]
    entry["languages"] = dict(sorted(languages.items()))
    files[entry_file] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files, []


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


def write_search_index(writer, cache: FileCache | None = None, runtimes: Runtimes | None = None) -> None:
    """The index of the pages in the writer's new site, into that site. Raises ContentError
    (the writer then leaves the site before as it was) when Pagefind fails. With a `cache`
    (the store's named cache "search"), the index is kept there under the digest of what
    Pagefind reads of the pages: a build whose pages say the same, in the parts the index is
    made of, takes it from there (a night's build, whose only changes are counts the index
    leaves out). `runtimes`: the session's (`Runtimes`)."""
    runtimes = {} if runtimes is None else runtimes
    pages = sorted(rel for rel in writer.claimed if rel.endswith(".html"))
    key = index_key(writer.tmp, pages) if cache is not None else ""
    files = read_index(cache, key, runtimes) if cache is not None else None
    if files is None:
        files, problems = search_index(writer.tmp, pages)
        if problems:
            raise ContentError(problems)
        remember_runtime(files, runtimes)
        if cache is not None:
            keep_index(cache, key, files)
    for rel, data in files.items():
        writer.write(rel, data)


def index_key(site: Path, pages: Iterable[str]) -> str:
    """A digest of everything Pagefind reads of the pages: each indexed page's address and
    slim page (`search_pages`: its language, title and indexed parts); and of Pagefind itself."""
    digest = hashlib.sha256(f"pagefind {pagefind_version()}\n".encode())
    for rel in pages:
        slim = slim_page((site / rel).read_bytes())
        if slim is not None:
            digest.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(slim).digest())
    return digest.hexdigest()


def read_index(cache: FileCache, key: str, runtimes: Runtimes) -> dict[str, bytes] | None:
    """The index kept under `key` by an earlier build, by path in the site, with the
    installed Pagefind's scripts and WebAssembly beside it; None if there is none, or none to
    trust (files.py: damaged, or with a file that is not index data, such as a script)."""
    entry = cache.get(key, INDEX_DATA.fullmatch)
    if entry is None:
        return None
    languages = index_languages(entry.files)
    runtime = installed_runtime(languages, runtimes) if languages is not None else {}
    return {**entry.files, **runtime} if runtime else None


def index_languages(files: Mapping[str, bytes]) -> tuple[str, ...] | None:
    """The languages of an index of these files (by path in the site), as its entry file
    says; None when it says none, or cannot be read."""
    try:
        entry = json.loads(files[f"{FOLDER}/pagefind-entry.json"])
        languages = tuple(sorted(entry["languages"]))
    except (KeyError, ValueError, TypeError, RecursionError):
        return None
    if not languages or not all(isinstance(code, str) and re.fullmatch(r"[\w-]{1,35}", code)
                                for code in languages):
        return None
    return languages


def runtime_for(files: dict[str, bytes], runtimes: Runtimes) -> dict[str, bytes] | None:
    """The scripts and WebAssembly of the installed Pagefind that an index of these files
    (by path in the site, its own scripts among them) goes with, by path in the site; None
    when the installed Pagefind does not write the same ones (another version), or the index
    says no languages."""
    languages = index_languages(files)
    if languages is None:
        return None
    runtime = installed_runtime(languages, runtimes)
    kept = {rel for rel in files if RUNTIME.fullmatch(rel)}
    return runtime if runtime and kept == runtime.keys() else None


# The scripts and WebAssembly the installed Pagefind writes, by (its version, the languages):
# a session takes them from any index Pagefind made in it, so that it is run on a short page
# only when none was. A failure is never kept: the next build asks again.
Runtimes = dict[tuple[str, tuple[str, ...]], dict[str, bytes]]


def runtime_key(files: dict[str, bytes]) -> tuple[str, tuple[str, ...]] | None:
    """(the Pagefind version, the languages of an index of these files), or None."""
    try:
        languages = tuple(sorted(json.loads(files[f"{FOLDER}/pagefind-entry.json"])["languages"]))
    except (KeyError, ValueError, TypeError, RecursionError):
        return None
    return pagefind_version(), languages


def remember_runtime(files: dict[str, bytes], runtimes: Runtimes) -> None:
    """The runtime of an index the installed Pagefind just made (never one from the cache)."""
    key = runtime_key(files)
    if key is not None:
        runtimes[key] = {rel: data for rel, data in files.items() if RUNTIME.fullmatch(rel)}


def installed_runtime(languages: tuple[str, ...], runtimes: Runtimes) -> dict[str, bytes]:
    """The scripts and WebAssembly that the installed Pagefind writes for an index of these
    languages, by path in the site: from an index it made in this session, or else made by
    indexing one short page in each (a fraction of a second, once a process for each
    program). Empty when Pagefind fails or is not installed."""
    key = (pagefind_version(), languages)
    if key in runtimes:
        return runtimes[key]
    program = pagefind_program()
    if program is None:
        return {}
    try:
        runtimes[key] = dict(runtime_of(str(program), *key))
    except RuntimeError:                  # Pagefind failed: tried again the next time
        return {}
    return runtimes[key]


@functools.lru_cache(maxsize=8)
def runtime_of(program: str, version: str, languages: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    """installed_runtime's files as `program` makes them (the same each time: made once a
    process); raises RuntimeError when it fails, which is never remembered."""
    with tempfile.TemporaryDirectory(prefix="vigil-pagefind-") as folder:
        pages = Path(folder) / "pages"
        for code in languages:
            (pages / code).mkdir(parents=True)
            (pages / code / "index.html").write_text(
                f'<!doctype html><html lang="{code}"><head><title>{code}</title></head>'
                f"<body data-pagefind-body><p>{code}</p></body></html>", encoding="utf-8")
        files, problems = search_index(pages, [f"{code}/index.html" for code in languages])
    if problems:
        raise RuntimeError(problems[0].message)
    return tuple((rel, data) for rel, data in files.items() if RUNTIME.fullmatch(rel))


def keep_index(cache: FileCache, key: str, files: dict[str, bytes]) -> None:
    """The index's data into the cache under `key`, without its scripts and WebAssembly
    (never kept: `read_index` takes the installed Pagefind's). An index with any other file
    (a Pagefind that writes files this engine does not know) is not kept: the cache would not
    give it back. The pruner keeps only the last build's (store.prune)."""
    data = {rel: body for rel, body in files.items() if not RUNTIME.fullmatch(rel)}
    if all(INDEX_DATA.fullmatch(rel) for rel in data):
        cache.put(key, data)


def keep_search_index(writer, cache: FileCache | None = None, runtimes: Runtimes | None = None) -> None:
    """After serve's first build: its index as it was, in the new site. Pagefind reads every
    page again each time (some 25 s on a site of 10,000 people), which an edit should not
    wait for; a search then finds what the first build had until serve starts again."""
    runtimes = {} if runtimes is None else runtimes
    folder = writer.old / FOLDER if writer.old is not None else None
    if folder is None or not (folder / "pagefind.js").is_file():
        write_search_index(writer, cache, runtimes)
        return
    data = {file.relative_to(writer.old).as_posix() for file in sorted(folder.rglob("*"))
            if file.is_file()}
    entry = writer.old / FOLDER / "pagefind-entry.json"
    if not entry.is_file():
        write_search_index(writer, cache, runtimes)
        return
    runtime = runtime_for({entry.relative_to(writer.old).as_posix(): entry.read_bytes(),
                           **{rel: b"" for rel in data if RUNTIME.fullmatch(rel)}}, runtimes)
    if runtime is None or not all(INDEX_DATA.fullmatch(rel) or RUNTIME.fullmatch(rel) for rel in data):
        write_search_index(writer, cache, runtimes)
        return
    for rel in sorted(data - runtime.keys()):
        writer.claim(rel)
        writer.keep(rel)
    for rel, script in runtime.items():          # the installed Pagefind's, never those kept
        writer.write(rel, script)
