"""The case-file endpoints in a shared workspace: rights per case, the audit log, a Neo4j store.

A viewer may download what she may see (export, PNG, PDF) but may not make a redacted copy or
import a case under a name her account may not edit; a case she may not see answers as a
missing one. Over a real Neo4j, an import and a redacted copy are stored as new cases (a taken
id is asked about first), and every new case is in the audit log.
"""

from __future__ import annotations

import base64
import uuid
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ecograph.io.casefile import load_case
from ecograph.io.export import export_files
from ecograph.workspace import CaseFolder, create_app
from ecograph.workspace.accounts import Accounts
from ecograph.workspace.audit import AUDIT_FILE, FileAudit
from tests.conftest import EXAMPLES
from tests.workspace.test_accounts import _signed_in, folder, users  # noqa: F401 (fixtures)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HOUSING = EXAMPLES / "housing-advocacy.yaml"
KEY = "a-team-key-of-32-characters-long"


def _csv_body(name: str) -> dict:
    tables = export_files(load_case(HOUSING), "csv")
    up = {
        k: {"filename": f, "data": base64.b64encode(tables[f].encode()).decode()}
        for k, f in (("actors", "actors.csv"), ("relationships", "relationships.csv"))
    }
    return {"name": name, "id": "imported", "title": "Imported", "files": up}


def test_rights_and_audit_of_the_case_file_actions(folder: Path, users: Path):  # noqa: F811
    app = create_app(
        CaseFolder(folder), accounts=Accounts(users), audit=FileAudit(folder / AUDIT_FILE)
    )
    ben = _signed_in(app, "ben")  # may view housing.yaml only
    assert ben.get("/api/cases/housing.yaml/export?to=graphml").status_code == 200
    assert ben.get("/api/cases/housing.yaml/summary.pdf").status_code == 200
    r = ben.get("/api/cases/secret.yaml/export?to=graphml")
    assert r.status_code == 404 and "no such case" in r.text
    r = ben.post("/api/cases/housing.yaml/redact", json={"name": "team-x.yaml", "key": KEY})
    assert r.status_code == 403 and not (folder / "team-x.yaml").exists()
    r = ben.post("/api/import", json=_csv_body("housing-2.yaml"))
    assert r.status_code == 400 and "may not create" in r.text
    assert not (folder / "housing-2.yaml").exists()

    anna = _signed_in(app, "anna")  # may edit housing.yaml; may not create team-* cases
    r = anna.post("/api/cases/housing.yaml/redact", json={"name": "team-x.yaml", "key": KEY})
    assert r.status_code == 400 and "may not create" in r.text
    cleo = _signed_in(app, "cleo")  # administers team-*
    assert cleo.post("/api/import", json=_csv_body("team-imported.yaml")).status_code == 201
    lines = (folder / AUDIT_FILE).read_text().splitlines()
    assert '"user": "cleo", "case": "team-imported.yaml", "action": "import"' in lines[-1]
    assert "Osei" not in (folder / AUDIT_FILE).read_text()


@pytest.mark.neo4j
def test_import_and_redacted_copy_into_a_neo4j_store(neo4j_server):
    from ecograph.store.neo4j import Neo4jStore
    from ecograph.workspace.store_cases import StoreCases

    with Neo4jStore(
        neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password
    ) as store:
        cid = f"ws-{uuid.uuid4().hex[:10]}"
        store.save(load_case(HOUSING).model_copy(update={"id": cid}))
        token = "test-token-0123456789"
        c = TestClient(
            create_app(StoreCases(store), token=token), base_url="http://127.0.0.1:8765"
        )
        c.headers["X-Ecograph-Token"] = token
        assert c.get(f"/api/cases/{cid}/export?to=graphml").status_code == 200
        # a redacted copy is a new case of the database, named by the id given
        r = c.post(f"/api/cases/{cid}/redact", json={"name": f"{cid}-red.yaml", "key": KEY})
        assert r.status_code == 201, r.text
        assert r.json()["name"] == f"{cid}-red"
        copy, _ = store.load_versioned(f"{cid}-red")
        assert "Social worker" in [a.name for a in copy.actors]
        assert all("Osei" not in a.name for a in copy.actors)
        # an import onto a taken id is asked about first, then replaces it in one save
        r = c.post("/api/import", json=_csv_body(f"{cid}-red"))
        assert r.status_code == 409
        assert store.load_versioned(f"{cid}-red")[0].actors == copy.actors
        r = c.post("/api/import", json={**_csv_body(f"{cid}-red"), "replace": True})
        assert r.status_code == 201, r.text
        replaced, version = store.load_versioned(f"{cid}-red")
        assert version == 2 and replaced.actors == load_case(HOUSING).actors
