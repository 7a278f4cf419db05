"""The development server: build, serve on 127.0.0.1, rebuild on change, reload the
browser. A build with problems keeps the last good site on disk, and every page shows
the problems until they are fixed."""
from __future__ import annotations

import html
import mimetypes
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .cache import keep_in_memory
from .changes import Previous
from .i18n import SOURCE_LANGUAGE, Language, catalog_path, load_languages, plain_language
from .pipeline import PROJECT, Folders, build
from .problems import ContentError, Problem, report


@dataclass
class ServeState:
    problems: list[Problem] = field(default_factory=list)
    previous: Previous | None = None         # what the site on disk was made from


def rebuild(folders: Folders, out: Path, as_of: Callable, drafts: bool, base_url: str,
            state: ServeState, jobs: int = 1) -> None:
    """Build again; only the pages the change touches are made again."""
    try:
        result = build(folders, out, as_of(), drafts, base_url, dev=True, jobs=jobs,
                       previous=state.previous)
    except ContentError as err:
        state.problems = err.problems
        print(report(err.problems), file=sys.stderr, flush=True)
        return
    state.problems, state.previous = [], result.previous
    print(f"Built {result.pages} pages ({result.rendered} made again) in {result.seconds:.2f} s; "
          "serving them.", flush=True)


def error_page(problems: list[Problem], language: Language) -> bytes:
    """The page shown instead of every page while the build fails, in the language of the
    page asked for (the problems themselves are in English, as `check` prints them)."""
    gettext = language.gettext
    title = html.escape(gettext("Build problems"))
    heading = html.escape(gettext("The site could not be rebuilt"))
    advice = html.escape(gettext("Fix these problems; this page reloads by itself when they are fixed."))
    items = "\n".join(f"<li><code>{html.escape(str(p.where))}</code> {html.escape(p.message)}</li>"
                      for p in problems)
    return (f"<!doctype html><html lang=\"{language.code}\"><head><meta charset=\"utf-8\"><title>"
            f"{title}</title></head><body><h1>{heading}</h1><p>{advice}</p><ul>{items}</ul></body>"
            "</html>").encode("utf-8")


def page_language(url_path: str, locale_dirs: Sequence[Path]) -> Language:
    """The language of the page at `url_path`: the code its path starts with (/ru/...) when
    there is a catalog for it, else the language the templates are written in. Read from
    the catalogs, not from the last build: a build that fails may not have read them."""
    code = url_path.lstrip("/").split("/", 1)[0]
    if re.fullmatch(r"[a-z]{2,3}", code) and catalog_path(list(locale_dirs), code):
        languages, _, _ = load_languages((code,), list(locale_dirs), str)
        if languages:
            return languages[0]
    return plain_language(SOURCE_LANGUAGE)


mimetypes.add_type("application/manifest+json", ".webmanifest")     # not in Python's own list


def site_app(out: Path, state: ServeState, locale_dirs: Sequence[Path] = ()):
    """A WSGI app serving the built folder, or the problems while there are any (in the
    language of the page asked for, from the catalogs in `locale_dirs`)."""
    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        head = environ.get("REQUEST_METHOD") == "HEAD"
        file = resolve(out, path)
        is_page = file is None or file.suffix == ".html"
        if state.problems and is_page:
            return respond(start_response, "500 Build problems", "text/html; charset=utf-8",
                           error_page(state.problems, page_language(path, locale_dirs)), head)
        if file is None:
            missing = out / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
            return respond(start_response, "404 Not Found", "text/html; charset=utf-8", body, head)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/xml"):
            kind += "; charset=utf-8"
        return respond(start_response, "200 OK", kind, file.read_bytes(), head)
    return app


def resolve(out: Path, url_path: str) -> Path | None:
    """The file for a URL path, inside `out` only."""
    target = (out / url_path.lstrip("/")).resolve()
    if not target.is_relative_to(out.resolve()):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def respond(start_response, status: str, kind: str, body: bytes, head: bool = False):
    start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
    return [b"" if head else body]


def serve(folders: Folders, out: Path, args, as_of: Callable) -> int:
    from livereload import Server

    keep_in_memory()                 # the model and caches stay in memory between rebuilds
    base_url = f"http://127.0.0.1:{args.port}/"
    state = ServeState()
    again = lambda: rebuild(folders, out, as_of, args.drafts, base_url, state, args.jobs)  # noqa: E731
    again()
    server = Server(app=site_app(out, state, folders.layered("locales")))
    watched = {folders.source / "data", folders.source / "content",
               *folders.layered("templates"), *folders.layered("static"), *folders.layered("locales"),
               PROJECT / "schema"}
    for folder in sorted(watched):
        if folder.is_dir():
            server.watch(str(folder), again)
    server.serve(port=args.port, host="127.0.0.1", debug=False, restart_delay=0)
    return 0
