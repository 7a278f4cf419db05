#!/usr/bin/env python3
"""How long `serve` takes to have an edit's pages ready: it keeps the last build's model
and makes again only the pages a change touches. On a copy of SITE:

    python bench/serve_latency.py SITE --as-of YYYY-MM-DD [--runs 3]

prints the median seconds from the edit to the rebuilt site for an edited post, an
edited prisoner record and an edited template (the browser reloads right after)."""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from vigil.base.parallel import default_jobs  # noqa: E402
from vigil.build.pipeline import Folders, build  # noqa: E402
from vigil.build.session import Session  # noqa: E402


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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vigil-serve-"))
    try:
        site = work / "site"
        for sub in ("data", "content"):
            shutil.copytree(args.site / sub, site / sub)
        folders, out = Folders(site, work / "cache"), work / "serve"
        session = Session()                            # one for every build, as serve has
        jobs = default_jobs()
        previous = build(folders, out, args.as_of, dev=True, jobs=jobs, session=session).previous
        for name, edit in (("an edited post", edit_post), ("an edited prisoner record", edit_record),
                           ("an edited template", edit_template)):
            times, rendered = [], 0
            for n in range(args.runs):
                edit(site, n)
                start = time.perf_counter()
                result = build(folders, out, args.as_of, dev=True, jobs=jobs, previous=previous,
                               session=session)
                times.append(time.perf_counter() - start)
                previous, rendered = result.previous, result.rendered
            print(f"serve, {name}: median {statistics.median(times):.2f} s "
                  f"(best {min(times):.2f} s; {rendered} of {result.pages} pages made again)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
