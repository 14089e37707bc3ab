"""``ecograph analyze CASE_ID --store URI``: the user's view.

Against the real local Neo4j (started by the tests): the sections with a database twin are
answered by the shipped Cypher inside the database, the case is not pulled unless Python
sections are asked for, and the rows are those of the Python twins. With a case file or
``memory:`` the command is ``ecograph analyze FILE``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from ecograph.analysis.questions import QUERIES
from ecograph.cli import app
from ecograph.graph import EcoGraph
from ecograph.io.casefile import load_case, save_case
from ecograph.model import Case
from ecograph.store import neo4j as store_neo4j
from ecograph.store.neo4j import Neo4jStore
from tests.parity import assert_same_rows, check_paths

#: Each query of queries/ and its Python twin.
QUESTIONS = {name: query.twin for name, query in QUERIES.items()}

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CHILD = EXAMPLES / "child-protection.yaml"
DB_SECTIONS = [
    "hotspots",
    "influence_paths",
    "brokers",
    "power",
    "isolated_clients",
    "trend",
    "balance",
]
PY_SECTIONS = ["bargaining", "tactics", "factions", "latent"]


def _fresh(case: Case) -> Case:
    return case.model_copy(update={"id": f"analyze-{uuid.uuid4().hex[:10]}"}, deep=True)


@pytest.fixture
def db(neo4j_server, monkeypatch) -> Iterator[tuple[str, str]]:
    """The server's URI and its password, with the credentials in the environment only."""
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    yield neo4j_server.uri, neo4j_server.password


@pytest.fixture
def pushed(neo4j_server, db) -> Iterator[Case]:
    """The child-protection case, stored under a fresh id (removed afterwards)."""
    case = _fresh(load_case(CHILD))
    with Neo4jStore(neo4j_server.uri) as store:
        store.save(case)
        yield case
        store.delete(case.id)


def analyze(args: list[str], password: str | None = None) -> tuple[int, str]:
    r = runner.invoke(app, ["analyze", *args])
    assert "Traceback" not in r.output
    if password:
        assert password not in r.output  # the credentials are never printed
    return r.exit_code, r.output


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ in the database
@pytest.mark.neo4j
def test_text_report_is_answered_in_the_database_and_explains_itself(db, pushed):
    uri, password = db
    code, out = analyze([pushed.id, "--store", uri], password)
    assert code == 0, out
    text = flat(out)
    assert f"(case {pushed.id})" in text
    assert f"computed in the database at {uri}" in text
    assert "latest state of each relationship" in text
    hot = text.split("Hotspots")[1].split("Influence paths")[0]
    # Roberta carries most conflict: four conflict-dominant ties, load 2.12
    assert hot.index("Roberta (mother)") < hot.index("Olivia (team manager)")
    assert "Roberta (mother): conflict load 2.12" in hot and "4 relationships" in hot
    assert "conflict arises when the parties cannot reach agreement or compromise" in hot
    brokers = text.split("Brokers")[1].split("Power")[0]
    assert "Susan (social worker) has positive ties to both sides of 3 conflicts" in brokers
    assert "Police public protection unit -- Roberta (mother)" in brokers
    power = text.split("Power")[1].split("Isolated clients")[0]
    assert "Children's services team over Roberta's family: imbalance 0.65" in power
    assert "power 0.85 vs 0.20" in power
    # the model's reason hostility lasts: a mandated party cannot walk away
    assert "Roberta's family: imbalance 0.65 (power 0.85 vs 0.20: a large gap); mandated, " in (
        power
    )
    assert "mandated, cannot walk away: Roberta's family" in power
    assert (
        "Olivia (team manager) over Roberta (mother): imbalance 0.60 (power 0.80 vs 0.20: "
        "a large gap); mandated, cannot walk away: Roberta (mother)"
    ) in power
    trend = text.split("Trend")[1].split("Balance")[0]
    assert "Nursery -- Roberta (mother): conflict share 0% -> 100%" in trend
    assert "+++ 1" in text and "++- 3" in text
    assert "Roberta's family: no chain of cooperative ties" in text
    # the sections with no database twin are named, with the way to get them
    tail = text.split("Not computed in the database")[1]
    assert all(s in tail for s in PY_SECTIONS) and "--full" in tail
    assert "Tactics --" not in text  # ... and not computed


@pytest.mark.neo4j
@pytest.mark.parametrize("example", ["child-protection", "community-40", "micro-district"])
def test_json_rows_equal_the_python_twins(db, neo4j_server, example: str):
    uri, password = db
    case = _fresh(load_case(EXAMPLES / f"{example}.yaml"))
    graph = EcoGraph.from_case(case)
    with Neo4jStore(uri) as store:
        store.save(case)
        try:
            code, out = analyze([case.id, "--store", uri, "--json"], password)
        finally:
            store.delete(case.id)
    assert code == 0, out
    data = json.loads(out)
    assert list(data)[:2] == ["case", "title"] and data["case"] == case.id
    assert data["store"] == uri and data["python"] is None
    assert data["not_computed"] == PY_SECTIONS
    assert list(data["database"]["sections"]) == DB_SECTIONS
    rows = data["database"]["rows"]
    assert sorted(rows) == sorted(QUESTIONS)  # every shipped question, once
    nonempty = 0
    for name, twin in QUESTIONS.items():
        assert_same_rows(name, rows[name], twin(graph))
        if name == "influence_paths":
            check_paths(rows[name], graph)
        nonempty += bool(rows[name])
    assert nonempty >= 4
    # every actor named in a row has its display name
    assert all(r["actor"] in data["names"] for r in rows["conflict_load"])


