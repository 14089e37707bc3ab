"""The factions figure: signed ties, one disc per faction, balance-breaking ties highlighted."""

from __future__ import annotations

import math

import pytest

import ecograph
from ecograph.analysis.report import case_factions
from ecograph.analysis.signed_view import signed_graph
from ecograph.graph import EcoGraph
from ecograph.model import Actor, Relationship
from ecograph.plot import plot_factions


def _by_gid(ax, gid):
    return next(c for c in ax.collections if c.get_gid() == gid)


def _node_xy(ax):
    c = _by_gid(ax, "nodes")
    return {
        a: (float(x), float(y)) for a, (x, y) in zip(c.ecograph_ids, c.get_offsets(), strict=True)
    }


@pytest.mark.parametrize("example", ["child-protection", "community-40"])
def test_ties_and_frustrated_ties_match_the_analysis(example, overlaps_of):
    g = ecograph.load_graph(f"examples/{example}.yaml")
    fig = plot_factions(g)
    ax = fig.axes[0]
    sg = signed_graph(g)
    positive = sum(1 for *_, d in sg.edges(data=True) if d["sign"] > 0)
    assert len(_by_gid(ax, "ties:positive").get_segments()) == positive
    assert len(_by_gid(ax, "ties:negative").get_segments()) == sg.number_of_edges() - positive
    fac = case_factions(g)  # the one computation every view shows (issue 13)
    drawn_frustrated = [e for e in fac.frustrated if sg.has_edge(*e)]  # memberships not drawn
    assert len(_by_gid(ax, "frustrated").get_segments()) == len(drawn_frustrated)
    # Every actor sits inside its faction's disc.
    discs = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("faction:")}
    numbering = {}
    for i, members in enumerate(m for m in fac.members() if m):
        for a in members:
            numbering[a] = i
    xy = _node_xy(ax)
    for a, (x, y) in xy.items():
        disc = discs[f"faction:{numbering[a]}"]
        cx, cy = disc.center
        assert math.hypot(x - cx, y - cy) <= disc.radius
    assert overlaps_of(fig) == []
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"breaks balance ({len(fac.frustrated)})" in labels


def test_a_case_without_ties_is_one_group():
    g = EcoGraph("t", "Alone")
    g.add_actor(Actor(id="w", name="Worker", roles=["change_agent"]))
    g.add_actor(Actor(id="c", name="Client", roles=["client"]))
    fig = plot_factions(g)
    caption = next(t for t in fig.texts if t.get_gid() == "caption").get_text()
    assert "no factions" in caption.lower()


def test_an_unbalanced_triangle_highlights_one_tie():
    g = EcoGraph("t", "Triangle")
    g.add_actor(Actor(id="w", name="Worker", roles=["change_agent"]))
    g.add_actor(Actor(id="c", name="Client", roles=["client"]))
    g.add_actor(Actor(id="t", name="Landlord", roles=["target"]))
    g.add_relationship(Relationship(source="w", target="c", type="cooperation"))
    g.add_relationship(Relationship(source="w", target="t", type="cooperation"))
    g.add_relationship(Relationship(source="c", target="t", type="conflict"))
    ax = plot_factions(g).axes[0]
    assert len(_by_gid(ax, "frustrated").get_segments()) == 1


def test_as_of_reads_the_map_on_that_date():
    import datetime as dt

    g = ecograph.load_graph("examples/child-protection.yaml")
    early = plot_factions(g, as_of=dt.date(2026, 2, 1)).axes[0]
    late = plot_factions(g).axes[0]
    count = lambda ax: sum(len(_by_gid(ax, k).get_segments()) for k in ("ties:positive", "ties:negative"))  # noqa: E731
    assert count(early) == signed_graph(g, as_of=dt.date(2026, 2, 1)).number_of_edges() < count(late)
    assert "as of 2026-02-01" in early.get_title(loc="left")
