"""The timeline: one row per pair, bars by type and strength, drift, stages."""

from __future__ import annotations

import datetime as dt

import pytest

import ecograph
from ecograph.graph import EcoGraph
from ecograph.model import Actor, Observation, Relationship, RelationType
from ecograph.plot import plot_timeline
from ecograph.plot.timeline import drift, timeline_rows


@pytest.fixture(scope="module")
def cp() -> EcoGraph:
    return ecograph.load_graph("examples/child-protection.yaml")


@pytest.fixture(scope="module")
def fig(cp):
    return plot_timeline(cp)


def _bars(fig):
    out = {k.value: 0 for k in RelationType}
    for p in fig.axes[0].patches:
        gid = p.get_gid() or ""
        if gid.startswith("bar:"):
            out[gid[4:]] += 1
    return out


def test_one_row_per_pair(cp, fig):
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(ticks) == len(cp.relationships()) == 16
    assert any(t.startswith("Susan (social worker) - Roberta (mother)") for t in ticks)


def test_one_bar_per_shared_observation_or_undated_relationship(cp, fig):
    want = {k.value: 0 for k in RelationType}
    for r in cp.relationships():
        if r.history:
            for o in r.history:
                if o.perceived_by is None and not o.ended:
                    want[o.dominant().value] += 1
        else:
            want[r.state().type.value] += 1
    assert _bars(fig) == want


def test_drift_toward_conflict_is_marked(cp, fig):
    drifted = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_gid() == "drift"]
    assert sorted(drifted) == [
        "Health visitor - Roberta (mother)  \u25b2 drift to conflict",
        "Nursery - Roberta (mother)  \u25b2 drift to conflict",
    ]
    assert drift(cp.relationship("nursery", "roberta")) == 1.0
    assert drift(cp.relationship("susan", "roberta")) < 0  # moved from conflict to agreement


def test_agreements_and_termination_are_visible():
    g = EcoGraph("t", "Ends", start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 1))
    g.add_actor(Actor(id="w", name="Worker", roles=["change_agent"]))
    g.add_actor(Actor(id="c", name="Client", roles=["client"]))
    g.add_relationship(
        Relationship(
            source="w",
            target="c",
            history=[
                Observation(date=dt.date(2026, 1, 10), type="agreement", strength=0.4),
                Observation(date=dt.date(2026, 2, 10), type="cooperation", strength=0.8),
                Observation(date=dt.date(2026, 5, 1), type="cooperation", strength=0.8, ended=True),
            ],
        )
    )
    fig = plot_timeline(g, as_of=dt.date(2026, 3, 1))
    ax = fig.axes[0]
    assert [ln.get_gid() for ln in ax.lines].count("ended") == 1
    assert "as-of" in [ln.get_gid() for ln in ax.lines]
    assert _bars(fig) == {"cooperation": 1, "agreement": 1, "conflict": 0}
    caption = next(t for t in fig.texts if t.get_gid() == "caption").get_text()
    assert "1 termination(s)" in " ".join(caption.split())


def test_core_group_agreement_line_and_legend(fig):
    ax = fig.axes[0]
    gids = [ln.get_gid() for ln in ax.lines]
    assert "agreement:core-group" in gids and "agreement:fgc-plan" in gids
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    for want in ("cooperation", "agreement", "conflict", "ended (termination)"):
        assert want in labels
    assert any(t.get_gid() == "caption" for t in fig.texts)


def test_rows_order_dated_first(cp):
    rows = timeline_rows(cp)
    dated = [bool(r.history) for r in rows]
    assert dated == sorted(dated, reverse=True)


def test_many_undated_relationships_are_shown_unless_left_out_and_counted():
    g = ecograph.load_graph("examples/community-40.yaml")
    dated = sum(1 for r in g.relationships() if r.history)
    undated = len(g.relationships()) - dated
    assert undated > 12
    fig = plot_timeline(g)  # issue 13: undated ties are rows marked "no dated history"
    assert len(fig.axes[0].get_yticklabels()) == len(g.relationships())
    short = plot_timeline(g, undated=False)
    assert len(short.axes[0].get_yticklabels()) == dated
    caption = " ".join(next(t for t in short.texts if t.get_gid() == "caption").get_text().split())
    assert f"{undated} relationships with no dated history are not shown" in caption
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert sum(1 for t in labels if t[:2] in {f"{c}:" for c in "ABCDEFGH"}) == len(
        [a for a in g.agreements() if a.start is not None]
    )
