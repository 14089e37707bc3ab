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
        # with three factions hostile triangles prove nothing, though 2 ties stay frustrated
        (5, 3, 2.0, 0.0),
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


TIES = [("a", "b"), ("b", "c"), ("a", "c")]


@pytest.mark.parametrize("hostile", range(3))
@pytest.mark.parametrize("k", [2, 3])
def test_one_tie_hostile_in_a_friendly_triangle_proves_one_for_any_number_of_factions(
    hostile: int, k: int
) -> None:
    g = nx.Graph()
    for i, (u, v) in enumerate(TIES):
        g.add_edge(u, v, sign=-1 if i == hostile else 1)
    f = find_factions(g, k, method="heuristic")
    assert (f.frustration, f.lower_bound) == (1.0, 1.0)


@pytest.mark.parametrize("lightest", range(3))
def test_the_weighted_bound_counts_each_triangles_lightest_tie(lightest: int) -> None:
    g = nx.Graph()
    for i, (u, v) in enumerate(TIES):
        g.add_edge(u, v, sign=-1 if i == 2 else 1, weight=0.5 if i == lightest else 2.0 + i)
    f = find_factions(g, 2, method="heuristic", weighted=True)
    assert (f.frustration, f.lower_bound) == (0.5, 0.5)


def test_friendly_or_balanced_triangles_prove_nothing() -> None:
    # five mutually hostile actors in three factions (2 ties frustrated at best), beside a
    # balanced triangle "+--" and a friendly "+++": none of the triangles proves a tie
    g = hostile_clique(5)
    for u, v, s in [("p", "q", 1), ("q", "r", -1), ("p", "r", -1)]:
        g.add_edge(u, v, sign=s)
    for u, v in [("s", "t"), ("t", "u"), ("s", "u")]:
        g.add_edge(u, v, sign=1)
    f = find_factions(g, 3, method="heuristic")
    assert (f.frustration, f.lower_bound) == (2.0, 0.0)


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


def test_a_small_case_is_solved_exactly_by_default_under_either_balance() -> None:
    g = nx.Graph()
    camps = {"a1": 0, "a2": 0, "b1": 1, "b2": 1, "m": 2}
    for u, v in itertools.combinations(camps, 2):
        same = camps[u] == camps[v] or 2 in (camps[u], camps[v])
        g.add_edge(u, v, sign=1 if same else -1)
    for balance in ("strict", "generalized"):
        f = find_factions(g, 3, balance=balance)  # type: ignore[arg-type]
        assert (f.exact, f.method, f.gap) == (True, "exact", 0.0)
    # the mediator's friendly ties with both camps: strict balance must frustrate some
    assert find_factions(g, 3).frustration == 2.0
    assert find_factions(g, 3, balance="generalized").frustration == 0.0


def test_the_heuristic_proves_no_bound_under_generalized_balance() -> None:
    # a and c hostile with a friend in common: two factions cannot hold it under either balance
    # (the proof by triangles is for strict balance only)
    g = nx.Graph()
    for i, (u, v) in enumerate(TIES):
        g.add_edge(u, v, sign=-1 if i == 2 else 1)
    f = find_factions(g, 2, balance="generalized", method="heuristic")
    assert (f.frustration, f.exact, f.method, f.lower_bound) == (1.0, False, "heuristic", 0.0)
