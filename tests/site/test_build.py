"""Whole builds of small sites: the pages a visitor gets, with the right values."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import AS_OF, copy_site, page, run_build
from vigil.cli import main

ATOM = "{http://www.w3.org/2005/Atom}"


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def visible_text(html: str) -> str:
    """The page's text with tags removed and white space folded, as a visitor reads it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --------------------------------------------------------------------------- the sample site
def test_sample_site_has_every_page(sample_site):
    for url in ["/", "/prisoners/", "/members/", "/news/", "/about/", "/how-to-help/",
                "/how-we-count/", "/prisoners/alexey-pichugin/", "/prisoners/oleg-sentsov/",
                "/prisoners/anastasia-shevchenko/", "/prisoners/dennis-christensen/",
                "/prisoners/oyub-titiev/", "/news/2019-02-21-coalition-launch/"]:
        assert "<h1" in page(sample_site, url), url
    for name in ["feed.xml", "sitemap.xml", "robots.txt", "404.html"]:
        assert (sample_site / name).is_file(), name
    for pattern in ["static/js/counter.*.js", "static/css/site.*.css"]:     # named by their bytes
        assert len(list(sample_site.glob(pattern))) == 1, pattern


def test_pichugin_count_as_of_the_build_date(sample_site):
    html = page(sample_site, "/prisoners/alexey-pichugin/")
    # 19 June 2003 to 7 December 2026: 23 years with 6 leap days, then 171 days.
    assert 'data-days="8572"' in html
    assert 'data-as-of="2026-12-07"' in html
    assert "8,572 days in custody" in visible_text(html)
    assert "as of 7 December 2026" in visible_text(html)


def test_released_prisoners_show_a_frozen_count(sample_site):
    text = visible_text(page(sample_site, "/prisoners/dennis-christensen/"))
    assert "Held for 1,825 days, from 25 May 2017 to 24 May 2022" in text
    assert "Released on 24 May 2022 at the end of the term" in text
    sentsov = page(sample_site, "/prisoners/oleg-sentsov/")
    assert "Held for 1,945 days, from 11 May 2014 to 7 September 2019" in visible_text(sentsov)
    assert "data-counter" not in sentsov           # a frozen count does not tick


def test_home_page_has_headline_featured_news_and_members(sample_site):
    html = page(sample_site, "/")
    text = visible_text(html)
    assert "1,262" in text and "235" in text
    assert "Our Work in 2025</a>." in html
    # the earlier count, with its own source, in the coalition's story further down
    assert ('<p class="headline-earlier">There were 235 on 21 February 2019 by the count of the '
            "Memorial Human Rights Centre") in html
    assert html.index('class="headline"') < html.index('class="featured"') < html.index('class="headline-earlier"')
    assert "memopzk.org" in html
    assert html.count('class="prisoner-card"') == 8           # the eight marked featured
    cards = re.findall(r'<h[23] class="prisoner-card-name"><a href="/prisoners/([a-z-]+)/">', html)
    # those held now first, longest held first; then the one who died, the one freed
    assert cards == ["alexey-pichugin", "server-mustafayev", "ivan-safronov", "maria-ponomarenko",
                     "alexei-gorinov", "evgenia-berkovich", "vladimir-kara-murza", "alexei-navalny"]
    assert "/news/2019-02-21-coalition-launch/" in html
    assert "Human Rights Foundation" in text


def test_prisoner_list_puts_those_held_first_then_latest_released(sample_site):
    html = page(sample_site, "/prisoners/")
    order = re.findall(r'<h[23] class="prisoner-card-name"><a href="/prisoners/([a-z-]+)/">', html)
    held = re.findall(r'data-days="(\d+)"', html)                 # only live counters have it
    assert len(held) == 11 and [int(d) for d in held] == sorted(map(int, held), reverse=True)
    assert order[:2] == ["alexey-pichugin", "yuri-dmitriev"]
    # then the others, latest release or death first: the exchange of 1 August 2024 (by id),
    # Navalny's death on 16 February 2024, then the releases of 2022, 2021 and 2019
    assert order[11:] == ["alexandra-skochilenko", "alsu-kurmasheva", "evan-gershkovich",
                          "ilya-yashin", "oleg-orlov", "vladimir-kara-murza", "alexei-navalny",
                          "dennis-christensen", "anastasia-shevchenko", "oleg-sentsov",
                          "oyub-titiev"]


def test_members_page_names_countries(sample_site):
    text = visible_text(page(sample_site, "/members/"))
    assert "Ukraine" in text and "United States" in text and "Georgia" in text
    assert "Vladimir Kara-Murza" in text


