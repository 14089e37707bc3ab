"""Brokers: actors with cooperative ties into factions in conflict.

The Python section reads the factions (:mod:`ecograph.analysis.brokers`).

The database cannot find factions; its twin (``queries/brokers.cypher``) lists who has positive
ties to both sides of a present conflict.
"""

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
    from ecograph.analysis.brokers import Broker
    from ecograph.graph import EcoGraph

__all__ = ["QUESTION", "conflict_bridges"]


def _compute(inputs: Inputs) -> list[Broker]:
    from ecograph.analysis.brokers import brokers

    return brokers(inputs.structural, inputs.factions)


def _text(items: list[Broker], v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- cooperative ties into factions in conflict")
    if not items:
        v.say("  none")
    for b in v.head(items):
        reach = "; ".join(
            f"faction {k + 1}: {', '.join(v.n(x) for x in xs)}" for k, xs in b.reaches.items()
        )
        v.say(f"  {v.n(b.actor)} (faction {b.faction + 1}) reaches {reach}")
    v.more(len(items))


def conflict_bridges(graph: EcoGraph) -> list[Row]:
    """Actors with a positive tie (cooperation or agreement) to both ends of a present conflict.

    The twin of ``queries/brokers.cypher``.

    Returns
    -------
    list of dict
        ``broker``, ``conflicts_bridged``, ``bridged`` (sorted relationship ids), by the count
        descending, then broker id.
    """
    from ecograph.model import RelationType

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


def _database_text(answers: Sequence[list[Row]], v: DatabaseView) -> None:
    (rows,) = answers
    if not rows:
        v.say("  none: no one has positive ties to both sides of a conflict")
    for r in v.head(rows):
        pairs = "; ".join(
            " -- ".join(v.n(x) for x in v.ends[rel]) if rel in v.ends else rel
            for rel in r["bridged"]
        )
        v.say(
            f"  {v.n(r['broker'])} has positive ties to both sides of "
            f"{plural(r['conflicts_bridged'], 'conflict')}: {pairs}"
        )
    v.more(len(rows))


QUESTION: Question[list[Broker]] = Question(
    name="brokers",
    title="Brokers",
    asks="actors with cooperative ties into factions in conflict",
    words="the worker may act as a neutral convener of negotiations, or as the defender of one "
    "party",
    compute=_compute,
    render_text=_text,
    structural=True,
    database=DatabaseTwin(
        asks="positive ties (cooperation or agreement) to both sides of a present conflict: who "
        "could convene a negotiation",
        queries=(
            Query("brokers", conflict_bridges, actors=("broker",), relationships=("bridged",)),
        ),
        render_text=_database_text,
    ),
)
