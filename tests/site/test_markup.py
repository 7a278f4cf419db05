"""Markdown becomes safe HTML, whatever it holds, and its links are checked."""
from __future__ import annotations

import json

import markdown
import pytest

from conftest import AS_OF, copy_site, store_of
from vigil.cli import main
from vigil.load import links as links_module
from vigil.load.links import convert_finding_links, link_problem, links_in
from vigil.load.markup import Markdown, Rebase, convert, place_headings

SITE = {"/", "/prisoners/", "/prisoners/oleg-sentsov/", "/about/", "/static/img/a.png"}


def test_the_sanitizer_removes_scripts_handlers_and_javascript_links():
    html = Markdown().to_html(
        "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:alert(3))\n"
        "<a href=\"/about/\" onclick=\"alert(4)\">b</a> <iframe src=\"https://evil.example/\"></iframe>\n"
        "<svg onload=alert(5)></svg> <a href=\"data:text/html,x\">c</a>")
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "onload", "data:"):
        assert bad not in html
    assert '<a href="/about/" rel="noopener noreferrer">b</a>' in html


def test_site_paths_get_the_base_path_and_headings_move_down():
    html = Markdown("/coalition/").to_html("# Title\n\nSee [them](/prisoners/).")
    assert '<h2 id="title">Title</h2>' in html
    assert 'href="/coalition/prisoners/"' in html


def test_a_texts_top_heading_sits_one_level_below_its_page_heading_however_it_was_written():
    for written in ("# A\n\n## B\n\n### C\n\n# D", "## A\n\n### B\n\n#### C\n\n## D",
                    "### A\n\n#### B\n\n##### C\n\n### D"):
        assert place_headings(markdown.markdown(written), 2) == \
            "<h2>A</h2>\n<h3>B</h3>\n<h4>C</h4>\n<h2>D</h2>", written
    assert place_headings("<h1>A</h1>\n<h2>B</h2>", 3) == "<h3>A</h3>\n<h4>B</h4>"   # a summary, under an h2
    assert place_headings("<h1>A</h1><h5>B</h5><h6>C</h6>", 2) == "<h2>A</h2><h6>B</h6><h6>C</h6>"
    text = "<p>No heading; <code>&lt;h1&gt;</code>, <hr> and <header> stay.</p>"
    assert place_headings(text, 2) == text


def test_links_are_found_inline_by_reference_and_in_html():
    text = ("One [a](/about/) and ![b](/static/img/a.png)\n\nSee [the source][ref].\n<a href='/x/'>x</a>\n\n"
            "[ref]: https://example.org/\n")
    assert links_in(text) == ((0, "a", "/about/", True), (0, "img", "/static/img/a.png", True),
                              (5, "a", "https://example.org/", True), (3, "a", "/x/", True))


def test_which_links_are_allowed():
    assert link_problem("https://memopzk.org/", SITE) is None
    assert link_problem("mailto:info@example.org", SITE) is None
    assert link_problem("/prisoners/oleg-sentsov/#sources", SITE) is None
    assert link_problem("#writing-to-prisoners", SITE) is None
    assert "did you mean '/prisoners/oleg-sentsov/'" in link_problem("/prisoners/oleg-sentsv/", SITE)
    assert "did you mean '/about/'" in link_problem("/about", SITE)
    assert "not allowed" in link_problem("javascript:alert(1)", SITE)
    assert "not allowed" in link_problem("//evil.example/", SITE)
    assert "not allowed" in link_problem("/\\evil.example/", SITE)
    assert "does not start with /" in link_problem("prisoners/", SITE)


def test_a_broken_link_in_a_post_is_reported_at_its_line(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "src")
    post = site / "content/news/2026-01-15-hearing.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nMore on [Olga](/prisoners/olga-relased/) and "
                    "[this](javascript:alert(1)).\n", encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", AS_OF], environ={}) == 1
    err = capsys.readouterr().out
    assert ("content/news/2026-01-15-hearing.md:11: the link '/prisoners/olga-relased/' leads to no "
            "page of this site; did you mean '/prisoners/olga-released/'?") in err
    assert "content/news/2026-01-15-hearing.md:11: the link 'javascript:alert(1)' is not allowed" in err


# Every way a text can write a picture from another site, or a link to another host that
# looks like a path on this one (a browser strips tabs, line breaks and outer spaces,
# reads '\\' as '/', and an entity or a percent-escape is the character it stands for).
OFF_SITE_PICTURES = ['![a](https://evil.example/p.png)', '![a](http://evil.example/p.png)',
                     '![a](//evil.example/p.png)', '<img src="https://evil.example/p.png">',
                     '<img src=https://evil.example/p.png>', '<img src="HTTPS://evil.example/p.png">',
                     '<img src=" https://evil.example/p.png">', '<img src="/\\evil.example/p.png">',
                     '<img src="&#x2F;&#x2F;evil.example/p.png">', "<img src='//evil.example/p.png'>"]
SCHEME_RELATIVE = ['[a](//evil.example/)', '<a href="//evil.example/">a</a>', '<a href=//evil.example/>a</a>',
                   '<a href="/\\evil.example/">a</a>', '<a href="\\\\evil.example/">a</a>',
                   '<a href="\\/evil.example/">a</a>', '<a href="/%2Fevil.example/">a</a>',
                   '<a href="/%5Cevil.example/">a</a>', '<a href="%2F%2Fevil.example/">a</a>',
                   '<a href=" //evil.example/">a</a>', '<a href="&#47;&#47;evil.example/">a</a>',
                   '<a href="/&#92;evil.example/">a</a>', '<a href="&#x0A;//evil.example/">a</a>',
                   '<a href="/&#x09;/evil.example/">a</a>', '<a href="&#x01;//evil.example/">a</a>']


