"""Isolated clients: clients with no cooperative tie outside their own system."""

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
    from ecograph.analysis.isolated import IsolatedClient
    from ecograph.graph import EcoGraph

__all__ = ["QUESTION", "clients_without_cooperation", "isolated_clients_rows"]


def _compute(inputs: Inputs) -> list[IsolatedClient]:
    from ecograph.analysis.isolated import isolated_clients

    return isolated_clients(inputs.features)


def _text(items: list[IsolatedClient], v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- no cooperative tie outside their system")
    if not items:
        v.say("  none: every client has someone outside who cooperates with it")
    for c in v.head(items):
        ties = ", ".join(f"{k} {t}" for t, k in c.ties.items() if k)
        extra = f"; {c.constrained}" if c.constrained else ""
        v.say(f"  {v.n(c.actor)} ({ties or 'no ties'}{extra})")
    v.more(len(items))


def isolated_clients_rows(graph: EcoGraph) -> list[Row]:
    """Return :func:`ecograph.analysis.isolated.isolated_clients` as the Cypher twin's rows.

    The twin of ``queries/isolated_clients.cypher``; the ``constrained`` field of the analysis
    is not part of the database answer.
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


def clients_without_cooperation(graph: EcoGraph) -> list[Row]:
    """List the actors of the client system with no present cooperative relationship.

    The twin of ``queries/clients_without_cooperation.cypher``.

    Returns
    -------
    list of dict
        ``client`` and ``ties`` (its present relationships of any type), by id.
    """
    from ecograph.model import RelationType, Role

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


def _database_text(answers: Sequence[list[Row]], v: DatabaseView) -> None:
    isolated, without = answers
    if not isolated:
        v.say("  none: every client has someone outside who cooperates with it")
    for r in isolated:
        outside = ", ".join(f"{r[k]} {k}" for k in ("agreement", "conflict") if r[k])
        v.say(
            f"  {v.n(r['actor'])} (outside its family or group: {outside or 'no ties'}; "
            f"inside: {plural(r['inside'], 'tie')})"
        )
    if without:
        listed = ", ".join(f"{v.n(r['client'])} ({plural(r['ties'], 'tie')})" for r in without)
        v.say(f"  no cooperative tie at all, inside or outside: {listed}")


QUESTION: Question[list[IsolatedClient]] = Question(
    name="isolated_clients",
    title="Isolated clients",
    asks="clients with no cooperative tie outside their own system",
    words="cooperation is possible only when the goals, actions and values of the two sides "
    "correlate; what rebalances power: an advocate for the client",
    compute=_compute,
    render_text=_text,
    database=DatabaseTwin(
        asks="no cooperative tie outside their own family or group",
        queries=(
            Query("isolated_clients", isolated_clients_rows, actors=("actor",)),
            Query("clients_without_cooperation", clients_without_cooperation, actors=("client",)),
        ),
        render_text=_database_text,
    ),
)
