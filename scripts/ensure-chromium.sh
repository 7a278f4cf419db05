#!/usr/bin/env bash
# Debian's Chromium, installed when it is missing.
#   bash scripts/ensure-chromium.sh            the browser itself, `chromium` (Lighthouse, make audit)
#   bash scripts/ensure-chromium.sh --headless its headless build, `chromium-headless-shell` (the tests)
# Both packages are built from Debian's one chromium source, at the same version: the same
# Blink and V8. The headless shell leaves out the browser's own layer (window, GPU process,
# profile), and takes about two fifths less CPU for the same pages (docs/development.md,
# Setting up).
set -euo pipefail
if [ "${1:-}" = "--headless" ]; then
  program=chromium-headless-shell
else
  program=chromium
fi
if command -v "$program" >/dev/null 2>&1; then
  exit 0
fi
echo "Chromium is missing: installing Debian's $program package." >&2
bash "$(dirname "$0")/apt-install.sh" "$program" fonts-dejavu-core
