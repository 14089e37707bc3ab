"""Are predicted probabilities honest?  Brier score, calibration error, and two calibrators.

A predicted 80% should come true about 80% of the time.  This module measures that
(:func:`brier_score`, :func:`expected_calibration_error`, :func:`reliability_bins`) and fits
a monotone map that makes it so on data the model has not seen (:func:`fit_calibrator`):

``platt``
    Platt scaling: ``p' = sigmoid(a * logit(p) + b)``, two numbers fitted by logistic regression
    on held-out predictions.  Robust with few held-out cases; keeps the ranking (AUC) unchanged.
``isotonic``
    Isotonic regression (pool-adjacent-violators): the best non-decreasing step map.  Needs
    more held-out cases; ties predictions within a step.

References
----------
.. [1] Platt, J. (1999). Probabilistic outputs for support vector machines and comparisons to
   regularized likelihood methods. *Advances in Large Margin Classifiers*, 61-74.
.. [2] Zadrozny, B. & Elkan, C. (2002). Transforming classifier scores into accurate multiclass
   probability estimates. *KDD 2002*, 694-699 (isotonic calibration).
.. [3] Naeini, M. P., Cooper, G. & Hauskrecht, M. (2015). Obtaining well calibrated
   probabilities using Bayesian binning. *AAAI 2015* (the expected calibration error).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from ecograph.errors import InputError

__all__ = [
    "Calibrator",
    "ReliabilityBin",
    "brier_score",
    "expected_calibration_error",
    "fit_calibrator",
    "reliability_bins",
]

FloatArray = npt.NDArray[np.float64]
Method = Literal["platt", "isotonic", "none"]
_EPS = 1e-6


def _arrays(
    y: Sequence[int] | npt.NDArray[np.int64], p: Sequence[float] | FloatArray
) -> tuple[FloatArray, FloatArray]:
    yy = np.asarray(y, dtype=np.float64)
    pp = np.asarray(p, dtype=np.float64)
    if yy.shape != pp.shape:
        raise InputError(
            f"{yy.shape[0]} outcomes for {pp.shape[0]} probabilities",
            field="y",
            expected="one outcome (0 or 1) per probability",
        )
    return yy, pp


def brier_score(y: Sequence[int] | npt.NDArray[np.int64], p: Sequence[float] | FloatArray) -> float:
    """Mean squared difference between the probability and the outcome (0 best, 1 worst).

    Examples
    --------
    >>> brier_score([1, 0], [0.8, 0.4])
    0.1
    """
    yy, pp = _arrays(y, p)
    return float(np.mean((pp - yy) ** 2)) if yy.size else float("nan")


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of a reliability diagram.

    Attributes
    ----------
    low, high : float
        Bin edges of the predicted probability.
    count : int
        Predictions in the bin.
    predicted : float
        Mean predicted probability (NaN if empty).
    observed : float
        Share of outcomes 1 (NaN if empty).
    """

    low: float
    high: float
    count: int
    predicted: float
    observed: float


def reliability_bins(
    y: Sequence[int] | npt.NDArray[np.int64], p: Sequence[float] | FloatArray, bins: int = 10
) -> list[ReliabilityBin]:
    """Group predictions into ``bins`` equal-width bins and compare predicted with observed.

    The last bin includes 1.0.
    """
    yy, pp = _arrays(y, p)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.searchsorted(edges, pp, side="right") - 1, 0, bins - 1)
    out: list[ReliabilityBin] = []
    for b in range(bins):
        sel = idx == b
        c = int(sel.sum())
        out.append(
            ReliabilityBin(
                float(edges[b]),
                float(edges[b + 1]),
                c,
                float(pp[sel].mean()) if c else float("nan"),
                float(yy[sel].mean()) if c else float("nan"),
            )
        )
    return out


def expected_calibration_error(
    y: Sequence[int] | npt.NDArray[np.int64], p: Sequence[float] | FloatArray, bins: int = 10
) -> float:
    """Return the expected calibration error: the count-weighted gap of predicted and observed.

    Examples
    --------
    >>> expected_calibration_error([1, 1, 0, 0], [0.9, 0.9, 0.1, 0.1])
    0.1
    """
    yy, _ = _arrays(y, p)
    if yy.size == 0:
        return float("nan")
    total = 0.0
    for b in reliability_bins(y, p, bins):
        if b.count:
            total += b.count * abs(b.predicted - b.observed)
    return round(total / yy.size, 15)


