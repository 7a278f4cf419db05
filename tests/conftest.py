"""Shared helpers: build a site into a temporary folder and read it as a visitor would."""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import sync_playwright

import vigil.cli
from vigil.cli import main

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = "2026-11-29"
SAMPLE_AS_OF = "2026-12-07"              # the sample data was last verified that day
NEXT_NIGHT = "2026-12-08"                # the nightly build after it
# The sample site's pages in each language: 22 prisoners, 4 pages, 10 category lists (the
# categories someone has), and home, list, members, news, post, 404, statistics, the
# calendars page, search and "Write a letter".
SAMPLE_PAGES = 22 + 4 + 10 + 10


def run_build(source: Path, out: Path, *extra: str, as_of: str = AS_OF) -> int:
    """`python build.py --source SOURCE --out OUT --as-of AS_OF EXTRA...`; the exit code.
    The cache is the source's own `.cache/`, so SOURCE is a copy in a temporary folder
    (`sample`, `copy_site`), never the project or a fixture."""
    assert_a_copy(source)
    return main(["build", "--source", str(source), "--out", str(out), "--as-of", as_of, *extra],
                environ={})


def assert_a_copy(source: Path) -> None:
    """A build or check writes its cache into its source folder: the repository's own
    folders are only ever read, through copies."""
    source = Path(source).resolve()
    assert source != PROJECT and FIXTURES not in source.parents and source != FIXTURES, (
        f"{source} is in the repository: build a copy (the `sample` fixture, copy_site())")


def in_each_scheme(tab, url: str, ready=lambda tab: None):
    """Open `url` in the light colour scheme (and `ready(tab)` it), then yield each scheme,
    light and dark, with the page switched to it: its colours follow the scheme as it
    changes, as they do when a visitor's phone changes it. One visit checks both."""
    tab.emulate_media(media="screen", color_scheme="light")
    tab.goto(url)
    ready(tab)
    for scheme in ("light", "dark"):
        tab.emulate_media(color_scheme=scheme)
        assert tab.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
        yield scheme


def page(out: Path, url: str) -> str:
    """The HTML a visitor gets at `url` (a site path like /prisoners/)."""
    file = out / url.lstrip("/")
    if url.endswith("/"):
        file = file / "index.html"
    return file.read_text(encoding="utf-8")


def copy_site(name: str, dest: Path) -> Path:
    """A copy of a fixture site (or 'project' for the sample data) that a test may change;
    never with a `.cache/` a run on the fixture itself may have left: a copy starts cold."""
    if name == "project":
        for sub in ("data", "content"):
            shutil.copytree(PROJECT / sub, dest / sub)
    else:
        shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".cache"))
    return dest


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder `make(folder)` fills once for the whole run, whichever test process asks
    first (pytest-xdist's workers share it; the others wait for it): to read from only."""
    root = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:          # each worker's folder is in the run's
        root = root.parent
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".made").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


@pytest.fixture(scope="session")
def sample_cache(sample_build) -> Path:
    """The cache the run's build of the sample left: its records read, its Markdown
    converted, its QR codes, share cards and search index made. A build of a copy that
    starts from it makes again only what the copy changed, as a maintainer's next build."""
    return sample_build.cache


@pytest.fixture
def sample(tmp_path, sample_cache) -> Path:
    """A copy of the sample site's data and content that a test may change, with a copy of
    the cache the run's build of it left: a check or build of the copy reads again, converts
    and draws only what the test changed, as a maintainer's next run does. (Tests of the
    cache itself, and of a first build, pass a `--cache` folder of their own.)"""
    return copy_sample(tmp_path / "site", sample_cache)


def copy_sample(dest: Path, cache: Path) -> Path:
    """A copy of the sample's data and content at `dest`, with a copy of `cache` as its own."""
    site = copy_site("project", dest)
    shutil.copytree(cache, site / ".cache")
    return site


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A copy of the tiny fixture site (three people, a few posts) that a test may change."""
    return copy_site("tiny", tmp_path / "tiny")


def store_of(cache: Path) -> Path:
    """The cache store's folder in a cache folder a build used (store-<its stamp>/)."""
    (folder,) = cache.glob("store-*")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site and its bytes, by path."""
    return {f.relative_to(folder).as_posix(): f.read_bytes()
            for f in sorted(folder.rglob("*")) if f.is_file()}


@functools.cache
def bench_script(rel: str):
    """A script of bench/ (like 'bench/bench.py') as a module: bench/ is not a package."""
    name = "bench_" + Path(rel).stem + "_under_test"
    spec = importlib.util.spec_from_file_location(name, PROJECT / rel)
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Built:
    """A site built once a session: its source, with the cache the build left in it
    (`source/.cache`), and what it published. Read it, or take a copy (`copy_built`)."""
    source: Path
    out: Path

    @property
    def cache(self) -> Path:
        return self.source / ".cache"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Built:
    """The project's own sample data, built once as of SAMPLE_AS_OF, in two processes."""
    def build(folder: Path) -> None:
        assert run_build(copy_site("project", folder / "site"), folder / "public", "--jobs", "2",
                         as_of=SAMPLE_AS_OF) == 0
    folder = made_once(tmp_path_factory, "sample", build)
    return Built(folder / "site", folder / "public")


