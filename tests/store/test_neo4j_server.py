"""The local server: status, a second start is a no-op, a wrong password is refused."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import StoreError
from ecograph.neo4jlocal import server as srv

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


def test_stop_by_port_of_a_server_started_from_another_folder_says_to_pass_its_data(
    neo4j_server, tmp_path: Path
):
    port = int(neo4j_server.uri.rsplit(":", 1)[1])
    r = runner.invoke(app, ["neo4j", "stop", "--port", str(port), "--data", str(tmp_path)])
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    assert f"no server runs from data folder {tmp_path.resolve()}, but port {port} is in use" in text
    assert f"the --data folder the server on port {port} was started with" in text
    assert "Traceback" not in r.output


def test_launcher_builds_from_the_packaged_sources_into_the_user_cache(tmp_path: Path, monkeypatch):
    """No source tree needed: the launcher's Maven project ships in the package and is built in
    $XDG_CACHE_HOME/ecograph/neo4j-local/<hash of the sources>, renamed into place when done."""
    monkeypatch.delenv("ECOGRAPH_NEO4J_TOOLS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    digest = srv.sources_digest()
    assert len(digest) == 16
    folder = tmp_path / "ecograph" / "neo4j-local" / digest
    assert srv.tools_dir() == folder
    assert not srv.is_built()
    assert srv.build() == folder
    assert srv.is_built(folder) and (folder / "pom.xml").is_file()
    assert [p.name for p in folder.parent.iterdir() if not p.name.endswith(".lock")] == [digest]
    mtime = (folder / "target" / "classes").stat().st_mtime
    assert srv.build() == folder  # built once; the second call finds it
    assert (folder / "target" / "classes").stat().st_mtime == mtime


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
        r = runner.invoke(app, ["neo4j", "status", "--port", str(port), "--data", str(data)])
        assert r.exit_code == 0 and "running" in r.output
        r = runner.invoke(app, ["neo4j", "stop", "--port", str(port + 1), "--data", str(data)])
        assert r.exit_code == 2
        assert f"runs on port {port}, not {port + 1}" in " ".join(r.output.split())
        assert srv.status(data).running
    finally:
        r = runner.invoke(app, ["neo4j", "stop", "--port", str(port), "--data", str(data)])
    assert r.exit_code == 0 and "stopped" in r.output
    assert not srv.status(data).running
    assert (data / srv.LOG_FILE).is_file()


# --------------------------------------------------------------- memory sizes
@pytest.mark.parametrize(
    ("text", "size"), [("512m", 512 << 20), ("3g", 3 << 30), ("64K", 64 << 10), (" 1G ", 1 << 30)]
)
def test_memory_sizes_read_as_neo4j_writes_them(text: str, size: int):
    assert srv.parse_size(text, "--heap") == size


def test_transaction_memory_defaults_to_seventy_percent_of_the_heap():
    assert srv.default_tx_memory("1g") == "716m"
    assert srv.default_tx_memory("3g") == "2150m"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--heap", "3gb"], ["--heap '3gb' is not a memory size", "e.g. 1g or 512m"]),
        (["--pagecache", "lots"], ["--pagecache 'lots' is not a memory size"]),
        (["--heap", "1g", "--tx-memory", "2g"], ["--tx-memory 2g is more than the heap (1g)"]),
        (["--tx-memory", "8m"], ["--tx-memory 8m is less than Neo4j accepts", "at least 10m"]),
    ],
)
def test_bad_memory_options_are_refused_before_anything_starts(
    args: list[str], words: list[str], tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("NEO4J_PASSWORD", "some-password")
    data = tmp_path / "never"
    r = runner.invoke(app, ["neo4j", "start", "--data", str(data), "--port", "1", *args])
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    assert all(w in text for w in words), text
    assert "Traceback" not in r.output and not data.exists()


def test_a_push_bigger_than_the_transaction_memory_fails_once_and_says_what_to_do(
    tmp_path: Path, monkeypatch, caplog
):
    """A map too big for the server's transaction memory: one clear error, no retries, nothing
    written; the way out (a larger --heap and --tx-memory) is named; small cases still go in."""
    from ecograph.io.casefile import save_case
    from ecograph.model import Actor, Case, Relationship
    from ecograph.store.neo4j import Neo4jStore

    monkeypatch.setenv("NEO4J_PASSWORD", "small-server-pw")
    monkeypatch.setenv("NEO4J_USERNAME", "neo4j")
    port, data = srv.free_port(), tmp_path / "small"
    start = ["neo4j", "start", "--port", str(port), "--data", str(data), "--heap", "512m"]
    r = runner.invoke(app, [*start, "--pagecache", "64m", "--tx-memory", "16m"])
    assert r.exit_code == 0, r.output
    uri = f"bolt://127.0.0.1:{port}"
    try:
        conf = (data / "ecograph-neo4j.conf").read_text()
        assert "dbms.memory.transaction.total.max=16m" in conf
        n = 3000
        big = Case(
            id="neighbourhood-map",
            title="A big neighbourhood map",
            actors=[Actor(id=f"a{i}", name=f"Actor {i}") for i in range(n)],
            relationships=[
                Relationship(
                    source=f"a{i}", target=f"a{(i + 1) % n}", type="conflict", strength=0.5
                )
                for i in range(n)
            ],
        )
        file = tmp_path / "big.yaml"
        save_case(big, file)
        attempts = []
        real_write = Neo4jStore._write

        def counting_write(self, tx, *args):
            attempts.append(1)
            return real_write(self, tx, *args)

        monkeypatch.setattr(Neo4jStore, "_write", counting_write)
        r = runner.invoke(app, ["push", str(file), "--to", uri])
        assert r.exit_code == 3, r.output
        text = " ".join(r.output.split())
        assert (
            "pushing case 'neighbourhood-map' needs more transaction memory than Neo4j at" in text
        )
        assert "nothing was written" in text and "--tx-memory" in text
        assert "Traceback" not in r.output and "small-server-pw" not in r.output
        assert attempts == [1]  # not retried: the same push would need the same memory
        assert "will be retried" not in caplog.text and "will be retried" not in r.output
        with Neo4jStore(uri) as store:
            assert store.list_cases() == []
        small = tmp_path / "child-protection.yaml"  # a push notes its version beside the file
        small.write_text(Path("examples/child-protection.yaml").read_text())
        r = runner.invoke(app, ["push", str(small), "--to", uri])
        assert r.exit_code == 0, r.output
        _deleting_a_case_too_big_for_the_server_fails_once(uri, monkeypatch, caplog)
    finally:
        runner.invoke(app, ["neo4j", "stop", "--data", str(data)])


def _deleting_a_case_too_big_for_the_server_fails_once(uri: str, monkeypatch, caplog) -> None:
    """Grown push by push (each push writes only the difference, and fits), a case becomes too
    big to delete in one transaction: the delete is one clear refusal, tried once, and the case
    is still whole (issue 15, item 7: "delete included")."""
    import neo4j

    from ecograph.errors import StoreError
    from ecograph.model import Actor, Case, Relationship
    from ecograph.store.neo4j import Neo4jStore

    def grown(n: int) -> Case:
        return Case(
            id="grown-map",
            title="A map grown over months",
            actors=[Actor(id=f"a{i}", name=f"Actor {i}") for i in range(n)],
            relationships=[
                Relationship(source=f"a{i}", target=f"a{i + 1}", type="conflict", strength=0.5)
                for i in range(n - 1)
            ],
        )

    with Neo4jStore(uri) as store:
        for n in (1000, 2000, 3000, 4000, 5000):
            store.save(grown(n))
        begun = []
        real_begin = neo4j.Session.begin_transaction

        def counting_begin(self, *args, **kwargs):
            begun.append(1)
            return real_begin(self, *args, **kwargs)

        monkeypatch.setattr(neo4j.Session, "begin_transaction", counting_begin)
        caplog.clear()
        with pytest.raises(StoreError) as err:
            store.delete("grown-map")
        monkeypatch.setattr(neo4j.Session, "begin_transaction", real_begin)
        text = str(err.value)
        assert text.startswith("deleting case 'grown-map' needs more transaction memory than")
        assert "nothing was deleted" in text and any("--tx-memory" in h for h in err.value.hints)
        assert begun == [1] and "will be retried" not in caplog.text
        assert store.load("grown-map") == grown(5000)
