#!/usr/bin/env bash
# Debian ships Python's venv module in its own package; install it when it is missing.
set -euo pipefail
PYTHON=${1:-python3}
if "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  exit 0
fi
echo "Python's venv module is missing: installing Debian's python3-venv package." >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q python3-venv
