"""The store commands (push, pull, query) on the command line, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app

runner = CliRunner()
CHILD = str(Path(__file__).resolve().parents[2] / "examples" / "child-protection.yaml")


@pytest.mark.parametrize(
    "args",
    [
        ["query", "conflict_bridges", "some-case", "--store"],
        ["push", CHILD, "--to"],
        ["pull", "some-case", "-o", "x.yaml", "--from"],
    ],
    ids=lambda a: a[0],
)
def test_credentials_in_the_uri_are_refused_without_repeating_them(args):
    r = runner.invoke(app, [*args, "bolt://neo4j:s3cret-Pa55@127.0.0.1:9"])
    assert r.exit_code == 2, r.output
    assert "s3cret-Pa55" not in r.output and "NEO4J_PASSWORD" in r.output
    assert len(r.output.strip().splitlines()) == 1
