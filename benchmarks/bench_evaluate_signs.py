"""``evaluate signs`` on Bitcoin OTC: time for 10 folds, and the triad features vs a plain loop.

Usage::

    PYTHONPATH=. python benchmarks/bench_evaluate_signs.py
    PYTHONPATH=. python benchmarks/bench_evaluate_signs.py --edges OTHER.csv --folds 5

Timed:

* ``evaluate``: :func:`ecograph.analysis.signs.evaluate_sign_prediction` with 10 folds and the
  two baseline models (the whole ``ecograph evaluate signs`` computation after reading the file);
* ``features``: one fold's feature matrix (:func:`ecograph.analysis.signs.sign_features` with
  the fold hidden) vs ``baseline``: the same 16 directed signed triad counts and signed degrees
  computed the straightforward way (NetworkX neighbour sets and Python loops), asserted equal.

Results: ``benchmarks/results/evaluate_signs.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import describe_machine, write_results  # noqa: E402
from ecograph.analysis.signs import evaluate_sign_prediction, sign_features  # noqa: E402
from ecograph.io.signed_csv import read_signed_edges  # noqa: E402

BITCOIN = Path("/work/shared/data/signed/bitcoin_otc/bitcoin_otc_edges.csv")
REL = ("out+", "out-", "in+", "in-")


def baseline_features(g: nx.DiGraph, hidden: set[tuple[str, str]]) -> np.ndarray:
    """16 triad counts + 4 signed degrees (own edge excluded) per edge, with plain loops."""

    def visible_sign(a: str, b: str) -> int:
        if g.has_edge(a, b) and (a, b) not in hidden:
            return int(g[a][b]["sign"])
        return 0

    und = g.to_undirected(as_view=True)
    nbrs = {x: set(und[x]) for x in g}
    rows = []
    for u, v in g.edges:
        counts = [0] * 16
        for w in (nbrs[u] & nbrs[v]) - {u, v}:
            rel_u = [0, 0, 0, 0]  # u's relation to w
            s = visible_sign(u, w)
            if s:
                rel_u[0 if s > 0 else 1] = 1
            s = visible_sign(w, u)
            if s:
                rel_u[2 if s > 0 else 3] = 1
            rel_w = [0, 0, 0, 0]  # w's relation to v
            s = visible_sign(w, v)
            if s:
                rel_w[0 if s > 0 else 1] = 1
            s = visible_sign(v, w)
            if s:
                rel_w[2 if s > 0 else 3] = 1
            for i in range(4):
                for j in range(4):
                    counts[4 * i + j] += rel_u[i] * rel_w[j]
        out_pos = sum(1 for x in g.successors(u) if x != v and visible_sign(u, x) > 0)
        out_neg = sum(1 for x in g.successors(u) if x != v and visible_sign(u, x) < 0)
        in_pos = sum(1 for x in g.predecessors(v) if x != u and visible_sign(x, v) > 0)
        in_neg = sum(1 for x in g.predecessors(v) if x != u and visible_sign(x, v) < 0)
        rows.append([*counts, out_pos, out_neg, in_pos, in_neg])
    return np.array(rows, dtype=float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=Path, default=BITCOIN)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    g = read_signed_edges(args.edges)
    runs = []
    result = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = evaluate_sign_prediction(g, folds=args.folds, seed=0)
        runs.append(time.perf_counter() - t0)
    assert result is not None
    print(
        f"evaluate signs, {args.folds} folds: median {np.median(runs):.1f} s  AUC {result.auc:.4f} "
        f"(degree only {result.baselines['degree_only']['auc']:.4f}, "
        f"triad only {result.baselines['triad_only']['auc']:.4f})",
        flush=True,
    )
    # one fold: vectorised features vs plain loops
    rng = np.random.default_rng(0)
    edges = list(g.edges)
    hidden_mask = rng.random(len(edges)) < 1.0 / args.folds
    t0 = time.perf_counter()
    feats = sign_features(g, hidden_mask)
    t_ours = time.perf_counter() - t0
    hidden = {e for e, h in zip(edges, hidden_mask, strict=True) if h}
    t0 = time.perf_counter()
    base = baseline_features(g, hidden) if g.is_directed() else None
    t_base = time.perf_counter() - t0
    identical = None
    if base is not None:
        names = feats.names
        triad_cols = [i for i, nm in enumerate(names) if nm.startswith("triad_")]
        deg_cols = [
            names.index(c)
            for c in ("log_out_pos_u", "log_out_neg_u", "log_in_pos_v", "log_in_neg_v")
        ]
        ours = np.expm1(feats.X[:, triad_cols + deg_cols])
        # our own-edge removal applies to visible edges; the baseline excludes v / u explicitly
        identical = bool(np.allclose(ours, base, atol=1e-9))
        assert identical, "vectorised and loop features differ"
    print(
        f"features of one fold: ecograph {t_ours:.2f} s, loop baseline {t_base:.2f} s, "
        f"x{t_base / t_ours:.1f}, identical={identical}",
        flush=True,
    )
    data = {
        "benchmark": "evaluate signs (k-fold CV) and one fold's features vs a plain loop",
        "command": "PYTHONPATH=. python benchmarks/bench_evaluate_signs.py",
        "goal": "10 folds on Bitcoin OTC under 60 s",
        "edges_file": str(args.edges),
        "edges": result.edges,
        "folds": args.folds,
        "evaluate_seconds_median": float(np.median(runs)),
        "evaluate_seconds_all": runs,
        "auc": result.auc,
        "balanced_accuracy": result.balanced_accuracy,
        "accuracy": result.accuracy,
        "majority_baseline": result.majority_baseline,
        "baselines": result.baselines,
        "features_one_fold_seconds": t_ours,
        "features_baseline_seconds": t_base,
        "features_speedup": t_base / t_ours,
        "features_identical": identical,
        "machine": describe_machine(),
    }
    print("wrote", write_results("evaluate_signs", data))


if __name__ == "__main__":
    main()