# --------------------------------------------------------------------------- the tiny fixture
def test_breakdown_by_kind_and_gap_between_arrests(tiny, tmp_path):
    out = tmp_path / "public"
    assert run_build(tiny, out) == 0
    ivan = visible_text(page(out, "/prisoners/ivan-held/"))
    assert "2,515 days in custody" in ivan
    assert "143 days in pre-trial detention" in ivan
    assert "273 days under house arrest" in ivan
    assert "2,099 days in prison" in ivan
    assert "Sources disagree on the day of the transfer." in ivan
    assert "Article 207.3(2)" in ivan
    olga = visible_text(page(out, "/prisoners/olga-released/"))
    # the gap is not counted, and the note says each time in custody, not one run (issue 20)
    assert ("Held for 823 days in 2 periods: from 1 March 2015 to 1 June 2015; "
            "from 10 January 2016 to 10 January 2018") in olga
    pavel = visible_text(page(out, "/prisoners/pavel-died/"))
    assert "Died in custody on 2 February 2021" in pavel
    assert "Held for 639 days" in pavel


def test_scheduled_and_draft_posts_wait(tiny, tmp_path):
    out = tmp_path / "public"
    assert run_build(tiny, out) == 0
    assert not (out / "news/2026-12-25-scheduled").exists()
    assert not (out / "news/2026-11-20-draft").exists()
    assert run_build(tiny, out, as_of="2026-12-25") == 0      # the nightly build that day
    assert (out / "news/2026-12-25-scheduled/index.html").is_file()
    assert run_build(tiny, out, "--drafts") == 0
    assert (out / "news/2026-11-20-draft/index.html").is_file()


def test_a_post_with_a_time_is_dated_in_the_sites_zone(tiny, tmp_path):
    out = tmp_path / "public"
    assert run_build(tiny, out) == 0
    html = page(out, "/news/2026-11-28-appeal/")
    assert "28 November 2026" in visible_text(html)
    feed = ET.parse(out / "feed.xml").getroot()
    published = [e.findtext(f"{ATOM}published") for e in feed.findall(f"{ATOM}entry")]
    assert published == ["2026-11-28T23:30:00+03:00", "2026-01-15T00:00:00+03:00"]


def add_posts(site: Path, count: int) -> None:
    """`count` more posts, one a day from 1 October 2026."""
    for day in range(1, count + 1):
        (site / f"content/news/2026-10-{day:02d}-update-{day}.md").write_text(
            f"---\ntitle: Update {day}\ndate: 2026-10-{day:02d}\nsummary: Update {day}.\n---\nText {day}.\n",
            encoding="utf-8")


