"""``ecograph evaluate``: check the structural analyses on real signed networks.

* ``evaluate signs EDGES.csv``: k-fold cross-validated prediction of tie signs (no leakage).
* ``evaluate signs EDGES.csv --split time``: the same predictor forward in time (train on the
  ties before a cut, predict the ties after it), calibrated, with a reliability diagram.
* ``evaluate warnings EDGES.csv --split time``: the early-warning rules run at a cut and checked
  against the negative ties of the following days, against a naive rule.
* ``evaluate factions EDGES.csv``: factions, frustration, balance score, agreement with known
  groups.

Both read a ``source,target,sign[,weight][,time]`` CSV (:mod:`ecograph.io.signed_csv`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ecograph.cli.common import console, finite, print_json
from ecograph.errors import InputError

__all__ = ["register"]

evaluate_app = typer.Typer(
    help="Check the structural analyses on a signed edge list (source,target,sign[,weight]).",
    no_args_is_help=True,
)

DIRECTED_OPTION = typer.Option(
    None,
    "--directed/--undirected",
    help="Read the edge list as directed or undirected (default: directed when some pair "
    "appears in both orders).",
)


def _test_share_option(help_text: str) -> Any:
    """Return the ``--test-share`` option (0.2 by default) with the command's own help."""
    return typer.Option(0.2, "--test-share", help=help_text)


def _time_unit_option(help_text: str) -> Any:
    """Return the ``--time-unit`` option: seconds (Unix time, the default) or days."""
    return typer.Option("seconds", "--time-unit", help=f"{help_text}: seconds (Unix time) or days.")


def check_time_unit(time_unit: str) -> None:
    """Refuse a ``--time-unit`` other than seconds or days."""
    if time_unit not in ("seconds", "days"):
        raise InputError(
            f"unknown time unit {time_unit!r}", field="--time-unit", expected="seconds or days"
        )


def register(app: typer.Typer) -> None:
    """Add the ``evaluate`` command group to ``app``."""
    app.add_typer(evaluate_app, name="evaluate")


def _threshold(value: str) -> float | str:
    if value == "prior":
        return "prior"
    try:
        t = float(value)
    except ValueError:
        t = -1.0
    if not 0.0 < t < 1.0:
        raise InputError(
            f"{value!r} is not a threshold", field="--threshold", expected="'prior' or 0 < t < 1"
        )
    return t


