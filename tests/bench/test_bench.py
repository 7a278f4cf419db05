"""`make bench` works from a bare clone: at a tiny size, it builds the generated corpus with
the project and with the python floor, and prints the table docs/development.md quotes. (It asserts
no timing.) The peers' shared floor is measured too only where ../shared/bench/ exists."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import PROJECT, bench_script

SHARED = (PROJECT.parent / "shared" / "bench" / "floor" / "build.py").is_file()
LEFT_ALONE = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "node_modules"}


def changed_since(moment: float) -> list[str]:
    """Files of the repository written since `moment`, besides Python's and git's own."""
    changed = []
    for folder, subfolders, files in os.walk(PROJECT):
        subfolders[:] = [name for name in subfolders if name not in LEFT_ALONE]
        changed += [os.path.relpath(os.path.join(folder, name), PROJECT) for name in files
                    if os.stat(os.path.join(folder, name)).st_mtime >= moment]
    return changed


def test_the_benchmark_needs_nothing_beside_the_repository():
    args = bench_script("bench/bench.py").arguments([])
    for tool in (args.generator, args.floor):
        assert tool.is_file() and tool.is_relative_to(PROJECT), tool
    assert (PROJECT / "bench" / "floor" / "templates" / "prisoner.html").is_file()


def test_the_benchmark_prints_its_table_for_the_project_and_the_floor():
    start = time.time() - 1
    run = subprocess.run([sys.executable, str(PROJECT / "bench" / "bench.py"), "--prisoners", "60",
                          "--news", "12", "--runs", "1", "--languages", "en,ru"],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| build | best s | median s | best / floor's best |")
    names = [row.split(" | ")[0].lstrip("| ") for row in rows[2:]]
    assert names == ["python floor", *(["python floor (shared)"] if SHARED else []),
                     "vigil, cold", "vigil, warm (next day)", "vigil, cold, [en, ru]"]
    assert [line.split(":")[0] for line in run.stdout.splitlines() if line.startswith("serve, ")] == [
        "serve, an edited post", "serve, an edited prisoner record", "serve, an edited template"]
    floor, cold = rows[2].split(" | "), rows[names.index("vigil, cold") + 2].split(" | ")
    assert floor[3] == "1.00" and float(cold[3]) > 0
    assert int(floor[6].rstrip(" |")) > 60 + 12                # the floor's pages: every profile and post
    assert int(cold[6].rstrip(" |")) > 60                      # files written: every page
    assert changed_since(start) == []
