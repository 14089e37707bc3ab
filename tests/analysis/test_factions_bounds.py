"""Factions: the proved lower bound a user reads, and what happens when the solver runs out of time.

Small cases worked out by hand, so each runs in a fraction of a second.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from ecograph.analysis.factions import find_factions, partition_frustration


def hostile_clique(n: int) -> nx.Graph:
    g = nx.Graph()
    for u, v in itertools.combinations(range(n), 2):
        g.add_edge(u, v, sign=-1)
    return g


def random_signed(n: int, p: float, seed: int) -> nx.Graph:
    rng = np.random.default_rng(seed)
    g = nx.gnp_random_graph(n, p, seed=seed)
    for u, v in g.edges:
        g[u][v]["sign"] = int(rng.choice([1, -1]))
    return g


def best_split(g: nx.Graph, k: int) -> float:
    nodes = list(g.nodes)
    return min(
        partition_frustration(g, dict(zip(nodes, labels, strict=True)))
        for labels in itertools.product(range(k), repeat=len(nodes))
    )


@pytest.mark.parametrize(
    ("n", "k", "frustration", "bound"),
    [
        # three mutually hostile actors cannot be split in two without a hostile pair together
        (3, 2, 1.0, 1.0),
        # ... but three factions hold them apart: nothing to prove
        (3, 3, 0.0, 0.0),
        # four: every two hostile triangles share a tie, so the triangles prove only 1 of the 2
        (4, 2, 2.0, 1.0),
        (4, 3, 1.0, 0.0),
        # five: two hostile triangles that share no tie prove at least 2 of the 4
        (5, 2, 4.0, 2.0),
    ],
)
def test_the_heuristic_states_the_bound_the_hostile_triangles_prove(
    n: int, k: int, frustration: float, bound: float
) -> None:
    g = hostile_clique(n)
    f = find_factions(g, k, method="heuristic")
    assert (f.frustration, f.lower_bound, f.exact, f.method) == (
        frustration,
        bound,
        False,
        "heuristic",
    )
    assert f.frustration == best_split(g, k)
    assert f.gap == frustration - bound


def test_one_tie_hostile_in_a_friendly_triangle_proves_one_for_any_number_of_factions() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", sign=1)
    g.add_edge("b", "c", sign=1)
    g.add_edge("a", "c", sign=-1)
    for k in (2, 3):
        f = find_factions(g, k, method="heuristic")
        assert (f.frustration, f.lower_bound) == (1.0, 1.0)


def test_the_weighted_bound_counts_each_triangles_lightest_tie() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", sign=1, weight=3.0)
    g.add_edge("b", "c", sign=1, weight=2.0)
    g.add_edge("a", "c", sign=-1, weight=0.5)
    f = find_factions(g, 2, method="heuristic", weighted=True)
    assert (f.frustration, f.lower_bound) == (0.5, 0.5)


@pytest.mark.parametrize("balance", ["strict", "generalized"])
def test_a_solver_out_of_time_before_any_split_falls_back_to_the_heuristic(
    balance: str,
) -> None:
    # with no time the exact solver finds no partition at all; the answer must then be the
    # heuristic's split, said to be unproved -- not everybody in one faction called exact
    g = random_signed(8, 0.6, 5)
    rushed = find_factions(g, 3, balance=balance, method="exact", time_limit=1e-9)  # type: ignore[arg-type]
    heuristic = find_factions(g, 3, balance=balance, method="heuristic")  # type: ignore[arg-type]
    assert (rushed.exact, rushed.method) == (False, "heuristic")
    assert rushed.groups == heuristic.groups
    assert rushed.frustration == heuristic.frustration
    assert rushed.k > 1
    assert 0 <= rushed.lower_bound <= rushed.frustration
