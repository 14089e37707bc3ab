"""The registry of analysis questions: every section of the report, defined once, in report order.

Each module of this package defines one :class:`~ecograph.analysis.questions.base.Question`
named ``QUESTION``: its name, the model's words it answers, the Python that computes its typed
result, its JSON and text, and optionally its twin answered in the database (the query files
of the top-level ``queries/`` and their Python twins). ``ecograph analyze`` (and ``--only``),
``ecograph query``, the database report, the CLI help, the table in docs/analysis.md and the
parity tests all read :data:`REGISTRY`; adding a question is one module here, listed in
:data:`REGISTRY`, plus its optional ``.cypher`` file and its test (docs/development.md).

Examples
--------
>>> list(REGISTRY)[:3]
['hotspots', 'bargaining', 'tactics']
>>> [q.name for q in REGISTRY.values() if q.structural]
['brokers', 'factions', 'latent', 'balance']
>>> sorted(QUERIES)[:2]
['brokers', 'clients_without_cooperation']
"""

from __future__ import annotations

from typing import Any

from ecograph.analysis.questions import (
    balance,
    bargaining,
    brokers,
    factions,
    hotspots,
    influence_paths,
    isolated_clients,
    latent,
    pairs,
    power,
    tactics,
    trend,
)
from ecograph.analysis.questions.base import Query, Question

__all__ = [
    "DATABASE",
    "ON_REQUEST",
    "QUERIES",
    "REGISTRY",
    "SECTIONS",
    "STRUCTURAL",
    "question",
]

#: Every question, in report order.
REGISTRY: dict[str, Question[Any]] = {
    q.name: q
    for q in (
        hotspots.QUESTION,
        bargaining.QUESTION,
        tactics.QUESTION,
        influence_paths.QUESTION,
        brokers.QUESTION,
        power.QUESTION,
        isolated_clients.QUESTION,
        factions.QUESTION,
        latent.QUESTION,
        trend.QUESTION,
        balance.QUESTION,
        pairs.QUESTION,
    )
}
#: Every section's name, in report order.
SECTIONS: tuple[str, ...] = tuple(REGISTRY)
#: The sections a plain signed edge list supports.
STRUCTURAL: tuple[str, ...] = tuple(n for n, q in REGISTRY.items() if q.structural)
#: Sections left out of the default text report (ask for them with ``--only``).
ON_REQUEST: tuple[str, ...] = tuple(n for n, q in REGISTRY.items() if q.on_request)
#: The sections with a twin answered in the database, in report order.
DATABASE: tuple[str, ...] = tuple(n for n, q in REGISTRY.items() if q.database is not None)
#: Every database question (``queries/NAME.cypher``) by name, with its Python twin.
QUERIES: dict[str, Query] = {
    x.name: x for q in REGISTRY.values() if q.database is not None for x in q.database.queries
}


def question(name: str) -> Question[Any]:
    """Return the question of a section name (KeyError if there is none)."""
    return REGISTRY[name]
