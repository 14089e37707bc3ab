"""The guide's example of adding a rule runs as written (docs/development.md)."""

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
