"""Every command that writes a file: never over its own input, never over a file without
--force, and a missing, read-only or wrong output folder is one clear line with exit 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.io.casefile import load_case, save_case
from tests.conftest import EXAMPLES

runner = CliRunner()
CP = EXAMPLES / "child-protection.yaml"
FC = EXAMPLES / "family-conflict.yaml"
SCENARIO = EXAMPLES / "scenarios" / "advocate.yaml"
CP_ID = "child-protection-roberta"


@pytest.fixture
def work() -> Iterator[Path]:
    """A folder every user may enter, holding copies of the inputs (for the uid-1000 runs)."""
    base = Path(tempfile.mkdtemp(prefix="ecograph-outputs-"))
    base.chmod(0o755)
    shutil.copy(CP, base / "case.yaml")
    shutil.copy(SCENARIO, base / "scenario.yaml")
    save_case(load_case(CP), base / "case.graphml.yaml")
    runner.invoke(app, ["export", str(CP), "--to", "graphml", "-o", str(base / "case.graphml")])
    for p in base.iterdir():
        p.chmod(0o644)
    yield base
    shutil.rmtree(base, ignore_errors=True)


#: Each command that writes, as the arguments that write ``out`` (a path with the right suffix).
WRITERS: dict[str, tuple[str, Callable[[Path, Path], list[str]]]] = {
    "export": (".json", lambda w, o: ["export", str(w / "case.yaml"), "--to", "json", "-o", str(o)]),
    "export-graphml": (
        ".graphml",
        lambda w, o: ["export", str(w / "case.yaml"), "--to", "graphml", "-o", str(o)],
    ),
    "redact": (".yaml", lambda w, o: ["redact", str(w / "case.yaml"), "-o", str(o)]),
    "import": (".yaml", lambda w, o: ["import", str(w / "case.graphml"), "-o", str(o)]),
    "pull": (".yaml", lambda w, o: ["pull", CP_ID, "--from", str(w / "case.yaml"), "-o", str(o)]),
    "schema": (".json", lambda w, o: ["schema", "-o", str(o)]),
    "new": (".yaml", lambda w, o: ["new", str(o)]),
    "push": (".yaml", lambda w, o: ["push", str(w / "case.yaml"), "--to", str(o)]),
    "plot": (".png", lambda w, o: ["plot", str(w / "case.yaml"), "-o", str(o)]),
    "view": (".html", lambda w, o: ["view", str(w / "case.yaml"), "-o", str(o)]),
    "whatif": (
        ".png",
        lambda w, o: [
            "whatif", str(w / "case.yaml"), "--scenario", str(w / "scenario.yaml"), "--plot", str(o)
        ],
    ),
}  # fmt: skip


def _one_clear_line(r: object, *words: str) -> str:
    out = r.output  # type: ignore[attr-defined]
    assert r.exit_code == 2, out  # type: ignore[attr-defined]
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), out
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


@pytest.mark.parametrize("name", WRITERS)
def test_a_missing_output_folder_is_one_clear_line(name: str, work: Path):
    suffix, args = WRITERS[name]
    out = work / "missing" / f"out{suffix}"
    r = runner.invoke(app, args(work, out))
    line = _one_clear_line(r, str(work / "missing"), "does not exist")
    assert "mkdir" in line  # what to do
    assert not (work / "missing").exists()


@pytest.mark.parametrize("name", WRITERS)
def test_an_output_that_is_a_folder_is_one_clear_line(name: str, work: Path):
    suffix, args = WRITERS[name]
    out = work / f"taken{suffix}"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    r = runner.invoke(app, [*args(work, out), *(["--force"] if name in FORCE else [])])
    _one_clear_line(r, str(out), "is a folder")
    assert (out / "keep.txt").read_text() == "mine"


def test_record_on_a_folder_is_one_clear_line(work: Path):
    folder = work / "case-folder.yaml"
    folder.mkdir()
    r = runner.invoke(app, RECORD(folder))
    _one_clear_line(r, str(folder), "is a folder")


def RECORD(path: Path) -> list[str]:  # noqa: N802 - a constant-like builder
    return ["record", str(path), "--between", "susan", "roberta", "--type", "conflict",
            "--strength", "0.5", "--date", "2026-12-01"]  # fmt: skip


def _as_another_user(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user who may not write in ``cwd``'s read-only folder.

    Root may write anywhere, so as root the command runs as uid 1000 (``setpriv``).
    """
    env = {**os.environ, "MPLCONFIGDIR": str(cwd / "mpl"), "HOME": str(cwd)}
    (cwd / "mpl").mkdir(exist_ok=True)
    (cwd / "mpl").chmod(0o777)
    who = ["setpriv", "--reuid", "1000", "--regid", "1000", "--clear-groups"]
    return subprocess.run(
        [*(who if os.geteuid() == 0 else []), sys.executable, "-m", "ecograph", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize("name", WRITERS)
def test_a_read_only_output_folder_is_one_clear_line(name: str, work: Path):
    suffix, args = WRITERS[name]
    ro = work / "read-only"
    ro.mkdir(mode=0o555)
    ro.chmod(0o555)
    out = ro / f"out{suffix}"
    r = _as_another_user(args(work, out), work)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert str(ro) in lines[0] and "may not write" in lines[0]
    assert list(ro.iterdir()) == []


def test_record_in_a_read_only_folder_is_one_clear_line(work: Path):
    ro = work / "read-only"
    ro.mkdir()
    shutil.copy(CP, ro / "case.yaml")
    (ro / "case.yaml").chmod(0o666)
    ro.chmod(0o555)
    r = _as_another_user(RECORD(ro / "case.yaml"), work)
    assert r.returncode == 2, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "may not write" in lines[0] and str(ro) in lines[0], r.stderr
    assert (ro / "case.yaml").read_text() == CP.read_text()
    assert sorted(p.name for p in ro.iterdir()) == ["case.yaml"]


# ---------------------------------------------------------------- item 1: over an input, --force
#: Commands that refuse to overwrite an existing file unless given --force.
FORCE = ("export", "export-graphml", "redact", "import", "pull", "schema", "new")


@pytest.mark.parametrize("name", FORCE)
def test_an_existing_file_is_kept_without_force(name: str, work: Path):
    suffix, args = WRITERS[name]
    out = work / f"existing{suffix}"
    out.write_text("keep me")
    r = runner.invoke(app, args(work, out))
    _one_clear_line(r, str(out), "exists already", "--force")
    assert out.read_text() == "keep me"
    r = runner.invoke(app, [*args(work, out), "--force"])
    assert r.exit_code == 0, r.output
    assert out.read_text() != "keep me"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "{case}", "--to", "graphml", "-o", "{case}", "--force"],
        ["export", "{json}", "--to", "json", "-o", "{json}", "--force"],
        ["view", "{case}", "-o", "{case}"],
        ["pull", CP_ID, "--from", "{case}", "-o", "{case}", "--force"],
        ["push", "{case}", "--to", "{case}"],
        ["redact", "{case}", "-o", "{link}", "--force"],
        ["whatif", "{case}", "--scenario", "{scenario}", "--plot", "{case}"],
    ],
    ids=["export-graphml", "export-json", "view", "pull", "push", "redact-via-link", "whatif"],
)
def test_no_command_writes_over_its_own_input(args: list[str], work: Path):
    case, js = work / "case.yaml", work / "case.json"
    save_case(load_case(CP), js)
    (work / "link.yaml").symlink_to(case)
    before = {p: p.read_bytes() for p in (case, js)}
    names = {
        "case": case,
        "json": js,
        "link": work / "link.yaml",
        "scenario": work / "scenario.yaml",
    }
    r = runner.invoke(app, [a.format(**names) for a in args])
    _one_clear_line(r, "its own input")
    assert {p: p.read_bytes() for p in (case, js)} == before


