"""Shared internals of the signed-network analyses: preconditions and array views.

A *signed graph* is a :class:`networkx.Graph` or :class:`networkx.DiGraph` whose edges carry
``sign`` (+1 or -1) and optionally ``weight`` (a non-negative magnitude, default 1).  The public
modules (:mod:`ecograph.analysis.balance`, :mod:`ecograph.analysis.frustration`,
:mod:`ecograph.analysis.factions`, :mod:`ecograph.analysis.signs`) convert the graph once into
the integer arrays defined here and compute on those.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt

from ecograph.errors import InputError

__all__ = ["SignedArrays", "UndirectedView", "check_signed", "signed_arrays", "undirected_view"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def check_signed(g: nx.Graph) -> None:
    """Check that ``g`` is a signed graph as ecograph understands it.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        The graph to check.

    Raises
    ------
    InputError
        If ``g`` is a multigraph, has a self-loop, or an edge whose ``sign`` is not +1/-1 or whose
        ``weight`` is not a finite non-negative number.  The message names the edge.
    """
    if not isinstance(g, nx.Graph):
        raise InputError(
            f"expected a networkx Graph or DiGraph, got {type(g).__name__}",
            field="graph",
            expected="networkx.Graph or networkx.DiGraph with a 'sign' on every edge",
        )
    if g.is_multigraph():
        raise InputError(
            "multigraphs are not supported: merge parallel edges into one signed edge first",
            field="graph",
            expected="networkx.Graph or networkx.DiGraph",
        )
    for u, v, data in g.edges(data=True):
        if u == v:
            raise InputError(
                f"self-loop on node {u!r}", field="edge", expected="edges between two nodes"
            )
        sign = data.get("sign")
        if isinstance(sign, bool) or sign not in (1, -1):
            raise InputError(
                f"edge ({u!r}, {v!r}) has sign {sign!r}", field="sign", expected="+1 or -1"
            )
        weight = data.get("weight", 1.0)
        try:
            w = float(weight)
        except (TypeError, ValueError):
            w = math.nan
        if isinstance(weight, bool) or not math.isfinite(w) or w < 0:
            raise InputError(
                f"edge ({u!r}, {v!r}) has weight {weight!r}",
                field="weight",
                expected="a finite non-negative number (the strength; the sign is in 'sign')",
            )


@dataclass(frozen=True)
class SignedArrays:
    """A signed graph as integer arrays (one row per edge, in ``g.edges`` order).

    Attributes
    ----------
    nodes : list
        Node labels; ``index`` positions refer to this list.
    src, dst : ndarray of int64
        Endpoint positions of every edge.
    sign : ndarray of int64
        +1 or -1.
    weight : ndarray of float64
        Non-negative magnitude (1 where absent).
    directed : bool
        Whether the graph was a DiGraph.
    """

    nodes: list[Hashable]
    src: IntArray
    dst: IntArray
    sign: IntArray
    weight: FloatArray
    directed: bool

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def m(self) -> int:
        """Number of edges."""
        return int(self.src.shape[0])


def signed_arrays(g: nx.Graph, *, check: bool = True) -> SignedArrays:
    """Convert a signed graph into :class:`SignedArrays`.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph.
    check : bool, default True
        Run :func:`check_signed` first.

    Returns
    -------
    SignedArrays
    """
    if not isinstance(g, nx.Graph) or g.is_multigraph():
        check_signed(g)  # raises the explanatory error
    nodes = list(g.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    m = g.number_of_edges()
    # one pass over the edges; validation is vectorised, and only on failure does
    # check_signed walk the edges again to name the first bad one
    triples = [(u, v, d.get("sign"), d.get("weight", 1.0)) for u, v, d in g.edges(data=True)]
    src = np.fromiter((index[t[0]] for t in triples), dtype=np.int64, count=m)
    dst = np.fromiter((index[t[1]] for t in triples), dtype=np.int64, count=m)
    raw_sign = [t[2] for t in triples]
    raw_weight = [t[3] for t in triples]
    try:
        fsign = np.array(raw_sign, dtype=np.float64) if m else np.zeros(0)
        weight = np.array(raw_weight, dtype=np.float64) if m else np.zeros(0)
        ok = True
    except (TypeError, ValueError):
        ok = False
    if check and ok:
        ok = bool(
            np.all((fsign == 1) | (fsign == -1))
            and np.all(np.isfinite(weight))
            and np.all(weight >= 0)
            and not np.any(src == dst)
            and not any(type(x) is bool for x in raw_sign)
            and not any(type(x) is bool for x in raw_weight)
        )
    if not ok:
        check_signed(g)
        raise InputError("invalid signed graph", field="graph")  # pragma: no cover
    sign = fsign.astype(np.int64)
    return SignedArrays(nodes, src, dst, sign, weight, g.is_directed())


@dataclass(frozen=True)
class UndirectedView:
    """The undirected signed skeleton of a signed graph.

    Each unordered pair ``a < b`` with at least one edge appears once.  For a DiGraph the pair's
    sign is the sign of the summed signed weights of its (one or two) directed edges; a tie (for
    example +1 one way and -1 the other) counts as negative, because open hostility in either
    direction is what a balance analysis must see.  The pair's weight is the mean magnitude.

    Attributes
    ----------
    n : int
        Number of nodes.
    a, b : ndarray of int64
        Pair endpoints, ``a < b``, sorted by ``(a, b)``.
    sign : ndarray of int64
    weight : ndarray of float64
    edge_pair : ndarray of int64
        For every edge of the original :class:`SignedArrays`, the index of its pair.
    """

    n: int
    a: IntArray
    b: IntArray
    sign: IntArray
    weight: FloatArray
    edge_pair: IntArray

    @property
    def m(self) -> int:
        """Number of pairs."""
        return int(self.a.shape[0])


def undirected_view(arr: SignedArrays) -> UndirectedView:
    """Collapse :class:`SignedArrays` into its undirected skeleton (see :class:`UndirectedView`)."""
    n = arr.n
    lo = np.minimum(arr.src, arr.dst)
    hi = np.maximum(arr.src, arr.dst)
    key = lo * n + hi
    uniq, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.reshape(-1).astype(np.int64)
    signed_w = np.bincount(inverse, weights=arr.sign * np.maximum(arr.weight, 1e-300))
    count = np.bincount(inverse)
    mag = np.bincount(inverse, weights=arr.weight) / count
    sign = np.where(signed_w > 0, 1, -1).astype(np.int64)
    return UndirectedView(
        n=n,
        a=(uniq // n).astype(np.int64),
        b=(uniq % n).astype(np.int64),
        sign=sign,
        weight=mag.astype(np.float64),
        edge_pair=inverse,
    )


@dataclass(frozen=True)
class Triangles:
    """Every triangle of an undirected skeleton, listed once.

    Attributes
    ----------
    x, y, z : ndarray of int64
        The three corners.
    e_xy, e_yz, e_xz : ndarray of int64
        Pair indices (into the :class:`UndirectedView`) of the three sides.
    """

    x: IntArray
    y: IntArray
    z: IntArray
    e_xy: IntArray
    e_yz: IntArray
    e_xz: IntArray

    @property
    def count(self) -> int:
        """Number of triangles."""
        return int(self.x.shape[0])


def list_triangles(n: int, a: IntArray, b: IntArray, *, chunk: int = 500_000) -> Triangles:
    """List all triangles of the simple undirected graph with pairs ``(a[i], b[i])``.

    Edges are oriented from the lower to the higher (degree, id) rank, which bounds every node's
    out-degree by ``sqrt(2m)``; a triangle ``x < y < z`` (in rank) is found exactly once, from its
    edge ``x -> y`` and the out-edge ``y -> z``, by looking the closing pair ``(x, z)`` up in the
    sorted key array.  All steps are vectorised; wedges are processed in cache-sized chunks of
    ``chunk`` to bound memory.

    Parameters
    ----------
    n : int
        Number of nodes.
    a, b : ndarray of int64
        Distinct unordered pairs, no self-loops.
    chunk : int, default 500_000
        Upper bound on wedges examined per chunk.

    Returns
    -------
    Triangles
        With pair indices referring to positions in ``a``/``b``.
    """
    m = int(a.shape[0])
    empty = np.empty(0, dtype=np.int64)
    if m == 0:
        return Triangles(empty, empty, empty, empty, empty, empty)
    deg = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    order = np.argsort(deg, kind="stable")  # by (degree, id)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    ra = rank[a]
    rb = rank[b]
    swap = ra > rb
    lo = np.where(swap, rb, ra)
    hi = np.where(swap, ra, rb)
    keys = lo * n + hi
    perm = np.argsort(keys)  # keys are distinct, so any sort is stable
    keys = keys[perm]
    lo = lo[perm]
    hi = hi[perm]
    outdeg = np.bincount(lo, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(outdeg, out=indptr[1:])
    # wedges: for every oriented edge e = (lo -> hi), the out-edges of hi
    per_edge = outdeg[hi]
    cum = np.cumsum(per_edge)
    total = int(cum[-1])
    parts: list[tuple[IntArray, IntArray, IntArray]] = []
    idx_type = np.int32 if m < 2**31 - 1 else np.int64
    start_edge = 0
    while start_edge < m and total > 0:
        done_before = int(cum[start_edge - 1]) if start_edge > 0 else 0
        stop_edge = int(np.searchsorted(cum, done_before + chunk, side="right"))
        stop_edge = max(stop_edge, start_edge + 1)
        stop_edge = min(stop_edge, m)
        counts = per_edge[start_edge:stop_edge]
        nw = int(counts.sum())
        if nw:
            heads = hi[start_edge:stop_edge]
            # e2 = indptr[head] + (position inside the head's out-list), built with one repeat
            base = indptr[heads] - (np.cumsum(counts) - counts)
            e2 = np.arange(nw, dtype=idx_type) + np.repeat(base.astype(idx_type), counts)
            want = np.repeat(lo[start_edge:stop_edge] * n, counts) + hi[e2]
            pos = np.searchsorted(keys, want)
            np.minimum(pos, m - 1, out=pos)
            hit = np.flatnonzero(keys[pos] == want)
            e1 = start_edge + np.searchsorted(np.cumsum(counts), hit, side="right")
            parts.append((e1, e2[hit].astype(np.int64), pos[hit]))
        start_edge = stop_edge
    if not parts:
        return Triangles(empty, empty, empty, empty, empty, empty)
    e_xy_s = np.concatenate([p[0] for p in parts])
    e_yz_s = np.concatenate([p[1] for p in parts])
    e_xz_s = np.concatenate([p[2] for p in parts])
    x = order[lo[e_xy_s]]
    y = order[hi[e_xy_s]]
    z = order[hi[e_yz_s]]
    return Triangles(x, y, z, perm[e_xy_s], perm[e_yz_s], perm[e_xz_s])


def node_index(nodes: Sequence[Hashable]) -> dict[Hashable, int]:
    """Map node label to position."""
    return {node: i for i, node in enumerate(nodes)}
