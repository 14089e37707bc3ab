"""The README is the user's first stop: every command is there, and the two commands are real."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from ecograph.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_appears_in_readme() -> None:
    group = typer.main.get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert len(names) >= 15
    missing = [n for n in names if not re.search(rf"ecograph {n}\b", README)]
    assert missing == []


def test_the_two_commands_exist_and_ci_runs_the_test_command() -> None:
    assert "bash scripts/demo.sh" in README and "bash scripts/test.sh" in README
    assert (ROOT / "scripts" / "demo.sh").exists() and (ROOT / "scripts" / "test.sh").exists()
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_pictures_are_committed() -> None:
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / picture).exists(), picture
