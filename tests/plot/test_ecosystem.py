"""The ecosystem figure: regions, actors in their systems, typed edges, legend, labels."""

from __future__ import annotations

import datetime as dt

import pytest

import ecograph
from ecograph.errors import EcographError
from ecograph.graph import EcoGraph
from ecograph.model import Actor, Relationship, RelationType, Role
from ecograph.plot import plot_ecosystem
from ecograph.plot.ecosystem import ecosystem_layout, slot_of


@pytest.fixture(scope="module")
def cp() -> EcoGraph:
    return ecograph.load_graph("examples/child-protection.yaml")


@pytest.fixture(scope="module")
def cp_fig(cp: EcoGraph):
    return plot_ecosystem(cp)


def _collections(fig, prefix):
    return {
        c.get_gid(): c for c in fig.axes[0].collections if (c.get_gid() or "").startswith(prefix)
    }


def _node_xy(fig):
    out = {}
    for c in _collections(fig, "nodes:").values():
        if c.get_gid() == "nodes:also-optional":
            continue
        for aid, xy in zip(c.ecograph_ids, c.get_offsets(), strict=True):
            out[aid] = (float(xy[0]), float(xy[1]))
    return out


def _regions(fig):
    out = {}
    for p in fig.axes[0].patches:
        gid = p.get_gid() or ""
        if gid.startswith("region:"):
            b = p.get_bbox()
            out[gid[7:]] = (b.x0, b.y0, b.x1, b.y1)
    return out


def _inside(xy, box):
    return box[0] < xy[0] < box[2] and box[1] < xy[1] < box[3]


def test_edges_per_type_match_the_present_relationships(cp, cp_fig):
    want = {k: 0 for k in RelationType}
    for _, st in cp.states():
        want[st.type] += 1
    edges = _collections(cp_fig, "edges:")
    got = {k: len(edges[f"edges:{k.value}"].get_segments()) for k in RelationType}
    assert got == want
    assert sum(got.values()) == 16 and got[RelationType.CONFLICT] >= 4


def test_edges_follow_as_of(cp):
    fig = plot_ecosystem(cp, as_of=dt.date(2026, 2, 1))
    edges = _collections(fig, "edges:")
    total = sum(len(c.get_segments()) for c in edges.values())
    assert total == sum(1 for _ in cp.states(dt.date(2026, 2, 1)))
    assert total < 16  # the advocate and the conference came later
    assert "as of 2026-02-01" in fig.axes[0].get_title(loc="left")


def test_edge_width_grows_with_strength_and_styles_differ(cp_fig):
    edges = _collections(cp_fig, "edges:")
    conflict = edges["edges:conflict"]
    widths = sorted(set(conflict.get_linewidths()))
    assert len(widths) > 1  # strengths 0.4 .. 0.85 differ
    styles = {k: edges[f"edges:{k.value}"].get_linestyles()[0] for k in RelationType}
    assert styles["cooperation"][1] is None  # solid
    assert styles["agreement"][1] is not None and styles["conflict"][1] is not None
    assert styles["agreement"][1] != styles["conflict"][1]
    colours = {tuple(edges[f"edges:{k.value}"].get_edgecolor()[0]) for k in RelationType}
    assert len(colours) == 3


def test_each_actor_is_drawn_inside_its_system(cp, cp_fig):
    xy = _node_xy(cp_fig)
    regions = _regions(cp_fig)
    assert set(xy) == {a.id for a in cp.actors()}
    for aid in ("cs-team", "susan", "olivia"):
        assert _inside(xy[aid], regions["change_agent"])
    for aid in ("health-visitor", "nursery", "police", "gp", "advocate", "fgc"):
        assert _inside(xy[aid], regions["action"])
    assert _inside(xy["court"], regions["problem_identification"])


