#!/usr/bin/env bash
# Install ecograph and run the main job on an example case: summarise it (more to come).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
CASE=${1:-examples/child-protection.yaml}
mkdir -p out
.venv/bin/ecograph show "$CASE"
