"""Concurrent pushes of one case: a push based on a stale version is refused and says so.

Against the real local Neo4j (the ``neo4j_server`` fixture).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import StaleVersionError
from ecograph.io.casefile import load_case, save_case
from ecograph.model import Case, Observation
from ecograph.store.neo4j import Neo4jStore
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.neo4j
runner = CliRunner()
CP = EXAMPLES / "child-protection.yaml"


def _case() -> Case:
    return load_case(CP).model_copy(update={"id": f"versions-{uuid.uuid4().hex[:10]}"})


def _seen(note: str) -> Observation:
    return Observation(date=dt.date(2027, 2, 1), type="conflict", strength=0.6, note=note)


def _notes(case: Case) -> set[str | None]:
    return {o.note for r in case.relationships for o in r.history}


def _with(case: Case, note: str) -> Case:
    rels = list(case.relationships)
    rels[0] = rels[0].model_copy(update={"history": [*rels[0].history, _seen(note)]})
    return case.model_copy(update={"relationships": rels})


def _record(file: Path, note: str) -> None:
    """A worker records an encounter in their copy of the case file."""
    save_case(_with(load_case(file), note), file)


@pytest.fixture
def store(neo4j_server):
    with Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password) as s:
        yield s


def test_two_pushes_based_on_one_version_one_wins_the_other_is_refused(neo4j_server, store):
    base = _case()
    first = store.save(base)
    assert first.version == 1
    assert store.load_versioned(base.id) == (base, 1)
    edits = [_with(base, "first worker"), _with(base, "second worker")]
    stores = [
        Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
        for _ in edits
    ]
    start = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def push(s: Neo4jStore, case: Case, who: str) -> None:
        start.wait()
        try:
            outcome[who] = s.save(case, base_version=1)
        except StaleVersionError as exc:
            outcome[who] = exc

    try:
        threads = [
            threading.Thread(target=push, args=(s, c, c.relationships[0].history[-1].note))
            for s, c in zip(stores, edits, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        refused = [who for who, o in outcome.items() if isinstance(o, StaleVersionError)]
        assert len(outcome) == 2 and len(refused) == 1, outcome
        winner = next(who for who in outcome if who not in refused)
        stored, version = store.load_versioned(base.id)
        assert version == 2 and winner in _notes(stored) and refused[0] not in _notes(stored)
        err = outcome[refused[0]]
        assert isinstance(err, StaleVersionError) and (err.base, err.stored) == (1, 2)
        assert "changed in the database since (version 1 then, 2 now)" in str(err)
        assert "nothing was written (this push would have: 1 observations changed)" in str(err)
        assert store.save(stored, base_version=2).version == 2  # unchanged: same version
    finally:
        store.delete(base.id)
        for s in stores:
            s.close()


def test_cli_push_of_a_stale_pull_is_refused_and_loses_nothing(
    neo4j_server, monkeypatch, tmp_path: Path
):
    """Two workers pull the case; the first records an encounter and pushes; the second's push
    would delete that observation, so it is refused until pulled again (or forced)."""
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    case = _case()
    src = tmp_path / "case.yaml"
    save_case(case, src)
    uri = neo4j_server.uri
    try:
        r = runner.invoke(app, ["push", str(src), "--to", uri])
        assert r.exit_code == 0 and "created" in r.output, r.output
        r = runner.invoke(app, ["push", str(src), "--to", uri])  # pushed, so based on it
        assert r.exit_code == 0 and "unchanged" in r.output, r.output
        a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
        for f in (a, b):
            r = runner.invoke(app, ["pull", case.id, "--from", uri, "-o", str(f)])
            assert r.exit_code == 0, r.output
        _record(a, "worker a")
        _record(b, "worker b")
        r = runner.invoke(app, ["push", str(a), "--to", uri])
        assert r.exit_code == 0 and "updated" in r.output, r.output
        r = runner.invoke(app, ["push", str(b), "--to", uri])
        assert r.exit_code == 3, r.output
        assert "Traceback" not in r.output
        assert f"case '{case.id}' changed in the database since (version 1 then, 2 now)" in r.output
        assert "--force" in r.output and f"ecograph pull {case.id}" in r.output
        with Neo4jStore(uri) as s:
            stored = s.load(case.id)
        assert "worker a" in _notes(stored) and "worker b" not in _notes(stored)
        _record(a, "worker a again")  # a stays current
        r = runner.invoke(app, ["push", str(a), "--to", uri])
        assert r.exit_code == 0 and "updated" in r.output, r.output
        r = runner.invoke(app, ["push", str(b), "--to", uri, "--force"])
        assert r.exit_code == 0, r.output
        with Neo4jStore(uri) as s:
            assert "worker b" in _notes(s.load(case.id))
    finally:
        with Neo4jStore(uri) as s:
            s.delete(case.id)


def test_cli_push_of_a_file_never_pulled_does_not_replace_a_stored_case(
    neo4j_server, monkeypatch, tmp_path: Path
):
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    case = _case()
    with Neo4jStore(neo4j_server.uri) as s:
        s.save(_with(case, "stored by someone else"))
    try:
        other = tmp_path / "mine.yaml"
        save_case(case, other)
        r = runner.invoke(app, ["push", str(other), "--to", neo4j_server.uri])
        assert r.exit_code == 3, r.output
        assert "is in the database already (version 1) and this push is not based on it" in (
            " ".join(r.output.split())
        )
        with Neo4jStore(neo4j_server.uri) as s:
            assert "stored by someone else" in _notes(s.load(case.id))
    finally:
        with Neo4jStore(neo4j_server.uri) as s:
            s.delete(case.id)
