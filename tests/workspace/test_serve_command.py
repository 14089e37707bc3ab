"""`ecograph serve` as a user starts it: a real server on 127.0.0.1 with a token in the URL."""

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from tests.workspace.conftest import served

pytestmark = pytest.mark.slow


def test_serve_prints_a_loopback_url_with_a_token_and_requires_it(tmp_path: Path):
    shutil.copy("examples/housing-advocacy.yaml", tmp_path / "housing.yaml")
    with served(tmp_path) as url:
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1" and "token=" in parts.query
        assert len(parts.query.split("=", 1)[1]) >= 32
        base = f"{parts.scheme}://{parts.netloc}"
        assert httpx.get(base + "/api/cases").status_code == 401
        with httpx.Client() as c:
            assert c.get(url).status_code == 200  # sets the cookie
            cases = c.get(base + "/api/cases").json()["cases"]
            assert [x["name"] for x in cases] == ["housing.yaml"]
    with served(tmp_path) as second:
        assert second != url  # a new token at each launch


def test_serve_a_store_that_cannot_be_reached_says_so_without_the_password(tmp_path: Path):
    secret = "s3cret-pw-0123"
    env = {"NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": secret}
    r = CliRunner().invoke(app, ["serve", "--store", "bolt://127.0.0.1:1"], env=env)
    assert r.exit_code == 3 and "cannot reach Neo4j at bolt://127.0.0.1:1" in r.output
    assert secret not in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(app, ["serve", "--store", "bolt://neo4j:pw@127.0.0.1:7687"], env=env)
    assert r.exit_code == 2 and "credentials in the store URI" in r.output and "pw@" not in r.output
    r = CliRunner().invoke(app, ["serve", str(tmp_path / "nowhere")])
    assert r.exit_code == 2 and "no such folder or case file" in r.output


def test_serve_on_another_address_needs_accounts(tmp_path: Path):
    r = CliRunner().invoke(app, ["serve", str(tmp_path), "--host", "0.0.0.0"])
    assert r.exit_code == 2
    assert "needs accounts" in r.output and "--users FILE" in r.output
    r = CliRunner().invoke(
        app, ["serve", str(tmp_path), "--host", "0.0.0.0", "--users", str(tmp_path / "none.yaml")]
    )
    assert r.exit_code == 2 and "no such users file" in r.output


def test_serve_on_all_addresses_with_accounts_signs_people_in(tmp_path: Path):
    shutil.copy("examples/housing-advocacy.yaml", tmp_path / "housing.yaml")
    users = tmp_path / "users.yaml"
    r = CliRunner().invoke(
        app,
        ["users", "add", "anna", "--users", str(users), "--case", "housing.yaml:view"],
        env={"ECOGRAPH_USER_PASSWORD": "anna-password-1"},
    )
    assert r.exit_code == 0, r.output
    with served(tmp_path, "--host", "0.0.0.0", "--users", str(users)) as url:
        parts = urlsplit(url)
        assert parts.hostname == "0.0.0.0" and not parts.query  # no token with accounts
        # reached by the computer's name (any Host is answered; the session decides)
        base = f"http://127.0.0.1:{parts.port}"
        named = {"Host": f"workspace.agency.example:{parts.port}"}
        with httpx.Client(base_url=base, headers=named) as c:
            assert c.get("/").headers["location"] == "/login"
            assert c.get("/api/cases").status_code == 401
            r = c.post("/login", data={"name": "anna", "password": "anna-password-1"})
            assert r.status_code == 303
            assert [x["name"] for x in c.get("/api/cases").json()["cases"]] == ["housing.yaml"]
