"""Figure: time and peak memory of big cases against their size, for two shapes (issue 15).

Goals: ``ecograph analyze`` on any generated 3,000-actor case under 10 s and 1 GB; reading and
validating a case of 100,000 relationships under 8 s; ``ecograph view`` of a 5,000-actor case
under 1 GB.

Shapes: ``community`` (benchmarks/community_case.py, the shape of ``bench_analyze.py``: few
change agents and clients, about ``0.0015 * n**2`` pairs assessed) and ``dense``
(benchmarks/dense_case.py: many change agents, clients, targets and eight goals with stances,
about ``0.08 * n**2`` pairs).

Each command runs as its own process; its wall time, CPU time (user + system) and peak resident
memory (``ru_maxrss`` from ``os.wait4``) are recorded. Baseline, in the same run: ``ecograph
validate`` of the same file (start-up, parse, check) -- the ratio says how many validations an
analysis costs. The counts beside each row (actors, relationships, goals, stances, pairs
assessed) are the work, so that cost can be read against it.

Writes ``benchmarks/results/bigcases.json``. Run from the repository root::

    PYTHONPATH=. .venv/bin/python benchmarks/bench_bigcases.py                  # ~10 min
    PYTHONPATH=. .venv/bin/python benchmarks/bench_bigcases.py --sizes 500,1000 --no-read --no-view
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, write_results  # noqa: E402

from ecograph.io.casefile import save_case  # noqa: E402
from ecograph.model import Case, Role  # noqa: E402

EXE = [sys.executable, "-m", "ecograph"]
#: Goals (seconds, bytes).
ANALYZE_GOAL = (10.0, 1 << 30)
READ_GOAL = (8.0, None)
VIEW_GOAL = (None, 1 << 30)
#: The bound stated for reading and validating: peak resident memory per relationship.
READ_BYTES_PER_RELATIONSHIP = 6_000


def run(argv: list[str]) -> dict[str, Any]:
    """Run ``argv``; return its wall and CPU seconds, peak memory and exit status."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    out = {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),
        "exit": proc.returncode,
    }
    if proc.returncode:
        out["stderr"] = err.decode(errors="replace")[-400:]
    return out


def work(case: Case) -> dict[str, int]:
    """Return the size of the work: actors, relationships, goals, stances, pairs assessed."""
    movers = {a.id for a in case.actors if {Role.CHANGE_AGENT, Role.CLIENT} & set(a.roles)}
    others = {a.id for a in case.actors if {Role.TARGET, Role.ACTION} & set(a.roles)}
    pairs = {frozenset((x, y)) for x in movers for y in others if x != y}
    pairs |= {frozenset((r.source, r.target)) for r in case.relationships}
    return {
        "actors": len(case.actors),
        "relationships": len(case.relationships),
        "goals": len(case.goals),
        "stances": sum(len(g.stances) for g in case.goals),
        "pairs_assessed_about": len(pairs),
    }


def make(shape: str, n: int) -> Case:
    """Return the generated case of ``shape`` with about ``n`` actors."""
    if shape == "dense":
        from dense_case import dense_case

        return dense_case(n, seed=0)
    from community_case import community_case

    return community_case(n, seed=0)


def bench_analyze(shapes: list[str], sizes: list[int], tmp: Path) -> list[dict[str, Any]]:
    """Time ``analyze`` (and ``validate``, the baseline) for each shape and size."""
    rows = []
    for shape in shapes:
        for n in sizes:
            case = make(shape, n)
            path = tmp / f"{shape}-{n}.json"
            save_case(case, path)
            row: dict[str, Any] = {"shape": shape, **work(case)}
            row["command"] = f"ecograph analyze {path.name}"
            row["validate"] = run([*EXE, "validate", str(path)])
            row["analyze"] = run([*EXE, "analyze", str(path)])
            a, v = row["analyze"], row["validate"]
            row["ratio_to_validate"] = round(a["wall_s"] / v["wall_s"], 2)
            if n >= 3000:
                row["meets_goal"] = a["wall_s"] < ANALYZE_GOAL[0] and a["peak_mib"] * 2**20 < (
                    ANALYZE_GOAL[1]
                )
            rows.append(row)
            print(
                f"{shape:9} {n:6} actors {row['pairs_assessed_about']:8} pairs: analyze "
                f"{a['wall_s']:7.2f} s (cpu {a['cpu_s']:.2f}) {a['peak_mib']:7.1f} MiB; "
                f"validate {v['wall_s']:.2f} s {v['peak_mib']:.1f} MiB",
                flush=True,
            )
    return rows


