"""`build.py serve`: rebuilds on change, shows problems in the browser, keeps the last good site."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import AS_OF, PROJECT, copy_site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def wait_for(url: str, status: int, seconds: float = 20) -> str:
    """The page once it answers with `status`; fails after `seconds`."""
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            got, body = fetch(url)
            if got == status:
                return body
            last = got
        except (urllib.error.URLError, ConnectionError):
            last = "no answer"
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer {status} within {seconds} s (last: {last})")


@pytest.fixture
def server(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    out = tmp_path / "cache" / "serve"                  # serve's own folder, under the cache
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--source", str(site),
         "--cache", str(tmp_path / "cache"), "--as-of", AS_OF, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield site, out, f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_serve_rebuilds_and_shows_problems_until_they_are_fixed(server):
    site, out, url = server
    page = wait_for(url + "/prisoners/ivan-held/", 200)
    assert "2,515 days in custody" in page
    assert "livereload.js" in page                      # the browser reloads on change
    good = (out / "prisoners/ivan-held/index.html").read_bytes()

    data = site / "data/prisoners.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("featured: true", "featured: yes"),
                    encoding="utf-8")
    error = wait_for(url + "/prisoners/ivan-held/", 500)
    assert "data/prisoners.yaml:30:13" in error and "write true or false" in error
    assert (out / "prisoners/ivan-held/index.html").read_bytes() == good   # last good site kept
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', good.decode("utf-8"))[1]
    assert fetch(url + stylesheet)[0] == 200                             # assets still served

    data.write_text(data.read_text(encoding="utf-8").replace("featured: yes", "featured: true")
                    .replace("Ivan Held", "Ivan Held-Renamed"), encoding="utf-8")
    page = wait_for(url + "/prisoners/ivan-held/", 200)
    assert "Ivan Held-Renamed" in page


def test_serve_answers_404_with_the_sites_page(server):
    _, _, url = server
    wait_for(url + "/", 200)
    status, body = fetch(url + "/no/such/page/")
    assert status == 404 and "Page not found" in body
    assert fetch(url + "/../../etc/passwd")[0] == 404


def test_serve_never_writes_into_the_published_folder(server, capsys):
    """Its pages carry the live-reload script and no Content-Security-Policy: they live in
    serve's own folder, and serve takes no --out."""
    site, out, url = server
    assert "livereload.js" in wait_for(url + "/", 200)
    assert "Content-Security-Policy" not in (out / "index.html").read_text(encoding="utf-8")
    assert not (site / "public").exists() and not (site.parent / "public").exists()
    from vigil.cli import main
    with pytest.raises(SystemExit) as exit:
        main(["serve", "--source", str(site), "--out", str(site.parent / "public")], environ={})
    assert exit.value.code == 2
