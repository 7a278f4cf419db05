"""Lighthouse over every kind of page, in each language, on a phone and on a desktop.

Builds the sample site (data/, content/) as of today (or --as-of) into a temporary folder, serves it
on 127.0.0.1, runs Lighthouse (node_modules/, pinned in package-lock.json) with Debian's
Chromium on each page, prints a table of the four scores and every audit that kept a score
below 100, and exits 1 if any score is below 100:

    make audit
    .venv/bin/python scripts/audit.py --languages en --jobs 1 --reports "$(mktemp -d)"

Performance is scored with Lighthouse's simulated throttling (its default): the page's own
weight and order count, yet a busy machine still lengthens the main thread's tasks. A page
whose only shortfall is performance is therefore run again (--reruns), and the table marks
the score it kept with * and lists each run's.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
# One page of each kind: the profile with the most to show, the sample's news post.
KINDS = {
    "home": "",
    "list": "prisoners/",
    "profile": "prisoners/alexey-pichugin/",
    "post": "news/2019-02-21-coalition-launch/",
    "statistics": "statistics/",
    "calendars": "calendars/",
    "search": "search/",
    "members": "members/",
    "page": "about/",
}
LANGUAGES = {"en": "", "ru": "ru/", "uk": "uk/"}
FORM_FACTORS = ("mobile", "desktop")
# Audits that only inform, or that a person must judge, carry no score.
UNSCORED = {"notApplicable", "informative", "manual", "error"}


@dataclass(frozen=True)
class Target:
    kind: str
    language: str
    form_factor: str

    @property
    def path(self) -> str:
        return "/" + LANGUAGES[self.language] + KINDS[self.kind]

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.language}-{self.form_factor}"


@dataclass(frozen=True)
class Finding:
    """An audit of a category below 100 that did not pass."""
    category: str
    audit: str
    title: str
    score: float
    detail: str


@dataclass(frozen=True)
class Report:
    """One Lighthouse run of one page."""
    target: Target
    scores: dict[str, int]
    findings: tuple[Finding, ...]
    problem: str = ""
    warnings: str = ""

    @property
    def passed(self) -> bool:
        return not self.problem and all(self.scores.get(c) == 100 for c in CATEGORIES)

    @property
    def only_performance(self) -> bool:
        return not self.problem and all(self.scores.get(c) == 100 for c in CATEGORIES if c != "performance")


@dataclass(frozen=True)
class Outcome:
    """The report that counts for a page, and the performance score of every run."""
    report: Report
    performance_runs: tuple[int, ...]


def targets(kinds: Sequence[str], languages: Sequence[str], form_factors: Sequence[str]) -> list[Target]:
    return [Target(kind, language, form) for language in languages for kind in kinds for form in form_factors]


def item_detail(item: dict) -> str:
    """A failing element or resource, in one short line."""
    node = item.get("node") if isinstance(item.get("node"), dict) else None
    if node:
        return node.get("selector") or node.get("snippet") or ""
    for key in ("url", "source", "description", "label"):
        value = item.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, dict) and value.get("url"):
            return str(value["url"])
    return ""


def audit_detail(audit: dict, limit: int = 5) -> str:
    items = (audit.get("details") or {}).get("items") or []
    described = [d for d in (item_detail(i) for i in items if isinstance(i, dict)) if d]
    shown = "; ".join(described[:limit]) + (f"; and {len(described) - limit} more" if len(described) > limit else "")
    return " ".join(part for part in (audit.get("displayValue", ""), shown) if part)


def findings_of(lhr: dict, categories: Sequence[str]) -> tuple[Finding, ...]:
    """Every scored audit below 1 in the given categories."""
    found = []
    for category in categories:
        for ref in lhr["categories"][category]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if audit.get("scoreDisplayMode") in UNSCORED or audit.get("score") is None or audit["score"] >= 1:
                continue
            found.append(Finding(category, ref["id"], audit["title"], audit["score"], audit_detail(audit)))
    return tuple(found)


def report_of(target: Target, lhr: dict) -> Report:
    """The scores (0-100) and findings of a Lighthouse result (its JSON, read)."""
    if lhr.get("runtimeError"):
        return Report(target, {}, (), f"{lhr['runtimeError'].get('code')}: {lhr['runtimeError'].get('message')}")
    scores = {c: round(100 * (lhr["categories"][c]["score"] or 0)) for c in CATEGORIES}
    below = [c for c in CATEGORIES if scores[c] < 100]
    warnings = "; ".join(lhr.get("runWarnings") or [])
    return Report(target, scores, findings_of(lhr, below), warnings=warnings)


def lighthouse_command(url: str, form_factor: str, output: Path) -> list[str]:
    command = [str(LIGHTHOUSE), url, "--chrome-flags=--headless=new --no-sandbox",
               "--only-categories=" + ",".join(CATEGORIES), "--output=json", f"--output-path={output}",
               "--quiet"]
    return [*command, "--preset=desktop"] if form_factor == "desktop" else command


def run_lighthouse(target: Target, origin: str, reports: Path, attempt: int) -> Report:
    output = reports / f"{target.name}{'' if attempt == 1 else f'-run{attempt}'}.json"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH") or shutil.which("chromium") or "chromium"}
    done = subprocess.run(lighthouse_command(origin + target.path, target.form_factor, output),
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not output.is_file():
        return Report(target, {}, (), f"lighthouse exited {done.returncode}: {done.stderr.strip()[-800:]}")
    return report_of(target, json.loads(output.read_text(encoding="utf-8")))


def audit_page(target: Target, origin: str, reports: Path, reruns: int) -> Outcome:
    """A page's run; one whose only shortfall is performance runs again, and its best run
    counts. A shortfall elsewhere, in any run, is never run away from: that run counts."""
    runs = [run_lighthouse(target, origin, reports, 1)]
    while runs[-1].only_performance and runs[-1].scores["performance"] < 100 and len(runs) <= reruns:
        runs.append(run_lighthouse(target, origin, reports, len(runs) + 1))
    elsewhere = [r for r in runs if not r.only_performance]
    counted = elsewhere[0] if elsewhere else max(runs, key=lambda r: r.scores["performance"])
    return Outcome(counted, tuple(r.scores.get("performance", 0) for r in runs))


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".webmanifest": "application/manifest+json", ".ics": "text/calendar",
                      ".pf_meta": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[tuple[str, ThreadingHTTPServer]]:
    """A local server of `folder` (which it may fill after the port is known): its origin."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()


