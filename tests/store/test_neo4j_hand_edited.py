"""A case edited by hand in Neo4j is checked as a case file when read back (issue 15, item 13).

Against the real local Neo4j: each edit is made with Cypher after a push; ``pull`` and
``analyze --store`` (with or without ``--full``) then exit 3 with the case file's own message,
naming the case (and, for an actor, the node's element id), never a name, and never a traceback.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.io.casefile import load_case
from ecograph.store.neo4j import Neo4jStore
from tests.conftest import EXAMPLES

runner = CliRunner()
pytestmark = pytest.mark.neo4j

#: Each edit: Cypher (with $case), words the message must hold, whether it names a node.
EDITS = {
    "power of 5": (
        "MATCH (a:Actor {case_id: $case, id: 'roberta'}) SET a.power = 5",
        "power: Input should be less than or equal to 1 (got 5)", True,
    ),
    "power true": (
        "MATCH (a:Actor {case_id: $case, id: 'roberta'}) SET a.power = true",
        "power: true/false is not a number", True,
    ),
    "broken attributes JSON": (
        "MATCH (a:Actor {case_id: $case, id: 'roberta'}) SET a.attributes = '{\"Roberta Jones\": '",
        "attributes: not valid JSON", True,
    ),
    "name removed": (
        "MATCH (a:Actor {case_id: $case, id: 'roberta'}) REMOVE a.name",
        "name: this required field is missing", True,
    ),
    "a bad date": (
        "MATCH (o:Observation {case_id: $case}) WITH o LIMIT 1 SET o.date = 'Roberta Jones'",
        "date: Input should be a valid date", False,
    ),
    "a date beyond the supported range": (
        "MATCH (o:Observation {case_id: $case}) WITH o LIMIT 1 SET o.date = date('9999-12-31')",
        "outside the supported dates", False,
    ),
    "broken perceptions JSON": (
        "MATCH (:Actor)-[r]->(:Actor) WHERE r.case_id = $case AND r.rel_id IS NOT NULL "
        "AND r.perceptions IS NULL "
        "WITH r LIMIT 1 SET r.perceptions = '[{'",
        "perceptions: not valid JSON", False,
    ),
}  # fmt: skip


@pytest.fixture
def db(neo4j_server, monkeypatch) -> Iterator[tuple[str, neo4j.Driver]]:
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        yield neo4j_server.uri, driver


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_hand_edited_case_is_refused_like_a_case_file(
    db: tuple[str, neo4j.Driver], tmp_path: Path, edit: str
) -> None:
    uri, driver = db
    case = load_case(EXAMPLES / "child-protection.yaml")
    case = case.model_copy(update={"id": f"edited-{uuid.uuid4().hex[:8]}"})
    with Neo4jStore(uri) as store:
        store.save(case)
    cypher, words, names_node = EDITS[edit]
    try:
        with driver.session() as session:
            summary = session.run(cypher, case=case.id).consume()
        assert summary.counters.contains_updates
        for args in (
            ["pull", case.id, "--from", uri, "-o", str(tmp_path / "out.yaml")],
            ["analyze", case.id, "--store", uri, "--full"],
            # only the database's sections: the case is still checked first
            ["analyze", case.id, "--store", uri],
            ["analyze", case.id, "--store", uri, "--only", "hotspots", "--json"],
        ):
            r = runner.invoke(app, args)
            assert r.exit_code == 3, r.output
            assert (
                "Traceback" not in r.output
                and r.exception is None
                or isinstance(r.exception, SystemExit)
            )
            assert f"case {case.id!r} in the database" in r.output
            assert words in r.output, r.output
            assert ", node " in r.output if names_node else True
            for name in ("Roberta", "Susan", "Jones"):
                assert name not in r.output
        assert not (tmp_path / "out.yaml").exists()
    finally:
        with Neo4jStore(uri) as store:
            store.delete(case.id)