def test_feed_is_atom_with_the_latest_twenty_posts(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    add_posts(site, 25)
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20
    assert entries[0].findtext(f"{ATOM}title") == "Olga's appeal"
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
    assert feed.findtext(f"{ATOM}updated") == "2026-11-28T23:30:00+03:00"
    assert entries[0].findtext(f"{ATOM}content") == "<p>An appeal was filed.</p>"   # HTML, escaped in the XML


def test_news_is_paginated_ten_a_page(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    add_posts(site, 23)
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    first, third = page(out, "/news/"), page(out, "/news/page/3/")
    assert first.count("<h2><a href=\"/news/") == 10
    assert third.count("<h2><a href=\"/news/") == 5               # 25 posts in all
    assert 'rel="next" href="/news/page/2/"' in first
    assert not (out / "news/page/4").exists()


def test_sitemap_and_robots(tiny, tmp_path):
    out = tmp_path / "public"
    assert run_build(tiny, out) == 0
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.findtext(f"{ns}loc") for u in ET.parse(out / "sitemap.xml").getroot()]
    assert "https://tiny.example/prisoners/ivan-held/" in locs
    assert "https://tiny.example/" in locs
    assert not any(loc.endswith("404.html") for loc in locs)
    assert "Sitemap: https://tiny.example/sitemap.xml" in (out / "robots.txt").read_text()


def test_every_sitemap_entry_has_the_date_its_page_last_changed(tiny, tmp_path):
    out = tmp_path / "public"
    assert run_build(tiny, out) == 0                            # as of 2026-11-29
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = ET.parse(out / "sitemap.xml").getroot()
    dates = {u.findtext(f"{ns}loc").removeprefix("https://tiny.example"): u.findtext(f"{ns}lastmod")
             for u in urls}
    assert len(dates) == len(urls) and None not in dates.values()
    assert {url: dates[url] for url in (
        "/", "/prisoners/ivan-held/", "/prisoners/olga-released/", "/prisoners/pavel-died/",
        "/prisoners/category/civic-activist/", "/news/2026-01-15-hearing/", "/news/", "/about/",
        "/members/")} == {
        "/": AS_OF, "/prisoners/ivan-held/": AS_OF,       # held: the count moves every day
        "/prisoners/olga-released/": "2026-11-28",       # the news about her, after her record's check
        "/prisoners/pavel-died/": "2026-09-01",           # his record's last check
        "/prisoners/category/civic-activist/": "2018-01-10",   # the one on it, released that day
        "/news/2026-01-15-hearing/": "2026-01-15",       # a post: its date
        "/news/": "2026-11-28", "/about/": "2026-11-28",  # no date of their own: the newest post
        "/members/": "2026-11-28"}


def test_base_url_with_a_path_prefixes_every_link(tiny, tmp_path):
    out = tmp_path / "public"
    assert run_build(tiny, out, "--base-url", "https://example.github.io/coalition/") == 0
    html = page(out, "/about/")
    assert 'href="/coalition/prisoners/"' in html                  # a link written in Markdown
    assert re.search(r'href="/coalition/static/css/site\.[0-9a-f]{10}\.css"', html)
    assert 'rel="canonical" href="https://example.github.io/coalition/about/"' in html


# --------------------------------------------------------------------------- safety
def test_text_from_the_data_is_escaped_and_markdown_sanitized(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    data = site / "data/prisoners.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "name: Olga Released", 'name: "Olga <script>alert(1)</script> Released"').replace(
        "summary: Olga was arrested twice.",
        "summary: |\n    Olga <script>alert(2)</script> <img src=/about/ onerror=alert(3)>\n"
        "    <a href=\"/about/\" onclick=\"alert(5)\">ok</a>\n"
        "    <iframe src=\"https://evil.example/\"></iframe>"), encoding="utf-8")
    out = tmp_path / "public"
    assert run_build(site, out) == 1          # the check reports what the sanitizer would drop
    data.write_text(data.read_text(encoding="utf-8").replace(
        '    <iframe src="https://evil.example/"></iframe>', "    <iframe></iframe>"), encoding="utf-8")
    assert run_build(site, out) == 0
    for file in out.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        # the name as text, and in the badge's HTML to copy, which shows that HTML as text
        shown = html.replace("&lt;script&gt;alert(1)", "").replace("&amp;lt;script&amp;gt;alert(1)", "")
        assert "<script>" not in html and "alert(" not in shown
        assert "onerror" not in html and "onclick" not in html
        assert "javascript:" not in html and "<iframe" not in html
    assert "Olga &lt;script&gt;alert(1)&lt;/script&gt; Released" in page(out, "/prisoners/olga-released/")
    badge = (out / "prisoners/olga-released/badge.svg").read_text(encoding="utf-8")
    assert "<script" not in badge and ">Olga &lt;script&gt;alert(1)&lt;/script&gt; Released</text>" in badge


def test_no_inline_script_or_style_anywhere(sample_site):
    for file in sample_site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), file
        assert "<style" not in html and " style=" not in html, file
        assert "Content-Security-Policy" in html


def test_nothing_is_loaded_from_a_third_party(sample_site):
    for file in sample_site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        for tag, url in re.findall(r"<(script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", html):
            if tag == "link" and 'rel="canonical"' in html and url.startswith("https://example.org/"):
                continue
            assert url.startswith("/"), (file, tag, url)


# --------------------------------------------------------------------------- atomicity, determinism
def test_two_builds_with_the_same_as_of_are_byte_identical(tiny, tmp_path):
    assert run_build(tiny, tmp_path / "one") == 0
    assert run_build(tiny, tmp_path / "two") == 0
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_a_failed_build_leaves_the_last_good_site_as_it_was(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    before = tree_digest(out)
    (site / "data/prisoners.yaml").write_text("- id: broken\n  name: [unclosed\n", encoding="utf-8")
    assert run_build(site, out) == 1
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "src"]   # no temporary folder left
    err = capsys.readouterr().err
    assert "data/prisoners.yaml:" in err and "Traceback" not in err