@pytest.fixture(scope="session")
def sample_next_night(tmp_path_factory, sample_build) -> Built:
    """The sample built again the next night (NEXT_NIGHT), over a copy of `sample_build`'s
    site and cache, as the nightly build makes it: to read from only."""
    def build(folder: Path) -> None:
        built = copy_built(sample_build, folder)
        assert run_build(built.source, built.out, as_of=NEXT_NIGHT) == 0
    folder = made_once(tmp_path_factory, "sample-next-night", build)
    return Built(folder / "site", folder / "public")


@pytest.fixture(scope="session")
def sample_site(sample_build) -> Path:
    """What the sample built once as of SAMPLE_AS_OF published: to read from only."""
    return sample_build.out


@pytest.fixture
def built(sample_build, tmp_path) -> Built:
    """A copy of the sample as the run's build of it (in two processes, as of SAMPLE_AS_OF)
    left it, to build again: its source with the cache, and its site."""
    return copy_built(sample_build, tmp_path)


def copy_built(built: Built, dest: Path) -> Built:
    """A copy of a site built before, that a test may change and build again, as the next
    build of it: its source and cache, and its published files with their times."""
    return Built(copy_sample(dest / "site", built.cache), shutil.copytree(built.out, dest / "public"))


# --------------------------------------------------------------------------- a real browser
def chromium_path() -> str:
    """Debian's Chromium in its headless build (package chromium-headless-shell, from the
    same source and version as the browser): its engine, Blink and V8, without the
    browser's own layer (window, GPU process, profile), at about three fifths of the CPU.
    Lighthouse (`make audit`) runs the full browser."""
    path = shutil.which("chromium-headless-shell")
    assert path, "Chromium is missing: `make test` installs Debian's chromium-headless-shell package"
    return path


@contextlib.contextmanager
def serving(folder: Path):
    """A built site served on 127.0.0.1, as a static host would: its address."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(sample_site):
    with serving(sample_site) as url:
        yield url


MOSCOW = ZoneInfo("Europe/Moscow")


def build_day(as_of: str) -> dt.datetime:
    """Noon in Moscow on the day a site was built: the moment its pages are looked at."""
    return dt.datetime.combine(dt.date.fromisoformat(as_of), dt.time(12), MOSCOW)


LOCAL = "http://127.0.0.1:"                            # where `serving` serves a site
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}     # Playwright's, when a context names none


class Chromium:
    """The session's Chromium. A page's counter ticks on the visitor's clock, so each new
    context's clock starts at noon on the day the pages it opens were built (`as_of`:
    SAMPLE_AS_OF for `site_url`), whatever the machine's date; a test of the clock itself
    passes `as_of=None` and sets the clock as it needs."""

    def __init__(self, browser):
        self.browser = browser
        self.opened: list = []
        self.kept: dict[tuple, list] = {}
        self.lent: list = []

    def new_context(self, *, as_of: str | None = SAMPLE_AS_OF, **options):
        context = self.browser.new_context(**options)
        self.opened.append(context)
        if as_of is not None:
            context.clock.install(time=build_day(as_of))
        return context

    def close_contexts(self) -> None:
        """Every context opened since the last call closed (`closed_contexts`, as each test
        ends): a page left open keeps its own process and timers. A kept page is put back
        as it was lent: on no page, at its own size and media."""
        for context in self.opened:
            context.close()
        self.opened.clear()
        for page in self.lent:
            page.goto("about:blank")
            page.set_viewport_size(page.options.get("viewport", DEFAULT_VIEWPORT))
            page.emulate_media(media="screen", color_scheme=page.options.get("color_scheme", "light"))
        self.lent.clear()

    def kept_page(self, *, as_of: str = SAMPLE_AS_OF, **options):
        """A page for a test that opens pages and reads them: one page for each set of
        options (and build day), kept open for the whole run and lent to one test at a
        time. A new context starts a renderer process, about three times the CPU and
        wall time of a navigation in a page already open. For each test its `errors`
        (console errors, uncaught exceptions, content security policy violations) and
        `elsewhere` (every address asked for off the test servers' 127.0.0.1) start
        empty; a test that changes its viewport or media has them put back as it ends
        (`close_contexts`). A test of the clock, or of anything a context holds
        (permissions, storage), opens a context of its own."""
        key = (as_of, tuple(sorted((name, repr(value)) for name, value in options.items())))
        kept = self.kept.setdefault(key, [])
        page = next((page for page in kept if page not in self.lent and not page.is_closed()), None)
        if page is None:                      # a test may hold two pages of the same options
            context = self.browser.new_context(**options)
            context.clock.install(time=build_day(as_of))
            page = context.new_page()
            page.options, page.errors, page.elsewhere = options, [], []
            page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("request", lambda r: None if r.url.startswith(LOCAL) else page.elsewhere.append(r.url))
            page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                                 "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
            kept.append(page)
        page.errors.clear()
        page.elsewhere.clear()
        self.lent.append(page)
        return page

    def new_page(self, *, as_of: str | None = SAMPLE_AS_OF, **options):
        """A page in a context of its own (closed with the browser)."""
        return self.new_context(as_of=as_of, **options).new_page()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            # every page comes from the one local server: no process a site (a sixth less CPU)
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-features=site-per-process", "--disable-component-update", "--disable-sync",
                  "--no-first-run"])
        yield Chromium(browser)
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def one_process_a_build():
    """A build or check a test makes uses one process unless the test says `--jobs`: the run
    has a test process a core already (pytest-xdist), and workers forked beside them only
    add the cost of forking to a machine that is busy. The tests of parallel work pass
    `--jobs 2` (`sample_build` is made so)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vigil.cli, "default_jobs", lambda: 1)
        yield


