"""The development server: build, serve on 127.0.0.1, rebuild on change, reload the
browser. A build with problems keeps the last good site on disk, and every page shows
the problems until they are fixed.

It answers only requests addressed to itself (a Host of its own port on the loopback
address) and takes live-reload connections only from its own pages' origin: another site
open in the same browser could otherwise read the pages through a name that leads to
127.0.0.1 (DNS rebinding), or listen for edits. What it tells a browser on an edit is only
"reload": never the path of the file that changed (a draft's name, the maintainer's home
folder)."""
from __future__ import annotations

import gc
import html
import mimetypes
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .base.problems import ContentError, Problem, report
from .build.changes import Previous
from .build.options import BuildOptions
from .build.pipeline import PROJECT, Folders, build
from .build.session import Session
from .site import routes
from .site.i18n import SOURCE_LANGUAGE, Language, catalog_path, load_languages, plain_language


@dataclass
class ServeState:
    """What serve holds between builds: the last build's problems (shown until they are
    fixed), what the site on disk was made from, and the session every build goes through
    (the model and caches it keeps in memory)."""
    problems: list[Problem] = field(default_factory=list)
    previous: Previous | None = None         # what the site on disk was made from
    session: Session = field(default_factory=Session)


def rebuild(folders: Folders, out: Path, as_of: Callable, drafts: bool, base_url: str,
            state: ServeState, jobs: int = 1) -> None:
    """Build again; only the pages the change touches are made again."""
    try:
        result = build(folders, out, BuildOptions(as_of(), drafts, base_url, dev=True, jobs=jobs),
                       previous=state.previous, session=state.session)
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
    items = "\n".join(f"<li><code>{html.escape(str(p.where))}</code> {html.escape(p.said)}</li>"
                      for p in problems)
    return (f"<!doctype html><html lang=\"{language.code}\"><head><meta charset=\"utf-8\"><title>"
            f"{title}</title></head><body><h1>{heading}</h1><p>{advice}</p><ul>{items}</ul></body>"
            "</html>").encode()


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
            missing = out / routes.NOT_FOUND
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


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def own_hosts(port: int) -> frozenset[str]:
    """The Host headers of a request to this server: a loopback name with its port (without
    it too on port 80, where browsers leave it out)."""
    hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    return frozenset(hosts | (set(LOOPBACK_NAMES) if port == 80 else set()))


def is_own_host(host: str | None, port: int) -> bool:
    return (host or "").lower() in own_hosts(port)


def is_own_origin(origin: str | None, port: int) -> bool:
    """A request sent by one of this server's pages, or by no page at all (a browser names
    the page's origin in every cross-site and websocket request)."""
    return origin is None or origin.lower() in {f"http://{host}" for host in own_hosts(port)}


def refused(host: str | None, origin: str | None, port: int) -> bool:
    return not (is_own_host(host, port) and is_own_origin(origin, port))


