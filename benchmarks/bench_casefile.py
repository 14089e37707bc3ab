"""Reading and writing a big case file: libyaml against PyYAML's pure-Python parser and emitter.

A case of about 100,000 relationships (62,500 actors, 66,000 dated observations; the graph of
``neo4j_load.py``) is written with ``dumps_case`` and read back with ``loads_case``, as
``ecograph`` does them (libyaml's parser and emitter, when PyYAML has them), and, in the same
run, with the pure-Python ones in their place (the baseline: what these took before). The text
written must be the same either way, and so must the case read back.

Writes ``benchmarks/results/casefile.json``. Run from the repository root::

    .venv/bin/python benchmarks/bench_casefile.py              # ~100,000 relationships
    .venv/bin/python benchmarks/bench_casefile.py --rels 10000 # quicker
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, write_results  # noqa: E402
from community_graph import community_case  # noqa: E402

from ecograph.io import casefile  # noqa: E402

#: The case-file dumper on PyYAML's pure-Python emitter (the baseline).
_PURE_PYTHON = casefile.case_dumper(yaml.SafeDumper)


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rels", type=int, default=100_000)
    args = ap.parse_args()
    if not yaml.__with_libyaml__:
        sys.exit("PyYAML here has no libyaml: nothing to compare")

    case = community_case(args.rels, seed=1)
    print(f"{len(case.actors)} actors, {len(case.relationships)} relationships")

    write_s, text = _timed(lambda: casefile.dumps_case(case))
    pure_write_s, pure_text = _timed(
        lambda: casefile.yaml_text(casefile.case_to_data(case), _PURE_PYTHON)
    )
    assert pure_text == text, "the two emitters wrote different text"
    print(f"write: libyaml {write_s:.1f} s, pure Python {pure_write_s:.1f} s")

    assert isinstance(text, str)
    read_s, back = _timed(lambda: casefile.loads_case(text, source="big.yaml"))
    fast_loader = casefile._FAST_LOADER
    casefile._FAST_LOADER = yaml.SafeLoader
    try:
        pure_read_s, pure_back = _timed(lambda: casefile.loads_case(text, source="big.yaml"))
    finally:
        casefile._FAST_LOADER = fast_loader
    assert back == case and pure_back == case, "the case read back differs"
    print(f"read:  libyaml {read_s:.1f} s, pure Python {pure_read_s:.1f} s")

    path = write_results(
        "casefile",
        {
            "case": {
                "actors": len(case.actors),
                "relationships": len(case.relationships),
                "observations": sum(len(r.history) for r in case.relationships),
                "yaml_bytes": len(text.encode()),
            },
            "write": {
                "libyaml_s": round(write_s, 3),
                "pure_python_s": round(pure_write_s, 3),
                "speedup": round(pure_write_s / write_s, 1),
                "same_text": True,
            },
            "read": {
                "libyaml_s": round(read_s, 3),
                "pure_python_s": round(pure_read_s, 3),
                "speedup": round(pure_read_s / read_s, 1),
                "same_case": True,
            },
        },
    )
    print(f"results written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
