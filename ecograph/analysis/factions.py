"""Factions: the k-way partition of a signed network that minimises frustration.

Two notions of balance are offered (argument ``balance``):

``"strict"``
    Positive ties belong inside factions and negative ties between them (Harary's structural
    balance for ``k = 2``; Davis's clusterability, "weak balance", for ``k > 2``).  A tie is
    *frustrated* when it is positive between two factions or negative inside one.
``"generalized"``
    Relaxed structural balance (Doreian & Mrvar 2009): every block -- a faction's inside, or the
    ties between two factions -- is either positive or negative, as its majority (by weight)
    says; a tie is frustrated when its sign differs from its block's.  This admits mediators
    (a group friendly with two hostile groups) and internally divided groups.

The *frustration* of a partition is the number of frustrated ties, or their total weight with
``weighted=True``.  Two solvers:

``"exact"``
    A mixed-integer linear programme solved by HiGHS through :func:`scipy.optimize.milp`, one
    connected component at a time.  It proves optimality; practical up to a few hundred ties
    (``docs/balance.md`` gives measured times).  If the time limit is hit the best partition
    found is returned with ``exact=False`` and the solver's proven lower bound.
``"heuristic"``
    Greedy local search (every actor moves to the faction that frustrates the fewest of its
    ties, sweeping until nothing improves), from a spectral start and ``restarts`` random starts,
    followed by merging factions whose merger lowers frustration.  Linear work per sweep; a
    million ties take seconds.

``method="auto"`` uses the exact solver when the component has at most
:data:`EXACT_MAX_EDGES` ties and the heuristic otherwise.

When ``k`` is not given it is chosen: ``k = 1, 2, ...`` is tried until one more faction lowers
the frustration by less than ``min_gain`` times the total tie weight (default 5 %), or
``k_max`` is reached.

References
----------
.. [1] Cartwright, D. & Harary, F. (1956). Structural balance. *Psych. Review* 63, 277-293.
.. [2] Davis, J. A. (1967). Clustering and structural balance in graphs. *Human Relations*
   20(2), 181-187.
.. [3] Doreian, P. & Mrvar, A. (1996). A partitioning approach to structural balance.
   *Social Networks* 18, 149-168.
.. [4] Doreian, P. & Mrvar, A. (2009). Partitioning signed social networks. *Social Networks*
   31, 1-11.
.. [5] Aref, S. & Wilson, M. C. (2018). Measuring partial balance in signed networks.
   *J. Complex Networks* 6(4), 566-595.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt

from ecograph.analysis._signed import UndirectedView, signed_arrays, undirected_view
from ecograph.errors import InputError

__all__ = [
    "EXACT_MAX_EDGES",
    "Factions",
    "adjusted_rand_index",
    "find_factions",
    "partition_frustration",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

Balance = Literal["strict", "generalized"]
Method = Literal["auto", "exact", "heuristic"]

#: Components with at most this many ties are solved exactly by ``method="auto"``.
EXACT_MAX_EDGES = 400


@dataclass(frozen=True)
class Factions:
    """A partition of the actors into factions and what it leaves frustrated.

    Attributes
    ----------
    groups : dict
        Node -> faction number (0, 1, ...; numbered by first appearance in node order).
    k : int
        Number of non-empty factions.
    frustration : float
        Number (or weight, when ``weighted``) of frustrated ties.
    lower_bound : float
        A proven lower bound on the least frustration for this ``k`` and balance notion
        (equal to ``frustration`` when ``exact``; 0 when unknown).
    exact : bool
        Whether ``frustration`` is proved minimal.
    balance : {"strict", "generalized"}
    block_signs : dict
        For ``generalized``: ``(a, b)`` with ``a <= b`` -> +1/-1, the sign of each block.  For
        ``strict``: +1 on the diagonal, -1 off it.
    frustrated : list of tuple
        The frustrated ties ``(u, v)`` of the undirected skeleton.
    method : str
        ``"exact"`` or ``"heuristic"``.
    weighted : bool
    seconds : float
        Wall time.
    """

    groups: dict[Hashable, int]
    k: int
    frustration: float
    lower_bound: float
    exact: bool
    balance: Balance
    block_signs: dict[tuple[int, int], int]
    frustrated: list[tuple[Hashable, Hashable]]
    method: str
    weighted: bool
    seconds: float
    tried: dict[int, float] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """``frustration - lower_bound`` (0 when exact)."""
        return self.frustration - self.lower_bound

    def members(self) -> list[list[Hashable]]:
        """Return the factions as lists of nodes, in faction order."""
        out: list[list[Hashable]] = [[] for _ in range(self.k)]
        for node, grp in self.groups.items():
            out[grp].append(node)
        return out


# --------------------------------------------------------------------------- cost of a partition


def _block_signs(
    view: UndirectedView, w: FloatArray, labels: IntArray, k: int, balance: Balance
) -> npt.NDArray[np.int64]:
    """Block sign matrix (k x k) of +1/-1."""
    if balance == "strict":
        out = -np.ones((k, k), dtype=np.int64)
        np.fill_diagonal(out, 1)
        return out
    ga = labels[view.a]
    gb = labels[view.b]
    lo = np.minimum(ga, gb)
    hi = np.maximum(ga, gb)
    pos = np.zeros((k, k))
    neg = np.zeros((k, k))
    np.add.at(pos, (lo[view.sign > 0], hi[view.sign > 0]), w[view.sign > 0])
    np.add.at(neg, (lo[view.sign < 0], hi[view.sign < 0]), w[view.sign < 0])
    signs = np.where(pos >= neg, 1, -1).astype(np.int64)
    upper = np.triu(signs)
    return upper + np.triu(signs, 1).T


def _frustrated_mask(
    view: UndirectedView, labels: IntArray, blocks: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    mask: npt.NDArray[np.bool_] = blocks[labels[view.a], labels[view.b]] != view.sign
    return mask


def partition_frustration(
    g: nx.Graph,
    groups: Mapping[Any, Any],
    *,
    balance: Balance = "strict",
    weighted: bool = False,
) -> float:
    """Frustration of a given partition.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph (a DiGraph is read as its undirected skeleton, see
        :mod:`ecograph.analysis.balance`).
    groups : mapping
        Node -> group label, for every node of ``g``.
    balance : {"strict", "generalized"}, default "strict"
    weighted : bool, default False
        Sum tie weights instead of counting ties.

    Returns
    -------
    float

    Raises
    ------
    InputError
        If a node of ``g`` has no group.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", 1), ("b", "c", -1), ("a", "c", 1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> partition_frustration(g, {"a": 0, "b": 0, "c": 1})
    1.0
    """
    arr = signed_arrays(g)
    view = undirected_view(arr)
    missing = [node for node in arr.nodes if node not in groups]
    if missing:
        raise InputError(
            f"{len(missing)} node(s) have no group, e.g. {missing[0]!r}",
            field="groups",
            expected="a group for every node",
        )
    codes: dict[Hashable, int] = {}
    labels = np.array(
        [codes.setdefault(groups[node], len(codes)) for node in arr.nodes], dtype=np.int64
    )
    w = view.weight if weighted else np.ones(view.m)
    blocks = _block_signs(view, w, labels, max(len(codes), 1), balance)
    return float(w[_frustrated_mask(view, labels, blocks)].sum())


# --------------------------------------------------------------------------- exact (MILP)


def _milp_component(
    nodes: IntArray,
    a: IntArray,
    b: IntArray,
    sign: IntArray,
    w: FloatArray,
    k: int,
    balance: Balance,
    time_limit: float,
) -> tuple[IntArray, float, float, bool]:
    """Solve one component; returns (labels for ``nodes``, value, lower bound, proved)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    nn = int(nodes.shape[0])
    m = int(a.shape[0])
    local = {int(v): i for i, v in enumerate(nodes)}
    la = np.array([local[int(v)] for v in a], dtype=np.int64)
    lb = np.array([local[int(v)] for v in b], dtype=np.int64)
    if m == 0:
        return np.zeros(nn, dtype=np.int64), 0.0, 0.0, True
    # variable layout: x[i, c] (nn*k), f[e] (m), block signs s[c, d] for c <= d (generalized)
    nx_ = nn * k
    pairs = [(c, d) for c in range(k) for d in range(c, k)] if balance == "generalized" else []
    pidx = {p: i for i, p in enumerate(pairs)}
    nvar = nx_ + m + len(pairs)

    def xv(i: int, c: int) -> int:
        return i * k + c

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    r = 0

    def add(entries: list[tuple[int, float]], lower: float, upper: float) -> None:
        nonlocal r
        for col, val in entries:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        lo.append(lower)
        hi.append(upper)
        r += 1

    for i in range(nn):
        add([(xv(i, c), 1.0) for c in range(k)], 1.0, 1.0)
    for e in range(m):
        i, j, f = int(la[e]), int(lb[e]), nx_ + e
        if balance == "strict":
            for c in range(k):
                if sign[e] > 0:  # f >= x_ic - x_jc and f >= x_jc - x_ic
                    add([(f, 1.0), (xv(i, c), -1.0), (xv(j, c), 1.0)], 0.0, np.inf)
                    add([(f, 1.0), (xv(j, c), -1.0), (xv(i, c), 1.0)], 0.0, np.inf)
                else:  # f >= x_ic + x_jc - 1
                    add([(f, 1.0), (xv(i, c), -1.0), (xv(j, c), -1.0)], -1.0, np.inf)
        else:
            for c in range(k):
                for d in range(k):
                    s = nx_ + m + pidx[(min(c, d), max(c, d))]
                    if sign[e] > 0:  # frustrated if in block (c,d) and the block is negative
                        add([(f, 1.0), (xv(i, c), -1.0), (xv(j, d), -1.0), (s, 1.0)], -1.0, np.inf)
                    else:  # frustrated if in block (c,d) and the block is positive
                        add(
                            [(f, 1.0), (xv(i, c), -1.0), (xv(j, d), -1.0), (s, -1.0)],
                            -2.0,
                            np.inf,
                        )
    upper = np.ones(nvar)
    # symmetry: node i may only use factions 0..i
    for i in range(nn):
        for c in range(i + 1, k):
            upper[xv(i, c)] = 0.0
    integrality = np.ones(nvar)
    integrality[nx_ : nx_ + m] = 0  # f is integral at the optimum anyway
    cost = np.zeros(nvar)
    cost[nx_ : nx_ + m] = w
    mat = coo_matrix((vals, (rows, cols)), shape=(r, nvar)).tocsr()
    res = milp(
        cost,
        constraints=LinearConstraint(mat, np.array(lo), np.array(hi)),
        integrality=integrality,
        bounds=Bounds(np.zeros(nvar), upper),
        options={"time_limit": time_limit, "disp": False},
    )
    if res.x is None:  # no partition found in time: infinitely bad, so any other is better
        return np.zeros(nn, dtype=np.int64), float("inf"), 0.0, False
    x = res.x[:nx_].reshape(nn, k)
    labels = np.argmax(x, axis=1).astype(np.int64)
    bound = getattr(res, "mip_dual_bound", None)
    proved = res.status == 0
    value = float(res.fun)
    lower = value if proved else float(bound) if bound is not None else 0.0
    return labels, value, max(lower, 0.0), proved


