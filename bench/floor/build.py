#!/usr/bin/env python3
"""The python floor: the simplest honest build of the benchmark's pages, for one language.

    python bench/floor/build.py SRC OUT [--as-of YYYY-MM-DD]

Reads SRC/data/prisoners.yaml, SRC/data/members.yaml and SRC/content/news/*.md (this
project's format, as bench/corpus.py writes it) and writes what the engine makes of
them in English: the home page, the list of prisoners (48 a page), each profile, the
members, the news (10 a page), each post and the Atom feed. One PyYAML load with
libyaml for each file, one Python-Markdown instance, one Jinja2 environment; no cache,
no parallelism, one process. Bench.py measures the engine against it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import zlib
from pathlib import Path

import jinja2
import markdown
import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SITE = "https://bench.example"
PRISONERS_PER_PAGE, NEWS_PER_PAGE, FEED_SIZE, HOME_NEWS = 48, 10, 20, 5
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def english(text) -> str:
    return text["en"] if isinstance(text, dict) else text


def period_days(periods: list[dict], end: dt.date) -> list[int]:
    """Each period runs to its 'until', else to the next one's start, else to `end`."""
    return [((period.get("until") or (periods[n + 1]["from"] if n + 1 < len(periods) else end))
             - period["from"]).days for n, period in enumerate(periods)]


def portrait(pid: str, name: str) -> dict:
    """Initials on a colour of the person's own, for want of a photo."""
    return {"initials": "".join(word[0] for word in name.split()[:2]), "hue": zlib.crc32(pid.encode()) % 360}


def profile(record: dict, as_of: dt.date, md: markdown.Markdown) -> dict:
    """What a profile and a card show of a record, finished."""
    end = (record.get("released") or record.get("died") or {}).get("on")
    name = record["name"]
    days = period_days(record["custody"], end or as_of)
    return {"id": record["id"], "name": english(name), "portrait": portrait(record["id"], english(name)),
            "name_ru": name.get("ru") if isinstance(name, dict) else None,
            "categories": record["categories"], "held": end is None, "end": end,
            "days": sum(days),
            "periods": [{"kind": p["kind"], "start": p["from"], "until": p.get("until"), "days": n,
                         "place": english(p.get("place", ""))} for p, n in zip(record["custody"], days, strict=True)],
            "charges": [{"article": c["article"], "description": english(c.get("description", ""))}
                        for c in record.get("charges", [])],
            "sentence": english(record.get("sentence", "")),
            "summary": md.reset().convert(english(record["summary"])),
            "sources": record["sources"], "verified": record["verified"]}


def member_lists(raw: dict) -> dict:
    members = [{"name": english(m["name"]), "url": m["url"], "countries": m["countries"],
                "founding": m.get("founding", False), "description": english(m.get("description", ""))}
               for m in raw["members"]]
    return {"members": sorted(members, key=lambda m: m["name"]),
            "facilitators": [{"name": english(f["name"]), "role": english(f["role"])}
                             for f in raw.get("facilitators", [])]}


def read_posts(folder: Path, md: markdown.Markdown) -> list[dict]:
    posts = []
    for path in sorted(folder.glob("*.md")):
        front, body = FRONT_MATTER.match(path.read_text(encoding="utf-8")).groups()
        post = yaml.load(front, Loader=Loader)
        posts.append({"title": post["title"], "date": post["date"], "summary": post["summary"],
                      "tags": post.get("tags", []), "prisoners": post.get("prisoners", []),
                      "slug": path.stem, "body": md.reset().convert(body)})
    return sorted(posts, key=lambda p: (-p["date"].toordinal(), p["slug"]))


def pages(items: list, per_page: int, folder: str) -> list[tuple[str, list, dict]]:
    """(file, items, pager) of each page of a list: folder/, folder/page/2/ ..."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    urls = [f"/{folder}/"] + [f"/{folder}/page/{n}/" for n in range(2, len(chunks) + 1)]
    return [(url.lstrip("/") + "index.html", chunk,
             {"page": n + 1, "pages": len(urls), "prev": urls[n - 1] if n else None,
              "next": urls[n + 1] if n + 1 < len(urls) else None})
            for n, (url, chunk) in enumerate(zip(urls, chunks, strict=True))]


def build(src: Path, out: Path, as_of: dt.date) -> int:
    md = markdown.Markdown()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals.update(site=SITE, as_of=as_of)
    env.filters["long_date"] = long_date
    written = 0

    def write(rel: str, template: str, **context) -> None:
        nonlocal written
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(**context), encoding="utf-8")
        written += 1

    with open(src / "data" / "prisoners.yaml", encoding="utf-8") as f:
        people = [profile(record, as_of, md) for record in yaml.load(f, Loader=Loader)]
    with open(src / "data" / "members.yaml", encoding="utf-8") as f:
        members = yaml.load(f, Loader=Loader)
    posts = read_posts(src / "content" / "news", md)
    names = {p["id"]: p["name"] for p in people}
    news_about = {pid: [] for pid in names}
    for post in posts:
        for pid in post["prisoners"]:
            news_about[pid].append(post)
    for person in people:
        person["news"] = news_about[person["id"]]
    people.sort(key=lambda p: (not p["held"], -p["days"] if p["held"] else -p["end"].toordinal(), p["id"]))

    held = sum(1 for p in people if p["held"])
    write("index.html", "home.html", held=held, total=len(people), longest=people[:6], posts=posts[:HOME_NEWS])
    for rel, chunk, pager in pages(people, PRISONERS_PER_PAGE, "prisoners"):
        write(rel, "prisoners.html", people=chunk, pager=pager, held=held, total=len(people))
    for person in people:
        write(f"prisoners/{person['id']}/index.html", "prisoner.html", p=person)
    write("members/index.html", "members.html", **member_lists(members))
    for rel, chunk, pager in pages(posts, NEWS_PER_PAGE, "news"):
        write(rel, "news.html", posts=chunk, pager=pager)
    for post in posts:
        write(f"news/{post['slug']}/index.html", "post.html", post=post, names=names)
    write("feed.xml", "feed.xml", posts=posts[:FEED_SIZE])
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(),  # noqa: DTZ011 - the command line is where the day enters
                    help="the date the days in custody are counted to (default: today)")
    args = ap.parse_args(argv)
    print(f"floor: {build(args.src, args.out, args.as_of)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
