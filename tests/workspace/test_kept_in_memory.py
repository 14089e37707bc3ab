"""What the workspace keeps in memory between requests never hides the file on disk.

The server keeps each case's parsed document, its checked case, its map and its analysis per
version (for speed; see benchmarks/bench_workspace.py). A user who edits the file by hand
between two edits in the page must still see and keep the hand edit; an analysis asked for
after an edit is the analysis of the edited case; clients editing different cases at the same
time all get their edits saved.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ecograph.io.casefile import load_case
from ecograph.workspace import CaseFolder, create_app
from tests.workspace.test_api import HOST, STARTER, TOKEN

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "starter.yaml").write_text(STARTER)
    for i in range(4):
        shutil.copy("examples/community-40.yaml", tmp_path / f"c{i}.yaml")
    return tmp_path


@pytest.fixture
def client(folder: Path) -> TestClient:
    c = TestClient(create_app(CaseFolder(folder), token=TOKEN), base_url=HOST)
    c.headers["X-Ecograph-Token"] = TOKEN
    return c


def _move(client: TestClient, name: str, version: str, actor: str, x: float) -> dict:
    r = client.post(
        f"/api/cases/{name}/edits",
        json={"version": version, "edits": [{"op": "set_position", "id": actor, "x": x, "y": 5}]},
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_a_hand_edit_between_two_page_edits_is_kept(client: TestClient, folder: Path) -> None:
    f = folder / "starter.yaml"
    v = client.get("/api/cases/starter.yaml").json()["version"]
    v = _move(client, "starter.yaml", v, "worker", 10)["version"]
    # the user edits the file in a text editor: a comment and a new title
    by_hand = f.read_text().replace("title:", "# checked with the team\ntitle:", 1)
    f.write_text(by_hand)
    # the page's version is now stale: refused, nothing written
    r = client.post(
        "/api/cases/starter.yaml/edits",
        json={"version": v, "edits": [{"op": "set_position", "id": "worker", "x": 1, "y": 1}]},
    )
    assert r.status_code == 409
    assert f.read_text() == by_hand
    # reloaded, the page sees the file as it is now, and its next edit keeps the hand edit
    fresh = client.get("/api/cases/starter.yaml").json()
    assert fresh["version"] != v
    _move(client, "starter.yaml", fresh["version"], "worker", 20)
    assert "# checked with the team\ntitle:" in f.read_text()


def test_the_analysis_after_an_edit_is_the_edited_case(client: TestClient, folder: Path) -> None:
    name = "c0.yaml"
    d = client.get(f"/api/cases/{name}").json()
    rel = next(r for r in d["case"]["relationships"] if r.get("type") == "cooperation")
    before = client.get(f"/api/cases/{name}/analysis").json()
    r = client.post(
        f"/api/cases/{name}/edits",
        json={
            "version": d["version"],
            "edits": [
                {
                    "op": "put_relationship",
                    "source": rel["source"],
                    "target": rel["target"],
                    "fields": {"type": "conflict", "strength": 0.9},
                }
            ],
        },
    )
    assert r.status_code == 200, r.text
    after = client.get(f"/api/cases/{name}/analysis").json()
    assert after["version"] == r.json()["version"] != before["version"]
    assert after["analysis"] != before["analysis"]
    # and asked again, the same answer (the kept one)
    assert client.get(f"/api/cases/{name}/analysis").json() == after


def test_clients_editing_different_cases_at_once_all_save(client: TestClient, folder: Path) -> None:
    names = [f"c{i}.yaml" for i in range(4)]
    first = load_case(folder / "c0.yaml").actors[0].id
    errors: list[str] = []

    def work(name: str) -> None:
        try:
            v = client.get(f"/api/cases/{name}").json()["version"]
            for k in range(3):
                v = _move(client, name, v, first, 100 + k)["version"]
                client.get(f"/api/cases/{name}/analysis").raise_for_status()
        except Exception as exc:  # noqa: BLE001 -- reported below
            errors.append(f"{name}: {exc}")

    threads = [threading.Thread(target=work, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for n in names:
        pos = next(a for a in load_case(folder / n).actors if a.id == first).position
        assert pos is not None and pos.x == 102
