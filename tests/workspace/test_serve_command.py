"""`ecograph serve` as a user starts it: a real server on 127.0.0.1 with a token in the URL."""

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import httpx2 as httpx
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


def test_serve_refuses_a_store_for_now_and_a_missing_folder(tmp_path: Path):
    r = CliRunner().invoke(app, ["serve", "--store", "bolt://localhost:7687"])
    assert r.exit_code == 2 and "not available yet" in r.output
    r = CliRunner().invoke(app, ["serve", str(tmp_path / "nowhere")])
    assert r.exit_code == 2 and "no such folder or case file" in r.output
