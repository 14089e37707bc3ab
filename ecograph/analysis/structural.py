"""The signed graph that factions, brokers, latent ties and balance read, and the case's factions.

Every view (``ecograph analyze``, ``ecograph plot --kind factions``, the HTML map, the matrix)
computes factions here, so that one case, date and settings give one grouping.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from ecograph.analysis.params import Params
from ecograph.graph import EcoGraph

__all__ = ["case_factions", "case_structural_graph", "factions_of", "structural_graph"]


def _undirected(g: nx.Graph) -> nx.Graph:
    """Return the undirected skeleton (a pair's sign: that of its summed signed weights)."""
    if not g.is_directed():
        return g
    out = nx.Graph()
    out.add_nodes_from(g.nodes)
    for u, v, d in g.edges(data=True):
        s = d["sign"] * float(d.get("weight", 1.0))
        if out.has_edge(u, v):
            s += out.edges[u, v]["_sum"]
        out.add_edge(u, v, _sum=s)
    for _u, _v, d in out.edges(data=True):
        s = d.pop("_sum")
        d["sign"] = 1 if s > 0 else -1
        d["weight"] = abs(s)
    return out


def structural_graph(g: nx.Graph, members: dict[str, list[str]] | None = None) -> nx.Graph:
    """Return the undirected signed graph the structural sections read.

    Each pair's sign is that of its summed signed weights; with ``members`` (actor -> groups)
    each member also gets a positive tie to its group where it has none.
    """
    plain = nx.DiGraph() if g.is_directed() else nx.Graph()
    plain.add_edges_from(
        (u, v, {"sign": d["sign"], "weight": d.get("weight", 1.0)})
        for u, v, d in g.edges(data=True)
    )
    plain = _undirected(plain)
    if members:
        plain = plain.copy()
        for actor, groups in members.items():
            for grp in groups:
                if not plain.has_edge(actor, grp):
                    plain.add_edge(actor, grp, sign=1, weight=1.0)
    return plain


def factions_of(plain: nx.Graph, p: Params) -> Any:
    """Return the factions of a structural graph with the settings ``p.factions``."""
    from ecograph.analysis.factions import find_factions

    fs = p.factions
    large = plain.number_of_edges() > fs.large_ties
    return find_factions(
        plain,
        fs.k,
        balance=fs.balance,
        method=fs.method,
        weighted=fs.weighted,
        restarts=fs.large_restarts if large else fs.restarts,
    )


def case_factions(
    graph: EcoGraph, *, as_of: dt.date | None = None, params: Params | None = None
) -> Any:
    """Return the factions of a case -- the one computation every view shows.

    ``ecograph analyze``, ``ecograph plot --kind factions`` and the HTML map all call this:
    the signed view on ``as_of`` (with ``params.signs``), each member tied to its group when
    ``params.factions.membership_ties`` is on, and :func:`~ecograph.analysis.factions.
    find_factions` with ``params.factions``. The search is deterministic (fixed seed), so the
    same case, date and settings give the same grouping. Factions are numbered 0, 1, ... in
    the result (``groups``); every view shows them numbered from 1.

    Returns
    -------
    Factions or None
        None when the case has no relationships on that date.

    Examples
    --------
    >>> from ecograph import load_graph
    >>> g = load_graph("examples/child-protection.yaml")
    >>> case_factions(g).groups == case_factions(g).groups
    True
    """
    p = params or Params()
    plain = case_structural_graph(graph, as_of=as_of, params=p)
    if plain.number_of_edges() == 0:
        return None
    return factions_of(plain, p)


def case_structural_graph(
    graph: EcoGraph, *, as_of: dt.date | None = None, params: Params | None = None
) -> nx.Graph:
    """Return the signed graph :func:`case_factions` partitions (see there)."""
    from ecograph.analysis.signed_view import signed_graph

    p = params or Params()
    members = (
        {a.id: list(a.member_of) for a in graph.actors()} if p.factions.membership_ties else None
    )
    return structural_graph(signed_graph(graph, as_of=as_of, weights=p.signs), members)
