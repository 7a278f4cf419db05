#!/usr/bin/env python3
"""Benchmark the build at scale against the python floor, in one run, alternating.

    python bench/bench.py [--prisoners 10000] [--news 2000] [--runs 3] [--languages en,ru,uk]

The corpus comes from bench/corpus.py (or --generator PATH): seeded, made-up records in
this project's format, with a data/site.yaml added here. The python floor,
bench/floor/build.py (or --floor PATH), is the simplest honest single-process Python
build of the same pages from the same files; the ratio of the best runs is what to read,
since noise on these machines only ever adds time.

Where the peers' shared benchmark material lies beside the project (../shared/bench/,
or --shared DIR; --no-shared skips it), its floor is measured too, on its own generator's
corpus of the same size: the row "python floor (shared)", the yardstick the peers quote,
and a line with the engine's ratios to it; and, with Hugo installed, its Hugo layout
(the row "Hugo then Pagefind (shared)").

Measured, each in a fresh process tree, alternating with the floor:
- cold: empty cache, empty output folder;
- warm: the cache and the output of the run before kept, --as-of moved on by a day (the
  nightly build);
- with --languages, the same for the other languages too.
For each: wall time (best, median), ratio of the best to the floor's best, the peak
memory of the largest process and of the whole process tree, and the files written.
Then how long `serve` takes from an edit to the rebuilt site, and the CPU it takes while
nothing changes (bench/serve_latency.py).

The peer, Hugo then Pagefind over its pages (bench/peer.py, bench/hugo-site/), is measured
on the same corpus, alternating with the others, where `make bench` has installed it
(requirements/bench.txt). Last, each target of issue 19 with its measured ratio or figure
and whether it is met.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peer

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared" / "bench"
GENERATOR = PROJECT / "bench" / "corpus.py"
FLOOR = PROJECT / "bench" / "floor" / "build.py"
AS_OF = dt.date(2026, 11, 1)          # the generator's dates all lie before this day
SITE_YAML = """\
title: Benchmark coalition
purpose: A generated site for measuring the build.
base_url: https://bench.example/
timezone: Europe/Moscow
headline:
  figure: 1262
  text: recognised political prisoners
  date: 2025-12-31
  source: {title: Memorial, url: "https://memopzk.org/"}
