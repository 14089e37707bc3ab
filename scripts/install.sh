#!/usr/bin/env bash
# Install ecograph and what its tests need into ./.venv (idempotent; safe to run again).
#   bash scripts/install.sh          -> the package (enough for the main job)
#   bash scripts/install.sh --test   -> plus test tools and headless Chromium
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
  if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  for tool in java mvn; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is needed to build the local Neo4j (OpenJDK 17 and Maven)" >&2; exit 1; }
  done
else
  .venv/bin/python -m pip install --quiet -e .
fi