@pytest.mark.parametrize("text", OFF_SITE_PICTURES + SCHEME_RELATIVE)
def test_pictures_from_other_sites_and_scheme_relative_links_never_reach_a_page_or_the_feed(text):
    """In each language's pages (a base path, a language's folder) and in the feed (absolute
    addresses)."""
    rebases = (Rebase(), Rebase("/site/", "ru/", ("static/",)), Rebase().absolute("https://our.example"))
    for html in convert([("Before " + text + " after.", 2, rebases)])[0]:
        assert "evil.example" not in html and "Before" in html, html


def test_pictures_and_links_of_the_site_stay():
    html = Markdown().to_html("![a](/static/img/a.png) [b](/about/) [c](https://memopzk.org/) [d](#x)")
    for kept in ('src="/static/img/a.png"', 'href="/about/"', 'href="https://memopzk.org/"', 'href="#x"'):
        assert kept in html


@pytest.mark.parametrize("text", OFF_SITE_PICTURES + SCHEME_RELATIVE)
def test_the_link_check_reports_what_the_sanitizer_drops_at_its_line(tmp_path, capsys, text):
    site = copy_site("tiny", tmp_path / "src")
    post = site / "content/news/2026-01-15-hearing.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nMore below.\n\nSee " + text + ".\n", encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", AS_OF], environ={}) == 1
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines()
             if line.startswith("content/news/2026-01-15-hearing.md:13: ")]
    assert len(lines) == 1, captured
    assert "another site" in lines[0]


def test_the_link_check_reads_links_as_the_page_will_have_them(tmp_path, capsys):
    """An unquoted attribute, an escaped character: the link the page gets is the one checked."""
    site = copy_site("tiny", tmp_path / "src")
    post = site / "content/news/2026-01-15-hearing.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n<a href=/prisoners/olga-relased/>Olga</a>\n\n"
                    '<a href="&#x2F;prisoners&#x2F;ivan-hed&#x2F;">Ivan</a>\n', encoding="utf-8")
    assert main(["check", "--source", str(site), "--as-of", AS_OF], environ={}) == 1
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "content/news/2026-01-15-hearing.md:11: the link '/prisoners/olga-relased/' leads to no page" in output
    assert "the link '/prisoners/ivan-hed/' leads to no page" in output


def test_the_links_found_while_converting_are_those_the_link_check_finds_alone():
    """The build finds a text's links on the way as it converts it (once), not by converting it
    again: the same links, lines and verdicts, and the same HTML as convert."""
    texts = ["One [a](/about/) and ![b](/static/img/a.png)\n\nSee [the source][ref].\n<a href='/x/'>x</a>\n\n"
             "[ref]: https://example.org/\n",
             "# Title\n\n[bad](javascript:alert(1)) and [far](//evil.example/)\n\n"
             "![tracker](https://evil.example/p.png) <iframe src=\"/x/\"></iframe>\n\n"
             "[amp](/a?b=1&amp;c=2) [same](/about/) [same](/about/)",
             "No link at all, only words.", "<b>bold</b> but no link", "[not a link]"]
    rebases = (Rebase(), Rebase("/coalition/", "ru/", ("static/",)))
    items = [(text, top, rebases) for text in texts for top in (2, 3)]
    found = convert_finding_links(items)
    assert [htmls for htmls, _ in found] == convert(items)
    assert [links for _, links in found] == [links_in(text) for text, _, _ in items]
    assert any(not published for _, links in found for *_, published in links)


def test_the_next_build_takes_the_links_from_the_store_and_reports_the_same(tmp_path, capsys, monkeypatch):
    """A night's build takes its HTML from the content cache; it takes the links from the
    store's links.json too, without converting any text again; an entry of another shape is
    found again."""
    site = copy_site("tiny", tmp_path / "src")
    post = site / "content/news/2026-01-15-hearing.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nMore on [Olga](/prisoners/olga-relased/) and "
                    "[this](javascript:alert(1)).\n", encoding="utf-8")
    converted = []
    original = links_module.links_in.__wrapped__
    monkeypatch.setattr(links_module, "links_in", lambda text: converted.append(text) or original(text))
    expected = ("content/news/2026-01-15-hearing.md:11: the link '/prisoners/olga-relased/' leads to no "
                "page of this site; did you mean '/prisoners/olga-released/'?",
                "content/news/2026-01-15-hearing.md:11: the link 'javascript:alert(1)' is not allowed")

    def check() -> list[str]:
        converted.clear()
        assert main(["check", "--source", str(site), "--as-of", AS_OF], environ={}) == 1
        out = capsys.readouterr().out
        assert all(line in out for line in expected)
        return list(converted)

    assert post.read_text(encoding="utf-8") not in check()     # found while converting it
    assert check() == []
    stored = store_of(site / ".cache") / "links.json"
    entries = json.loads(stored.read_text(encoding="utf-8"))
    key = next(k for k, v in entries["entries"].items() if any("javascript:alert(1)" in link for link in v))
    entries["entries"][key] = [[11, "a", "javascript:alert(1)", "yes"]]
    stored.write_text(json.dumps(entries), encoding="utf-8")
    assert len(check()) == 1
    assert check() == []
