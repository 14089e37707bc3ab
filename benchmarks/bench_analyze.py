"""Figure: the full ``ecograph analyze`` of the 40-actor example and of a 10,000-actor case.

Goals (issue 3, Performance): the 40-actor example (examples/community-40.yaml) in under 0.5 s;
a generated 10,000-actor community case (benchmarks/community_case.py) in under 30 s.

Baseline, measured in the same run: loading and validating the same case (``load_graph``:
parse, check every invariant, build the graph) -- the least any command on the case does. The
ratio says how many loads one analysis costs.

Measured: ``analyze()`` over every section (in process, after one warm-up run, median of
runs), and for the 40-actor example also the whole command ``ecograph analyze FILE --json`` in a
fresh process (start-up, imports and all) against ``ecograph validate FILE``.

Run from the repository root::

    python benchmarks/bench_analyze.py            # both sizes
    python benchmarks/bench_analyze.py --quick    # 40 actors and a 2,000-actor case
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, summary, time_command, time_runs, write_results  # noqa: E402
from community_case import community_case  # noqa: E402

from ecograph import load_graph  # noqa: E402
from ecograph.analysis.report import SECTIONS, analyze  # noqa: E402
from ecograph.io.casefile import save_case  # noqa: E402

EXAMPLE = ROOT / "examples" / "community-40.yaml"


def bench_file(path: Path, repeat: int, goal_s: float, warmup: int = 1) -> dict[str, object]:
    """Time load (baseline) and analyze (every section) of one case file."""
    load = time_runs(lambda: load_graph(str(path)), repeat=repeat, warmup=warmup)
    g = load_graph(str(path))
    per_section: dict[str, float] = {}
    for name in SECTIONS:
        t0 = time.perf_counter()
        analyze(g, only=[name])
        per_section[name] = round(time.perf_counter() - t0, 4)
    full = time_runs(lambda: analyze(g, only=list(SECTIONS)), repeat=repeat, warmup=warmup)
    out = {
        "case": g.case_id,
        "actors": len(g),
        "relationships": len(g.relationships()),
        "baseline_load": summary(load),
        "analyze": summary(full),
        "ratio_analyze_to_load": round(summary(full)["median_s"] / summary(load)["median_s"], 2),
        "seconds_per_section_single_run": per_section,
        "goal_s": goal_s,
        "meets_goal": summary(full)["median_s"] < goal_s,
    }
    return out


def main() -> None:
    quick = "--quick" in sys.argv
    results: dict[str, object] = {}
    results["example_40"] = bench_file(EXAMPLE, repeat=7, goal_s=0.5)
    exe = [sys.executable, "-m", "ecograph"]
    cli = time_command([*exe, "analyze", str(EXAMPLE), "--json"], repeat=5)
    cli_base = time_command([*exe, "validate", str(EXAMPLE)], repeat=5)
    results["example_40_cli"] = {
        "command": "ecograph analyze examples/community-40.yaml --json",
        "analyze": summary(cli),
        "baseline_validate": summary(cli_base),
        "ratio": round(summary(cli)["median_s"] / summary(cli_base)["median_s"], 2),
    }
    n = 2000 if quick else 10000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"community-{n}.json"
        t0 = time.perf_counter()
        save_case(community_case(n, seed=0), path)
        results["generated_seconds"] = round(time.perf_counter() - t0, 2)
        # one run each: loading 10,000 actors takes a minute on a loaded machine
        results[f"community_{n}"] = bench_file(path, repeat=1, goal_s=30.0, warmup=0)
    write_results("analyze" + ("_quick" if quick else ""), results)
    for key, value in results.items():
        if isinstance(value, dict) and "analyze" in value:
            a = value["analyze"]["median_s"]  # type: ignore[index]
            ratio = value.get("ratio_analyze_to_load", value.get("ratio"))
            print(f"{key}: analyze median {a:.3f} s  ({ratio}x baseline)")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
