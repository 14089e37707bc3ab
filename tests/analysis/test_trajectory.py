import datetime as dt

import pytest

from ecograph import load_graph
from ecograph.analysis.trajectory import TrendParams, pair_trend, pair_trends, signed_value
from ecograph.model import Mix, Observation, Relationship, RelationState

D = dt.date


def rel(*obs: Observation) -> Relationship:
    return Relationship(source="a", target="b", history=list(obs))


def test_signed_value_weights_each_type_by_its_share():
    s = RelationState(type="conflict", mix=Mix(cooperation=0.4, conflict=0.6), strength=0.5)
    assert signed_value(s) == pytest.approx(0.5 * (0.4 - 0.6))
    p = TrendParams(agreement=0.0)
    s2 = RelationState(type="agreement", mix=Mix(agreement=1.0), strength=1.0)
    assert signed_value(s2, p) == 0.0
    assert signed_value(s2) == pytest.approx(0.3)


def test_slope_is_least_squares_per_30_days():
    # +0.6 on day 0, -0.6 on day 60: exactly -0.6 per 30 days
    r = rel(
        Observation(date=D(2026, 1, 1), type="cooperation", strength=0.6),
        Observation(date=D(2026, 3, 2), type="conflict", strength=0.6),
    )
    t = pair_trend(r)
    assert t.slope == pytest.approx(-0.6)
    assert t.direction == "toward conflict"
    assert t.last_contact == D(2026, 3, 2)
    assert "2026-01-01" in t.explain() and "2026-03-02" in t.explain()


def test_improving_and_steady_and_single():
    up = rel(
        Observation(date=D(2026, 1, 1), type="conflict", strength=0.6),
        Observation(date=D(2026, 2, 1), type="agreement", strength=0.6),
    )
    assert pair_trend(up).direction == "toward cooperation"
    flat = rel(
        Observation(date=D(2026, 1, 1), type="cooperation", strength=0.6),
        Observation(date=D(2026, 6, 1), type="cooperation", strength=0.61),
    )
    assert pair_trend(flat).direction == "steady"
    one = rel(Observation(date=D(2026, 1, 1), type="conflict"))
    t = pair_trend(one)
    assert t.slope is None and t.direction == "steady" and "one observation" in t.explain()


def test_window_keeps_state_in_force_at_its_start():
    r = rel(
        Observation(date=D(2025, 1, 1), type="cooperation", strength=1.0),
        Observation(date=D(2026, 1, 1), type="conflict", strength=1.0),
    )
    t = pair_trend(r, params=TrendParams(window_days=30))
    assert t.points[0].date == D(2025, 12, 2) and t.points[0].signed == 1.0
    assert t.slope == pytest.approx(-2.0)


def test_as_of_ignores_later_observations():
    r = rel(
        Observation(date=D(2026, 1, 1), type="cooperation"),
        Observation(date=D(2026, 2, 1), type="cooperation"),
        Observation(date=D(2026, 3, 1), type="conflict"),
    )
    assert pair_trend(r, as_of=D(2026, 2, 15)).direction == "steady"
    assert pair_trend(r, as_of=D(2026, 3, 15)).direction == "toward conflict"
    assert pair_trend(r, as_of=D(2025, 1, 1)).points == []


def test_example_trends_before_and_after_the_advocate():
    g = load_graph("examples/child-protection.yaml")
    by_pair = {(t.a, t.b): t for t in pair_trends(g, as_of=D(2026, 6, 30))}
    assert by_pair[("susan", "roberta")].direction == "toward conflict"
    assert by_pair[("nursery", "roberta")].direction == "toward conflict"
    # pairs not begun by then have no points
    assert by_pair[("advocate", "roberta")].points == []
    late = {(t.a, t.b): t for t in pair_trends(g, as_of=D(2026, 11, 30))}
    assert late[("susan", "roberta")].direction == "toward cooperation"