# The floor makes the same pages and no share card: bench/cards.py measures those.
share_cards: false
"""
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    seconds: float
    largest_mib: float          # the largest single process (resident set at its peak, as the
                                # kernel counted it, and as watched: the indexer included)
    tree_mib: float             # all processes of the tree together, at their peak: the
                                # sum of their proportional sets, so that pages forked
                                # workers share with their parent count once
    files: int


def tree_rss(root: int) -> tuple[int, int]:
    """(largest resident set, sum of proportional sets) of `root` and all its
    descendants, now, in bytes."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    sizes, shares = [], []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as f:
                sizes.append(int(f.read().split()[1]) * PAGE_SIZE)
            with open(f"/proc/{pid}/smaps_rollup") as f:
                shares += [int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:")]
        except OSError:
            pass
    return (max(sizes, default=0), sum(shares))


def measure(cmd: list[str], out: Path) -> Run:
    """Run `cmd` once, watching its process tree's memory every 20 ms. The largest process
    is also the kernel's count (wait4's maximum resident set of the command and of every
    process it waited for, Pagefind's too), which no short peak escapes."""
    peak = [0, 0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def watch():
        while not done.is_set():
            largest, total = tree_rss(proc.pid)
            peak[0], peak[1] = max(peak[0], largest), max(peak[1], total)
            done.wait(0.02)
    watcher = threading.Thread(target=watch)
    watcher.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    watcher.join()
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n" + "\n".join(err.splitlines()[-20:]))
    files = sum(1 for p in out.rglob("*") if p.is_file()) if out.is_dir() else 0
    largest = max(peak[0], usage.ru_maxrss * 1024)       # Linux counts it in KiB
    return Run(seconds, largest / 2**20, peak[1] / 2**20, files)


def written_since(out: Path, moment: float) -> int:
    return sum(1 for p in out.rglob("*") if p.is_file() and p.stat().st_mtime >= moment)


def generate(generator: Path, folder: Path, prisoners: int, news: int, languages: list[str]) -> Path:
    """A corpus in this project's format, which the engine and the floor both read."""
    subprocess.run([sys.executable, str(generator), str(folder), "--prisoners", str(prisoners),
                    "--news", str(news)], check=True, stdout=subprocess.DEVNULL)
    (folder / "data" / "site.yaml").write_text(SITE_YAML + f"languages: [{', '.join(languages)}]\n",
                                               encoding="utf-8")
    return folder


def shared_floor(shared: Path, work: Path, prisoners: int, news: int) -> list[str]:
    """The command that builds the shared generator's corpus (in its own layout) with the
    shared floor."""
    corpus = work / "corpus-shared"
    subprocess.run([sys.executable, str(shared / "gen_corpus.py"), str(corpus), "--prisoners", str(prisoners),
                    "--news", str(news)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [sys.executable, str(shared / "floor" / "build.py"), str(corpus), str(work / "shared-out")]


@dataclass(frozen=True)
class Target:
    """One of issue 19's targets, and what this run measured of it (None: not measured)."""
    name: str
    measured: float | None
    goal: float
    unit: str                   # "x" (a ratio), "MB", "s" or "%" (of a core)
    under: bool = False         # the figure must stay under the goal, not merely reach it

    @property
    def met(self) -> bool | None:
        if self.measured is None:
            return None
        return self.measured < self.goal if self.under else self.measured <= self.goal


def figure(value: float, unit: str) -> str:
    return {"x": f"{value:.2f}x", "MB": f"{value:.0f} MB", "s": f"{value:.2f} s",
            "%": f"{value:.2f}% of a core"}[unit]


def target_row(target: Target) -> str:
    measured = "not measured" if target.measured is None else figure(target.measured, target.unit)
    goal = ("under " if target.under else "at most ") + figure(target.goal, target.unit)
    met = {True: "met", False: "MISSED", None: "not measured"}[target.met]
    return f"| {target.name} | {measured} | {goal} | {met} |"


SERVE_FIGURES = {
    "idle": re.compile(r"^serve, idle: ([\d.]+)% of a core", re.M),
    "post": re.compile(r"^serve, an edited post, from the write to the site on disk: median ([\d.]+) s", re.M),
    "record": re.compile(r"^serve, an edited prisoner record, from the write to the site on disk: "
                         r"median ([\d.]+) s", re.M),
}


def serve_figures(report: str) -> dict[str, float]:
    """The figures of bench/serve_latency.py's report that the targets need."""
    return {name: float(found[1]) for name, pattern in SERVE_FIGURES.items()
            if (found := pattern.search(report))}


def best(runs: list[Run]) -> float | None:
    return min(r.seconds for r in runs) if runs else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


def issue_targets(floor: list[Run], peer_runs: list[Run], cold: list[Run], warm: list[Run],
                  three: list[Run], serve: dict[str, float]) -> list[Target]:
    """Issue 19's targets, from this run's measurements."""
    ours = cold + warm + three
    largest = max(r.largest_mib for r in ours) * 2**20 / 1e6 if ours else None
    return [
        Target("cold, one language, with its search index / Hugo then Pagefind",
               ratio(best(cold), best(peer_runs)), 1.0, "x"),
        Target("warm (next day) / python floor", ratio(best(warm), best(floor)), 0.3, "x"),
        Target("three languages / one (cold)", ratio(best(three), best(cold)), 2.0, "x"),
        Target("largest process, the indexer included", largest, 600, "MB", under=True),
        Target("serve, an edited post on disk", serve.get("post"), 0.3, "s"),
        Target("serve, an edited record on disk", serve.get("record"), 1.0, "s"),
        Target("serve, idle", serve.get("idle"), 1.0, "%", under=True),
    ]


def shared_peer(shared: Path, work: Path, programs: tuple[Path, Path]) -> tuple[list[str], Path, Path] | None:
    """The command that runs Hugo then Pagefind over the shared corpus in the shared Hugo
    layout (laid out here, untimed, by its own build.sh), where the shared material has it."""
    script = shared / "hugo" / "build.sh"
    if not script.is_file():
        return None
    project, out = work / "hugo-shared", work / "hugo-shared-out"
    subprocess.run(["bash", str(script), str(work / "corpus-shared"), str(project), str(out),
                    *map(str, programs), "--prepare-only"], check=True, stdout=subprocess.DEVNULL)
    return peer.command(project, out, AS_OF, *programs), project, out


def row(name: str, runs: list[Run], floor_best: float | None, extra: str = "") -> str:
    times = [r.seconds for r in runs]
    ratio = f"{min(times) / floor_best:.2f}" if floor_best else "1.00"
    return (f"| {name} | {min(times):.2f} | {statistics.median(times):.2f} | {ratio} | "
            f"{max(r.largest_mib for r in runs):.0f} | {max(r.tree_mib for r in runs):.0f} | "
            f"{runs[-1].files}{extra} |")


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prisoners", type=int, default=10_000)
    ap.add_argument("--news", type=int, default=2_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--languages", default="en,ru,uk",
                    help="also measure a site in these languages (default first); 'en' alone skips it")
    ap.add_argument("--generator", type=Path, default=GENERATOR,
                    help="writes a corpus in this project's format: GENERATOR DIR --prisoners N --news M")
    ap.add_argument("--floor", type=Path, default=FLOOR,
                    help="builds it: FLOOR SRC OUT --as-of YYYY-MM-DD")
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the peers' benchmark material, measured too where it exists")
    ap.add_argument("--no-shared", action="store_true", help="leave the shared floor out")
    ap.add_argument("--no-peer", action="store_true", help="leave Hugo then Pagefind out")
    ap.add_argument("--idle", type=float, default=10.0, help="seconds over which serve's idle CPU is measured")
    return ap.parse_args(argv)


def peer_programs() -> tuple[Path, Path] | None:
    """Hugo and Pagefind, where both are installed."""
    sys.path.insert(0, str(PROJECT))
    from vigil.features.search import pagefind_program
    hugo, pagefind = peer.hugo_program(), pagefind_program()
    return (hugo, pagefind) if hugo and pagefind else None


def main() -> int:
    args = arguments()
    for tool in (args.generator, args.floor):
        if not tool.is_file():
            print(f"bench: {tool} is missing; pass --generator and --floor", file=sys.stderr)
            return 2
    shared = None if args.no_shared or not (args.shared / "floor" / "build.py").is_file() else args.shared
    programs = None if args.no_peer else peer_programs()
    work = Path(tempfile.mkdtemp(prefix="vigil-bench-"))
    try:
        ours = generate(args.generator, work / "corpus", args.prisoners, args.news, ["en"])
        out, cache, floor_out = work / "public", work / "cache", work / "floor-out"
        build = [sys.executable, str(PROJECT / "build.py"), "build", "--source", str(ours),
                 "--out", str(out), "--cache", str(cache)]
        floor_cmd = [sys.executable, str(args.floor), str(ours), str(floor_out), "--as-of", AS_OF.isoformat()]
        shared_cmd = shared_floor(shared, work, args.prisoners, args.news) if shared else None
        peer_project, peer_out = work / "hugo", work / "hugo-out"
        if programs:
            peer.lay_out(ours, peer_project)
            peer_cmd = peer.command(peer_project, peer_out, AS_OF, *programs)
        shared_hugo = shared_peer(shared, work, programs) if shared_cmd and programs else None
        floor_runs, shared_runs, peer_runs, cold, warm, warm_written = [], [], [], [], [], []
        shared_peer_runs = []
        for _ in range(args.runs):
            shutil.rmtree(floor_out, ignore_errors=True)
            floor_runs.append(measure(floor_cmd, floor_out))
            if shared_cmd:
                shutil.rmtree(shared_cmd[-1], ignore_errors=True)
                shared_runs.append(measure(shared_cmd, Path(shared_cmd[-1])))
            if programs:
                shutil.rmtree(peer_out, ignore_errors=True)
                shutil.rmtree(peer_project / ".hugo_cache", ignore_errors=True)
                peer_runs.append(measure(peer_cmd, peer_out))
            if shared_hugo:
                shared_hugo_cmd, project, shared_out = shared_hugo
                shutil.rmtree(shared_out, ignore_errors=True)
                shutil.rmtree(project / ".hugo_cache", ignore_errors=True)
                shared_peer_runs.append(measure(shared_hugo_cmd, shared_out))
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(measure([*build, "--as-of", AS_OF.isoformat()], out))
            moment = time.time() - 1
            warm.append(measure([*build, "--as-of", (AS_OF + dt.timedelta(days=1)).isoformat()], out))
            warm_written.append(written_since(out, moment))
        best_floor = min(r.seconds for r in floor_runs)
        print(f"{args.prisoners} prisoners, {args.news} posts; {args.runs} runs each, alternating; "
              f"{os.cpu_count()} cores")
        print()
        print("| build | best s | median s | best / floor's best | largest process MiB | "
              "process tree MiB | files |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        print(row("python floor", floor_runs, None))
        if shared_runs:
            print(row("python floor (shared)", shared_runs, best_floor))
        if peer_runs:
            print(row("Hugo then Pagefind", peer_runs, best_floor))
        if shared_peer_runs:
            print(row("Hugo then Pagefind (shared)", shared_peer_runs, best_floor))
        print(row("vigil, cold", cold, best_floor))
        print(row("vigil, warm (next day)", warm, best_floor,
                  f" ({min(warm_written)} written)"))
        print()
        if not programs and not args.no_peer:
            print("Hugo then Pagefind: not measured, Hugo is not installed (`make bench` installs "
                  "requirements/bench.txt)")
            print()
        if shared_runs:
            best_shared = min(r.seconds for r in shared_runs)
            print(f"Against the shared floor's best ({best_shared:.2f} s, on the shared generator's "
                  f"corpus of the same size): vigil, cold {min(r.seconds for r in cold) / best_shared:.2f}; "
                  f"vigil, warm (next day) {min(r.seconds for r in warm) / best_shared:.2f}")
            print()
        latency = subprocess.run([sys.executable, str(PROJECT / "bench" / "serve_latency.py"), str(ours),
                                  "--as-of", AS_OF.isoformat(), "--runs", str(args.runs),
                                  "--idle", str(args.idle)],
                                 capture_output=True, text=True)
        if latency.returncode != 0:
            sys.exit("bench: serve_latency.py failed:\n" + latency.stderr[-2000:] + latency.stdout[-2000:])
        print(latency.stdout, end="")
        print()
        languages = args.languages.split(",")
        runs3 = []
        if len(languages) > 1:
            many = generate(args.generator, work / "many", args.prisoners, args.news, languages)
            out3, cache3 = work / "public3", work / "cache3"
            build3 = [sys.executable, str(PROJECT / "build.py"), "build", "--source", str(many),
                      "--out", str(out3), "--cache", str(cache3), "--as-of", AS_OF.isoformat()]
            for _ in range(args.runs):
                shutil.rmtree(out3, ignore_errors=True)
                shutil.rmtree(cache3, ignore_errors=True)
                runs3.append(measure(build3, out3))
            best_one = min(r.seconds for r in cold)
            print(row(f"vigil, cold, [{', '.join(languages)}]", runs3, best_floor,
                      f" ({min(r.seconds for r in runs3) / best_one:.2f}x one language)"))
            print()
        print("Issue 19's targets, in this run:")
        print()
        print("| target | measured | goal | |")
        print("| --- | ---: | ---: | --- |")
        for target in issue_targets(floor_runs, peer_runs, cold, warm,
                                    runs3 if len(languages) == 3 else [], serve_figures(latency.stdout)):
            print(target_row(target))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
