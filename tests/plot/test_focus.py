"""Focus views in ``plot`` and the map: only the right ties, none through an actor (issue 13, 3).

Expected ties are computed here from the case itself (the relationships present on the date),
not from the focus code, and compared with what the figure drew (its tie collections) and what
the page holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

import ecograph
from ecograph.cli import app
from ecograph.plot import plot_ecosystem
from ecograph.plot.focus import Focus, parse_focus
from ecograph.plot.html import map_data
from tests.plot.geometry import crossings, figure_crossings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMMUNITY = EXAMPLES / "community-40.yaml"


def _drawn_pairs(fig: Any) -> set[frozenset[str]]:
    out: set[frozenset[str]] = set()
    for c in fig.axes[0].collections:
        if (c.get_gid() or "").startswith("edges:"):
            out |= {frozenset(p) for p in c.ecograph_pairs}
    return out


def _expected(g: ecograph.EcoGraph, keep: Any) -> set[frozenset[str]]:
    return {frozenset(r.pair) for r, s in g.states() if keep(r, s)}


@pytest.fixture(scope="module")
def community() -> ecograph.EcoGraph:
    return ecograph.load_graph(str(COMMUNITY))


def test_one_actors_own_network(community: ecograph.EcoGraph) -> None:
    me = "worker-tomas"
    partners = {x for r, _ in community.states() if me in r.pair for x in r.pair}
    want = _expected(community, lambda r, s: set(r.pair) <= partners)
    fig = plot_ecosystem(community, focus=Focus(actor=me))
    assert _drawn_pairs(fig) == want
    assert any(me in p for p in want) and len(want) < len(community.relationships())
    assert figure_crossings(fig) == []


def test_conflict_only(community: ecograph.EcoGraph) -> None:
    want = _expected(community, lambda r, s: s.type.value == "conflict")
    fig = plot_ecosystem(community, focus=Focus(types=("conflict",)))
    assert _drawn_pairs(fig) == want and want
    gids = {c.get_gid() for c in fig.axes[0].collections if c.get_paths()}
    assert "edges:cooperation" not in gids and "edges:agreement" not in gids
    assert figure_crossings(fig) == []


def test_one_systems_ties(community: ecograph.EcoGraph) -> None:
    eff = community.effective_roles()
    target = ecograph.model.Role.TARGET
    want = _expected(community, lambda r, s: target in eff[r.source] or target in eff[r.target])
    fig = plot_ecosystem(community, focus=Focus(system="target"))
    assert _drawn_pairs(fig) == want and want
    assert figure_crossings(fig) == []


def test_focus_on_a_date_keeps_the_ties_of_that_date() -> None:
    g = ecograph.load_graph(str(EXAMPLES / "child-protection.yaml"))
    day = dt.date(2026, 5, 11)
    fig = plot_ecosystem(g, focus=Focus(actor="roberta"), as_of=day)
    want = {frozenset(r.pair) for r, _ in g.states(day) if "roberta" in r.pair}
    drawn = _drawn_pairs(fig)
    assert want <= drawn  # Roberta's ties on that date, and the ties among her partners
    assert all(frozenset(p) in {frozenset(r.pair) for r, _ in g.states(day)} for p in drawn)
    assert not any("advocate" in p for p in drawn)  # appointed in September


def test_the_overlay_is_the_whole_cases_analysis() -> None:
    g = ecograph.load_graph(str(EXAMPLES / "child-protection.yaml"))
    whole = plot_ecosystem(g, overlay_conflicts=True)
    part = plot_ecosystem(g, overlay_conflicts=True, focus=Focus(actor="roberta"))

    def overlay(fig: Any) -> set[frozenset[str]]:
        (lc,) = [c for c in fig.axes[0].collections if c.get_gid() == "overlay:likely-conflict"]
        return {frozenset(p) for p in lc.ecograph_pairs}

    kept = {
        a.get_gid()[len("label:") :]
        for a in part.axes[0].texts
        if (a.get_gid() or "").startswith("label:")
    }
    assert overlay(part) == {p for p in overlay(whole) if p <= kept}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--focus", "nobody"], "--focus: no actor with that id or name"),
        (["--focus-system", "clients"], "did you mean 'client'?"),
        (["--only-ties", "conflit"], "did you mean 'conflict'?"),
        (["--kind", "timeline", "--focus", "worker-tomas"], "ecosystem figure only"),
    ],
)
def test_bad_focus_options_are_refused_clearly(tmp_path: Path, args: list[str], words: str) -> None:
    out = tmp_path / "f.png"
    result = CliRunner().invoke(app, ["plot", str(COMMUNITY), "-o", str(out), *args])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_focus_by_name_and_plot_command(tmp_path: Path) -> None:
    g = ecograph.load_graph(str(COMMUNITY))
    assert parse_focus(g, actor="tomas berg (housing community worker)").actor == "worker-tomas"
    out = tmp_path / "f.png"
    result = CliRunner().invoke(
        app,
        [
            "plot",
            str(COMMUNITY),
            "-o",
            str(out),
            "--focus",
            "worker-tomas",
            "--only-ties",
            "agreement",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_the_map_holds_only_the_focused_ties(community: ecograph.EcoGraph) -> None:
    want = _expected(community, lambda r, s: s.type.value == "conflict")
    data = map_data(community, focus=Focus(types=("conflict",)), analysis="none")
    assert {frozenset((r["source"], r["target"])) for r in data["rels"]} == want
    assert {a["id"] for a in data["actors"]} == {x for p in want for x in p}
    assert data["case"]["focus"] == "conflict only"
    assert len(data["names"]) == len(community)  # cards can name actors not drawn


@pytest.mark.browser
def test_the_focused_map_in_chromium(
    chromium: Any, tmp_path: Path, community: ecograph.EcoGraph
) -> None:
    out = tmp_path / "map.html"
    result = CliRunner().invoke(
        app,
        ["view", str(COMMUNITY), "-o", str(out), "--focus", "worker-tomas", "--analysis", "none"],
    )
    assert result.exit_code == 0, result.output
    assert "focus: Tomas Berg (housing community worker)'s own network" in result.output
    page = chromium.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.goto(out.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        geo = page.evaluate(
            """() => {
              const cy = ecographMap.cy;
              const nodes = cy.$('node.actor').map(n => [n.id(), n.position('x'), n.position('y'), n.width() / 2]);
              const lines = cy.edges('.rel').filter(e => e.visible()).map(e => {
                const pts = [e.source().position()].concat(e.segmentPoints() || [], [e.target().position()]);
                return [e.id(), pts.map(p => [p.x, p.y]), parseFloat(e.style('width')) / 2];
              });
              const pairs = cy.edges('.rel').filter(e => e.visible()).map(e => {
                const r = ecographMap.data.rels[e.data('idx')]; return [r.source, r.target]; });
              return {nodes, lines, pairs, subtitle: document.getElementById('subtitle').textContent};
            }"""
        )
    finally:
        page.close()
    me = "worker-tomas"
    partners = {x for r, _ in community.states() if me in r.pair for x in r.pair}
    want = _expected(community, lambda r, s: set(r.pair) <= partners)
    assert {frozenset(p) for p in geo["pairs"]} == want
    assert geo["subtitle"].startswith("Tomas Berg (housing community worker)'s own network: ")
    nodes = [(n[0], n[1], n[2], n[3]) for n in geo["nodes"]]
    lines = [(name, np.array(pts, dtype=float), half) for name, pts, half in geo["lines"]]
    assert crossings(nodes, lines, margin=1.5) == []
