"""The Neo4j store: cases in a Neo4j 5 database, written all-or-nothing and idempotently.

The graph model is documented in ``docs/neo4j-model.md``. In short: ``(:Case)``, ``(:Actor)``
with one extra label per system role (``:ClientSystem`` ...), ``(:Goal)``, ``(:Agreement)``,
``(:Observation)``; relationships ``COOPERATION`` / ``AGREEMENT`` / ``CONFLICT`` between actors
(typed by the relationship's current dominant type), ``MEMBER_OF``, ``STANCE``, ``PARTY_TO``,
``IN_CASE``. Every node and relationship carries ``case_id``; several cases share a database.

Safety: user data travels only in query parameters. Labels and relationship types in query
text come from the fixed dictionaries below, keyed by the model's vocabularies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

from ecograph.collector import collector_paused
from ecograph.errors import (
    CaseFileError,
    InputError,
    NotFoundError,
    Problem,
    StaleVersionError,
    StoredCaseError,
    StoreError,
)
from ecograph.model import (
    FORMAT_VERSION,
    Case,
    Mix,
    RelationType,
    Role,
)
from ecograph.store.base import SaveReport

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "Neo4jStore",
    "STORE_FORMAT_VERSION",
    "ROLE_NODE_LABELS",
    "REL_TYPES",
    "BATCH_SIZE",
    "WRITE_ATTEMPTS",
    "load_query",
    "query_names",
    "result_rows",
]

#: Version of the graph model written by this release (kept on the ``:EcographMeta`` node).
STORE_FORMAT_VERSION = 1
#: Rows sent per ``UNWIND $rows`` statement.
BATCH_SIZE = 5000

#: The extra node label of each system role (the only labels ever put in query text).
ROLE_NODE_LABELS: dict[Role, str] = {
    Role.CHANGE_AGENT: "ChangeAgentSystem",
    Role.CLIENT: "ClientSystem",
    Role.TARGET: "TargetSystem",
    Role.ACTION: "ActionSystem",
    Role.PROFESSIONAL: "ProfessionalSystem",
    Role.PROBLEM_IDENTIFICATION: "ProblemIdentificationSystem",
}
#: The relationship type of each relationship kind.
REL_TYPES: dict[RelationType, str] = {
    RelationType.COOPERATION: "COOPERATION",
    RelationType.AGREEMENT: "AGREEMENT",
    RelationType.CONFLICT: "CONFLICT",
}
_TYPE_OF = {v: k for k, v in REL_TYPES.items()}

Progress = Callable[[int, int], None]
_T = TypeVar("_T")

_SCHEMA = [
    "CREATE CONSTRAINT ecograph_meta IF NOT EXISTS FOR (m:EcographMeta) REQUIRE m.key IS UNIQUE",
    "CREATE CONSTRAINT ecograph_case IF NOT EXISTS FOR (c:Case) REQUIRE c.case_id IS UNIQUE",
    "CREATE CONSTRAINT ecograph_actor IF NOT EXISTS "
    "FOR (n:Actor) REQUIRE (n.case_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT ecograph_goal IF NOT EXISTS "
    "FOR (n:Goal) REQUIRE (n.case_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT ecograph_agreement IF NOT EXISTS "
    "FOR (n:Agreement) REQUIRE (n.case_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT ecograph_observation IF NOT EXISTS "
    "FOR (n:Observation) REQUIRE (n.case_id, n.rel_id, n.seq) IS UNIQUE",
    *[
        f"CREATE INDEX ecograph_{t.lower()}_rel IF NOT EXISTS "
        f"FOR ()-[r:{t}]-() ON (r.case_id, r.rel_id)"
        for t in REL_TYPES.values()
    ],
]


# ------------------------------------------------------------------------------- case -> rows
def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    """Drop None values: Neo4j stores no nulls (empty lists are passed as None too).

    Callers pass enums as their ``.value``.
    """
    return {k: v for k, v in props.items() if v is not None}


def _mix_props(prefix: str, mix: Mix | None) -> dict[str, Any]:
    if mix is None:
        return {}
    return {
        f"{prefix}cooperation": mix.cooperation,
        f"{prefix}agreement": mix.agreement,
        f"{prefix}conflict": mix.conflict,
    }


@dataclass
class _Rows:
    """A case as rows per kind: key -> properties (what is written and compared)."""

    case: dict[str, Any]
    actors: dict[str, dict[str, Any]]
    goals: dict[str, dict[str, Any]]
    agreements: dict[str, dict[str, Any]]
    rels: dict[str, dict[str, Any]]
    observations: dict[tuple[str, int], dict[str, Any]]
    members: dict[tuple[str, str], dict[str, Any]]
    stances: dict[tuple[str, str], dict[str, Any]]
    parties: dict[tuple[str, str], dict[str, Any]]
    #: Stored actors only: actor id -> the node's ``elementId`` (not compared, not written).
    node_ids: dict[str, str] = field(default_factory=dict)


def case_rows(case: Case) -> _Rows:
    """Return the properties of every node and relationship the case is stored as."""
    from ecograph.model.sign import SignWeights, sign_of, signed_value

    cid = case.id
    weights = SignWeights()
    meta = _clean(
        {
            "case_id": cid,
            "title": case.title,
            "description": case.description,
            "author": case.author,
            "start": case.start,
            "end": case.end,
        }
    )
    actors: dict[str, dict[str, Any]] = {}
    members: dict[tuple[str, str], dict[str, Any]] = {}
    for i, a in enumerate(case.actors):
        actors[a.id] = _clean(
            {
                "case_id": cid,
                "id": a.id,
                "name": a.name,
                "kind": a.kind.value,
                "roles": [r.value for r in a.roles] or None,
                "power": a.power,
                "voluntariness": a.voluntariness.value if a.voluntariness else None,
                "expects_moderate_demands": a.expects_moderate_demands,
                "joined": a.joined,
                "attributes": json.dumps(a.attributes, ensure_ascii=False)
                if a.attributes
                else None,
                "notes": a.notes,
                "ord": i,
            }
        )
        for j, g in enumerate(a.member_of):
            members[(a.id, g)] = {"case_id": cid, "ord": j}
    goals: dict[str, dict[str, Any]] = {}
    stances: dict[tuple[str, str], dict[str, Any]] = {}
    for i, goal in enumerate(case.goals):
        goals[goal.id] = {"case_id": cid, "id": goal.id, "description": goal.description, "ord": i}
        for j, s in enumerate(goal.stances):
            stances[(goal.id, s.actor)] = {
                "case_id": cid,
                "stance": s.stance,
                "weight": s.weight,
                "ord": j,
            }
    agreements: dict[str, dict[str, Any]] = {}
    parties: dict[tuple[str, str], dict[str, Any]] = {}
    for i, ag in enumerate(case.agreements):
        agreements[ag.id] = _clean(
            {
                "case_id": cid,
                "id": ag.id,
                "basis": ag.basis.value,
                "terms": ag.terms,
                "start": ag.start,
                "end": ag.end,
                "status": ag.status.value,
                "convener": ag.convener,
                "ord": i,
            }
        )
        for j, p in enumerate(ag.parties):
            parties[(ag.id, p.actor)] = _clean(
                {"case_id": cid, "gives": p.gives, "gets": p.gets, "ord": j}
            )
    rels: dict[str, dict[str, Any]] = {}
    observations: dict[tuple[str, int], dict[str, Any]] = {}
    for i, r in enumerate(case.relationships):
        state = r.state()
        if state is None:
            raise InputError(
                f"relationship {r.key!r} has no state yet (only its mandate is recorded)",
                field=f"relationships[{i}]",
                expected="a type, a mix or a first observation before pushing to Neo4j",
            )
        shares = state.mix.weights()
        value = signed_value(state.mix, state.strength, weights)
        sign = sign_of(value, state.type, weights)
        rels[r.key] = _clean(
            {
                "case_id": cid,
                "rel_id": r.key,
                "id": r.id,
                "source": r.source,
                "target": r.target,
                "declared_type": r.type.value if r.type else None,
                **_mix_props("mix_", r.mix),
                "strength": r.strength,
                "basis": r.basis.value if r.basis else None,
                "terms": r.terms,
                "mandated": list(r.mandated) or None,
                "perceptions": json.dumps(
                    [p.model_dump(mode="json", exclude_none=True) for p in r.perceptions],
                    ensure_ascii=False,
                )
                if r.perceptions
                else None,
                "notes": r.notes,
                "ord": i,
                # Derived current state (latest), for queries; recomputed on every push.
                "_type": REL_TYPES[state.type],
                "state_type": state.type.value,
                "state_strength": state.strength,
                "state_cooperation": shares[RelationType.COOPERATION],
                "state_agreement": shares[RelationType.AGREEMENT],
                "state_conflict": shares[RelationType.CONFLICT],
                "state_since": state.since,
                "ended": state.ended,
                "signed": value,
                "sign": sign,
            }
        )
        for seq, o in enumerate(r.history):
            observations[(r.key, seq)] = _clean(
                {
                    "case_id": cid,
                    "rel_id": r.key,
                    "seq": seq,
                    "date": o.date,
                    "type": o.type.value if o.type else None,
                    **_mix_props("mix_", o.mix),
                    "strength": o.strength,
                    "note": o.note,
                    "recorded_by": o.recorded_by,
                    "perceived_by": o.perceived_by,
                    "ended": o.ended,
                }
            )
    return _Rows(meta, actors, goals, agreements, rels, observations, members, stances, parties)


# ------------------------------------------------------------------------------- rows -> case
def _native(v: Any) -> Any:
    if hasattr(v, "to_native") and not isinstance(v, dt.date):
        try:
            return v.to_native()
        except (ValueError, OverflowError):  # a date beyond Python's: the check refuses it
            return str(v)
    return v


_PLAIN = frozenset({str, int, float, bool})


def _props(p: Mapping[str, Any]) -> dict[str, Any]:
    # Most values are plain and pass as they are (this runs for every stored property when a
    # case is read back). An empty list is not written (like None); databases written before
    # that kept ``roles: []`` / ``mandated: []``, read here as absent so that they compare equal.
    out: dict[str, Any] = {}
    for k, v in p.items():
        if type(v) in _PLAIN:
            out[k] = v
        elif not (isinstance(v, list) and not v):
            out[k] = _native(v)
    return out


def result_rows(result: Iterable[neo4j.Record]) -> list[dict[str, Any]]:
    """Return a query's records as rows of Python values (Neo4j dates as ``datetime.date``)."""
    return [
        {k: _native(v) for k, v in rec.items()}  # type: ignore[no-untyped-call]
        for rec in result
    ]


