"""Tests of ecograph.analysis.sign_history: features from strictly earlier ties only."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecograph.analysis.sign_history import REASONS, HistoryParams, past_features, timed_ties
from ecograph.errors import InputError
from tests.dated_networks import DAY, dated_network


def features_by_edge(g: nx.Graph) -> dict[tuple[int, int], np.ndarray]:
    ties = timed_ties(g)
    f = past_features(ties)
    edges = list(g.edges)
    nodes = list(g.nodes)
    out: dict[tuple[int, int], np.ndarray] = {}
    for a in range(f.X.shape[0]):  # the arc u -> v of each edge (u, v) as listed
        e = edges[int(ties.edge[a])]
        if ties.src[a] == nodes.index(e[0]):
            out[e] = f.X[a]
    return out


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_a_later_tie_cannot_change_an_earlier_ties_features(seed: int, directed: bool) -> None:
    g = dated_network(25, 120, seed, directed)
    cut = float(np.median([t for _, _, t in g.edges(data="time")]))
    before = features_by_edge(g)
    h = g.copy()
    rng = np.random.default_rng(seed)
    for _, _, data in h.edges(data=True):  # rewrite the future: signs and weights after the cut
        if data["time"] >= cut:
            data["sign"] = int(rng.choice([-1, 1]))
            data["weight"] = float(rng.integers(1, 11))
    added = 0
    while added < 30:  # and ties that only come to exist after the cut
        u, v = (int(x) for x in rng.integers(0, 25, 2))
        if u != v and not h.has_edge(u, v):
            h.add_edge(u, v, sign=int(rng.choice([-1, 1])), weight=3.0, time=cut + 1 + added)
            added += 1
    after = features_by_edge(h)
    checked = 0
    for e, row in before.items():
        if g.edges[e]["time"] <= cut:  # a tie at the cut sees the earlier ties only
            # equal up to the order of floating-point sums (1e-18 apart)
            np.testing.assert_allclose(row, after[e], rtol=1e-12, atol=1e-15, err_msg=str(e))
            checked += 1
    assert checked >= 50
    # while the later ties' own features did change (the check is not vacuous)
    assert any(
        not np.allclose(row, after[e]) for e, row in before.items() if g.edges[e]["time"] > cut
    )


def test_ties_at_the_same_time_do_not_see_each_other() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", sign=-1, time=5.0)
    g.add_edge("b", "a", sign=-1, time=5.0)
    g.add_edge("c", "a", sign=1, time=9.0)
    g.add_edge("a", "c", sign=-1, time=9.5)
    f = past_features(timed_ties(g))
    rows = {e: dict(zip(f.names, f.X[i], strict=True)) for i, e in enumerate(g.edges)}
    assert rows[("b", "a")]["reciprocal_neg"] == 0.0  # a -> b formed at the same moment
    assert rows[("a", "b")]["log_out_neg_u"] == 0.0
    assert rows[("a", "c")]["reciprocal_pos"] == 1.0  # c -> a was earlier
    assert rows[("a", "c")]["log_out_neg_u"] == pytest.approx(math.log(2))
    assert rows[("a", "c")]["log_in_neg_u"] == pytest.approx(math.log(2))


def test_recency_halves_after_the_half_life() -> None:
    g = nx.DiGraph()
    g.add_edge("v", "u", sign=-1, weight=4.0, time=0.0)
    g.add_edge("u", "v", sign=-1, weight=1.0, time=90 * DAY)
    f = past_features(timed_ties(g), HistoryParams(half_life_days=90))
    row = dict(zip(f.names, f.X[1], strict=True))
    assert row["reciprocal_recency"] == pytest.approx(0.5)
    assert row["reciprocal_recent_sign"] == pytest.approx(-0.5)
    assert row["reciprocal_signed_weight"] == -4.0
    assert row["age_u"] == pytest.approx(math.log1p(90))


def test_trend_and_triads_from_the_past() -> None:
    g = nx.DiGraph()
    # u has given 4 positive ratings long ago and 2 negative ones in the last 30 days
    for i in range(4):
        g.add_edge("u", f"old{i}", sign=1, time=i * DAY)
    for i in range(2):
        g.add_edge("u", f"new{i}", sign=-1, time=(400 + i) * DAY)
    # u trusts w, w distrusts v: balance votes negative for u -> v
    g.add_edge("u", "w", sign=1, time=402 * DAY)
    g.add_edge("w", "v", sign=-1, time=403 * DAY)
    g.add_edge("u", "v", sign=-1, time=410 * DAY)
    f = past_features(timed_ties(g))
    row = dict(zip(f.names, f.X[list(g.edges).index(("u", "v"))], strict=True))
    assert row["trend30_u"] > 0.2  # recent negatives above u's whole-history share
    assert row["balance_vote"] == pytest.approx(-1 / 3)  # one vote, smoothing 2
    assert row["triad_uout+w_w>-v"] == pytest.approx(math.log(2))
    assert row["log_embeddedness"] == pytest.approx(math.log(2))


def test_every_feature_has_a_reason_and_is_finite() -> None:
    for directed in (True, False):
        f = past_features(timed_ties(dated_network(40, 300, 1, directed)))
        assert np.isfinite(f.X).all()
        assert all(REASONS[name] for name in f.names)
        assert ("reciprocal" in f.groups) is directed


def test_a_tie_without_time_is_named() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", sign=1, time=1.0)
    g.add_edge("b", "c", sign=1)
    with pytest.raises(InputError, match=r"\('b', 'c'\) has no time"):
        timed_ties(g)


def test_known_before_freezes_what_a_tie_is_told() -> None:
    """Seen from the cut, a later tie learns nothing from the ties between the cut and itself."""
    g = dated_network(30, 200, 2)
    ties = timed_ties(g)
    cut = float(np.quantile(ties.time, 0.6))
    frozen = np.where(ties.time >= cut, cut, ties.time)
    before = past_features(ties, known_before=frozen).X
    h = g.copy()
    for _, _, data in h.edges(data=True):
        if data["time"] >= cut:
            data["sign"] = -data["sign"]
    after = past_features(timed_ties(h), known_before=frozen).X
    np.testing.assert_allclose(before, after, rtol=1e-12, atol=1e-15)
    streaming = past_features(ties).X  # without the freeze the later ties do see each other
    assert not np.allclose(streaming[ties.time > cut], before[ties.time > cut])
    np.testing.assert_array_equal(streaming[ties.time < cut], before[ties.time < cut])