@pytest.mark.neo4j
def test_the_database_path_answers_in_one_read_and_analyses_nothing_in_python(db, pushed, monkeypatch):
    uri, password = db

    def no_pull(*_a, **_k):
        raise AssertionError("the case was analysed in Python")

    # The stored case is read and checked as a case file in the same read transaction (issue
    # 15: data edited by hand is reported, not answered); the questions are answered in the
    # database, and nothing is analysed in Python.
    monkeypatch.setattr(Neo4jStore, "load", no_pull)
    monkeypatch.setattr("ecograph.analysis.report.analyze", no_pull)
    reads = []
    real_read = neo4j.Session.execute_read

    def counting_read(self, work, *args, **kwargs):
        reads.append(work)
        return real_read(self, work, *args, **kwargs)

    monkeypatch.setattr(neo4j.Session, "execute_read", counting_read)
    code, out = analyze([pushed.id, "--store", uri], password)
    assert code == 0, out
    assert len(reads) == 1  # every question in one read transaction
    assert "Roberta (mother): conflict load 2.12" in flat(out)
    code, out = analyze([pushed.id, "--store", uri, "--json", "--only", "power,trend"], password)
    assert code == 0, out
    assert list(json.loads(out)["database"]["sections"]) == ["power", "trend"]
    # asking for a Python section does analyse it in Python (and here that fails loudly)
    code, out = analyze([pushed.id, "--store", uri, "--full"], password)
    assert code != 0


@pytest.mark.neo4j
def test_full_adds_the_python_sections_as_analyze_file_gives_them(db, pushed, tmp_path):
    uri, password = db
    reads, pulls = [], []
    real_read, real_rows = neo4j.Session.execute_read, store_neo4j._read_rows

    def counting_read(self, work, *args, **kwargs):
        reads.append(work)
        return real_read(self, work, *args, **kwargs)

    def counting_rows(tx, case_id):
        pulls.append(case_id)
        return real_rows(tx, case_id)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(neo4j.Session, "execute_read", counting_read)
        mp.setattr(store_neo4j, "_read_rows", counting_rows)
        code, out = analyze([pushed.id, "--store", uri, "--full", "--json"], password)
    assert code == 0, out
    # pulled once, for the Python sections only, in the same read transaction as the
    # questions answered in the database: every section reads one state of the database
    assert pulls == [pushed.id] and len(reads) == 1
    data = json.loads(out)
    assert list(data["python"]["sections"]) == PY_SECTIONS and data["not_computed"] == []
    file = tmp_path / "case.yaml"
    save_case(pushed, file)
    plain = json.loads(
        runner.invoke(app, ["analyze", str(file), "--json", "--only", ",".join(PY_SECTIONS)]).output
    )
    assert data["python"]["sections"] == plain["sections"]

    code, out = analyze([pushed.id, "--store", uri, "--full"], password)
    assert code == 0, out
    text = flat(out)
    assert f"computed in Python on the case pulled from {uri}: {', '.join(PY_SECTIONS)}" in text
    assert "Tactics -- toward each target and action-system actor" in text
    assert "Roberta (mother): bargaining (law)" in text
    assert "Not computed in the database" not in text


