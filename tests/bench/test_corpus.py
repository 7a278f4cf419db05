"""The benchmark's own corpus generator (bench/corpus.py) and python floor
(bench/floor/build.py): seeded, valid for the engine, and the floor counts days as the
engine does."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import PROJECT, bench_script, tree
from vigil.cli import main
from vigil.load.data import load_prisoners
from vigil.model.custody import custody_of

AS_OF = dt.date(2026, 11, 1)


def generate(folder: Path, *extra: str, hash_seed: str = "0") -> Path:
    """The generator in a process of its own (so that a dependence on hash order shows)."""
    subprocess.run([sys.executable, str(PROJECT / "bench" / "corpus.py"), str(folder), *extra],
                   check=True, env={**os.environ, "PYTHONHASHSEED": hash_seed})
    return folder


def with_site(folder: Path) -> Path:
    (folder / "data" / "site.yaml").write_text(bench_script("bench/bench.py").SITE_YAML + "languages: [en]\n",
                                               encoding="utf-8")
    return folder


def test_the_same_seed_gives_the_same_files_and_another_seed_other_ones(tmp_path):
    size = ("--prisoners", "30", "--news", "6")
    one = tree(generate(tmp_path / "one", *size, hash_seed="1"))
    assert one == tree(generate(tmp_path / "two", *size, hash_seed="2"))
    assert one != tree(generate(tmp_path / "three", *size, "--seed", "2"))
    assert len([rel for rel in one if rel.startswith("content/news/")]) == 6


def test_the_corpus_is_a_valid_site_with_what_real_records_have(tmp_path, capsys):
    site = with_site(generate(tmp_path / "site", "--prisoners", "30", "--news", "6"))
    code = main(["check", "--source", str(site), "--as-of", AS_OF.isoformat(),
                 "--cache", str(tmp_path / "cache")], environ={})
    assert code == 0, capsys.readouterr()
    assert "No problems found" in capsys.readouterr().out
    people = yaml.safe_load((site / "data" / "prisoners.yaml").read_text(encoding="utf-8"))
    assert len(people) == 30
    assert any(isinstance(p["name"], dict) and re.search("[а-яё]", p["name"]["ru"]) for p in people)
    assert any(len(p["custody"]) > 1 for p in people)
    assert any("released" in p for p in people) and any("released" not in p for p in people)
    assert any("](https://" in p["summary"] for p in people)
    ids = {p["id"] for p in people}
    named = [pid for f in (site / "content" / "news").glob("*.md")
             for pid in yaml.safe_load(f.read_text(encoding="utf-8").split("---")[1]).get("prisoners", [])]
    assert named and set(named) <= ids


def test_the_floor_counts_days_in_custody_as_the_engine_does(tmp_path):
    site = generate(tmp_path / "site", "--prisoners", "300", "--news", "0")
    floor = bench_script("bench/floor/build.py")
    raw = yaml.load((site / "data" / "prisoners.yaml").read_text(encoding="utf-8"), Loader=floor.Loader)
    prisoners, _, problems = load_prisoners(site, "en")
    assert not problems and len(prisoners) == len(raw) == 300
    assert any(period.until for p in prisoners for period in p.custody)     # a gap is counted
    for record, prisoner in zip(raw, prisoners, strict=True):
        end = (record.get("released") or {}).get("on") or AS_OF
        assert sum(floor.period_days(record["custody"], end)) == custody_of(prisoner, AS_OF).days


def test_the_floor_makes_the_engines_kinds_of_pages(tmp_path):
    site = generate(tmp_path / "site", "--prisoners", "50", "--news", "12")
    out = tmp_path / "out"
    assert bench_script("bench/floor/build.py").main([str(site), str(out), "--as-of", AS_OF.isoformat()]) == 0
    people = yaml.safe_load((site / "data" / "prisoners.yaml").read_text(encoding="utf-8"))
    posts = sorted(f.stem for f in (site / "content" / "news").glob("*.md"))
    made = set(tree(out))
    assert made == {"index.html", "feed.xml", "members/index.html", "prisoners/index.html",
                    "prisoners/page/2/index.html", "news/index.html", "news/page/2/index.html",
                    *(f"prisoners/{p['id']}/index.html" for p in people),
                    *(f"news/{slug}/index.html" for slug in posts)}
    second = (out / "prisoners" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert second.count('class="prisoner-card"') == 2
    assert (out / "feed.xml").read_text(encoding="utf-8").count("<entry>") == 12