@pytest.fixture(autouse=True)
def closed_contexts(request):
    """The pages a test opened are closed as it ends."""
    yield
    if "browser" in request.fixturenames:
        request.getfixturevalue("browser").close_contexts()


# --------------------------------------------------------------------------- the folders
KINDS = ("unit", "site", "browser", "standards", "bench")      # tests/README.md says which is which


def pytest_collection_modifyitems(items):
    """Each test is marked with its folder's kind (`-m "not browser"`, `-m unit`)."""
    tests = Path(__file__).resolve().parent
    for item in items:
        kind = item.path.relative_to(tests).parts[0]
        if kind in KINDS:
            item.add_marker(kind)


# --------------------------------------------------------------------------- hermetic runs
def repository_state() -> tuple:
    """What a test run must leave as it found it: git's view of the work tree, and every
    file (ignored ones too) under the project's cache and the test fixtures."""
    status = subprocess.run(["git", "status", "--porcelain"], cwd=PROJECT, capture_output=True,
                            text=True).stdout
    watched = [PROJECT / ".cache", FIXTURES]
    files = sorted((str(f.relative_to(PROJECT)), f.stat().st_size, f.stat().st_mtime_ns)
                   for folder in watched if folder.exists() for f in folder.rglob("*"))
    return status, files


MEMORY = Path("/dev/shm")              # a tmpfs on Linux: files in memory


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """The temporary folders of a run in memory, where the machine has a tmpfs: a run
    writes some hundred thousand small files (a few hundred sites), and on a disk, making
    and removing them took minutes of the run. (A folder given with --basetemp is kept.)"""
    if config.option.basetemp is None and not hasattr(config, "workerinput") \
            and MEMORY.is_dir() and os.access(MEMORY, os.W_OK):
        config.option.basetemp = str(MEMORY / f"vigil-tests-{os.getuid()}-{checkout_name()}")
        config.stash[IN_MEMORY] = True


def checkout_name() -> str:
    """A name for this checkout of the project: two checkouts' runs never share a folder."""
    return hashlib.sha256(str(PROJECT).encode()).hexdigest()[:12]


def pytest_unconfigure(config):
    """A run that passed leaves nothing in memory (one that failed keeps its folders to
    look at, until the next run)."""
    if config.stash.get(IN_MEMORY, False) and config.stash.get(PASSED, False):
        shutil.rmtree(config.option.basetemp, ignore_errors=True)


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):       # the controller, with or without workers
        session.config.stash[REPOSITORY] = repository_state()


def pytest_sessionfinish(session, exitstatus):
    session.config.stash[PASSED] = exitstatus == 0
    before = session.config.stash.get(REPOSITORY, None)
    if before is None:
        return
    after = repository_state()
    if after != before:
        changed = sorted(set(after[1]) ^ set(before[1]))
        session.config.get_terminal_writer().line(
            "The tests changed the repository (they must build copies in temporary folders):\n"
            + (after[0] if after[0] != before[0] else "")
            + "\n".join(f"  {path}" for path, _, _ in changed[:20]), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


REPOSITORY = pytest.StashKey[tuple]()
IN_MEMORY = pytest.StashKey[bool]()
PASSED = pytest.StashKey[bool]()
