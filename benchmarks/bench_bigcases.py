"""Figure: time and peak memory of big cases against their size, for two shapes (issue 15).

Goals: ``ecograph analyze`` on any generated 3,000-actor case under 10 s and 1 GB; reading and
validating a case of 100,000 relationships under 8 s; ``ecograph view`` of a 5,000-actor case
under 1 GB.

Shapes: ``community`` (benchmarks/community_case.py, the shape of ``bench_analyze.py``: few
change agents and clients, about ``0.0015 * n**2`` pairs assessed) and ``dense``
(benchmarks/dense_case.py: many change agents, clients, targets and eight goals with stances,
about ``0.08 * n**2`` pairs).

Each command runs as its own process; its wall time, CPU time (user + system, from
``os.wait4``) and peak resident memory (its own ``VmHWM``) are recorded. Baseline, in the same
run: ``ecograph validate`` of the same file (start-up, parse, check) -- the ratio says how
many validations an analysis costs. The counts beside each row (actors, relationships, goals,
stances, pairs assessed) are the work, so that cost can be read against it.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, write_results  # noqa: E402

from ecograph.io.casefile import READ_BYTES_PER_RELATIONSHIP, save_case  # noqa: E402
from ecograph.model import Case, Role  # noqa: E402

#: Runs ecograph and prints its own peak memory (VmHWM, kB) last on stderr. ``ru_maxrss`` of a
#: child is no good here: Linux carries the parent's peak across fork and exec, so a child of a
#: benchmark holding a big generated case would report at least the benchmark's memory.
_WRAP = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write('\\nVmHWM ' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['ecograph', *sys.argv[1:]]\n"
    "runpy.run_module('ecograph', run_name='__main__')\n"
)
EXE = [sys.executable, "-c", _WRAP]
#: Goals (seconds, bytes).
ANALYZE_GOAL = (10.0, 1 << 30)
READ_GOAL = (8.0, None)
VIEW_GOAL = (None, 1 << 30)
#: The bound stated for reading and validating: READ_BYTES_PER_RELATIONSHIP (ecograph.io.casefile).


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
    hwm = [x for x in err.decode(errors="replace").splitlines() if x.startswith("VmHWM ")]
    if hwm:
        out["peak_mib"] = round(int(hwm[-1].split()[1]) / 1024, 1)
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


def bench_analyze(
    shapes: list[str],
    sizes: list[int],
    tmp: Path,
    save: Callable[[list[dict[str, Any]]], object],
) -> list[dict[str, Any]]:
    """Time ``analyze`` (and ``validate``, the baseline) for each shape and size.

    ``save`` is called with the rows after each one: an interrupted run keeps what it measured.
    """
    rows: list[dict[str, Any]] = []
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
                row["meets_goal"] = (
                    a["wall_s"] < ANALYZE_GOAL[0] and a["peak_mib"] * 2**20 < (ANALYZE_GOAL[1])
                )
            rows.append(row)
            save(rows)
            print(
                f"{shape:9} {n:6} actors {row['pairs_assessed_about']:8} pairs: analyze "
                f"{a['wall_s']:7.2f} s (cpu {a['cpu_s']:.2f}) {a['peak_mib']:7.1f} MiB; "
                f"validate {v['wall_s']:.2f} s {v['peak_mib']:.1f} MiB",
                flush=True,
            )
    return rows


#: The baseline of reading: the located reader alone with the garbage collector on, which is
#: what ``load_case`` did before the quick path (ecograph/io/quickparse.py); same peak report.
_LOCATED = (
    "import atexit, sys\n" + _WRAP.split("sys.argv")[0] + "from ecograph.io import casefile as cf\n"
    "p = sys.argv[1]\n"
    "data, root = cf.parse_document(cf.read_text(p), fmt=cf.format_of(p), source=p)\n"
    "cf.data_to_case(data, source=p, root=root)\n"
)


def load() -> float:
    """Return the one-minute load average (shown beside each figure)."""
    return round(os.getloadavg()[0], 2)


def bench_read(n_rels: int, tmp: Path) -> dict[str, Any]:
    """Time reading and validating a case of ``n_rels`` relationships, YAML and JSON.

    Each format: ``ecograph validate`` (the quick path) against the located reader alone (the
    baseline, as before), each in its own process, with the load average beside each figure.
    """
    from community_graph import community_case

    case = community_case(n_rels, seed=1)
    out: dict[str, Any] = {"relationships": len(case.relationships), "actors": len(case.actors)}
    for fmt in ("yaml", "json"):
        path = tmp / f"read-{n_rels}.{fmt}"
        save_case(case, path)
        row: dict[str, Any] = {"command": f"ecograph validate {path.name}"}
        row["bytes"] = path.stat().st_size
        row["load_before"] = load()
        row["validate"] = run([*EXE, "validate", str(path)])
        row["load_between"] = load()
        row["baseline_located_reader"] = run([sys.executable, "-c", _LOCATED, str(path)])
        row["load_after"] = load()
        v, b = row["validate"], row["baseline_located_reader"]
        row["speedup_cpu"] = round(b["cpu_s"] / v["cpu_s"], 2)
        row["speedup_wall"] = round(b["wall_s"] / v["wall_s"], 2)
        per_rel = v["peak_mib"] * 2**20 / len(case.relationships)
        row["peak_bytes_per_relationship"] = round(per_rel)
        row["bound_bytes_per_relationship"] = READ_BYTES_PER_RELATIONSHIP
        row["meets_goal"] = v["wall_s"] < READ_GOAL[0] and per_rel < READ_BYTES_PER_RELATIONSHIP
        out[fmt] = row
        print(
            f"read {n_rels} relationships ({fmt}): {v['wall_s']:.2f} s (cpu {v['cpu_s']:.2f}) "
            f"{v['peak_mib']:.1f} MiB = {per_rel:.0f} bytes a relationship; located reader "
            f"{b['wall_s']:.2f} s (cpu {b['cpu_s']:.2f}) {b['peak_mib']:.1f} MiB; "
            f"load {row['load_before']}/{row['load_between']}/{row['load_after']}",
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
        results["analyze"] = bench_analyze(
            args.shapes.split(","),
            sizes,
            folder,
            lambda rows: write_results(args.name, {**results, "analyze": rows}),
        )
        if not args.no_read:
            results["read"] = bench_read(args.rels, folder)
        if not args.no_view:
            results["view"] = bench_view(args.view_actors, folder)
    path = write_results(args.name, results)
    print(f"results written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
