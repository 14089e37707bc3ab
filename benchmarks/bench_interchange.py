"""Interchange speed: CSV, GraphML, node-link JSON and redaction against case files.

Figures, each against a baseline measured in the same run, on the 40-actor example and on
generated cases of 200 and 1000 actors (``benchmarks/community_case.py``):

* writing CSV / GraphML / GEXF / node-link JSON, against writing the YAML case file
  (``dumps_case``);
* reading CSV / GraphML back into a checked case, against reading the YAML case file
  (``loads_case``);
* redacting a case (keyed pseudonyms for every name and id), against a deep copy of the case
  (``model_copy(deep=True)``).

Each ratio says how many times the baseline the operation takes. Writes
``benchmarks/results/interchange.json``. Run from the repository root::

    python benchmarks/bench_interchange.py [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, summary, time_runs, write_results  # noqa: E402
from community_case import community_case  # noqa: E402

from ecograph.io.casefile import dumps_case, load_case, loads_case  # noqa: E402
from ecograph.io.csvfiles import dumps_csv, loads_csv  # noqa: E402
from ecograph.io.graphfiles import (  # noqa: E402
    dumps_gexf,
    dumps_graphml,
    dumps_node_link,
    loads_graphml,
)
from ecograph.io.redact import redact_case  # noqa: E402
from ecograph.model import Case  # noqa: E402

KEY = b"benchmark-key-of-32-bytes-long!!"


def measure(case: Case, runs: int) -> dict[str, object]:
    """Return the timings and ratios for one case."""
    yaml_text = dumps_case(case)
    csv = dumps_csv(case)
    graphml = dumps_graphml(case)

    def csv_read() -> Case:
        return loads_csv(
            csv["actors.csv"], csv["relationships.csv"], csv["relationship-history.csv"],
            case_id=case.id, title=case.title,
        )  # fmt: skip

    base_write = time_runs(lambda: dumps_case(case), runs)
    base_read = time_runs(lambda: loads_case(yaml_text), runs)
    base_copy = time_runs(lambda: case.model_copy(deep=True), runs)
    ops = {
        "write_csv": (lambda: dumps_csv(case), base_write, "write_yaml"),
        "write_graphml": (lambda: dumps_graphml(case), base_write, "write_yaml"),
        "write_gexf": (lambda: dumps_gexf(case), base_write, "write_yaml"),
        "write_node_link_json": (lambda: dumps_node_link(case), base_write, "write_yaml"),
        "read_csv": (csv_read, base_read, "read_yaml"),
        "read_graphml": (lambda: loads_graphml(graphml), base_read, "read_yaml"),
        "redact": (lambda: redact_case(case, key=KEY), base_copy, "deep_copy"),
    }
    out: dict[str, object] = {
        "actors": len(case.actors),
        "relationships": len(case.relationships),
        "observations": sum(len(r.history) for r in case.relationships),
        "baselines": {
            "write_yaml": summary(base_write),
            "read_yaml": summary(base_read),
            "deep_copy": summary(base_copy),
        },
    }
    for name, (fn, base, base_name) in ops.items():
        t = time_runs(fn, runs)
        s, b = summary(t), summary(base)
        out[name] = {**s, "baseline": base_name, "ratio": s["median_s"] / b["median_s"]}
        print(
            f"  {name:22s} {s['median_s'] * 1000:9.2f} ms   x{out[name]['ratio']:.2f} "  # type: ignore[index]
            f"{base_name}"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    args = parser.parse_args()
    cases = {"community-40 (example)": load_case(ROOT / "examples" / "community-40.yaml")}
    for n in (200, 1000):
        cases[f"generated-{n}"] = community_case(n, seed=1)
    results: dict[str, object] = {}
    for label, case in cases.items():
        print(label)
        results[label] = measure(case, args.runs)
    path = write_results("interchange", {"runs": args.runs, "cases": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