def test_client_and_target_actor_sits_on_the_border(cp_fig):
    xy = _node_xy(cp_fig)
    regions = _regions(cp_fig)
    # roberta and her family (client + target) sit in the band across the two regions'
    # border, on the right half: the band reaches into both, at most BAND_DEPTH deep.
    from ecograph.plot.layout import BAND_DEPTH

    band = next(p.get_bbox() for p in cp_fig.axes[0].patches if p.get_gid() == "band:client|target")
    border = (regions["target"][3] + regions["client"][1]) / 2
    assert band.y0 < border < band.y1
    for aid in ("roberta", "family", "baby", "grandmother"):
        x, y = xy[aid]
        assert regions["client"][0] < x < regions["client"][2]
        assert band.x0 < x < band.x1 and band.y0 < y < band.y1
        assert abs(y - border) <= BAND_DEPTH * (regions["client"][3] - regions["client"][1])


def test_members_are_grouped_in_a_box_with_their_family(cp_fig):
    xy = _node_xy(cp_fig)
    boxes = {
        p.get_gid(): p.get_bbox()
        for p in cp_fig.axes[0].patches
        if (p.get_gid() or "").startswith("group:")
    }
    assert set(boxes) == {"group:family", "group:cs-team"}
    fam = boxes["group:family"]
    for aid in ("family", "roberta", "baby", "grandmother"):
        assert fam.contains(*xy[aid])
    assert not fam.contains(*xy["susan"])


def test_node_size_grows_with_power(cp_fig):
    coll = _collections(cp_fig, "nodes:")["nodes:individual"]
    sizes = dict(zip(coll.ecograph_ids, coll.get_sizes(), strict=True))
    assert sizes["susan"] > sizes["health-visitor"] > sizes["baby"]


def test_legend_title_and_caption(cp_fig):
    ax = cp_fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    for want in ("cooperation (solid)", "agreement (dashed)", "conflict (dotted)", "power 1"):
        assert want in labels
    assert "ecosystem" in ax.get_title(loc="left")
    captions = [t for t in cp_fig.texts if t.get_gid() == "caption"]
    assert len(captions) == 1 and "16 relationships" in captions[0].get_text()
    titles = {t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("region-title:")}
    assert {
        "region-title:change_agent",
        "region-title:client",
        "region-title:target",
        "region-title:action",
    } <= titles


def test_labels_do_not_overlap_on_the_example(cp_fig, overlaps_of, labels_of):
    assert len(labels_of(cp_fig)) == 14  # every actor named
    assert overlaps_of(cp_fig) == []


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forty_actors_all_named_without_collisions(synthetic_case, overlaps_of, labels_of, seed):
    g = synthetic_case(40, seed)
    fig = plot_ecosystem(g)
    fig.canvas.draw()
    assert len(labels_of(fig)) == 40
    assert overlaps_of(fig) == []
    xy = _node_xy(fig)
    regions = _regions(fig)
    roles = g.effective_roles()
    for aid, (x, y) in xy.items():
        slot = slot_of(roles[aid])
        if slot in regions:
            assert _inside((x, y), regions[slot]), aid


def test_labels_never_overlap_even_when_crowded(synthetic_case, overlaps_of):
    fig = plot_ecosystem(synthetic_case(150, 3), figsize=(10, 8))
    assert overlaps_of(fig) == []
    caption = next(t for t in fig.texts if t.get_gid() == "caption").get_text()
    assert "left out" in " ".join(
        caption.split()
    )  # too crowded to name everyone: said, not hidden silently


def test_layout_is_deterministic(cp):
    a = ecosystem_layout(cp)
    b = ecosystem_layout(ecograph.load_graph("examples/child-protection.yaml"))
    assert a.positions == b.positions
    f1, f2 = plot_ecosystem(cp, seed=1), plot_ecosystem(cp, seed=2)
    assert _node_xy(f1) == _node_xy(f2)


