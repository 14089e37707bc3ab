"""The guide's examples of adding a rule and a question run as written (docs/development.md)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_add_a_rule_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    guide = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"## Adding a rule.*?```python\n(.*?)```", guide, flags=re.S)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "docs/development.md", "exec"), {"__name__": "guide"})
    assert out.getvalue().strip() == "they are in regular contact"


def test_the_add_a_question_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    guide = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"## Adding a question.*?```python\n(.*?)```", guide, flags=re.S)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        # as a reader runs it: in a module of its own, without this file's __future__ imports
        exec(compile(code, "docs/development.md", "exec", dont_inherit=True), {"__name__": "guide"})
    lines = out.getvalue().splitlines()
    assert lines[0] == "Mandated ties -- relationships someone cannot walk away from"
    assert any("Roberta" in line and "mandated" in line for line in lines[1:])
    assert "'mandated': ['roberta']" in lines[-1]
