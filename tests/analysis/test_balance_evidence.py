"""Balance: the evidence a user is shown (which triangles, which ties) on cases worked out by hand."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from ecograph.analysis import balance, frustration
from ecograph.analysis.balance import (
    SignedTriangle,
    balance_score,
    census_and_edge_counts,
    census_from_arrays,
    edge_triad_counts,
    edge_triad_signs,
    unbalanced_triangles,
)
from ecograph.errors import InputError
from ecograph.io.signed_csv import read_signed_edges

TRIBES = Path(__file__).resolve().parents[1] / "data" / "highland_tribes_edges.csv"


def signed(*ties: tuple[str, str, int]) -> nx.Graph:
    g = nx.Graph()
    for u, v, s in ties:
        g.add_edge(u, v, sign=s)
    return g


# two triangles sharing the tie b-c: a-b-c is "++-" (unbalanced), b-c-d is "+--" (balanced),
# and the triangle c-d-e is "---" (unbalanced)
CASE = signed(
    ("a", "b", 1),
    ("b", "c", 1),
    ("a", "c", -1),
    ("b", "d", -1),
    ("c", "d", -1),
    ("c", "e", -1),
    ("d", "e", -1),
)


def test_unbalanced_triangles_name_the_actors_and_the_signs() -> None:
    found = unbalanced_triangles(CASE)
    as_text = sorted((tuple(sorted(t.nodes)), tuple(sorted(t.signs)), t.balanced) for t in found)
    assert as_text == [
        (("a", "b", "c"), (-1, 1, 1), False),
        (("c", "d", "e"), (-1, -1, -1), False),
    ]
    for t in found:  # each sign belongs to the tie it is listed for: x-y, y-z, x-z
        x, y, z = t.nodes
        assert t.signs == (CASE[x][y]["sign"], CASE[y][z]["sign"], CASE[x][z]["sign"])


def test_the_listing_stops_at_the_limit() -> None:
    everything = unbalanced_triangles(CASE)
    assert len(everything) == 2
    assert unbalanced_triangles(CASE, limit=1) == everything[:1]
    assert unbalanced_triangles(CASE, limit=0) == []
    assert unbalanced_triangles(CASE, limit=5) == everything


def test_a_triangle_is_balanced_with_an_even_number_of_hostile_ties() -> None:
    t = ("a", "b", "c")
    assert SignedTriangle(t, (1, 1, 1)).balanced
    assert SignedTriangle(t, (1, -1, -1)).balanced
    assert not SignedTriangle(t, (1, 1, -1)).balanced
    assert not SignedTriangle(t, (-1, -1, -1)).balanced


def test_each_ties_triangles_by_the_signs_of_the_two_other_sides() -> None:
    assert edge_triad_signs(CASE) == {
        ("a", "b"): (0, 1, 0),  # third actor c: b-c +, a-c -
        ("a", "c"): (1, 0, 0),  # b: both +
        ("b", "c"): (0, 1, 1),  # a: + and -; d: both -
        ("b", "d"): (0, 1, 0),  # c: + and -
        ("c", "d"): (0, 1, 1),  # b: + and -; e: both -
        ("c", "e"): (0, 0, 1),  # d: both -
        ("d", "e"): (0, 0, 1),  # c: both -
    }


def test_a_directed_tie_reports_its_pairs_triangles_both_ways() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", sign=1)
    g.add_edge("b", "a", sign=1)
    g.add_edge("b", "c", sign=1)
    g.add_edge("a", "c", sign=-1)
    got = edge_triad_signs(g)
    assert got[("a", "b")] == got[("b", "a")] == (0, 1, 0)
    assert len(got) == 4


def test_counts_are_whole_numbers_when_written_out() -> None:
    a = np.array([0, 0, 1], dtype=np.int64)
    b = np.array([1, 2, 2], dtype=np.int64)
    s = np.array([1, 1, -1], dtype=np.int64)
    census, counts = census_and_edge_counts(3, a, b, s)
    assert json.dumps(counts.tolist()) == "[[0, 1, 0], [0, 1, 0], [1, 0, 0]]"
    assert json.dumps(edge_triad_counts(3, a, b, s).tolist()) == json.dumps(counts.tolist())
    assert census.as_dict() == {"+++": 0, "++-": 1, "+--": 0, "---": 0}


def test_census_of_arrays_without_triangles_or_without_hostile_ones() -> None:
    a = np.array([0, 1], dtype=np.int64)
    b = np.array([1, 2], dtype=np.int64)
    s = np.array([1, -1], dtype=np.int64)
    assert census_from_arrays(3, a, b, s).as_dict() == {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    a = np.array([0, 0, 1], dtype=np.int64)
    b = np.array([1, 2, 2], dtype=np.int64)
    s = np.array([1, 1, 1], dtype=np.int64)
    census = census_from_arrays(3, a, b, s)
    assert census.as_dict() == {"+++": 1, "++-": 0, "+--": 0, "---": 0}
    assert census.balance_score == 1.0


def test_scores_of_a_case_with_no_tie_are_balanced() -> None:
    g = nx.Graph()
    assert balance_score(g, "walk") == 1.0
    g.add_nodes_from(["a", "b"])
    assert balance_score(g, "walk") == 1.0
    assert balance_score(g, "frustration") == 1.0
    assert balance_score(g, "triangles") == 1.0


def test_the_frustration_score_counts_ties_not_their_weights() -> None:
    # a-b-c has one hostile tie: one tie must be frustrated, of 3 -> 1 - 1 / 1.5
    g = nx.Graph()
    g.add_edge("a", "b", sign=1, weight=5.0)
    g.add_edge("b", "c", sign=1, weight=5.0)
    g.add_edge("a", "c", sign=-1, weight=0.2)
    assert balance_score(g, "frustration") == pytest.approx(1 - 1 / 1.5)


def test_too_big_for_the_walk_score_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(balance, "WALK_MAX_NODES", 3)  # the documented limit, made small
    g = signed(("a", "b", 1), ("b", "c", -1), ("a", "c", -1))
    # 3 actors are allowed; "+--" is balanced, so the walks with and without signs agree
    assert balance_score(g, "walk") == pytest.approx(1.0)
    g.add_edge("c", "d", sign=1)
    with pytest.raises(InputError) as info:
        balance_score(g, "walk")
    assert str(info.value) == (
        "method: the walk balance score needs dense eigenvalues; the graph has 4 nodes "
        "(expected at most 3 nodes, or method='triangles')"
    )


def test_an_unproved_frustration_score_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # the solver given no time cannot prove the frustration index of the Highland Tribes
    no_time = functools.partial(frustration.frustration_index, time_limit=1e-9)
    monkeypatch.setattr(frustration, "frustration_index", no_time)
    with pytest.raises(InputError) as info:
        balance_score(read_signed_edges(TRIBES), "frustration")
    assert str(info.value) == (
        "method: the exact frustration index could not be proved in the time limit "
        "(expected a smaller graph, or method='triangles')"
    )


def test_an_unknown_method_names_the_known_ones() -> None:
    with pytest.raises(InputError) as info:
        balance_score(CASE, "spectral")  # type: ignore[arg-type]
    assert str(info.value) == (
        "method: unknown balance method 'spectral' (expected 'triangles', 'walk' or 'frustration')"
    )
