"""The power-interest grid: actors at (stance, power), labelled without collisions."""

from __future__ import annotations

import pytest

import ecograph
from ecograph.plot import plot_power
from ecograph.plot.power import stance_of


@pytest.fixture(scope="module")
def cp():
    return ecograph.load_graph("examples/child-protection.yaml")


def _points(fig):
    out = {}
    for c in fig.axes[0].collections:
        if (c.get_gid() or "").startswith("actors:"):
            for aid, xy in zip(c.ecograph_ids, c.get_offsets(), strict=True):
                out[aid] = (float(xy[0]), float(xy[1]), c.get_gid())
    return out


def test_actors_at_stance_and_power(cp):
    fig = plot_power(cp)
    pts = _points(fig)
    assert set(pts) == {a.id for a in cp.actors()}
    x, y, gid = pts["roberta"]
    assert (x, y) == pytest.approx((0.2, 0.2))  # (0.6 + -1 + 1) / 3
    assert gid == "actors:client"
    assert pts["susan"][:2] == pytest.approx(((1 + 0.8) / 2, 0.7))
    assert pts["police"][2] == "actors:action"
    assert pts["court"][2] == "actors:problem_identification"


def test_stance_weights():
    g = ecograph.load_graph("examples/child-protection.yaml")
    g.set_stance("home-visits", "roberta", -1.0, weight=0.0)
    assert stance_of(g, "roberta") == pytest.approx(((0.6 + 1) / 2, 2 / 3))
    assert stance_of(g, "roberta", goal="home-visits") == (0.0, 0.0)


def test_labels_legend_caption(cp, overlaps_of, labels_of):
    fig = plot_power(cp)
    assert len(labels_of(fig)) == len(cp.actors())
    assert overlaps_of(fig) == []
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "client system" in labels and "change agent system" in labels
    assert any("no stance" in t for t in labels)
    caption = next(t for t in fig.texts if t.get_gid() == "caption").get_text()
    assert "5 actor(s) with no stance" in " ".join(caption.split())


def test_forty_actors_without_collisions(synthetic_case, overlaps_of):
    fig = plot_power(synthetic_case(40, 0))
    assert overlaps_of(fig) == []


def test_a_second_system_is_a_ring(cp):
    fig = plot_power(cp)
    rings = {
        c.get_gid(): c.ecograph_ids
        for c in fig.axes[0].collections
        if (c.get_gid() or "").startswith("also:")
    }
    # members of the family inherit its two systems (effective roles)
    assert rings == {"also:target": ["family", "roberta", "baby", "grandmother"]}
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "ring: also target system" in labels