@evaluate_app.command("signs")
def signs(
    edges: Path = typer.Argument(..., help="Signed edge list CSV."),
    folds: int = typer.Option(
        10, "--folds", min=2, max=1000, help="Number of cross-validation folds."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the fold assignment."),
    threshold: str = typer.Option(
        "prior",
        "--threshold",
        help="Probability from which a tie is called positive: 'prior' (the training share of "
        "positive ties; targets balanced accuracy) or a number in (0, 1).",
    ),
    l2: float = typer.Option(
        1e-4, "--l2", min=0.0, callback=finite, help="L2 penalty on standardised coefficients."
    ),
    baselines: bool = typer.Option(
        True,
        "--baselines/--no-baselines",
        help="Also evaluate degree-only, triad-only and without-reciprocal models.",
    ),
    split: str = typer.Option(
        "kfold",
        "--split",
        help="kfold: random k-fold cross-validation (ties of the whole history mixed; the "
        "literature's protocol). time: train on the ties before a cut, predict the ties "
        "after it, from strictly earlier ties only (needs a time column).",
    ),
    test_share: float = _test_share_option(
        "--split time: share of ties (latest first) to predict."
    ),
    origins: int = typer.Option(
        1, "--origins", help="--split time: number of rolling cuts, averaged and each reported."
    ),
    calibration: str = typer.Option(
        "platt",
        "--calibration",
        help="--split time: platt, isotonic or none; fitted on the latest ties before the cut.",
    ),
    half_life: float = typer.Option(
        90.0, "--half-life", help="--split time: days after which a past tie counts half."
    ),
    time_unit: str = _time_unit_option("--split time: unit of the time column"),
    plot: Path | None = typer.Option(
        None, "--plot", help="--split time: write the reliability diagram (.png, .svg, .pdf)."
    ),
    frozen: bool = typer.Option(
        False,
        "--frozen",
        help="--split time: describe the test ties by the ties before the cut only (default: by "
        "all ties strictly before each test tie, as a worker would know them).",
    ),
    directed: bool | None = DIRECTED_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Predict tie signs (random k-fold, or forward in time); report AUC, baselines, weights."""
    from ecograph.analysis.signs import evaluate_sign_prediction
    from ecograph.io.signed_csv import read_signed_edges

    if split not in ("kfold", "time"):
        raise InputError(f"unknown split {split!r}", field="--split", expected="kfold or time")
    thr = _threshold(threshold)
    if split == "time":
        _signs_over_time(
            edges,
            directed=directed,
            test_share=test_share,
            origins=origins,
            calibration=calibration,
            l2=l2,
            half_life=half_life,
            time_unit=time_unit,
            plot=plot,
            baselines=baselines,
            frozen=frozen,
            as_json=as_json,
        )
        return
    g = read_signed_edges(edges, directed=directed)
    result = evaluate_sign_prediction(
        g,
        folds=folds,
        seed=seed,
        l2=l2,
        threshold=thr,  # type: ignore[arg-type]
        baselines=baselines,
    )
    data: dict[str, Any] = {
        "file": str(edges),
        "protocol": KFOLD_PROTOCOL,
        "edges": result.edges,
        "directed": result.directed,
        "positive_share": result.positive_share,
        "folds": result.folds,
        "seed": result.seed,
        "threshold": result.threshold,
        "auc": result.auc,
        "balanced_accuracy": result.balanced_accuracy,
        "accuracy": result.accuracy,
        "majority_baseline": result.majority_baseline,
        "baselines": result.baselines,
        "per_fold": [
            {
                "fold": f.fold,
                "edges": f.edges,
                "auc": f.auc,
                "balanced_accuracy": f.balanced_accuracy,
                "accuracy": f.accuracy,
            }
            for f in result.per_fold
        ],
        "coefficients": result.coefficients,
        "coefficient_sd": result.coefficient_sd,
        "feature_groups": result.feature_groups,
        "seconds": result.seconds,
    }
    if as_json:
        print_json(data)
        return
    from rich.table import Table

    console.print(
        f"[bold]Sign prediction[/bold] on {edges}: {result.edges} ties "
        f"({'directed' if result.directed else 'undirected'}, "
        f"{result.positive_share:.1%} positive), random {result.folds}-fold cross-validation, "
        f"seed {result.seed}, {result.seconds:.1f} s"
    )
    console.print(
        "[dim]Random k-fold mixes ties from the whole history into training and test; for a "
        "forecast of new ties use --split time.[/dim]"
    )
    table = Table(title="Scores (pooled over folds, random k-fold)")
    for col in ("model", "AUC", "balanced accuracy", "accuracy"):
        table.add_column(col, justify="left" if col == "model" else "right")
    table.add_row(
        "logistic regression (all features)",
        f"{result.auc:.4f}",
        f"{result.balanced_accuracy:.4f}",
        f"{result.accuracy:.4f}",
    )
    for name, vals in result.baselines.items():
        table.add_row(
            name.replace("_", " "),
            f"{vals['auc']:.4f}",
            f"{vals['balanced_accuracy']:.4f}",
            f"{vals['accuracy']:.4f}",
        )
    console.print(table)
    aucs = [f.auc for f in result.per_fold]
    console.print(
        f"per-fold AUC: min {min(aucs):.4f}, max {max(aucs):.4f}; threshold {result.threshold}"
    )
    coef = Table(title="Coefficients (log-odds of a positive tie per standard deviation)")
    coef.add_column("feature")
    coef.add_column("group")
    coef.add_column("coefficient", justify="right")
    coef.add_column("sd over folds", justify="right")
    for name, value in sorted(result.coefficients.items(), key=lambda kv: -abs(kv[1])):
        coef.add_row(
            name,
            result.feature_groups.get(name, ""),
            f"{value:+.3f}",
            f"{result.coefficient_sd[name]:.3f}",
        )
    console.print(coef)


def _signs_over_time(
    edges: Path,
    *,
    directed: bool | None,
    test_share: float,
    origins: int,
    calibration: str,
    l2: float,
    half_life: float,
    time_unit: str,
    plot: Path | None,
    baselines: bool,
    frozen: bool,
    as_json: bool,
) -> None:
    """``evaluate signs --split time``: the forecast protocol of :mod:`sign_forecast`."""
    from ecograph.analysis.sign_forecast import forecast_signs
    from ecograph.analysis.sign_history import HistoryParams
    from ecograph.io.signed_csv import read_signed_edges

    if calibration not in ("platt", "isotonic", "none"):
        raise InputError(
            f"unknown calibration {calibration!r}",
            field="--calibration",
            expected="platt, isotonic or none",
        )
    check_time_unit(time_unit)
    if not half_life > 0:
        raise InputError(
            f"half-life is {half_life}", field="--half-life", expected="a number of days > 0"
        )
    if plot is not None:
        from ecograph.plot._common import FORMATS

        if plot.suffix.lower().lstrip(".") not in FORMATS or not plot.parent.exists():
            raise InputError(
                f"cannot write the diagram to {str(plot)!r}",
                field="--plot",
                expected="a .png, .svg or .pdf file in an existing folder",
            )
    params = HistoryParams(half_life_days=half_life, day=86400.0 if time_unit == "seconds" else 1.0)
    g = read_signed_edges(edges, directed=directed)
    try:
        result = forecast_signs(
            g,
            test_share=test_share,
            origins=origins,
            calibration=calibration,  # type: ignore[arg-type]
            l2=l2,
            params=params,
            baselines=baselines,
            frozen=frozen,
        )
    except InputError as exc:
        raise InputError(
            exc.problem.message,
            source=str(edges),
            field=_OPTION_OF.get(exc.field or "", exc.field),
            expected=exc.expected,
        ) from None
    data: dict[str, Any] = {"file": str(edges), **result.to_json()}
    if plot is not None:
        from ecograph.plot._common import save_figure
        from ecograph.plot.reliability import plot_reliability

        last = result.per_origin[-1]
        fig = plot_reliability(
            last.reliability,
            ece=last.models["full"].ece,
            subtitle=f"{edges.name}: ties after {last.cut}, model fitted before it "
            f"({result.calibration} calibration)",
        )
        save_figure(fig, plot)
        data["plot"] = str(plot)
    if as_json:
        print_json(data)
        return
    _print_forecast(edges, data)


#: Library field names of the forecast and the CLI options that set them.
_OPTION_OF = {
    "test_share": "--test-share",
    "origins": "--origins",
    "calibration": "--calibration",
    "calibration_share": "--calibration",
    "time": "time",
}


def _print_forecast(edges: Path, data: dict[str, Any]) -> None:
    from rich.table import Table

    console.print(
        f"[bold]Sign forecast[/bold] on {edges}: {data['edges']} ties, time split: trained on "
        f"ties before the cut, tested on the next {data['test_share']:.0%} of ties, "
        f"{data['origins']} origin{'s' if data['origins'] != 1 else ''} (last cut "
        f"{data['cut']}), features from strictly earlier ties only (test ties: "
        f"{data['test_features']}), {data['calibration']} "
        f"calibration; {data['seconds']:.1f} s"
    )
    table = Table(title="Scores on the ties after the cut (mean over origins)")
    for col in ("model", "AUC", "Brier", "ECE", "balanced accuracy"):
        table.add_column(col, justify="left" if col == "model" else "right")
    rows = [("all features", data)] + [
        (name.replace("_", " "), vals) for name, vals in data["baselines"].items()
    ]
    for name, vals in rows:
        table.add_row(
            name,
            f"{vals['auc']:.4f}",
            f"{vals['brier']:.4f}",
            f"{vals['ece']:.4f}",
            f"{vals['balanced_accuracy']:.4f}",
        )
    console.print(table)
    console.print(
        f"Brier of always saying the test period's base rate {data['brier_base_rate']:.4f} "
        f"(the model is {data['brier_vs_base_rate']:.0%} below it); always the majority sign: "
        f"accuracy {data['majority_baseline']:.4f}; before calibration Brier "
        f"{data['brier_raw']:.4f}, ECE {data['ece_raw']:.4f}"
    )
    if data["origins"] > 1:
        sp = data["spread"]
        console.print(
            f"over the origins: AUC {sp['auc']['min']:.4f} to {sp['auc']['max']:.4f}, "
            f"ECE {sp['ece']['min']:.4f} to {sp['ece']['max']:.4f}"
        )
        for o in data["per_origin"]:
            console.print(
                f"  cut {o['cut']}: {o['test_ties']} test ties, AUC {o['auc']:.4f}, "
                f"Brier {o['brier']:.4f} (base rate {o['brier_base_rate']:.4f}), "
                f"ECE {o['ece']:.4f}"
            )
    coef = Table(title="What the full model weighs (last cut; log-odds of a positive tie per sd)")
    coef.add_column("feature")
    coef.add_column("coefficient", justify="right")
    coef.add_column("why it may matter")
    for name, value in sorted(data["coefficients"].items(), key=lambda kv: -abs(kv[1]))[:12]:
        coef.add_row(name, f"{value:+.3f}", data["reasons"].get(name, ""))
    console.print(coef)
    if "plot" in data:
        console.print(f"reliability diagram written to {data['plot']}")


@evaluate_app.command("warnings")
def warnings(
    edges: Path = typer.Argument(..., help="Signed edge list CSV with a time column."),
    split: str = typer.Option(
        "time",
        "--split",
        help="time (the only protocol): run the rules on the ties before the cut, check them "
        "on the ties after it.",
    ),
    test_share: float = _test_share_option(
        "The cut is at the tie at position 1 - this share, by time."
    ),
    horizon: int = typer.Option(
        90, "--horizon", help="Days after the cut in which a negative tie counts as an outcome."
    ),
    time_unit: str = _time_unit_option("Unit of the time column"),
    directed: bool | None = DIRECTED_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Check the early-warning rules on a dated signed network: precision, recall, lift."""
    from ecograph.analysis.warning_check import check_warnings
    from ecograph.io.signed_csv import read_signed_edges

    if split != "time":
        raise InputError(f"unknown split {split!r}", field="--split", expected="time")
    check_time_unit(time_unit)
    if not 0.0 < test_share < 1.0:
        raise InputError(
            f"test share is {test_share}", field="--test-share", expected="0 < share < 1"
        )
    if horizon < 1:
        raise InputError(f"horizon is {horizon}", field="--horizon", expected="days >= 1")
    g = read_signed_edges(edges, directed=directed)
    result = check_warnings(
        g,
        test_share=test_share,
        horizon_days=horizon,
        day=86400.0 if time_unit == "seconds" else 1.0,
    )
    data: dict[str, Any] = {"file": str(edges), **result.to_json()}
    if as_json:
        print_json(data)
        return
    from rich.table import Table

    console.print(
        f"[bold]Early warnings checked[/bold] on {edges}: rules run on the ties before "
        f"{data['cut']}, outcome = the actor gave or received a negative tie within "
        f"{horizon} days; {data['actors']} actors, base rate {data['base_rate']:.1%}"
    )
    table = Table(title="Rules against what happened")
    for col in ("rule", "warned", "precision", "recall", "lift", "precision at naive recall"):
        table.add_column(col, justify="left" if col == "rule" else "right")
    for name, r in data["rules"].items():
        eq = r["at_naive_recall"]
        table.add_row(
            RULE_WORDS.get(name, name),
            str(r["warned"]),
            f"{r['precision']:.3f}",
            f"{r['recall']:.3f}",
            f"{r['lift']:.2f}",
            "-" if eq is None else f"{eq['precision']:.3f} ({eq['warned']} warned)",
        )
    console.print(table)
    for name in ("warnings", "revised"):
        cmp = data[f"{name}_vs_naive"]
        if cmp is None:
            console.print(f"{RULE_WORDS[name]}: never reach the naive rule's recall")
            continue
        verdict = "beat" if cmp["margin"] > 0 else "do not beat"
        console.print(
            f"{RULE_WORDS[name]} {verdict} the naive rule at equal recall "
            f"({cmp['recall']:.3f}): precision {cmp['precision']:.3f} vs "
            f"{cmp['naive_precision']:.3f} (margin {cmp['margin']:+.3f})"
        )


#: How each checked rule is named for people.
RULE_WORDS = {
    "naive": "naive: received a negative tie in the last 90 days",
    "busiest": "busiest: most ties in the last 90 days",
    "warnings": "the rules of ecograph warnings",
    "toward_conflict": "  toward conflict",
    "sustained_hostility": "  sustained hostility",
    "quiet_tie": "  quiet cooperative tie",
    "revised": "revised rules",
}


KFOLD_PROTOCOL = (
    "random k-fold cross-validation (ties of the whole history mixed into training and test)"
)


@evaluate_app.command("factions")
def factions(
    edges: Path = typer.Argument(..., help="Signed edge list CSV."),
    groups: Path | None = typer.Option(
        None, "--groups", help="Known groups (node,group CSV) to compare with (adjusted Rand)."
    ),
    k: int | None = typer.Option(
        None,
        "--k",
        min=1,
        max=100,
        help="Number of factions, 1..100 (default: chosen, see --min-gain).",
    ),
    balance: str = typer.Option(
        "strict",
        "--balance",
        help="strict: positive inside, negative between factions; generalized: each block "
        "positive or negative (relaxed balance).",
    ),
    method: str = typer.Option("auto", "--method", help="auto, exact (MILP) or heuristic."),
    weighted: bool = typer.Option(False, "--weighted", help="Minimise frustrated weight."),
    k_max: int = typer.Option(
        8, "--k-max", min=1, max=100, help="Largest k tried when choosing k (1..100)."
    ),
    min_gain: float = typer.Option(
        0.05,
        "--min-gain",
        min=0.0,
        max=1.0,
        callback=finite,
        help="Choosing k: stop when one more faction removes less than this share of the ties' "
        "weight from the frustration.",
    ),
    time_limit: float = typer.Option(
        60.0, "--time-limit", min=0.01, callback=finite, help="Seconds for the exact solver."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the heuristic."),
    directed: bool | None = DIRECTED_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Find factions minimising frustration; report frustration, balance score and ARI."""
    from ecograph.analysis.balance import triangle_census
    from ecograph.analysis.factions import (
        EXACT_MAX_EDGES,
        adjusted_rand_index,
        find_factions,
    )
    from ecograph.analysis.frustration import frustration_index
    from ecograph.io.signed_csv import read_groups, read_signed_edges

    if balance not in ("strict", "generalized"):
        raise InputError(
            f"unknown balance {balance!r}", field="--balance", expected="strict or generalized"
        )
    if method not in ("auto", "exact", "heuristic"):
        raise InputError(
            f"unknown method {method!r}", field="--method", expected="auto, exact or heuristic"
        )
    g = read_signed_edges(edges, directed=directed)
    truth = read_groups(groups) if groups is not None else None
    if truth is not None:
        unknown = [node for node in g.nodes if node not in truth]
        if unknown:
            raise InputError(
                f"{len(unknown)} node(s) of the edge list have no group, e.g. {unknown[0]!r}",
                source=str(groups),
                field="node",
                expected="a group for every node of the edge list",
            )
    found = find_factions(
        g,
        k,
        balance=balance,  # type: ignore[arg-type]
        method=method,  # type: ignore[arg-type]
        weighted=weighted,
        k_max=k_max,
        min_gain=min_gain,
        time_limit=time_limit,
        seed=seed,
    )
    exact_value: float | None = found.frustration if found.exact else None
    exact_index: float | None = None
    small = g.number_of_edges() <= EXACT_MAX_EDGES
    if not found.exact and small and method != "heuristic":
        proof = find_factions(
            g,
            found.k,
            balance=balance,  # type: ignore[arg-type]
            method="exact",
            weighted=weighted,
            time_limit=time_limit,
        )
        exact_value = proof.frustration if proof.exact else None
    if small or method == "exact":
        index = frustration_index(g, method="exact", weighted=weighted, time_limit=time_limit)
        exact_index = index.frustration if index.exact else None
    census = triangle_census(g)
    ari = adjusted_rand_index(truth, found.groups) if truth is not None else None
    data: dict[str, Any] = {
        "file": str(edges),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "balance": balance,
        "k": found.k,
        "groups": {str(node): grp for node, grp in found.groups.items()},
        "frustration": found.frustration,
        "exact_frustration": exact_value,
        "lower_bound": found.lower_bound,
        "method": found.method,
        "weighted": weighted,
        "frustrated": [[str(u), str(v)] for u, v in found.frustrated],
        "block_signs": {f"{a}-{b}": s for (a, b), s in found.block_signs.items()},
        "frustration_by_k": {str(kk): val for kk, val in found.tried.items()},
        "frustration_index": exact_index,
        "balance_score": census.balance_score,
        "triangles": census.as_dict(),
        "ari": ari,
        "seconds": found.seconds,
    }
    if as_json:
        print_json(data)
        return
    from rich.table import Table

    console.print(
        f"[bold]Factions[/bold] in {edges}: {data['nodes']} actors, {data['edges']} ties, "
        f"{balance} balance, k = {found.k} ({found.method}, {found.seconds:.2f} s)"
    )
    console.print(
        f"frustration {found.frustration:g}"
        + (
            " (proved minimal)"
            if exact_value is not None
            else f" (lower bound {found.lower_bound:g})"
        )
        + f"; triangle balance score {census.balance_score:.7f}"
        + (f"; frustration index (2 camps) {exact_index:g}" if exact_index is not None else "")
        + (f"; ARI vs {groups} {ari:.4f}" if ari is not None else "")
    )
    table = Table(title="Factions")
    table.add_column("faction", justify="right")
    table.add_column("size", justify="right")
    table.add_column("members")
    for i, members in enumerate(found.members()):
        shown = ", ".join(str(x) for x in members[:12]) + (" ..." if len(members) > 12 else "")
        table.add_row(str(i), str(len(members)), shown)
    console.print(table)
    if found.frustrated:
        shown = "; ".join(f"{u} - {v}" for u, v in found.frustrated[:15])
        more = f" (+{len(found.frustrated) - 15} more)" if len(found.frustrated) > 15 else ""
        console.print(f"frustrated ties: {shown}{more}")
