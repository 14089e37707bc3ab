"""Answer the analysis of a stored case: in the database for Neo4j, else in Python.

:func:`ask_database` runs the shipped queries (``queries/``) for one case in **one read
transaction**, so every answer reads the same state of the database, and looks up only the
names and powers of the actors the answers mention: the case itself is never pulled.
:func:`analyze_stored` puts a whole report together from a
:class:`~ecograph.analysis.db_report.SectionPlan`: database sections from the database,
Python sections from the case read in that same transaction (pulled whole, as
``store.load`` would), so that both kinds of section read one state of the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ecograph.analysis.db_report import (
    DatabaseAnswers,
    SectionPlan,
    StoreReport,
    display_uri,
    mentioned,
)
from ecograph.analysis.params import Params
from ecograph.analysis.report import AnalysisReport
from ecograph.errors import NotFoundError
from ecograph.store.base import QueryStore, Store

if TYPE_CHECKING:
    import neo4j

__all__ = ["ask_database", "analyze_stored"]

_CASE = "MATCH (c:Case {case_id: $case}) RETURN c.title AS title"
_ENDS = (
    "MATCH (a:Actor {case_id: $case})-[r:COOPERATION|AGREEMENT|CONFLICT]->(b:Actor) "
    "WHERE r.case_id = $case AND r.rel_id IN $rels "
    "RETURN r.rel_id AS rel, a.id AS source, b.id AS target"
)
_ACTORS = (
    "MATCH (a:Actor {case_id: $case}) WHERE a.id IN $ids "
    "RETURN a.id AS id, a.name AS name, a.power AS power"
)


def _answers(
    tx: neo4j.ManagedTransaction, case_id: str, texts: dict[str, str], uri: str
) -> DatabaseAnswers | None:
    """Run the query ``texts`` for one case inside ``tx``; None if the case is not stored."""
    from ecograph.store.neo4j import result_rows

    head = tx.run(_CASE, case=case_id).single()
    if head is None:
        return None
    rows: dict[str, list[dict[str, Any]]] = {
        name: result_rows(tx.run(text, case=case_id)) for name, text in texts.items()
    }
    actors, rels = mentioned(rows)
    ends: dict[str, tuple[str, str]] = {}
    if rels:
        for rec in tx.run(_ENDS, case=case_id, rels=sorted(rels)):
            ends[rec["rel"]] = (rec["source"], rec["target"])
            actors.update(ends[rec["rel"]])
    names: dict[str, str] = {}
    powers: dict[str, float] = {}
    for rec in tx.run(_ACTORS, case=case_id, ids=sorted(actors)):
        names[rec["id"]] = rec["name"]
        powers[rec["id"]] = rec["power"]
    return DatabaseAnswers(
        case=case_id,
        title=head["title"],
        store=display_uri(uri),
        rows=rows,
        names=names,
        powers=powers,
        ends=ends,
    )


def _not_found(store: QueryStore, case_id: str) -> NotFoundError:
    return NotFoundError(f"no case {case_id!r} in the database at {display_uri(store.uri)}")


def ask_database(store: QueryStore, case_id: str, queries: Sequence[str]) -> DatabaseAnswers:
    """Run the named queries for one case inside Neo4j, in one read transaction.

    Parameters
    ----------
    store : QueryStore
        An open store that answers questions in the database.
    case_id : str
        The case (``$case`` of every query).
    queries : sequence of str
        Names of shipped queries (``ecograph.store.neo4j.query_names()``).

    Returns
    -------
    DatabaseAnswers
        Each query's rows as it returns them, and the names and powers of the actors they
        mention.

    Raises
    ------
    NotFoundError
        No such case in the database.
    StoreError
        The database failed (one line, no credentials).
    """
    from ecograph.store.neo4j import load_query

    texts = {name: load_query(name) for name in queries}
    answers = store.read(lambda tx: _answers(tx, case_id, texts, store.uri))
    if answers is None:
        raise _not_found(store, case_id)
    return answers


def analyze_stored(
    store: Store,
    case_id: str,
    plan: SectionPlan,
    *,
    as_of: dt.date | None = None,
    params: Params | None = None,
) -> StoreReport | AnalysisReport:
    """Answer the report of a stored case as ``plan`` says.

    Parameters
    ----------
    store : Store
        An open store. Database sections need a Neo4j store.
    case_id : str
    plan : SectionPlan
        From :func:`ecograph.analysis.db_report.plan_sections` (``in_database`` true only for
        a Neo4j store).
    as_of : date, optional
        For the Python sections.
    params : Params, optional
        For the Python sections.

    Returns
    -------
    StoreReport or AnalysisReport
        For a store that is not a database (a case file, ``memory:``), the
        :class:`~ecograph.analysis.report.AnalysisReport` the case file gives; for Neo4j, a
        :class:`~ecograph.analysis.db_report.StoreReport`.

    Raises
    ------
    NotFoundError
        No such case in the store.
    """
    from ecograph.analysis.report import analyze
    from ecograph.graph import EcoGraph
    from ecograph.store.neo4j import load_query, read_case_rows, rows_to_case

    if not isinstance(store, QueryStore):
        if plan.database:
            raise TypeError("sections answered in the database need a store that answers them")
        return analyze(
            EcoGraph.from_case(store.load(case_id)), params=params, as_of=as_of, only=plan.python
        )
    # With nothing for the database to answer it still says whether the case is there.
    asked = plan.database or not plan.python
    texts = {name: load_query(name) for name in plan.queries} if asked else {}

    def work(tx: neo4j.ManagedTransaction) -> tuple[DatabaseAnswers | None, Any]:
        # The whole case for the Python sections, then the questions: one read transaction,
        # so that every section of the report reads the same state of the database. The case
        # is checked first, so that data edited by hand is reported as a case file's problems
        # rather than as a type error of a question.
        case = None
        if plan.python:
            rows = read_case_rows(tx, case_id)
            if rows is None:
                return None, None
            case = rows_to_case(rows, source=f"the database at {display_uri(store.uri)}")
        answers = _answers(tx, case_id, texts, store.uri) if asked else None
        if asked and answers is None:
            return None, None
        return answers, case

    database, case = store.read(work)
    if (asked and database is None) or (plan.python and case is None):
        raise _not_found(store, case_id)
    python = None
    if plan.python:
        graph = EcoGraph.from_case(case)
        python = analyze(graph, params=params, as_of=as_of, only=plan.python)
    return StoreReport(
        case=case_id,
        title=database.title if database is not None else python.title if python else case_id,
        store=display_uri(store.uri),
        plan=plan,
        params=params or Params(),
        database=database if plan.database else None,
        python=python,
    )
