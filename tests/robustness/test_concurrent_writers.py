"""Two real processes writing one case file: nothing lost; a blocked writer waits or fails clearly."""

from __future__ import annotations

import ast
import multiprocessing as mp
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ecograph.io.atomic import FileLockedError, locked
from ecograph.io.casefile import load_case, save_case
from ecograph.model import Actor

ROOT = Path(__file__).resolve().parents[2]
CASE = """\
ecograph: 1
id: shared
title: Shared case
actors:
  - {id: w, name: Worker, roles: [change_agent]}
  - {id: c, name: Client, roles: [client]}
relationships:
  - {source: w, target: c, type: agreement, strength: 0.5}
"""


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    f = tmp_path / "shared.yaml"
    f.write_text(CASE)
    return f


def _add_actors(path: str, who: str, n: int, start: mp.synchronize.Event) -> None:
    start.wait()
    for i in range(n):
        with locked(path):  # load-modify-save under the write lock
            case = load_case(path)
            case.actors.append(Actor(id=f"{who}-{i}", name=f"{who} {i}"))
            save_case(case, path)


def test_two_processes_load_modify_save_lose_nothing(case_file: Path):
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_add_actors, args=(str(case_file), w, 12, start)) for w in "AB"]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    ids = {a.id for a in load_case(case_file).actors}
    assert {f"{w}-{i}" for w in "AB" for i in range(12)} <= ids
    assert len(ids) == 2 + 24
    assert not list(case_file.parent.glob(".*.tmp")), "no temporary file is left behind"


def test_two_ecograph_record_commands_at_once_lose_nothing(case_file: Path):
    script = (
        "for i in 1 2 3 4; do "
        f"'{sys.executable}' -m ecograph record '{case_file}' --between w c --type conflict "
        "--strength 0.5 --date 2026-01-0$i --note \"$WHO-$i\" || exit 1; done"
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen(["bash", "-c", script], env={**env, "WHO": who}, cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for who in ("p1", "p2")
    ]  # fmt: skip
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    rel = load_case(case_file).relationships[0]
    notes = {o.note for o in rel.history}
    assert {f"{w}-{i}" for w in ("p1", "p2") for i in range(1, 5)} <= notes


def _hold(path: str, seconds: float, held: mp.synchronize.Event) -> None:
    with locked(path):
        held.set()
        time.sleep(seconds)


def test_a_blocked_writer_fails_clearly_after_its_timeout(case_file: Path):
    ctx = mp.get_context("spawn")
    held = ctx.Event()
    p = ctx.Process(target=_hold, args=(str(case_file), 3.0, held))
    p.start()
    try:
        assert held.wait(60)
        with pytest.raises(FileLockedError) as err, locked(case_file, timeout=0.3):
            pass
        assert "another process is writing this file" in str(err.value)
        assert str(case_file) in str(err.value) and err.value.exit_code == 3
    finally:
        p.join(60)


def test_a_blocked_writer_waits_and_then_writes(case_file: Path):
    ctx = mp.get_context("spawn")
    held = ctx.Event()
    p = ctx.Process(target=_hold, args=(str(case_file), 1.0, held))
    p.start()
    try:
        assert held.wait(60)
        with locked(case_file, timeout=60):
            assert not p.is_alive() or p.exitcode is None  # we got the lock only after it let go
            case = load_case(case_file)
            case.actors.append(Actor(id="late", name="Late"))
            save_case(case, case_file)
    finally:
        p.join(60)
    assert "late" in {a.id for a in load_case(case_file).actors}


def _writes_in_place(tree: ast.AST) -> list[int]:
    """Return the lines that write a file in place (not via atomic_write or a temp + rename)."""
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        target = ast.unparse(f.value) if isinstance(f, ast.Attribute) else ""
        if name in ("write_text", "write_bytes") and "tmp" not in target.lower():
            bad.append(node.lineno)
        if name == "open" and len(node.args) > 1:
            mode = node.args[1]
            if isinstance(mode, ast.Constant) and any(c in str(mode.value) for c in "wx"):  # appending to a log is fine
                bad.append(node.lineno)
    return bad


def test_the_package_writes_files_only_atomically():
    offenders = []
    for path in sorted((ROOT / "ecograph").rglob("*.py")):
        if path.name == "atomic.py":
            continue
        for line in _writes_in_place(ast.parse(path.read_text())):
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == [], "write through ecograph.io.atomic.atomic_write instead"
