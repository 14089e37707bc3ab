"""Past-only, time-aware features of dated signed ties: what was known just before each tie formed.

Each tie ``u -> v`` formed at time ``t`` is described only by the ties formed *strictly before*
``t``: their signs, weights and times.  Ties formed at ``t`` or later -- their signs *and their
existence* -- never reach the features of a tie at ``t``.  The features are computed in one pass
over the ties in time order (all ties sharing a timestamp are described before any of them is
added), so a tie added after ``t`` cannot change the features of a tie at ``t`` (tested in
``tests/analysis/test_sign_history.py``).

Feature groups (the same groups as :mod:`ecograph.analysis.signs`, plus ``time``):

``degree``
    How ``u`` has rated others and how ``v`` has been rated so far: counts, smoothed shares of
    positive ratings given ("generosity") and received ("reputation"), mean signed weight, and
    the number of ties of each side.
``triad``
    The 16 signed directed triads of Leskovec et al. (2010) over the actors ``w`` both sides
    were already tied to, their number (embeddedness), and the *balance vote*: the mean of
    ``sign(u, w) * sign(w, v)`` ("the friend of a friend is a friend, the enemy of a friend an
    enemy"), also weighted by how recent the older of the two ties is.
``reciprocal``
    (directed networks) the sign and weight of ``v -> u`` if it was formed before, and how
    recent it is.
``time``
    Recency-weighted shares of positive ratings given and received (half-life
    ``half_life_days``), each side's recent trend (share of negative ties in the last 30 and 90
    days against its whole history), burstiness of each side's ties, and the age of each
    side's first tie.

Every feature has a reason in words (:data:`REASONS`).  The defaults are round calendar values,
not fitted to any network.

References
----------
.. [1] Leskovec, J., Huttenlocher, D. & Kleinberg, J. (2010). Predicting positive and negative
   links in online social networks. *WWW 2010*, 641-650.
.. [2] Goh, K.-I. & Barabasi, A.-L. (2008). Burstiness and memory in complex systems. *EPL* 81,
   48002 (the burstiness coefficient ``(sigma - mu) / (sigma + mu)`` of inter-event times).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt
from pydantic import Field

from ecograph.analysis._signed import check_signed, list_triangles
from ecograph.analysis.signs import SignFeatures
from ecograph.errors import InputError
from ecograph.model.base import Strict

__all__ = ["REASONS", "HistoryParams", "TimedTies", "past_features", "timed_ties"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_REL = ("out+", "out-", "in+", "in-")


def _triad_name(i: int) -> str:
    x_name = _REL[i // 4]
    y_name = "w" + _REL[i % 4][:-1].replace("out", ">").replace("in", "<") + _REL[i % 4][-1]
    return f"triad_u{x_name}w_{y_name}v"


#: Why each feature may bear on the sign of ``u -> v``, in words.
REASONS: dict[str, str] = {
    "log_out_pos_u": "how many positive ratings u has given so far",
    "log_out_neg_u": "how many negative ratings u has given so far",
    "log_in_pos_v": "how many positive ratings v has received so far",
    "log_in_neg_v": "how many negative ratings v has received so far",
    "log_in_pos_u": "how many positive ratings u has received so far",
    "log_in_neg_u": "how many negative ratings u has received so far",
    "log_out_pos_v": "how many positive ratings v has given so far",
    "log_out_neg_v": "how many negative ratings v has given so far",
    "generosity_u": "u's share of positive ratings given (log-odds, smoothed): a generous rater "
    "tends to stay one",
    "reputation_v": "v's share of positive ratings received (log-odds, smoothed): a good name "
    "tends to be kept",
    "reputation_u": "u's own reputation: someone often rated down may answer in kind",
    "generosity_v": "how v rates others",
    "mean_given_u": "u's mean signed rating given (smoothed)",
    "mean_received_v": "v's mean signed rating received (smoothed)",
    "log_ties_u": "how many ties u has (any sign): a newcomer is judged on little",
    "log_ties_v": "how many ties v has (any sign)",
    "log_embeddedness": "how many actors both u and v were already tied to",
    "log_signed_triads": "how many signed two-step paths join u and v",
    "balance_vote": "structural balance over the actors both know: the friend of a friend is a "
    "friend, the enemy of a friend an enemy (mean of sign(u,w) x sign(w,v))",
    "recent_balance_vote": "the balance vote with each third actor weighted by how recent the "
    "older of its two ties is: old triads say less about today",
    "reciprocal_pos": "v has already rated u positively: cooperation tends to be returned",
    "reciprocal_neg": "v has already rated u negatively: conflict tends to be returned",
    "reciprocal_signed_weight": "v's earlier rating of u, signed",
    "reciprocal_recency": "how recent v's rating of u is (1 = just now, 0 = long ago or never)",
    "reciprocal_recent_sign": "v's earlier rating of u, weighted by how recent it is: a fresh "
    "grievance is answered sooner than an old one",
    "recent_generosity_u": "u's recent ratings given, recent ones counting more (log-odds): "
    "relationships change, and the latest events say most",
    "recent_reputation_v": "v's recent ratings received, recent ones counting more (log-odds)",
    "recent_reputation_u": "u's recent ratings received: someone just rated down may retaliate",
    "recent_generosity_v": "v's recent ratings given",
    "trend30_u": "u's share of negative ratings given in the last 30 days minus its whole "
    "history: a side moving toward conflict",
    "trend90_u": "u's share of negative ratings given in the last 90 days minus its whole history",
    "trend30_v": "v's share of negative ratings received in the last 30 days minus its whole "
    "history",
    "trend90_v": "v's share of negative ratings received in the last 90 days minus its whole "
    "history",
    "burstiness_u": "whether u's ties come in bursts (+1) or evenly (-1), Goh-Barabasi "
    "coefficient of the gaps between them",
    "burstiness_v": "whether v's ties come in bursts (+1) or evenly (-1)",
    "age_u": "how long ago u's first tie was (log days): an old hand vs a newcomer",
    "age_v": "how long ago v's first tie was (log days)",
}
for _i in range(16):
    REASONS[_triad_name(_i)] = (
        f"two-step paths u {_REL[_i // 4]} w, w {_REL[_i % 4]} v seen from w "
        "(Leskovec et al. 2010 signed triad)"
    )


class HistoryParams(Strict):
    """Settings of the time-aware features (round calendar values, not fitted to a network).

    Parameters
    ----------
    half_life_days : float
        Half-life of the recency weights: a tie this many days old counts half (default 90).
    short_days, long_days : int
        The two recent windows of each side's trend (default 30 and 90 days).
    smoothing : float
        Pseudo-count pulling every share toward the network's share so far (default 2).
    day : float
        Length of one day in the unit of the time column (default 86400: Unix seconds).
    """

    half_life_days: float = Field(default=90.0, gt=0)
    short_days: int = Field(default=30, ge=1)
    long_days: int = Field(default=90, ge=1)
    smoothing: float = Field(default=2.0, gt=0)
    day: float = Field(default=86400.0, gt=0)


@dataclass(frozen=True)
class TimedTies:
    """Dated signed ties as arcs (an undirected tie appears as two arcs).

    Attributes
    ----------
    nodes : list
        Node labels.
    src, dst : ndarray of int64
        Arc endpoints.
    sign : ndarray of int64
    weight : ndarray of float64
    time : ndarray of float64
    edge : ndarray of int64
        Tie (edge of the graph, in ``g.edges`` order) of each arc.
    edges : int
        Number of ties.
    directed : bool
    """

    nodes: list[Hashable]
    src: IntArray
    dst: IntArray
    sign: IntArray
    weight: FloatArray
    time: FloatArray
    edge: IntArray
    edges: int
    directed: bool

    @property
    def edge_time(self) -> FloatArray:
        """Time of each tie."""
        out = np.zeros(self.edges)
        out[self.edge] = self.time
        return out

    @property
    def edge_sign(self) -> IntArray:
        """Sign of each tie."""
        out = np.zeros(self.edges, dtype=np.int64)
        out[self.edge] = self.sign
        return out


def timed_ties(g: nx.Graph) -> TimedTies:
    """Read the dated ties of a signed graph.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph whose every edge has a numeric ``time``.

    Returns
    -------
    TimedTies

    Raises
    ------
    InputError
        If an edge has no time (the message names the edge).
    """
    check_signed(g)
    nodes = list(g.nodes)
    index = {x: i for i, x in enumerate(nodes)}
    src, dst, sign, weight, tm = [], [], [], [], []
    for u, v, data in g.edges(data=True):
        t = data.get("time")
        if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
            raise InputError(
                f"edge ({u!r}, {v!r}) has no time",
                field="time",
                expected="a time column (for example Unix seconds) on every tie, to split by time",
            )
        src.append(index[u])
        dst.append(index[v])
        sign.append(int(data["sign"]))
        weight.append(float(data.get("weight", 1.0)))
        tm.append(float(t))
    m = len(src)
    s, d = np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64)
    sg, w, t_arr = np.array(sign, dtype=np.int64), np.array(weight), np.array(tm)
    e = np.arange(m, dtype=np.int64)
    directed = g.is_directed()
    if not directed:
        s, d = np.concatenate([s, d]), np.concatenate([d, s])
        sg, w, t_arr = (
            np.concatenate([sg, sg]),
            np.concatenate([w, w]),
            np.concatenate([t_arr, t_arr]),
        )
        e = np.concatenate([e, e])
    return TimedTies(nodes, s, d, sg, w, t_arr, e, m, directed)


class _Side:
    """One actor's ratings in one direction (given or received), as known so far."""

    __slots__ = ("pos", "neg", "sw", "dpos", "dneg", "last", "times", "cumneg")

    def __init__(self) -> None:
        self.pos = 0
        self.neg = 0
        self.sw = 0.0
        self.dpos = 0.0
        self.dneg = 0.0
        self.last = 0.0
        self.times: list[float] = []
        self.cumneg: list[int] = [0]  # negatives among the first i ties

    def decayed(self, t: float, rate: float) -> tuple[float, float]:
        f = math.exp(-(t - self.last) * rate) if (self.pos or self.neg) else 0.0
        return self.dpos * f, self.dneg * f

    def window(self, t: float, span: float) -> tuple[int, int]:
        """Ties and negative ties in the ``span`` before ``t`` (all known ties are before t)."""
        i = bisect_left(self.times, t - span)
        return len(self.times) - i, self.cumneg[-1] - self.cumneg[i]

    def add(self, t: float, sign: int, weight: float, rate: float) -> None:
        f = math.exp(-(t - self.last) * rate) if (self.pos or self.neg) else 0.0
        self.dpos *= f
        self.dneg *= f
        self.last = t
        neg = 1 if sign < 0 else 0
        if neg:
            self.neg += 1
            self.dneg += 1.0
        else:
            self.pos += 1
            self.dpos += 1.0
        self.sw += sign * weight
        self.times.append(t)
        self.cumneg.append(self.cumneg[-1] + neg)


