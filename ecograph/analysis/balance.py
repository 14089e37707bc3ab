"""Structural balance of a signed network: triangle census, balance scores, imbalance per actor/tie.

A triangle is *balanced* (Heider 1946; Cartwright & Harary 1956) when it has an even number of
negative ties: ``+++`` ("my friend's friend is my friend") and ``+--`` ("my enemies' enemy is my
friend"); ``++-`` and ``---`` are unbalanced.  The triangle balance score is the share of
balanced triangles.  Per actor and per tie, the imbalance is the number (and share) of the
triangles it sits in that are unbalanced: the places where structural pressure pushes a
relationship to change.

Triangles are counted on the undirected skeleton: a DiGraph's two directed edges between the
same actors become one tie whose sign is the sign of their summed signed weights (a tie, such as
+1 one way and -1 the other, counts as negative).

All counts come from one vectorised listing of the triangles (degree-ordered wedge search with
NumPy), so a network of a million ties is counted in about a second; see
``benchmarks/bench_census.py``.

References
----------
.. [1] Heider, F. (1946). Attitudes and cognitive organization. *J. Psychology* 21, 107-112.
.. [2] Cartwright, D. & Harary, F. (1956). Structural balance: a generalization of Heider's
   theory. *Psychological Review* 63(5), 277-293.
.. [3] Schoch, D. signnet: an R package for analysing signed networks (``balance_score``,
   ``count_signed_triangles``). https://github.com/schochastics/signnet
.. [4] Estrada, E. & Benzi, M. (2014). Walk-based measure of balance in signed networks.
   *Physical Review E* 90, 042802.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
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
    "Imbalance",
    "SignedTriangle",
    "TriangleCensus",
    "balance_score",
    "census_and_edge_counts",
    "census_from_arrays",
    "edge_imbalance",
    "edge_triad_counts",
    "edge_triad_signs",
    "node_imbalance",
    "triangle_census",
    "unbalanced_triangles",
]

IntArray = npt.NDArray[np.int64]

#: Largest number of nodes for the dense eigenvalue computation of ``method="walk"``.
WALK_MAX_NODES = 5000


@dataclass(frozen=True)
class TriangleCensus:
    """Counts of signed triangles by their number of negative ties.

    Attributes
    ----------
    ppp, ppn, pnn, nnn : int
        Triangles with 0, 1, 2, 3 negative ties (``+++``, ``++-``, ``+--``, ``---``).
    """

    ppp: int
    ppn: int
    pnn: int
    nnn: int

    @property
    def total(self) -> int:
        """All triangles."""
        return self.ppp + self.ppn + self.pnn + self.nnn

    @property
    def balanced(self) -> int:
        """Triangles with an even number of negative ties (``+++`` and ``+--``)."""
        return self.ppp + self.pnn

    @property
    def unbalanced(self) -> int:
        """Triangles with an odd number of negative ties (``++-`` and ``---``)."""
        return self.ppn + self.nnn

    @property
    def balance_score(self) -> float:
        """Share of balanced triangles (1.0 when there is no triangle, as nothing is unbalanced)."""
        return self.balanced / self.total if self.total else 1.0

    def as_dict(self) -> dict[str, int]:
        """Return the counts keyed ``"+++"``, ``"++-"``, ``"+--"``, ``"---"``."""
        return {"+++": self.ppp, "++-": self.ppn, "+--": self.pnn, "---": self.nnn}


@dataclass(frozen=True)
class Imbalance:
    """How much imbalance an actor or a tie sits in.

    Attributes
    ----------
    triangles : int
        Triangles containing the actor or tie.
    unbalanced : int
        Of those, the unbalanced ones.
    """

    triangles: int
    unbalanced: int

    @property
    def share(self) -> float:
        """Unbalanced share (0.0 when the element is in no triangle)."""
        return self.unbalanced / self.triangles if self.triangles else 0.0


@dataclass(frozen=True)
class SignedTriangle:
    """One triangle with the signs of its three ties.

    Attributes
    ----------
    nodes : tuple
        The three actors ``(x, y, z)``.
    signs : tuple of int
        Signs of the ties ``x-y``, ``y-z``, ``x-z``.
    """

    nodes: tuple[Hashable, Hashable, Hashable]
    signs: tuple[int, int, int]

    @property
    def balanced(self) -> bool:
        """Whether the number of negative ties is even."""
        return self.signs[0] * self.signs[1] * self.signs[2] > 0


def _prepare(g: nx.Graph) -> tuple[SignedArrays, UndirectedView, Triangles]:
    arr = signed_arrays(g)
    view = undirected_view(arr)
    tri = list_triangles(view.n, view.a, view.b)
    return arr, view, tri


def _negatives(view_sign: IntArray, tri: Triangles) -> IntArray:
    neg = view_sign < 0
    return (neg[tri.e_xy].astype(np.int64) + neg[tri.e_yz] + neg[tri.e_xz]).astype(np.int64)


def census_from_arrays(n: int, a: IntArray, b: IntArray, sign: IntArray) -> TriangleCensus:
    """Signed triangle census of distinct undirected pairs given as arrays.

    Parameters
    ----------
    n : int
        Number of nodes (labels ``0 .. n-1``).
    a, b : ndarray of int64
        Distinct unordered pairs without self-loops.
    sign : ndarray of int64
        +1 or -1 for every pair.

    Returns
    -------
    TriangleCensus
    """
    tri = list_triangles(n, a, b)
    counts = np.bincount(_negatives(sign, tri), minlength=4)
    return TriangleCensus(int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3]))


def edge_triad_counts(n: int, a: IntArray, b: IntArray, sign: IntArray) -> IntArray:
    """For every pair, count its triangles by the signs of the two other sides.

    Parameters
    ----------
    n : int
        Number of nodes.
    a, b : ndarray of int64
        Distinct unordered pairs without self-loops.
    sign : ndarray of int64
        +1 or -1 for every pair.

    Returns
    -------
    ndarray of int64, shape (m, 3)
        Columns: third actors ``w`` with both other ties positive, with one positive and one
        negative, with both negative.  A positive tie is in balanced triangles with columns 0 and
        2; a negative tie with column 1.

    See Also
    --------
    census_and_edge_counts : both results from one triangle listing.
    """
    return census_and_edge_counts(n, a, b, sign)[1]


def census_and_edge_counts(
    n: int, a: IntArray, b: IntArray, sign: IntArray
) -> tuple[TriangleCensus, IntArray]:
    """Triangle census and per-pair triad counts (:func:`edge_triad_counts`) in one pass.

    Parameters
    ----------
    n : int
        Number of nodes.
    a, b : ndarray of int64
        Distinct unordered pairs without self-loops.
    sign : ndarray of int64
        +1 or -1 for every pair.

    Returns
    -------
    (TriangleCensus, ndarray of int64 of shape (m, 3))
    """
    tri = list_triangles(n, a, b)
    m = int(a.shape[0])
    neg = (sign < 0).astype(np.int64)
    n_xy, n_yz, n_xz = neg[tri.e_xy], neg[tri.e_yz], neg[tri.e_xz]
    census = np.bincount(n_xy + n_yz + n_xz, minlength=4)
    out = np.zeros(3 * m, dtype=np.int64)
    for edge, kind in (
        (tri.e_xy, n_yz + n_xz),
        (tri.e_yz, n_xy + n_xz),
        (tri.e_xz, n_xy + n_yz),
    ):
        out += np.bincount(edge * 3 + kind, minlength=3 * m)
    return (
        TriangleCensus(int(census[0]), int(census[1]), int(census[2]), int(census[3])),
        out.reshape(m, 3),
    )


def triangle_census(g: nx.Graph) -> TriangleCensus:
    """Count the signed triangles of a signed graph.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph (every edge has ``sign`` +1 or -1).

    Returns
    -------
    TriangleCensus
        Counts of ``+++``, ``++-``, ``+--``, ``---`` and the triangle balance score.

    Raises
    ------
    InputError
        If the graph is not a signed graph (see :func:`~ecograph.analysis._signed.check_signed`).

    See Also
    --------
    balance_score, node_imbalance, edge_imbalance

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", sign=1); g.add_edge("b", "c", sign=1); g.add_edge("a", "c", sign=-1)
    >>> c = triangle_census(g)
    >>> c.as_dict(), c.balance_score
    ({'+++': 0, '++-': 1, '+--': 0, '---': 0}, 0.0)
    """
    _, view, tri = _prepare(g)
    counts = np.bincount(_negatives(view.sign, tri), minlength=4)
    return TriangleCensus(int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3]))


def balance_score(
    g: nx.Graph, method: Literal["triangles", "walk", "frustration"] = "triangles"
) -> float:
    """Degree of structural balance of a signed graph, between 0 and 1 (1 = balanced).

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph.
    method : {"triangles", "walk", "frustration"}, default "triangles"
        ``"triangles"``: share of balanced triangles.  ``"walk"``: Estrada & Benzi's walk-based
        ratio ``sum exp(eig(A)) / sum exp(eig(|A|))`` of the signed adjacency matrix (dense; at
        most :data:`WALK_MAX_NODES` nodes).  ``"frustration"``: ``1 - F / (m / 2)`` with ``F``
        the exact (unweighted) frustration index, which needs the MILP of
        :func:`ecograph.analysis.frustration.frustration_index` to finish.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For an unknown method, a graph too large for ``"walk"``, or an exact frustration index
        that could not be proved within the solver's default time limit.

    References
    ----------
    signnet ``balance_score`` gives 0.8676471 (triangles), 0.3575761 (walk) and 0.7586207
    (frustration) on Read's Highland Tribes; the tests check all three.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", 1), ("b", "c", -1), ("a", "c", -1), ("c", "d", 1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> balance_score(g)
    1.0
    """
    if method == "triangles":
        return triangle_census(g).balance_score
    if method == "walk":
        arr = signed_arrays(g)
        view = undirected_view(arr)
        if view.n > WALK_MAX_NODES:
            raise InputError(
                f"the walk balance score needs dense eigenvalues; the graph has {view.n} nodes",
                field="method",
                expected=f"at most {WALK_MAX_NODES} nodes, or method='triangles'",
            )
        if view.n == 0:
            return 1.0
        mat = np.zeros((view.n, view.n))
        mat[view.a, view.b] = view.sign
        mat[view.b, view.a] = view.sign
        ev_signed = np.linalg.eigvalsh(mat)
        ev_abs = np.linalg.eigvalsh(np.abs(mat))
        shift = ev_abs.max()  # cancels in the ratio; avoids overflow
        return float(np.exp(ev_signed - shift).sum() / np.exp(ev_abs - shift).sum())
    if method == "frustration":
        from ecograph.analysis.frustration import frustration_index

        result = frustration_index(g, weighted=False)
        if not result.exact:
            raise InputError(
                "the exact frustration index could not be proved in the time limit",
                field="method",
                expected="a smaller graph, or method='triangles'",
            )
        m = undirected_view(signed_arrays(g)).m
        return 1.0 - result.frustration / (m / 2) if m else 1.0
    raise InputError(
        f"unknown balance method {method!r}",
        field="method",
        expected="'triangles', 'walk' or 'frustration'",
    )


def node_imbalance(g: nx.Graph) -> dict[Hashable, Imbalance]:
    """For every actor, the triangles it is in and how many of them are unbalanced.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph.

    Returns
    -------
    dict
        Node -> :class:`Imbalance` (every node, including those in no triangle).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", 1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> node_imbalance(g)["a"], node_imbalance(g)["d"].share
    (Imbalance(triangles=1, unbalanced=1), 0.0)
    """
    arr, view, tri = _prepare(g)
    unbalanced = (_negatives(view.sign, tri) % 2 == 1).astype(np.int64)
    n = arr.n
    total = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=np.int64)
    for corner in (tri.x, tri.y, tri.z):
        total += np.bincount(corner, minlength=n)
        bad += np.bincount(corner, weights=unbalanced, minlength=n).astype(np.int64)
    return {node: Imbalance(int(total[i]), int(bad[i])) for i, node in enumerate(arr.nodes)}


def edge_imbalance(g: nx.Graph) -> dict[tuple[Hashable, Hashable], Imbalance]:
    """For every tie, the triangles it is in and how many of them are unbalanced.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph.

    Returns
    -------
    dict
        ``(u, v)`` for every edge of ``g`` (as ``g.edges`` lists it) -> :class:`Imbalance`.  In a
        DiGraph both directions of a reciprocated pair report the pair's figures.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", 1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> edge_imbalance(g)[("a", "c")]
    Imbalance(triangles=1, unbalanced=1)
    """
    arr, view, tri = _prepare(g)
    counts = edge_triad_counts(view.n, view.a, view.b, view.sign)
    total = counts.sum(axis=1)
    bad = np.where(view.sign > 0, counts[:, 1], counts[:, 0] + counts[:, 2])
    out: dict[tuple[Hashable, Hashable], Imbalance] = {}
    for k in range(arr.m):
        p = int(view.edge_pair[k])
        out[(arr.nodes[int(arr.src[k])], arr.nodes[int(arr.dst[k])])] = Imbalance(
            int(total[p]), int(bad[p])
        )
    return out


def edge_triad_signs(g: nx.Graph) -> dict[tuple[Hashable, Hashable], tuple[int, int, int]]:
    """For every tie, its triangles counted by the signs of their two other sides.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph.

    Returns
    -------
    dict
        ``(u, v)`` for every edge of ``g`` -> (both other sides positive, one positive and one
        negative, both negative): the triangles that imply a positive tie, a negative tie, and
        -- under strict balance only -- a positive one ("the enemy of an enemy").

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", -1), ("b", "c", -1), ("a", "c", -1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> edge_triad_signs(g)[("a", "b")]
    (0, 0, 1)
    """
    arr, view, _tri = _prepare(g)
    counts = edge_triad_counts(view.n, view.a, view.b, view.sign)
    out: dict[tuple[Hashable, Hashable], tuple[int, int, int]] = {}
    for k in range(arr.m):
        row = counts[int(view.edge_pair[k])]
        out[(arr.nodes[int(arr.src[k])], arr.nodes[int(arr.dst[k])])] = (
            int(row[0]),
            int(row[1]),
            int(row[2]),
        )
    return out


def unbalanced_triangles(g: nx.Graph, *, limit: int | None = None) -> list[SignedTriangle]:
    """List the unbalanced triangles (the evidence behind the imbalance figures).

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph.
    limit : int, optional
        Return at most this many (in the order found).

    Returns
    -------
    list of SignedTriangle

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", 1), ("b", "c", 1), ("a", "c", -1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> [sorted(t.nodes) for t in unbalanced_triangles(g)]
    [['a', 'b', 'c']]
    """
    arr, view, tri = _prepare(g)
    odd = np.flatnonzero(_negatives(view.sign, tri) % 2 == 1)
    if limit is not None:
        odd = odd[:limit]
    nodes = arr.nodes
    return [
        SignedTriangle(
            (nodes[int(tri.x[i])], nodes[int(tri.y[i])], nodes[int(tri.z[i])]),
            (
                int(view.sign[tri.e_xy[i]]),
                int(view.sign[tri.e_yz[i]]),
                int(view.sign[tri.e_xz[i]]),
            ),
        )
        for i in odd
    ]
