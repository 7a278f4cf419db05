"""Every page of the site, in English, Russian and Ukrainian, is valid HTML, and every drawing
it publishes valid SVG, by the Nu HTML Checker (vnu.jar, the W3C's checker: `make test` installs it and Java, through
scripts/ensure-vnu.sh), and every XML file it writes is well-formed."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from checkers import vnu
from conftest import SAMPLE_PAGES, copy_site, page, run_build

LANGUAGES = 3                                     # of the sample data: en, ru, uk


@pytest.fixture(scope="module")
def varied_site(tmp_path_factory) -> Path:
    """The tiny site with what the sample lacks: headings in every kind of Markdown text,
    written from `#` and from `##`, news enough for a second page, and a repository to
    report inaccuracies in."""
    site = copy_site("tiny", tmp_path_factory.mktemp("varied") / "src")
    edit(site / "data/site.yaml", "purpose: We test the engine with this site.\n",
         "purpose: |\n  ## Why\n\n  We test the engine with this site.\n\n  ### How\n\n  Often.\n")
    edit(site / "data/prisoners.yaml", "    Ivan wrote about the war. *He is still held.*\n",
         "    # Background\n\n    Ivan wrote about the war.\n\n    ## The trial\n\n    It took a year.\n")
    edit(site / "content/news/2026-01-15-hearing.md", "\nThe court met again in",
         "\n# In court\n\nThe court met again in")
    edit(site / "content/pages/about.md", "\nWe are a test.", "\n### Since when\n\nWe are a test.")
    with (site / "data/site.yaml").open("a", encoding="utf-8") as settings:    # the correction links
        settings.write("repository:\n  url: https://gitlab.com/free-them/site\n  branch: main\n")
    for day in range(1, 11):
        (site / f"content/news/2025-03-{day:02d}-note.md").write_text(
            f"---\ntitle: Note {day}\ndate: 2025-03-{day:02d}\nsummary: A note.\n---\n## A note\n\nText.\n",
            encoding="utf-8")
    out = site.parent / "public"
    assert run_build(site, out) == 0
    return out


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{file.name} no longer has {old!r}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_every_page_and_drawing_of_every_language_is_valid(sample_site, varied_site):
    sample = sorted(sample_site.rglob("*.html"))
    varied = sorted(varied_site.rglob("*.html"))
    assert len(sample) == SAMPLE_PAGES * LANGUAGES
    assert varied_site / "news/page/2/index.html" in varied
    # the badges (one a prisoner a language) and the icon; the checker takes them as SVG
    drawings = sorted(sample_site.rglob("*.svg")) + sorted(varied_site.rglob("*.svg"))
    assert sample_site / "ru/prisoners/alexey-pichugin/badge.svg" in drawings
    assert sample_site / "static/img/favicon.svg" in drawings
    errors = vnu(sample + varied + drawings, sample_site.parent.parent)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)


def test_a_texts_headings_sit_right_under_the_heading_it_is_shown_under(varied_site):
    home, ivan = page(varied_site, "/"), page(varied_site, "/prisoners/ivan-held/")
    assert '<h2 id="about-title">Who we are</h2>' in home                    # the purpose's
    assert '<h3 id="why">Why</h3>' in home and '<h4 id="how">How</h4>' in home
    assert '<h2 id="summary-title">About Ivan Held</h2>' in ivan
    assert '<h3 id="background">Background</h3>' in ivan and '<h4 id="the-trial">The trial</h4>' in ivan
    assert '<h2 id="in-court">In court</h2>' in page(varied_site, "/news/2026-01-15-hearing/")
    assert '<h3 id="since-when">Since when</h3>' in page(varied_site, "/about/")


def test_the_checker_reports_each_error_at_its_line(sample_site, tmp_path):
    lines = page(sample_site, "/prisoners/alexey-pichugin/").splitlines()
    main = next(n for n, line in enumerate(lines) if line.startswith('<main id="main"'))
    custody = next(n for n, line in enumerate(lines) if '<h2 id="custody-title">' in line)
    lines.insert(main + 1, '<p id="main">A duplicate id</div>')                        # and a stray tag
    lines[custody + 1] = lines[custody + 1].replace("h2", "h4")                 # right after the h1
    broken = tmp_path / "broken.html"
    broken.write_text("\n".join(lines), encoding="utf-8")
    drawing = tmp_path / "badge.svg"              # a badge with what SVG 1.1 does not allow
    drawing.write_text(page(sample_site, "/ru/prisoners/alexey-pichugin/badge.svg")
                       .replace('xml:lang="ru"', 'xml:lang="ru" lang="ru"'), encoding="utf-8")
    errors = vnu([broken, drawing], tmp_path)
    assert any(e.startswith("badge.svg:") and "“lang” not allowed" in e for e in errors), errors
    errors.remove(next(e for e in errors if e.startswith("badge.svg:")))
    assert f"broken.html:{main + 2}:1: Duplicate ID “main”." in errors
    assert f"broken.html:{main + 2}:28: Stray end tag “div”." in errors
    assert any(e.startswith(f"broken.html:{custody + 2}:") and "skipping 2 heading levels" in e
               for e in errors), errors
    assert len(errors) == 3, errors


def test_every_xml_file_is_well_formed(sample_site, varied_site):
    """The feeds are also checked against the Atom schema (test_feeds.py); this parses every
    XML file a build writes, the sitemap among them, with a parser that forgives nothing."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, load_dtd=False)
    files = sorted(sample_site.rglob("*.xml")) + sorted(varied_site.rglob("*.xml"))
    assert {f.relative_to(sample_site).as_posix() for f in files if f.is_relative_to(sample_site)} \
        == {"feed.xml", "ru/feed.xml", "uk/feed.xml", "events.xml", "ru/events.xml", "uk/events.xml",
            "sitemap.xml"}
    for file in files:
        etree.parse(str(file), parser)                  # raises XMLSyntaxError, with the line
