#!/usr/bin/env bash
# Install Debian packages the tests need: as root, or through sudo.
#   bash scripts/apt-install.sh PACKAGE...
set -euo pipefail
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Cannot install $* without root: run 'apt-get install $*' as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "$@"
