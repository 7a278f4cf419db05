"""Each language's Atom feed is valid Atom (RFC 4287): first against the RFC's own RELAX NG
schema (Appendix B, kept in tests/fixtures/atom/atom.rnc), then the RFC's rules that a
schema cannot say, checked one by one."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import html5lib
import pytest
import rnc2rng
import yaml
from lxml import etree

from conftest import FIXTURES, PROJECT, copy_site, run_build
from vigil.model.typography import typeset

ATOM_NS = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM_NS}
BASE = "https://example.org/"                     # base_url of the sample data
LANGUAGES = ("en", "ru", "uk")                    # languages of the sample data, default first
SCHEMA = FIXTURES / "atom" / "atom.rnc"
LAUNCH = "2019-02-21-coalition-launch"            # the sample post, written in all three
# RFC 3339 section 5.6 `date-time`: a time-offset (Z or +hh:mm) is not optional.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def prefix(lang: str) -> str:
    """The folder of a language's pages: '' for the default language, 'ru/' ..."""
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def strict_parser() -> etree.XMLParser:
    """Well-formed XML or an error: no recovery, no entities, no network."""
    return etree.XMLParser(recover=False, resolve_entities=False, no_network=True, load_dtd=False)


def parse(file: Path) -> etree._ElementTree:
    return etree.parse(str(file), strict_parser())


def rng_from_rnc(rnc: str) -> bytes:
    """The RELAX NG XML syntax of a compact-syntax schema, as rnc2rng writes it, less the
    declaration `xmlns:local=""` that it writes for the RFC's `namespace local = ""`: an
    empty namespace name for a prefix is not well-formed in Namespaces in XML 1.0, so
    libxml2 refuses the whole document. The prefix is used nowhere (rnc2rng writes
    `local:*` as <nsName ns=""/>), so leaving the declaration out changes no rule."""
    rng = rnc2rng.dumps(rnc2rng.loads(rnc))
    return re.sub(r'\s+xmlns:local=""', "", rng).encode("utf-8")


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.fromstring(rng_from_rnc(SCHEMA.read_text(encoding="utf-8")),
                                          strict_parser()))


def schema_errors(schema: etree.RelaxNG, doc) -> list[str]:
    """[] for a valid document, else libxml2's messages, line by line."""
    if schema.validate(doc):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def front_matter(file: Path) -> dict:
    """The YAML fields between the two '---' lines of a Markdown file."""
    text = file.read_text(encoding="utf-8")
    assert text.startswith("---\n"), file
    return yaml.safe_load(text[4:].split("\n---\n", 1)[0])


def language_of(element) -> str | None:
    """The xml:lang in force on an element: its own, or its nearest ancestor's."""
    found = element.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")
    return str(found[0]) if found else None


def links(parent, rel: str) -> list:
    """The atom:link children of `parent` with this rel; no rel means 'alternate' (4.2.7.2)."""
    return [link for link in parent.findall("atom:link", NS)
            if link.get("rel", "alternate") == rel]


def moment(text: str) -> dt.datetime:
    """An Atom date construct as a time-zone-aware datetime; fails unless it is RFC 3339."""
    assert RFC3339.fullmatch(text), f"{text!r} is not an RFC 3339 date-time with an offset"
    value = dt.datetime.fromisoformat(text)
    assert value.tzinfo is not None
    return value


def is_absolute_iri(text: str) -> bool:
    """RFC 4287 4.2.6: an atom:id is an IRI, and not a relative reference: it has a scheme;
    an http(s) one also has a host."""
    parts = urlsplit(text)
    return (bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme)) and text == text.strip()
            and (parts.scheme not in ("http", "https") or bool(parts.netloc)))


def site_file(out: Path, url: str, base: str) -> Path:
    """The file that the address `url` of the site at `base` serves."""
    assert url.startswith(base), f"{url} is not on the site {base}"
    path = urlsplit(url).path[len(urlsplit(base).path):]
    return out / path / "index.html" if path == "" or path.endswith("/") else out / path


