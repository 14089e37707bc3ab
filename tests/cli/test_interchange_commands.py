"""The export, import and redact commands."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.io.casefile import load_case
from tests.conftest import EXAMPLES

runner = CliRunner()
CP = EXAMPLES / "child-protection.yaml"


@pytest.mark.parametrize("cmd", ["export", "import", "redact"])
def test_every_command_has_help(cmd):
    r = runner.invoke(app, [cmd, "--help"])
    assert r.exit_code == 0 and "Usage" in r.output


def test_export_csv_then_import_gives_back_the_map(tmp_path: Path):
    r = runner.invoke(app, ["export", str(CP), "--to", "csv", "-o", str(tmp_path / "csv")])
    assert r.exit_code == 0, r.output
    assert "does not carry the case's description" in r.output  # said, not silently dropped
    out = tmp_path / "back.yaml"
    r = runner.invoke(app, ["import", str(tmp_path / "csv/actors.csv"), str(tmp_path / "csv/relationships.csv"),
                            "--history", str(tmp_path / "csv/relationship-history.csv"), "--goals", str(tmp_path / "csv/goals.csv"),
                            "--agreements", str(tmp_path / "csv/agreements.csv"), "-o", str(out), "--id", "cp", "--title", "CP"])
    assert r.exit_code == 0, r.output
    back, orig = load_case(out), load_case(CP)
    assert back.actors == orig.actors and back.relationships == orig.relationships
    assert back.goals == orig.goals and back.agreements == orig.agreements


def test_export_graphml_then_import_is_exact(tmp_path: Path):
    g = tmp_path / "c.graphml"
    assert runner.invoke(app, ["export", str(CP), "--to", "graphml", "-o", str(g)]).exit_code == 0
    out = tmp_path / "back.json"
    r = runner.invoke(app, ["import", str(g), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert load_case(out) == load_case(CP)


def test_export_gexf_and_json(tmp_path: Path):
    for fmt, name in (("gexf", "c.gexf"), ("json", "c.json")):
        r = runner.invoke(app, ["export", str(CP), "--to", fmt, "-o", str(tmp_path / name)])
        assert r.exit_code == 0, r.output
    assert (tmp_path / "c.gexf").read_text().startswith("<?xml")
    assert len(json.loads((tmp_path / "c.json").read_text())["nodes"]) == 14


def test_import_errors_exit_2_without_traceback(tmp_path: Path):
    a = tmp_path / "a.csv"
    a.write_text("ID,Label,Type\nx,X,persn\n")
    rel = tmp_path / "r.csv"
    rel.write_text("From,To,Type\n")
    r = runner.invoke(app, ["import", str(a), str(rel), "-o", str(tmp_path / "o.yaml"), "--id", "c", "--title", "T"])
    assert r.exit_code == 2 and "a.csv:2:3: Type:" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["import", str(a), str(rel), "-o", str(tmp_path / "o.yaml")])
    assert r.exit_code == 2 and "--id" in r.output
    r = runner.invoke(app, ["export", str(CP), "--to", "pdf", "-o", str(tmp_path / "x")])
    assert r.exit_code == 2
    assert not (tmp_path / "o.yaml").exists()


def test_import_and_redact_do_not_overwrite_without_force(tmp_path: Path):
    out = tmp_path / "o.yaml"
    out.write_text("keep me")
    r = runner.invoke(app, ["redact", str(CP), "-o", str(out)])
    assert r.exit_code == 2 and out.read_text() == "keep me"
    r = runner.invoke(app, ["redact", str(CP), "-o", str(out), "--force"])
    assert r.exit_code == 0 and "random key" in r.output


def test_redact_refuses_to_overwrite_the_original(tmp_path: Path):
    f = tmp_path / "c.yaml"
    f.write_text(CP.read_text())
    r = runner.invoke(app, ["redact", str(f), "-o", str(f), "--force"])
    assert r.exit_code == 2 and f.read_text() == CP.read_text()