@pytest.mark.neo4j
def test_only_python_sections_with_as_of_pull_the_case(db, pushed, tmp_path):
    uri, password = db
    code, out = analyze(
        [pushed.id, "--store", uri, "--only", "tactics", "--as-of", "2026-08-31", "--json"],
        password,
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["database"] is None and data["python"]["as_of"] == "2026-08-31"
    file = tmp_path / "case.yaml"
    save_case(pushed, file)
    plain = json.loads(
        runner.invoke(
            app, ["analyze", str(file), "--json", "--only", "tactics", "--as-of", "2026-08-31"]
        ).output
    )
    assert data["python"]["sections"] == plain["sections"]


@pytest.mark.neo4j
def test_mixed_only_keeps_each_section_where_it_can_be_answered(db, pushed):
    uri, password = db
    code, out = analyze(
        [pushed.id, "--store", uri, "--only", "latent,hotspots", "--json"], password
    )
    assert code == 0, out
    data = json.loads(out)
    assert list(data["database"]["sections"]) == ["hotspots"]
    assert list(data["database"]["rows"]) == ["conflict_load"]
    assert list(data["python"]["sections"]) == ["latent"]


@pytest.mark.neo4j
def test_unknown_case_id_is_a_clear_error(db, pushed):
    uri, password = db
    for extra in ([], ["--full"], ["--only", "tactics"], ["--json"]):
        code, out = analyze(["no-such-case", "--store", uri, *extra], password)
        assert code == 2, (extra, out)
        assert out.strip() == f"error: no case 'no-such-case' in the database at {uri}"
    # a case file given where the id is expected says what to do
    code, out = analyze([str(CHILD), "--store", uri], password)
    assert code == 2 and "give the case's id" in out and "ecograph push" in out


@pytest.mark.neo4j
def test_credentials_are_never_printed(neo4j_server, pushed, monkeypatch):
    code, out = analyze([pushed.id, "--store", neo4j_server.uri, "--full"], neo4j_server.password)
    assert code == 0
    code, out = analyze(
        [pushed.id, "--store", neo4j_server.uri, "--full", "--json"], neo4j_server.password
    )
    assert code == 0 and neo4j_server.user not in json.loads(out)["store"]
    monkeypatch.setenv("NEO4J_PASSWORD", "wrong-" + neo4j_server.password)
    code, out = analyze([pushed.id, "--store", neo4j_server.uri], neo4j_server.password)
    assert code == 3 and "refused the credentials" in out
    assert len(out.strip().splitlines()) == 1


def test_credentials_in_the_store_uri_are_refused_without_repeating_them():
    r = runner.invoke(app, ["analyze", "some-case", "--store", "bolt://neo4j:s3cret-Pa55@h:9"])
    assert r.exit_code == 2, r.output
    assert "s3cret-Pa55" not in r.output and "NEO4J_PASSWORD" in r.output
    assert len(r.output.strip().splitlines()) == 1


# ------------------------------------------------------------------ input errors (one line, exit 2)
@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--only", "hotspot"], "did you mean 'hotspots'"),
        (["--as-of", "2026-06-30"], "latest state of each relationship"),
        (["--full", "--as-of", "2026-06-30"], "latest state of each relationship"),
        (["--only", "trend,tactics", "--as-of", "2026-06-30"], "trend"),
    ],
)
def test_bad_options_are_one_line_errors_before_connecting(extra, words, pushed, db):
    uri, password = db
    code, out = analyze([pushed.id, "--store", uri, *extra], password)
    assert code == 2 and words in out, out
    assert len(out.strip().splitlines()) == 1
    # they do not need the server
    code, again = analyze([pushed.id, "--store", "bolt://127.0.0.1:9", *extra], password)
    assert (code, again) == (2, out)


@pytest.mark.neo4j
def test_config_applies_to_python_sections_and_signs_are_refused_for_the_census(
    db, pushed, tmp_path
):
    uri, password = db
    signs = tmp_path / "signs.yaml"
    signs.write_text("signs: {agreement: 0.2}\n")
    code, out = analyze([pushed.id, "--store", uri, "--config", str(signs)], password)
    assert code == 2 and "signs" in out and "balance" in out
    assert len(out.strip().splitlines()) == 1
    code, out = analyze(
        [
            pushed.id,
            "--store",
            uri,
            "--config",
            str(signs),
            "--only",
            "factions,hotspots",
            "--json",
        ],
        password,
    )
    assert code == 0, out
    assert json.loads(out)["params"]["signs"]["agreement"] == 0.2
    th = tmp_path / "th.yaml"
    th.write_text("thresholds: {power_gap: 0.6}\n")
    code, out = analyze(
        [pushed.id, "--store", uri, "--config", str(th), "--only", "power"], password
    )
    assert code == 0, out
    power = flat(out).split("Power")[1]
    # the threshold marks the large gaps; the database rows are the same
    assert "a gap is large from 0.60" in power
    assert "imbalance 0.65 (power 0.85 vs 0.20: a large gap)" in power
    assert "imbalance 0.50 (power 0.70 vs 0.20)" in power


# ------------------------------------------------------------------ a case file or memory:
def test_file_store_gives_what_analyze_file_gives():
    for extra in ([], ["--json"], ["--only", "tactics,trend", "--as-of", "2026-08-31"]):
        by_store = runner.invoke(
            app, ["analyze", "child-protection-roberta", "--store", str(CHILD), *extra]
        )
        by_file = runner.invoke(app, ["analyze", str(CHILD), *extra])
        assert by_store.exit_code == 0, by_store.output
        assert by_store.output == by_file.output


def test_file_and_memory_stores_without_the_case_say_so():
    r = runner.invoke(app, ["analyze", "other-case", "--store", str(CHILD)])
    assert r.exit_code == 2 and "no case 'other-case'" in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(app, ["analyze", "other-case", "--store", "memory:"])
    assert r.exit_code == 2 and "no case 'other-case' in the memory store" in r.output


def test_help_names_the_store_option():
    r = runner.invoke(app, ["analyze", "--help"])
    assert r.exit_code == 0
    text = flat(r.output)
    assert "--store" in text and "--full" in text and "CASE_ID" in text
