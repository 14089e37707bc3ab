"""The signed view of a case map: cooperation positive, agreement weaker, conflict negative.

Each present relationship becomes one undirected edge with a *signed weight*: the strength of
the relationship times the weighted sum of its mix (all three types are present to a degree, one
dominates), each type counted with its sign weight (by default cooperation +1, agreement +0.5,
conflict -1). An ambivalent mix therefore gives a signed weight between the pure ones. The
convention itself is written once, in :mod:`ecograph.model.sign`.

Examples
--------
>>> from ecograph.graph import EcoGraph
>>> from ecograph.model import Actor, Mix, Relationship
>>> g = EcoGraph("demo", "Demo")
>>> for i in ("w", "c", "t"):
...     g.add_actor(Actor(id=i, name=i))
>>> g.add_relationship(Relationship(source="w", target="c", type="cooperation", strength=0.8))
>>> g.add_relationship(Relationship(source="w", target="t",
...                                 mix=Mix(agreement=0.5, conflict=0.5), strength=1.0))
>>> s = signed_graph(g)
>>> s.edges["w", "c"]["sign"], s.edges["w", "c"]["weight"]
(1, 0.8)
>>> s.edges["w", "t"]["signed"], s.edges["w", "t"]["sign"]
(-0.25, -1)
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from ecograph.graph import EcoGraph
from ecograph.model.sign import SignWeights, sign_of, signed_value

__all__ = ["SignWeights", "signed_graph", "signed_value"]


def signed_graph(
    graph: EcoGraph, *, as_of: dt.date | None = None, weights: SignWeights | None = None
) -> nx.Graph:
    """Return the signed view of ``graph`` on ``as_of``.

    Parameters
    ----------
    graph : EcoGraph
        The case map.
    as_of : date, optional
        The date to read the relationships on (default: their latest state). Relationships
        that do not exist yet, or have ended, on that date are left out.
    weights : SignWeights, optional
        The signed weight of each type (defaults: cooperation +1, agreement +0.5, conflict -1).

    Returns
    -------
    networkx.Graph
        One node per actor (attribute ``actor``); one edge per present relationship with
        ``sign`` (+1/-1), ``weight`` (magnitude >= 0), ``signed`` (the signed weight),
        ``type`` (the dominant :class:`~ecograph.model.RelationType`) and ``rel`` (the
        :class:`~ecograph.model.Relationship`). When the signed weight is exactly 0 the sign
        is that of the dominant type.

    See Also
    --------
    ecograph.analysis.balance : triangle census and balance on this view.
    """
    w = weights or SignWeights()
    out = nx.Graph(case=graph.case_id, as_of=as_of)
    for actor in graph.actors():
        out.add_node(actor.id, actor=actor)
    for rel, state in graph.states(as_of):
        value = signed_value(state.mix, state.strength, w)
        sign = sign_of(value, state.type, w)
        out.add_edge(
            rel.source,
            rel.target,
            sign=sign,
            weight=abs(value),
            signed=value,
            type=state.type,
            rel=rel,
        )
    return out
