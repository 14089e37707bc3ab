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


@pytest.mark.parametrize(("old", "new"), [("brokers", "conflict_bridges"),
                                          ("conflict_hotspots", "conflict_load")])  # fmt: skip
def test_a_query_by_its_former_name_still_answers_and_says_its_new_name(
    old: str, new: str, tmp_path: Path
):
    from tests.conftest import EXAMPLES

    store = tmp_path / "store.yaml"
    case = EXAMPLES / "child-protection.yaml"
    assert runner.invoke(app, ["push", str(case), "--to", str(store)]).exit_code == 0
    from ecograph.io.casefile import load_case

    cid = load_case(case).id
    before = runner.invoke(app, ["query", old, cid, "--from", str(store)])
    after = runner.invoke(app, ["query", new, cid, "--from", str(store)])
    assert before.exit_code == after.exit_code == 0, before.output
    assert f"is now called '{new}'" in before.stderr
    assert before.stdout == after.stdout and before.stdout.strip().startswith("[")
