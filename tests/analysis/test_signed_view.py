from __future__ import annotations

import datetime as dt

import pytest

from ecograph import load_graph
from ecograph.analysis.signed_view import SignWeights, signed_graph, signed_value
from ecograph.graph import EcoGraph
from ecograph.model import Actor, Mix, Observation, Relationship


def _graph() -> EcoGraph:
    g = EcoGraph("t", "T")
    for i in "abcd":
        g.add_actor(Actor(id=i, name=i))
    g.add_relationship(Relationship(source="a", target="b", type="cooperation", strength=0.8))
    g.add_relationship(Relationship(source="a", target="c", type="agreement", strength=1.0))
    g.add_relationship(Relationship(source="b", target="c", type="conflict", strength=0.5))
    return g


def test_signs_and_weights_follow_types() -> None:
    s = signed_graph(_graph())
    assert set(s.nodes) == set("abcd")
    assert s.number_of_edges() == 3
    assert (s.edges["a", "b"]["sign"], s.edges["a", "b"]["weight"]) == (1, 0.8)
    assert (s.edges["a", "c"]["sign"], s.edges["a", "c"]["weight"]) == (1, 0.5)
    assert (s.edges["b", "c"]["sign"], s.edges["b", "c"]["signed"]) == (-1, -0.5)
    assert s.edges["b", "c"]["type"].value == "conflict"
    assert s.edges["b", "c"]["rel"].source == "b"


def test_weights_are_settable() -> None:
    s = signed_graph(_graph(), weights=SignWeights(agreement=-0.2, conflict=-0.5))
    assert s.edges["a", "c"]["sign"] == -1
    assert s.edges["a", "c"]["signed"] == pytest.approx(-0.2)
    assert s.edges["b", "c"]["signed"] == pytest.approx(-0.25)


def test_mix_gives_signed_weight() -> None:
    assert signed_value(Mix(cooperation=0.5, conflict=0.5), 1.0) == 0.0
    assert signed_value(Mix(cooperation=0.8, conflict=0.2), 0.5) == pytest.approx(0.3)
    assert signed_value(Mix(agreement=0.6, conflict=0.4), 1.0) == pytest.approx(-0.1)


def test_zero_signed_weight_takes_dominant_sign() -> None:
    g = EcoGraph("t", "T")
    for i in "ab":
        g.add_actor(Actor(id=i, name=i))
    g.add_relationship(Relationship(source="a", target="b", mix=Mix(agreement=2, conflict=1)))
    s = signed_graph(g)
    assert s.edges["a", "b"]["signed"] == 0.0
    assert s.edges["a", "b"]["sign"] == 1  # agreement dominates


def test_as_of_reads_history() -> None:
    g = _graph()
    g.record("a", "d", Observation(date=dt.date(2026, 1, 1), type="cooperation"))
    g.record("a", "d", Observation(date=dt.date(2026, 3, 1), type="conflict", strength=0.6))
    assert signed_graph(g, as_of=dt.date(2025, 12, 1)).has_edge("a", "d") is False
    assert signed_graph(g, as_of=dt.date(2026, 2, 1)).edges["a", "d"]["sign"] == 1
    assert signed_graph(g).edges["a", "d"]["signed"] == pytest.approx(-0.6)


def test_ended_relationship_is_absent() -> None:
    g = _graph()
    g.record("a", "d", Observation(date=dt.date(2026, 1, 1), type="cooperation"))
    g.record("a", "d", Observation(date=dt.date(2026, 2, 1), type="cooperation", ended=True))
    assert not signed_graph(g).has_edge("a", "d")


def test_example_mother_worker_hostile_then_eased(examples_dir) -> None:
    g = load_graph(str(examples_dir / "child-protection.yaml"))
    assert signed_graph(g, as_of=dt.date(2026, 8, 31)).edges["susan", "roberta"]["sign"] == -1
    assert signed_graph(g).edges["susan", "roberta"]["sign"] == 1
