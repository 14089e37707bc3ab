"""Influence paths: the "use of connections" from the change agent to each target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecograph.analysis.questions.base import (
    DatabaseTwin,
    DatabaseView,
    Inputs,
    Query,
    Question,
    Row,
    TextView,
    plural,
)

if TYPE_CHECKING:
    from ecograph.analysis.paths import InfluencePath
    from ecograph.graph import EcoGraph

__all__ = ["MAX_HOPS", "QUESTION", "influence_paths"]

#: Longest cooperative path searched by :func:`influence_paths` (as in the Cypher file).
MAX_HOPS = 10


def _compute(inputs: Inputs) -> list[InfluencePath]:
    from ecograph.analysis.paths import influence_paths as paths

    return paths(inputs.features)


def _text(items: list[InfluencePath], v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- the use of connections, strongest first")
    if not items:
        v.say("  no target can be reached through a third party's non-hostile ties")
    for p in v.head(items):
        hops = v.n(p.path[0])
        for who, kind in zip(p.path[1:], p.ties, strict=True):
            hops += f" -({kind})-> {v.n(who)}"
        direct = f"; direct tie: {p.direct}" if p.direct else "; no direct tie"
        v.say(f"  {hops}  [dim](strength {p.strength:.2f}{direct})[/dim]")
    v.more(len(items))


def influence_paths(graph: EcoGraph, *, max_hops: int = MAX_HOPS) -> list[Row]:
    """Shortest cooperative path from the change agent system to each target.

    The twin of ``queries/influence_paths.cypher``.

    Returns
    -------
    list of dict
        ``target``, ``hops`` (None when unreachable within ``max_hops``) and ``path`` (one
        shortest path of actor ids, or None), by target id.
    """
    import networkx as nx

    from ecograph.model import RelationType, Role

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


def _database_text(answers: Sequence[list[Row]], v: DatabaseView) -> None:
    (rows,) = answers
    if not rows:
        v.say("  no actor holds the target role")
    for r in v.head(rows):
        if r["hops"] is None:
            v.say(
                f"  {v.n(r['target'])}: no chain of cooperative ties from the change agent "
                f"system (of at most {MAX_HOPS} ties)"
            )
        else:
            chain = " -(cooperation)-> ".join(v.n(x) for x in r["path"])
            v.say(f"  {v.n(r['target'])}: {plural(r['hops'], 'tie')}: {chain}")
    v.more(len(rows))


QUESTION: Question[list[InfluencePath]] = Question(
    name="influence_paths",
    title="Influence paths",
    asks='the "use of connections": change agent to each target',
    words="the use of connections: who, through cooperative ties, can reach a target that the "
    "worker cannot move directly",
    compute=_compute,
    render_text=_text,
    database=DatabaseTwin(
        asks="the shortest chain of cooperative ties from the change agent system to each target",
        queries=(Query("influence_paths", influence_paths, actors=("target", "path")),),
        render_text=_database_text,
    ),
)
