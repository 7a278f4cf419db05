"""`build.py serve`: rebuilds on change, shows problems in the browser, keeps the last good site."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
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


def error_page_at(path: str, locale_dirs) -> tuple[str, str]:
    """(status, page) of the dev server's answer at `path` while the build fails."""
    from vigil.base.problems import Location, Problem
    from vigil.serve import ServeState, site_app
    state = ServeState(problems=[Problem(Location("data/prisoners.yaml", 30, 13),
                                         "'featured': write true or false, not 'yes'")])
    answer = {}
    app = site_app(PROJECT / "no-such-folder", state, locale_dirs)
    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"},
                        lambda status, headers: answer.update(status=status)))
    return answer["status"], body.decode("utf-8")


@pytest.mark.parametrize("path,lang,heading,advice", [
    ("/ru/prisoners/ivan-held/", "ru", "Сайт не удалось собрать заново",
     "Исправьте эти ошибки; когда они будут исправлены, страница обновится сама."),
    ("/uk/", "uk", "Сайт не вдалося зібрати заново",
     "Виправте ці помилки; коли їх буде виправлено, сторінка оновиться сама."),
    ("/prisoners/ivan-held/", "en", "The site could not be rebuilt",
     "Fix these problems; this page reloads by itself when they are fixed."),
    ("/news/", "en", "The site could not be rebuilt", "Fix these problems"),
    ("/be/", "en", "The site could not be rebuilt", "Fix these problems"),       # no catalog
    ("/../ru/", "en", "The site could not be rebuilt", "Fix these problems"),
])
def test_the_error_page_is_in_the_language_of_the_page_asked_for(path, lang, heading, advice):
    status, page = error_page_at(path, [PROJECT / "locales"])
    assert status == "500 Build problems"
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{heading}</h1>" in page and advice in page
    # the problem itself, as check prints it
    assert "<code>data/prisoners.yaml:30:13</code> &#x27;featured&#x27;: write true or false" in page


def test_the_error_page_takes_a_sites_own_catalog_first(tmp_path):
    own = tmp_path / "locales/ru/LC_MESSAGES/messages.po"
    own.parent.mkdir(parents=True)
    project = (PROJECT / "locales/ru/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    own.write_text(project.replace('msgstr "Сайт не удалось собрать заново"',
                                   'msgstr "Сайт пока не собран"'), encoding="utf-8")
    _, page = error_page_at("/ru/", [tmp_path / "locales", PROJECT / "locales"])
    assert "<h1>Сайт пока не собран</h1>" in page


# --------------------------------------------------------------------------- its own requests only
def test_serve_takes_requests_for_its_own_loopback_port_only():
    from vigil.serve import is_own_host, is_own_origin, refused
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000"):
        assert is_own_host(host, 8000)
    for host in ("evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "localhost.evil.example:8000",
                 "127.0.0.1:8000.evil.example", "", None, "0.0.0.0:8000", "127.0.0.2:8000"):
        assert not is_own_host(host, 8000), host
    assert is_own_host("localhost", 80) and not is_own_host("localhost", 8000)
    for origin in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", None):
        assert is_own_origin(origin, 8000)
    for origin in ("http://evil.example", "https://127.0.0.1:8000", "http://127.0.0.1:8001", "null",
                   "http://localhost:8000.evil.example", "file://"):
        assert not is_own_origin(origin, 8000), origin
    assert refused("127.0.0.1:8000", "http://evil.example", 8000)
    assert refused("evil.example:8000", None, 8000)
    assert not refused("localhost:8000", "http://localhost:8000", 8000)


def status_with(url: str, headers: dict) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def handshake(url: str, origin: str, host: str | None = None) -> int:
    """The status of a websocket handshake on /livereload (101: accepted)."""
    import http.client
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": origin}
    connection.putrequest("GET", "/livereload", skip_host=True)
    connection.putheader("Host", host or parts.netloc)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_serve_refuses_other_hosts_and_origins_and_accepts_its_own(server):
    _, _, url = server
    wait_for(url + "/", 200)
    port = url.rsplit(":", 1)[1]
    assert status_with(url + "/", {"Host": f"localhost:{port}"}) == 200
    assert status_with(url + "/", {"Host": f"evil.example:{port}"}) == 403          # DNS rebinding
    assert status_with(url + "/", {"Host": "127.0.0.1"}) == 403
    assert status_with(url + "/livereload.js", {"Host": f"evil.example:{port}"}) == 403
    assert status_with(url + "/", {"Origin": "http://evil.example"}) == 403
    assert status_with(url + "/forcereload?path=x", {}) != 200                        # no such address
    assert handshake(url, f"http://127.0.0.1:{port}") == 101
    assert handshake(url, f"http://localhost:{port}", host=f"localhost:{port}") == 101
    assert handshake(url, "http://evil.example") == 403
    assert handshake(url, f"http://127.0.0.1:{port}", host=f"evil.example:{port}") == 403


