"""The workspace's JSON API: every endpoint, its errors, versions, and who is let in."""

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ecograph.io.casefile import load_case
from ecograph.model.rules import CHANGE_AGENT_RULE
from ecograph.workspace import CaseFolder, create_app
from ecograph.workspace.security import CSP

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TOKEN = "test-token-0123456789"
HOST = "http://127.0.0.1:8765"
STARTER = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy("examples/housing-advocacy.yaml", tmp_path / "housing.yaml")
    (tmp_path / "starter.yaml").write_text(STARTER)
    (tmp_path / "broken.yaml").write_text("ecograph: 1\nid: x\n")
    (tmp_path / "notes.txt").write_text("not a case")
    return tmp_path


@pytest.fixture
def client(folder: Path) -> TestClient:
    app = create_app(CaseFolder(folder), token=TOKEN)
    c = TestClient(app, base_url=HOST)
    c.headers["X-Ecograph-Token"] = TOKEN
    return c


def _version(client: TestClient, name: str) -> str:
    r = client.get(f"/api/cases/{name}")
    assert r.status_code == 200, r.text
    return r.json()["version"]


# ------------------------------------------------------------------ who is let in
def test_no_token_is_refused_everywhere(folder: Path):
    c = TestClient(create_app(CaseFolder(folder), token=TOKEN), base_url=HOST)
    for path in ("/", "/api/cases", "/api/cases/housing.yaml", "/assets/workspace.js"):
        r = c.get(path)
        assert r.status_code == 401, path
        assert "address printed" in r.json()["error"]["message"]
        assert "Family" not in r.text and "landlord" not in r.text
    assert c.get("/api/cases", headers={"X-Ecograph-Token": "wrong"}).status_code == 401
    assert c.post("/api/cases", json={"name": "x.yaml"}).status_code == 401
    assert not (folder / "x.yaml").exists()


def test_the_token_in_the_url_sets_a_strict_cookie(folder: Path):
    c = TestClient(create_app(CaseFolder(folder), token=TOKEN), base_url=HOST)
    r = c.get(f"/?token={TOKEN}")
    assert r.status_code == 200 and "<title>ecograph workspace</title>" in r.text
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # then the cookie alone is enough
    assert c.get("/api/cases").status_code == 200


def test_a_foreign_host_is_refused_dns_rebinding(client: TestClient):
    r = client.get("/api/cases", headers={"Host": "evil.example:8765"})
    assert r.status_code == 421
    assert client.get("/api/cases", headers={"Host": "localhost:8765"}).status_code == 200