def test_a_template_error_fails_before_replacing_the_site(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    before = tree_digest(out)
    (site / "templates").mkdir()
    (site / "templates/page.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ view.no_such_field }}\n{% endblock %}\n',
        encoding="utf-8")
    assert run_build(site, out) == 1
    assert tree_digest(out) == before
    err = capsys.readouterr().err
    assert "templates/page.html:3" in err and "no_such_field" in err


def test_two_pages_with_one_url_are_refused(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    (site / "content/pages/news.md").write_text("---\ntitle: News\n---\nHello.\n", encoding="utf-8")
    assert run_build(site, tmp_path / "public") == 1
    err = capsys.readouterr().err
    assert "content/pages/news.md:" in err and "/news/" in err
    assert not (tmp_path / "public").exists()


def test_check_writes_nothing(tiny, tmp_path, capsys):
    assert main(["check", "--source", str(tiny), "--as-of", AS_OF], environ={}) == 0
    assert "No problems found" in capsys.readouterr().out
    assert not (tiny / "public").exists()


def test_source_date_epoch_sets_the_as_of_date_in_the_sites_zone(tiny, tmp_path):
    out = tmp_path / "public"
    # 2026-11-28 22:30 UTC is already 29 November in Moscow.
    epoch = str(int(dt.datetime(2026, 11, 28, 22, 30, tzinfo=dt.UTC).timestamp()))
    assert main(["build", "--source", str(tiny), "--out", str(out)],
                environ={"SOURCE_DATE_EPOCH": epoch}) == 0
    assert 'data-as-of="2026-11-29"' in page(out, "/prisoners/ivan-held/")


def test_the_output_folder_may_not_hold_the_sources(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    assert run_build(site, site) == 2
    assert run_build(site, site / "data") == 2
    assert (site / "data/prisoners.yaml").is_file()


def test_an_unknown_country_code_is_a_problem(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    members = site / "data/members.yaml"
    members.write_text(members.read_text(encoding="utf-8").replace("[DE]", "[DE, XX]"), encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", AS_OF], environ={}) == 1
    assert "data/members.yaml:10:16: 'XX' is not a country code" in capsys.readouterr().out


def add_prisoners(site: Path, count: int) -> None:
    """`count` more people held since 2020, one a day, each a journalist."""
    records = "".join(
        f"\n- id: person-{n:03d}\n  name: Person {n:03d}\n  categories: [journalist]\n"
        f"  custody:\n    - kind: detention\n      from: {dt.date(2020, 1, 1) + dt.timedelta(days=n)}\n"
        f"  summary: Held.\n  sources: [{{title: S, url: 'https://tiny.example/{n}'}}]\n"
        f"  verified: 2026-11-01\n" for n in range(count))
    with (site / "data/prisoners.yaml").open("a", encoding="utf-8") as file:
        file.write(records)


def test_the_list_of_prisoners_is_split_over_pages_and_by_category(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    add_prisoners(site, 100)                                   # 103 people in all
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    cards = lambda url: re.findall(  # noqa: E731
        r'<h[23] class="prisoner-card-name"><a href="/prisoners/([a-z0-9-]+)/">', page(out, url))
    first, third = cards("/prisoners/"), cards("/prisoners/page/3/")
    assert len(first) == 48 and len(third) == 7
    assert first[0] == "person-000"                             # held longest: since 2 January 2020
    assert third[-2:] == ["pavel-died", "olga-released"]        # then the others: died 2021, released 2018
    assert "103 people: 101 in custody now, 1 released, 1 died in custody" in visible_text(page(out, "/prisoners/"))
    journalists = cards("/prisoners/category/journalist/") + cards("/prisoners/category/journalist/page/2/") \
        + cards("/prisoners/category/journalist/page/3/")
    assert len(journalists) == 101 and "ivan-held" in journalists and "olga-released" not in journalists
    assert cards("/prisoners/category/religious/") == ["pavel-died"]
    assert not (out / "prisoners/category/lgbt").exists()       # no empty category lists


def test_an_id_the_list_needs_is_refused(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    data = site / "data/prisoners.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("id: pavel-died", "id: page"), encoding="utf-8")
    assert run_build(site, tmp_path / "public") == 1
    assert "the id 'page' is taken by the list of prisoners itself" in capsys.readouterr().err


def test_a_sites_own_static_files_join_the_projects(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    (site / "static/docs").mkdir()
    (site / "static/docs/appeal.pdf").write_bytes(b"%PDF-1.4\n")
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    assert (out / "static/docs/appeal.pdf").read_bytes() == b"%PDF-1.4\n"   # the site's own file
    assert list(out.glob("static/js/counter.*.js"))                          # the project's script
    # a photo is published in the sizes the pages show, never as the maintainer's file
    assert not (out / "static/img/prisoners/ivan-held.jpg").exists()
    html = page(out, "/prisoners/ivan-held/")
    assert re.search(r'<img src="/static/photos/ivan-held-[0-9a-f]{8}-320\.jpg" ', html)
    assert "Photo: Family archive" in visible_text(html)


def test_a_template_syntax_error_is_found_by_check(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    (site / "templates").mkdir()
    (site / "templates/page.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ page.title }\n{% endblock %}\n', encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", AS_OF], environ={}) == 1
    assert "templates/page.html:3: template error: unexpected '}'" in capsys.readouterr().out


def test_a_missing_page_that_every_page_links_to_is_a_warning(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    (site / "content/pages/how-we-count.md").unlink()
    assert main(["check", "--source", str(site), "--as-of", AS_OF], environ={}) == 0
    err = capsys.readouterr().out
    assert "content/pages/how-we-count.md:1: warning: this page is missing" in err
    assert run_build(site, tmp_path / "public") == 0                  # a warning does not stop the build


def test_the_build_summary_says_what_it_held_back(tiny, tmp_path, capsys):
    assert run_build(tiny, tmp_path / "public") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == ("Held back: content/news/2026-11-20-draft.md (draft); "
                        "content/news/2026-12-25-scheduled.md (scheduled for 2026-12-25).")


def test_with_drafts_a_draft_is_marked_and_kept_out_of_feeds_and_the_sitemap(tiny, tmp_path):
    out = tmp_path / "public"
    assert run_build(tiny, out, "--drafts") == 0
    assert "(draft)" in visible_text(page(out, "/news/2026-11-20-draft/"))
    assert "(draft)" not in visible_text(page(out, "/news/2026-11-28-appeal/"))
    assert "2026-11-20-draft" not in (out / "feed.xml").read_text(encoding="utf-8")
    assert "2026-11-20-draft" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "2026-11-28-appeal" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_record_of_someone_held_warns_when_its_verification_is_old(tiny, capsys):
    # Ivan (held) was verified on 2026-11-01; Olga (released) on 2026-10-01: only Ivan is due.
    assert main(["check", "--source", str(tiny), "--as-of", "2027-05-01"], environ={}) == 0
    err = capsys.readouterr().out
    assert ("data/prisoners.yaml:29:13: warning: ivan-held was last verified on 2026-11-01, "
            "181 days ago; check the record against its sources") in err
    assert "olga-released was last verified" not in err
    assert main(["check", "--source", str(tiny), "--as-of", "2027-04-30"], environ={}) == 0
    assert "last verified" not in capsys.readouterr().out


def test_the_report_lists_what_volunteers_should_check(tiny, capsys):
    assert main(["report", "--source", str(tiny), "--as-of", "2027-05-01"], environ={}) == 0
    out = capsys.readouterr().out.splitlines()
    # first those held now with no news of where they are from the last year: Ivan's is of
    # October 2026
    assert out[0] == ("Held now, with no news of where they are from the last 12 months (as of "
                      "2027-05-01): 0")
    out = out[2:]
    assert out[0].startswith("People in custody, the record verified longest ago first (as of 2027-05-01")
    # Ivan is the one held: Olga (released) and Pavel (died) are not due
    assert out[1] == "  data/prisoners.yaml:29: ivan-held: verified 2026-11-01, 181 days ago  DUE, 1 day overdue"
    assert out[3:6] == ["Without a photo: 2", "  data/prisoners.yaml:33: olga-released",
                        "  data/prisoners.yaml:50: pavel-died"]
    assert ("In custody, with neither an address for letters nor the page that keeps it "
            "(`letters.page`): 0") in out                                    # Ivan has an address
    # no source in the tiny site gives its date, so none counts as recent; only Ivan is asked for one
    assert "In custody, without a source dated in the last year (give a source's date with `date:`): 1" in out


def test_a_dated_source_from_the_last_year_takes_a_record_off_that_list(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    records = site / "data/prisoners.yaml"
    text = records.read_text(encoding="utf-8")
    ivans = '{title: A source, url: "https://tiny.example/ivan"}'
    records.write_text(text.replace(ivans, ivans[:-1] + ", date: 2026-06-01}"), encoding="utf-8")
    assert main(["report", "--source", str(site), "--as-of", "2027-05-01"], environ={}) == 0
    out = capsys.readouterr().out
    assert "In custody, without a source dated in the last year (give a source's date with `date:`): 0" in out
    assert "  data/prisoners.yaml:28: ivan-held" not in out
