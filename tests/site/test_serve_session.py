"""What `serve` keeps between builds never outlives what it was made from: after an edit,
the site a build in the same process makes is byte for byte the site a clean build of the
edited copy makes."""
from __future__ import annotations

import datetime as dt
import gc
import importlib
import io
import pkgutil
import re
import shutil
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from PIL import Image

import vigil
from conftest import AS_OF, PROJECT, copy_site, tree
from vigil.base.problems import ContentError
from vigil.build.options import BuildOptions
from vigil.build.pipeline import build
from vigil.build.session import Session
from vigil.load import schema
from vigil.load.folders import Folders
from vigil.serve import settle_memory

DAY = dt.date.fromisoformat(AS_OF)

# A clean build in a process of its own, from the schema files in argv[1]: nothing this
# process read or kept can reach it.
CLEAN_BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from vigil.load import schema
schema.SCHEMA_DIR = Path(sys.argv[1])
from vigil.cli import main
sys.exit(main(["build", "--source", sys.argv[2], "--out", sys.argv[3], "--as-of", sys.argv[5],
               "--cache", sys.argv[2] + "/.cache"], environ={}))
"""


def clean_build_elsewhere(schemas: Path, site: Path, out: Path) -> dict[str, bytes]:
    subprocess.run([sys.executable, "-c", CLEAN_BUILD, str(schemas), str(site), str(out),
                    str(PROJECT), AS_OF], check=True, cwd=PROJECT)
    return tree(out)


def test_a_schema_edit_reaches_what_serve_has_kept(tmp_path, monkeypatch):
    """The schema's words in an order of its own (the categories, here): the pages and the
    open data a build in the serving process makes are those a new process makes. (The
    vocabularies' values were read from the schema once, at import, and kept.)"""
    schemas = tmp_path / "schema"
    shutil.copytree(PROJECT / "schema", schemas)
    monkeypatch.setattr(schema, "SCHEMA_DIR", schemas)
    session = Session()                                         # as serve keeps one
    site = copy_site("tiny", tmp_path / "site")
    shutil.rmtree(site / ".cache", ignore_errors=True)
    folders = Folders(site.resolve(), tmp_path / "cache")
    first = build(folders, tmp_path / "served", BuildOptions(DAY), session=session)
    file = schemas / "prisoners.schema.json"
    text = file.read_text(encoding="utf-8")
    assert '"journalist", "blogger"' in text
    file.write_text(text.replace('"journalist", "blogger"', '"blogger", "journalist"'), encoding="utf-8")
    build(folders, tmp_path / "served", BuildOptions(DAY), previous=first.previous, session=session)
    clean = clean_build_elsewhere(schemas, copy_site("tiny", tmp_path / "clean-site"), tmp_path / "clean")
    served = tree(tmp_path / "served")
    assert [rel for rel in sorted(clean.keys() | served.keys()) if clean.get(rel) != served.get(rel)] == []


# --------------------------------------------------------------------------- each kind of edit
def replace_in(site: Path, rel: str, old: str, new: str) -> None:
    file = site / rel
    text = file.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def in_russian_too(site: Path) -> None:
    replace_in(site, "data/site.yaml", "timezone: Europe/Moscow\n",
               "timezone: Europe/Moscow\nlanguages: [en, ru]\n")


def new_catalog(site: Path) -> None:
    catalog = site / "locales/ru/LC_MESSAGES/messages.po"
    catalog.parent.mkdir(parents=True)
    text = (PROJECT / "locales/ru/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert 'msgstr "Политзаключённые"' in text
    catalog.write_text(text.replace('msgstr "Политзаключённые"', 'msgstr "Политические заключённые"'),
                       encoding="utf-8")


def new_template(site: Path) -> None:
    (site / "templates").mkdir(exist_ok=True)
    base = (PROJECT / "templates/page.html").read_text(encoding="utf-8")
    assert '<article class="page">' in base
    (site / "templates/page.html").write_text(base.replace('<article class="page">', '<article class="page edited">'),
                                              encoding="utf-8")


def new_photo(site: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (640, 800), (200, 180, 160)).save(out, "JPEG")
    (site / "static/img/prisoners/ivan-held.jpg").write_bytes(out.getvalue())


def categories_reordered(schemas: Path) -> None:
    replace_in(schemas, "prisoners.schema.json", '"journalist", "blogger"', '"blogger", "journalist"')


def address_required(schemas: Path) -> None:
    """Every record must give an address: two of the tiny site's do not."""
    replace_in(schemas, "prisoners.schema.json", '"summary", "sources", "verified"]',
               '"summary", "sources", "verified", "address"]')


# Each kind of edit: what the site has before it (None: the tiny site as it is), the edit to
# the site (or, for a schema, to the schema files).
EDITS = {
    "a record": (None, lambda site, schemas: replace_in(site, "data/prisoners.yaml",
                                                        "name: Olga Released", "name: Olga Freed")),
    "a post": (None, lambda site, schemas: replace_in(site, "content/news/2026-11-28-appeal.md",
                                                      "filed late in the evening", "filed at night")),
    "a page": (None, lambda site, schemas: replace_in(site, "content/pages/about.md",
                                                      "We are a test.", "We are a small test.")),
    # the open data's schema states the counting rule in that page's words
    "the counting rule's page": (None, lambda site, schemas: replace_in(
        site, "content/pages/how-we-count.md", "The day of detention is day 0.", "The day of arrest is day 0.")),
    "a template": (None, lambda site, schemas: new_template(site)),
    "a translation catalog": (in_russian_too, lambda site, schemas: new_catalog(site)),
    "a schema file (an order)": (None, lambda site, schemas: categories_reordered(schemas)),
    "a schema file (a rule)": (None, lambda site, schemas: address_required(schemas)),
    "the site's settings": (None, lambda site, schemas: replace_in(site, "data/site.yaml",
                                                                   "figure: 1262", "figure: 1263")),
    "a photo": (None, lambda site, schemas: new_photo(site)),
}


def outcome(folders: Folders, out: Path, **serving) -> object:
    """What a build gives: its result, or the problems it stopped at."""
    try:
        return build(folders, out, BuildOptions(DAY, dev=True), **serving)
    except ContentError as err:
        return sorted(str(p) for p in err.problems)


def without_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """Every file but the search index's, which serve makes on its first build only."""
    return {rel: data for rel, data in files.items() if not rel.startswith("pagefind/")}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_build_through_a_serve_session_equals_a_clean_build(tmp_path, monkeypatch, name):
    """Build once through a session, edit, build again through the same session (as serve
    does); then build a copy of the edited site in a fresh session, with a cache of its own:
    the two sites are the same, byte for byte (or the two builds stop at the same problems)."""
    before, edit = EDITS[name]
    schemas = tmp_path / "schema"
    shutil.copytree(PROJECT / "schema", schemas)
    monkeypatch.setattr(schema, "SCHEMA_DIR", schemas)
    site = copy_site("tiny", tmp_path / "site")
    shutil.rmtree(site / ".cache", ignore_errors=True)
    if before is not None:
        before(site)
    session, folders, served = Session(), Folders(site.resolve(), tmp_path / "cache"), tmp_path / "served"
    first = build(folders, served, BuildOptions(DAY, dev=True), session=session)
    edit(site, schemas)
    again = outcome(folders, served, session=session, previous=first.previous)
    edited = shutil.copytree(site, tmp_path / "edited", ignore=shutil.ignore_patterns(".cache"))
    clean = outcome(Folders(edited.resolve(), tmp_path / "clean-cache"), tmp_path / "clean")
    if isinstance(clean, list):                  # the edit made the site wrong
        assert name == "a schema file (a rule)" and clean
        assert again == clean
        return
    served_files, clean_files = tree(served), tree(tmp_path / "clean")
    assert [rel for rel in sorted(served_files.keys() | clean_files.keys())
            if without_index(served_files).get(rel) != without_index(clean_files).get(rel)] == []


def test_a_session_keeps_no_value_a_failed_build_made(tmp_path, monkeypatch):
    """An edit that breaks a record, then its undoing: the session's build after the fix is
    the clean build."""
    site = copy_site("tiny", tmp_path / "site")
    shutil.rmtree(site / ".cache", ignore_errors=True)
    session, folders, served = Session(), Folders(site.resolve(), tmp_path / "cache"), tmp_path / "served"
    first = outcome(folders, served, session=session)
    replace_in(site, "data/prisoners.yaml", "from: 2016-09-01", "from: 2016-09-31")
    assert isinstance(outcome(folders, served, session=session, previous=first.previous), list)
    replace_in(site, "data/prisoners.yaml", "from: 2016-09-31", "from: 2016-09-02")
    outcome(folders, served, session=session, previous=first.previous)
    edited = shutil.copytree(site, tmp_path / "edited", ignore=shutil.ignore_patterns(".cache"))
    outcome(Folders(edited.resolve(), tmp_path / "clean-cache"), tmp_path / "clean")
    assert without_index(tree(served)) == without_index(tree(tmp_path / "clean"))


# --------------------------------------------------------------------------- no state elsewhere
def engine_modules() -> list:
    return [importlib.import_module(f"vigil.{m.name}") for m in pkgutil.walk_packages(vigil.__path__)]


def module_data() -> dict[str, str]:
    """Every value a module of the engine holds that could change (its maps, lists, sets and
    the objects of its own classes), written out."""
    found = {}
    for module in engine_modules():
        for name, value in sorted(vars(module).items()):
            if isinstance(value, (dict, list, set, bytearray)):
                found[f"{module.__name__}.{name}"] = repr(value)
            elif type(value).__module__.startswith("vigil.") and hasattr(value, "__dict__") \
                    and not isinstance(value, type):
                found[f"{module.__name__}.{name}"] = repr(vars(value))
    return found


def test_no_module_keeps_anything_a_build_made(tmp_path):
    """What is kept between builds is the session's, and only the session's: two builds
    through one session, with an edit between them, change no module's data."""
    engine_modules()
    before = module_data()
    site = copy_site("tiny", tmp_path / "site")
    session, folders = Session(), Folders(site.resolve(), tmp_path / "cache")
    first = build(folders, tmp_path / "out", BuildOptions(DAY, dev=True), session=session)
    replace_in(site, "data/prisoners.yaml", "name: Olga Released", "name: Olga Freed")
    build(folders, tmp_path / "out", BuildOptions(DAY, dev=True), session=session, previous=first.previous)
    after = module_data()
    assert [name for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)] == []
    assert session.memos.custody.found and session.prisoners.made     # (it was the session's)


def engine_sources() -> dict[str, str]:
    return {file.relative_to(PROJECT).as_posix(): file.read_text(encoding="utf-8")
            for file in sorted((PROJECT / "vigil").rglob("*.py"))}


def test_the_engine_never_unpickles():
    """A cache is data, never code: no module of the engine imports pickle, marshal, shelve
    or dill (multiprocessing's own use, for results between processes, never touches a file)."""
    found = [rel for rel, text in engine_sources().items()
             if re.search(r"^\s*(import|from)\s+(c?pickle|marshal|shelve|dill)\b", text, re.M)]
    assert found == []


def test_no_module_of_the_engine_rebinds_a_global():
    found = [rel for rel, text in engine_sources().items() if re.search(r"^\s+global\s", text, re.M)]
    assert found == []


class Node:
    """An object that can hold itself: a reference cycle."""


def test_serve_sets_what_it_keeps_aside_from_the_collector_and_no_cycle_outlives_the_next_edit():
    """After each build serve collects the cycles and sets what is left aside (its model, for
    the next build), so the collections during the next build do not walk it again; what is
    set aside and becomes garbage is collected after that next build."""
    try:
        cycle = Node()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        settle_memory()                          # after a build: the cycle is alive, set aside
        assert gc.get_freeze_count() > 0
        del cycle                                # garbage in the next build...
        gc.collect()
        assert gone() is not None                # ...which walks only what it makes
        settle_memory()                          # after that build
        assert gone() is None
    finally:
        gc.unfreeze()
