"""The local server: status, a second start is a no-op, a wrong password is refused."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import StoreError
from ecograph.store import neo4j_server as srv

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def test_server_answers_cypher_with_auth(neo4j_server):
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as d:
        records, _, _ = d.execute_query("RETURN 40 + 2 AS x")
    assert records[0]["x"] == 42


def test_wrong_password_is_refused(neo4j_server):
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", "not-the-password")) as d:
        with pytest.raises(neo4j.exceptions.AuthError):
            d.verify_connectivity()


def test_status_of_empty_folder_is_not_running(tmp_path: Path):
    st = srv.status(tmp_path)
    assert not st.running and st.pid is None
    r = runner.invoke(app, ["neo4j", "status", "--data", str(tmp_path)])
    assert r.exit_code == 1 and "not running" in r.output


def test_stop_when_not_running_says_so(tmp_path: Path):
    r = runner.invoke(app, ["neo4j", "stop", "--data", str(tmp_path)])
    assert r.exit_code == 0 and "not running" in r.output


def test_start_without_password_is_a_one_line_error(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    r = runner.invoke(app, ["neo4j", "start", "--data", str(tmp_path), "--port", "1"])
    assert r.exit_code == 3
    assert "NEO4J_PASSWORD" in r.output and "Traceback" not in r.output


def test_start_on_taken_port_is_refused(neo4j_server, tmp_path: Path, monkeypatch):
    port = int(neo4j_server.uri.rsplit(":", 1)[1])
    monkeypatch.setenv("NEO4J_PASSWORD", "some-password")
    with pytest.raises(StoreError, match=f"port {port}"):
        srv.start(tmp_path, port=port)


def test_cli_start_status_stop_a_second_server(tmp_path: Path, monkeypatch):
    """A second server side by side, through the CLI: start, status, start again, stop."""
    monkeypatch.setenv("NEO4J_PASSWORD", "second-server-pw")
    port = srv.free_port()
    data = tmp_path / "second"
    try:
        r = runner.invoke(
            app,
            [
                "neo4j",
                "start",
                "--port",
                str(port),
                "--data",
                str(data),
                "--heap",
                "512m",
                "--pagecache",
                "64m",
            ],
        )
        assert r.exit_code == 0, r.output
        assert f"bolt://127.0.0.1:{port}" in r.output
        assert "second-server-pw" not in r.output
        r = runner.invoke(app, ["neo4j", "status", "--data", str(data)])
        assert r.exit_code == 0 and "running" in r.output
        r = runner.invoke(app, ["neo4j", "start", "--port", str(port), "--data", str(data)])
        assert r.exit_code == 0 and "already running" in r.output
        with neo4j.GraphDatabase.driver(
            f"bolt://127.0.0.1:{port}", auth=("neo4j", "second-server-pw")
        ) as d:
            d.verify_connectivity()
    finally:
        r = runner.invoke(app, ["neo4j", "stop", "--data", str(data)])
    assert r.exit_code == 0 and "stopped" in r.output
    assert not srv.status(data).running
    assert (data / srv.LOG_FILE).is_file()
