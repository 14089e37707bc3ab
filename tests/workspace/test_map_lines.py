"""Lines a reader can follow, in the browser: none crosses a system's title, none an actor.

1. The workspace's map: a line drawn through "CLIENT SYSTEM" or "action system" makes the
   title hard to read and the line hard to follow. Every relationship and membership line, as
   Cytoscape draws it (its end points and bends), keeps clear of every system's title (on
   community-40 at 1024x768 up to three titles find no free place: drawn over the lines).
2. Present mode, step by step: the numbered "likely conflict" lines, and the lines of each
   step (but on community-40 at 1024x768), pass no actor but their own two ends -- present mode draws the map wider and spreads the
   large names, so it routes its lines for the places it draws.

Measured in headless Chromium, in screen pixels, with the figures' geometry
(``tests/plot/geometry.py``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import EXAMPLES
from tests.plot.geometry import crossings, point_polyline_distance
from tests.workspace.conftest import served, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASES = {
    "family-a": Path(__file__).parent / "data" / "family-a.yaml",
    "child-protection": EXAMPLES / "child-protection.yaml",
    "community-40": EXAMPLES / "community-40.yaml",
}
SIZES = [(1024, 768), (1920, 1080)]

# Every line of a Cytoscape map, as drawn, in screen pixels: its end points on the actors'
# rims, its bends (segments) or its curve (a bezier's control point, sampled), half its width.
LINES = """(cy) => {
  const z = cy.zoom(), pan = cy.pan();
  const px = (p) => [p.x * z + pan.x, p.y * z + pan.y];
  return cy.edges(':visible').map(e => {
    // an end Cytoscape cannot place on the rim (NaN) is taken at the actor's centre
    const end = (p, n) => (isFinite(p.x) && isFinite(p.y) ? p : n.position());
    const s = end(e.sourceEndpoint(), e.source()), t = end(e.targetEndpoint(), e.target());
    let mid = [];
    const seg = e.segmentPoints(), cps = e.controlPoints();
    if (seg) mid = seg;
    else if (cps && cps.length === 1) {
      for (let k = 1; k < 16; k++) { const u = k / 16;
        mid.push({ x: (1-u)*(1-u)*s.x + 2*u*(1-u)*cps[0].x + u*u*t.x, y: (1-u)*(1-u)*s.y + 2*u*(1-u)*cps[0].y + u*u*t.y }); }
    } else if (cps) mid = cps;
    return { id: e.id(), source: e.source().id(), target: e.target().id(),
             points: [s, ...mid, t].map(px), half: parseFloat(e.style('width')) * z / 2 };
  });
}"""

ACTORS = """(cy) => cy.nodes('.actor:visible').map(n => { const p = n.renderedPosition();
  return { id: n.id(), x: p.x, y: p.y, r: n.renderedOuterWidth() / 2 }; })"""


def _until(page: Any, predicate: str) -> None:
    page.wait_for_function(predicate, timeout=60_000)


@contextmanager
def _opened(chromium: Any, folder: Path, case: str, size: tuple[int, int]) -> Iterator[Any]:
    """The workspace on a copy of ``case``, its map and analysis shown."""
    shutil.copy(CASES[case], folder / f"{case}.yaml")
    with served(folder) as url, watched_page(chromium, url, size) as page:
        _until(page, "() => !!document.body.dataset.analysisVersion")
        yield page


def _hits_box(points: np.ndarray, half: float, box: dict[str, float]) -> bool:
    """Whether the polyline (with half its width) comes into the box."""
    x1, x2, y1, y2 = box["x1"] - half, box["x2"] + half, box["y1"] - half, box["y2"] + half
    for a, b in zip(points[:-1], points[1:], strict=True):
        # Liang-Barsky: clip the segment a-b to the box
        d = b - a
        lo, hi = 0.0, 1.0
        for p, q in ((-d[0], a[0] - x1), (d[0], x2 - a[0]), (-d[1], a[1] - y1), (d[1], y2 - a[1])):
            if p == 0:
                if q < 0:
                    lo, hi = 1.0, 0.0
                continue
            r = q / p
            if p < 0:
                lo = max(lo, r)
            else:
                hi = min(hi, r)
        if lo <= hi:
            return True
    return False


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("case", sorted(CASES))
def test_no_line_of_the_workspace_map_crosses_a_system_title(chromium, tmp_path, case, size):
    with _opened(chromium, tmp_path, case, size) as page:
        page.evaluate("() => new Promise(r => setTimeout(r, 400))")  # a late spread, if any
        titles = page.evaluate(
            "() => window.ecographCy.nodes(':visible').filter(n => (n.style('label') || '').trim())"
            ".filter(n => !n.hasClass('actor')).map(n => ({ id: n.id(), label: n.style('label'),"
            " over: n.style('z-index') > Math.max(...window.ecographCy.edges().map(e => e.style('z-index'))),"
            " opaque: parseFloat(n.style('text-background-opacity')),"
            " box: n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }) }))"
        )
        lines = page.evaluate(f"() => ({LINES})(window.ecographCy)")
        errors = page.errors
    assert len(titles) >= 4, titles
    crossed = [
        (line["id"], t["label"])
        for t in titles
        for line in lines
        if _hits_box(np.array(line["points"]), line["half"], t["box"])
    ]
    assert errors == []
    if case == "community-40" and size[0] < 1920:
        # 47 actors and 68 lines in 640x660 pixels leave some systems no free place for their
        # title: it is then drawn over the lines, on its system's colour (readable)
        assert len({t for _, t in crossed}) <= 3, crossed
        assert all(t["over"] and t["opaque"] >= 0.9 for t in titles), titles
        return
    assert crossed == [], f"lines across a system's title: {crossed}"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("case", sorted(CASES))
def test_no_present_mode_line_passes_over_an_actor(chromium, tmp_path, case, size):
    with _opened(chromium, tmp_path, case, size) as page:
        page.keyboard.press("p")
        _until(page, "() => window.ecographPresent && window.ecographPresent.drawn > 0")
        found: dict[str, list[tuple[str, str]]] = {}
        likely = 0
        for step in range(1, 6):  # the actors, cooperation, agreement, conflict, likely conflicts
            page.keyboard.press("ArrowRight")
            # what is on screen once the lines of this drawing are routed and painted (read at
            # one moment: a resize draws again)
            seen = None
            while seen is None:
                _until(page, f"() => document.body.dataset.presentStep === '{step}'")
                seen = page.evaluate(
                    f"""async () => {{ const P = window.ecographPresent, cy = P.cy;
                    // as painted: two frames after the routes came in
                    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                    if (document.body.dataset.presentRouted !== String(P.drawn)) return null;
                    return {{ actors: ({ACTORS})(cy), lines: ({LINES})(cy) }}; }}"""
                )
                if seen is None:
                    page.wait_for_timeout(50)
            actors, lines = seen["actors"], seen["lines"]
            likely += sum(1 for x in lines if x["id"].startswith("likely:"))
            nodes = [(a["id"], a["x"], a["y"], a["r"]) for a in actors]
            drawn = [(x["id"], np.array(x["points"]), x["half"]) for x in lines]
            found[str(step)] = crossings(nodes, drawn, margin=1.0)
        errors = page.errors
    assert likely > 0  # the last step has likely conflicts to draw
    assert found["5"] == [], f"likely-conflict lines over actors: {found['5']}"
    if case != "community-40" or size[0] >= 1920:
        # 47 actors with large names on a 1024x768 projector leave some relationship lines no
        # clear way (the router keeps the curve that comes least close): the steps before are
        # checked on the smaller cases and on a large screen
        assert all(v == [] for v in found.values()), f"lines over actors, by step: {found}"
    assert errors == []


def test_the_geometry_finds_a_line_through_a_box_and_an_actor():
    """The checks above can fail: a line through a title, a line through an actor."""
    line = np.array([[0.0, 0.0], [100.0, 0.0]])
    assert _hits_box(line, 1.0, {"x1": 40, "x2": 60, "y1": -5, "y2": 5})
    assert not _hits_box(line, 1.0, {"x1": 40, "x2": 60, "y1": 3, "y2": 9})
    assert crossings([("a", 0, 0, 3), ("b", 100, 0, 3), ("c", 50, 2, 3)], [("ab", line, 1.0)],
                     margin=1.0) == [("ab", "c")]  # fmt: skip
    assert point_polyline_distance(np.array([[50.0, 10.0]]), line)[0] == pytest.approx(10.0)
