#!/usr/bin/env python3
"""Benchmark a build at scale: time and peak memory of `build.py` on a generated site.

    python bench/bench.py [--prisoners 10000] [--news 2000] [--runs 3] [--languages en,ru,uk]

The corpus comes from the shared generator (../shared/bench/gen_corpus.py beside the
project, or --generator PATH), in our data format, with a data/site.yaml added here.
Its texts are in English only, so with more languages every other language's pages fall
back to English (the slowest case: every fallback is marked, and `check` lists each gap).
Each run is a fresh process; peak memory is the child's maximum resident set size.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GENERATOR = PROJECT.parent / "shared" / "bench" / "gen_corpus.py"
AS_OF = "2026-11-01"          # the generator's dates all lie before this day
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
"""


def run_once(cmd: list[str]) -> tuple[float, int]:
    """(seconds, peak resident memory in MiB) of one run of `cmd` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n" + "\n".join(done.stderr.splitlines()[-20:]))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) // 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prisoners", type=int, default=10_000)
    ap.add_argument("--news", type=int, default=2_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--generator", type=Path, default=GENERATOR)
    ap.add_argument("--languages", default="en", help="the site's languages, default first: en,ru,uk")
    args = ap.parse_args()
    if not args.generator.is_file():
        print(f"bench: the corpus generator is not at {args.generator}; pass --generator", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="vigil-bench-"))
    try:
        corpus = work / "corpus"
        subprocess.run([sys.executable, str(args.generator), str(corpus), "--format", "project",
                        "--prisoners", str(args.prisoners), "--news", str(args.news)],
                       check=True, stdout=subprocess.DEVNULL)
        languages = ", ".join(args.languages.split(","))
        (corpus / "data" / "site.yaml").write_text(SITE_YAML + f"languages: [{languages}]\n",
                                                   encoding="utf-8")
        build = [sys.executable, str(PROJECT / "build.py"), "--source", str(corpus),
                 "--as-of", AS_OF]
        for name, cmd in [("check", [*build[:2], "check", *build[2:]]),
                          ("build", [*build, "--out", str(work / "public")])]:
            results = [run_once(cmd) for _ in range(args.runs)]
            times = [t for t, _ in results]
            print(f"{name}: {args.prisoners} prisoners, {args.news} posts, [{languages}]: "
                  f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}) "
                  f"over {args.runs} runs; peak memory {max(m for _, m in results)} MiB")
        files = sum(1 for p in (work / "public").rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in (work / "public").rglob("*") if p.is_file())
        print(f"output: {files} files, {size / 2**20:.1f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
