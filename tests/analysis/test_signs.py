"""Tests of ecograph.analysis.signs: features without leakage, CV evaluation, Bitcoin OTC."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ecograph.analysis.signs as signs
from ecograph.analysis.signs import evaluate_sign_prediction, roc_auc, sign_features
from ecograph.errors import InputError


def random_signed(n: int, m: int, seed: int, directed: bool) -> nx.Graph:
    """Signs independent of the structure; the weight carries the sign (like Bitcoin's rating)."""
    rng = np.random.default_rng(seed)
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    while g.number_of_edges() < m:
        u, v = (int(x) for x in rng.integers(0, n, 2))
        if u != v and not g.has_edge(u, v):
            s = 1 if rng.random() < 0.7 else -1
            g.add_edge(u, v, sign=s, weight=float(rng.integers(1, 11)))
    return g


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_hidden_signs_and_weights_never_reach_features(seed: int, directed: bool) -> None:
    g = random_signed(30, 90, seed, directed)
    rng = np.random.default_rng(seed + 1)
    hidden = rng.random(g.number_of_edges()) < 0.3
    before = sign_features(g, hidden).X
    h = g.copy()
    for flag, (u, v) in zip(hidden, list(h.edges), strict=True):
        if flag:  # change what must stay unseen
            h[u][v]["sign"] *= -1
            h[u][v]["weight"] = float(rng.integers(1, 11))
    after = sign_features(h, hidden).X
    np.testing.assert_array_equal(before, after)


def test_own_sign_not_in_own_features() -> None:
    # Flipping one *visible* tie changes the features of other ties, never its own.
    g = random_signed(25, 80, 3, directed=True)
    edges = list(g.edges)
    before = sign_features(g).X
    u, v = edges[7]
    g[u][v]["sign"] *= -1
    g[u][v]["weight"] = 9.0
    after = sign_features(g).X
    np.testing.assert_array_equal(before[7], after[7])
    assert not np.array_equal(before, after)


def leaky_features(arcs: signs._Arcs, visible: np.ndarray, smoothing: float = 2.0):  # type: ignore[no-untyped-def]
    """What a careless implementation does: u's signed out-weight includes the tie itself."""
    honest = signs._FEATURES_IMPL(arcs, visible, smoothing)
    own = np.bincount(arcs.src, weights=arcs.sign * arcs.weight, minlength=arcs.n)[arcs.src]
    return signs.SignFeatures(
        np.column_stack([honest.X, own]), [*honest.names, "leak"], [*honest.groups, "degree"]
    )


@pytest.mark.parametrize("directed", [True, False])
def test_random_signs_are_not_predictable_but_a_leaky_model_would_be(
    directed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = random_signed(300, 1500, 11, directed)
    honest = evaluate_sign_prediction(g, folds=5, seed=0, baselines=False)
    assert 0.4 < honest.auc < 0.6, honest.auc
    monkeypatch.setattr(signs, "_features", leaky_features)
    leaky = evaluate_sign_prediction(g, folds=5, seed=0, baselines=False)
    assert leaky.auc > 0.75, leaky.auc  # the check above would catch this model


def test_balanced_network_is_predicted_from_triads() -> None:
    # two camps, positive inside, negative between: triads make the sign evident
    rng = np.random.default_rng(5)
    camp = rng.integers(0, 2, 80)
    g = nx.Graph()
    while g.number_of_edges() < 600:
        u, v = (int(x) for x in rng.integers(0, 80, 2))
        if u != v:
            g.add_edge(u, v, sign=1 if camp[u] == camp[v] else -1)
    result = evaluate_sign_prediction(g, folds=5, seed=1)
    assert result.auc > 0.95
    assert result.baselines["triad_only"]["auc"] > 0.95
    assert result.edges == 600
    assert sum(f.edges for f in result.per_fold) == 600
    assert not result.directed
    assert "reciprocal_pos" not in result.coefficients


def test_highland_tribes_cross_validation(tribes: nx.Graph) -> None:
    result = evaluate_sign_prediction(tribes, folds=5, seed=0)
    assert result.auc > 0.85
    assert result.majority_baseline == pytest.approx(0.5, abs=0.05)


def test_roc_auc_and_errors() -> None:
    assert roc_auc([0, 1], [0.2, 0.9]) == 1.0
    assert roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5
    assert np.isnan(roc_auc([1, 1], [0.1, 0.2]))
    g = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1})])
    with pytest.raises(InputError, match="stratified folds"):
        evaluate_sign_prediction(g, folds=2)
    with pytest.raises(InputError, match="folds"):
        evaluate_sign_prediction(g, folds=1)


@pytest.mark.slow
def test_bitcoin_otc_ten_fold_auc(bitcoin_csv: Path) -> None:
    from ecograph.io.signed_csv import read_signed_edges

    result = evaluate_sign_prediction(read_signed_edges(bitcoin_csv), folds=10, seed=0)
    assert result.edges == 35592
    assert result.auc >= 0.94
    assert result.auc > result.baselines["degree_only"]["auc"]
    assert result.auc > result.baselines["triad_only"]["auc"]
    # the target holds without the opposite rating too (measured 0.9468)
    assert result.baselines["without_reciprocal"]["auc"] >= 0.94
    assert result.majority_baseline == pytest.approx(0.8999, abs=1e-3)


def test_single_blas_thread_restores_the_thread_count() -> None:
    """numpy's BLAS runs on one thread inside the block and on its own count after it, found
    through threadpoolctl (not by reading /proc/self/maps, which only Linux has)."""
    import numpy as np
    from threadpoolctl import threadpool_info, threadpool_limits

    from ecograph.analysis._blas import single_blas_thread

    np.ones((2, 2)) @ np.ones((2, 2))
    with threadpool_limits(limits=2, user_api="blas"):
        blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
        assert blas, "numpy's BLAS was not found"
        before = [p["num_threads"] for p in blas]
        with single_blas_thread():
            assert [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"] == [
                1
            ] * len(blas)
        assert [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"] == before