def test_slots():
    assert slot_of({Role.CLIENT, Role.TARGET}) == "client|target"
    assert slot_of({Role.TARGET, Role.ACTION}) == "target|action"
    assert slot_of({Role.CLIENT, Role.ACTION}) == "centre"
    assert slot_of({Role.PROFESSIONAL}) == "professional"
    assert slot_of({Role.ACTION, Role.PROFESSIONAL}) == "action"


def test_action_and_target_agency_sits_on_their_border_and_is_ringed_if_optional():
    g = EcoGraph("t", "Two roles")
    g.add_actor(Actor(id="w", name="Worker", roles=["change_agent"]))
    g.add_actor(Actor(id="school", name="School", kind="organization", roles=["action", "target"]))
    g.add_actor(Actor(id="ref", name="Referrer", roles=["action", "problem_identification"]))
    g.add_relationship(Relationship(source="w", target="school", type="agreement"))
    fig = plot_ecosystem(g)
    xy = _node_xy(fig)
    assert xy["school"][0] == pytest.approx(1.0)
    ring = _collections(fig, "nodes:also-optional")["nodes:also-optional"]
    assert ring.ecograph_ids == ["ref"]
    assert "problem_identification" not in _regions(fig)  # it sits in its primary system


def test_draws_into_given_axes():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 9))
    ax = fig.add_subplot(1, 1, 1)
    out = plot_ecosystem(ecograph.load_graph("examples/child-protection.yaml"), ax=ax)
    assert out is fig


def test_overlay_without_the_analysis_is_a_clear_error(cp):
    try:
        import ecograph.analysis.likelihood  # noqa: F401
    except ImportError:
        with pytest.raises(EcographError, match="likelihood analysis"):
            plot_ecosystem(cp, overlay_conflicts=True)
    else:
        fig = plot_ecosystem(cp, overlay_conflicts=True)
        overlay = _collections(fig, "overlay:")["overlay:likely-conflict"]
        labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert any("likely conflict" in t for t in labels)
        related = {r.pair for r in cp.relationships()}
        xy = _node_xy(fig)
        inv = {v: k for k, v in xy.items()}
        from ecograph.plot.ecosystem import likely_conflicts

        assert len(overlay.get_segments()) == len(likely_conflicts(cp)) > 0
        for seg in overlay.get_segments():
            a, b = inv[tuple(map(float, seg[0]))], inv[tuple(map(float, seg[1]))]
            assert (min(a, b), max(a, b)) not in related
        marks = [t for t in fig.axes[0].texts if t.get_gid() == "overlay-mark"]
        assert len(marks) == len(overlay.get_segments())


def test_the_overlap_check_itself_catches_colliding_labels(overlaps_of):
    from matplotlib.figure import Figure

    fig = Figure()
    fig.canvas  # noqa: B018
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, "Roberta (mother)").set_gid("label:a")
    ax.text(0.52, 0.5, "Susan (social worker)").set_gid("label:b")
    assert overlaps_of(fig) == [("a", "b")]


def test_border_actors_are_drawn_in_both_system_colours(cp_fig):
    from ecograph.plot._common import SYSTEM_INK

    marks = {
        ln.get_gid()[12:]: ln
        for ln in cp_fig.axes[0].lines
        if (ln.get_gid() or "").startswith("two-systems:")
    }
    assert set(marks) == {"roberta", "family", "baby", "grandmother"}
    m = marks["roberta"]
    assert m.get_fillstyle() == "top"  # client above, target below, as the regions are
    assert m.get_markerfacecolor() == SYSTEM_INK[Role.CLIENT]
    assert m.get_markerfacecoloralt() == SYSTEM_INK[Role.TARGET]


def test_the_community_40_example_names_everyone_without_collisions(overlaps_of, labels_of):
    g = ecograph.load_graph("examples/community-40.yaml")
    fig = plot_ecosystem(g, overlay_conflicts=True)
    assert len(labels_of(fig)) == len(g) >= 40
    assert overlaps_of(fig) == []
