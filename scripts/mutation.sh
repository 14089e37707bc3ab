#!/usr/bin/env bash
# Mutation testing, on demand (not part of scripts/test.sh): mutmut mutates one module at a time
# in a scratch copy of the tree and runs only the tests that cover it.
#   bash scripts/mutation.sh                              -> every module listed in scripts/mutation.py
#   bash scripts/mutation.sh ecograph/model/rules.py      -> one module
#   --before: record as the baseline; --recheck: rerun only the latest survivors;
#   --only=x__solve*: only the mutants of matching functions (a partial run)
# Results: benchmarks/results/mutation.json; equivalent mutants: tests/mutation_equivalent.toml.
# Needs the test install: bash scripts/install.sh --test
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/mutation.py "$@"
