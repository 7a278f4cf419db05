"""`make bench` works: at a tiny size, it builds the generated corpus with the project and
with the python floor, and prints the table the README quotes. (It asserts no timing.)"""
from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT


def test_the_benchmark_prints_its_table_for_the_project_and_the_floor():
    run = subprocess.run([sys.executable, str(PROJECT / "bench" / "bench.py"), "--prisoners", "60",
                          "--news", "12", "--runs", "1", "--languages", "en,ru"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| build | best s | median s | best / floor's best |")
    names = [row.split(" | ")[0].lstrip("| ") for row in rows[2:]]
    assert names == ["python floor", "vigil, cold", "vigil, warm (next day)", "vigil, cold, [en, ru]"]
    assert [line.split(":")[0] for line in run.stdout.splitlines() if line.startswith("serve, ")] == [
        "serve, an edited post", "serve, an edited prisoner record", "serve, an edited template"]
    floor, cold = rows[2].split(" | "), rows[3].split(" | ")
    assert floor[3] == "1.00" and float(cold[3]) > 0
    assert int(cold[6].rstrip(" |")) > 60                      # files written: every page
