"""Every command of the README's tour runs as written on a fresh copy of the repository.

The ``bash`` blocks between "A short tour" and "Examples" are run in order, each as one script
(``set -e``), in a temporary folder holding the repository's files, with ``ecograph`` on the
path. Placeholders are marked in the README and given there (``cp examples/... case.yaml``,
a fresh ``ECOGRAPH_KEY``). The Neo4j block starts its own server, on a free port
instead of 7687; like every Neo4j test it fails in CI when no server can be had.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def tour_blocks() -> list[str]:
    """Return the bash blocks of the tour, in order."""
    tour = README.split("## A short tour", 1)[1].split("## Examples", 1)[0]
    return re.findall(r"```bash\n(.*?)```", tour, flags=re.S)


def _fresh_copy(tmp: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode().split("\0")
    dest = tmp / "clone"
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _serves(block: str, cwd: Path, env: dict[str, str]) -> None:
    """Start the workspace as written, wait until it says where it listens, and stop it."""
    (line,) = [x for x in block.splitlines() if x.startswith("ecograph serve")]
    proc = subprocess.Popen(
        # --port 0: a free port, as the Neo4j block gets one (other programs may hold 8765)
        ["bash", "-c", f"exec {line.split('#')[0].strip()} --port 0"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        seen = []
        assert proc.stdout is not None
        for text in proc.stdout:
            seen.append(text)
            if "http://127.0.0.1:" in text:
                break
        assert any("http://127.0.0.1" in x for x in seen), "".join(seen)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["BROWSER"] = "true"  # `view --open` opens nothing in a test
    env["MPLBACKEND"] = "Agg"
    env.pop("ECOGRAPH_KEY", None)
    return env


def test_the_tour_has_its_blocks_and_marks_its_placeholders() -> None:
    blocks = tour_blocks()
    assert len(blocks) >= 8
    text = "\n".join(blocks)
    assert "../shared" not in text  # every file is in the repository
    assert "ECOGRAPH_KEY=..." not in text
    for placeholder in ("case.yaml stands for your own case file", "placeholder: your own"):
        assert placeholder in text


def test_every_tour_command_runs_as_written(tmp_path: Path) -> None:
    clone = _fresh_copy(tmp_path)
    env = _env()
    for block in tour_blocks():
        if "ecograph neo4j start" in block:
            continue  # the next test
        if "ecograph serve" in block:
            _serves(block, clone, env)
            continue
        done = _run(block, clone, env)
        assert done.returncode == 0, f"{block}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        assert "Traceback" not in done.stderr
    for made in ("my-case.yaml", "case.schema.json", "advocate.png", "map.html", "teaching.yaml"):
        assert (clone / made).is_file(), made


def test_the_neo4j_tour_runs_against_its_own_server(tmp_path: Path) -> None:
    # `ecograph neo4j start` builds its launcher into the user cache (or ECOGRAPH_NEO4J_TOOLS)
    if not (shutil.which("java") and shutil.which("mvn")):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("the Neo4j tour needs java and mvn in CI")
        pytest.skip("java and mvn are needed to run the Neo4j part of the tour")
    from ecograph.neo4jlocal.server import free_port

    (block,) = [b for b in tour_blocks() if "ecograph neo4j start" in b]
    clone = _fresh_copy(tmp_path)
    env = {**_env(), "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": "tour-test-password"}
    script = block.replace("7687", str(free_port()))
    try:
        done = _run(script, clone, env)
    finally:
        _run("ecograph neo4j stop --data .neo4j/local || true", clone, env)
    assert done.returncode == 0, f"{script}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    assert (clone / "roundtrip.yaml").is_file()