# --------------------------------------------------------------------------- heuristic


def _adjacency_lists(
    n: int, a: IntArray, b: IntArray, sw: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    src = np.concatenate([a, b])
    dst = np.concatenate([b, a])
    val = np.concatenate([sw, sw])
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, dst[order], val[order]


def _spectral_start(n: int, a: IntArray, b: IntArray, sw: FloatArray) -> IntArray:
    """Two groups from the sign of the leading eigenvector of the signed adjacency matrix."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import ArpackError, eigsh

    if n < 3:
        return np.zeros(n, dtype=np.int64)
    mat = coo_matrix(
        (np.concatenate([sw, sw]), (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n)
    ).tocsr()
    try:
        if n < 200:
            _, vecs = np.linalg.eigh(mat.toarray())
            vec = vecs[:, -1]
        else:
            _, vecs = eigsh(mat, k=1, which="LA", tol=1e-4, maxiter=5000, v0=np.ones(n))
            vec = vecs[:, 0]
    except (ArpackError, np.linalg.LinAlgError):
        return np.zeros(n, dtype=np.int64)
    return (vec < 0).astype(np.int64)


class _Search:
    """Greedy single-actor moves driven by a work queue.

    An actor is re-examined only when a neighbour moved; the adjacency is held in Python lists
    for fast scalar access.
    """

    def __init__(
        self,
        view: UndirectedView,
        w: FloatArray,
        k: int,
        balance: Balance,
        rng: np.random.Generator,
    ) -> None:
        indptr, nbr, vals = _adjacency_lists(view.n, view.a, view.b, w * view.sign)
        self.view, self.w, self.k, self.balance, self.rng = view, w, k, balance, rng
        self.n = view.n
        self.ptr: list[int] = indptr.tolist()
        self.nb: list[int] = nbr.tolist()
        self.vals: list[float] = vals.tolist()

    def cost(self, lab: IntArray) -> float:
        blocks = _block_signs(self.view, self.w, lab, self.k, self.balance)
        return float(self.w[_frustrated_mask(self.view, lab, blocks)].sum())

    def local_cost(self, labels: IntArray, actors: list[int]) -> float:
        """Strict frustration of the ties touching ``actors`` (each tie once)."""
        inside = set(actors)
        total = 0.0
        for i in actors:
            li = labels[i]
            for t in range(self.ptr[i], self.ptr[i + 1]):
                j = self.nb[t]
                v = self.vals[t]
                if (labels[j] == li) != (v > 0):
                    total += (abs(v) / 2) if j in inside else abs(v)
        return total

    def run(
        self, labels: IntArray, queue: list[int] | None = None, max_rounds: int = 30
    ) -> IntArray:
        k, ptr, nb, vals = self.k, self.ptr, self.nb, self.vals
        lab = labels.tolist()
        strict = self.balance == "strict"
        for _ in range(max_rounds):
            blocks = _block_signs(self.view, self.w, np.array(lab, dtype=np.int64), k, self.balance)
            bl = blocks.tolist()
            order = self.rng.permutation(self.n).tolist() if queue is None else list(queue)
            todo = deque(order)
            inq = bytearray(self.n)
            for i in order:
                inq[i] = 1
            while todo:
                i = todo.popleft()
                inq[i] = 0
                start, stop = ptr[i], ptr[i + 1]
                if start == stop:
                    continue
                pos = [0.0] * k
                neg = [0.0] * k
                for t in range(start, stop):
                    v = vals[t]
                    if v > 0:
                        pos[lab[nb[t]]] += v
                    else:
                        neg[lab[nb[t]]] -= v
                if strict:
                    tot = sum(pos)
                    cost = [tot - pos[c] + neg[c] for c in range(k)]
                else:
                    cost = [
                        sum(pos[d] if bl[c][d] < 0 else neg[d] for d in range(k)) for c in range(k)
                    ]
                cur = lab[i]
                best = min(range(k), key=lambda c: (cost[c], c != cur))
                if cost[best] < cost[cur] - 1e-12:
                    lab[i] = best
                    for t in range(start, stop):
                        j = nb[t]
                        if not inq[j]:
                            inq[j] = 1
                            todo.append(j)
            if strict:
                break
            after = _block_signs(self.view, self.w, np.array(lab, dtype=np.int64), k, self.balance)
            if np.array_equal(after, blocks):
                break
            queue = None
        return np.array(lab, dtype=np.int64)

    def kick(self, labels: IntArray) -> tuple[IntArray, list[int]]:
        """Move a random actor and its neighbours to a random faction."""
        i = int(self.rng.integers(self.n))
        ball = [i, *self.nb[self.ptr[i] : self.ptr[i + 1]][:12]]
        out = labels.copy()
        out[ball] = int(self.rng.integers(self.k))
        touched = set(ball)
        for j in ball:
            touched.update(self.nb[self.ptr[j] : self.ptr[j + 1]])
        return out, sorted(touched)


def _merge_groups(
    view: UndirectedView, w: FloatArray, labels: IntArray, k: int, balance: Balance
) -> IntArray:
    """Merge pairs of factions while that lowers frustration."""
    labels = labels.copy()
    while True:
        blocks = _block_signs(view, w, labels, k, balance)
        cur = float(w[_frustrated_mask(view, labels, blocks)].sum())
        present = np.unique(labels)
        best: tuple[float, int, int] | None = None
        for i, c in enumerate(present):
            for d in present[i + 1 :]:
                trial = np.where(labels == d, c, labels)
                tb = _block_signs(view, w, trial, k, balance)
                val = float(w[_frustrated_mask(view, trial, tb)].sum())
                if val < cur - 1e-12 and (best is None or val < best[0]):
                    best = (val, int(c), int(d))
        if best is None:
            return labels
        labels = np.where(labels == best[2], best[1], labels)


def _heuristic(
    view: UndirectedView,
    w: FloatArray,
    k: int,
    balance: Balance,
    restarts: int,
    seed: int,
    kicks: int = 200,
) -> IntArray:
    """Multi-start local search, then iterated local search.

    Each kick moves a neighbourhood to a random faction, re-settles it, and keeps the result
    unless it is worse.
    """
    n = view.n
    rng = np.random.default_rng(seed)
    search = _Search(view, w, k, balance, rng)
    starts: list[IntArray] = []
    if k >= 2:
        starts.append(_spectral_start(n, view.a, view.b, w * view.sign))
    else:
        starts.append(np.zeros(n, dtype=np.int64))
    if balance == "generalized":
        # a strict partition is a generalized one too: start from the best strict one
        starts.append(_heuristic(view, w, k, "strict", restarts, seed, kicks))
    starts.extend(rng.integers(0, k, n).astype(np.int64) for _ in range(restarts))
    best_labels = starts[0]
    best_val = np.inf
    for start in starts:
        lab = search.run(start)
        lab = _merge_groups(view, w, lab, k, balance)
        lab = search.run(lab)
        val = search.cost(lab)
        if val < best_val - 1e-12:
            best_val, best_labels = val, lab
    if n == 0 or k < 2:
        return best_labels
    for _ in range(kicks):
        trial, touched = search.kick(best_labels)
        trial = search.run(trial, queue=touched)
        if balance == "strict":  # only ties at actors that moved can change
            changed = np.flatnonzero(trial != best_labels).tolist()
            val = best_val - search.local_cost(best_labels, changed)
            val += search.local_cost(trial, changed)
        else:
            val = search.cost(trial)
        if val <= best_val + 1e-9:
            best_val, best_labels = val, trial
    return best_labels


# --------------------------------------------------------------------------- public API


def _components(view: UndirectedView) -> list[IntArray]:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    mat = coo_matrix((np.ones(view.m), (view.a, view.b)), shape=(view.n, view.n))
    count, comp = connected_components(mat, directed=False)
    order = np.argsort(comp, kind="stable")
    bounds = np.searchsorted(comp[order], np.arange(count + 1))
    return [order[bounds[c] : bounds[c + 1]].astype(np.int64) for c in range(count)]


def _solve(
    view: UndirectedView,
    w: FloatArray,
    k: int,
    balance: Balance,
    method: Method,
    time_limit: float,
    restarts: int,
    seed: int,
) -> tuple[IntArray, float, float, bool, str]:
    """Labels for all nodes with the value, lower bound, proof flag and method used."""
    n = view.n
    if (
        method == "heuristic"
        or k == 1
        or (method == "auto" and view.m > EXACT_MAX_EDGES and balance == "generalized")
    ):
        labels = (
            _heuristic(view, w, k, balance, restarts, seed)
            if k > 1
            else np.zeros(n, dtype=np.int64)
        )
        blocks = _block_signs(view, w, labels, k, balance)
        val = float(w[_frustrated_mask(view, labels, blocks)].sum())
        proved = k == 1
        if proved:
            lower = val
        elif balance == "strict":
            lower = _triangle_lower_bound(view, w, k)
        else:
            lower = 0.0
        return labels, val, lower, proved, "exact" if proved else "heuristic"
    if balance == "generalized":
        # blocks couple the components, so the generalized model is solved on the whole graph
        labels, val, lower, proved = _milp_component(
            np.arange(n, dtype=np.int64), view.a, view.b, view.sign, w, k, balance, time_limit
        )
        if not proved:
            h_labels = _heuristic(view, w, k, balance, restarts, seed)
            h_val = float(
                w[
                    _frustrated_mask(view, h_labels, _block_signs(view, w, h_labels, k, balance))
                ].sum()
            )
            if h_val < val:
                labels, val = h_labels, h_val
        return labels, val, lower, proved, "exact" if proved else "heuristic"
    labels = np.zeros(n, dtype=np.int64)
    total = lower_total = 0.0
    proved_all = True
    used_heuristic = False
    deadline = time.perf_counter() + time_limit
    comp_of = np.empty(n, dtype=np.int64)
    comps = _components(view)
    for c, members in enumerate(comps):
        comp_of[members] = c
    edge_comp = comp_of[view.a]
    strict_blocks = _block_signs(view, w, labels, k, "strict")
    heur: IntArray | None = None
    for c, members in enumerate(comps):
        sel = np.flatnonzero(edge_comp == c)
        if sel.size == 0:
            continue
        remaining = deadline - time.perf_counter()
        lower = 0.0
        proved = False
        val = np.inf
        if not ((method == "auto" and sel.size > EXACT_MAX_EDGES) or remaining <= 0):
            lab, val, lower, proved = _milp_component(
                members, view.a[sel], view.b[sel], view.sign[sel], w[sel], k, balance, remaining
            )
            if np.isfinite(val):
                labels[members] = lab
        if not proved:
            if heur is None:
                heur = _heuristic(view, w, k, balance, restarts, seed)
            trial = labels.copy()
            trial[members] = heur[members]
            h_val = float(w[sel][_frustrated_mask(view, trial, strict_blocks)[sel]].sum())
            if h_val < val:
                labels[members] = heur[members]
                val = h_val
                used_heuristic = True
        total += val
        lower_total += lower
        proved_all = proved_all and proved
    if not proved_all:
        lower_total = max(lower_total, _triangle_lower_bound(view, w, k))
    # components are independent under strict balance, so any alignment of their faction
    # numbers has the same frustration
    return (
        labels,
        total,
        lower_total,
        proved_all,
        "heuristic" if used_heuristic else "exact",
    )


def _triangle_lower_bound(view: UndirectedView, w: FloatArray, k: int) -> float:
    """Lower bound on strict frustration from edge-disjoint frustrated triangles.

    Every triangle that no partition into ``k`` factions can satisfy (an odd number of negative
    ties for ``k = 2``; exactly one negative tie for ``k >= 3``) holds at least one frustrated
    tie, so a set of such triangles sharing no tie bounds the frustration from below (by the
    sum of each triangle's lightest tie).  The set is packed greedily.
    """
    from ecograph.analysis._signed import list_triangles

    tri = list_triangles(view.n, view.a, view.b)
    neg = (view.sign < 0).astype(np.int64)
    count = neg[tri.e_xy] + neg[tri.e_yz] + neg[tri.e_xz]
    bad = np.flatnonzero(count % 2 == 1) if k == 2 else np.flatnonzero(count == 1)
    used = bytearray(view.m)
    bound = 0.0
    wl = w.tolist()
    for e1, e2, e3 in zip(
        tri.e_xy[bad].tolist(), tri.e_yz[bad].tolist(), tri.e_xz[bad].tolist(), strict=True
    ):
        if not (used[e1] or used[e2] or used[e3]):
            used[e1] = used[e2] = used[e3] = 1
            bound += min(wl[e1], wl[e2], wl[e3])
    return bound


def _renumber(labels: IntArray) -> IntArray:
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    mapping = np.empty(int(labels.max()) + 1 if labels.size else 0, dtype=np.int64)
    mapping[np.unique(labels)[order]] = np.arange(order.size)
    return mapping[labels] if labels.size else labels


def find_factions(
    g: nx.Graph,
    k: int | None = None,
    *,
    balance: Balance = "strict",
    method: Method = "auto",
    weighted: bool = False,
    k_max: int = 8,
    min_gain: float = 0.05,
    time_limit: float = 60.0,
    restarts: int = 8,
    seed: int = 0,
) -> Factions:
    """Partition a signed network into factions so that as few ties as possible are frustrated.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph; a DiGraph is read as its undirected skeleton.
    k : int, optional
        Number of factions (at most ``k``; a faction may stay empty).  Chosen when omitted.
    balance : {"strict", "generalized"}, default "strict"
        Notion of balance, see the module docstring.
    method : {"auto", "exact", "heuristic"}, default "auto"
        Solver, see the module docstring.
    weighted : bool, default False
        Minimise the total weight of frustrated ties instead of their number.
    k_max : int, default 8
        Largest ``k`` tried when choosing ``k``.
    min_gain : float, default 0.05
        When choosing ``k``: stop when one more faction lowers the frustration by less than this
        share of the total tie weight.
    time_limit : float, default 60.0
        Seconds the exact solver may use (for each ``k``).
    restarts : int, default 8
        Random starts of the heuristic (besides the spectral one).
    seed : int, default 0
        Seed of the heuristic's random starts.

    Returns
    -------
    Factions

    Raises
    ------
    InputError
        For an invalid graph or parameter.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", 1), ("c", "d", 1), ("a", "c", -1), ("b", "d", -1),
    ...                 ("e", "f", 1), ("a", "e", -1), ("c", "f", -1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> f = find_factions(g)
    >>> f.k, f.frustration, f.exact, f.members()
    (3, 0.0, True, [['a', 'b'], ['c', 'd'], ['e', 'f']])
    """
    start = time.perf_counter()
    if balance not in ("strict", "generalized"):
        raise InputError(
            f"unknown balance notion {balance!r}",
            field="balance",
            expected="'strict' or 'generalized'",
        )
    if method not in ("auto", "exact", "heuristic"):
        raise InputError(
            f"unknown method {method!r}", field="method", expected="'auto', 'exact' or 'heuristic'"
        )
    if k is not None and k < 1:
        raise InputError(f"k is {k}", field="k", expected="an integer >= 1")
    arr = signed_arrays(g)
    view = undirected_view(arr)
    w = view.weight if weighted else np.ones(view.m)
    total_weight = float(w.sum())
    tried: dict[int, float] = {}
    if k is not None:
        candidates = [k]
    else:
        candidates = list(range(1, max(1, min(k_max, arr.n)) + 1))
    chosen: tuple[IntArray, float, float, bool, str] | None = None
    for kk in candidates:
        result = _solve(view, w, kk, balance, method, time_limit, restarts, seed)
        tried[kk] = result[1]
        if chosen is not None and k is None and chosen[1] - result[1] < min_gain * total_weight:
            break
        chosen = result
        if k is None and result[1] == 0:
            break
    assert chosen is not None
    labels, value, lower, proved, used = chosen
    labels = _renumber(labels) if labels.size else labels
    kk = int(labels.max()) + 1 if labels.size else 0
    blocks = _block_signs(view, w, labels, max(kk, 1), balance)
    mask = _frustrated_mask(view, labels, blocks)
    value = float(w[mask].sum())
    nodes = arr.nodes
    block_signs = {(c, d): int(blocks[c, d]) for c in range(kk) for d in range(c, kk)}
    return Factions(
        groups={node: int(labels[i]) for i, node in enumerate(nodes)},
        k=kk,
        frustration=value,
        lower_bound=min(lower, value),
        exact=proved,
        balance=balance,
        block_signs=block_signs,
        frustrated=[(nodes[int(view.a[e])], nodes[int(view.b[e])]) for e in np.flatnonzero(mask)],
        method=used,
        weighted=weighted,
        seconds=time.perf_counter() - start,
        tried=tried,
    )


def adjusted_rand_index(labels_true: Mapping[Any, Any], labels_pred: Mapping[Any, Any]) -> float:
    """Compute the adjusted Rand index (Hubert & Arabie 1985) of two partitions of the same nodes.

    Parameters
    ----------
    labels_true, labels_pred : mapping
        Node -> group.  Only nodes present in both are compared.

    Returns
    -------
    float
        1.0 for identical partitions (up to renaming), about 0 for independent ones.

    Raises
    ------
    InputError
        If the two mappings share no node.

    Examples
    --------
    >>> adjusted_rand_index({1: "a", 2: "a", 3: "b"}, {1: 0, 2: 0, 3: 5})
    1.0
    """
    common = [node for node in labels_true if node in labels_pred]
    if not common:
        raise InputError(
            "the partitions share no node", field="groups", expected="the same node ids"
        )
    _, t = np.unique(np.array([str(labels_true[x]) for x in common]), return_inverse=True)
    _, p = np.unique(np.array([str(labels_pred[x]) for x in common]), return_inverse=True)
    table = np.zeros((int(t.max()) + 1, int(p.max()) + 1))
    np.add.at(table, (t.reshape(-1), p.reshape(-1)), 1)

    def comb2(x: npt.NDArray[np.float64]) -> float:
        return float((x * (x - 1) / 2).sum())

    n = len(common)
    index = comb2(table)
    rows = comb2(table.sum(axis=1))
    cols = comb2(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2) if n > 1 else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
