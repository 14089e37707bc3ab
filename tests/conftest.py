"""Shared fixtures. Area-specific fixtures live in the conftest of their folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


def example_files() -> list[Path]:
    """Every example case file shipped in examples/."""
    return sorted(p for p in EXAMPLES.glob("*.yaml"))