def bench_read(n_rels: int, tmp: Path) -> dict[str, Any]:
    """Time reading and validating a YAML case of ``n_rels`` relationships."""
    from community_graph import community_case

    case = community_case(n_rels, seed=1)
    path = tmp / f"read-{n_rels}.yaml"
    save_case(case, path)
    out: dict[str, Any] = {
        "command": f"ecograph validate {path.name}",
        "relationships": len(case.relationships),
        "actors": len(case.actors),
        "bytes": path.stat().st_size,
    }
    out["validate"] = run([*EXE, "validate", str(path)])
    out["baseline_start_up"] = run([*EXE, "--help"])
    per_rel = out["validate"]["peak_mib"] * 2**20 / len(case.relationships)
    out["peak_bytes_per_relationship"] = round(per_rel)
    out["bound_bytes_per_relationship"] = READ_BYTES_PER_RELATIONSHIP
    out["meets_goal"] = (
        out["validate"]["wall_s"] < READ_GOAL[0] and per_rel < READ_BYTES_PER_RELATIONSHIP
    )
    print(
        f"read {n_rels} relationships: {out['validate']['wall_s']:.2f} s "
        f"(cpu {out['validate']['cpu_s']:.2f}), {out['validate']['peak_mib']:.1f} MiB "
        f"= {per_rel:.0f} bytes a relationship",
        flush=True,
    )
    return out


def bench_view(n: int, tmp: Path) -> list[dict[str, Any]]:
    """Peak memory of ``view`` of a community case of ``n`` actors, each kind of analysis."""
    path = tmp / f"view-{n}.json"
    save_case(make("community", n), path)
    rows = []
    for analysis in ("auto", "full"):
        html = tmp / f"view-{n}-{analysis}.html"
        row = {
            "command": f"ecograph view {path.name} -o map.html --analysis {analysis}",
            "actors": n,
            "view": run([*EXE, "view", str(path), "-o", str(html), "--analysis", analysis]),
        }
        row["meets_goal"] = row["view"]["peak_mib"] * 2**20 < VIEW_GOAL[1]  # type: ignore[index]
        rows.append(row)
        v = row["view"]
        print(f"view {n} actors --analysis {analysis}: {v['wall_s']:.2f} s {v['peak_mib']:.1f} MiB")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,1000,2000,3000")
    ap.add_argument("--shapes", default="community,dense")
    ap.add_argument("--rels", type=int, default=100_000, help="relationships of the read case")
    ap.add_argument("--view-actors", type=int, default=5000)
    ap.add_argument("--no-read", action="store_true")
    ap.add_argument("--no-view", action="store_true")
    ap.add_argument("--name", default="bigcases", help="result file name")
    args = ap.parse_args()
    results: dict[str, Any] = {
        "goals": {
            "analyze_3000": "under 10 s and 1 GiB",
            "read_100k": f"under 8 s and {READ_BYTES_PER_RELATIONSHIP} bytes a relationship",
            "view_5000": "under 1 GiB",
        }
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sizes = [int(x) for x in args.sizes.split(",") if x]
        results["analyze"] = bench_analyze(args.shapes.split(","), sizes, folder)
        if not args.no_read:
            results["read"] = bench_read(args.rels, folder)
        if not args.no_view:
            results["view"] = bench_view(args.view_actors, folder)
    path = write_results(args.name, results)
    print(f"results written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
