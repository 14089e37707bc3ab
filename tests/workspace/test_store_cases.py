"""The workspace over a Neo4j database (``ecograph serve --store``), against the real server.

The same API as the folder mode: list, open, create, duplicate, edit (one transaction), undo,
the same validation messages, and no lost update -- of two clients that opened the same
version, the second is refused (409) and the database keeps the first one's change.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ecograph.io.casefile import load_case
from ecograph.store.neo4j import Neo4jStore
from ecograph.workspace import CaseFolder, create_app
from ecograph.workspace.audit import StoreAudit
from ecograph.workspace.store_cases import StoreCases
from tests.conftest import EXAMPLES

pytestmark = [pytest.mark.neo4j]
TOKEN = "test-token-0123456789"
HOST = "http://127.0.0.1:8765"
HOUSING = EXAMPLES / "housing-advocacy.yaml"


@pytest.fixture
def store(neo4j_server):
    with Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password) as s:
        yield s


@pytest.fixture
def case_id(store: Neo4jStore) -> str:
    """A fresh copy of the housing example in the database (version 1)."""
    cid = f"ws-{uuid.uuid4().hex[:10]}"
    assert store.save(load_case(HOUSING).model_copy(update={"id": cid})).version == 1
    return cid


def _client(store: Neo4jStore, **kwargs) -> TestClient:
    c = TestClient(create_app(StoreCases(store), token=TOKEN, **kwargs), base_url=HOST)
    c.headers["X-Ecograph-Token"] = TOKEN
    return c


def _actor(name: str) -> dict:
    return {"op": "put_actor", "id": name.lower(), "fields": {"name": name, "roles": ["action"]}}


def test_list_and_open_a_case_of_the_database(store, case_id):
    c = _client(store)
    listed = {e["name"]: e for e in c.get("/api/cases").json()["cases"]}
    assert listed[case_id]["actors"] == len(load_case(HOUSING).actors)
    r = c.get(f"/api/cases/{case_id}")
    assert r.status_code == 200
    assert r.json()["version"] == "1"
    assert {a["id"] for a in r.json()["case"]["actors"]} == {
        a.id for a in load_case(HOUSING).actors
    }
    assert c.get("/api/cases/no-such-case-here").status_code == 404


def test_an_edit_is_saved_in_the_database_at_once(store, case_id, neo4j_server):
    c = _client(store)
    r = c.post(f"/api/cases/{case_id}/edits", json={"version": "1", "edits": [_actor("GP")]})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == "2"
    # read back by another connection: it is stored, with the version moved on
    with Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password) as o:
        case, version = o.load_versioned(case_id)
    assert version == 2 and "gp" in {a.id for a in case.actors}


def test_two_clients_on_one_version_the_second_is_refused(store, case_id, neo4j_server):
    # two workspaces (two servers, two people) on the same database
    with Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password) as o:
        anna, ben = _client(store), _client(o)
        assert anna.get(f"/api/cases/{case_id}").json()["version"] == "1"
        assert ben.get(f"/api/cases/{case_id}").json()["version"] == "1"
        first = anna.post(
            f"/api/cases/{case_id}/edits", json={"version": "1", "edits": [_actor("GP")]}
        )
        second = ben.post(
            f"/api/cases/{case_id}/edits", json={"version": "1", "edits": [_actor("Nurse")]}
        )
    assert first.status_code == 200
    assert second.status_code == 409
    message = second.json()["error"]["message"]
    assert "changed since you opened it" in message and "not saved" in message
    assert "the database is now at version 2" in message
    ids = {a.id for a in store.load(case_id).actors}
    assert "gp" in ids and "nurse" not in ids


def test_racing_writers_one_wins_the_store_checks_inside_the_transaction(
    store, case_id, neo4j_server
):
    """Both read version 1 before either writes: the store's check in the transaction decides."""
    results: list[int] = []
    barrier = threading.Barrier(4)

    def work(name: str) -> None:
        with Neo4jStore(
            neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password
        ) as s:
            c = _client(s)
            barrier.wait()
            r = c.post(
                f"/api/cases/{case_id}/edits", json={"version": "1", "edits": [_actor(name)]}
            )
            results.append(r.status_code)

    threads = [threading.Thread(target=work, args=(n,)) for n in ("Ann", "Bob", "Cyd", "Dee")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409, 409, 409]
    case, version = store.load_versioned(case_id)
    assert version == 2
    assert len({"ann", "bob", "cyd", "dee"} & {a.id for a in case.actors}) == 1


