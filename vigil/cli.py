"""The command line: build, check and serve. Time enters here, and only here."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import zoneinfo
from collections.abc import Mapping
from pathlib import Path

from .base.parallel import default_jobs
from .base.problems import ContentError, report
from .build.options import BuildOptions
from .build.pipeline import PROJECT, Folders, build, check, load
from .build.report import worklist
from .load.addresses import site_address_problem
from .load.data import load_site
from .load.schema import load_schema, matches
from .publish.write import made_by_no_build
from .site.translations import summary

USAGE_ERROR = 2


def options(out: bool, defaults: bool) -> argparse.ArgumentParser:
    """The options every command takes. A command's own copy has no defaults
    (`defaults=False`), so that `build.py --as-of X check` keeps X."""
    def default(value):
        return value if defaults else argparse.SUPPRESS
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--source", type=Path, default=default(PROJECT),
                        help="read data/ and content/ (and templates/, static/ if present) from DIR")
    common.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD", default=default(None),
                        help="the date the counts are computed for (default: today in the "
                             "site's time zone, or SOURCE_DATE_EPOCH)")
    common.add_argument("--drafts", action="store_true", default=default(False),
                        help="include posts marked draft: true")
    common.add_argument("--base-url", type=base_url, metavar="URL", default=default(None),
                        help="the address the site is published at")
    common.add_argument("--strict", action="store_true", default=default(False),
                        help="fail on warnings too (like a missing translation)")
    common.add_argument("--debug", action="store_true", default=default(False),
                        help="show the Python traceback of errors")
    common.add_argument("--jobs", type=int, metavar="N", default=default(default_jobs()),
                        help="how many processes make the pages (default: one a core)")
    common.add_argument("--cache", type=Path, metavar="DIR", default=default(None),
                        help="the content cache folder (default: .cache/ in the source folder)")
    if out:
        common.add_argument("--out", type=Path, default=default(None),
                            help="the output folder (default: public/)")
    return common


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description="Build the coalition's site.",
                                  parents=[options(out=True, defaults=True)])
    top.add_argument("--port", type=int, default=8000, help=argparse.SUPPRESS)
    commands = top.add_subparsers(dest="command")
    commands.add_parser("build", parents=[options(True, False)], help="build the site (the default)")
    check = commands.add_parser("check", parents=[options(False, False)],
                                help="check the data, write nothing")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: print each problem as a GitHub Actions annotation")
    serve = commands.add_parser("serve", parents=[options(False, False)],
                                help="build into its own folder (never public/), serve it on "
                                     "127.0.0.1 and rebuild on change")
    serve.add_argument("--port", type=int, default=argparse.SUPPRESS, help="default: 8000")
    commands.add_parser("report", parents=[options(False, False)],
                        help="the records to verify, and those without a photo, address or recent source")
    return top


def as_of_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2019-02-21") from None


def base_url(text: str) -> str:
    """The same rule as base_url in data/site.yaml: the schema's."""
    rule = load_schema("site.schema.json")["properties"]["base_url"]
    if wrong := site_address_problem(text):
        raise argparse.ArgumentTypeError(wrong)
    if not matches(rule["pattern"], text):
        raise argparse.ArgumentTypeError(f"'{text}' is not {rule['x-hint']}")
    return text


def today_in(timezone: str, environ: dict, now: dt.datetime | None = None) -> dt.date:
    """The as-of date when none is given: SOURCE_DATE_EPOCH, else now, in the site's zone."""
    zone = zoneinfo.ZoneInfo(timezone)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), zone).date()
    return (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    args = parser().parse_args(argv)
    environ = os.environ if environ is None else environ
    command = args.command or "build"
    if not (args.source / "data").is_dir():
        print(f"build.py: error: {args.source} has no data/ folder", file=sys.stderr)
        return USAGE_ERROR
    cache = (args.cache or args.source / ".cache").resolve()
    folders = Folders(args.source.resolve(), cache)
    try:
        return run(command, args, folders, environ)
    except ContentError as err:
        # check's problems are its output (`check > problems.txt`); build's are its errors
        print(report(err.problems, args.strict), file=sys.stdout if command == "check" else sys.stderr)
        return 1
    except Exception:
        if args.debug:
            raise
        print("build.py: an internal error stopped the build (this is a bug in the engine, "
              "not in your content); run again with --debug and report what it prints",
              file=sys.stderr)
        return 3


def serve_folder(folders: Folders) -> Path:
    """serve's own folder, in the content cache's."""
    if folders.cache is None:
        raise ValueError("serve builds into the cache folder, and there is none")
    return folders.cache / "serve"


def run(command: str, args: argparse.Namespace, folders: Folders, environ) -> int:
    as_of = args.as_of or resolve_as_of(folders, environ)
    if command == "report":
        content, problems = load(folders)
        if content is None or any(not p.warning for p in problems):
            raise ContentError(problems)               # a list from broken data would mislead
        print(worklist(content, as_of))
        return 0
    if command == "check":
        content, _, problems = check(folders, BuildOptions(as_of, args.drafts, args.base_url, jobs=args.jobs))
        if problems:
            print(report(problems, args.strict, args.format))
        else:
            print(f"No problems found (as of {as_of}).")
        if content is not None and (line := summary(problems, content.site.languages)):
            print(line)
        return 1 if any(args.strict or not p.warning for p in problems) else 0
    # serve builds a development site (live reload, no Content-Security-Policy) into a
    # folder of its own, so that it can never be published by mistake
    out = serve_folder(folders) if command == "serve" else (args.out or PROJECT / "public").resolve()
    if out_is_unsafe(out, folders):
        print(f"build.py: error: will not write the site into {out}: it holds the sources",
              file=sys.stderr)
        return USAGE_ERROR
    if command == "build" and made_by_no_build(out):
        print(f"build.py: error: will not write the site into {out}: it holds files that no build "
              "made (the build replaces the whole folder); choose a new or empty folder, or empty "
              "this one", file=sys.stderr)
        return USAGE_ERROR
    if command == "serve":
        from .serve import serve
        return serve(folders, out, args, lambda: args.as_of or resolve_as_of(folders, environ))
    result = build(folders, out, BuildOptions(as_of, args.drafts, args.base_url, strict=args.strict,
                                              jobs=args.jobs))
    print(f"Built {result.pages} pages as of {as_of} into {display(out)} in {result.seconds:.2f} s: "
          f"{result.written} files written, {result.unchanged} unchanged, {result.removed} removed.")
    if result.held_back:
        print("Held back: " + "; ".join(f"{file} ({why})" for file, why in result.held_back) + ".")
    if result.warnings:
        count = len(result.warnings)
        print(f"{count} warning{'s' if count != 1 else ''}: `python build.py check` lists "
              f"{'them' if count != 1 else 'it'}.", file=sys.stderr)
    return 0


def resolve_as_of(folders: Folders, environ) -> dt.date:
    site, problems = load_site(folders.source)
    if site is None:
        raise ContentError(problems)
    return today_in(site.timezone, environ)


def out_is_unsafe(out: Path, folders: Folders) -> bool:
    """The output folder is replaced whole: never let it be a folder that holds sources."""
    guarded = {folders.source, PROJECT, *folders.source.parents, *PROJECT.parents}
    return out in guarded or any(out == folders.source / n for n in ("data", "content", "templates", "static"))


def display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
