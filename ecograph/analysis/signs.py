"""Edge-sign prediction: a transparent logistic regression over degree and signed-triad features.

The question: given everything else in a signed network, is the tie between ``u`` and ``v``
positive or negative?  Following Leskovec, Huttenlocher & Kleinberg (2010) every tie ``u -> v``
is described by readable features, and a logistic regression weighs them.  Feature groups:

``degree``
    How ``u`` rates others and how ``v`` is rated (``log(1 + count)`` of positive and negative
    out-ties of ``u`` and in-ties of ``v``, and the reverse roles), the smoothed share of
    positive ratings ``u`` gives ("generosity") and ``v`` receives ("reputation") as log-odds,
    the smoothed mean signed weight given and received, and the total number of ties of each
    end (existence only, signs not needed).
``triad``
    The 16 signed directed triad types of LHK 2010: for every third actor ``w`` tied to both,
    the direction and sign of the ``u``-``w`` tie times the direction and sign of the ``w``-``v``
    tie (``log(1 + count)`` each), and the embeddedness (``log(1 + number of such w)``).
``reciprocal``
    (directed networks only) the sign and weight of the opposite tie ``v -> u`` when it is
    known.

No leakage.  Under k-fold cross-validation the signs *and* weights of the test fold are hidden:
features are computed from the training ties only (a hidden tie still counts as existing in the
"total ties" and embeddedness features, since only its sign is unknown).  For a training tie its
own contribution is removed from every feature (its own sign is not in its own degree counts), so
that training features are distributed like test features.  The test in
``tests/analysis/test_signs.py`` checks that changing the signs and weights of a fold leaves its
features unchanged, and that a deliberately leaky variant would be caught.

For undirected networks each tie is seen from both ends; the prediction is the mean of the two.

Every column is standardised on the training ties; constant or duplicate columns are dropped.
The model is fitted by L-BFGS with a small L2 penalty (``l2``).  The decision threshold for
accuracy and balanced accuracy is ``threshold`` (default: the training share of positive ties,
which targets balanced accuracy; ``0.5`` targets accuracy).

References
----------
.. [1] Leskovec, J., Huttenlocher, D. & Kleinberg, J. (2010). Predicting positive and negative
   links in online social networks. *WWW 2010*, 641-650.
.. [2] Kumar, S., Spezzano, F., Subrahmanian, V. S. & Faloutsos, C. (2016). Edge weight
   prediction in weighted signed networks. *ICDM 2016*, 221-230 (the Bitcoin OTC data).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx
import numpy as np
import numpy.typing as npt

from ecograph.analysis._signed import (
    SignedArrays,
    Triangles,
    UndirectedView,
    list_triangles,
    signed_arrays,
    undirected_view,
)
from ecograph.errors import InputError

__all__ = [
    "FEATURE_GROUPS",
    "LogisticModel",
    "SignEvaluation",
    "SignFeatures",
    "evaluate_sign_prediction",
    "fit_logistic",
    "fit_standardised_logistic",
    "roc_auc",
    "sign_features",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Feature sets of the full model and of the baselines.
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "full": ("degree", "triad", "reciprocal"),
    "degree_only": ("degree",),
    "triad_only": ("triad",),
    "without_reciprocal": ("degree", "triad"),
}

_REL = ("out+", "out-", "in+", "in-")  # relation of an actor to w, seen from the actor


# --------------------------------------------------------------------------- features


@dataclass(frozen=True)
class SignFeatures:
    """Feature matrix of every arc (directed view of a tie).

    Attributes
    ----------
    X : ndarray of float64, shape (arcs, features)
    names : list of str
        Column names.
    groups : list of str
        Feature group of each column (``degree``, ``triad``, ``reciprocal``).
    """

    X: FloatArray
    names: list[str]
    groups: list[str]


@dataclass(frozen=True)
class _Arcs:
    """Arcs: a directed network's edges, or an undirected network's edges seen both ways."""

    n: int
    src: IntArray
    dst: IntArray
    sign: IntArray
    weight: FloatArray
    edge: IntArray  # edge index of each arc
    reverse: IntArray  # arc index of the opposite arc v -> u, or -1
    pair: IntArray  # pair index (undirected view) of each arc
    forward: BoolArray  # whether src < dst (the pair's a -> b direction)
    directed: bool
    view: UndirectedView
    tri: Triangles


def _arcs(arr: SignedArrays) -> _Arcs:
    if arr.directed:
        src, dst, sign, weight = arr.src, arr.dst, arr.sign, arr.weight
        edge = np.arange(arr.m, dtype=np.int64)
    else:
        src = np.concatenate([arr.src, arr.dst])
        dst = np.concatenate([arr.dst, arr.src])
        sign = np.concatenate([arr.sign, arr.sign])
        weight = np.concatenate([arr.weight, arr.weight])
        edge = np.concatenate([np.arange(arr.m), np.arange(arr.m)]).astype(np.int64)
    n = arr.n
    key = src * n + dst
    order = np.argsort(key)
    rkey = dst * n + src
    pos = np.searchsorted(key[order], rkey)
    pos = np.minimum(pos, max(len(key) - 1, 0))
    found = key[order][pos] == rkey if len(key) else np.zeros(0, dtype=bool)
    reverse = np.where(found, order[pos], -1).astype(np.int64)
    directed_arr = SignedArrays(arr.nodes, src, dst, sign, weight, True)
    view = undirected_view(directed_arr)
    tri = list_triangles(view.n, view.a, view.b)
    return _Arcs(
        n=n,
        src=src,
        dst=dst,
        sign=sign,
        weight=weight,
        edge=edge,
        reverse=reverse,
        pair=view.edge_pair,
        forward=src < dst,
        directed=arr.directed,
        view=view,
        tri=tri,
    )


def _log_odds(pos: FloatArray, neg: FloatArray, prior: FloatArray, strength: float) -> FloatArray:
    share = (pos + strength * prior) / (pos + neg + strength)
    share = np.clip(share, 1e-6, 1 - 1e-6)
    out: FloatArray = np.log(share / (1 - share))
    return out


def _features(arcs: _Arcs, visible: BoolArray, smoothing: float = 2.0) -> SignFeatures:
    """Features of every arc, from the signs and weights of ``visible`` arcs only.

    The arc's own edge never contributes to its own features.
    """
    n = arcs.n
    src, dst = arcs.src, arcs.dst
    vis = visible.astype(np.float64)
    pos = vis * (arcs.sign > 0)
    neg = vis * (arcs.sign < 0)
    sw = vis * arcs.sign * arcs.weight

    def bc(idx: IntArray, w: FloatArray) -> FloatArray:
        return np.bincount(idx, weights=w, minlength=n).astype(np.float64)

    out_pos, out_neg, out_sw = bc(src, pos), bc(src, neg), bc(src, sw)
    in_pos, in_neg, in_sw = bc(dst, pos), bc(dst, neg), bc(dst, sw)
    total = np.bincount(np.concatenate([arcs.view.a, arcs.view.b]), minlength=n).astype(float)

    # remove the arc's own edge: the arc itself, and for undirected edges its twin
    own_pos, own_neg, own_sw = pos, neg, sw
    u, v = src, dst
    f_out_pos_u = out_pos[u] - own_pos
    f_out_neg_u = out_neg[u] - own_neg
    f_out_sw_u = out_sw[u] - own_sw
    f_in_pos_v = in_pos[v] - own_pos
    f_in_neg_v = in_neg[v] - own_neg
    f_in_sw_v = in_sw[v] - own_sw
    f_in_pos_u = in_pos[u].copy()
    f_in_neg_u = in_neg[u].copy()
    f_out_pos_v = out_pos[v].copy()
    f_out_neg_v = out_neg[v].copy()
    if not arcs.directed:  # the twin arc v -> u is the same edge
        f_in_pos_u -= own_pos
        f_in_neg_u -= own_neg
        f_out_pos_v -= own_pos
        f_out_neg_v -= own_neg
    # global shares used for smoothing, also without the arc's own edge
    own_known = own_pos + own_neg
    known = float(pos.sum() + neg.sum()) - own_known
    safe = np.maximum(known, 1.0)
    prior = np.where(known > 0, (float(pos.sum()) - own_pos) / safe, 0.5)
    mean_sw = np.where(known > 0, (float(sw.sum()) - own_sw) / safe, 0.0)

    cols: list[FloatArray] = []
    names: list[str] = []
    groups: list[str] = []

    def add(name: str, group: str, col: FloatArray) -> None:
        cols.append(col.astype(np.float64))
        names.append(name)
        groups.append(group)

    lg = np.log1p
    add("log_out_pos_u", "degree", lg(f_out_pos_u))
    add("log_out_neg_u", "degree", lg(f_out_neg_u))
    add("log_in_pos_v", "degree", lg(f_in_pos_v))
    add("log_in_neg_v", "degree", lg(f_in_neg_v))
    add("log_in_pos_u", "degree", lg(f_in_pos_u))
    add("log_in_neg_u", "degree", lg(f_in_neg_u))
    add("log_out_pos_v", "degree", lg(f_out_pos_v))
    add("log_out_neg_v", "degree", lg(f_out_neg_v))
    add("generosity_u", "degree", _log_odds(f_out_pos_u, f_out_neg_u, prior, smoothing))
    add("reputation_v", "degree", _log_odds(f_in_pos_v, f_in_neg_v, prior, smoothing))
    add("reputation_u", "degree", _log_odds(f_in_pos_u, f_in_neg_u, prior, smoothing))
    add("generosity_v", "degree", _log_odds(f_out_pos_v, f_out_neg_v, prior, smoothing))
    n_out_u = f_out_pos_u + f_out_neg_u
    n_in_v = f_in_pos_v + f_in_neg_v
    add("mean_given_u", "degree", (f_out_sw_u + smoothing * mean_sw) / (n_out_u + smoothing))
    add("mean_received_v", "degree", (f_in_sw_v + smoothing * mean_sw) / (n_in_v + smoothing))
    add("log_ties_u", "degree", lg(total[u]))
    add("log_ties_v", "degree", lg(total[v]))

    # --- triads: per pair, the visible directed signs [a->b +, a->b -, b->a +, b->a -]
    view = arcs.view
    m = view.m
    d = np.zeros((m, 4))
    slot = np.where(arcs.forward, 0, 2) + (arcs.sign < 0)
    np.add.at(d, (arcs.pair, slot), vis)
    tri = arcs.tri
    t_fwd = np.zeros((m, 16))
    t_bwd = np.zeros((m, 16))
    corners = (tri.x, tri.y, tri.z)
    sides = ((tri.x, tri.y, tri.e_xy), (tri.y, tri.z, tri.e_yz), (tri.x, tri.z, tri.e_xz))
    pair_of = {
        (0, 1): tri.e_xy,
        (1, 2): tri.e_yz,
        (0, 2): tri.e_xz,
    }

    def rel(s_idx: int, t_idx: int) -> FloatArray:
        """Relation of corner s to corner t, columns ``_REL`` seen from s."""
        lo, hi = min(s_idx, t_idx), max(s_idx, t_idx)
        p = pair_of[(lo, hi)]
        s_nodes, t_nodes = corners[s_idx], corners[t_idx]
        block = d[p]
        swapped = block[:, [2, 3, 0, 1]]
        s_is_a = (s_nodes < t_nodes)[:, None]
        out: FloatArray = np.where(s_is_a, block, swapped)
        return out

    index_pairs = ((0, 1, 2), (1, 2, 0), (0, 2, 1))
    for (s_idx, t_idx, w_idx), (_, _, e) in zip(index_pairs, sides, strict=True):
        for a_idx, b_idx in ((s_idx, t_idx), (t_idx, s_idx)):  # the arc a -> b
            x_rel = rel(a_idx, w_idx)  # a's relation to w
            y_rel = rel(w_idx, b_idx)  # w's relation to b
            outer = (x_rel[:, :, None] * y_rel[:, None, :]).reshape(-1, 16)
            fwd = corners[a_idx] < corners[b_idx]
            for target, sel in ((t_fwd, fwd), (t_bwd, ~fwd)):
                if sel.any():
                    for c in range(16):
                        target[:, c] += np.bincount(e[sel], weights=outer[sel, c], minlength=m)
    triads = np.where(arcs.forward[:, None], t_fwd[arcs.pair], t_bwd[arcs.pair])
    # embeddedness: common neighbours in the skeleton (existence only)
    emb = np.zeros(m)
    for _, _, e in sides:
        emb += np.bincount(e, minlength=m)
    for i in range(16):
        x_name = _REL[i // 4]
        y_name = "w" + _REL[i % 4][:-1].replace("out", ">").replace("in", "<") + _REL[i % 4][-1]
        add(f"triad_u{x_name}w_{y_name}v", "triad", lg(triads[:, i]))
    add("log_embeddedness", "triad", lg(emb[arcs.pair]))
    vis_tri = triads.sum(axis=1)
    add("log_signed_triads", "triad", lg(vis_tri))

    # --- reciprocal tie v -> u (a different edge in a directed network)
    if arcs.directed:
        has = arcs.reverse >= 0
        r = np.where(has, arcs.reverse, 0)
        rv = np.where(has, vis[r], 0.0)
        add("reciprocal_pos", "reciprocal", rv * (arcs.sign[r] > 0))
        add("reciprocal_neg", "reciprocal", rv * (arcs.sign[r] < 0))
        add("reciprocal_signed_weight", "reciprocal", rv * arcs.sign[r] * arcs.weight[r])
        add("reciprocal_hidden", "reciprocal", has * (1.0 - rv))
    x = np.column_stack(cols) if cols else np.zeros((src.shape[0], 0))
    return SignFeatures(x, names, groups)


_FEATURES_IMPL = _features  # the honest implementation (tests wrap it)


def sign_features(g: nx.Graph, hidden: Sequence[bool] | None = None) -> SignFeatures:
    """Compute the sign-prediction features of every tie of ``g``.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph.
    hidden : sequence of bool, optional
        One flag per edge (in ``g.edges`` order): ties whose sign and weight must not be used.

    Returns
    -------
    SignFeatures
        One row per edge of ``g`` (for an undirected graph, the ``u -> v`` view as listed).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> for u, v, s in [("a", "b", 1), ("b", "c", 1), ("a", "c", -1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> f = sign_features(g)
    >>> row = f.X[list(g.edges).index(("a", "c"))]  # a -> b -> c, both positive: log(1 + 1)
    >>> round(float(dict(zip(f.names, row))["triad_uout+w_w>+v"]), 4)
    0.6931
    """
    arr = signed_arrays(g)
    arcs = _arcs(arr)
    hid = np.zeros(arr.m, dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool)
    if hid.shape != (arr.m,):
        raise InputError(
            f"hidden has {hid.shape[0]} flags for {arr.m} edges",
            field="hidden",
            expected="one flag per edge",
        )
    feats = _features(arcs, ~hid[arcs.edge])
    return SignFeatures(feats.X[: arr.m], feats.names, feats.groups)


# --------------------------------------------------------------------------- model


def fit_logistic(x: FloatArray, y: FloatArray, l2: float) -> tuple[FloatArray, float]:
    """Fit ``P(y=1) = sigmoid(x @ w + b)`` with an L2 penalty on ``w``; ``y`` in {0, 1}.

    Newton's method with backtracking (the problem is smooth and strictly convex); a few
    iterations of a ``(p+1) x (p+1)`` solve each.
    """
    from scipy.special import expit, log_expit

    n, p = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    t = 2 * y - 1
    pen = np.full(p + 1, l2)
    pen[p] = 1e-10

    def loss(theta: FloatArray) -> float:
        return float(-log_expit(t * (xb @ theta)).sum() / n + 0.5 * float(pen @ theta**2))

    prior = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    theta = np.zeros(p + 1)
    theta[p] = np.log(prior / (1 - prior))
    current = loss(theta)
    for _ in range(100):
        prob = expit(xb @ theta)
        grad = xb.T @ (prob - y) / n + pen * theta
        if float(np.abs(grad).max()) < 1e-9:
            break
        hess = (xb.T * (prob * (1 - prob))) @ xb / n + np.diag(pen)
        step = np.linalg.solve(hess, grad)
        scale = 1.0
        while True:
            trial = theta - scale * step
            value = loss(trial)
            if value <= current - 1e-4 * scale * float(grad @ step) or scale < 1e-8:
                break
            scale /= 2
        if current - value < 1e-14:
            theta = trial
            break
        theta, current = trial, value
    return theta[:p], float(theta[p])


@dataclass(frozen=True)
class LogisticModel:
    """A logistic regression on standardised columns.

    Attributes
    ----------
    columns : ndarray of int64
        The columns of the full feature matrix it uses (constant and duplicate ones dropped).
    mean, sd : ndarray of float64
        Standardisation of those columns (from the training rows).
    coef : ndarray of float64
        Log-odds change per standard deviation of each used column.
    intercept : float
    """

    columns: IntArray
    mean: FloatArray
    sd: FloatArray
    coef: FloatArray
    intercept: float

    def predict(self, x: FloatArray) -> FloatArray:
        """Probability of the positive class for rows of the full feature matrix ``x``."""
        z = (x[:, self.columns] - self.mean) / self.sd
        out: FloatArray = 1.0 / (1.0 + np.exp(-(z @ self.coef + self.intercept)))
        return out


def fit_standardised_logistic(x: FloatArray, y: IntArray | FloatArray, l2: float) -> LogisticModel:
    """Standardise the columns of ``x`` on these rows and fit :func:`fit_logistic`.

    Constant columns and exact duplicates (e.g. in- and out-degrees of an undirected network)
    are dropped.

    Parameters
    ----------
    x : ndarray, shape (rows, columns)
        Training rows.
    y : ndarray
        Outcomes 0/1.
    l2 : float
        L2 penalty on the standardised coefficients.

    Returns
    -------
    LogisticModel
    """
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    kept = _distinct_columns(x, np.flatnonzero(sd > 1e-12))
    z = (x[:, kept] - mu[kept]) / sd[kept]
    w, b = fit_logistic(z, np.asarray(y, dtype=np.float64), l2)
    return LogisticModel(kept, mu[kept], sd[kept], w, b)


def roc_auc(y: Sequence[int] | IntArray, score: Sequence[float] | FloatArray) -> float:
    """Area under the ROC curve (Mann-Whitney statistic, ties counted half).

    Parameters
    ----------
    y : sequence of int
        1 for positive, 0 for negative.
    score : sequence of float
        Higher means more likely positive.

    Returns
    -------
    float
        NaN when only one class is present.

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    yy = np.asarray(y).astype(bool)
    n_pos = int(yy.sum())
    n_neg = int(yy.size - n_pos)
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    values = np.asarray(score, dtype=np.float64)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    upper = np.cumsum(counts)  # average rank of a group of ties: (first + last) / 2, 1-based
    ranks = (upper - (counts - 1) / 2.0)[inverse.reshape(-1)]
    return float((ranks[yy].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


@dataclass(frozen=True)
class FoldResult:
    """Scores of one fold."""

    fold: int
    edges: int
    auc: float
    balanced_accuracy: float
    accuracy: float


@dataclass(frozen=True)
class SignEvaluation:
    """Cross-validated sign prediction: scores, baselines, coefficients.

    Attributes
    ----------
    auc, balanced_accuracy, accuracy : float
        Pooled over all test predictions of all folds.
    majority_baseline : float
        Accuracy of always predicting the majority sign of the training ties.
    per_fold : list of FoldResult
    edges : int
        Ties evaluated (each once, in its test fold).
    positive_share : float
    coefficients : dict
        Feature name -> mean standardised coefficient over the folds (log-odds change per
        standard deviation of the feature); ``"intercept"`` included.
    coefficient_sd : dict
        Standard deviation of each coefficient over the folds.
    baselines : dict
        Name -> ``{"auc", "balanced_accuracy", "accuracy"}`` for ``degree_only``,
        ``triad_only``, ``without_reciprocal`` (degree + triad) and ``majority``.
    folds, seed : int
    threshold : str
    directed : bool
    seconds : float
    """

    auc: float
    balanced_accuracy: float
    accuracy: float
    majority_baseline: float
    per_fold: list[FoldResult]
    edges: int
    positive_share: float
    coefficients: dict[str, float]
    coefficient_sd: dict[str, float]
    baselines: dict[str, dict[str, float]]
    folds: int
    seed: int
    threshold: str
    directed: bool
    seconds: float
    feature_groups: dict[str, str] = field(default_factory=dict)


def _distinct_columns(x: FloatArray, candidates: IntArray) -> IntArray:
    """Keep the first of every group of identical columns among ``candidates``."""
    probe = np.random.default_rng(0).standard_normal(x.shape[0])
    key = np.round(probe @ x[:, candidates], 8)
    kept: list[int] = []
    for i, col in enumerate(candidates):
        if not any(
            key[j] == key[i] and np.array_equal(x[:, candidates[j]], x[:, col]) for j in range(i)
        ):
            kept.append(int(col))
    return np.array(kept, dtype=np.int64)


def _stratified_folds(y: IntArray, folds: int, seed: int) -> IntArray:
    rng = np.random.default_rng(seed)
    fold = np.empty(y.shape[0], dtype=np.int64)
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        rng.shuffle(idx)
        fold[idx] = np.arange(idx.size) % folds
    return fold


def _scores(y: IntArray, prob: FloatArray, thr: float) -> tuple[float, float, float]:
    pred = prob >= thr
    yy = y.astype(bool)
    acc = float((pred == yy).mean())
    tpr = float(pred[yy].mean()) if yy.any() else float("nan")
    tnr = float((~pred[~yy]).mean()) if (~yy).any() else float("nan")
    return roc_auc(y, prob), float(np.nanmean([tpr, tnr])), acc


def evaluate_sign_prediction(
    g: nx.Graph,
    *,
    folds: int = 10,
    seed: int = 0,
    l2: float = 1e-4,
    threshold: float | Literal["prior"] = "prior",
    baselines: bool = True,
) -> SignEvaluation:
    """Estimate by k-fold cross-validation how well tie signs can be predicted.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph (``weight`` optional).
    folds : int, default 10
        Number of folds (stratified by sign, shuffled with ``seed``).
    seed : int, default 0
    l2 : float, default 1e-4
        L2 penalty on the standardised coefficients.
    threshold : float or "prior", default "prior"
        Probability from which a tie is predicted positive, for accuracy and balanced accuracy.
        ``"prior"``: the training share of positive ties.
    baselines : bool, default True
        Also evaluate the degree-only, triad-only and without-reciprocal models.

    Returns
    -------
    SignEvaluation

    Raises
    ------
    InputError
        If there are fewer ties of a sign than folds, or parameters are out of range.

    Notes
    -----
    The fits run on one BLAS thread (see :mod:`ecograph.analysis._blas`).
    """
    from ecograph.analysis._blas import single_blas_thread

    with single_blas_thread():
        return _evaluate(g, folds=folds, seed=seed, l2=l2, threshold=threshold, baselines=baselines)


def _evaluate(
    g: nx.Graph,
    *,
    folds: int,
    seed: int,
    l2: float,
    threshold: float | Literal["prior"],
    baselines: bool,
) -> SignEvaluation:
    start = time.perf_counter()
    if folds < 2:
        raise InputError(f"folds is {folds}", field="folds", expected="an integer >= 2")
    arr = signed_arrays(g)
    y_edge = (arr.sign > 0).astype(np.int64)
    n_pos = int(y_edge.sum())
    n_neg = arr.m - n_pos
    if min(n_pos, n_neg) < folds:
        raise InputError(
            f"{n_pos} positive and {n_neg} negative ties cannot fill {folds} stratified folds",
            field="folds",
            expected=f"at least {folds} ties of each sign, or fewer folds",
        )
    if threshold != "prior" and not (isinstance(threshold, float) and 0.0 < threshold < 1.0):
        raise InputError(
            f"threshold is {threshold!r}", field="threshold", expected="'prior' or 0 < t < 1"
        )
    arcs = _arcs(arr)
    fold_of_edge = _stratified_folds(y_edge, folds, seed)
    fold_of_arc = fold_of_edge[arcs.edge]
    y_arc = (arcs.sign > 0).astype(np.int64)
    models = FEATURE_GROUPS if baselines else {"full": FEATURE_GROUPS["full"]}
    prob: dict[str, FloatArray] = {name: np.zeros(arr.m) for name in models}
    thr_edge = np.zeros(arr.m)
    majority_correct = 0
    coefs: list[dict[str, float]] = []
    group_of: dict[str, str] = {}
    for f in range(folds):
        test_arc = fold_of_arc == f
        feats = _features(arcs, ~test_arc)
        train = ~test_arc
        y_train = y_arc[train]
        share = float(y_train.mean())
        test_edges = np.flatnonzero(fold_of_edge == f)
        majority = 1 if share >= 0.5 else 0
        majority_correct += int((y_edge[test_edges] == majority).sum())
        thr_edge[test_edges] = share if threshold == "prior" else float(threshold)
        for name, wanted in models.items():
            cols = [i for i, grp in enumerate(feats.groups) if grp in wanted]
            x_all = feats.X[:, cols]
            x_train = x_all[train]
            model = fit_standardised_logistic(x_train, y_train, l2)
            kept, w, b = model.columns, model.coef, model.intercept
            p_arc = model.predict(x_all[test_arc])
            # mean over the arcs of each test edge (two for undirected ties)
            sums = np.bincount(arcs.edge[test_arc], weights=p_arc, minlength=arr.m)
            counts = np.bincount(arcs.edge[test_arc], minlength=arr.m)
            prob[name][test_edges] = sums[test_edges] / counts[test_edges]
            if name == "full":
                names = [cols[i] for i in kept]
                entry = {feats.names[c]: float(wi) for c, wi in zip(names, w, strict=True)}
                entry["intercept"] = b
                coefs.append(entry)
                for c in cols:
                    group_of[feats.names[c]] = feats.groups[c]
    per_fold: list[FoldResult] = []
    for f in range(folds):
        sel = fold_of_edge == f
        auc, bal, acc = _scores(y_edge[sel], prob["full"][sel], float(thr_edge[sel][0]))
        per_fold.append(FoldResult(f, int(sel.sum()), auc, bal, acc))
    pred_ok = (prob["full"] >= thr_edge) == y_edge.astype(bool)
    auc = roc_auc(y_edge, prob["full"])
    tpr = float((prob["full"][y_edge == 1] >= thr_edge[y_edge == 1]).mean())
    tnr = float((prob["full"][y_edge == 0] < thr_edge[y_edge == 0]).mean())
    base: dict[str, dict[str, float]] = {
        "majority": {"auc": 0.5, "balanced_accuracy": 0.5, "accuracy": majority_correct / arr.m}
    }
    for name in models:
        if name == "full":
            continue
        p = prob[name]
        ok = (p >= thr_edge) == y_edge.astype(bool)
        b_tpr = float((p[y_edge == 1] >= thr_edge[y_edge == 1]).mean())
        b_tnr = float((p[y_edge == 0] < thr_edge[y_edge == 0]).mean())
        base[name] = {
            "auc": roc_auc(y_edge, p),
            "balanced_accuracy": (b_tpr + b_tnr) / 2,
            "accuracy": float(ok.mean()),
        }
    all_names = sorted({k for c in coefs for k in c})
    mean = {k: float(np.mean([c.get(k, 0.0) for c in coefs])) for k in all_names}
    sd = {k: float(np.std([c.get(k, 0.0) for c in coefs])) for k in all_names}
    return SignEvaluation(
        auc=auc,
        balanced_accuracy=(tpr + tnr) / 2,
        accuracy=float(pred_ok.mean()),
        majority_baseline=majority_correct / arr.m,
        per_fold=per_fold,
        edges=arr.m,
        positive_share=n_pos / arr.m,
        coefficients=mean,
        coefficient_sd=sd,
        baselines=base,
        folds=folds,
        seed=seed,
        threshold=str(threshold),
        directed=arr.directed,
        seconds=time.perf_counter() - start,
        feature_groups=group_of,
    )
