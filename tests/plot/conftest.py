"""Fixtures of the figure tests: generated cases and a renderer-based overlap check."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_generator() -> Callable[..., Any]:
    spec = importlib.util.spec_from_file_location(
        "synthetic_case", ROOT / "benchmarks" / "synthetic_case.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.synthetic_case  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def synthetic_case() -> Callable[..., Any]:
    """The generator of benchmarks/synthetic_case.py: ``synthetic_case(n, seed)``."""
    return _load_generator()


def label_boxes(fig: Any) -> dict[str, Any]:
    """Display-space boxes of every visible actor label (gid ``label:<id>``), with the renderer."""
    renderer = fig.canvas.get_renderer()
    out = {}
    for ax in fig.axes:
        for t in ax.texts:
            gid = t.get_gid() or ""
            if gid.startswith("label:") and t.get_visible():
                out[gid[6:]] = t.get_window_extent(renderer)
    return out


def overlapping(boxes: dict[str, Any]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes overlap (touching edges do not count)."""
    items = sorted(boxes.items())
    bad = []
    for i, (a, ba) in enumerate(items):
        for b, bb in items[i + 1 :]:
            if (
                ba.x0 < bb.x1 - 0.01
                and bb.x0 < ba.x1 - 0.01
                and ba.y0 < bb.y1 - 0.01
                and bb.y0 < ba.y1 - 0.01
            ):
                bad.append((a, b))
    return bad


@pytest.fixture
def labels_of() -> Callable[[Any], dict[str, Any]]:
    """``labels_of(fig)``: the display boxes of the visible actor labels."""
    return label_boxes


@pytest.fixture
def overlaps_of() -> Callable[[Any], list[tuple[str, str]]]:
    """``overlaps_of(fig)``: pairs of actor labels that overlap after drawing."""
    return lambda fig: overlapping(label_boxes(fig))
