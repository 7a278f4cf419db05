#!/usr/bin/env bash
# What the project takes from npm, each at the version pinned in package-lock.json and
# installed into node_modules/: the Nu HTML Checker (vnu.jar, from the vnu-jar package), run
# on Debian's Java by the HTML tests, and Lighthouse, run on Debian's Chromium by
# `make audit`. Install whatever of that is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ ${#packages[@]} -gt 0 ]; then
  echo "The HTML checker needs ${packages[*]}: installing Debian's packages." >&2
  bash scripts/apt-install.sh "${packages[@]}"
fi

# npm ci empties node_modules/ first, so this copy of the lock file only survives an install
# that finished; a changed lock file installs again.
STAMP=node_modules/.installed-package-lock.json
if cmp -s package-lock.json "$STAMP" && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] \
    && [ -x node_modules/.bin/lighthouse ]; then
  exit 0
fi
echo "Installing the HTML checker (vnu-jar) and Lighthouse from package-lock.json into node_modules/." >&2
# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used.
# Lighthouse needs no install script (it drives the Chromium it is given, downloads none).
npm ci --ignore-scripts --no-audit --no-fund
cp package-lock.json "$STAMP"
