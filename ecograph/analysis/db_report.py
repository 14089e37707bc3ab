"""The analysis report of a stored case, answered in the database where a twin exists.

``ecograph analyze CASE_ID --store bolt://...`` answers the report sections that have a Cypher
twin in ``queries/`` inside Neo4j, on the latest state of each relationship, without pulling the
case; the sections with no twin (they need every pair's likelihoods, the goals and stances, or
the whole signed map) are computed in Python on the pulled case only when asked for.

The sections with a twin, the question each answers in the database and its queries are
listed in docs/analysis.md, generated from the registry (:mod:`ecograph.analysis.questions`).

These are the database's own questions, close to but not the same as the Python report's
sections of the same name (which read likelihoods, as-of dates and membership ties); the report
says which question each section answers. This module is pure: the store fills a
:class:`DatabaseAnswers` (:func:`ecograph.store.questions.ask_database`).

Examples
--------
>>> plan = plan_sections(None, in_database=True)
>>> plan.database[:3], plan.skipped
(['hotspots', 'influence_paths', 'brokers'], ['bargaining', 'tactics', 'factions', 'latent'])
>>> plan_sections(["tactics,power"], in_database=True).python
['tactics']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ecograph.analysis.params import Params
from ecograph.analysis.questions import DATABASE, QUERIES, REGISTRY, SECTIONS
from ecograph.analysis.questions.balance import census_score
from ecograph.analysis.report import AnalysisReport, select_sections
from ecograph.errors import InputError

__all__ = [
    "DATABASE_SECTIONS",
    "PYTHON_SECTIONS",
    "READS",
    "DatabaseAnswers",
    "SectionPlan",
    "StoreReport",
    "census_score",
    "display_uri",
    "mentioned",
    "plan_sections",
]

Row = dict[str, Any]

#: Each section answered in the database and its queries (``queries/NAME.cypher``).
DATABASE_SECTIONS: dict[str, tuple[str, ...]] = {
    name: tuple(x.name for x in twin.queries)
    for name, q in REGISTRY.items()
    if (twin := q.database) is not None
}
#: The sections with no database twin, in report order.
PYTHON_SECTIONS: tuple[str, ...] = tuple(s for s in SECTIONS if s not in DATABASE)
#: What the database questions read.
READS = "the latest state of each relationship"


@dataclass(frozen=True)
class SectionPlan:
    """Where each asked-for section is answered.

    Attributes
    ----------
    database : list of str
        Sections answered in the database.
    python : list of str
        Sections computed in Python on the pulled case.
    skipped : list of str
        Sections with no database twin that were not asked for (``--full`` adds them).
    """

    database: list[str]
    python: list[str]
    skipped: list[str] = field(default_factory=list)

    @property
    def queries(self) -> list[str]:
        """The queries the database sections need, in report order."""
        return [q for s in self.database for q in DATABASE_SECTIONS[s]]


def plan_sections(
    only: Iterable[str] | None,
    *,
    in_database: bool,
    full: bool = False,
    as_of: dt.date | None = None,
    params: Params | None = None,
) -> SectionPlan:
    """Decide where each section is answered, and refuse what the database cannot answer.

    Parameters
    ----------
    only : iterable of str or None
        Section names (or comma-separated lists); None: the default report.
    in_database : bool
        The store is a database (Neo4j); otherwise every section is computed in Python.
    full : bool
        Also compute the default sections that have no database twin (pulls the case).
    as_of : date, optional
        Read the map as of this date: only the Python sections can.
    params : Params, optional
        The weights and thresholds (``--config``); they apply to the Python sections.

    Returns
    -------
    SectionPlan
        With ``only`` given, the named sections with no twin are computed in Python; without it
        they are computed only with ``full`` and listed as skipped otherwise.

    Raises
    ------
    InputError
        An unknown section; ``as_of`` with a database section; signs other than the defaults
        with the database's triangle census (its signs were stored on push).
    """
    wanted = select_sections(only)
    if not in_database:
        return SectionPlan([], wanted)
    database = [s for s in wanted if s in DATABASE_SECTIONS]
    rest = [s for s in wanted if s not in DATABASE_SECTIONS]
    asked = only is not None or full
    if as_of is not None and database:
        raise InputError(
            f"the sections answered in the database ({', '.join(database)}) read {READS}, "
            "not the map as of a date",
            field="--as-of",
            expected="--as-of only with --only sections computed in Python ("
            + ", ".join(PYTHON_SECTIONS)
            + "), or pull the case and run ecograph analyze FILE --as-of",
        )
    if params is not None and params.signs != Params().signs and "balance" in database:
        raise InputError(
            "the config changes the signs, but the triangle census in the database uses the "
            "signs stored on push (cooperation +1, agreement +0.5, conflict -1)",
            field="--config",
            expected="no signs in the config with the balance section (leave it out with "
            "--only), or pull the case and run ecograph analyze FILE --config",
        )
    return SectionPlan(database, rest if asked else [], [] if asked else rest)


def display_uri(uri: str) -> str:
    """Return ``uri`` without any ``user:password@`` part.

    Examples
    --------
    >>> display_uri("bolt://neo4j:secret@db.example:7687/x")
    'bolt://db.example:7687/x'
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return uri
    netloc, slash, path = rest.partition("/")
    return f"{scheme}://{netloc.rpartition('@')[2]}{slash}{path}"


