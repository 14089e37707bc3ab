"""The workspace fits a 1024x768 screen: the top bar is one row, every button of it in sight.

A social worker on a small laptop (or a teacher at a 1024x768 projector) opens a case with a
long title: every command of the top bar -- Case, New case, Duplicate, Files, the date, Today,
Undo, Redo -- is on one row at the top of the screen, none pushed onto a second line or
off the edge.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from ecograph.io.casefile import load_case
from ecograph.plot.html import node_px
from ecograph.workspace.view import map_view
from tests.conftest import EXAMPLES
from tests.plot.geometry import crossings
from tests.workspace.conftest import served, watched_page

BUTTONS = ["#case-select", "#new-case", "#duplicate-case", "#files", "#as-of", "#today",
           "#undo", "#redo"]  # fmt: skip


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
def test_the_top_bar_is_one_row_with_every_button_in_sight(chromium, tmp_path: Path, size):
    shutil.copy(EXAMPLES / "child-protection.yaml", tmp_path / "child-protection.yaml")
    with served(tmp_path) as url, watched_page(chromium, url, size) as page:
        page.wait_for_function("() => document.querySelector('#case-select').options.length > 0")
        boxes = {b: page.locator(b).bounding_box() for b in BUTTONS}
        bar = page.locator("#bar").bounding_box()
        assert all(box is not None for box in boxes.values()), boxes
        centres = {b: box["y"] + box["height"] / 2 for b, box in boxes.items() if box}
        first = centres["#case-select"]
        assert all(abs(c - first) < 6 for c in centres.values()), centres  # one row
        assert bar is not None and bar["height"] < 56, bar
        for b, box in boxes.items():
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= size[0], (b, box)
        assert page.errors == [] and page.elsewhere == []


def _drawn(line: dict, xy: dict) -> np.ndarray:
    """The polyline Cytoscape draws for a line with ``segments`` (weights and distances)."""
    s, t = np.array(xy[line["source"]]), np.array(xy[line["target"]])
    d = t - s
    n = np.array([-d[1], d[0]]) / np.hypot(*d)
    seg = line.get("segments") or {"w": [], "d": []}
    bends = [s + w * d + dist * n for w, dist in zip(seg["w"], seg["d"], strict=True)]
    return np.array([s, *bends, t])


@pytest.mark.parametrize(
    "case", [*sorted(EXAMPLES.glob("*.yaml")), Path(__file__).parent / "data" / "family-a.yaml"],
    ids=lambda p: p.stem,
)
def test_no_workspace_line_passes_over_an_actor_it_does_not_join(case: Path):
    """The workspace's map, as the server sends it: every line keeps clear of other actors.

    In family-a the worker--school agreement ran straight through the team manager.
    """
    data = map_view(load_case(case))["map"]
    xy = {a["id"]: (a["x"], a["y"]) for a in data["actors"]}
    nodes = [(a["id"], a["x"], a["y"], node_px(a["power"]) / 2) for a in data["actors"]]
    lines = [
        (f'{x["source"]}-{x["target"]}', _drawn(x, xy), 2.0)
        for x in [*data["rels"], *data["members"]]
    ]
    assert lines and crossings(nodes, lines, margin=1.5) == []
