"""``ecograph plot``: writes the figure; user errors are clear and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.cli.plot import KIND_NAMES

runner = CliRunner()
EXAMPLE = "examples/child-protection.yaml"


@pytest.mark.parametrize(
    "kind,fmt",
    [
        ("ecosystem", "svg"),
        ("timeline", "pdf"),
        ("power", "png"),
        ("matrix", "png"),
        ("factions", "svg"),
    ],
)
def test_plot_writes_file(tmp_path: Path, kind: str, fmt: str):
    out = tmp_path / f"fig.{fmt}"
    r = runner.invoke(app, ["plot", EXAMPLE, "--kind", kind, "-o", str(out), "--dpi", "60"])
    assert r.exit_code == 0, r.output
    assert out.stat().st_size > 5000
    assert f"wrote {out}" in r.output


def test_plot_as_of(tmp_path: Path):
    out = tmp_path / "fig.svg"
    r = runner.invoke(app, ["plot", EXAMPLE, "-o", str(out), "--as-of", "2026-02-01"])
    assert r.exit_code == 0, r.output
    assert "as of 2026-02-01" in out.read_text()


@pytest.mark.parametrize(
    "args,words",
    [
        (["--kind", "pie"], "unknown figure kind 'pie'"),
        (["-o", "fig.jpg"], "ending in .png, .svg or .pdf"),
        (["--as-of", "yesterday"], "expected a date as YYYY-MM-DD"),
        (["--kind", "power", "--overlay-conflicts"], "ecosystem figure only"),
    ],
)
def test_bad_options_exit_2_without_traceback(tmp_path: Path, args: list[str], words: str):
    argv = ["plot", EXAMPLE, "-o", str(tmp_path / "fig.png"), *args]
    r = runner.invoke(app, argv)
    assert r.exit_code == 2, r.output
    assert words in r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "fig.png").exists()


def test_missing_folder_and_bad_case(tmp_path: Path):
    r = runner.invoke(app, ["plot", EXAMPLE, "-o", str(tmp_path / "nope" / "fig.png")])
    assert r.exit_code == 2 and "does not exist" in r.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("ecograph: 1\nid: x\ntitle: T\nactors:\n  - {id: a, name: A, roles: [clent]}\n")
    r = runner.invoke(app, ["plot", str(bad), "-o", str(tmp_path / "fig.png")])
    assert r.exit_code == 2 and "bad.yaml" in r.output and "Traceback" not in r.output


def test_help_lists_every_kind():
    r = runner.invoke(app, ["plot", "--help"])
    assert r.exit_code == 0
    for k in KIND_NAMES:
        assert k in r.output


def test_every_cli_kind_is_a_library_kind():
    from ecograph.plot import KINDS

    assert set(KIND_NAMES) == set(KINDS)


def test_overlay_flag_draws_the_overlay(tmp_path: Path):
    out = tmp_path / "fig.svg"
    r = runner.invoke(app, ["plot", EXAMPLE, "-o", str(out), "--overlay-conflicts"])
    assert r.exit_code == 0, r.output
    assert 'id="overlay:likely-conflict"' in out.read_text()


def test_config_changes_the_matrix(tmp_path: Path):
    cfg = tmp_path / "params.yaml"
    cfg.write_text("signs: {agreement: 0.3}\n")
    out = tmp_path / "m.svg"
    r = runner.invoke(app, ["plot", EXAMPLE, "--kind", "matrix", "--config", str(cfg), "-o", str(out)])
    assert r.exit_code == 0, r.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("signs: {agreement: 7}\n")
    r = runner.invoke(app, ["plot", EXAMPLE, "--kind", "matrix", "--config", str(bad), "-o", str(out)])
    assert r.exit_code == 2 and "agreement" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["plot", EXAMPLE, "--kind", "power", "--config", str(cfg), "-o", str(out)])
    assert r.exit_code == 2 and "--config applies" in r.output