def test_a_push_in_between_makes_the_workspace_edit_stale(store, case_id):
    c = _client(store)
    v = c.get(f"/api/cases/{case_id}").json()["version"]
    case = store.load(case_id)
    store.save(case.model_copy(update={"title": "Changed by a push"}), base_version=1)
    r = c.post(f"/api/cases/{case_id}/edits", json={"version": v, "edits": [_actor("GP")]})
    assert r.status_code == 409
    assert store.load(case_id).title == "Changed by a push"
    assert "gp" not in {a.id for a in store.load(case_id).actors}


def test_the_same_validation_messages_as_a_case_file(store, case_id, tmp_path: Path):
    """Dragging the worker into the client system: the folder mode's problems, word for word."""
    shutil.copy(HOUSING, tmp_path / "housing.yaml")
    files = TestClient(create_app(CaseFolder(tmp_path), token=TOKEN), base_url=HOST)
    files.headers["X-Ecograph-Token"] = TOKEN
    worker = next(a for a in load_case(HOUSING).actors if "change_agent" in a.roles)
    bad = [{"op": "put_actor", "id": worker.id, "fields": {"roles": ["change_agent", "client"]}}]
    v = files.get("/api/cases/housing.yaml").json()["version"]
    from_file = files.post("/api/cases/housing.yaml/edits", json={"version": v, "edits": bad})
    from_db = _client(store).post(
        f"/api/cases/{case_id}/edits", json={"version": "1", "edits": bad}
    )
    assert from_file.status_code == from_db.status_code == 422

    def said(r):
        return [
            (p["message"], p.get("field"), p.get("rule")) for p in r.json()["error"]["problems"]
        ]

    assert said(from_db) == said(from_file)
    assert all("line" not in p for p in from_db.json()["error"]["problems"])
    assert store.load_versioned(case_id)[1] == 1  # nothing written


def test_create_duplicate_and_undo(store):
    c = _client(store)
    cid = f"ws-new-{uuid.uuid4().hex[:8]}"
    r = c.post("/api/cases", json={"name": f"{cid}.yaml", "template": "starter"})
    assert r.status_code == 201 and r.json()["name"] == cid
    starter, version = store.load_versioned(cid)
    assert version == 1 and len(starter.actors) > 0
    again = c.post("/api/cases", json={"name": cid})
    assert again.status_code == 400 and "exists already" in again.json()["error"]["text"]
    bad = c.post("/api/cases", json={"name": "../etc/passwd"})
    assert bad.status_code == 400
    copy = c.post(f"/api/cases/{cid}/duplicate", json={"name": f"{cid}-copy"})
    assert copy.status_code == 201
    assert store.load(f"{cid}-copy").actors == starter.actors
    # edit, undo, redo: each one transaction, each a new version
    r = c.post(f"/api/cases/{cid}/edits", json={"version": "1", "edits": [_actor("GP")]})
    assert r.json()["can_undo"] is True
    r = c.post(f"/api/cases/{cid}/undo", json={"version": "2"})
    assert r.status_code == 200 and r.json()["version"] == "3"
    assert "gp" not in {a.id for a in store.load(cid).actors}
    stale = c.post(f"/api/cases/{cid}/redo", json={"version": "2"})
    assert stale.status_code == 409
    r = c.post(f"/api/cases/{cid}/redo", json={"version": "3"})
    assert r.status_code == 200 and "gp" in {a.id for a in store.load(cid).actors}


