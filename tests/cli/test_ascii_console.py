"""Every command's text output on a console that is not UTF-8 (PYTHONIOENCODING=ascii, an old
Windows code page): no crash, and what ASCII lacks is written as its nearest ASCII spelling.
(Plain lines go through typer.echo, which, like click, writes UTF-8 to a stream that claims to be
ASCII; the tables and reports go through rich, which now writes ASCII look-alikes.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCENARIO = EXAMPLES / "scenarios" / "family-group-conference.yaml"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """The child-protection example with a Chinese name, an accented one and typographic marks."""
    text = (EXAMPLES / "child-protection.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Roberta (mother)", "name: 王小明 (mother)")
    text = text.replace("name: Susan (social worker)", "name: José – social worker")
    text = text.replace(
        "title: Child protection - a mother and a new baby",
        "title: “Child protection” … a mother → a new baby",
    )
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _commands(case: Path, tmp: Path) -> list[tuple[list[str], set[int]]]:
    cid = "child-protection-roberta"
    bad = tmp / "bad.yaml"
    bad.write_text(
        case.read_text(encoding="utf-8").replace("type: conflict", "type: disagreement…", 1),
        encoding="utf-8",
    )
    csv_dir = tmp / "csv"
    return [
        (["--help"], {0}),
        (["show", "--help"], {0}),
        (["analyze", "--help"], {0}),
        (["validate", str(case)], {0}),
        (["validate", str(bad)], {2}),
        (["show", str(case)], {0}),
        (["show", str(tmp / "missing….yaml")], {2}),
        (["analyze", str(case)], {0}),
        (["analyze", str(case), "--json"], {0}),
        (["history", str(case)], {0}),
        (["warnings", str(case)], {0, 1}),
        (["whatif", str(case), "--scenario", str(SCENARIO)], {0}),
        (
            [
                "record",
                str(case),
                "--between",
                "susan",
                "roberta",
                "--type",
                "conflict",
                "--strength",
                "0.5",
                "--date",
                "2026-11-01",
                "--note",
                "shouted … left",
            ],
            {0},
        ),
        (["export", str(case), "--to", "csv", "-o", str(csv_dir)], {0}),
        (["export", str(case), "--to", "graphml", "-o", str(tmp / "c.graphml")], {0}),
        (
            [
                "import",
                str(csv_dir / "actors.csv"),
                str(csv_dir / "relationships.csv"),
                "-o",
                str(tmp / "imported.yaml"),
                "--id",
                "imported",
                "--title",
                "Imported – copy",
            ],
            {0},
        ),
        (
            [
                "redact",
                str(case),
                "-o",
                str(tmp / "redacted.yaml"),
                "--key-env",
                "ECOGRAPH_TEST_KEY",
            ],
            {0},
        ),
        (["push", str(case), "--to", str(tmp / "store.yaml")], {0}),
        (["pull", cid, "--from", str(tmp / "store.yaml"), "-o", str(tmp / "pulled.yaml")], {0}),
        (["query", "power_imbalance", cid, "--from", str(tmp / "store.yaml")], {0}),
        (["plot", str(case), "-o", str(tmp / "eco.png")], {0}),
        (["view", str(case), "-o", str(tmp / "map.html")], {0}),
        (["new", str(tmp / "new.yaml")], {0}),
        (["schema"], {0}),
        (["neo4j", "status", "--data", str(tmp / "no-server")], {1}),
        (["evaluate", "factions", str(ROOT / "tests" / "data" / "highland_tribes_edges.csv")], {0}),
    ]


def test_every_command_writes_to_an_ascii_console(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ECOGRAPH_TEST_KEY", "a-key-for-the-test")
    runner = CliRunner(charset="ascii")
    seen = []
    for args, codes in _commands(case, tmp_path):
        r = runner.invoke(app, args)
        name = " ".join(args[:2])
        assert r.exit_code in codes, (name, r.exit_code, r.output, r.exception)
        assert not isinstance(r.exception, UnicodeError), (name, r.exception)
        assert "Traceback" not in r.output, name
        seen.append(r.output)
    out = "\n".join(seen)
    # the nearest ASCII spelling, not a crash and not a wall of '?'
    assert '"Child protection" ... a mother -> a new baby' in out
    assert "Jose - social worker" in out


def test_show_on_an_ascii_console_in_a_real_process(case: Path):
    """The reported crash: `PYTHONIOENCODING=ascii ecograph show ...` died on its own '…'."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "60"}
    r = subprocess.run(
        [sys.executable, "-m", "ecograph", "show", str(case)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode("ascii", "replace")
    text = r.stdout.decode("ascii")
    assert "? (mother)" in text and "Jose - social worker" in text
    assert "Traceback" not in r.stderr.decode("ascii", "replace")
