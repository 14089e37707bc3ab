"""Signed triangle census and per-edge triad features: ecograph vs a straightforward NetworkX loop.

Usage::

    PYTHONPATH=. python benchmarks/bench_census.py            # 10k, 100k, 1M edges
    PYTHONPATH=. python benchmarks/bench_census.py --sizes 10000 100000 --repeat 3

For each size a power-law, clustered signed graph is generated (``benchmarks/signed_graphs.py``).
Timed:

* ``ecograph``: :func:`ecograph.analysis.balance.census_and_edge_counts` (census and, for every
  edge, its triangles by the signs of the two other sides) on the edge arrays; median of
  ``--repeat`` runs;
* ``ecograph_from_graph``: :func:`ecograph.analysis.balance.triangle_census` on the NetworkX
  graph, conversion included;
* ``baseline``: the straightforward NetworkX / pure-Python count -- for every edge, the common
  neighbours ``set(G[u]) & set(G[v])`` classified by sign -- timed once (it is slow).

The counts of both are asserted identical.  Results: ``benchmarks/results/census.json``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import describe_machine, write_results  # noqa: E402
from benchmarks.signed_graphs import generate_signed_edges  # noqa: E402
from ecograph.analysis.balance import (  # noqa: E402
    census_and_edge_counts,
    triangle_census,
)


def baseline_counts(g: nx.Graph) -> tuple[list[int], dict[tuple[int, int], tuple[int, int, int]]]:
    """Census and per-edge triad counts the straightforward way."""
    census = [0, 0, 0, 0]
    per_edge: dict[tuple[int, int], tuple[int, int, int]] = {}
    adj = {u: set(g[u]) for u in g}
    for u, v, d in g.edges(data=True):
        pp = pn = nn = 0
        for w in adj[u] & adj[v]:
            neg = (g[u][w]["sign"] < 0) + (g[v][w]["sign"] < 0)
            if neg == 0:
                pp += 1
            elif neg == 1:
                pn += 1
            else:
                nn += 1
            census[neg + (d["sign"] < 0)] += 1
        per_edge[(u, v)] = (pp, pn, nn)
    return [c // 3 for c in census], per_edge


def run(sizes: list[int], repeat: int) -> dict[str, object]:
    rows = []
    for m in sizes:
        n, a, b, sign = generate_signed_edges(m, seed=1)
        g = nx.Graph()
        g.add_nodes_from(range(n))
        for x, y, s in zip(a.tolist(), b.tolist(), sign.tolist(), strict=True):
            g.add_edge(x, y, sign=s)
        times = []
        cpu = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            c0 = time.process_time()
            census, per_edge = census_and_edge_counts(n, a, b, sign)
            cpu.append(time.process_time() - c0)
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        from_graph = triangle_census(g)
        t_graph = time.perf_counter() - t0
        t0 = time.perf_counter()
        base_census, base_edges = baseline_counts(g)
        t_base = time.perf_counter() - t0
        ours = [census.ppp, census.ppn, census.pnn, census.nnn]
        assert ours == base_census, (ours, base_census)
        assert [from_graph.ppp, from_graph.ppn, from_graph.pnn, from_graph.nnn] == ours
        for i, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
            assert tuple(per_edge[i].tolist()) == base_edges[(x, y)]
        med = statistics.median(times)
        deg = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
        wedges = float((deg * (deg - 1) / 2).sum())
        row = {
            "edges": int(a.shape[0]),
            "nodes": n,
            "max_degree": int(deg.max()),
            "triangles": census.total,
            "transitivity": 3 * census.total / wedges if wedges else 0.0,
            "census": census.as_dict(),
            "ecograph_seconds_median": med,
            "ecograph_seconds_all": times,
            "ecograph_cpu_seconds_median": statistics.median(cpu),
            "ecograph_from_graph_seconds": t_graph,
            "baseline_seconds": t_base,
            "speedup": t_base / med,
            "identical_counts": True,
        }
        rows.append(row)
        print(
            f"{row['edges']:>9} edges  {census.total:>9} triangles  ecograph {med:7.3f} s "
            f"(cpu {statistics.median(cpu):6.3f} s) "
            f"(from graph {t_graph:6.2f} s)  baseline {t_base:7.2f} s  x{t_base / med:6.1f}",
            flush=True,
        )
    return {
        "benchmark": "signed triangle census + per-edge triad counts",
        "command": "PYTHONPATH=. python benchmarks/bench_census.py",
        "goal": "1M edges < 2 s median and >= 5x faster than the NetworkX/pure-Python baseline",
        "generator": "benchmarks/signed_graphs.py generate_signed_edges(m, seed=1)",
        "repeat": repeat,
        "timing": "wall-clock medians; cpu = process CPU time (less affected by other jobs)",
        "machine": describe_machine(),
        "results": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--name", default="census")
    args = parser.parse_args()
    data = run(args.sizes, args.repeat)
    print("wrote", write_results(args.name, data))


if __name__ == "__main__":
    main()