def test_the_audit_log_is_kept_in_the_database(store, case_id):
    c = _client(store, audit=StoreAudit(store))
    edits = [
        _actor("GP"),
        {
            "op": "record",
            "source": "gp",
            "target": load_case(HOUSING).actors[0].id,
            "observation": {"date": "2026-11-02", "type": "conflict", "note": "Secret words"},
        },
    ]
    assert (
        c.post(f"/api/cases/{case_id}/edits", json={"version": "1", "edits": edits}).status_code
        == 200
    )
    rows = store.read(
        lambda tx: [
            dict(r["e"]) for r in tx.run("MATCH (e:AuditEntry {case_id: $c}) RETURN e", c=case_id)
        ]
    )
    assert len(rows) == 1
    (entry,) = rows
    assert entry["user"] == "local" and entry["action"] == "edit" and entry["version"] == "2"
    assert '"op": "record"' in entry["changes"] and "Secret" not in entry["changes"]


def _entries(store: Neo4jStore, case_id: str) -> list[dict]:
    return store.read(
        lambda tx: [
            dict(r["e"])
            for r in tx.run(
                "MATCH (e:AuditEntry {case_id: $c}) RETURN e ORDER BY e.version", c=case_id
            )
        ]
    )


def test_an_edit_and_its_audit_entry_are_one_transaction(store, case_id, monkeypatch):
    """The audit entry fails on the server: the edit is not kept either (all or nothing)."""
    import ecograph.workspace.audit as audit_module

    c = _client(store, audit=StoreAudit(store))
    ok = c.post(f"/api/cases/{case_id}/edits", json={"version": "1", "edits": [_actor("GP")]})
    assert ok.status_code == 200 and ok.json()["version"] == "2"
    # the server refuses the entry (a division by zero after it is created)
    failing = audit_module._CREATE_ENTRY + " WITH 1 AS one RETURN 1 / 0"
    monkeypatch.setattr(audit_module, "_CREATE_ENTRY", failing)
    r = c.post(f"/api/cases/{case_id}/edits", json={"version": "2", "edits": [_actor("Nurse")]})
    assert r.status_code >= 500, r.text[:200]
    assert "nurse" not in r.text.lower()  # no case data in the message
    case, version = store.load_versioned(case_id)
    assert version == 2 and "nurse" not in {a.id for a in case.actors}
    assert [(e["action"], e["version"]) for e in _entries(store, case_id)] == [("edit", "2")]
    # undo and a new case: the same (nothing kept without its entry)
    assert c.post(f"/api/cases/{case_id}/undo", json={"version": "2"}).status_code >= 500
    assert store.load_versioned(case_id)[1] == 2
    new = f"ws-tx-{uuid.uuid4().hex[:8]}"
    assert c.post("/api/cases", json={"name": new}).status_code >= 500
    assert new not in store.list_cases()


def test_every_change_has_its_entry_with_the_version_it_made(store, case_id):
    c = _client(store, audit=StoreAudit(store))
    c.post(f"/api/cases/{case_id}/edits", json={"version": "1", "edits": [_actor("GP")]})
    c.post(f"/api/cases/{case_id}/undo", json={"version": "2"})
    c.post(f"/api/cases/{case_id}/redo", json={"version": "3"})
    # an edit that changes nothing saves nothing, and logs nothing
    same = c.post(f"/api/cases/{case_id}/edits", json={"version": "4", "edits": [_actor("GP")]})
    assert same.status_code == 200 and same.json()["version"] == "4"
    copy = f"{case_id}-copy"
    assert c.post(f"/api/cases/{case_id}/duplicate", json={"name": copy}).status_code == 201
    got = [(e["user"], e["action"], e["version"]) for e in _entries(store, case_id)]
    assert got == [("local", "edit", "2"), ("local", "undo", "3"), ("local", "redo", "4")]
    assert [(e["action"], e["version"]) for e in _entries(store, copy)] == [("duplicate", "1")]
