"""How far the exact frustration index (MILP, HiGHS) scales, and the heuristic's gap.

Usage::

    PYTHONPATH=. python benchmarks/bench_frustration.py
    PYTHONPATH=. python benchmarks/bench_frustration.py --sizes 100 200 --time-limit 30

For each size, a connected power-law clustered signed graph (``benchmarks/signed_graphs.py``,
3 factions, 10 % of the signs flipped) is solved exactly (``method="exact"``, with a time limit)
and by the heuristic (``method="heuristic"``, the baseline of the same run).  Recorded: the
times, the values, whether the exact value was proved, the solver's lower bound, and the
heuristic's gap to the exact value.  Also the Highland Tribes network.  Results:
``benchmarks/results/frustration.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import describe_machine, write_results  # noqa: E402
from benchmarks.signed_graphs import generate_signed_edges  # noqa: E402
from ecograph.analysis.frustration import frustration_index  # noqa: E402
from ecograph.io.signed_csv import read_signed_edges  # noqa: E402

TRIBES = Path(__file__).resolve().parents[1] / "tests" / "data" / "highland_tribes_edges.csv"


def graph_of(m: int, seed: int) -> nx.Graph:
    n, a, b, sign = generate_signed_edges(m, avg_degree=6.0, community_size=12.0, seed=seed)
    g = nx.Graph()
    for x, y, s in zip(a.tolist(), b.tolist(), sign.tolist(), strict=True):
        g.add_edge(x, y, sign=s)
    big = max(nx.connected_components(g), key=len)
    return g.subgraph(big).copy()


def measure(name: str, g: nx.Graph, time_limit: float) -> dict[str, object]:
    t0 = time.perf_counter()
    exact = frustration_index(g, method="exact", time_limit=time_limit)
    t_exact = time.perf_counter() - t0
    t0 = time.perf_counter()
    heur = frustration_index(g, method="heuristic")
    t_heur = time.perf_counter() - t0
    row = {
        "graph": name,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "exact_value": exact.frustration,
        "exact_proved": exact.exact,
        "exact_lower_bound": exact.lower_bound,
        "exact_seconds": t_exact,
        "heuristic_value": heur.frustration,
        "heuristic_seconds": t_heur,
        "heuristic_gap_to_exact": heur.frustration - exact.frustration if exact.exact else None,
        "heuristic_gap_to_bound": heur.frustration - exact.lower_bound,
    }
    print(
        f"{name:>14} {row['edges']:>6} ties  exact {exact.frustration:g} "
        f"({'proved' if exact.exact else f'bound {exact.lower_bound:g}'}) {t_exact:7.2f} s   "
        f"heuristic {heur.frustration:g} {t_heur:6.2f} s",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400, 800, 1600])
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    rows = [measure("highland_tribes", read_signed_edges(TRIBES), args.time_limit)]
    for m in args.sizes:
        rows.append(measure(f"generated_{m}", graph_of(m, seed=m), args.time_limit))
    data = {
        "benchmark": "frustration index: exact MILP (HiGHS) vs local-search heuristic",
        "command": "PYTHONPATH=. python benchmarks/bench_frustration.py",
        "time_limit_seconds": args.time_limit,
        "machine": describe_machine(),
        "results": rows,
    }
    print("wrote", write_results("frustration", data))


if __name__ == "__main__":
    main()