def loopback_server(app, port: int, started: float):
    """livereload's server, with its handlers limited to requests for itself, no
    /forcereload (any page could trigger it), and a watcher told of changes by the kernel
    (`watcher`) that keeps what changed to itself."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptContainer, LiveScriptInjector
    from tornado import web

    class Guarded(web.RequestHandler):       # first in the bases of each handler below
        def prepare(self):
            if refused(self.request.headers.get("Host"), self.request.headers.get("Origin"), port):
                raise web.HTTPError(403)
            return super().prepare()

    class Reloads(Guarded, LiveReloadHandler):
        def check_origin(self, origin):
            return is_own_origin(origin, port)

    class Script(Guarded, LiveReloadJSHandler):
        pass

    class Pages(Guarded, web.FallbackHandler):
        pass

    class LoopbackServer(Server):
        def application(self, port, host, liveport=None, debug=None, live_css=True):
            LiveReloadHandler.watcher, LiveReloadHandler.live_css = self.watcher, live_css
            # livereload skips a reload within 3 s of the last, against the bursts of its
            # polling; watchfiles sends a burst of writes as one change already
            LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
            script = (f'<script src="/livereload.js?port={port}"></script>').encode()

            inject = type("Inject", (LiveScriptInjector,), {"script": script})
            web.Application(handlers=[(r"/livereload", Reloads), (r"/livereload\.js", Script),
                                      (r".*", Pages, {"fallback": LiveScriptContainer(self.app, script)})],
                            debug=False, transforms=[inject]).listen(port, address=host)

    return LoopbackServer(app=app, watcher=kernel_watcher(started))


def kernel_watcher(started: float):
    """A watcher for livereload that the kernel tells of changes (watchfiles: inotify on
    Linux, FSEvents on macOS), in a thread of its own, where livereload's own looks at the
    time of every file every 0.8 s (at 10,000 records, 28% of a core while nothing changed).
    `begin()` starts watching; livereload's `start(callback)` then asks to be called on every
    change, and its `examine()` runs the watched folders' tasks (the rebuild) on its loop.

    A file written after `started` (by the file system's clock, `file_system_now`) but before
    livereload started, while the first build ran, counts as a change too."""
    import threading

    import watchfiles
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop

    class KernelWatcher(Watcher):
        def __init__(self):
            super().__init__()
            self.stop = threading.Event()            # ends the watching thread
            self._lock = threading.Lock()
            self._changed: set[str] = set()          # paths changed and not yet examined
            self._notify: Callable[[], None] | None = None
            self._thread: threading.Thread | None = None

        def begin(self) -> None:
            if self._thread is None:
                self._thread = threading.Thread(target=self._follow, args=(list(self._tasks),),
                                                name="watch", daemon=True)
                self._thread.start()

        def _follow(self, paths: list[str]) -> None:
            for changes in watchfiles.watch(*paths, stop_event=self.stop, raise_interrupt=False):
                self._add({path for _, path in changes})

        def _add(self, paths: set[str]) -> None:
            with self._lock:
                self._changed |= paths
                notify = self._notify
            if notify:
                notify()

        def start(self, callback) -> bool:
            loop = IOLoop.current()
            self.begin()
            with self._lock:
                self._notify = lambda: loop.add_callback(callback)
            if written_since([Path(p) for p in self._tasks], started):
                self._add({"*"})
            loop.add_callback(callback)              # the reload livereload asks at start
            return True                              # so livereload does not poll

        def examine(self):
            if self._changes:                        # livereload's own, at start
                return self._changes.pop()
            self.filepath = None                     # the reload message says '*', no file
            with self._lock:
                changed, self._changed = self._changed, set()
            if not changed:
                return None, None
            tasks = {id(task["func"]): task["func"] for path, task in self._tasks.items()
                     if task["func"] and ("*" in changed or any(is_within(c, path) for c in changed))}
            for task in tasks.values():
                task()
            IOLoop.current().add_callback(settle_memory)     # once the reload is on its way
            return "*", None

    return KernelWatcher()


def serve(folders: Folders, out: Path, args, as_of: Callable) -> int:
    if folders.cache is None:
        raise ValueError("serve keeps its site in the cache folder, and there is none")
    base_url = f"http://127.0.0.1:{args.port}/"
    state = ServeState()
    again = lambda: rebuild(folders, out, as_of, args.drafts, base_url, state, args.jobs)  # noqa: E731
    server = loopback_server(site_app(out, state, folders.layered("locales")), args.port,
                             file_system_now(folders.cache))
    watched = {folders.source / "data", folders.source / "content",
               *folders.layered("templates"), *folders.layered("static"), *folders.layered("locales"),
               PROJECT / "schema"}
    for folder in sorted(watched):
        if folder.is_dir():
            server.watch(str(folder), again)
    server.watcher.begin()               # from before the first build: no edit passes unseen
    again()
    settle_memory()
    server.serve(port=args.port, host="127.0.0.1", debug=False, restart_delay=0)
    return 0


def settle_memory() -> None:
    """After a build, while serve waits for the next edit: the garbage of reference cycles
    collected, and everything still alive (the session's model and caches, kept for the next
    build) set aside from the collector (`gc.freeze`). Python's collector walks every object
    it tracks; walking what serve keeps took a quarter of a rebuild after an edit (0.3 to
    0.5 s of 1.8 s for 2,000 records). Set aside, the next build's collections walk only
    what that build makes. Freed objects are still freed as ever; those set aside are walked
    once more here, after the next build, so no cycle outlives an edit."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def written_since(folders: Sequence[Path], moment: float) -> bool:
    """Whether a file in `folders` was written at or after `moment`."""
    for folder in folders:
        for file in folder.rglob("*"):
            try:
                if file.stat().st_mtime >= moment:
                    return True
            except OSError:
                continue
    return False


def file_system_now(folder: Path) -> float:
    """Now, by the clock that file modification times are written with (a file is made in
    `folder` and its time read): the process's own clock may differ from it (a network
    drive, a clock set ahead), and an edit would then pass unseen."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder) as file:
        return os.fstat(file.fileno()).st_mtime
