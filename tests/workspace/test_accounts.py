"""A shared workspace with accounts: sign-in, sessions, rights per case, the audit log.

Anna may edit the housing case and view the starter case; Ben may only view the housing
case; Cleo administers every case whose name starts with ``team-``. A viewer cannot edit, an
account sees only its own cases (in the list and by direct address), a wrong password gets
the same answer as an unknown name, and every saved change is in the audit log, with the
account's name but without the case's free text.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient
from typer.testing import CliRunner

from ecograph.cli import app as cli
from ecograph.io.casefile import load_case
from ecograph.workspace import CaseFolder, create_app
from ecograph.workspace.accounts import MAX_FAILURES, SESSION_COOKIE, Accounts
from ecograph.workspace.audit import AUDIT_FILE, FileAudit
from tests.conftest import EXAMPLES

HOST = "http://workspace.agency.example:8765"
STARTER = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")
PASSWORDS = {"anna": "anna-password-1", "ben": "ben-password-22", "cleo": "cleo-password-333"}
runner = CliRunner()


def _add(users: Path, name: str, *grants: str) -> None:
    args = ["users", "add", name, "--users", str(users)]
    for g in grants:
        args += ["--case", g]
    r = runner.invoke(cli, args, env={"ECOGRAPH_USER_PASSWORD": PASSWORDS[name]})
    assert r.exit_code == 0, r.output
    assert PASSWORDS[name] not in r.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(EXAMPLES / "housing-advocacy.yaml", cases / "housing.yaml")
    (cases / "starter.yaml").write_text(STARTER)
    (cases / "secret.yaml").write_text(STARTER)
    return cases


@pytest.fixture
def users(tmp_path: Path) -> Path:
    path = tmp_path / "users.yaml"
    _add(path, "anna", "housing.yaml:edit", "starter.yaml:view")
    _add(path, "ben", "housing.yaml:view")
    _add(path, "cleo", "team-*:admin")
    return path


@pytest.fixture
def app(folder: Path, users: Path):
    return create_app(
        CaseFolder(folder), accounts=Accounts(users), audit=FileAudit(folder / AUDIT_FILE)
    )


def _signed_in(app, name: str) -> TestClient:
    c = TestClient(app, base_url=HOST, follow_redirects=False)
    r = c.post("/login", data={"name": name, "password": PASSWORDS[name]})
    assert r.status_code == 303 and r.headers["location"] == "/", r.text
    return c


def _version(c: TestClient, name: str) -> str:
    r = c.get(f"/api/cases/{name}")
    assert r.status_code == 200, r.text
    return str(r.json()["version"])


# ---------------------------------------------------------------- the users file
def test_the_users_file_keeps_hashes_only_and_is_private(users: Path):
    text = users.read_text()
    assert text.count("$argon2id$") == 3
    assert not any(p in text for p in PASSWORDS.values())
    assert stat.S_IMODE(os.stat(users).st_mode) == 0o600
    listed = runner.invoke(cli, ["users", "list", "--users", str(users)])
    assert listed.exit_code == 0
    assert "anna  housing.yaml: edit, starter.yaml: view" in listed.output
    assert "argon2" not in listed.output


def test_users_commands_refuse_bad_input_clearly(users: Path):
    env = {"ECOGRAPH_USER_PASSWORD": "x-password-9"}
    r = runner.invoke(cli, ["users", "add", "anna", "--users", str(users)], env=env)
    assert r.exit_code == 2 and "exists already" in r.output
    r = runner.invoke(
        cli, ["users", "add", "d", "--users", str(users), "--case", "x:owner"], env=env
    )
    assert r.exit_code == 2 and "CASE:view, CASE:edit, CASE:admin" in r.output
    r = runner.invoke(cli, ["users", "add", "../x", "--users", str(users)], env=env)
    assert r.exit_code == 2 and "not a user name" in r.output
    r = runner.invoke(cli, ["users", "set", "nobody", "--users", str(users)])
    assert r.exit_code == 2 and "no such user" in r.output
    users.write_text("ecograph-users: 1\nusers:\n  anna: {password: 3}\n")
    r = runner.invoke(cli, ["users", "list", "--users", str(users)])
    assert r.exit_code == 2 and "users.anna.password" in r.output and "Traceback" not in r.output


def test_rights_can_be_changed_and_taken_away(users: Path):
    r = runner.invoke(
        cli, ["users", "set", "ben", "--users", str(users), "--case", "housing.yaml:none"]
    )
    assert r.exit_code == 0
    assert Accounts(users).right("ben", "housing.yaml") is None
    r = runner.invoke(cli, ["users", "remove", "cleo", "--users", str(users)])
    assert r.exit_code == 0 and "cleo" not in users.read_text()


# ---------------------------------------------------------------- signing in
def test_nothing_is_answered_before_signing_in(app, folder: Path):
    c = TestClient(app, base_url=HOST, follow_redirects=False)
    r = c.get("/")
    assert r.status_code == 303 and r.headers["location"] == "/login"
    for path in ("/api/cases", "/api/cases/housing.yaml", "/assets/workspace.js"):
        r = c.get(path)
        assert r.status_code == 401 and "sign in" in r.json()["error"]["message"]
    assert c.post("/api/cases", json={"name": "x.yaml"}).status_code == 401
    assert not (folder / "x.yaml").exists()
    page = c.get("/login")
    assert page.status_code == 200 and 'name="password"' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(app):
    c = TestClient(app, base_url=HOST, follow_redirects=False)
    wrong = c.post("/login", data={"name": "anna", "password": "not-her-password"})
    unknown = c.post("/login", data={"name": "zoe", "password": "not-her-password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.text == unknown.text and "wrong name or password" in wrong.text
    assert "set-cookie" not in wrong.headers and "set-cookie" not in unknown.headers
    assert c.get("/api/cases").status_code == 401


def test_the_session_cookie_is_strict_and_secure_behind_https(folder: Path, users: Path):
    plain = _signed_in(create_app(CaseFolder(folder), accounts=Accounts(users)), "anna")
    c = TestClient(
        create_app(CaseFolder(folder), accounts=Accounts(users, secure=True)),
        base_url=HOST,
        follow_redirects=False,
    )
    r = c.post("/login", data={"name": "anna", "password": PASSWORDS["anna"]})
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(SESSION_COOKIE + "=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie
    assert plain.get("/api/cases").status_code == 200


def test_repeated_failures_from_one_address_must_wait(app):
    c = TestClient(app, base_url=HOST, follow_redirects=False)
    for _ in range(MAX_FAILURES):
        assert c.post("/login", data={"name": "anna", "password": "guess"}).status_code == 401
    r = c.post("/login", data={"name": "anna", "password": PASSWORDS["anna"]})
    assert r.status_code == 429 and "too many failed sign-ins" in r.text


def test_signing_out_ends_the_session(app):
    c = _signed_in(app, "anna")
    assert c.get("/api/cases").status_code == 200
    assert c.post("/logout").status_code == 303
    assert c.get("/api/cases").status_code == 401


def test_another_site_cannot_post_even_with_a_session(app, folder: Path):
    c = _signed_in(app, "anna")
    v = _version(c, "housing.yaml")
    before = (folder / "housing.yaml").read_bytes()
    r = c.post(
        "/api/cases/housing.yaml/edits",
        json={"version": v, "edits": [{"op": "set_case", "fields": {"title": "X"}}]},
        headers={"Origin": "http://evil.example"},
    )
    assert r.status_code == 403
    assert (folder / "housing.yaml").read_bytes() == before


# ---------------------------------------------------------------- rights per case
def test_an_account_sees_only_its_own_cases(app):
    anna, ben = _signed_in(app, "anna"), _signed_in(app, "ben")
    assert [x["name"] for x in anna.get("/api/cases").json()["cases"]] == [
        "housing.yaml",
        "starter.yaml",
    ]
    assert [x["name"] for x in ben.get("/api/cases").json()["cases"]] == ["housing.yaml"]
    # by direct address: the same answer as a case that does not exist
    hidden = ben.get("/api/cases/secret.yaml")
    missing = ben.get("/api/cases/no-such.yaml")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert ben.get("/api/cases/secret.yaml/analysis").status_code == 404
    assert ben.get("/api/cases/secret%2Eyaml").json() == missing.json()  # encoded: the same
    assert "Roberta" not in hidden.text


def test_a_viewer_cannot_edit(app, folder: Path):
    ben = _signed_in(app, "ben")
    v = _version(ben, "housing.yaml")
    before = (folder / "housing.yaml").read_bytes()
    edit = {"version": v, "edits": [{"op": "set_case", "fields": {"title": "Changed"}}]}
    r = ben.post("/api/cases/housing.yaml/edits", json=edit)
    assert r.status_code == 403
    assert "may view this case, not change it" in r.json()["error"]["message"]
    for path in ("undo", "redo", "duplicate"):
        assert ben.post(f"/api/cases/housing.yaml/{path}", json={"version": v}).status_code == 403
    assert (folder / "housing.yaml").read_bytes() == before
    # viewing, analysing and trying a what-if are allowed
    assert ben.get("/api/cases/housing.yaml/analysis").status_code == 200
    assert ben.post("/api/cases/housing.yaml/whatif", json={"interventions": []}).status_code != 403
    # and present mode's lines routed around the actors (it sends where it drew them)
    assert ben.post("/api/cases/housing.yaml/routes", json={"actors": [], "lines": []}).json() == {
        "segments": []
    }
    assert not (folder / AUDIT_FILE).exists()


def test_an_editor_edits_and_is_the_one_who_recorded(app, folder: Path):
    anna = _signed_in(app, "anna")
    case = load_case(folder / "housing.yaml")
    rel = case.relationships[0]
    v = _version(anna, "housing.yaml")
    record = {
        "op": "record",
        "source": rel.source,
        "target": rel.target,
        "observation": {
            "date": "2026-11-02",
            "type": "conflict",
            "note": "Shouted at the door",
            "recorded_by": "someone else",
        },
    }
    r = anna.post("/api/cases/housing.yaml/edits", json={"version": v, "edits": [record]})
    assert r.status_code == 200, r.text
    saved_version = r.json()["version"]
    after = load_case(folder / "housing.yaml")
    seen = [o for r2 in after.relationships for o in r2.history if o.note == "Shouted at the door"]
    assert [o.recorded_by for o in seen] == ["anna"]
    # a viewer of a case cannot edit it, even with edit rights elsewhere
    r = anna.post(
        "/api/cases/starter.yaml/edits",
        json={"version": _version(anna, "starter.yaml"), "edits": []},
    )
    assert r.status_code == 403
    (entry,) = FileAudit(folder / AUDIT_FILE).read()
    assert entry["user"] == "anna" and entry["case"] == "housing.yaml"
    assert entry["action"] == "edit" and entry["version"] == saved_version
    assert entry["changes"] == [{"op": "record", "ids": [rel.source, rel.target]}]
    assert "Shouted" not in (folder / AUDIT_FILE).read_text()
    assert list(entry) == ["at", "user", "case", "action", "version", "changes"]


def test_creating_and_duplicating_follow_the_rights(app, folder: Path):
    anna, cleo = _signed_in(app, "anna"), _signed_in(app, "cleo")
    r = anna.post("/api/cases", json={"name": "team-new.yaml"})
    assert r.status_code == 400 and "may not create" in r.json()["error"]["text"]
    assert not (folder / "team-new.yaml").exists()
    assert cleo.post("/api/cases", json={"name": "team-new.yaml"}).status_code == 201
    assert [x["name"] for x in cleo.get("/api/cases").json()["cases"]] == ["team-new.yaml"]
    assert (
        anna.post("/api/cases/housing.yaml/duplicate", json={"name": "h2.yaml"}).status_code == 403
    )
    r = cleo.post("/api/cases/team-new.yaml/duplicate", json={"name": "team-copy.yaml"})
    assert r.status_code == 201
    actions = [(e["user"], e["case"], e["action"]) for e in FileAudit(folder / AUDIT_FILE).read()]
    assert actions == [
        ("cleo", "team-new.yaml", "create"),
        ("cleo", "team-copy.yaml", "duplicate"),
    ]


def test_the_audit_file_is_appended_to_never_rewritten(app, folder: Path):
    anna = _signed_in(app, "anna")
    for title in ("One", "Two", "Three"):
        v = _version(anna, "housing.yaml")
        edit = {"version": v, "edits": [{"op": "set_case", "fields": {"title": title}}]}
        assert anna.post("/api/cases/housing.yaml/edits", json=edit).status_code == 200
        first_line = (folder / AUDIT_FILE).read_text().splitlines()[0]
    lines = (folder / AUDIT_FILE).read_text().splitlines()
    assert len(lines) == 3 and lines[0] == first_line
    assert [json.loads(x)["changes"] for x in lines] == [
        [{"op": "set_case", "ids": [], "fields": ["title"]}]
    ] * 3
    assert not any(t in "".join(lines) for t in ("One", "Two", "Three"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.binary(max_size=300),
    path=st.sampled_from(["/login", "/logout", "/api/cases/housing.yaml/edits", "/api/cases"]),
)
def test_any_bytes_at_the_sign_in_never_break_the_server(app, body: bytes, path: str):
    c = TestClient(app, base_url=HOST, follow_redirects=False, raise_server_exceptions=False)
    r = c.post(path, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code in (303, 401, 429), r.status_code
    assert "set-cookie" not in r.headers or path == "/logout"


def test_a_change_saved_when_the_audit_log_cannot_be_written_still_says_saved(
    folder: Path, users: Path, caplog
):
    blocked = folder / "no-such-folder" / "audit.jsonl"
    app = create_app(CaseFolder(folder), accounts=Accounts(users), audit=FileAudit(blocked))
    anna = _signed_in(app, "anna")
    edit = {
        "version": _version(anna, "housing.yaml"),
        "edits": [{"op": "set_case", "fields": {"title": "T"}}],
    }
    r = anna.post("/api/cases/housing.yaml/edits", json=edit)
    assert r.status_code == 200 and load_case(folder / "housing.yaml").title == "T"
    assert "the audit log could not be written (FileNotFoundError)" in caplog.text


def test_imports_and_redacted_copies_follow_the_rights_and_are_audited(app, folder: Path):
    """A viewer cannot make a redacted copy; nobody writes a case under a name they may not edit."""
    anna, ben, cleo = (_signed_in(app, n) for n in ("anna", "ben", "cleo"))
    r = ben.post("/api/cases/housing.yaml/redact", json={"name": "team-red.yaml"})
    assert r.status_code == 403  # ben may only view the housing case
    r = anna.post("/api/cases/housing.yaml/redact", json={"name": "team-red.yaml"})
    assert r.status_code == 400 and "may not create" in r.json()["error"]["text"]
    assert not (folder / "team-red.yaml").exists()
    actors = "id,name,kind,systems\nmum,Mum,individual,client\nsw,Worker,individual,change_agent\n"
    ties = "source,target,type,strength\nsw,mum,cooperation,0.5\n"
    files = {
        "actors": {"filename": "actors.csv", "data": base64.b64encode(actors.encode()).decode()},
        "relationships": {"filename": "r.csv", "data": base64.b64encode(ties.encode()).decode()},
    }
    body = {"name": "imported.yaml", "id": "imp", "title": "Imported", "files": files}
    r = anna.post("/api/import", json=body)
    assert r.status_code == 400 and "may not create" in r.json()["error"]["text"]
    assert not (folder / "imported.yaml").exists()
    r = cleo.post("/api/import", json={**body, "name": "team-imported.yaml"})
    assert r.status_code == 201, r.text
    assert load_case(folder / "team-imported.yaml").id == "imp"
    actions = [(e["user"], e["case"], e["action"]) for e in FileAudit(folder / AUDIT_FILE).read()]
    assert actions == [("cleo", "team-imported.yaml", "import")]
