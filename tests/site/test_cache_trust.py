"""The content cache is data, never code, and never trusted: a cache planted in a site's
folder (`check --source DIR` reads DIR/.cache/) runs nothing, and nothing taken from it is
published without the checks a build without it makes."""
from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import AS_OF, run_build, store_of, tree
from vigil.cli import main
from vigil.features.search import RUNTIME
from vigil.load.data import record_from
from vigil.load.parsed import from_plain, to_plain
from vigil.load.schema import NotOurs


@pytest.fixture
def built(tiny, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """A copy of the tiny site built once (its cache made), and what that build published."""
    site = tiny
    assert run_build(site, tmp_path / "first") == 0
    return site, tree(tmp_path / "first")


class Payload:
    """A pickle that, unpickled, writes a file: what a planted cache could run."""
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_planted_pickle_is_never_unpickled(tiny, tmp_path):
    site = tiny
    marker = tmp_path / "ran"
    (site / ".cache").mkdir()
    (site / ".cache/parsed.pickle").write_bytes(pickle.dumps(Payload(marker)))
    assert not marker.exists()                       # the payload runs only when loaded
    assert main(["check", "--source", str(site), "--as-of", AS_OF], environ={}) == 0
    assert not marker.exists()


def entries(file: Path) -> dict:
    return json.loads(file.read_text(encoding="utf-8"))["entries"]


def rewrite(file: Path, change) -> None:
    data = json.loads(file.read_text(encoding="utf-8"))
    data["entries"] = {key: change(value) for key, value in data["entries"].items()}
    file.write_text(json.dumps(data), encoding="utf-8")


HOSTILE_HTML = ['<p>x<script>alert(1)</script></p>', '<p><img src="x" onerror="alert(1)"></p>',
                '<p><a href="javascript:alert(1)">x</a></p>', '<iframe src="/x"></iframe>',
                '<p style="x" onclick="alert(1)">x</p>']


@pytest.mark.parametrize("html", HOSTILE_HTML)
def test_cached_html_goes_through_the_sanitizer_again(built, tmp_path, html):
    site, _ = built
    rewrite(store_of(site / ".cache") / "markdown.json", lambda _: html)
    assert run_build(site, tmp_path / "again") == 0
    published = b"".join(data for rel, data in tree(tmp_path / "again").items()
                         if rel.endswith((".html", ".xml")))
    for sign in (b"alert(1)", b"<iframe", b"onclick", b"onerror", b"style=\"x\""):
        assert sign not in published


@pytest.mark.parametrize("svg", [
    '<svg aria-hidden="true" viewBox="0 0 29 29" class="qr"><script>alert(1)</script></svg>',
    '<svg aria-hidden="true" viewBox="0 0 29 29" class="qr" onload="alert(1)">'
    '<path stroke="#000" d="M4 4.5h7"/></svg>',
    '<svg aria-hidden="true" viewBox="0 0 29 29" class="qr"><path stroke="#000" d="M4 4.5h7"/>'
    '</svg><script>alert(1)</script>'])
def test_a_cached_qr_code_of_another_shape_is_made_again(built, tmp_path, svg):
    site, first = built
    assert entries(store_of(site / ".cache") / "qr.json")
    rewrite(store_of(site / ".cache") / "qr.json", lambda _: svg)
    assert run_build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == first


def test_cached_records_are_checked_against_the_schema_again(built, tmp_path):
    """A record in the cache that the schema refuses (an id that leaves its folder) is
    read again from its file."""
    site, first = built
    cached = store_of(site / ".cache") / "parsed.json"
    text = cached.read_text(encoding="utf-8")
    assert text.count('["id","ivan-held"]') == 1
    cached.write_text(text.replace('["id","ivan-held"]', '["id","../../escaped"]'), encoding="utf-8")
    assert run_build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == first
    assert not (tmp_path / "escaped").exists()


@pytest.mark.parametrize("plain", [
    {"value": {"map": [["id", "x"]]}, "places": [[1, 1]]},              # fields missing
    {"value": {"map": [["id", {"date": "2019-02-30"}]]}, "places": [[1, 1]]},
    {"value": [], "places": [[1, 1]]},
    {"value": {"map": []}, "places": "nowhere"},
    {"value": {"date": "2019-02-21", "map": []}, "places": [[1, 1]]},
])
def test_a_cache_entry_that_is_not_a_valid_record_is_refused(plain):
    with pytest.raises((NotOurs, KeyError, TypeError, ValueError)):
        record_from(plain, "prisoners.schema.json")


def test_values_go_through_the_cache_and_back_as_they_were():
    import datetime as dt
    value = {"date": "2019-02-21", "map": [1, "x"], "when": dt.date(2019, 2, 21), "yes": True,
             "at": dt.datetime.fromisoformat("2019-02-21T10:00:00+03:00"), "n": 0}
    assert from_plain(json.loads(json.dumps(to_plain(value)))) == value
    assert from_plain(json.loads(json.dumps(to_plain(value))))["date"] == "2019-02-21"


def kept_index(site: Path) -> Path:
    """The search index the build kept: its entry in the store (search/<key>/)."""
    (kept,) = (store_of(site / ".cache") / "search").iterdir()
    return kept


def listed(entry: Path) -> dict[str, str]:
    return json.loads((entry / "entry.json").read_text(encoding="utf-8"))["files"]


def plant(entry: Path, name: str, data: bytes) -> None:
    """A file put into a kept entry, with its manifest written to match."""
    (entry / name).parent.mkdir(parents=True, exist_ok=True)
    (entry / name).write_bytes(data)
    files = listed(entry)
    files[name] = hashlib.sha256(data).hexdigest()
    manifest = json.loads((entry / "entry.json").read_text(encoding="utf-8"))
    (entry / "entry.json").write_text(json.dumps({**manifest, "files": files}), encoding="utf-8")


@pytest.mark.parametrize("name", ["pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"])
def test_the_kept_search_index_never_supplies_scripts_or_webassembly(built, tmp_path, name):
    """The cache keeps none: they come from the installed Pagefind each build. An entry that
    holds one, even listed in its manifest with its digest, is not trusted, and made anew."""
    site, first = built
    entry = kept_index(site)
    assert RUNTIME.fullmatch(f"pagefind/{name}") and f"pagefind/{name}" in first
    assert "pagefind/pagefind-entry.json" in listed(entry)
    assert not [rel for rel in listed(entry) if RUNTIME.fullmatch(rel)]
    plant(entry, f"pagefind/{name}", b"alert('planted');")
    assert run_build(site, tmp_path / "again") == 0
    again = tree(tmp_path / "again")
    assert again[f"pagefind/{name}"] == first[f"pagefind/{name}"]
    assert again == first
    assert kept_index(site) == entry and f"pagefind/{name}" not in listed(entry)


@pytest.mark.parametrize("damage", ["a script listed", "a page listed", "a file not listed",
                                    "a fragment changed", "a folder a link", "the entry a link"])
def test_a_kept_search_index_that_is_not_what_the_build_kept_is_never_published(built, tmp_path, damage):
    """Only the files its manifest lists, each with the digest written there, reached
    through no link, are taken from a kept index, and only names Pagefind writes as data;
    anything else makes it anew. Nothing is read or written through a link."""
    site, first = built
    entry = kept_index(site)
    elsewhere = tmp_path / "elsewhere"
    if damage == "a script listed":
        plant(entry, "pagefind/extra.js", b"alert('planted');")
    elif damage == "a page listed":
        plant(entry, "pagefind/index.html", b"<script>alert('planted')</script>")
    elif damage == "a file not listed":         # never read: the entry is used as it was
        (entry / "pagefind/extra.js").write_bytes(b"alert('planted');")
    elif damage == "a fragment changed":
        fragment = sorted((entry / "pagefind/fragment").iterdir())[0]
        fragment.write_bytes(b"planted" + fragment.read_bytes())
    elif damage == "a folder a link":            # to a copy of its very files
        shutil.copytree(entry / "pagefind/fragment", elsewhere)
        shutil.rmtree(entry / "pagefind/fragment")
        (entry / "pagefind/fragment").symlink_to(elsewhere, target_is_directory=True)
    elif damage == "the entry a link":
        shutil.copytree(entry, elsewhere)
        shutil.rmtree(entry)
        entry.symlink_to(elsewhere, target_is_directory=True)
    planted = tree(elsewhere) if elsewhere.exists() else {}
    assert run_build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == first
    assert (tree(elsewhere) if elsewhere.exists() else {}) == planted
    assert kept_index(site) == entry and not entry.is_symlink()
    assert not any(p.is_symlink() for p in entry.rglob("*"))


# Schema edits that make the tiny site wrong: a record, a whole file, a post's front matter.
SCHEMA_EDITS = {
    "prisoners": ("prisoners.schema.json", '"summary", "sources", "verified"]',
                  '"summary", "sources", "verified", "address"]'),
    "members": ("members.schema.json", '"required": ["id", "name", "countries", "url"]',
                '"required": ["id", "name", "countries", "url", "founding"]'),
    "news": ("news.schema.json", '"required": ["title", "date", "summary"]',
             '"required": ["title", "date", "summary", "tags"]'),
}


@pytest.mark.parametrize("edit", list(SCHEMA_EDITS))
def test_a_schema_edited_between_two_builds_of_one_process_is_read_again(tiny, tmp_path, monkeypatch, edit):
    """serve keeps what it read in memory; after a schema is edited, the next build reports
    what a cold build reports, and saves nothing checked against the old schema under the
    new one's stamp, so a build from that cache reports it too."""
    from vigil.build.pipeline import PROJECT, load
    from vigil.build.session import Session
    from vigil.load import schema
    from vigil.load.folders import Folders
    schemas = tmp_path / "schema"
    schemas.mkdir()
    for file in (PROJECT / "schema").glob("*.json"):
        (schemas / file.name).write_bytes(file.read_bytes())
    monkeypatch.setattr(schema, "SCHEMA_DIR", schemas)
    session = Session()                                         # as serve keeps one
    site = tiny
    kept = Folders(site.resolve(), tmp_path / "cache")
    assert load(kept, session=session)[1] == []
    name, old, new = SCHEMA_EDITS[edit]
    text = (schemas / name).read_text(encoding="utf-8")
    assert old in text
    (schemas / name).write_text(text.replace(old, new), encoding="utf-8")
    served = sorted(str(p) for p in load(kept, session=session)[1])
    cold = sorted(str(p) for p in load(Folders(site.resolve(), tmp_path / "cold"))[1])
    assert cold and served == cold
    # a new process (a new session), the same cache
    assert sorted(str(p) for p in load(kept, session=Session())[1]) == cold


def test_a_kept_photo_rendition_with_metadata_is_made_again(built, tmp_path):
    """The photos' renditions in the cache were made bare by the build: one that carries
    metadata (its entry's hashes written to match) was put there by something else."""
    import hashlib
    import io

    from PIL import ExifTags, Image
    site, first = built
    (entry,) = (store_of(site / ".cache") / "photos").glob("*/entry.json")
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({ExifTags.GPS.GPSLatitudeRef: "N",
                                               ExifTags.GPS.GPSLatitude: (55.0, 45.0, 21.0)})
    planted = io.BytesIO()
    Image.new("RGB", (640, 800)).save(planted, "JPEG", exif=exif)
    (entry.parent / "640.jpg").write_bytes(planted.getvalue())
    kept = json.loads(entry.read_text(encoding="utf-8"))
    kept["files"]["640.jpg"] = hashlib.sha256(planted.getvalue()).hexdigest()
    entry.write_text(json.dumps(kept), encoding="utf-8")
    assert run_build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == first


@pytest.mark.parametrize("name", ["parsed.json", "markdown.json", "qr.json"])
@pytest.mark.parametrize("damage", ["nested", "entry nested", "not tagged"])
def test_a_cache_file_made_to_break_the_reader_is_ignored(built, tmp_path, name, damage):
    site, first = built
    file = store_of(site / ".cache") / name
    data = json.loads(file.read_text(encoding="utf-8"))
    if damage == "nested":
        file.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    else:
        deep = "[" * 200_000 + "]" * 200_000 if damage == "entry nested" else '{"date": "x", "map": []}'
        text = json.dumps({**data, "entries": dict.fromkeys(data["entries"], 0)})
        file.write_text(text.replace(": 0", ": " + deep), encoding="utf-8")
    assert run_build(site, tmp_path / "again") == 0
    assert tree(tmp_path / "again") == first


@pytest.mark.parametrize("kind", ["share.card", "headline.png"])
def test_a_kept_card_of_another_shape_is_made_again(built, tmp_path, kind):
    """The cards the cache keeps were written by the build, as a palette PNG of the card's
    size and nothing else: one carrying anything more (a text chunk, here, its entry's
    digest written to match) was put there by something else."""
    import hashlib
    import struct
    import zlib
    site, first = built
    files = sorted((store_of(site / ".cache") / "cards").glob(f"*/{kind}"))
    assert files
    for file in files:
        body = file.read_bytes()
        header = body[:41] if kind == "share.card" else b""
        card = body[len(header):]
        text = b"tEXtComment\0planted"
        chunk = struct.pack(">I", len(text) - 4) + text + struct.pack(">I", zlib.crc32(text))
        planted = header + card[:-12] + chunk + card[-12:]
        file.write_bytes(planted)
        manifest = json.loads((file.parent / "entry.json").read_text(encoding="utf-8"))
        manifest["files"][kind] = hashlib.sha256(planted).hexdigest()
        (file.parent / "entry.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert run_build(site, tmp_path / "again") == 0
    again = tree(tmp_path / "again")
    assert not any(b"planted" in data for data in again.values())
    assert again == first
