"""Latent conflicts and alliances: the predicted sign of pairs that have no tie yet.

Structural balance says how an open triad ``u - w - v`` tends to close: the friend of a friend
becomes a friend (``+ +`` implies ``+``), the friend of an enemy and the enemy of a friend become
enemies (``+ -`` and ``- +`` imply ``-``), and the enemy of an enemy becomes a friend (``- -``
implies ``+``; Heider 1946).  Davis's weak balance (1967) doubts the last rule -- in a world of
three or more factions two enemies of mine may well be enemies of each other -- so its weight is a
parameter, ``enemy_of_enemy`` (1 = Heider, 0 = Davis).

For every unrelated pair with at least ``min_triads`` common neighbours, each third actor ``w``
casts a vote ``sign(u,w) * sign(w,v)`` with strength ``weight(u,w) * weight(w,v)`` (times
``enemy_of_enemy`` for ``- -``).  The *score* is the weighted mean vote, from -1 (every triad
says conflict) to +1 (every triad says alliance); the *support* is the total vote strength.  A
pair is a latent alliance when ``score >= threshold``, a latent conflict when
``score <= -threshold``, undecided otherwise.  Every prediction lists its triads as evidence.

With ``max_length=3`` paths of three ties ``u - a - b - v`` vote too: balance along the chain
(the product of the three signs), with strength ``path_weight`` (default 0.5) times the product of
the weights.  This reaches pairs without a common neighbour.

References
----------
.. [1] Heider, F. (1946). Attitudes and cognitive organization. *J. Psychology* 21, 107-112.
.. [2] Davis, J. A. (1967). Clustering and structural balance in graphs. *Human Relations*
   20(2), 181-187.
.. [3] Leskovec, J., Huttenlocher, D. & Kleinberg, J. (2010). Predicting positive and negative
   links in online social networks. *WWW 2010* (balance as a predictor of unseen signs).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from ecograph.analysis._signed import signed_arrays, undirected_view
from ecograph.errors import InputError

__all__ = ["PairPrediction", "PathEvidence", "TriadEvidence", "predict_pair_signs"]


@dataclass(frozen=True)
class TriadEvidence:
    """One open triad ``u - via - v`` and what it implies.

    Attributes
    ----------
    via : node
        The third actor.
    sign_u : int
        Sign of the tie ``u - via``.
    sign_v : int
        Sign of the tie ``via - v``.
    implied : int
        ``sign_u * sign_v``: +1 alliance, -1 conflict.
    strength : float
        The vote's strength (product of the two tie weights, times ``enemy_of_enemy`` for
        ``- -``).
    rule : str
        The balance rule in words.
    """

    via: Hashable
    sign_u: int
    sign_v: int
    implied: int
    strength: float
    rule: str


@dataclass(frozen=True)
class PathEvidence:
    """One path of three ties ``u - a - b - v`` and what balance along it implies.

    Attributes
    ----------
    via : tuple
        The two intermediate actors ``(a, b)``.
    signs : tuple of int
        Signs of ``u - a``, ``a - b``, ``b - v``.
    implied : int
        Product of the signs: +1 alliance, -1 conflict.
    strength : float
        Product of the three weights times ``path_weight``.
    rule : str
        The rule in words.
    """

    via: tuple[Hashable, Hashable]
    signs: tuple[int, int, int]
    implied: int
    strength: float
    rule: str


@dataclass(frozen=True)
class PairPrediction:
    """Predicted sign of an unrelated pair, with the triads behind it.

    Attributes
    ----------
    u, v : node
    sign : int
        +1 latent alliance, -1 latent conflict, 0 undecided.
    score : float
        Weighted mean vote in [-1, 1].
    support : float
        Total vote strength.
    triads : list of TriadEvidence
        Strongest first.
    paths : list of PathEvidence
        Paths of three ties (only with ``max_length=3``), strongest first.
    """

    u: Hashable
    v: Hashable
    sign: int
    score: float
    support: float
    triads: list[TriadEvidence]
    paths: list[PathEvidence] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """``"latent alliance"``, ``"latent conflict"`` or ``"undecided"``."""
        return {1: "latent alliance", -1: "latent conflict"}.get(self.sign, "undecided")


_RULES = {
    (1, 1): "the friend of a friend becomes a friend",
    (1, -1): "the enemy of a friend becomes an enemy",
    (-1, 1): "the friend of an enemy becomes an enemy",
    (-1, -1): "the enemy of an enemy becomes a friend",
}


def predict_pair_signs(
    g: nx.Graph,
    pairs: Iterable[tuple[Hashable, Hashable]] | None = None,
    *,
    enemy_of_enemy: float = 1.0,
    threshold: float = 0.0,
    min_triads: int = 1,
    weighted: bool = True,
    limit: int | None = None,
    max_length: int = 2,
    path_weight: float = 0.5,
) -> list[PairPrediction]:
    """Predict the sign of unrelated pairs from the open triads around them.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph; a DiGraph is read as its undirected skeleton.
    pairs : iterable of (node, node), optional
        The pairs to assess.  By default every unrelated pair with a common neighbour.  A pair
        that is already tied is skipped.
    enemy_of_enemy : float, default 1.0
        Weight of the ``- -`` rule (1 = Heider's strict balance, 0 = Davis's weak balance).
    threshold : float, default 0.0
        ``|score|`` needed for a decided prediction (``score = 0`` is always undecided).
    min_triads : int, default 1
        Least number of common neighbours.
    weighted : bool, default True
        Weigh votes by tie weights (otherwise every triad counts 1).
    limit : int, optional
        Return at most this many, most certain first (by ``|score| * support``).
    max_length : {2, 3}, default 2
        Longest path used as evidence.  With 3, paths ``u - a - b - v`` also vote (balance along
        the path: an even number of hostile ties implies an alliance), so pairs without a common
        neighbour get a prediction too.
    path_weight : float, default 0.5
        Factor on the strength of a three-tie path (a longer chain says less than a triad).

    Returns
    -------
    list of PairPrediction
        Most certain first.

    Raises
    ------
    InputError
        For an unknown node in ``pairs`` or a parameter out of range.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("ann", "bob", 1), ("bob", "cat", -1), ("ann", "dan", 1),
    ...                 ("dan", "cat", -1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> p = predict_pair_signs(g)[0]
    >>> (p.u, p.v, p.kind, p.score, [t.via for t in p.triads])
    ('ann', 'cat', 'latent conflict', -1.0, ['bob', 'dan'])
    """
    if not 0.0 <= enemy_of_enemy <= 1.0:
        raise InputError(
            f"enemy_of_enemy is {enemy_of_enemy}", field="enemy_of_enemy", expected="0 <= x <= 1"
        )
    if not 0.0 <= threshold <= 1.0:
        raise InputError(f"threshold is {threshold}", field="threshold", expected="0 <= t <= 1")
    arr = signed_arrays(g)
    view = undirected_view(arr)
    nodes = arr.nodes
    index = {node: i for i, node in enumerate(nodes)}
    nbrs: list[dict[int, tuple[int, float]]] = [{} for _ in range(view.n)]
    for a, b, s, w in zip(
        view.a.tolist(), view.b.tolist(), view.sign.tolist(), view.weight.tolist(), strict=True
    ):
        ww = w if weighted else 1.0
        nbrs[a][b] = (s, ww)
        nbrs[b][a] = (s, ww)
    if max_length not in (2, 3):
        raise InputError(f"max_length is {max_length}", field="max_length", expected="2 or 3")
    if path_weight < 0:
        raise InputError(f"path_weight is {path_weight}", field="path_weight", expected=">= 0")
    if pairs is None:
        candidates: set[tuple[int, int]] = set()
        for w_idx in range(view.n):
            around = sorted(nbrs[w_idx])
            for i, x in enumerate(around):
                for y in around[i + 1 :]:
                    if y not in nbrs[x]:
                        candidates.add((x, y))
        if max_length == 3:
            for x in range(view.n):
                for a in nbrs[x]:
                    for b in nbrs[a]:
                        if b == x:
                            continue
                        for y in nbrs[b]:
                            if y > x and y != a and y not in nbrs[x]:
                                candidates.add((x, y))
        todo = sorted(candidates)
    else:
        todo = []
        for u, v in pairs:
            for node in (u, v):
                if node not in index:
                    raise InputError(
                        f"unknown node {node!r}", field="pairs", expected="nodes of the graph"
                    )
            iu, iv = index[u], index[v]
            if iu != iv and iv not in nbrs[iu]:
                todo.append((iu, iv))
    out: list[PairPrediction] = []
    for iu, iv in todo:
        common = set(nbrs[iu]) & set(nbrs[iv])
        paths: list[PathEvidence] = []
        num = den = 0.0
        if max_length == 3:
            for a in sorted(nbrs[iu]):
                if a == iv:
                    continue
                s1, w1 = nbrs[iu][a]
                for b in sorted(nbrs[a]):
                    if b in (iu, iv) or iv not in nbrs[b]:
                        continue
                    s2, w2 = nbrs[a][b]
                    s3, w3 = nbrs[b][iv]
                    implied = s1 * s2 * s3
                    strength = w1 * w2 * w3 * path_weight
                    num += implied * strength
                    den += strength
                    paths.append(
                        PathEvidence(
                            (nodes[a], nodes[b]),
                            (s1, s2, s3),
                            implied,
                            strength,
                            "balance along a chain of three ties: an even number of hostile "
                            "ties implies an alliance, an odd number a conflict",
                        )
                    )
        if (len(common) < min_triads or not common) and not paths:
            continue
        if len(common) < min_triads and paths:
            common = set()
        evidence: list[TriadEvidence] = []
        for w_idx in sorted(common):
            su, wu = nbrs[iu][w_idx]
            sv, wv = nbrs[iv][w_idx]
            strength = wu * wv * (enemy_of_enemy if su < 0 and sv < 0 else 1.0)
            implied = su * sv
            num += implied * strength
            den += strength
            evidence.append(
                TriadEvidence(nodes[w_idx], su, sv, implied, strength, _RULES[(su, sv)])
            )
        score = num / den if den > 0 else 0.0
        sign = 0
        if score > 0 and score >= threshold:
            sign = 1
        elif score < 0 and -score >= threshold:
            sign = -1
        evidence.sort(key=lambda t: -t.strength)
        paths.sort(key=lambda t: -t.strength)
        out.append(PairPrediction(nodes[iu], nodes[iv], sign, score, den, evidence, paths))
    out.sort(key=lambda p: (-abs(p.score) * p.support, str(p.u), str(p.v)))
    if limit is not None:
        out = out[:limit]
    return out
