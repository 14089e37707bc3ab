"""A plain summary of a case: actors by system, relationships by type, goals with stances."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecograph.graph import EcoGraph
from ecograph.model import PRIMARY_ROLES, ROLE_LABELS, RelationType, Role

__all__ = ["summarize"]


def summarize(graph: EcoGraph, as_of: dt.date | None = None) -> dict[str, Any]:
    """Return the summary of a case as JSON-ready data (the case's ``id`` at the top).

    Relationships are read on ``as_of`` (default: their latest state); agreements are in force
    on ``as_of`` (default: at the case's present, :meth:`EcoGraph.present_date`).

    Examples
    --------
    >>> from ecograph.model import Actor
    >>> g = EcoGraph("c1", "Case")
    >>> g.add_actor(Actor(id="w", name="Worker", roles=["change_agent"]))
    >>> summarize(g)["actors_by_system"]["change_agent"][0]["id"]
    'w'
    """
    roles = graph.effective_roles()
    by_system: dict[str, list[dict[str, Any]]] = {r.value: [] for r in Role}
    by_system["none"] = []
    for a in graph.actors():
        row = {
            "id": a.id,
            "name": a.name,
            "kind": a.kind.value,
            "power": a.power,
            "voluntariness": a.voluntariness.value if a.voluntariness else None,
            "member_of": list(a.member_of),
            "inherited": not a.roles and bool(roles[a.id]),
        }
        held = [r.value for r in Role if r in roles[a.id]]
        for key in held or ["none"]:
            by_system[key].append(row)
    by_type: dict[str, list[dict[str, Any]]] = {t.value: [] for t in RelationType}
    for rel, state in graph.states(as_of):
        by_type[state.type.value].append(
            {
                "id": rel.key,
                "source": rel.source,
                "target": rel.target,
                "strength": round(state.strength, 4),
                "mix": {k.value: round(v, 4) for k, v in state.mix.weights().items()},
                "since": state.since.isoformat() if state.since else None,
                "observations": len(rel.history),
                "basis": rel.basis.value if rel.basis else None,
                "mandated": list(rel.mandated),
            }
        )
    goals = [
        {
            "id": g.id,
            "description": g.description,
            "stances": [
                {"actor": s.actor, "stance": s.stance, "weight": s.weight} for s in g.stances
            ],
        }
        for g in graph.goals()
    ]
    present = graph.present_date() if as_of is None else None
    agreements = [
        {
            "id": ag.id,
            "basis": ag.basis.value,
            "status": ag.status.value,
            "parties": ag.party_ids(),
            "in_force": ag.in_force(as_of, present=present),
        }
        for ag in graph.agreements()
    ]
    return {
        "id": graph.case_id,
        "title": graph.title,
        "as_of": as_of.isoformat() if as_of else None,
        "counts": {
            "actors": len(graph),
            "relationships": sum(len(v) for v in by_type.values()),
            # recorded but not present on the date: ended, or first observed later
            "relationships_absent": len(graph.relationships())
            - sum(len(v) for v in by_type.values()),
            "goals": len(goals),
            "agreements": len(agreements),
        },
        "systems": {r.value: ROLE_LABELS[r] for r in PRIMARY_ROLES},
        "actors_by_system": {k: v for k, v in by_system.items() if v},
        "relationships_by_type": by_type,
        "goals": goals,
        "agreements": agreements,
    }
