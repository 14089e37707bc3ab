"""No drawn line passes over an actor that is not one of its two ends (issue 13, point 1).

Measured on what was drawn: the vertices of the tie collections and the node markers of every
figure kind that draws ties, and the node and edge geometry Cytoscape reports in headless
Chromium for the HTML map -- for every example and for generated 100- and 300-actor cases.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ecograph
from ecograph.plot import plot_ecosystem, plot_factions
from ecograph.plot.html import write_html
from ecograph.plot.layout import route_ties
from tests.plot.geometry import crossings, figure_crossings

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
FIGURES: dict[str, Callable[..., Any]] = {"ecosystem": plot_ecosystem, "factions": plot_factions}


@pytest.mark.parametrize("kind", sorted(FIGURES))
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_no_line_passes_over_a_foreign_actor_in_the_examples(example: Path, kind: str) -> None:
    fig = FIGURES[kind](ecograph.load_graph(str(example)))
    assert figure_crossings(fig) == []


def test_the_likely_conflict_overlay_keeps_clear_too() -> None:
    g = ecograph.load_graph(str(EXAMPLES[0].parent / "child-protection.yaml"))
    fig = plot_ecosystem(g, overlay_conflicts=True)
    assert any((c.get_gid() or "").startswith("overlay:") for c in fig.axes[0].collections)
    assert figure_crossings(fig) == []


@pytest.mark.parametrize("n", [100, 300])
@pytest.mark.parametrize("kind", sorted(FIGURES))
def test_no_line_passes_over_a_foreign_actor_in_generated_cases(
    synthetic_case: Callable[..., Any], n: int, kind: str
) -> None:
    fig = FIGURES[kind](synthetic_case(n, 0))
    assert figure_crossings(fig) == []


def test_the_advocate_line_goes_around_the_conference_coordinator() -> None:
    """The case the issue names: in child-protection, advocate -- Roberta passed the FGC."""
    g = ecograph.load_graph(str(EXAMPLES[0].parent / "child-protection.yaml"))
    fig = plot_ecosystem(g)
    crossed = {node for _, node in figure_crossings(fig, margin_pt=0.0)}
    assert crossed == set()


def test_route_ties_bends_only_what_it_must() -> None:
    pos = {"a": (0.0, 0.0), "b": (4.0, 0.0), "c": (2.0, 0.0), "d": (2.0, 3.0)}
    paths = route_ties(pos, [("a", "b"), ("c", "d"), ("a", "d")], clearance=0.5)
    assert len(paths[0]) > 2  # a -- b would run through c
    assert paths[1] == [(2.0, 0.0), (2.0, 3.0)]
    assert len(paths[2]) == 2
    nodes = [(k, x, y, 0.5) for k, (x, y) in pos.items()]
    lines = [(f"{i}", np.array(p), 0.0) for i, p in enumerate(paths)]
    assert crossings(nodes, lines, margin=0.0) == []


# ---------------------------------------------------------------- the HTML map in Chromium
GEOMETRY_JS = """() => {
  const cy = ecographMap.cy;
  const nodes = cy.$('node.actor').map(n => [n.id(), n.position('x'), n.position('y'),
                                             n.width() / 2]);
  const lines = cy.edges().filter(e => e.visible()).map(e => {
    const pts = [e.source().position()].concat(e.segmentPoints() || [], [e.target().position()]);
    return [e.id(), pts.map(p => [p.x, p.y]), parseFloat(e.style('width')) / 2];
  });
  return {nodes, lines};
}"""


@pytest.mark.browser
@pytest.mark.parametrize(
    "case", [p.stem for p in EXAMPLES] + ["synthetic-100", "synthetic-300"]
)
def test_no_line_passes_over_a_foreign_actor_in_the_map(
    chromium: Any, tmp_path: Path, synthetic_case: Callable[..., Any], case: str
) -> None:
    if case.startswith("synthetic-"):
        g = synthetic_case(int(case.split("-")[1]), 0)
    else:
        g = ecograph.load_graph(str(EXAMPLES[0].parent / f"{case}.yaml"))
    out = write_html(g, tmp_path / "map.html", analysis="none")
    page = chromium.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.goto(out.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        geo = page.evaluate(GEOMETRY_JS)
    finally:
        page.close()
    assert geo["lines"], "no lines drawn"
    nodes = [(n[0], n[1], n[2], n[3]) for n in geo["nodes"]]
    lines = [(name, np.array(pts, dtype=float), half) for name, pts, half in geo["lines"]]
    assert crossings(nodes, lines, margin=1.5) == []