# --------------------------------------------------------------------------- the RFC's schema
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_feed_is_valid_against_the_rfc_4287_schema(sample_site, atom_schema, lang):
    doc = parse(sample_site / prefix(lang) / "feed.xml")
    assert doc.getroot().tag == f"{{{ATOM_NS}}}feed"
    assert doc.docinfo.encoding.lower() == "utf-8"
    assert schema_errors(atom_schema, doc) == []
    assert doc.getroot().findall("atom:entry", NS), "the sample site has a post"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_events_feed_is_valid_against_the_rfc_4287_schema(sample_site, atom_schema, lang):
    """The records' latest events (events.xml), newest first, each entry at its profile."""
    doc = parse(sample_site / prefix(lang) / "events.xml")
    assert schema_errors(atom_schema, doc) == []
    entries = doc.getroot().findall("atom:entry", NS)
    assert entries, "the sample records have dated events"
    published = [moment(e.findtext("atom:published", namespaces=NS)) for e in entries]
    assert published == sorted(published, reverse=True)
    assert doc.getroot().findtext("atom:updated", namespaces=NS) == entries[0].findtext("atom:published", namespaces=NS)
    for entry in entries:
        address = entry.findtext("atom:id", namespaces=NS)
        assert address.startswith(f"{BASE}{prefix(lang)}prisoners/") and "/#" in address
        assert links(entry, "alternate")[0].get("href") == address


def test_the_schema_is_the_rfcs_whole_grammar(atom_schema):
    """The fixture is the RFC's schema, not a cut-down one: every pattern Appendix B names."""
    grammar = etree.fromstring(rng_from_rnc(SCHEMA.read_text(encoding="utf-8")))
    rng = "{http://relaxng.org/ns/structure/1.0}"
    names = {d.get("name") for d in grammar.iter(f"{rng}define")}
    assert names == {
        "atomCommonAttributes", "atomPlainTextConstruct", "atomXHTMLTextConstruct",
        "atomTextConstruct", "atomPersonConstruct", "atomDateConstruct", "atomFeed", "atomEntry",
        "atomInlineTextContent", "atomInlineXHTMLContent", "atomInlineOtherContent",
        "atomOutOfLineContent", "atomContent", "atomAuthor", "atomCategory", "atomContributor",
        "atomGenerator", "atomIcon", "atomId", "atomLogo", "atomLink", "atomPublished",
        "atomRights", "atomSource", "atomSubtitle", "atomSummary", "atomTitle", "atomUpdated",
        "atomNCName", "atomMediaType", "atomLanguageTag", "atomUri", "atomEmailAddress",
        "simpleExtensionElement", "structuredExtensionElement", "extensionElement",
        "undefinedAttribute", "undefinedContent", "anyElement", "anyForeignElement",
        "anyXHTML", "xhtmlDiv"}
    assert grammar.get("datatypeLibrary") == "http://www.w3.org/2001/XMLSchema-datatypes"
    assert [r.get("name") for r in grammar.find(f"{rng}start").iter(f"{rng}ref")] == \
        ["atomFeed", "atomEntry"]


# Each: what is wrong, a pattern of the valid ru/feed.xml, what replaces it (once).
BROKEN = [
    ("a feed without an id", r"\n  <id>[^<]*</id>", ""),
    ("an entry without updated", r"(<entry>.*?)\n    <updated>[^<]*</updated>", r"\1"),
    ("an entry with two titles", r"(<entry>\s*)(<title>[^<]*</title>)", r"\1\2\2"),
    ("a date without its time", r"<published>(\d{4}-\d\d-\d\d)T[^<]*<", r"<published>\1<"),
    ("a day that does not exist", r"<published>\d{4}-\d\d-\d\d", "<published>2019-02-30"),
    ("a link without href", r'(<link rel="alternate" type="text/html") href="[^"]*"', r"\1"),
    ("a media type without a slash", r'type="application/atom\+xml"', 'type="atom"'),
    ("a language tag with an underscore", r'xml:lang="ru"', 'xml:lang="ru_RU"'),
    ("markup inside a plain-text construct", r"<summary>", "<summary><b>bold</b>"),
    ("xhtml text that is not a div", r"<summary>", '<summary type="xhtml">'),
    ("an attribute Atom does not define", r'<content type="html"',
     '<content type="html" mode="escaped"'),
    ("feed metadata after the entries", r"</feed>", "<rights>late</rights></feed>"),
    ("an element in no namespace", r"</entry>", "<comments>0</comments></entry>"),
]


@pytest.mark.parametrize("what, pattern, replacement", BROKEN, ids=[b[0] for b in BROKEN])
def test_the_schema_refuses_what_rfc_4287_forbids(sample_site, atom_schema, what, pattern,
                                                  replacement):
    text = (sample_site / "ru/feed.xml").read_text(encoding="utf-8")
    broken, n = re.subn(pattern, replacement, text, count=1, flags=re.DOTALL)
    assert n == 1, f"the feed has changed: no {pattern!r} in it"
    doc = etree.fromstring(broken.encode("utf-8"), strict_parser())
    assert schema_errors(atom_schema, doc) != [], what


