"""Pure-Python twins of the database questions in ``queries/`` (one function per ``.cypher``).

Each function answers, on an :class:`~ecograph.graph.EcoGraph` and on the latest state of each
relationship, exactly the question its Cypher twin answers in Neo4j, with the same columns and
the same order; the parity tests hold the two to the same rows. Rounded numbers are rounded to
9 decimals on both sides. The triangle census twin is
:func:`ecograph.analysis.balance.triangle_census` over
:func:`ecograph.analysis.signed_view.signed_graph`.

Examples
--------
>>> from ecograph.graph import EcoGraph
>>> from ecograph.model import Actor, Relationship
>>> g = EcoGraph("demo", "Demo")
>>> g.add_actor(Actor(id="w", name="W", roles=["change_agent"], power=0.8))
>>> g.add_actor(Actor(id="c", name="C", roles=["client", "target"], power=0.2))
>>> g.add_relationship(
...     Relationship(source="w", target="c", type="conflict", strength=0.5, mandated=["c"])
... )
>>> [(r["actor"], r["conflicts"], r["conflict_load"]) for r in conflict_hotspots(g)]
[('c', 1, 0.5), ('w', 1, 0.5)]
>>> power_imbalance(g)
[{'relationship': 'w~c', 'stronger': 'w', 'weaker': 'c', 'imbalance': 0.6, 'mandated': ['c']}]
>>> clients_without_cooperation(g)
[{'client': 'c', 'ties': 1}]
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ecograph.graph import EcoGraph
from ecograph.model import Observation, RelationType, Role

__all__ = [
    "QUESTIONS",
    "conflict_hotspots",
    "clients_without_cooperation",
    "power_imbalance",
    "brokers",
    "influence_paths",
    "conflict_trend",
    "triangle_census_rows",
    "isolated_clients_rows",
]

Row = dict[str, Any]

#: Longest cooperative path searched by :func:`influence_paths` (as in the Cypher file).
MAX_HOPS = 10


def _r9(x: float) -> float:
    return round(x, 9)


def conflict_hotspots(graph: EcoGraph) -> list[Row]:
    """Rank actors by their conflict load (sum of conflict share x strength of present ties).

    Returns
    -------
    list of dict
        ``actor``, ``conflicts`` (present relationships whose dominant type is conflict),
        ``conflict_load``; only actors with a load above 0; by load descending, then id.
    """
    count: dict[str, int] = {}
    load: dict[str, float] = {}
    for rel, state in graph.states():
        share = state.mix.weights()[RelationType.CONFLICT] * state.strength
        for end in (rel.source, rel.target):
            count[end] = count.get(end, 0) + (state.type == RelationType.CONFLICT)
            load[end] = load.get(end, 0.0) + share
    rows = [
        {"actor": a, "conflicts": count[a], "conflict_load": _r9(load[a])}
        for a in load
        if load[a] > 0
    ]
    return sorted(rows, key=lambda r: (-r["conflict_load"], r["actor"]))


def clients_without_cooperation(graph: EcoGraph) -> list[Row]:
    """List the actors of the client system with no present cooperative relationship.

    Returns
    -------
    list of dict
        ``client`` and ``ties`` (its present relationships of any type), by id.
    """
    coop: set[str] = set()
    ties: dict[str, int] = {}
    for rel, state in graph.states():
        for end in (rel.source, rel.target):
            ties[end] = ties.get(end, 0) + 1
            if state.type == RelationType.COOPERATION:
                coop.add(end)
    rows = [
        {"client": a.id, "ties": ties.get(a.id, 0)}
        for a in graph.actors()
        if Role.CLIENT in a.roles and a.id not in coop
    ]
    return sorted(rows, key=lambda r: r["client"])


def power_imbalance(graph: EcoGraph) -> list[Row]:
    """Power imbalance and its direction on each present conflict relationship.

    Returns
    -------
    list of dict
        ``relationship``, ``stronger``, ``weaker``, ``imbalance`` (difference of power),
        ``mandated`` (the actors mandated into the relationship, as recorded), by imbalance
        descending then relationship id; on equal power the smaller id is "stronger".
    """
    rows = []
    for rel, state in graph.states():
        if state.type != RelationType.CONFLICT:
            continue
        a, b = graph.actor(rel.source), graph.actor(rel.target)
        a_stronger = a.power > b.power or (a.power == b.power and a.id < b.id)
        strong, weak = (a, b) if a_stronger else (b, a)
        rows.append(
            {
                "relationship": rel.key,
                "stronger": strong.id,
                "weaker": weak.id,
                "imbalance": _r9(abs(a.power - b.power)),
                "mandated": list(rel.mandated),
            }
        )
    return sorted(rows, key=lambda r: (-r["imbalance"], r["relationship"]))


def brokers(graph: EcoGraph) -> list[Row]:
    """Actors with a positive tie (cooperation or agreement) to both ends of a present conflict.

    Returns
    -------
    list of dict
        ``broker``, ``conflicts_bridged``, ``bridged`` (sorted relationship ids), by the count
        descending, then broker id.
    """
    positive: dict[str, set[str]] = {}
    conflicts = []
    for rel, state in graph.states():
        if state.type == RelationType.CONFLICT:
            conflicts.append(rel)
        else:
            positive.setdefault(rel.source, set()).add(rel.target)
            positive.setdefault(rel.target, set()).add(rel.source)
    bridged: dict[str, set[str]] = {}
    for rel in conflicts:
        both = positive.get(rel.source, set()) & positive.get(rel.target, set())
        for x in both:
            bridged.setdefault(x, set()).add(rel.key)
    rows = [
        {"broker": x, "conflicts_bridged": len(keys), "bridged": sorted(keys)}
        for x, keys in bridged.items()
    ]
    return sorted(rows, key=lambda r: (-r["conflicts_bridged"], r["broker"]))


def influence_paths(graph: EcoGraph, *, max_hops: int = MAX_HOPS) -> list[Row]:
    """Shortest cooperative path from the change agent system to each target.

    Returns
    -------
    list of dict
        ``target``, ``hops`` (None when unreachable within ``max_hops``) and ``path`` (one
        shortest path of actor ids, or None), by target id.
    """
    coop = nx.Graph()
    for rel, state in graph.states():
        if state.type == RelationType.COOPERATION:
            coop.add_edge(rel.source, rel.target)
    agents = [a.id for a in graph.actors() if Role.CHANGE_AGENT in a.roles and a.id in coop]
    lengths: dict[str, int] = {}
    paths: dict[str, list[str]] = {}
    if agents:
        lengths, paths = nx.multi_source_dijkstra(coop, agents, cutoff=max_hops)
    rows = []
    for t in graph.actors():
        if Role.TARGET not in t.roles or Role.CHANGE_AGENT in t.roles:
            continue
        hops = lengths.get(t.id)
        ok = hops is not None and hops >= 1
        rows.append(
            {
                "target": t.id,
                "hops": int(hops) if ok and hops is not None else None,
                "path": list(paths[t.id]) if ok else None,
            }
        )
    return sorted(rows, key=lambda r: r["target"])


def _conflict_share(o: Observation) -> float:
    if o.mix is not None:
        total = o.mix.cooperation + o.mix.agreement + o.mix.conflict
        return o.mix.conflict / total
    return 1.0 if o.type == RelationType.CONFLICT else 0.0


def conflict_trend(graph: EcoGraph) -> list[Row]:
    """Relationships whose shared history moves toward conflict (first vs latest observation).

    Returns
    -------
    list of dict
        ``relationship``, ``source``, ``target``, ``first_conflict``, ``last_conflict``,
        ``change``; only rows with change > 0; by change descending, then relationship id.
    """
    rows = []
    for rel in graph.relationships():
        shared = [o for o in rel.sorted_history() if o.perceived_by is None]
        if len(shared) < 2:
            continue
        first, last = _conflict_share(shared[0]), _conflict_share(shared[-1])
        if last > first:
            rows.append(
                {
                    "relationship": rel.key,
                    "source": rel.source,
                    "target": rel.target,
                    "first_conflict": first,
                    "last_conflict": last,
                    "change": _r9(last - first),
                }
            )
    return sorted(rows, key=lambda r: (-r["change"], r["relationship"]))


def triangle_census_rows(graph: EcoGraph) -> list[Row]:
    """Return the signed triangle census as the one row the Cypher query returns."""
    from ecograph.analysis.balance import triangle_census
    from ecograph.analysis.signed_view import signed_graph

    c = triangle_census(signed_graph(graph))
    return [{"ppp": c.ppp, "ppn": c.ppn, "pnn": c.pnn, "nnn": c.nnn}]


def isolated_clients_rows(graph: EcoGraph) -> list[Row]:
    """Return :func:`ecograph.analysis.isolated.isolated_clients` as the Cypher twin's rows.

    The ``constrained`` field of the analysis is not part of the database answer.
    """
    from ecograph.analysis.features import case_features
    from ecograph.analysis.isolated import isolated_clients

    return [
        {
            "actor": c.actor,
            "cooperation": c.ties["cooperation"],
            "agreement": c.ties["agreement"],
            "conflict": c.ties["conflict"],
            "inside": c.ties["inside"],
        }
        for c in isolated_clients(case_features(graph))
    ]


#: Each query file name and its Python twin.
QUESTIONS: dict[str, Any] = {
    "conflict_hotspots": conflict_hotspots,
    "clients_without_cooperation": clients_without_cooperation,
    "power_imbalance": power_imbalance,
    "brokers": brokers,
    "influence_paths": influence_paths,
    "conflict_trend": conflict_trend,
    "triangle_census": triangle_census_rows,
    "isolated_clients": isolated_clients_rows,
}