def test_schema_does_not_overwrite_a_case_without_force(work: Path):
    case = work / "case.yaml"
    r = runner.invoke(app, ["schema", "-o", str(case)])
    _one_clear_line(r, "exists already")
    assert case.read_text() == CP.read_text()


def test_csv_export_keeps_an_earlier_export_without_force(work: Path):
    out = work / "csv"
    assert runner.invoke(app, ["export", str(CP), "--to", "csv", "-o", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    r = runner.invoke(app, ["export", str(FC), "--to", "csv", "-o", str(out)])
    _one_clear_line(r, "--force")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    r = runner.invoke(app, ["export", str(FC), "--to", "csv", "-o", str(out), "--force"])
    assert r.exit_code == 0, r.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} != before


def test_csv_export_refuses_a_file_as_its_folder(work: Path):
    r = runner.invoke(app, ["export", str(CP), "--to", "csv", "-o", str(work / "case.yaml")])
    _one_clear_line(r, "folder")
    assert (work / "case.yaml").read_text() == CP.read_text()


# ---------------------------------------------------------------- item 2: push to another case
def test_push_to_a_file_holding_another_case_is_refused(work: Path):
    other = work / "other.yaml"
    shutil.copy(FC, other)
    r = runner.invoke(app, ["push", str(work / "case.yaml"), "--to", str(other)])
    line = _one_clear_line(r, str(other), "family-conflict-marin", CP_ID)
    assert "--force" in line
    assert other.read_text() == FC.read_text()
    r = runner.invoke(app, ["push", str(work / "case.yaml"), "--to", str(other), "--force"])
    assert r.exit_code == 0, r.output
    assert load_case(other).id == CP_ID


def test_push_to_a_file_holding_the_same_case_updates_it(work: Path):
    copy = work / "copy.yaml"
    case = load_case(CP)
    save_case(case.model_copy(update={"title": "An older title"}), copy)
    r = runner.invoke(app, ["push", str(work / "case.yaml"), "--to", str(copy)])
    assert r.exit_code == 0 and "updated" in r.output, r.output
    assert load_case(copy) == case