def test_the_parser_refuses_a_feed_that_is_not_well_formed(sample_site):
    text = (sample_site / "ru/feed.xml").read_text(encoding="utf-8")
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(text.replace("&lt;p&gt;", "<p>", 1).encode("utf-8"), strict_parser())


# --------------------------------------------------------------------------- rules past the schema
@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_language_self_and_alternate_links(sample_site, lang):
    feed = parse(sample_site / prefix(lang) / "feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    self_links = links(feed, "self")
    assert len(self_links) == 1
    assert self_links[0].get("href") == f"{BASE}{prefix(lang)}feed.xml"        # this very file
    assert self_links[0].get("type") == "application/atom+xml"
    alternates = links(feed, "alternate")
    assert len(alternates) == 1
    assert alternates[0].get("href") == f"{BASE}{prefix(lang)}news/"
    assert alternates[0].get("type") == "text/html"
    assert site_file(sample_site, alternates[0].get("href"), BASE).is_file()
    assert is_absolute_iri(feed.findtext("atom:id", namespaces=NS))
    # The schema's Schematron rule: the feed has an author, or every entry has one.
    assert feed.find("atom:author/atom:name", NS).text.strip()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entries_have_absolute_unique_ids_and_this_languages_page(sample_site, lang):
    feed = parse(sample_site / prefix(lang) / "feed.xml").getroot()
    entries = feed.findall("atom:entry", NS)
    ids = [e.findtext("atom:id", namespaces=NS) for e in entries]
    assert all(is_absolute_iri(i) for i in ids), ids
    assert len(set(ids)) == len(ids)
    for entry in entries:
        alternates = links(entry, "alternate")
        # One alternate link a type and hreflang (4.1.1); and, the Schematron rule, an
        # alternate link or content in every entry.
        assert len(alternates) == 1
        href = alternates[0].get("href")
        assert re.fullmatch(re.escape(f"{BASE}{prefix(lang)}news/") + r"[a-z0-9]+(-[a-z0-9]+)*/",
                            href), href
        page = site_file(sample_site, href, BASE)
        assert page.is_file(), href
        assert f'<html lang="{lang}"' in page.read_text(encoding="utf-8")


def test_no_two_feeds_share_an_id(sample_site):
    seen: dict[str, str] = {}
    for lang in LANGUAGES:
        feed = parse(sample_site / prefix(lang) / "feed.xml").getroot()
        ids = feed.findall(".//atom:id", NS)
        assert len(ids) == 1 + len(feed.findall("atom:entry", NS)) > 1
        for found in ids:
            assert found.text not in seen, (f"{found.text} is in both the {seen.get(found.text)} "
                                             f"and the {lang} feed")
            seen[found.text] = lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_are_rfc_3339_with_an_offset(sample_site, lang):
    feed = parse(sample_site / prefix(lang) / "feed.xml").getroot()
    updated = moment(feed.findtext("atom:updated", namespaces=NS))
    entries = feed.findall("atom:entry", NS)
    for entry in entries:
        published = moment(entry.findtext("atom:published", namespaces=NS))
        entry_updated = moment(entry.findtext("atom:updated", namespaces=NS))
        assert published <= entry_updated <= updated
    assert updated == max(moment(e.findtext("atom:updated", namespaces=NS)) for e in entries)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_text_is_in_the_feeds_language(sample_site, lang):
    """The post's title and summary as written in its file for this language, in force
    under the feed's xml:lang."""
    feed = parse(sample_site / prefix(lang) / "feed.xml").getroot()
    written = front_matter(PROJECT / "content/news" /
                           (f"{LAUNCH}.md" if lang == LANGUAGES[0] else f"{LAUNCH}.{lang}.md"))
    entry, = [e for e in feed.findall("atom:entry", NS)
              if e.findtext("atom:id", namespaces=NS) == f"{BASE}{prefix(lang)}news/{LAUNCH}/"]
    title, summary = entry.find("atom:title", NS), entry.find("atom:summary", NS)
    # as written, with the no-break spaces the language's typography sets (typography.py)
    assert title.text == typeset(written["title"], lang)
    assert summary.text == typeset(written["summary"], lang)
    assert title.get("type", "text") == summary.get("type", "text") == "text"
    for element in (entry, title, summary, entry.find("atom:content", NS)):
        assert language_of(element) == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_content_is_escaped_html_that_parses(sample_site, lang):
    feed_url = f"{BASE}{prefix(lang)}feed.xml"
    feed = parse(sample_site / prefix(lang) / "feed.xml").getroot()
    for entry in feed.findall("atom:entry", NS):
        content = entry.find("atom:content", NS)
        assert content.get("type") == "html"
        assert len(content) == 0                   # text, not child elements
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        fragment = parser.parseFragment(content.text)
        assert parser.errors == []
        assert fragment.find("p") is not None, "escaped once: the text is HTML, not &lt;p&gt;"
        # A relative reference resolves against the feed's own address (RFC 4287 section 2,
        # xml:base): to a page of this language that exists.
        hrefs = [a.get("href") for a in fragment.iter("a")]
        assert hrefs, "the sample post links to the members and the prisoners"
        for href in hrefs:
            url = urljoin(feed_url, href)
            if url.startswith(BASE):
                assert url.startswith(f"{BASE}{prefix(lang)}"), url
                assert site_file(sample_site, url, BASE).is_file(), url


def content_links(feed) -> list[str]:
    """Every href and src in the HTML of the feed's entries."""
    found = []
    for content in feed.iterfind("atom:entry/atom:content", NS):
        fragment = html5lib.parseFragment(content.text, namespaceHTMLElements=False)
        found += [e.get(name) for e in fragment.iter() for name in ("href", "src") if e.get(name)]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_in_entries_are_absolute_addresses_of_the_feeds_language(sample_site, lang):
    """A feed reader shows a post away from the site: a site path (/members/) would lead
    nowhere there, and readers seldom honour xml:base."""
    hrefs = content_links(parse(sample_site / prefix(lang) / "feed.xml").getroot())
    assert f"{BASE}{prefix(lang)}members/" in hrefs
    assert f"{BASE}{prefix(lang)}prisoners/alexey-pichugin/" in hrefs
    assert not [href for href in hrefs if href.startswith("/")]
    assert all(is_absolute_iri(href) for href in hrefs), hrefs


def test_links_and_images_in_entries_are_absolute_under_a_base_path(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    post = site / "content/news/2026-01-15-hearing.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n![The icon](/static/img/favicon.svg)"
                    " [Back](#top) [About](/about/)\n", encoding="utf-8")
    out = tmp_path / "public"
    assert run_build(site, out, "--base-url", "https://example.github.io/coalition/") == 0
    feed = parse(out / "feed.xml").getroot()
    hrefs = content_links(feed)
    base = "https://example.github.io/coalition/"
    assert {f"{base}prisoners/ivan-held/", f"{base}static/img/favicon.svg",
            f"{base}about/", "#top"} <= set(hrefs)
    assert not [href for href in hrefs if href.startswith("/")]
    # a link within the post leads to the post's own page
    for entry in feed.iterfind("atom:entry", NS):
        assert entry.find("atom:content", NS).get("{http://www.w3.org/XML/1998/namespace}base") \
            == entry.findtext("atom:id", namespaces=NS)
    # the post's own page keeps site paths
    assert 'href="/coalition/about/"' in (out / "news/2026-01-15-hearing/index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- text in English only
def test_a_feed_of_untranslated_posts_marks_them_english_and_stays_valid(tmp_path, atom_schema):
    site = copy_site("tiny", tmp_path / "src")
    with (site / "data/site.yaml").open("a", encoding="utf-8") as f:
        f.write("languages: [en, ru, uk]\n")
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    base = "https://tiny.example/"
    english = parse(out / "feed.xml").getroot()
    posts = {file.stem: front_matter(file) for file in (site / "content/news").glob("*.md")}
    for lang in ("ru", "uk"):
        doc = parse(out / lang / "feed.xml")
        assert schema_errors(atom_schema, doc) == []
        feed = doc.getroot()
        assert language_of(feed) == lang
        # The site's title and tagline are English only, and say so.
        assert language_of(feed.find("atom:title", NS)) == "en"
        assert language_of(feed.find("atom:subtitle", NS)) == "en"
        entries = feed.findall("atom:entry", NS)
        assert len(entries) == len(english.findall("atom:entry", NS)) == 2
        for entry in entries:
            assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
            for part in ("title", "summary", "content"):
                assert language_of(entry.find(f"atom:{part}", NS)) == "en", part
            slug = re.fullmatch(re.escape(f"{base}{lang}/news/") + r"([a-z0-9-]+)/",
                                entry.findtext("atom:id", namespaces=NS)).group(1)
            assert entry.findtext("atom:title", namespaces=NS) == posts[slug]["title"]
            assert entry.findtext("atom:summary", namespaces=NS) == posts[slug]["summary"]
            href = links(entry, "alternate")[0].get("href")
            assert href == f"{base}{lang}/news/{slug}/"
            assert site_file(out, href, base).is_file()
    # In the English feed nothing is marked: all of it is in the feed's own language.
    assert language_of(english) == "en"
    assert english.xpath("//@xml:lang") == ["en"]
