"""What `serve` keeps between builds never outlives what it was made from: after an edit,
the site a build in the same process makes is byte for byte the site a clean build of the
edited copy makes."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import AS_OF, PROJECT, copy_site, tree

from vigil import schema
from vigil.folders import Folders
from vigil.pipeline import build
from vigil.session import Session

DAY = dt.date.fromisoformat(AS_OF)

# A clean build in a process of its own, from the schema files in argv[1]: nothing this
# process read or kept can reach it.
CLEAN_BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from vigil import schema
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
    first = build(folders, tmp_path / "served", DAY, session=session)
    file = schemas / "prisoners.schema.json"
    text = file.read_text(encoding="utf-8")
    assert '"journalist", "blogger"' in text
    file.write_text(text.replace('"journalist", "blogger"', '"blogger", "journalist"'), encoding="utf-8")
    build(folders, tmp_path / "served", DAY, previous=first.previous, session=session)
    clean = clean_build_elsewhere(schemas, copy_site("tiny", tmp_path / "clean-site"), tmp_path / "clean")
    served = tree(tmp_path / "served")
    assert [rel for rel in sorted(clean.keys() | served.keys()) if clean.get(rel) != served.get(rel)] == []
