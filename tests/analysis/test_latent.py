"""Tests of ecograph.analysis.latent: predicted signs of unrelated pairs, with evidence."""

from __future__ import annotations

import networkx as nx
import pytest

from ecograph.analysis.latent import predict_pair_signs
from ecograph.errors import InputError


def graph(edges: list[tuple[str, str, int]], **attrs: float) -> nx.Graph:
    g = nx.Graph()
    for u, v, s in edges:
        g.add_edge(u, v, sign=s, **attrs)
    return g


def test_each_balance_rule_fires() -> None:
    cases = {
        (1, 1): (1, "friend of a friend"),
        (1, -1): (-1, "enemy of a friend"),
        (-1, 1): (-1, "friend of an enemy"),
        (-1, -1): (1, "enemy of an enemy"),
    }
    for (su, sv), (expected, words) in cases.items():
        (p,) = predict_pair_signs(graph([("u", "w", su), ("w", "v", sv)]))
        assert {p.u, p.v} == {"u", "v"}
        assert p.sign == expected
        assert words in p.triads[0].rule
        assert p.triads[0].via == "w"


def test_weak_balance_silences_enemy_of_enemy() -> None:
    g = graph([("u", "w", -1), ("w", "v", -1)])
    (p,) = predict_pair_signs(g, enemy_of_enemy=0.0)
    assert p.sign == 0 and p.kind == "undecided"
    assert p.support == 0


def test_mixed_evidence_scores_and_threshold() -> None:
    g = graph(
        [("u", "a", 1), ("a", "v", 1), ("u", "b", 1), ("b", "v", 1), ("u", "c", 1), ("c", "v", -1)]
    )
    (p,) = predict_pair_signs(g, [("u", "v")])
    assert p.score == pytest.approx(1 / 3)
    assert p.sign == 1 and p.kind == "latent alliance"
    assert [t.implied for t in p.triads].count(-1) == 1
    (q,) = predict_pair_signs(g, [("u", "v")], threshold=0.5)
    assert q.sign == 0


def test_weights_and_existing_ties_and_min_triads() -> None:
    g = nx.Graph()
    g.add_edge("u", "a", sign=1, weight=3.0)
    g.add_edge("a", "v", sign=1, weight=1.0)
    g.add_edge("u", "b", sign=1, weight=1.0)
    g.add_edge("b", "v", sign=-1, weight=1.0)
    (p,) = predict_pair_signs(g, [("u", "v")])
    assert p.score == pytest.approx((3 - 1) / 4)
    (p_unw,) = predict_pair_signs(g, [("u", "v")], weighted=False)
    assert p_unw.score == 0 and p_unw.sign == 0
    assert predict_pair_signs(g, [("u", "a")]) == []  # already tied
    assert predict_pair_signs(g, min_triads=3) == []
    with pytest.raises(InputError, match="unknown node"):
        predict_pair_signs(g, [("u", "zed")])


def test_tribes_latent_predictions_respect_factions(
    tribes: nx.Graph, tribes_groups: dict[str, str]
) -> None:
    preds = predict_pair_signs(tribes, enemy_of_enemy=0.0, threshold=0.5)
    decided = [p for p in preds if p.sign != 0]
    assert decided
    agree = sum((tribes_groups[p.u] == tribes_groups[p.v]) == (p.sign > 0) for p in decided)
    assert agree / len(decided) > 0.8


def test_paths_of_three_ties_reach_pairs_without_a_common_neighbour() -> None:
    g = graph([("u", "a", 1), ("a", "b", -1), ("b", "v", 1)])
    assert predict_pair_signs(g, [("u", "v")]) == []  # no triad: no prediction by default
    (p,) = predict_pair_signs(g, [("u", "v")], max_length=3)
    assert p.sign == -1 and p.triads == []
    (path,) = p.paths
    assert path.via == ("a", "b") and path.signs == (1, -1, 1) and path.implied == -1
    assert path.strength == 0.5
    every = predict_pair_signs(g, max_length=3)
    assert {(x.u, x.v) for x in every} >= {("u", "v")} or {(x.v, x.u) for x in every} >= {
        ("u", "v")
    }


def test_triads_outweigh_a_path_by_default() -> None:
    # one triad says alliance (strength 1), one chain says conflict (strength 0.5)
    g = graph([("u", "w", 1), ("w", "v", 1), ("u", "a", 1), ("a", "b", 1), ("b", "v", -1)])
    (p,) = predict_pair_signs(g, [("u", "v")], max_length=3)
    assert p.score == pytest.approx((1 - 0.5) / 1.5)
    assert p.sign == 1 and len(p.triads) == 1 and len(p.paths) == 1
    with pytest.raises(InputError, match="max_length"):
        predict_pair_signs(g, max_length=4)
