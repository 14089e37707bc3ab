#!/usr/bin/env bash
# Install everything (package, test tools, headless Chromium) and run the whole test suite.
# The tests build and start the local Neo4j server themselves. Then, for the whole suite (no
# arguments) and always in CI, what users get: the wheel installed outside the checkout
# (scripts/wheel_smoke.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
.venv/bin/ruff check ecograph tests benchmarks
.venv/bin/mypy ecograph
.venv/bin/python -m pytest "$@"
if [ "$#" -eq 0 ] || [ "${CI:-}" = "true" ]; then
  bash scripts/wheel_smoke.sh
fi
