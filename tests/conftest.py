"""Shared fixtures. Area-specific fixtures live in the conftest of their folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# In CI every property and fuzz test runs the same generated inputs each time (derandomized,
# no example database), so a submission is judged on a reproducible run; locally they explore
# new inputs on every run (and failures found there become regression tests).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


def _shared_candidates() -> list[Path]:
    env = os.environ.get("ECOGRAPH_SHARED")
    found = [Path(env)] if env else []
    return [*found, ROOT.parent / "shared", Path("/work/shared")]


@pytest.fixture(scope="session")
def bitcoin_csv() -> Path:
    """The real Bitcoin OTC signed network from the project's shared data (beside the repo).

    Skipped when the shared data is not there, except in CI (CI=true), where it fails.
    """
    for base in _shared_candidates():
        path = base / "data" / "signed" / "bitcoin_otc" / "bitcoin_otc_edges.csv"
        if path.exists():
            return path
    message = "shared Bitcoin OTC data not found (set ECOGRAPH_SHARED to the shared/ folder)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def example_files() -> list[Path]:
    """Every example case file shipped in examples/."""
    return sorted(p for p in EXAMPLES.glob("*.yaml"))


# --- neo4j: the real local Neo4j 5.26 server, started by the tests ------------------------------
# Reuse: with ECOGRAPH_TEST_NEO4J_URI (plus NEO4J_USERNAME / NEO4J_PASSWORD) the tests use that
# server; with ECOGRAPH_KEEP_NEO4J=1 they start one in .neo4j/test and leave it running for the
# next run. Otherwise they start one on a free port with a temporary data folder and stop it at
# the end. In CI (CI=true) a server that cannot be had fails the tests instead of skipping them.

import dataclasses  # noqa: E402
import secrets  # noqa: E402
from collections.abc import Iterator  # noqa: E402


@dataclasses.dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Neo4j tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"local Neo4j unavailable: {reason}")


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    from ecograph.errors import StoreError
    from ecograph.neo4jlocal import server as srv

    given = os.environ.get("ECOGRAPH_TEST_NEO4J_URI")
    if given:
        server = Neo4jServer(
            given,
            os.environ.get("NEO4J_USERNAME", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
        )
        try:
            srv.wait_for_bolt(server.uri, server.password, user=server.user, timeout=30)
        except StoreError as exc:
            _unavailable(str(exc))
        yield server
        return
    keep = os.environ.get("ECOGRAPH_KEEP_NEO4J") == "1"
    if keep:
        data = ROOT / ".neo4j" / "test"
        password = "ecograph-test-password"
    else:
        data = tmp_path_factory.mktemp("neo4j-data")
        password = secrets.token_urlsafe(16)
    st = srv.status(data)
    if not st.running:
        try:
            st = srv.start(
                data,
                port=srv.free_port(),
                password=password,
                heap="768m",
                pagecache="128m",
                timeout=240,
            )
        except StoreError as exc:
            _unavailable(str(exc))
    assert st.uri is not None
    try:
        yield Neo4jServer(st.uri, "neo4j", password)
    finally:
        if not keep:
            srv.stop(data)


# ---------------------------------------------------------------- headless Chromium (the HTML map and the workspace; one per session)
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium() -> Any:
    """A headless Debian Chromium driven by Playwright, shared by the session.

    Skips when ``/usr/bin/chromium`` or Playwright is missing -- except in CI (``CI=true``),
    where that is a failure: the browser tests must run there.
    """
    import os

    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            problem = "playwright is not installed (pip install playwright)"
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {problem}")
        pytest.skip(problem)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            yield browser
        finally:
            browser.close()
