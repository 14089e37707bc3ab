"""``evaluate signs --split time`` and ``evaluate warnings`` on Bitcoin OTC, against k-fold.

Usage::

    PYTHONPATH=. python benchmarks/bench_evaluate_time.py
    PYTHONPATH=. python benchmarks/bench_evaluate_time.py --edges OTHER.csv

Timed in one process (wall and CPU seconds):

* ``kfold``: :func:`ecograph.analysis.signs.evaluate_sign_prediction`, 10 folds with the
  baselines -- the baseline of the ratios;
* ``time``: :func:`ecograph.analysis.sign_forecast.forecast_signs`, one cut at 80% (goal < 30 s);
* ``time_5``: the same with 5 rolling origins (goal < 2 min);
* ``warnings``: :func:`ecograph.analysis.warning_check.check_warnings` at the cut.

Also measured: *before*, the issue's protocol -- the k-fold features of
:mod:`ecograph.analysis.signs` with the latest 20% of ties as the test fold (their existence
visible, their signs and weights hidden) and no calibration -- against *after*, the past-only
time-aware features with Platt calibration (and with the test ties frozen at the cut, seeing
nothing after it); and the warnings at three cuts (60, 70, 80%).

Results: ``benchmarks/results/evaluate_time.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import describe_machine, write_results  # noqa: E402
from ecograph.analysis.calibration import brier_score, expected_calibration_error  # noqa: E402
from ecograph.analysis.sign_forecast import forecast_signs  # noqa: E402
from ecograph.analysis.signs import (  # noqa: E402
    FEATURE_GROUPS,
    evaluate_sign_prediction,
    fit_standardised_logistic,
    roc_auc,
    sign_features,
)
from ecograph.analysis.warning_check import check_warnings  # noqa: E402
from ecograph.io.signed_csv import read_signed_edges  # noqa: E402

BITCOIN = Path("/work/shared/data/signed/bitcoin_otc/bitcoin_otc_edges.csv")


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Return ``(result, wall seconds, CPU seconds)``."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def issue_protocol(g: Any, test_share: float = 0.2) -> dict[str, dict[str, float]]:
    """The issue's time split with the k-fold features: test ties exist, their signs are hidden."""
    edges = list(g.edges(data=True))
    t = np.array([d["time"] for _, _, d in edges])
    y = np.array([1 if d["sign"] > 0 else 0 for _, _, d in edges])
    cut = np.sort(t)[int(round((1 - test_share) * len(t)))]
    test = t >= cut
    feats = sign_features(g, test)
    out: dict[str, dict[str, float]] = {}
    for name, groups in FEATURE_GROUPS.items():
        cols = [i for i, grp in enumerate(feats.groups) if grp in groups]
        x = feats.X[:, cols]
        model = fit_standardised_logistic(x[~test], y[~test], 1e-4)
        p = model.predict(x[test])
        out[name] = {
            "auc": roc_auc(y[test], p),
            "brier": brier_score(y[test], p),
            "ece": expected_calibration_error(y[test], p),
        }
    base = float(y[test].mean())
    out["full"]["brier_base_rate"] = base * (1 - base)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=Path, default=BITCOIN)
    args = parser.parse_args()
    g = read_signed_edges(args.edges)
    kfold, kfold_wall, kfold_cpu = timed(lambda: evaluate_sign_prediction(g, folds=10, seed=0))
    print(f"k-fold (10 folds): {kfold_wall:.1f} s, AUC {kfold.auc:.4f}", flush=True)
    one, one_wall, one_cpu = timed(lambda: forecast_signs(g))
    after = one.to_json()
    print(
        f"time split, one cut: {one_wall:.1f} s (x{one_wall / kfold_wall:.2f} of k-fold), "
        f"AUC {after['auc']:.4f}, ECE {after['ece']:.4f}, Brier {after['brier']:.4f} vs "
        f"{after['brier_base_rate']:.4f}",
        flush=True,
    )
    five, five_wall, five_cpu = timed(lambda: forecast_signs(g, origins=5))
    rolling = five.to_json()
    print(
        f"time split, 5 origins: {five_wall:.1f} s (x{five_wall / kfold_wall:.2f}), AUC "
        f"{rolling['auc']:.4f} ({rolling['spread']['auc']['min']:.4f} to "
        f"{rolling['spread']['auc']['max']:.4f})",
        flush=True,
    )
    frozen = forecast_signs(g, frozen=True).to_json()
    print(
        f"time split, test ties frozen at the cut: AUC {frozen['auc']:.4f}, ECE "
        f"{frozen['ece']:.4f}, Brier {frozen['brier']:.4f}",
        flush=True,
    )
    before, before_wall, _ = timed(lambda: issue_protocol(g))
    print(
        "before (issue protocol): "
        + ", ".join(f"{k} {v['auc']:.3f}" for k, v in before.items())
        + f"; Brier {before['full']['brier']:.4f}, ECE {before['full']['ece']:.4f}",
        flush=True,
    )
    warn, warn_wall, warn_cpu = timed(lambda: check_warnings(g))
    warnings = warn.to_json()
    cuts = {}
    for share in (0.4, 0.3, 0.2):
        d = check_warnings(g, test_share=share).to_json()
        cuts[d["cut"]] = {
            "base_rate": d["base_rate"],
            "naive": d["rules"]["naive"],
            "busiest_at_naive_recall": d["rules"]["busiest"]["at_naive_recall"],
            "warnings_vs_naive": d["warnings_vs_naive"],
            "revised_vs_naive": d["revised_vs_naive"],
            "revised": d["rules"]["revised"],
            "warnings": d["rules"]["warnings"],
        }
        print(
            f"warnings at {d['cut']}: naive {d['rules']['naive']['precision']:.3f} "
            f"(recall {d['rules']['naive']['recall']:.3f}); at that recall: rules "
            f"{(d['warnings_vs_naive'] or {}).get('precision', float('nan')):.3f}, revised "
            f"{(d['revised_vs_naive'] or {}).get('precision', float('nan')):.3f}",
            flush=True,
        )

    def scores(d: dict[str, Any]) -> dict[str, float]:
        keys = ("auc", "brier", "ece", "balanced_accuracy", "brier_raw", "ece_raw")
        return {k: d[k] for k in keys}

    data = {
        "benchmark": "evaluate signs --split time and evaluate warnings vs 10-fold CV",
        "command": "PYTHONPATH=. python benchmarks/bench_evaluate_time.py",
        "goal": "time split on OTC < 30 s; --origins 5 < 2 min",
        "edges_file": str(args.edges),
        "edges": kfold.edges,
        "kfold": {"wall": kfold_wall, "cpu": kfold_cpu, "auc": kfold.auc},
        "time_split": {
            "wall": one_wall,
            "cpu": one_cpu,
            "feature_seconds": one.feature_seconds,
            "ratio_to_kfold": one_wall / kfold_wall,
        },
        "time_split_5_origins": {
            "wall": five_wall,
            "cpu": five_cpu,
            "ratio_to_kfold": five_wall / kfold_wall,
        },
        "before_issue_protocol": {**before, "seconds": before_wall},
        "after": {
            "cut": after["cut"],
            "test_ties": after["test_ties"],
            "full": scores(after),
            "brier_base_rate": after["brier_base_rate"],
            "brier_vs_base_rate": after["brier_vs_base_rate"],
            "baselines": after["baselines"],
        },
        "after_frozen_at_cut": {
            "full": scores(frozen),
            "brier_base_rate": frozen["brier_base_rate"],
            "baselines": frozen["baselines"],
        },
        "after_5_origins": {
            "full": scores(rolling),
            "spread": rolling["spread"],
            "baselines": rolling["baselines"],
            "per_origin": [
                {k: o[k] for k in ("cut", "test_ties", "auc", "brier", "brier_base_rate", "ece")}
                for o in rolling["per_origin"]
            ],
        },
        "warnings": {
            "wall": warn_wall,
            "cpu": warn_cpu,
            "at_80_percent": warnings,
            "three_cuts": cuts,
        },
        "machine": describe_machine(),
    }
    print("wrote", write_results("evaluate_time", data))


if __name__ == "__main__":
    main()
