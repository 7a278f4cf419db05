#!/usr/bin/env python3
"""How long `serve` takes to have an edit's pages ready: it keeps the last build's model
and makes again only the pages a change touches. On a copy of SITE:

    python bench/serve_latency.py SITE --as-of YYYY-MM-DD [--runs 3] [--idle 10]

prints the median seconds from the edit to the rebuilt site for an edited post, an
edited prisoner record and an edited template (the browser reloads right after), the
rebuild alone, in this process. Then it starts `build.py serve` itself on another copy and
prints the CPU it takes while nothing changes (of every process of its tree, from
/proc/PID/stat, over --idle seconds), and the seconds from writing an edited post or record
to serve saying the site on disk is made again: the rebuild with the time to notice the
edit."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from vigil.base.parallel import default_jobs  # noqa: E402
from vigil.build.options import BuildOptions  # noqa: E402
from vigil.build.pipeline import Folders, build  # noqa: E402
from vigil.build.session import Session  # noqa: E402
from vigil.serve import settle_memory  # noqa: E402


def edit_post(site: Path, n: int) -> None:
    post = sorted((site / "content" / "news").glob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + f"\nEdited {n}.\n", encoding="utf-8")


def edit_record(site: Path, n: int) -> None:
    """A word added to the first record's summary."""
    records = site / "data" / "prisoners.yaml"
    text = records.read_text(encoding="utf-8")
    at = text.index("\n  summary: |\n") + len("\n  summary: |\n")
    at = text.index("\n", at)
    records.write_text(text[:at] + f" Edited {n}." + text[at:], encoding="utf-8")


def edit_template(site: Path, n: int) -> None:
    (site / "templates").mkdir(exist_ok=True)
    page = (PROJECT / "templates" / "page.html").read_text(encoding="utf-8")
    (site / "templates" / "page.html").write_text(page + f"{{# edited {n} #}}\n", encoding="utf-8")


TICKS = os.sysconf("SC_CLK_TCK")
BUILT = re.compile(r"^Built \d+ pages .* in ([\d.]+) s")   # serve's line once the site on disk is made


def cpu_seconds(stat: str, children: bool) -> float:
    """User and system CPU seconds of a /proc/PID/stat line (with those of its children that
    have ended, if `children`). The command's name, in parentheses, may hold spaces."""
    fields = stat.rsplit(")", 1)[1].split()
    # fields[0] is the state, the 3rd field of the line: utime is the 14th, stime the 15th,
    # cutime and cstime the 16th and 17th
    ticks = sum(int(f) for f in fields[11:15 if children else 13])
    return ticks / TICKS


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of `root` and its living descendants, and of those that have ended."""
    total, todo, first = 0.0, [root], True
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/stat") as f:
                total += cpu_seconds(f.read(), children=first)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
        first = False
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """`build.py serve` on `site`, its lines read as they come, each with the moment it came."""

    def __init__(self, site: Path, cache: Path, as_of: dt.date):
        self.process = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--source", str(site), "--cache", str(cache),
             "--as-of", as_of.isoformat(), "--port", str(free_port())],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line))

    def next_build(self, seconds: float) -> tuple[float, float]:
        """The moment serve next says the site is made, and the seconds it says the build
        took, waiting at most `seconds`."""
        deadline = time.perf_counter() + seconds
        while True:
            try:
                moment, line = self.lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                sys.exit(f"serve_latency: serve made no site within {seconds} s")
            if built := BUILT.match(line):
                return moment, float(built[1])
            if "problem" in line.lower() or "Traceback" in line:
                sys.exit(f"serve_latency: serve says: {line}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def measure_program(source: Path, work: Path, as_of: dt.date, runs: int, idle: float) -> list[str]:
    """serve's idle CPU, and the time from an edit written to its site made."""
    site = work / "program"
    for sub in ("data", "content"):
        shutil.copytree(source / sub, site / sub)
    serve = Serve(site, work / "program-cache", as_of)
    try:
        serve.next_build(1800)                   # the first build, cold
        time.sleep(2)                            # settled
        before = tree_cpu_seconds(serve.process.pid)
        time.sleep(idle)
        used = tree_cpu_seconds(serve.process.pid) - before
        lines = [f"serve, idle: {100 * used / idle:.2f}% of a core ({used:.2f} s of CPU in {idle:g} s)"]
        for name, edit in (("an edited post", edit_post), ("an edited prisoner record", edit_record)):
            times, noticed = [], []
            for n in range(runs):
                written = time.perf_counter()
                edit(site, n)
                moment, building = serve.next_build(600)
                times.append(moment - written)
                noticed.append(moment - written - building)
                time.sleep(0.5)                  # a maintainer's pause between saves
            lines.append(f"serve, {name}, from the write to the site on disk: median "
                         f"{statistics.median(times):.2f} s (best {min(times):.2f} s; the rest "
                         f"besides the build: median {statistics.median(noticed):.2f} s)")
        return lines
    finally:
        serve.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--idle", type=float, default=10.0, help="seconds to measure serve's idle CPU over")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vigil-serve-"))
    try:
        site = work / "site"
        for sub in ("data", "content"):
            shutil.copytree(args.site / sub, site / sub)
        folders, out = Folders(site, work / "cache"), work / "serve"
        session = Session()                            # one for every build, as serve has
        jobs = default_jobs()
        previous = build(folders, out, BuildOptions(args.as_of, dev=True, jobs=jobs), session=session).previous
        settle_memory()                                # as serve does after each build, waiting
        for name, edit in (("an edited post", edit_post), ("an edited prisoner record", edit_record),
                           ("an edited template", edit_template)):
            times, rendered = [], 0
            for n in range(args.runs):
                edit(site, n)
                start = time.perf_counter()
                result = build(folders, out, BuildOptions(args.as_of, dev=True, jobs=jobs), previous=previous,
                               session=session)
                times.append(time.perf_counter() - start)
                previous, rendered = result.previous, result.rendered
                settle_memory()
            print(f"serve, {name}: median {statistics.median(times):.2f} s "
                  f"(best {min(times):.2f} s; {rendered} of {result.pages} pages made again)", flush=True)
        for line in measure_program(args.site, work, args.as_of, args.runs, args.idle):
            print(line, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
