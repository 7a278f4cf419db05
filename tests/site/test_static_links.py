"""The site publishes regular files inside static/ only: a symbolic link there (to a file
or a folder, outside the project or inside it) could publish /proc/self/environ or
.git/config; each is an error at its path, and nothing is published through one."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import AS_OF, copy_site
from vigil.cli import main
from vigil.load.folders import Folders, regular_file
from vigil.media.photos import photo_file

SECRET = "token=do-not-publish"


@pytest.fixture
def linked(tmp_path) -> Path:
    """The tiny site, with links in static/: to a file and a folder outside it, to a file
    and a folder inside it, and a named pipe."""
    site = copy_site("tiny", tmp_path / "site")
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "folder/config").write_text(SECRET, encoding="utf-8")
    static = site / "static"
    (static / "leak.txt").symlink_to(outside / "secret.txt")
    (static / "linked").symlink_to(outside / "folder", target_is_directory=True)
    (static / "img/copy.jpg").symlink_to(static / "img/prisoners/ivan-held.jpg")
    (static / "img/again").symlink_to(static / "img/prisoners", target_is_directory=True)
    os.mkfifo(static / "pipe")
    return site


LINKS = ["static/img/again", "static/img/copy.jpg", "static/leak.txt", "static/linked", "static/pipe"]


def test_static_files_are_regular_files_inside_static_only(linked):
    folders = Folders(linked)
    files = folders.static_files()
    assert "img/prisoners/ivan-held.jpg" in files
    assert not [rel for rel in files if rel.startswith(("leak", "linked", "img/copy", "img/again", "pipe"))]
    assert folders.irregular_static() == LINKS
    for file in files.values():
        assert SECRET not in file.read_bytes().decode("utf-8", "replace")


def test_each_link_is_an_error_at_its_path_and_nothing_is_built(linked, tmp_path, capsys):
    out = tmp_path / "public"
    assert main(["build", "--source", str(linked), "--out", str(out), "--as-of", AS_OF], environ={}) == 1
    said = capsys.readouterr()
    for rel in LINKS:
        assert f"{rel}: this is a symbolic link" in said.out + said.err
    assert not out.exists()
    assert main(["check", "--source", str(linked), "--as-of", AS_OF], environ={}) == 1


def test_a_photo_is_never_read_through_a_link(linked):
    static = linked / "static"
    assert photo_file("img/prisoners/ivan-held.jpg", [static]) is not None
    for photo in ("img/copy.jpg", "img/again/ivan-held.jpg", "leak.txt", "linked/config",
                  "img/../img/prisoners/ivan-held.jpg", "pipe"):
        assert photo_file(photo, [static]) is None, photo
        assert regular_file(static, photo) is None, photo


def test_a_static_folder_that_is_itself_a_link_publishes_nothing(tmp_path):
    site = copy_site("tiny", tmp_path / "site")
    (site / "static").rename(tmp_path / "elsewhere")
    (site / "static").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    folders = Folders(site)
    assert "static/" in folders.irregular_static()
    assert not [rel for rel in folders.static_files() if rel.startswith("img/prisoners/ivan")]
