"""Where each report section is answered for a stored case (ecograph/analysis/db_report.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from ecograph import load_graph
from ecograph.analysis.db_report import (
    DATABASE_SECTIONS,
    PYTHON_SECTIONS,
    DatabaseAnswers,
    StoreReport,
    census_score,
    display_uri,
    mentioned,
    plan_sections,
)
from ecograph.analysis.params import Params, loads_params
from ecograph.analysis.questions import QUERIES
from ecograph.analysis.report import SECTIONS, analyze
from ecograph.errors import InputError
from ecograph.store.neo4j import query_names

#: Each query of queries/ and its Python twin.
QUESTIONS = {name: query.twin for name, query in QUERIES.items()}

DAY = dt.date(2026, 6, 30)


def test_every_query_answers_one_section_and_every_section_has_a_place():
    queries = [q for qs in DATABASE_SECTIONS.values() for q in qs]
    assert sorted(queries) == sorted(query_names()) == sorted(QUESTIONS)
    assert set(DATABASE_SECTIONS) | set(PYTHON_SECTIONS) == set(SECTIONS)
    assert not set(DATABASE_SECTIONS) & set(PYTHON_SECTIONS)
    assert PYTHON_SECTIONS == ("bargaining", "tactics", "factions", "latent", "pairs")


def test_default_plan_answers_in_the_database_and_lists_the_rest():
    plan = plan_sections(None, in_database=True)
    assert plan.database == [s for s in SECTIONS if s in DATABASE_SECTIONS]
    assert plan.python == []
    assert plan.skipped == ["bargaining", "tactics", "factions", "latent"]  # pairs: on request
    assert plan.queries[:2] == ["conflict_hotspots", "influence_paths"]
    assert "clients_without_cooperation" in plan.queries


def test_full_and_only_move_sections_to_python():
    full = plan_sections(None, in_database=True, full=True)
    assert full.python == ["bargaining", "tactics", "factions", "latent"] and full.skipped == []
    mixed = plan_sections(["pairs,brokers", "latent"], in_database=True)
    assert (mixed.database, mixed.python, mixed.skipped) == (["brokers"], ["latent", "pairs"], [])
    assert plan_sections(["hotspots"], in_database=True, full=True).python == []


def test_a_file_store_computes_everything_in_python():
    plan = plan_sections(None, in_database=False, as_of=DAY)
    assert plan.database == [] and plan.skipped == []
    assert plan.python == [s for s in SECTIONS if s != "pairs"]


def test_as_of_is_refused_for_database_sections_only():
    with pytest.raises(InputError) as err:
        plan_sections(None, in_database=True, as_of=DAY)
    text = str(err.value)
    assert text.startswith("--as-of: ") and "\n" not in text
    assert "latest state of each relationship" in text and "expected --as-of only with" in text
    with pytest.raises(InputError, match=r"\(trend\)"):
        plan_sections(["tactics,trend"], in_database=True, as_of=DAY)
    assert plan_sections(["tactics"], in_database=True, as_of=DAY).python == ["tactics"]


def test_changed_signs_are_refused_with_the_census_from_the_database():
    signs = loads_params("signs: {agreement: 0.2}")
    with pytest.raises(InputError, match="signs stored on push"):
        plan_sections(None, in_database=True, params=signs)
    assert plan_sections(["factions,power"], in_database=True, params=signs).python == ["factions"]
    weights = loads_params("weights: {trend: 2}")
    assert "balance" in plan_sections(None, in_database=True, params=weights).database


def test_unknown_section_names_the_closest():
    with pytest.raises(InputError, match="did you mean 'brokers'"):
        plan_sections(["broker"], in_database=True)


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("bolt://127.0.0.1:7687", "bolt://127.0.0.1:7687"),
        ("neo4j+s://me:p%40ss@db.example.org:7687", "neo4j+s://db.example.org:7687"),
        ("bolt://user:pw@host/db?x=1", "bolt://host/db?x=1"),
        ("case.yaml", "case.yaml"),
    ],
)
def test_display_uri_drops_credentials(uri, shown):
    assert display_uri(uri) == shown


def test_mentioned_ids_and_census_score():
    g = load_graph("examples/child-protection.yaml")
    rows = {name: twin(g) for name, twin in QUESTIONS.items()}
    actors, rels = mentioned(rows)
    assert {"roberta", "susan", "cs-team", "police", "nursery", "health-visitor"} <= actors
    assert rels == {"health-visitor~roberta", "nursery~roberta", "police~roberta"}
    assert census_score(rows["triangle_census"][0]) == 0.25
    assert census_score({"ppp": 0, "ppn": 0, "pnn": 0, "nnn": 0}) == 1.0


def test_report_json_keeps_the_rows_as_the_queries_give_them():
    g = load_graph("examples/child-protection.yaml")
    plan = plan_sections(["power,isolated_clients,tactics"], in_database=True)
    rows = {q: QUESTIONS[q](g) for q in plan.queries}
    answers = DatabaseAnswers(g.case_id, g.title, "bolt://h:1", rows, names={"cs-team": "Team"})
    python = analyze(g, only=plan.python)
    data = StoreReport(g.case_id, g.title, "bolt://h:1", plan, Params(), answers, python).to_json()
    assert list(data)[:3] == ["case", "title", "store"]
    assert data["database"]["sections"] == {
        "power": ["power_imbalance"],
        "isolated_clients": ["isolated_clients", "clients_without_cooperation"],
    }
    assert data["database"]["rows"] == rows
    assert data["database"]["reads"] == "the latest state of each relationship"
    assert list(data["python"]["sections"]) == ["tactics"]
    assert data["names"]["cs-team"] == "Team"  # the database's names win
    assert data["names"]["roberta"] == "Roberta (mother)"
    assert data["not_computed"] == []