def build_site(out: Path, cache: Path, origin: str, as_of: str | None) -> None:
    """The sample built as of `as_of`; by default as of today in the site's time zone, as the
    nightly build makes it: a page built on another day rolls its counters on as it loads."""
    command = [sys.executable, "build.py", "build", "--out", str(out), "--cache", str(cache),
               *(["--as-of", as_of] if as_of else []), "--base-url", origin + "/"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"the build failed:\n{done.stdout}{done.stderr}")


def score_cell(outcome: Outcome | None, category: str) -> str:
    if outcome is None:
        return ""
    report = outcome.report
    if report.problem and not report.scores:
        return "error"
    score = str(report.scores[category])
    return score + "*" if category == "performance" and len(outcome.performance_runs) > 1 else score


def table(outcomes: dict[Target, Outcome], kinds: Sequence[str], languages: Sequence[str],
          form_factors: Sequence[str]) -> str:
    """The scores in Markdown: a row a page, the four categories of each form factor."""
    heads = [f"{form} {SHORT[c]}" for form in form_factors for c in CATEGORIES]
    lines = ["| page | lang | " + " | ".join(heads) + " |", "| --- | --- |" + " ---: |" * len(heads)]
    for language in languages:
        for kind in kinds:
            cells = [score_cell(outcomes.get(Target(kind, language, form)), c) for form in form_factors
                     for c in CATEGORIES]
            lines.append(f"| {kind} | {language} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def shortfalls(outcomes: dict[Target, Outcome]) -> list[str]:
    """Each page below 100 (or that failed to run), with the audits that cost it points."""
    lines = []
    for target, outcome in outcomes.items():
        report = outcome.report
        if len(outcome.performance_runs) > 1:
            lines.append(f"{target.path} ({target.form_factor}): performance ran {len(outcome.performance_runs)} "
                         f"times: {', '.join(map(str, outcome.performance_runs))}")
        if report.warnings:
            lines.append(f"{target.path} ({target.form_factor}): Lighthouse warned: {report.warnings}")
        if report.passed:
            continue
        if report.problem:
            lines.append(f"{target.path} ({target.form_factor}): {report.problem}")
        for finding in report.findings:
            lines.append(f"{target.path} ({target.form_factor}): {finding.category}: {finding.audit} "
                         f"({finding.score:.2f}) {finding.title}" + (f": {finding.detail}" if finding.detail else ""))
    return lines


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--as-of", help="the date the site is built for (default: today, in the site's time zone)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="which kinds of page, comma separated")
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="which languages, comma separated")
    parser.add_argument("--form-factors", default=",".join(FORM_FACTORS), help="mobile, desktop or both")
    parser.add_argument("--jobs", type=int, default=2, help="Lighthouse runs at a time (default 2)")
    parser.add_argument("--reruns", type=int, default=2,
                        help="how many more runs a page below 100 in performance alone gets (default 2)")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports in this folder")
    args = parser.parse_args(argv)
    for name, known in (("kinds", KINDS), ("languages", LANGUAGES), ("form_factors", FORM_FACTORS)):
        chosen = [v for v in getattr(args, name).split(",") if v]
        unknown = [v for v in chosen if v not in known]
        if unknown or not chosen:
            parser.error(f"--{name.replace('_', '-')}: choose among {', '.join(known)}")
        setattr(args, name, chosen)
    return args


def main(argv: Sequence[str]) -> int:
    args = arguments(argv)
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: `make audit` installs it (scripts/ensure-vnu.sh)")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="vigil-audit-") as temporary:
        folder = Path(temporary)
        reports = args.reports or folder / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        with serving(folder / "site") as (origin, _):
            build_site(folder / "site", folder / "cache", origin, args.as_of)
            pages = targets(args.kinds, args.languages, args.form_factors)
            with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                done = list(pool.map(lambda t: audit_page(t, origin, reports, args.reruns), pages))
    outcomes = {outcome.report.target: outcome for outcome in done}
    print(table(outcomes, args.kinds, args.languages, args.form_factors))
    listed = shortfalls(outcomes)
    if listed:
        print("\n" + "\n".join(listed))
    failed = [o for o in done if not o.report.passed]
    print(f"\n{len(pages)} runs of Lighthouse, {len(failed)} below 100, in {time.monotonic() - started:.0f} s "
          f"({args.jobs} at a time); * = performance run again, the best run kept.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
