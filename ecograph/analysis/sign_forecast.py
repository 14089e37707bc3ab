"""Forecasting tie signs forward in time: train on the past, predict the ties formed after a cut.

The question the users ask is forward-looking: *will this new relationship be one of conflict?*
Random k-fold cross-validation (:func:`ecograph.analysis.signs.evaluate_sign_prediction`) mixes
the whole history into training and test, and so answers a different, easier question.  Here:

* **Cut.** The ties are ordered by time.  The cut is the time of the tie at position
  ``1 - test_share`` of that order; ties formed before it train the model, the ties formed from
  the cut on (the next ``test_share`` of all ties) test it.
* **Past only.** Every tie is described by the ties formed *strictly before it*
  (:func:`ecograph.analysis.sign_history.past_features`): their signs, weights and times.
  Neither the signs nor the existence of later ties are used.  A test tie's features do see
  the signs of test ties formed before it -- by then they are history a worker would know --
  but the model and its calibration are fitted on ties before the cut only.
  With ``frozen=True`` a test tie sees only the ties before the cut: the view of someone who
  learnt nothing after it (the features of the ties before the cut are the same either way).
* **Calibration on the past.** The ties before the cut are split again by time: the older
  ``1 - calibration_share`` fit the logistic model, the most recent ``calibration_share`` fit
  the calibrator (Platt or isotonic) on the model's predictions for them, which it has not seen.
* **Rolling origins.** With ``origins > 1`` the cut is moved back: cuts evenly spaced from
  position 0.5 to ``1 - test_share``, each tested on the next ``test_share`` of ties; the
  scores are averaged and each is reported.

Scores (on the test ties of each origin): ``auc``, ``brier`` and ``brier_base_rate`` (the Brier
score of always saying the test period's own share, a yardstick no forecast knows in advance),
``ece`` (10 equal-width bins), ``balanced_accuracy`` (threshold: the positive share of the
calibration window) and ``majority_baseline`` (always the majority sign before the cut); the
same for the degree-only, triad-only and without-reciprocal models.

References
----------
.. [1] Tashman, L. J. (2000). Out-of-sample tests of forecasting accuracy: an analysis and
   review. *International Journal of Forecasting* 16, 437-450 (rolling origins).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, fields
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from ecograph.analysis.calibration import (
    Calibrator,
    Method,
    ReliabilityBin,
    brier_score,
    expected_calibration_error,
    fit_calibrator,
    reliability_bins,
)
from ecograph.analysis.sign_history import (
    REASONS,
    HistoryParams,
    TimedTies,
    past_features,
    timed_ties,
)
from ecograph.analysis.signs import FEATURE_GROUPS, SignFeatures, fit_standardised_logistic, roc_auc
from ecograph.errors import InputError

__all__ = ["FORECAST_MODELS", "ForecastScores", "OriginResult", "SignForecast", "forecast_signs"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Feature groups of the full model and of the baselines (``time`` joins the full model).
FORECAST_MODELS: dict[str, tuple[str, ...]] = {
    "full": (*FEATURE_GROUPS["full"], "time"),
    "degree_only": FEATURE_GROUPS["degree_only"],
    "triad_only": FEATURE_GROUPS["triad_only"],
    "without_reciprocal": (*FEATURE_GROUPS["without_reciprocal"], "time"),
}

_SPREAD = ("auc", "brier", "brier_base_rate", "ece", "balanced_accuracy")


@dataclass(frozen=True)
class ForecastScores:
    """Scores of one model on one origin's test ties.

    Attributes
    ----------
    auc, brier, ece, balanced_accuracy : float
        Of the calibrated probabilities.
    brier_raw, ece_raw : float
        Of the model's probabilities before calibration.
    """

    auc: float
    brier: float
    ece: float
    balanced_accuracy: float
    brier_raw: float
    ece_raw: float

    def to_json(self) -> dict[str, float]:
        """Return JSON-ready data."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class OriginResult:
    """One cut: where it is, what was tested, and the scores of every model.

    Attributes
    ----------
    cut : str
        Date of the cut (ISO) when times are Unix seconds, else the time as text.
    cut_time : float
    position : float
        Share of ties before the cut.
    train_ties, calibration_ties, test_ties : int
    brier_base_rate : float
        Brier score of always saying the test period's share of positive ties.
    majority_baseline : float
        Accuracy on the test ties of always saying the majority sign before the cut.
    test_positive_share : float
    models : dict
        Model name -> :class:`ForecastScores`.
    calibrator : dict
        The full model's calibrator (method, slope, intercept, fitted_on).
    reliability : list of ReliabilityBin
        The full model's calibrated reliability diagram (probability of a *negative* tie).
    structural_pressure_weight : dict
        Log-odds of a positive tie per unit of structural pressure, fitted on the ties before
        the cut, alone and given the other evidence (see :func:`_pressure_weight`): what the
        case model's ``weights.structural_pressure`` is calibrated on.
    """

    cut: str
    cut_time: float
    position: float
    train_ties: int
    calibration_ties: int
    test_ties: int
    brier_base_rate: float
    majority_baseline: float
    test_positive_share: float
    models: dict[str, ForecastScores]
    calibrator: dict[str, Any]
    reliability: list[ReliabilityBin]
    structural_pressure_weight: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data (the full model's scores at the top level)."""
        full = self.models["full"]
        return {
            "cut": self.cut,
            "cut_time": self.cut_time,
            "position": self.position,
            "train_ties": self.train_ties,
            "calibration_ties": self.calibration_ties,
            "test_ties": self.test_ties,
            **full.to_json(),
            "brier_base_rate": self.brier_base_rate,
            "majority_baseline": self.majority_baseline,
            "test_positive_share": self.test_positive_share,
            "baselines": {k: v.to_json() for k, v in self.models.items() if k != "full"},
            "calibrator": self.calibrator,
            "structural_pressure_weight": self.structural_pressure_weight,
        }


@dataclass(frozen=True)
class SignForecast:
    """Time-split evaluation of the sign predictor, averaged over rolling origins.

    Attributes
    ----------
    per_origin : list of OriginResult
        Oldest cut first; the last is the cut at ``1 - test_share``.
    edges : int
    directed : bool
    test_share, calibration_share : float
    calibration : str
    coefficients : dict
        The full model's standardised coefficients at the last origin.
    feature_groups, reasons : dict
        Group and reason in words of every feature.
    seconds : float
    """

    per_origin: list[OriginResult]
    edges: int
    directed: bool
    test_share: float
    calibration_share: float
    calibration: str
    coefficients: dict[str, float]
    feature_groups: dict[str, str]
    reasons: dict[str, str]
    seconds: float
    feature_seconds: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)
    frozen: bool = False

    def mean(self, model: str, key: str) -> float:
        """Mean over the origins of one model's score (``brier_base_rate`` etc. for any)."""
        vals = [self._value(o, model, key) for o in self.per_origin]
        return float(np.mean(vals))

    def spread(self, model: str, key: str) -> dict[str, float]:
        """Minimum, maximum and standard deviation of a score over the origins."""
        vals = np.array([self._value(o, model, key) for o in self.per_origin])
        return {"min": float(vals.min()), "max": float(vals.max()), "sd": float(vals.std())}

    @staticmethod
    def _value(o: OriginResult, model: str, key: str) -> float:
        if key in ("brier_base_rate", "majority_baseline", "test_ties"):
            return float(getattr(o, key))
        return float(getattr(o.models[model], key))

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data: mean scores, the spread, each origin, the baselines."""
        last = self.per_origin[-1]
        out: dict[str, Any] = {
            "protocol": "time split (train on ties before the cut, test on the ties after it)",
            "test_features": "frozen at the cut (ties before the cut only)"
            if self.frozen
            else "from the ties strictly before each test tie",
            "edges": self.edges,
            "directed": self.directed,
            "origins": len(self.per_origin),
            "test_share": self.test_share,
            "calibration": self.calibration,
            "calibration_share": self.calibration_share,
            "cut": last.cut,
            "test_ties": int(round(self.mean("full", "test_ties"))),
        }
        for key in ("auc", "brier", "ece", "balanced_accuracy", "brier_raw", "ece_raw"):
            out[key] = self.mean("full", key)
        out["brier_base_rate"] = self.mean("full", "brier_base_rate")
        out["brier_vs_base_rate"] = 1.0 - out["brier"] / out["brier_base_rate"]
        out["majority_baseline"] = self.mean("full", "majority_baseline")
        out["spread"] = {key: self.spread("full", key) for key in _SPREAD}
        out["baselines"] = {
            name: {
                key: self.mean(name, key)
                for key in ("auc", "brier", "ece", "balanced_accuracy", "brier_raw", "ece_raw")
            }
            for name in FORECAST_MODELS
            if name != "full" and name in last.models
        }
        out["per_origin"] = [o.to_json() for o in self.per_origin]
        out["reliability"] = [
            {"low": b.low, "high": b.high, "count": b.count, "predicted": b.predicted,
             "observed": b.observed}
            for b in last.reliability
        ]  # fmt: skip
        out["structural_pressure_weight"] = {
            key: float(np.median([o.structural_pressure_weight[key] for o in self.per_origin]))
            for key in ("alone", "given_other_evidence")
        }
        out["coefficients"] = self.coefficients
        out["feature_groups"] = self.feature_groups
        out["reasons"] = self.reasons
        out["features"] = self.params
        out["seconds"] = self.seconds
        out["feature_seconds"] = self.feature_seconds
        return out


def _cut_label(t: float, day: float) -> str:
    if day == 86400.0:
        try:
            return dt.datetime.fromtimestamp(t, tz=dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            pass
    return f"{t:g}"


def _edge_mean(ties: TimedTies, arcs: IntArray, p_arc: FloatArray) -> tuple[IntArray, FloatArray]:
    """Mean probability over the arcs of each edge (two arcs for an undirected tie)."""
    edge = ties.edge[arcs]
    sums = np.bincount(edge, weights=p_arc, minlength=ties.edges)
    counts = np.bincount(edge, minlength=ties.edges)
    edges = np.flatnonzero(counts)
    return edges, sums[edges] / counts[edges]


def _balanced(y: IntArray, p: FloatArray, thr: float) -> float:
    pred = p >= thr
    yy = y.astype(bool)
    parts = []
    if yy.any():
        parts.append(float(pred[yy].mean()))
    if (~yy).any():
        parts.append(float((~pred[~yy]).mean()))
    return float(np.mean(parts)) if parts else float("nan")


def _origin(
    ties: TimedTies,
    feats: SignFeatures,
    models: dict[str, tuple[str, ...]],
    position: float,
    end_position: float,
    *,
    order: IntArray,
    calibration_share: float,
    calibration: Method,
    l2: float,
    day: float,
    smoothing: float,
) -> tuple[OriginResult, dict[str, float]]:
    m = ties.edges
    t_edge = ties.edge_time
    y_edge = (ties.edge_sign > 0).astype(np.int64)
    sorted_t = t_edge[order]
    cut_time = float(sorted_t[min(int(round(position * m)), m - 1)])
    end_idx = int(round(end_position * m))
    end_time = float(sorted_t[end_idx]) if end_idx < m else np.inf
    train_e = t_edge < cut_time
    test_e = (t_edge >= cut_time) & (t_edge < end_time)
    train_times = np.sort(t_edge[train_e])
    inner_time = float(
        train_times[
            min(int(round((1 - calibration_share) * train_times.size)), train_times.size - 1)
        ]
    )
    fit_e = train_e & (t_edge < inner_time)
    cal_e = train_e & (t_edge >= inner_time)
    for what, mask in (("fit", fit_e), ("calibration", cal_e), ("test", test_e)):
        ys = y_edge[mask]
        if ys.size == 0 or ys.min() == ys.max():
            raise InputError(
                f"the {what} ties of the cut at {_cut_label(cut_time, day)} are all of one sign "
                f"({ys.size} ties)",
                field="test_share",
                expected="ties of both signs before and after the cut (more ties, another "
                "--test-share or fewer --origins)",
            )
    arc_edge_fit = fit_e[ties.edge]
    arc_cal = np.flatnonzero(cal_e[ties.edge])
    arc_test = np.flatnonzero(test_e[ties.edge])
    y_arc = (ties.sign > 0).astype(np.int64)
    share_cal = float(y_edge[cal_e].mean())
    share_train = float(y_edge[train_e].mean())
    majority = 1 if share_train >= 0.5 else 0
    y_test = y_edge[test_e]
    base = float(y_test.mean())
    scores: dict[str, ForecastScores] = {}
    coefficients: dict[str, float] = {}
    reliability: list[ReliabilityBin] = []
    cal_info: dict[str, Any] = {}
    for name, wanted in models.items():
        cols = [i for i, grp in enumerate(feats.groups) if grp in wanted]
        x = feats.X[:, cols]
        model = fit_standardised_logistic(x[arc_edge_fit], y_arc[arc_edge_fit], l2)
        e_cal, p_cal = _edge_mean(ties, arc_cal, model.predict(x[arc_cal]))
        cal: Calibrator = fit_calibrator(y_edge[e_cal], p_cal, calibration)
        e_test, p_raw = _edge_mean(ties, arc_test, model.predict(x[arc_test]))
        p = cal(p_raw)
        y = y_edge[e_test]
        scores[name] = ForecastScores(
            auc=roc_auc(y, p),
            brier=brier_score(y, p),
            ece=expected_calibration_error(y, p),
            balanced_accuracy=_balanced(y, p, share_cal),
            brier_raw=brier_score(y, p_raw),
            ece_raw=expected_calibration_error(y, p_raw),
        )
        if name == "full":
            coefficients = {
                feats.names[cols[c]]: float(w)
                for c, w in zip(model.columns, model.coef, strict=True)
            }
            coefficients["intercept"] = model.intercept
            reliability = reliability_bins(1 - y, 1 - p)
            cal_info = {
                "method": cal.method,
                "slope": cal.slope,
                "intercept": cal.intercept,
                "fitted_on": cal.fitted_on,
            }
    pressure_weight = _pressure_weight(feats, train_e[ties.edge], y_arc, smoothing)
    result = OriginResult(
        cut=_cut_label(cut_time, day),
        cut_time=cut_time,
        position=position,
        train_ties=int(fit_e.sum()),
        calibration_ties=int(cal_e.sum()),
        test_ties=int(test_e.sum()),
        brier_base_rate=brier_score(y_test, np.full(y_test.size, base)),
        majority_baseline=float((y_test == majority).mean()),
        test_positive_share=base,
        models=scores,
        calibrator=cal_info,
        reliability=reliability,
        structural_pressure_weight=pressure_weight,
    )
    return result, coefficients


def _pressure_weight(
    feats: SignFeatures, train: BoolArray, y: IntArray, smoothing: float
) -> dict[str, float]:
    """Log-odds of a positive tie per unit of structural pressure, fitted on training arcs.

    ``pressure`` is the case model's structural pressure read from the past-only features: the
    mean balance vote of the third actors both sides were tied to, times ``tanh`` of their
    number (:meth:`ecograph.analysis.features.CaseFeatures.pressure`; there each vote is also
    weighted by the strengths of its two ties, here all ties count alike).  In the case model
    the rule adds ``w * p`` to cooperation (or ``w * -p`` to conflict), which moves the
    log-odds of cooperation against conflict by ``w * p``.

    Returns ``alone`` (``logit P = a + w * p``) and ``given_other_evidence`` (the same with the
    standardised degree, reciprocal and time features beside ``p``): the case model adds the
    rule to others, so the second is the weight it should carry.
    """
    from ecograph.analysis.signs import fit_logistic

    nan = {"alone": float("nan"), "given_other_evidence": float("nan")}
    if "balance_vote" not in feats.names:
        return nan
    n = np.expm1(feats.X[:, feats.names.index("log_embeddedness")])
    votes = feats.X[:, feats.names.index("balance_vote")] * (n + smoothing)
    pressure = np.where(n > 0, votes / np.maximum(n, 1.0) * np.tanh(n), 0.0)[train]
    yy = y[train].astype(np.float64)
    if yy.size == 0 or yy.min() == yy.max() or not np.any(pressure):
        return nan
    alone, _ = fit_logistic(pressure[:, None], yy, 1e-6)
    other = [i for i, grp in enumerate(feats.groups) if grp != "triad"]
    x = feats.X[train][:, other]
    sd = x.std(axis=0)
    keep = sd > 1e-12
    z = (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]
    given, _ = fit_logistic(np.column_stack([pressure, z]), yy, 1e-4)
    return {"alone": float(alone[0]), "given_other_evidence": float(given[0])}


def _frozen_view(
    ties: TimedTies, order: IntArray, position: float, test_share: float, calibration_share: float
) -> FloatArray:
    """When each arc is seen from, so that training looks like the test (``frozen=True``).

    Test ties are seen from the cut; calibration ties from the start of the calibration
    window; the older ties in blocks as long as the test window (in ties), each seen from
    the start of its block.  Every tie is then judged from a moment 0 to one test window
    before it, as the test ties are.
    """
    m = ties.edges
    sorted_t = ties.edge_time[order]
    cut_idx = min(int(round(position * m)), m - 1)
    inner_idx = min(int(round((1 - calibration_share) * cut_idx)), cut_idx)
    block = max(1, int(round(test_share * m)))
    starts = list(range(0, inner_idx, block)) + [inner_idx, cut_idx]
    seen_edge = np.empty(m)
    bounds = [*starts, m]
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        if hi > lo:
            seen_edge[order[lo:hi]] = sorted_t[lo]
    seen_edge[order[cut_idx:]] = sorted_t[cut_idx]
    out: FloatArray = seen_edge[ties.edge]
    return out


def origin_positions(test_share: float, origins: int) -> list[float]:
    """Cut positions (shares of ties before the cut) of the rolling origins, oldest first.

    Examples
    --------
    >>> origin_positions(0.2, 1)
    [0.8]
    >>> [round(p, 3) for p in origin_positions(0.2, 5)]
    [0.5, 0.575, 0.65, 0.725, 0.8]
    """
    last = 1.0 - test_share
    if origins == 1:
        return [last]
    return [float(v) for v in np.linspace(0.5, last, origins)]  # test_share < 0.5: last > 0.5


def forecast_signs(
    g: nx.Graph,
    *,
    test_share: float = 0.2,
    origins: int = 1,
    calibration: Method = "platt",
    calibration_share: float = 0.2,
    l2: float = 1e-4,
    params: HistoryParams | None = None,
    baselines: bool = True,
    frozen: bool = False,
) -> SignForecast:
    """Evaluate the sign predictor forward in time (see the module docstring for the protocol).

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph whose every edge has a ``time``.
    test_share : float, default 0.2
        Share of ties (by time) after each cut that are predicted.
    origins : int, default 1
        Number of rolling cuts.
    calibration : {"platt", "isotonic", "none"}, default "platt"
    calibration_share : float, default 0.2
        Most recent share of the ties before the cut that fit the calibrator.
    l2 : float, default 1e-4
        L2 penalty on standardised coefficients.
    params : HistoryParams, optional
        Half-life, windows and the length of a day in the time unit.
    baselines : bool, default True
        Also score the degree-only, triad-only and without-reciprocal models.
    frozen : bool, default False
        Describe the test ties by the ties before the cut only (the signs of test ties formed
        earlier are not used either): the view of someone who learnt nothing after the cut.

    Returns
    -------
    SignForecast

    Raises
    ------
    InputError
        If a tie has no time, a parameter is out of range, or a period holds one sign only.
    """
    from ecograph.analysis._blas import single_blas_thread

    if not 0.0 < test_share < 0.5:
        raise InputError(
            f"test share is {test_share}", field="test_share", expected="0 < share < 0.5"
        )
    if not 1 <= origins <= 20:
        raise InputError(f"origins is {origins}", field="origins", expected="1 to 20")
    if not 0.0 < calibration_share < 1.0:
        raise InputError(
            f"calibration share is {calibration_share}",
            field="calibration_share",
            expected="0 < share < 1",
        )
    p = params or HistoryParams()
    start = time.perf_counter()
    ties = timed_ties(g)
    if ties.edges < 20:
        raise InputError(
            f"{ties.edges} ties are too few to split by time", field="edges", expected="20 or more"
        )
    feats = past_features(ties, p)
    feature_seconds = time.perf_counter() - start
    models = FORECAST_MODELS if baselines else {"full": FORECAST_MODELS["full"]}
    order = np.argsort(ties.edge_time, kind="stable")
    results: list[OriginResult] = []
    coefficients: dict[str, float] = {}
    with single_blas_thread():
        for pos in origin_positions(test_share, origins):
            origin_feats = feats
            if frozen:
                known = _frozen_view(ties, order, pos, test_share, calibration_share)
                origin_feats = past_features(ties, p, known_before=known)
            res, coefficients = _origin(
                ties,
                origin_feats,
                models,
                pos,
                pos + test_share,
                order=order,
                calibration_share=calibration_share,
                calibration=calibration,
                l2=l2,
                day=p.day,
                smoothing=p.smoothing,
            )
            results.append(res)
    return SignForecast(
        per_origin=results,
        edges=ties.edges,
        directed=ties.directed,
        test_share=test_share,
        calibration_share=calibration_share,
        calibration=calibration,
        coefficients=coefficients,
        feature_groups=dict(zip(feats.names, feats.groups, strict=True)),
        reasons={n: REASONS[n] for n in feats.names},
        seconds=time.perf_counter() - start,
        feature_seconds=feature_seconds,
        params=p.model_dump(),
        frozen=frozen,
    )