def mentioned(rows: dict[str, list[Row]]) -> tuple[set[str], set[str]]:
    """Return the actor ids and the relationship ids (bridged by brokers) the rows name."""
    actors: set[str] = set()
    rels: set[str] = set()
    for name, items in rows.items():
        query = QUERIES[name]
        for row in items:
            for column in query.actors:
                value = row.get(column)
                if isinstance(value, list):
                    actors.update(str(x) for x in value)
                elif value is not None:
                    actors.add(str(value))
            for column in query.relationships:
                rels.update(str(x) for x in row.get(column) or [])
    return actors, rels


@dataclass(frozen=True)
class DatabaseAnswers:
    """What the database answered for one case, in one read transaction.

    Attributes
    ----------
    case, title : str
    store : str
        The database's URI, without credentials.
    rows : dict
        Query name -> its rows, exactly as the query returns them.
    names, powers : dict
        Display name and power of each actor the rows name.
    ends : dict
        Relationship id -> (source, target), for the relationships the brokers bridge.
    """

    case: str
    title: str
    store: str
    rows: dict[str, list[Row]]
    names: dict[str, str] = field(default_factory=dict)
    powers: dict[str, float] = field(default_factory=dict)
    ends: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class StoreReport:
    """The report of a case in a database: sections answered there, and in Python.

    Attributes
    ----------
    case, title, store : str
    plan : SectionPlan
    params : Params
        The weights and thresholds: the Python sections use them; the text report reads the
        database rows against the thresholds (a large power gap).
    database : DatabaseAnswers or None
        None when no section is answered in the database.
    python : AnalysisReport or None
        The sections computed in Python on the pulled case (None when none was asked for).
    """

    case: str
    title: str
    store: str
    plan: SectionPlan
    params: Params
    database: DatabaseAnswers | None
    python: AnalysisReport | None

    @property
    def names(self) -> dict[str, str]:
        """Actor id -> display name, from either part."""
        return {
            **(self.python.names if self.python else {}),
            **(self.database.names if self.database else {}),
        }

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data: the case id first; the database rows as the queries give them."""
        db = self.database
        py = self.python
        return {
            "case": self.case,
            "title": self.title,
            "store": self.store,
            "params": self.params.model_dump(mode="json"),
            "database": None
            if db is None
            else {
                "reads": READS,
                "sections": {s: list(DATABASE_SECTIONS[s]) for s in self.plan.database},
                "rows": dict(db.rows),
            },
            "python": None
            if py is None
            else {
                "as_of": py.as_of.isoformat() if py.as_of else None,
                "sections": py.to_json()["sections"],
            },
            "not_computed": list(self.plan.skipped),
            "names": self.names,
        }
