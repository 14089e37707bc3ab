"""Tests of ecograph.analysis.balance against brute force and published figures."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecograph.analysis.balance import (
    balance_score,
    edge_imbalance,
    edge_triad_counts,
    node_imbalance,
    triangle_census,
    unbalanced_triangles,
)
from ecograph.errors import InputError


@st.composite
def signed_graphs(draw: st.DrawFn, directed: bool = False) -> nx.Graph:
    n = draw(st.integers(min_value=0, max_value=12))
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v and (directed or u < v)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(range(n))
    for u, v in chosen:
        g.add_edge(u, v, sign=draw(st.sampled_from([1, -1])))
    return g


def brute_census(g: nx.Graph) -> dict[str, int]:
    counts = {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    names = ["+++", "++-", "+--", "---"]
    for a, b, c in itertools.combinations(g.nodes, 3):
        if g.has_edge(a, b) and g.has_edge(b, c) and g.has_edge(a, c):
            neg = sum(g[x][y]["sign"] < 0 for x, y in ((a, b), (b, c), (a, c)))
            counts[names[neg]] += 1
    return counts


@settings(max_examples=60, deadline=None)
@given(signed_graphs())
def test_census_matches_brute_force(g: nx.Graph) -> None:
    census = triangle_census(g)
    assert census.as_dict() == brute_census(g)
    assert census.total == sum(brute_census(g).values())


@settings(max_examples=40, deadline=None)
@given(signed_graphs())
def test_node_and_edge_imbalance_match_brute_force(g: nx.Graph) -> None:
    nodes = node_imbalance(g)
    edges = edge_imbalance(g)
    for x in g.nodes:
        tri = bad = 0
        for y, z in itertools.combinations(list(g[x]), 2):
            if g.has_edge(y, z):
                tri += 1
                bad += (g[x][y]["sign"] * g[x][z]["sign"] * g[y][z]["sign"]) < 0
        assert (nodes[x].triangles, nodes[x].unbalanced) == (tri, bad)
    for (u, v), imb in edges.items():
        common = set(g[u]) & set(g[v])
        bad = sum(g[u][v]["sign"] * g[u][w]["sign"] * g[v][w]["sign"] < 0 for w in common)
        assert (imb.triangles, imb.unbalanced) == (len(common), bad)
    assert len(unbalanced_triangles(g)) == triangle_census(g).unbalanced


def test_edge_triad_counts_columns() -> None:
    import numpy as np

    # a-b positive with third actors: c (++), d (+-), e (--)
    a = np.array([0, 0, 1, 0, 1, 0, 1])
    b = np.array([1, 2, 2, 3, 3, 4, 4])
    s = np.array([1, 1, 1, 1, -1, -1, -1])
    counts = edge_triad_counts(5, a, b, s)
    assert counts[0].tolist() == [1, 1, 1]
    assert counts[1].tolist() == [1, 0, 0]  # pair 0-2: third actor 1 via (+,+)


def test_highland_tribes_published_figures(tribes: nx.Graph) -> None:
    # signnet README (schochastics/signnet): balance_score(tribes, "triangles") = 0.8676471,
    # balance_score(tribes, "walk") = 0.3575761; 68 triangles of which 59 balanced
    # (shared/data/signed/highland_tribes/README.md).
    census = triangle_census(tribes)
    assert census.total == 68
    assert census.balanced == 59
    assert balance_score(tribes) == pytest.approx(0.8676471, abs=5e-8)
    assert balance_score(tribes, "walk") == pytest.approx(0.3575761, abs=5e-8)


def test_highland_tribes_frustration_balance_score(tribes: nx.Graph) -> None:
    # signnet README: balance_score(tribes, "frustration") = 0.7586207 = 1 - 7 / 29
    assert balance_score(tribes, "frustration") == pytest.approx(0.7586207, abs=5e-8)


def test_imbalance_locates_the_odd_tie() -> None:
    g = nx.Graph()
    for u, v, s in [("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", 1), ("b", "d", 1)]:
        g.add_edge(u, v, sign=s)
    edges = edge_imbalance(g)
    assert edges[("a", "c")].share == 1.0
    assert edges[("c", "d")].unbalanced == 0
    assert node_imbalance(g)["d"].share == 0.0
    assert node_imbalance(g)["b"].unbalanced == 1


def test_directed_pairs_collapse_by_signed_weight() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", sign=1, weight=5)
    g.add_edge("b", "a", sign=-1, weight=1)  # net positive
    g.add_edge("b", "c", sign=1)
    g.add_edge("c", "b", sign=-1)  # tie: counts as negative
    g.add_edge("a", "c", sign=-1)
    census = triangle_census(g)
    assert census.as_dict() == {"+++": 0, "++-": 0, "+--": 1, "---": 0}
    assert len(edge_imbalance(g)) == 5


@pytest.mark.parametrize(
    ("attrs", "field"),
    [
        ({"sign": 0}, "sign"),
        ({"sign": True}, "sign"),
        ({}, "sign"),
        ({"sign": 1, "weight": -2}, "weight"),
        ({"sign": 1, "weight": float("nan")}, "weight"),
    ],
)
def test_invalid_graph_is_an_input_error(attrs: dict[str, object], field: str) -> None:
    g = nx.Graph()
    g.add_edge("a", "b", **attrs)
    with pytest.raises(InputError) as info:
        triangle_census(g)
    assert info.value.field == field
    assert "'a'" in str(info.value)


def test_unknown_method_and_multigraph() -> None:
    g = nx.Graph()
    g.add_edge(1, 2, sign=1)
    with pytest.raises(InputError, match="unknown balance method"):
        balance_score(g, "nope")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="multigraph"):
        triangle_census(nx.MultiGraph([(1, 2)]))


@settings(max_examples=30, deadline=None)
@given(signed_graphs(), st.integers(min_value=1, max_value=7))
def test_triangle_listing_is_the_same_in_small_chunks(g: nx.Graph, chunk: int) -> None:
    import numpy as np

    from ecograph.analysis._signed import list_triangles, signed_arrays, undirected_view

    view = undirected_view(signed_arrays(g))
    whole = list_triangles(view.n, view.a, view.b)
    pieces = list_triangles(view.n, view.a, view.b, chunk=chunk)

    def as_set(t: object) -> set[tuple[int, ...]]:
        return {
            tuple(sorted((int(x), int(y), int(z))))
            for x, y, z in zip(t.x, t.y, t.z, strict=True)  # type: ignore[attr-defined]
        }

    assert as_set(whole) == as_set(pieces)
    assert whole.count == pieces.count == triangle_census(g).total
    # the side indices point at the right pairs
    for t in (whole, pieces):
        for e, (p, q) in ((t.e_xy, (t.x, t.y)), (t.e_yz, (t.y, t.z)), (t.e_xz, (t.x, t.z))):
            lo = np.minimum(p, q)
            hi = np.maximum(p, q)
            assert np.array_equal(view.a[e], lo) and np.array_equal(view.b[e], hi)


def test_census_and_edge_counts_on_arrays_match_the_graph_functions(tribes: nx.Graph) -> None:
    from ecograph.analysis._signed import signed_arrays, undirected_view
    from ecograph.analysis.balance import census_and_edge_counts, census_from_arrays

    view = undirected_view(signed_arrays(tribes))
    census, counts = census_and_edge_counts(view.n, view.a, view.b, view.sign)
    assert (
        census == triangle_census(tribes) == census_from_arrays(view.n, view.a, view.b, view.sign)
    )
    assert int(counts.sum()) == 3 * census.total