def test_a_foreign_origin_is_refused(client: TestClient, folder: Path):
    v = _version(client, "starter.yaml")
    for origin in ("http://evil.example", "null", "http://127.0.0.1:9999"):
        r = client.post(
            "/api/cases/starter.yaml/edits",
            json={"version": v, "edits": [{"op": "remove_actor", "id": "school"}]},
            headers={"Origin": origin},
        )
        assert r.status_code == 403, origin
    r = client.get("/api/cases", headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    assert (folder / "starter.yaml").read_text() == STARTER
    ok = client.get("/api/cases", headers={"Origin": HOST})
    assert ok.status_code == 200


def test_every_answer_has_the_security_headers(client: TestClient):
    for r in (client.get("/"), client.get("/api/cases"), client.get("/api/cases/nope.yaml")):
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in CSP and "connect-src 'self'" in CSP
    assert "http" not in CSP  # no other server is allowed


# ------------------------------------------------------------------ the page and assets
def test_page_and_assets_are_served_from_the_package(client: TestClient):
    page = client.get("/").text
    assert '<script src="/assets/workspace.js">' in page
    assert "http://" not in page and "https://" not in page  # nothing from elsewhere
    assert client.get("/assets/cytoscape.min.js").status_code == 200
    assert client.get("/assets/workspace.css").headers["content-type"].startswith("text/css")
    assert client.get("/assets/../../pyproject.toml").status_code == 404
    assert client.get("/assets/map.js").status_code == 404


def test_the_legend_uses_the_palette_of_the_figures_and_the_map(client: TestClient):
    from ecograph.plot.palette import RELATION_COLOURS

    assert '<link rel="stylesheet" href="/assets/palette.css">' in client.get("/").text
    css = client.get("/assets/palette.css").text
    for kind, colour in RELATION_COLOURS.items():
        assert f"--{kind}: {colour};" in css
    legend = client.get("/assets/workspace.css").text
    assert "var(--cooperation)" in legend and "var(--conflict)" in legend
    assert "#009E73" not in legend  # the old green, which no figure uses any more


# ------------------------------------------------------------------ cases
def test_list_cases(client: TestClient):
    cases = {c["name"]: c for c in client.get("/api/cases").json()["cases"]}
    assert set(cases) == {"broken.yaml", "housing.yaml", "starter.yaml"}
    assert cases["housing.yaml"]["id"] == "housing-advocacy-osei"
    assert cases["broken.yaml"]["problems"] >= 1


def test_create_blank_and_starter_and_duplicate(client: TestClient, folder: Path):
    r = client.post("/api/cases", json={"name": "new-family.yaml"})
    assert r.status_code == 201
    case = load_case(folder / "new-family.yaml")
    assert case.actors == [] and case.id == "new-family"
    r = client.post("/api/cases", json={"name": "s.yaml", "template": "starter"})
    assert r.status_code == 201 and (folder / "s.yaml").read_text() == STARTER
    r = client.post("/api/cases/housing.yaml/duplicate", json={"name": "copy.yaml"})
    assert r.status_code == 201
    assert (folder / "copy.yaml").read_bytes() == (folder / "housing.yaml").read_bytes()
    # refusals
    assert client.post("/api/cases", json={"name": "s.yaml"}).status_code == 400  # exists
    for bad in ("../evil.yaml", "/etc/passwd", ".hidden.yaml", "x.txt", "a/b.yaml"):
        r = client.post("/api/cases", json={"name": bad})
        assert r.status_code == 400, bad
        assert "not a case name" in r.json()["error"]["problems"][0]["message"]
    assert client.post("/api/cases", json={"name": "t.yaml", "template": "x"}).status_code == 400
    assert client.post("/api/cases", json={}).status_code == 400
    assert (
        client.post("/api/cases/housing.yaml/duplicate", json={"name": "c.json"}).status_code == 400
    )


def test_open_case_gives_version_case_and_map(client: TestClient):
    d = client.get("/api/cases/housing.yaml?as_of=2026-02-01").json()
    assert len(d["version"]) == 16 and d["as_of"] == "2026-02-01"
    regions = {r["key"] for r in d["map"]["regions"]}
    assert {"change_agent", "client", "target", "action"} <= regions
    assert {a["id"] for a in d["map"]["actors"]} == {a["id"] for a in d["case"]["actors"]}
    # on 2026-02-01 the worker--landlord relationship (first recorded 2026-02-10) is absent
    rel = next(r for r in d["map"]["rels"] if {r["source"], r["target"]} == {"worker", "landlord"})
    assert rel["state"] is None
    assert client.get("/api/cases/nope.yaml").status_code == 404
    assert client.get("/api/cases/housing.yaml?as_of=2026-13-01").status_code == 400
    r = client.get("/api/cases/broken.yaml")
    assert r.status_code == 422 and "title" in r.json()["error"]["text"]


# ------------------------------------------------------------------ edits
def _edit(client: TestClient, edits: list, version: str | None = None):
    v = version or _version(client, "starter.yaml")
    return client.post("/api/cases/starter.yaml/edits", json={"version": v, "edits": edits})


def test_edit_saves_and_answers_the_new_map(client: TestClient, folder: Path):
    v = _version(client, "starter.yaml")
    r = _edit(
        client,
        [
            {"op": "put_actor", "id": "gp", "fields": {"name": "GP", "roles": ["action"]}},
            {"op": "set_position", "id": "gp", "x": 10, "y": 400},
        ],
        v,
    )
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["version"] != v and d["can_undo"] is True
    assert any(a["id"] == "gp" for a in d["map"]["actors"])
    text = (folder / "starter.yaml").read_text()
    assert text.startswith("# An ecograph case file") and "- id: gp" in text


def test_worker_into_the_client_system_is_refused_with_the_rule(client: TestClient, folder: Path):
    r = _edit(
        client,
        [{"op": "put_actor", "id": "worker", "fields": {"roles": ["change_agent", "client"]}}],
    )
    assert r.status_code == 422
    problems = r.json()["error"]["problems"]
    assert any(p.get("rule") == CHANGE_AGENT_RULE for p in problems)
    assert str(folder) not in r.text  # the case is named, the server's folders are not
    assert problems[0]["source"] == "starter.yaml"
    assert (folder / "starter.yaml").read_text() == STARTER


def test_a_stale_version_is_refused_with_a_clear_message(client: TestClient, folder: Path):
    v = _version(client, "starter.yaml")
    ok = client.post(
        "/api/cases/starter.yaml/edits",
        json={"version": v, "edits": [{"op": "set_position", "id": "worker", "x": 1, "y": 1}]},
    )
    assert ok.status_code == 200
    text = (folder / "starter.yaml").read_text()
    r = client.post(
        "/api/cases/starter.yaml/edits",
        json={"version": v, "edits": [{"op": "remove_actor", "id": "school"}]},
    )
    assert r.status_code == 409
    assert "changed since you opened it" in r.json()["error"]["message"]
    assert (folder / "starter.yaml").read_text() == text


def test_bad_json_gets_the_same_message_as_a_bad_file(client: TestClient):
    r = client.post(
        "/api/cases/starter.yaml/edits",
        content=b'{"version": "x", "edits": [}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 422
    p = r.json()["error"]["problems"][0]
    assert p["message"].startswith("not valid JSON: ") and p["line"] == 1
    r = client.post(
        "/api/cases/starter.yaml/edits", json={"version": "x", "edits": [{"op": "fly"}]}
    )
    assert r.status_code == 422 and "edits[0]" in r.json()["error"]["text"]
    r = client.post("/api/cases/starter.yaml/edits", json=[1, 2])
    assert r.status_code == 400
    r = client.post("/api/cases/starter.yaml/edits", content=b"\xff\xfe")
    assert r.status_code == 400


def test_undo_and_redo(client: TestClient, folder: Path):
    v = _version(client, "starter.yaml")
    d = client.post(
        "/api/cases/starter.yaml/edits",
        json={"version": v, "edits": [{"op": "remove_actor", "id": "school"}]},
    ).json()
    d = client.post("/api/cases/starter.yaml/undo", json={"version": d["version"]}).json()
    assert (folder / "starter.yaml").read_text() == STARTER and d["can_redo"]
    d = client.post("/api/cases/starter.yaml/redo", json={"version": d["version"]}).json()
    assert "school" not in [a["id"] for a in d["case"]["actors"]]
    r = client.post("/api/cases/starter.yaml/redo", json={"version": d["version"]})
    assert r.status_code == 400 and "nothing to redo" in r.json()["error"]["text"]
    r = client.post("/api/cases/starter.yaml/undo", json={"version": "stale"})
    assert r.status_code == 409


# ------------------------------------------------------------------ analysis
@pytest.mark.parametrize("as_of", [None, "2026-03-01"])
def test_analysis_is_the_same_as_analyze_json(client: TestClient, folder: Path, as_of):
    q = f"?as_of={as_of}" if as_of else ""
    d = client.get(f"/api/cases/housing.yaml/analysis{q}").json()
    cmd = [sys.executable, "-m", "ecograph", "analyze", str(folder / "housing.yaml"), "--json"]
    if as_of:
        cmd += ["--as-of", as_of]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert d["analysis"] == json.loads(out)
    assert isinstance(d["warnings"], list)


def test_internal_errors_say_nothing_about_the_case(client: TestClient, monkeypatch):
    import ecograph.workspace.app as app_module

    def boom(case, as_of=None):
        raise RuntimeError("secret: Abena Osei")

    monkeypatch.setattr(app_module, "analysis_json", boom)
    c = TestClient(
        create_app(CaseFolder(client.app.folder.root), token=TOKEN),
        base_url=HOST,
        raise_server_exceptions=False,
    )
    r = c.get("/api/cases/housing.yaml/analysis", headers={"X-Ecograph-Token": TOKEN})
    assert r.status_code == 500
    assert "Abena" not in r.text and "secret" not in r.text


def test_single_file_workspace_serves_only_that_file(folder: Path):
    c = TestClient(create_app(CaseFolder(folder / "housing.yaml"), token=TOKEN), base_url=HOST)
    c.headers["X-Ecograph-Token"] = TOKEN
    d = c.get("/api/cases").json()
    assert [x["name"] for x in d["cases"]] == ["housing.yaml"] and d["single"]
    assert c.get("/api/cases/starter.yaml").status_code == 400
    assert c.post("/api/cases", json={"name": "x.yaml"}).status_code == 400


def test_non_numbers_in_json_are_refused(client: TestClient, folder: Path):
    v = _version(client, "starter.yaml")
    edit = '{"op": "set_position", "id": "worker", "x": Infinity, "y": NaN}'
    body = f'{{"version": "{v}", "edits": [{edit}]}}'
    r = client.post("/api/cases/starter.yaml/edits", content=body.encode())
    assert r.status_code in (400, 422)
    assert (folder / "starter.yaml").read_text() == STARTER


ADVOCATE = [
    {
        "add_advocate": {
            "client": "roberta",
            "advocate": "advocate",
            "toward": ["susan"],
            "strength": 0.8,
            "authority": 0.5,
        }
    }
]


def test_whatif_is_the_same_as_the_command_and_keeping_it_keeps_the_file(tmp_path: Path):
    shutil.copy("examples/child-protection.yaml", tmp_path / "cp.yaml")
    c = TestClient(create_app(CaseFolder(tmp_path), token=TOKEN), base_url=HOST)
    c.headers["X-Ecograph-Token"] = TOKEN
    before = (tmp_path / "cp.yaml").read_text()
    r = c.post("/api/cases/cp.yaml/whatif?as_of=2026-06-30", json={"interventions": ADVOCATE})
    assert r.status_code == 200, r.text
    d = r.json()
    assert (tmp_path / "cp.yaml").read_text() == before  # asking changes nothing
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ecograph",
            "whatif",
            str(tmp_path / "cp.yaml"),
            "--json",
            "--scenario",
            "examples/scenarios/advocate.yaml",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    cli = json.loads(out.stdout)
    assert d["whatif"]["pairs"] == cli["pairs"] and d["whatif"]["overall"] == cli["overall"]
    roberta_susan = next(
        p for p in d["whatif"]["pairs"] if {p["a"], p["b"]} == {"roberta", "susan"}
    )
    assert roberta_susan  # the pair the advocate is for moves
    # keep: the edits go through the edit layer; the file keeps its comments
    r = c.post("/api/cases/cp.yaml/edits", json={"version": d["version"], "edits": d["edits"]})
    assert r.status_code == 200, r.text
    after = (tmp_path / "cp.yaml").read_text()
    assert [x for x in before.splitlines() if x.lstrip().startswith("#")] == [
        x for x in after.splitlines() if x.lstrip().startswith("#")
    ]
    case = load_case(tmp_path / "cp.yaml")
    assert any(r.pair == ("advocate", "susan") for r in case.relationships)


def test_whatif_refuses_bad_interventions_with_the_scenario_messages(client: TestClient):
    r = client.post("/api/cases/housing.yaml/whatif", json={"interventions": [{"add_advocat": {}}]})
    assert r.status_code == 422 and "add_advocate" in r.json()["error"]["text"]
    r = client.post(
        "/api/cases/housing.yaml/whatif",
        json={"interventions": [{"add_advocate": {"client": "nobody", "toward": ["worker"]}}]},
    )
    assert r.status_code == 422 and "nobody" in r.json()["error"]["text"]
    assert client.post("/api/cases/housing.yaml/whatif", json={}).status_code == 400
