"""The package declares all it ships: setuptools installs only the folders listed in
pyproject.toml, with the files its package-data patterns match, and warns (some fifty
lines at `make site`) about every folder of files it was not told about."""
from __future__ import annotations

import fnmatch
import tomllib

from conftest import PROJECT


def test_every_file_of_the_package_is_declared():
    setuptools = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages, data = set(setuptools["packages"]), setuptools.get("package-data", {})
    package = PROJECT / "vigil"
    files = [f for f in sorted(package.rglob("*")) if f.is_file() and "__pycache__" not in f.parts]
    undeclared = []
    for file in files:
        folder = file.parent.relative_to(PROJECT).as_posix().replace("/", ".")
        if folder not in packages:
            undeclared.append(f"{file.relative_to(PROJECT)}: its folder {folder} is not in packages")
        elif file.suffix != ".py" and not any(fnmatch.fnmatch(file.name, pattern)
                                              for pattern in data.get(folder, [])):
            undeclared.append(f"{file.relative_to(PROJECT)}: no package-data pattern of {folder} takes it")
    assert undeclared == []
    assert any(f.suffix == ".otf" for f in files)          # the fonts the share cards are drawn with