def test_the_reload_message_on_an_edit_carries_no_local_path(server):
    import asyncio
    import json

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    site, _, url = server
    wait_for(url + "/", 200)
    port = url.rsplit(":", 1)[1]
    draft = site / "content/news/2026-11-20-draft.md"

    async def message_after_an_edit() -> str:
        request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload",
                              headers={"Origin": f"http://127.0.0.1:{port}"})
        socket = await websocket_connect(request)
        await socket.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        assert "hello" in await socket.read_message()
        await socket.write_message(json.dumps({"command": "info", "url": url + "/", "plugins": {}}))
        await asyncio.sleep(0.5)           # the server has taken the info message
        draft.write_text(draft.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        found = await asyncio.wait_for(socket.read_message(), timeout=30)
        socket.close()
        return found

    # in a thread of its own: Playwright's sync API may hold an event loop in this one
    found = []
    thread = threading.Thread(target=lambda: found.append(asyncio.run(message_after_an_edit())))
    thread.start()
    thread.join(60)
    message = found[0]
    assert json.loads(message)["command"] == "reload"
    for leaked in (str(site), site.name, "content", "draft", ".md", "/tmp"):
        assert leaked not in message, message


def changes_seen(watcher, seconds: float = 10):
    """What the watcher's examine() returns once the kernel has told it of a change."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        changed, delay = watcher.examine()
        if changed:
            return changed, delay
        time.sleep(0.02)
    pytest.fail(f"no change seen within {seconds} s")


def start_watching(watcher):
    """livereload's start: on a running loop, as its server calls it."""
    import asyncio
    import threading

    async def start():
        return watcher.start(lambda: None)

    # in a thread of its own: where a browser test ran before, Playwright's loop runs in this one
    started = []
    thread = threading.Thread(target=lambda: started.append(asyncio.run(start())))
    thread.start()
    thread.join()
    assert started == [True]                                      # livereload does not poll


def test_the_reload_message_names_no_file_whatever_changed(tmp_path, monkeypatch):
    """What livereload would send: the path of the file the watcher saw change."""
    from livereload.handlers import LiveReloadHandler

    from vigil.serve import file_system_now, loopback_server
    drafts = tmp_path / "content" / "news"
    drafts.mkdir(parents=True)
    draft = drafts / "2026-12-01-secret-draft.md"
    draft.write_text("---\ntitle: X\n---\n", encoding="utf-8")
    server = loopback_server(lambda environ, start_response: [], 8000, file_system_now(tmp_path))
    made = []
    server.watcher.watch(str(tmp_path / "content"), lambda: made.append(1))
    server.watcher.begin()
    try:
        time.sleep(0.2)                                   # the kernel's watch is set
        assert server.watcher.examine() == (None, None)   # nothing changed, nothing made
        draft.write_text("---\ntitle: Y\n---\n", encoding="utf-8")
        changed, _ = changes_seen(server.watcher)
    finally:
        server.watcher.stop.set()
    assert made == [1] and changed == "*"

    sent = []

    class Browser:
        def write_message(self, message):
            sent.append(message)
    monkeypatch.setattr(LiveReloadHandler, "watcher", server.watcher)
    monkeypatch.setattr(LiveReloadHandler, "waiters", {Browser()})
    LiveReloadHandler.reload_waiters()
    assert sent and sent[0]["command"] == "reload"
    assert str(tmp_path) not in str(sent) and "secret-draft" not in str(sent)


def test_a_watcher_outside_the_watched_folders_sees_nothing(tmp_path):
    from vigil.serve import file_system_now, loopback_server
    (tmp_path / "content").mkdir()
    (tmp_path / "drafts").mkdir()
    server = loopback_server(lambda environ, start_response: [], 8000, file_system_now(tmp_path))
    made = []
    server.watcher.watch(str(tmp_path / "content"), lambda: made.append(1))
    server.watcher.begin()
    try:
        time.sleep(0.2)
        (tmp_path / "drafts/2026-12-01-elsewhere.md").write_text("x", encoding="utf-8")
        time.sleep(0.5)                                   # watchfiles reports about 50 ms after
        assert server.watcher.examine() == (None, None) and made == []
        (tmp_path / "content/2026-12-01-here.md").write_text("x", encoding="utf-8")
        assert changes_seen(server.watcher)[0] == "*" and made == [1]
    finally:
        server.watcher.stop.set()


def test_a_file_written_after_the_start_but_before_watching_is_seen_whatever_the_processs_clock_says(
        tmp_path, monkeypatch):
    """A file written while the first build ran, before livereload started, is a change:
    compared with the moment serve started by the file system's clock, so that a process
    clock set ahead (or a network drive's) hides no edit."""
    from vigil.serve import file_system_now, loopback_server
    started = file_system_now(tmp_path)
    monkeypatch.setattr(time, "time", lambda: started + 400 * 86_400)      # a year and more ahead
    server = loopback_server(lambda environ, start_response: [], 8000, started)
    (tmp_path / "content").mkdir()
    (tmp_path / "content/2026-12-01-new.md").write_text("---\ntitle: New\n---\n", encoding="utf-8")
    made = []
    server.watcher.watch(str(tmp_path / "content"), lambda: made.append(1))
    try:
        start_watching(server.watcher)
    finally:
        server.watcher.stop.set()
    assert server.watcher.examine() == ("*", None)
    assert made == [1]                                    # the site is made again
