"""Shared helpers: build a site into a temporary folder and read it as a visitor would."""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from vigil.cli import main

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = "2026-11-29"
SAMPLE_AS_OF = "2026-11-30"              # the sample data was last verified that day
# The sample site's pages in each language: 22 prisoners, 4 pages, 10 category lists (the
# categories someone has), and home, list, members, news, post, 404, statistics, the
# calendars page, search and "Write a letter".
SAMPLE_PAGES = 22 + 4 + 10 + 10


def run_build(source: Path, out: Path, *extra: str, as_of: str = AS_OF) -> int:
    """`python build.py --source SOURCE --out OUT --as-of AS_OF EXTRA...`; the exit code."""
    return main(["build", "--source", str(source), "--out", str(out), "--as-of", as_of, *extra],
                environ={})


def page(out: Path, url: str) -> str:
    """The HTML a visitor gets at `url` (a site path like /prisoners/)."""
    file = out / url.lstrip("/")
    if url.endswith("/"):
        file = file / "index.html"
    return file.read_text(encoding="utf-8")


def copy_site(name: str, dest: Path) -> Path:
    """A copy of a fixture site (or 'project' for the sample data) that a test may change."""
    if name == "project":
        for sub in ("data", "content"):
            shutil.copytree(PROJECT / sub, dest / sub)
    else:
        shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True)
    return dest


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the sample site's data and content that a test may change (its cache,
    .cache/, is its own)."""
    site = tmp_path / "site"
    for sub in ("data", "content"):
        shutil.copytree(PROJECT / sub, site / sub)
    return site


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site and its bytes, by path."""
    return {f.relative_to(folder).as_posix(): f.read_bytes()
            for f in sorted(folder.rglob("*")) if f.is_file()}


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The project's own sample data, built once as of 2026-11-30."""
    out = tmp_path_factory.mktemp("sample") / "public"
    assert run_build(PROJECT, out, as_of=SAMPLE_AS_OF) == 0
    return out


# --------------------------------------------------------------------------- a real browser
def chromium_path() -> str:
    path = shutil.which("chromium")
    assert path, "Chromium is missing: `make test` installs Debian's chromium package"
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


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()