class _Actor:
    """When an actor's ties happened: first, last, and the moments of the gaps between them."""

    __slots__ = ("first", "last", "gaps", "gsum", "gsq")

    def __init__(self) -> None:
        self.first = math.nan
        self.last = math.nan
        self.gaps = 0
        self.gsum = 0.0
        self.gsq = 0.0

    def add(self, t: float) -> None:
        if math.isnan(self.first):
            self.first = t
        else:
            gap = t - self.last
            self.gaps += 1
            self.gsum += gap
            self.gsq += gap * gap
        self.last = t

    def burstiness(self) -> float:
        if self.gaps < 2:
            return 0.0
        mu = self.gsum / self.gaps
        sd = math.sqrt(max(self.gsq / self.gaps - mu * mu, 0.0))
        return (sd - mu) / (sd + mu) if sd + mu > 0 else 0.0


_TRIAD_SLOT = [0.0] * 20  # filled by _past_triads (16 triads, embeddedness, count, 2 votes)


def _past_triads(ties: TimedTies, rate: float, k: float, seen_from: FloatArray) -> FloatArray:
    """Compute the triad columns of every arc from the ties formed strictly before the arc.

    Every triangle of the final skeleton is listed once (vectorised); for each of its sides as
    the arc to describe, the other two sides' arcs count only if they are older than the arc.
    A triangle whose sides are all later than the arc therefore adds nothing: the final
    skeleton is a way to find candidate third actors, never a feature.
    """
    n = len(ties.nodes)
    m = ties.src.shape[0]
    src, dst, sign, tm = ties.src, ties.dst, ties.sign, ties.time
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    uniq, inv = np.unique(lo * n + hi, return_inverse=True)
    inv = inv.reshape(-1)
    pairs = uniq.shape[0]
    fwd = np.full(pairs, -1, dtype=np.int64)  # arc lo -> hi of each pair
    bwd = np.full(pairs, -1, dtype=np.int64)  # arc hi -> lo
    is_fwd = src < dst
    arcs = np.arange(m, dtype=np.int64)
    fwd[inv[is_fwd]] = arcs[is_fwd]
    bwd[inv[~is_fwd]] = arcs[~is_fwd]
    pa = (uniq // n).astype(np.int64)
    tri = list_triangles(n, pa, (uniq % n).astype(np.int64))
    out = np.zeros((m, 20))
    if tri.count == 0:
        return out

    def arc(s: IntArray, p: IntArray) -> tuple[IntArray, IntArray]:
        """Arcs s -> other and other -> s of pair p (-1 where absent)."""
        first = s == pa[p]
        return np.where(first, fwd[p], bwd[p]), np.where(first, bwd[p], fwd[p])

    def seen(a: IntArray, before: FloatArray) -> tuple[BoolArray, FloatArray, FloatArray]:
        ok = (a >= 0) & (tm[np.maximum(a, 0)] < before)
        return (
            ok,
            np.where(ok, sign[np.maximum(a, 0)], 0.0),
            np.where(ok, tm[np.maximum(a, 0)], -np.inf),
        )

    sides = (
        (tri.x, tri.y, tri.z, tri.e_xy, tri.e_xz, tri.e_yz),
        (tri.y, tri.z, tri.x, tri.e_yz, tri.e_xy, tri.e_xz),
        (tri.x, tri.z, tri.y, tri.e_xz, tri.e_xy, tri.e_yz),
    )
    cols = np.zeros((m, 20))
    for s_node, t_node, _w, e_st, e_sw, e_tw in sides:
        for a_node, _b, e_aw, e_wb in (
            (s_node, t_node, e_sw, e_tw),
            (t_node, s_node, e_tw, e_sw),
        ):
            q, _ = arc(a_node, e_st)
            has = q >= 0
            if not has.any():
                continue
            q = q[has]
            when = tm[q]
            known_before = seen_from[q]
            a_sel = a_node[has]
            w_node = _w[has]
            oa, ia = arc(a_sel, e_aw[has])  # a -> w, w -> a
            ob, ib = arc(w_node, e_wb[has])  # w -> b, b -> w
            v_oa, s_oa, t_oa = seen(oa, known_before)
            v_ia, s_ia, t_ia = seen(ia, known_before)
            v_ob, s_ob, t_ob = seen(ob, known_before)
            v_ib, s_ib, t_ib = seen(ib, known_before)
            xs = (v_oa & (s_oa > 0), v_oa & (s_oa < 0), v_ia & (s_ia > 0), v_ia & (s_ia < 0))
            ys = (v_ob & (s_ob > 0), v_ob & (s_ob < 0), v_ib & (s_ib > 0), v_ib & (s_ib < 0))
            for i in range(4):
                for j in range(4):
                    both = xs[i] & ys[j]
                    if both.any():
                        cols[:, 4 * i + j] += np.bincount(q, weights=both, minlength=m)
            known = (v_oa | v_ia) & (v_ob | v_ib)
            cols[:, 16] += np.bincount(q, weights=known, minlength=m)
            # the latest tie on each side decides the vote
            su = np.where(t_oa >= t_ia, s_oa, s_ia)
            sv = np.where(t_ob >= t_ib, s_ob, s_ib)
            older = np.minimum(np.maximum(t_oa, t_ia), np.maximum(t_ob, t_ib))
            vote = np.where(known, su * sv, 0.0)
            wt = np.where(known, np.exp(-(when - np.where(known, older, when)) * rate), 0.0)
            cols[:, 18] += np.bincount(q, weights=vote, minlength=m)
            cols[:, 19] += np.bincount(q, weights=vote * wt, minlength=m)
            cols[:, 17] += np.bincount(q, weights=wt, minlength=m)  # recency weights, for now
    out[:, :16] = np.log1p(cols[:, :16])
    out[:, 16] = np.log1p(cols[:, 16])
    out[:, 17] = np.log1p(cols[:, :16].sum(axis=1))
    out[:, 18] = cols[:, 18] / (cols[:, 16] + k)
    out[:, 19] = cols[:, 19] / (cols[:, 17] + k)
    return out


def _log_odds(pos: float, neg: float, prior: float, k: float) -> float:
    share = min(max((pos + k * prior) / (pos + neg + k), 1e-6), 1 - 1e-6)
    return math.log(share / (1 - share))


def past_features(
    ties: TimedTies, params: HistoryParams | None = None, *, known_before: FloatArray | None = None
) -> SignFeatures:
    """Describe every arc by the ties formed strictly before it.

    Parameters
    ----------
    ties : TimedTies
        From :func:`timed_ties`.
    params : HistoryParams, optional
        Half-life, windows, smoothing and the length of a day.
    known_before : ndarray of float64, optional
        Per arc, describe it by the ties formed strictly before this time (at most the arc's
        own time; default: the arc's own time).  An earlier time is the view of someone who
        learnt nothing after it; recency weights and windows are still measured at the arc's
        own time.

    Returns
    -------
    SignFeatures
        One row per arc (``ties.src``/``ties.dst`` order); groups ``degree``, ``triad``,
        ``reciprocal`` (directed only) and ``time``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", sign=1, time=0.0)
    >>> g.add_edge("b", "c", sign=-1, time=86400.0)
    >>> g.add_edge("a", "c", sign=-1, time=2 * 86400.0)
    >>> f = past_features(timed_ties(g))
    >>> row = dict(zip(f.names, f.X[list(g.edges).index(("a", "c"))]))
    >>> round(float(row["triad_uout+w_w>-v"]), 4)  # a +> b -> c: log(1 + 1)
    0.6931
    >>> round(float(row["age_u"]), 4)  # a's first tie was 2 days before: log(1 + 2)
    1.0986
    """
    p = params or HistoryParams()
    m = ties.src.shape[0]
    rate = math.log(2) / (p.half_life_days * p.day)
    short, long = p.short_days * p.day, p.long_days * p.day
    k = p.smoothing
    order = np.argsort(ties.time, kind="stable")
    given = [_Side() for _ in ties.nodes]
    received = [_Side() for _ in ties.nodes]
    actors = [_Actor() for _ in ties.nodes]
    # nbr[x][w] = [sign of x -> w, its time, sign of w -> x, its time] (0 sign: none yet)
    nbr: list[dict[int, list[float]]] = [{} for _ in ties.nodes]
    directed = ties.directed
    names: list[str] = []
    groups: list[str] = []

    def col(name: str, group: str) -> None:
        names.append(name)
        groups.append(group)

    for name in (
        "log_out_pos_u", "log_out_neg_u", "log_in_pos_v", "log_in_neg_v",
        "log_in_pos_u", "log_in_neg_u", "log_out_pos_v", "log_out_neg_v",
        "generosity_u", "reputation_v", "reputation_u", "generosity_v",
        "mean_given_u", "mean_received_v", "log_ties_u", "log_ties_v",
    ):  # fmt: skip
        col(name, "degree")
    for i in range(16):
        col(_triad_name(i), "triad")
    for name in ("log_embeddedness", "log_signed_triads", "balance_vote", "recent_balance_vote"):
        col(name, "triad")
    if directed:
        for name in (
            "reciprocal_pos", "reciprocal_neg", "reciprocal_signed_weight",
            "reciprocal_recency", "reciprocal_recent_sign",
        ):  # fmt: skip
            col(name, "reciprocal")
    for name in (
        "recent_generosity_u", "recent_reputation_v", "recent_reputation_u", "recent_generosity_v",
        "trend30_u", "trend90_u", "trend30_v", "trend90_v",
        "burstiness_u", "burstiness_v", "age_u", "age_v",
    ):  # fmt: skip
        col(name, "time")
    x = np.zeros((m, len(names)))
    tot_pos = 0
    tot_all = 0
    src, dst, sign, weight, tm = (
        ties.src.tolist(),
        ties.dst.tolist(),
        ties.sign.tolist(),
        ties.weight.tolist(),
        ties.time.tolist(),
    )
    lg = math.log1p
    known_arr = ties.time if known_before is None else np.minimum(known_before, ties.time)
    known = known_arr.tolist()
    describe = np.lexsort((ties.time, known_arr)).tolist()
    adding = order.tolist()
    ai = 0
    di = 0
    while di < m:
        moment = known[describe[di]]
        while ai < m and tm[adding[ai]] < moment:  # every tie before the moment is history
            a = adding[ai]
            u, v, s_a, w_a, t_a = src[a], dst[a], sign[a], weight[a], tm[a]
            given[u].add(t_a, s_a, w_a, rate)
            received[v].add(t_a, s_a, w_a, rate)
            if directed or u < v:  # an undirected tie is one event for each actor
                actors[u].add(t_a)
                actors[v].add(t_a)
                tot_all += 1
                tot_pos += s_a > 0
            fwd = nbr[u].setdefault(v, [0.0, 0.0, 0.0, 0.0, 0.0])
            fwd[0], fwd[1] = float(s_a), t_a
            bwd = nbr[v].setdefault(u, [0.0, 0.0, 0.0, 0.0, 0.0])
            bwd[2], bwd[3], bwd[4] = float(s_a), t_a, w_a
            ai += 1
        prior = (tot_pos + 1.0) / (tot_all + 2.0)
        stop = di
        while stop < m and known[describe[stop]] == moment:
            stop += 1
        batch = describe[di:stop]
        di = stop
        for a in batch:
            u, v, t = src[a], dst[a], tm[a]
            gu, rv, ru, gv = given[u], received[v], received[u], given[v]
            row: list[float] = [
                lg(gu.pos), lg(gu.neg), lg(rv.pos), lg(rv.neg),
                lg(ru.pos), lg(ru.neg), lg(gv.pos), lg(gv.neg),
                _log_odds(gu.pos, gu.neg, prior, k), _log_odds(rv.pos, rv.neg, prior, k),
                _log_odds(ru.pos, ru.neg, prior, k), _log_odds(gv.pos, gv.neg, prior, k),
                (gu.sw + k * (2 * prior - 1)) / (gu.pos + gu.neg + k),
                (rv.sw + k * (2 * prior - 1)) / (rv.pos + rv.neg + k),
                lg(gu.pos + gu.neg + ru.pos + ru.neg), lg(gv.pos + gv.neg + rv.pos + rv.neg),
            ]  # fmt: skip
            row.extend(_TRIAD_SLOT)
            nu = nbr[u]
            if directed:
                back = nu.get(v)
                r_sign = back[2] if back is not None else 0.0
                if r_sign:
                    recency = math.exp(-(t - back[3]) * rate)
                    r_w = float(back[4])
                else:
                    recency = 0.0
                    r_w = 0.0
                row.extend(
                    [
                        1.0 if r_sign > 0 else 0.0,
                        1.0 if r_sign < 0 else 0.0,
                        r_sign * r_w,
                        recency,
                        r_sign * recency,
                    ]
                )
            # --- time
            dgp, dgn = gu.decayed(t, rate)
            drp, drn = rv.decayed(t, rate)
            dup, dun = ru.decayed(t, rate)
            dvp, dvn = gv.decayed(t, rate)
            row.extend(
                [
                    _log_odds(dgp, dgn, prior, k),
                    _log_odds(drp, drn, prior, k),
                    _log_odds(dup, dun, prior, k),
                    _log_odds(dvp, dvn, prior, k),
                ]
            )
            neg_prior = 1.0 - prior
            for side in (gu, rv):
                n_s, neg_s = side.window(t, short)
                n_l, neg_l = side.window(t, long)
                whole = (side.neg + k * neg_prior) / (side.pos + side.neg + k)
                row.append((neg_s + k * neg_prior) / (n_s + k) - whole)
                row.append((neg_l + k * neg_prior) / (n_l + k) - whole)
            au, av = actors[u], actors[v]
            row.append(au.burstiness())
            row.append(av.burstiness())
            row.append(0.0 if math.isnan(au.first) else lg((t - au.first) / p.day))
            row.append(0.0 if math.isnan(av.first) else lg((t - av.first) / p.day))
            x[a] = row
    first_triad = names.index(_triad_name(0))
    x[:, first_triad : first_triad + 20] = _past_triads(ties, rate, k, known_arr)
    return SignFeatures(x, names, groups)