@dataclass(frozen=True)
class Calibrator:
    """A fitted monotone map from raw to calibrated probabilities.

    Attributes
    ----------
    method : str
        ``platt``, ``isotonic`` or ``none``.
    slope, intercept : float
        Platt's ``a`` and ``b`` (``1`` and ``0`` otherwise).
    steps_x, steps_y : ndarray
        Isotonic step map (empty otherwise).
    fitted_on : int
        Held-out predictions it was fitted on.
    """

    method: str
    slope: float
    intercept: float
    steps_x: FloatArray
    steps_y: FloatArray
    fitted_on: int

    def __call__(self, p: FloatArray) -> FloatArray:
        """Calibrate raw probabilities ``p``."""
        pp = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
        if self.method == "platt":
            z = self.slope * np.log(pp / (1 - pp)) + self.intercept
            out: FloatArray = 1.0 / (1.0 + np.exp(-z))
            return out
        if self.method == "isotonic" and self.steps_x.size:
            return np.interp(pp, self.steps_x, self.steps_y)
        return pp


def _pav(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Pool adjacent violators: non-decreasing fit of ``y`` ordered by ``x``."""
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    values: list[float] = []
    weights: list[float] = []
    lefts: list[float] = []
    rights: list[float] = []
    for xi, yi in zip(xs.tolist(), ys.tolist(), strict=True):
        values.append(yi)
        weights.append(1.0)
        lefts.append(xi)
        rights.append(xi)
        while len(values) > 1 and values[-2] >= values[-1]:
            w = weights[-2] + weights[-1]
            v = (values[-2] * weights[-2] + values[-1] * weights[-1]) / w
            r = rights[-1]
            for lst in (values, weights, lefts, rights):
                lst.pop()
            values[-1], weights[-1], rights[-1] = v, w, r
    # a step is drawn between the left and right ends of each block
    sx = np.array([v for lr in zip(lefts, rights, strict=True) for v in lr])
    sy = np.repeat(np.array(values), 2)
    return sx, sy


def fit_calibrator(
    y: Sequence[int] | npt.NDArray[np.int64],
    p: Sequence[float] | FloatArray,
    method: Method = "platt",
) -> Calibrator:
    """Fit a calibrator on held-out outcomes ``y`` (0/1) and raw probabilities ``p``.

    Parameters
    ----------
    y : sequence of int
        Outcomes (1 for the event).
    p : sequence of float
        The model's raw probabilities of the event, for cases it was not fitted on.
    method : {"platt", "isotonic", "none"}

    Returns
    -------
    Calibrator

    Raises
    ------
    InputError
        For an unknown method.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> p = rng.uniform(0.05, 0.95, 4000)
    >>> y = (rng.uniform(size=4000) < p**2).astype(int)  # the model is overconfident
    >>> cal = fit_calibrator(y, p)
    >>> expected_calibration_error(y, cal(p)) < expected_calibration_error(y, p)
    True
    """
    if method not in ("platt", "isotonic", "none"):
        raise InputError(
            f"unknown calibration {method!r}",
            field="calibration",
            expected="platt, isotonic or none",
        )
    yy, pp = _arrays(y, p)
    empty = np.zeros(0)
    if method == "none" or yy.size == 0 or yy.min() == yy.max():
        return Calibrator("none", 1.0, 0.0, empty, empty, int(yy.size))
    if method == "isotonic":
        sx, sy = _pav(pp, yy)
        return Calibrator("isotonic", 1.0, 0.0, sx, sy, int(yy.size))
    from ecograph.analysis.signs import fit_logistic

    pc = np.clip(pp, _EPS, 1 - _EPS)
    z = np.log(pc / (1 - pc))[:, None]
    w, b = fit_logistic(z, yy, 1e-6)
    return Calibrator("platt", float(w[0]), float(b), empty, empty, int(yy.size))