def _mix_of(p: Mapping[str, Any]) -> dict[str, Any] | None:
    if "mix_cooperation" not in p:
        return None
    return _present(
        p,
        {
            "cooperation": "mix_cooperation",
            "agreement": "mix_agreement",
            "conflict": "mix_conflict",
        },
    )


def _present(p: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Return ``{field: p[prop]}`` for the properties that are stored (absent ones left out)."""
    return {f: p[prop] for f, prop in names.items() if prop in p}


def _same(*names: str) -> dict[str, str]:
    return {n: n for n in names}


_ACTOR = _same(
    "id", "name", "kind", "power", "voluntariness", "expects_moderate_demands", "joined", "notes"
)
_GOAL = _same("id", "description")
_AGREEMENT = _same("id", "basis", "terms", "start", "end", "status", "convener")
_OBSERVATION = _same("date", "type", "strength", "note", "recorded_by", "perceived_by", "ended")
_REL = {**_same("id", "source", "target", "strength", "basis", "terms", "notes"),
        "type": "declared_type"}  # fmt: skip
_CASE = {**_same("title", "description", "author", "start", "end"), "id": "case_id"}


class _Json:
    """A JSON text stored in a property, read back; a broken one becomes a problem."""

    def __init__(self) -> None:
        self.broken: list[str] = []

    def read(self, text: Any, field: str, default: Any) -> Any:
        try:
            return json.loads(text) if isinstance(text, str) else default
        except (ValueError, RecursionError):
            self.broken.append(field)
            return default


def rows_to_case(rows: _Rows, *, source: str = "the database") -> Case:
    """Rebuild the :class:`~ecograph.model.Case` from its stored rows, checked as a case file.

    Data edited by hand in the database (a power of 5, broken ``attributes`` JSON, a removed
    name, a date that is not a date) is reported exactly as in a case file -- field path, what
    is wrong, what is expected, never the value of a free-text field -- naming the case and,
    for an actor, the node's element id.

    Raises
    ------
    StoredCaseError
        Listing every problem of the stored case (exit status 3).
    """
    from ecograph.io.casefile import data_to_case

    m = rows.case

    def ordered(d: Mapping[Any, dict[str, Any]]) -> list[tuple[Any, dict[str, Any]]]:
        return sorted(d.items(), key=lambda kv: kv[1].get("ord", 0))

    js = _Json()
    groups: dict[str, list[str]] = {}
    for (actor, group), _ in ordered(rows.members):
        groups.setdefault(actor, []).append(group)
    actors = []
    actor_nodes: list[str | None] = []
    for i, (key, p) in enumerate(ordered(rows.actors)):
        a = _present(p, _ACTOR)
        a["roles"] = list(p.get("roles", []))
        a["member_of"] = groups.get(p.get("id", key), [])
        if "attributes" in p:
            a["attributes"] = js.read(p["attributes"], f"actors[{i}].attributes", {})
        actors.append(a)
        actor_nodes.append(rows.node_ids.get(key))
    stances: dict[str, list[dict[str, Any]]] = {}
    for (goal, actor), p in ordered(rows.stances):
        stances.setdefault(goal, []).append(
            {"actor": actor, **_present(p, _same("stance", "weight"))}
        )
    goals = [
        {**_present(p, _GOAL), "stances": stances.get(key, [])} for key, p in ordered(rows.goals)
    ]
    parties: dict[str, list[dict[str, Any]]] = {}
    for (ag, actor), p in ordered(rows.parties):
        parties.setdefault(ag, []).append({"actor": actor, **_present(p, _same("gives", "gets"))})
    agreements = [
        {**_present(p, _AGREEMENT), "parties": parties.get(key, [])}
        for key, p in ordered(rows.agreements)
    ]
    history: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for (rel_id, seq), p in rows.observations.items():
        o = _present(p, _OBSERVATION)
        mix = _mix_of(p)
        if mix is not None:
            o["mix"] = mix
        history.setdefault(rel_id, []).append((seq, o))
    rels = []
    for i, (key, p) in enumerate(ordered(rows.rels)):
        r = _present(p, _REL)
        mix = _mix_of(p)
        if mix is not None:
            r["mix"] = mix
        r["mandated"] = list(p.get("mandated", []))
        if "perceptions" in p:
            r["perceptions"] = js.read(p["perceptions"], f"relationships[{i}].perceptions", [])
        r["history"] = [o for _, o in sorted(history.get(key, []), key=lambda t: t[0])]
        rels.append(r)
    data = {
        **_present(m, _CASE),
        "actors": actors,
        "goals": goals,
        "relationships": rels,
        "agreements": agreements,
    }
    name = f"case {m.get('case_id')!r} in {source}"
    problems = [
        Problem("not valid JSON (edited by hand?)", field=f, expected="the JSON ecograph wrote")
        for f in js.broken
    ]
    try:
        case = data_to_case({"ecograph": FORMAT_VERSION, **data}, source=name)
    except CaseFileError as exc:
        problems = [*problems, *exc.problems]
    if problems:
        raise StoredCaseError([_at_node(p, name, actor_nodes) for p in problems], source=name)
    return case


def _at_node(p: Problem, name: str, actor_nodes: Sequence[str | None]) -> Problem:
    """Return ``p`` located in the stored case, with the actor's node element id if known."""
    where = name
    field = p.field or ""
    if field.startswith("actors["):
        i = int(field[len("actors[") : field.index("]")])
        if i < len(actor_nodes) and actor_nodes[i] is not None:
            where = f"{name}, node {actor_nodes[i]}"
    return dataclasses.replace(p, source=where, line=None, column=None)


# ------------------------------------------------------------------------------- Cypher
_ALL_ROLE_LABELS = ":".join(ROLE_NODE_LABELS.values())
_REL_PATTERN = "|".join(REL_TYPES.values())

# Every read starts from an index seek on the case id: the composite uniqueness constraints
# on (case_id, id ...) serve a seek on their first property only when the query also says the
# other key properties exist (``IS NOT NULL``); without that the planner scans the whole label.
_READ = {
    "case": "MATCH (c:Case {case_id: $case}) RETURN c.case_id AS key, properties(c) AS props",
    "actors": "MATCH (n:Actor {case_id: $case}) WHERE n.id IS NOT NULL "
    "RETURN n.id AS key, properties(n) AS props, elementId(n) AS node",
    "goals": "MATCH (n:Goal {case_id: $case}) WHERE n.id IS NOT NULL "
    "RETURN n.id AS key, properties(n) AS props",
    "agreements": "MATCH (n:Agreement {case_id: $case}) WHERE n.id IS NOT NULL "
    "RETURN n.id AS key, properties(n) AS props",
    "rels": f"MATCH (:Actor)-[r:{_REL_PATTERN}]->(:Actor) "
    "WHERE r.case_id = $case AND r.rel_id IS NOT NULL "
    "RETURN r.rel_id AS key, r {.*, _type: type(r)} AS props",
    "observations": "MATCH (n:Observation {case_id: $case}) "
    "WHERE n.rel_id IS NOT NULL AND n.seq IS NOT NULL "
    "RETURN [n.rel_id, n.seq] AS key, properties(n) AS props",
    "members": "MATCH (a:Actor {case_id: $case})-[m:MEMBER_OF]->(g:Actor) WHERE a.id IS NOT NULL "
    "RETURN [a.id, g.id] AS key, properties(m) AS props",
    "stances": "MATCH (a:Actor {case_id: $case})-[s:STANCE]->(g:Goal) WHERE a.id IS NOT NULL "
    "RETURN [g.id, a.id] AS key, properties(s) AS props",
    "parties": "MATCH (a:Actor {case_id: $case})-[p:PARTY_TO]->(g:Agreement) "
    "WHERE a.id IS NOT NULL RETURN [g.id, a.id] AS key, properties(p) AS props",
}

_DELETE = {
    "actors": "UNWIND $keys AS k MATCH (n:Actor {case_id: $case, id: k}) DETACH DELETE n",
    "goals": "UNWIND $keys AS k MATCH (n:Goal {case_id: $case, id: k}) DETACH DELETE n",
    "agreements": "UNWIND $keys AS k MATCH (n:Agreement {case_id: $case, id: k}) DETACH DELETE n",
    "rels": f"UNWIND $keys AS k MATCH (:Actor {{case_id: $case, id: k[1]}})"
    f"-[r:{_REL_PATTERN} {{rel_id: k[0]}}]->() WHERE r.case_id = $case DELETE r",
    "observations": "UNWIND $keys AS k "
    "MATCH (n:Observation {case_id: $case, rel_id: k[0], seq: k[1]}) DELETE n",
    "members": "UNWIND $keys AS k MATCH (:Actor {case_id: $case, id: k[0]})"
    "-[m:MEMBER_OF]->(:Actor {case_id: $case, id: k[1]}) DELETE m",
    "stances": "UNWIND $keys AS k MATCH (:Goal {case_id: $case, id: k[0]})"
    "<-[s:STANCE]-(:Actor {case_id: $case, id: k[1]}) DELETE s",
    "parties": "UNWIND $keys AS k MATCH (:Agreement {case_id: $case, id: k[0]})"
    "<-[p:PARTY_TO]-(:Actor {case_id: $case, id: k[1]}) DELETE p",
}

#: The properties of each kind, as written by :func:`case_rows` (fixed names, never input).
#: New nodes and relationships get them in the ``CREATE`` pattern, so they are set as the entity
#: is made: no separate ``SET`` operator, and no ``Eager`` barrier (which ``SET r = row.props``
#: on a just-created relationship adds). A missing key reads as null, and null is not stored.
_PROPS: dict[str, tuple[str, ...]] = {
    "actors": (
        "case_id",
        "id",
        "name",
        "kind",
        "roles",
        "power",
        "voluntariness",
        "expects_moderate_demands",
        "joined",
        "attributes",
        "notes",
        "ord",
    ),
    "goals": ("case_id", "id", "description", "ord"),
    "agreements": (
        "case_id",
        "id",
        "basis",
        "terms",
        "start",
        "end",
        "status",
        "convener",
        "ord",
    ),
    "observations": (
        "case_id",
        "rel_id",
        "seq",
        "date",
        "type",
        "mix_cooperation",
        "mix_agreement",
        "mix_conflict",
        "strength",
        "note",
        "recorded_by",
        "perceived_by",
        "ended",
    ),
    "rels": (
        "case_id",
        "rel_id",
        "id",
        "source",
        "target",
        "declared_type",
        "mix_cooperation",
        "mix_agreement",
        "mix_conflict",
        "strength",
        "basis",
        "terms",
        "mandated",
        "perceptions",
        "notes",
        "ord",
        "state_type",
        "state_strength",
        "state_cooperation",
        "state_agreement",
        "state_conflict",
        "state_since",
        "ended",
        "signed",
        "sign",
    ),
    "members": ("case_id", "ord"),
    "stances": ("case_id", "stance", "weight", "ord"),
    "parties": ("case_id", "gives", "gets", "ord"),
}


def _inline(kind: str) -> str:
    """Return the property map of a ``CREATE`` pattern for ``kind``, read from ``row.props``."""
    return "{" + ", ".join(f"`{k}`: row.props.`{k}`" for k in _PROPS[kind]) + "}"


#: Relationships between actors find their ends by the nodes' ``elementId`` (``row.ends``), read
#: or created earlier in the same transaction: a seek on the node store. Matching them by the
#: (case_id, id) uniqueness constraint instead takes a locking index seek per end: a quarter of
#: the server's samples in a Java Flight Recorder profile of a 100,000-relationship load.
_ENDS = (
    "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.ends[0] "
    "MATCH (b) WHERE elementId(b) = row.ends[1] "
)
_WRITE = {
    "members": _ENDS + f"CREATE (a)-[:MEMBER_OF {_inline('members')}]->(b)",
    "stances": "UNWIND $rows AS row MATCH (g:Goal {case_id: $case, id: row.key[0]}) "
    "MATCH (a:Actor {case_id: $case, id: row.key[1]}) "
    f"CREATE (a)-[:STANCE {_inline('stances')}]->(g)",
    "parties": "UNWIND $rows AS row MATCH (g:Agreement {case_id: $case, id: row.key[0]}) "
    "MATCH (a:Actor {case_id: $case, id: row.key[1]}) "
    f"CREATE (a)-[:PARTY_TO {_inline('parties')}]->(g)",
}
_WRITE_REL = {t: _ENDS + f"CREATE (a)-[:{t} {_inline('rels')}]->(b)" for t in REL_TYPES.values()}
#: Neo4j's codes for a transaction that ran out of the memory it may use (its own limit, or the
#: pool all running transactions share).
_OUT_OF_MEMORY = frozenset(
    {
        "Neo.TransientError.General.TransactionMemoryLimit",
        "Neo.TransientError.General.TransactionOutOfMemoryError",
        "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        "Neo.TransientError.General.OutOfMemoryError",
    }
)
#: How often a write is tried when the server says a retry may succeed (a deadlock, a leader
#: switch). Never retried: running out of memory (the same write needs the same memory again).
WRITE_ATTEMPTS = 3
#: Taken first by every push and delete of a case: a write lock on its (:Case) node, so that two
#: writers of one case take turns instead of each diffing against a version the other changes.
_LOCK_CASE = "MATCH (c:Case {case_id: $case}) SET c.case_id = c.case_id"
#: The version of a case: on its (:Case) node, one more on every push that changes something.
#: A case stored before versions were kept reads as version 1.
_SET_VERSION = "MATCH (c:Case {case_id: $case}) SET c.version = $version"


def _version_of(case_props: Mapping[str, Any]) -> int:
    """Return the stored version in the properties of a (:Case) node."""
    v = case_props.get("version")
    return v if isinstance(v, int) and not isinstance(v, bool) else 1


def _rel_row(props: dict[str, Any], node_ids: Mapping[str, str]) -> dict[str, Any]:
    """Return the ``$rows`` entry writing one relationship (see :data:`_WRITE_REL`)."""
    return {"ends": [node_ids[props["source"]], node_ids[props["target"]]], "props": props}


_ROLE_RESET = f"REMOVE n:{_ALL_ROLE_LABELS}"
#: The ending of the statement creating new actors: their element ids, one record per batch.
_MADE = " RETURN collect([row.key, elementId(n)]) AS made"
_NODE_LABEL = {"actors": "Actor", "goals": "Goal", "agreements": "Agreement"}
_ROLE_OF_VALUE = {r.value: r for r in ROLE_NODE_LABELS}


@functools.cache
def _node_write(kind: str, new: bool, roles: tuple[str, ...] = ()) -> str:
    """Return the statement writing nodes of ``kind``: CREATE for new ones, MATCH-SET for changed.

    Actors are written one statement per combination of roles (given as the role values stored
    on the actor); their labels come from :data:`ROLE_NODE_LABELS`, never from input.
    """
    labels = "".join(
        f":{ROLE_NODE_LABELS[_ROLE_OF_VALUE[r]]}" for r in roles if r in _ROLE_OF_VALUE
    )
    if kind == "observations":
        if new:
            return f"UNWIND $rows AS row CREATE (n:Observation {_inline(kind)})"
        return (
            "UNWIND $rows AS row "
            "MATCH (n:Observation {case_id: $case, rel_id: row.key[0], seq: row.key[1]}) "
            "SET n = row.props"
        )
    label = _NODE_LABEL[kind]
    if new:
        # New actors report their element ids (_MADE), for the edges written next: an
        # aggregation, not an Eager barrier.
        made = _MADE if kind == "actors" else ""
        return (
            "MATCH (c:Case {case_id: $case}) UNWIND $rows AS row "
            f"CREATE (n:{label}{labels} {_inline(kind)})-[:IN_CASE]->(c){made}"
        )
    relabel = f" {_ROLE_RESET}" + (f" SET n{labels}" if labels else "") if kind == "actors" else ""
    return (
        f"UNWIND $rows AS row MATCH (n:{label} {{case_id: $case, id: row.key}}) "
        f"SET n = row.props{relabel}"
    )


#: Kinds in the order they are written (nodes before the relationships that need them).
_NODE_KINDS = ("actors", "goals", "agreements", "observations")
_EDGE_KINDS = ("rels", "members", "stances", "parties")
_REPORT_NAMES = {
    "actors": "actors",
    "goals": "goals",
    "agreements": "agreements",
    "rels": "relationships",
    "observations": "observations",
    "members": "memberships",
    "stances": "stances",
    "parties": "parties",
}


def _key(k: Any) -> Any:
    return tuple(k) if isinstance(k, list) else k


def _chunks(items: Sequence[Any], size: int = BATCH_SIZE) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _read_rows(tx: neo4j.ManagedTransaction | neo4j.Transaction, case_id: str) -> _Rows | None:
    got: dict[str, dict[Any, dict[str, Any]]] = {}
    node_ids: dict[str, str] = {}
    for kind, query in _READ.items():
        result = tx.run(query, case=case_id)
        # A record is a tuple of its columns (key, props[, node]): unpacked, not looked up.
        if kind == "actors":
            records = [tuple(rec) for rec in result]
            node_ids = {key: node for key, _, node in records}
            got[kind] = {key: _props(props) for key, props, _ in records}
        else:
            got[kind] = {_key(key): _props(props) for key, props in result}
    if not got["case"]:
        return None
    return _Rows(
        case=next(iter(got["case"].values())),
        actors=got["actors"],
        goals=got["goals"],
        agreements=got["agreements"],
        rels=got["rels"],
        observations=got["observations"],
        members=got["members"],
        stances=got["stances"],
        parties=got["parties"],
        node_ids=node_ids,
    )


def read_case_rows(tx: neo4j.ManagedTransaction, case_id: str) -> _Rows | None:
    """Read every stored row of the case ``case_id`` inside ``tx``; None if it is not stored.

    For reading a case in the same transaction as other questions (``analyze --store
    --full``); :func:`rows_to_case` turns the rows into the case, best after the transaction.
    """
    with collector_paused():
        return _read_rows(tx, case_id)


# ------------------------------------------------------------------------------- the store
class Neo4jStore:
    """Cases in a Neo4j 5 database.

    Parameters
    ----------
    uri : str
        ``bolt://host:port``, ``neo4j://...``, ``neo4j+s://...``.
    user, password : str, optional
        Default ``NEO4J_USERNAME`` (or ``neo4j``) and ``NEO4J_PASSWORD``; asked for at the
        terminal when the variable is unset and a terminal is there.
    database : str, optional
        The database name (default: the server's default database).

    Raises
    ------
    StoreError
        Server unreachable, credentials refused, or a database written by a newer ecograph
        (one line each; exit status 3 on the command line).
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> None:
        import neo4j

        self.uri = uri
        self.database = database
        self._user = user or os.environ.get("NEO4J_USERNAME") or "neo4j"
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        if password is None:
            if sys.stdin is not None and sys.stdin.isatty():
                import getpass

                password = getpass.getpass(f"Neo4j password for {self._user} at {uri}: ")
            else:
                raise StoreError(
                    f"no password for Neo4j at {uri}: set NEO4J_PASSWORD (and NEO4J_USERNAME)"
                )
        with self._errors():
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(self._user, password),
                connection_timeout=5.0,
                notifications_min_severity="OFF",
            )
        try:
            with self._errors():
                self._driver.verify_connectivity()
            self._check_format()
        except BaseException:
            self._driver.close()
            raise

    # -------------------------------------------------------------- plumbing
    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn driver errors into one-line :class:`StoreError` messages (no secrets)."""
        import neo4j.exceptions as ne

        try:
            yield
        except ne.AuthError:
            raise StoreError(
                f"Neo4j at {self.uri} refused the credentials of user {self._user!r} "
                "(check NEO4J_USERNAME / NEO4J_PASSWORD)"
            ) from None
        except (ne.ServiceUnavailable, ne.SessionExpired) as exc:
            del exc
            raise StoreError(
                f"cannot reach Neo4j at {self.uri} (is the server running? "
                "a local one starts with: ecograph neo4j start)"
            ) from None
        except ne.ConfigurationError as exc:
            raise StoreError(f"bad Neo4j URI {self.uri!r}: {_first_line(exc)}") from None
        except ne.Neo4jError as exc:
            raise StoreError(
                f"Neo4j at {self.uri} failed: {exc.code or 'error'}: {_first_line(exc)}"
            ) from None
        except ne.DriverError as exc:
            raise StoreError(f"Neo4j at {self.uri}: {_first_line(exc)}") from None
        except OSError as exc:
            raise StoreError(f"cannot reach Neo4j at {self.uri} ({exc.strerror})") from None

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self.database)

    def _check_format(self) -> None:
        with self._errors():
            records, _, _ = self._driver.execute_query(
                "MATCH (m:EcographMeta {key: 'ecograph'}) RETURN m.format_version AS v",
                database_=self.database,
                routing_="r",
            )
        version = records[0]["v"] if records else None
        if isinstance(version, int) and version > STORE_FORMAT_VERSION:
            raise StoreError(
                f"the database at {self.uri} was written by a newer ecograph (store format "
                f"{version}; this release reads format {STORE_FORMAT_VERSION}): upgrade ecograph"
            )

    def ensure_schema(self) -> None:
        """Create the constraints and indexes (idempotent) and the format marker."""
        with self._errors():
            for stmt in _SCHEMA:
                self._driver.execute_query(stmt, database_=self.database)
            self._driver.execute_query(
                "MERGE (m:EcographMeta {key: 'ecograph'}) ON CREATE SET m.format_version = $v",
                v=STORE_FORMAT_VERSION,
                database_=self.database,
            )

    # -------------------------------------------------------------- the contract
    def list_cases(self) -> list[str]:
        """Return the ids of the stored cases, sorted."""
        with self._errors():
            records, _, _ = self._driver.execute_query(
                "MATCH (c:Case) RETURN c.case_id AS id ORDER BY id",
                database_=self.database,
                routing_="r",
            )
        return [r["id"] for r in records]

    def read(self, work: Callable[[neo4j.ManagedTransaction], _T]) -> _T:
        """Run ``work`` in one managed read transaction (retried on transient errors).

        Driver errors come out as one-line :class:`StoreError` messages, without credentials.
        """
        with self._errors(), self._session() as session:
            return session.execute_read(work)

    def load(self, case_id: str) -> Case:
        """Return the case ``case_id`` as stored (one read transaction)."""
        return self.load_versioned(case_id)[0]

    def load_versioned(self, case_id: str) -> tuple[Case, int]:
        """Return the case ``case_id`` and its stored version, read in one transaction.

        A push based on this version (``save(case, base_version=...)``) is refused if another
        push changed the case in the meantime.
        """
        rows = self.read(lambda tx: read_case_rows(tx, case_id))
        if rows is None:
            raise NotFoundError(f"no case {case_id!r} in the database at {self.uri}")
        return rows_to_case(rows, source=f"the database at {self.uri}"), _version_of(rows.case)

    def save(
        self,
        case: Case,
        *,
        progress: Progress | None = None,
        base_version: int | None = None,
        also: Callable[[neo4j.Transaction, SaveReport], None] | None = None,
    ) -> SaveReport:
        """Store ``case``, writing only what differs from the stored version.

        All writes happen in one write transaction (see :meth:`write`), so a failure midway
        leaves the previous version intact. Rows go in ``UNWIND $rows`` batches of
        :data:`BATCH_SIZE`. Every save that changes something adds one to the case's version,
        kept on its ``(:Case)`` node.

        Parameters
        ----------
        case : Case
            The case to store.
        progress : callable, optional
            Called as ``progress(done, total)`` with the rows written so far.
        base_version : int, optional
            The stored version this case was based on (from :meth:`load_versioned` or an
            earlier save's report; 0 for a case that was not stored). When the stored version
            differs, nothing is written and :class:`~ecograph.errors.StaleVersionError` says
            so: another writer changed the case since. ``None`` writes whatever is stored
            (the last writer wins).
        also : callable, optional
            ``also(tx, report)`` writes more in the same transaction, after the case and only
            if it changed (the workspace's audit entry of the change): the case and what it
            writes are committed together or not at all.

        Returns
        -------
        SaveReport
            What was added, changed and removed, and the version now stored.

        Raises
        ------
        StaleVersionError
            The case changed since ``base_version``.
        StoreError
            The server refused or failed, or the case needs more transaction memory than the
            server allows (tried once, nothing written).
        """
        self.ensure_schema()
        with collector_paused():
            new = case_rows(case)

        def work(tx: neo4j.Transaction) -> SaveReport:
            report = self._write(tx, case.id, new, progress, base_version)
            if also is not None and not report.unchanged:
                also(tx, report)
            # Statements are pipelined: the server's answer to the last one (and so any
            # error of an earlier one) is read here, still inside the transaction.
            tx.run("RETURN 1").consume()
            return report

        return self.write(work, what=f"pushing case {case.id!r}")

    def write(
        self,
        work: Callable[[neo4j.Transaction], _T],
        *,
        what: str,
        nothing: str = "nothing was written",
    ) -> _T:
        """Run ``work`` in one write transaction and commit it: all or nothing.

        A transient failure that a retry can mend (a deadlock, a leader switch) is tried
        again, up to :data:`WRITE_ATTEMPTS` times in all, quietly. Running out of transaction
        memory, in a statement or at the commit, is not retried (the same write needs the same
        memory again): it is one :class:`~ecograph.errors.StoreError` at once, saying what to
        do, and nothing is written.

        Parameters
        ----------
        work : callable
            Takes the open transaction and returns the result.
        what : str
            What the write does, for the message (``"pushing case 'x'"``).
        nothing : str
            What a refusal leaves undone, for the message.
        """
        import neo4j.exceptions as ne

        with self._errors():
            for attempt in range(1, WRITE_ATTEMPTS + 1):
                try:
                    with self._session() as session, session.begin_transaction() as tx:
                        result = work(tx)
                        tx.commit()
                    return result
                except (ne.Neo4jError, ne.DriverError) as exc:
                    code = getattr(exc, "code", None)
                    if code in _OUT_OF_MEMORY:
                        raise self._too_big(what, str(code), nothing) from None
                    if attempt == WRITE_ATTEMPTS or not exc.is_retryable():
                        raise
                    time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _too_big(self, what: str, code: str, nothing: str) -> StoreError:
        """Return the refusal of a write that needs more transaction memory than allowed."""
        return StoreError(
            f"{what} needs more transaction memory than Neo4j at {self.uri} allows "
            f"({code.rsplit('.', 1)[-1]}); {nothing}",
            hints=[
                "a local server: ecograph neo4j stop, then ecograph neo4j start with a "
                "larger --heap and --tx-memory (about 2 GB for 100,000 relationships: "
                "--heap 3g --tx-memory 2500m)",
                "another server: ask its administrator to raise "
                "dbms.memory.transaction.total.max and db.memory.transaction.max "
                "(transactions running at the same time share the first)",
            ],
        )

    def _write(
        self,
        tx: neo4j.Transaction,
        case_id: str,
        new: _Rows,
        progress: Progress | None,
        base_version: int | None = None,
    ) -> SaveReport:
        tx.run(_LOCK_CASE, case=case_id).consume()
        with collector_paused():
            old = _read_rows(tx, case_id)
        stored = _version_of(old.case) if old else 0
        if old:
            old.case.pop("version", None)
        node_ids = dict(old.node_ids) if old else {}
        report = SaveReport(case_id, created=old is None)
        plan: dict[str, tuple[list[Any], list[Any], list[Any]]] = {}
        for kind in (*_NODE_KINDS, *_EDGE_KINDS):
            after: dict[Any, dict[str, Any]] = getattr(new, kind)
            before: dict[Any, dict[str, Any]] = getattr(old, kind) if old else {}
            added = [k for k in after if k not in before]
            removed = [k for k in before if k not in after]
            changed = [k for k in after if k in before and before[k] != after[k]]
            plan[kind] = (added, changed, removed)
            name = _REPORT_NAMES[kind]
            report.added[name] = len(added)
            report.changed[name] = len(changed)
            report.removed[name] = len(removed)
        case_changed = old is None or old.case != new.case
        report.changed["case"] = int(old is not None and case_changed)
        if base_version is not None and base_version != stored:
            raise self._stale(case_id, base_version, stored, report)
        report.version = stored if report.unchanged else stored + 1
        total = sum(len(a) + len(c) + len(r) for a, c, r in plan.values())
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, total)

        if progress is not None:
            progress(0, total)
        if case_changed:
            props = {**new.case, "version": report.version}
            tx.run("MERGE (c:Case {case_id: $case}) SET c = $props", case=case_id, props=props)
        elif not report.unchanged:
            tx.run(_SET_VERSION, case=case_id, version=report.version)
        # 1. Remove what went away or changed, edges first.
        for kind in _EDGE_KINDS:
            added, changed, removed = plan[kind]
            gone = removed + changed
            if kind == "rels":
                keys: list[Any] = [[k, (old.rels if old else {})[k]["source"]] for k in gone]
            else:
                keys = [list(k) if isinstance(k, tuple) else k for k in gone]
            for chunk in _chunks(keys):
                tx.run(_DELETE[kind], case=case_id, keys=list(chunk))
            tick(len(removed))
        for kind in _NODE_KINDS:
            removed = plan[kind][2]
            keys = [list(k) if isinstance(k, tuple) else k for k in removed]
            for chunk in _chunks(keys):
                tx.run(_DELETE[kind], case=case_id, keys=list(chunk))
            tick(len(removed))
        # 2. Write nodes (new and changed), then edges.
        for kind in _NODE_KINDS:
            added, changed, _ = plan[kind]
            after = getattr(new, kind)
            groups: dict[str, list[dict[str, Any]]] = {}
            for keys_, is_new in ((added, True), (changed, False)):
                for k in keys_:
                    props = after[k]
                    roles = tuple(props.get("roles", ())) if kind == "actors" else ()
                    row = {"key": list(k) if isinstance(k, tuple) else k, "props": props}
                    groups.setdefault(_node_write(kind, is_new, roles), []).append(row)
            for query, rows in groups.items():
                for chunk in _chunks(rows):
                    result = tx.run(query, case=case_id, rows=list(chunk))
                    if query.endswith(_MADE):
                        node_ids.update(result.single(strict=True)["made"])
                    tick(len(chunk))
        for kind in _EDGE_KINDS:
            added, changed, _ = plan[kind]
            after = getattr(new, kind)
            keys2 = added + changed
            if kind == "rels":
                by_type: dict[str, list[dict[str, Any]]] = {}
                for k in keys2:
                    props = after[k]  # "_type" rides along unused; it is not written
                    by_type.setdefault(props["_type"], []).append(_rel_row(props, node_ids))
                for rtype, rows in by_type.items():
                    for chunk in _chunks(rows):
                        tx.run(_WRITE_REL[rtype], case=case_id, rows=list(chunk))
                        tick(len(chunk))
            else:
                if kind == "members":  # between actors: ends by element id, like relationships
                    rows = [
                        {"ends": [node_ids[a], node_ids[g]], "props": after[(a, g)]}
                        for a, g in keys2
                    ]
                else:
                    rows = [{"key": list(k), "props": after[k]} for k in keys2]
                for chunk in _chunks(rows):
                    tx.run(_WRITE[kind], case=case_id, rows=list(chunk))
                    tick(len(chunk))
        return report

    def _stale(self, case_id: str, base: int, stored: int, report: SaveReport) -> StaleVersionError:
        would = report.summary().split(": ", 1)[-1]
        if stored == 0:
            now = "was deleted from the database"
        elif base == 0:
            now = f"is in the database already (version {stored}) and this push is not based on it"
        else:
            now = f"changed in the database since (version {base} then, {stored} now)"
        return StaleVersionError(
            f"case {case_id!r} {now}; nothing was written (this push would have: {would})",
            hints=[
                f"ecograph pull {case_id} --from {self.uri} -o OTHER.yaml, bring your changes "
                "into it, and push that file",
                "or push with --force to replace the stored case with this file",
            ],
            base=base,
            stored=stored,
        )

    def delete(self, case_id: str) -> bool:
        """Remove the case and everything in it (one transaction); return whether it existed.

        Raises
        ------
        StoreError
            The server refused or failed, or deleting needs more transaction memory than it
            allows (tried once, nothing deleted).
        """

        def work(tx: neo4j.Transaction) -> bool:
            tx.run(_LOCK_CASE, case=case_id).consume()
            found = tx.run("MATCH (c:Case {case_id: $case}) RETURN count(c) AS n", case=case_id)
            existed = bool(found.single(strict=True)["n"])
            for label in ("Observation", "Actor", "Goal", "Agreement", "Case"):
                tx.run(f"MATCH (n:{label}) WHERE n.case_id = $case DETACH DELETE n", case=case_id)
            return existed

        return self.write(work, what=f"deleting case {case_id!r}", nothing="nothing was deleted")

    # -------------------------------------------------------------- queries
    def run_query(self, name: str, case_id: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named query of ``queries/`` on one case; return its rows.

        Parameters
        ----------
        name : str
            The file name without ``.cypher`` (see :func:`query_names`).
        case_id : str
            The case, passed as ``$case``.
        **params
            The query's other parameters.
        """
        text = load_query(name)
        return self.read(lambda tx: result_rows(tx.run(text, case=case_id, **params)))

    def close(self) -> None:
        """Close the driver."""
        self._driver.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def query_names() -> list[str]:
    """Return the names of the shipped queries (the ``.cypher`` files)."""
    folder = resources.files("ecograph.queries")
    return sorted(p.name[: -len(".cypher")] for p in folder.iterdir() if p.name.endswith(".cypher"))


def load_query(name: str) -> str:
    """Return the text of the shipped query ``name``."""
    if name not in query_names():
        raise NotFoundError(f"no query {name!r} (known: {', '.join(query_names())})")
    return (resources.files("ecograph.queries") / f"{name}.cypher").read_text(encoding="utf-8")
