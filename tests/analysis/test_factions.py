"""Tests of ecograph.analysis.factions: k-way partitions, strict and generalized balance."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecograph.analysis.factions import (
    adjusted_rand_index,
    find_factions,
    partition_frustration,
)
from ecograph.errors import InputError


def brute_k(g: nx.Graph, k: int, balance: str) -> float:
    nodes = list(g.nodes)
    best = float("inf")
    for labels in itertools.product(range(k), repeat=len(nodes)):
        best = min(
            best,
            partition_frustration(g, dict(zip(nodes, labels, strict=True)), balance=balance),  # type: ignore[arg-type]
        )
    return best


@st.composite
def tiny_signed(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(min_value=2, max_value=6))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for u, v in chosen:
        g.add_edge(u, v, sign=draw(st.sampled_from([1, -1])))
    return g


@settings(max_examples=20, deadline=None)
@given(tiny_signed(), st.sampled_from([2, 3]), st.sampled_from(["strict", "generalized"]))
def test_exact_k_way_matches_enumeration(g: nx.Graph, k: int, balance: str) -> None:
    f = find_factions(g, k, balance=balance, method="exact")  # type: ignore[arg-type]
    assert f.exact
    assert f.frustration == pytest.approx(brute_k(g, k, balance))
    assert partition_frustration(g, f.groups, balance=balance) == pytest.approx(f.frustration)  # type: ignore[arg-type]


def test_highland_tribes_three_groups(tribes: nx.Graph, tribes_groups: dict[str, str]) -> None:
    # Hage & Harary (1983) alliance groups; signnet signed_blockmodel(tribes, k = 3) gives the
    # same partition with criterion 2 (shared/data/signed/highland_tribes/README.md).
    f = find_factions(tribes, balance="strict")  # k chosen
    assert f.k == 3
    assert f.exact and f.frustration == 2
    assert adjusted_rand_index(tribes_groups, f.groups) == 1.0
    hostile_inside = [
        (u, v)
        for u, v, d in tribes.edges(data=True)
        if d["sign"] < 0 and f.groups[u] == f.groups[v]
    ]
    assert hostile_inside == []
    assert {frozenset(e) for e in f.frustrated} == {
        frozenset(("MASIL", "NAGAM")),
        frozenset(("MASIL", "UHETO")),
    }


def test_highland_tribes_heuristic_and_generalized(
    tribes: nx.Graph, tribes_groups: dict[str, str]
) -> None:
    heur = find_factions(tribes, 3, method="heuristic")
    assert heur.frustration == 2 and not heur.exact
    assert adjusted_rand_index(tribes_groups, heur.groups) == 1.0
    gen = find_factions(tribes, 3, balance="generalized", method="exact")
    assert gen.frustration == pytest.approx(2)
    assert gen.block_signs[(0, 0)] == 1


def test_generalized_admits_a_mediator() -> None:
    # two hostile camps and a mediator group friendly with both: strict balance must frustrate
    # ties, relaxed balance none.
    g = nx.Graph()
    camps = {"a1": 0, "a2": 0, "b1": 1, "b2": 1, "m1": 2, "m2": 2}
    for u, v in itertools.combinations(camps, 2):
        cu, cv = camps[u], camps[v]
        sign = 1 if cu == cv or 2 in (cu, cv) else -1
        g.add_edge(u, v, sign=sign)
    strict = find_factions(g, 3, method="exact")
    general = find_factions(g, 3, balance="generalized", method="exact")
    assert strict.frustration > 0
    assert general.frustration == 0
    assert adjusted_rand_index(camps, general.groups) == 1.0


def test_ari_known_values_and_errors() -> None:
    assert adjusted_rand_index({1: 0, 2: 0, 3: 1, 4: 1}, {1: 0, 2: 1, 3: 0, 4: 1}) == pytest.approx(
        -0.5
    )
    with pytest.raises(InputError):
        adjusted_rand_index({1: 0}, {2: 0})
    with pytest.raises(InputError, match="balance"):
        find_factions(nx.Graph([(1, 2, {"sign": 1})]), balance="weak")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="no group"):
        partition_frustration(nx.Graph([(1, 2, {"sign": 1})]), {1: 0})
