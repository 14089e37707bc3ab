"""The question modules: paths, brokers, power, isolated clients, trend, hotspots, bargaining."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx
import pytest

from ecograph import load_graph
from ecograph.analysis.bargaining import bargaining
from ecograph.analysis.brokers import brokers, factions_in_conflict
from ecograph.analysis.factions import find_factions
from ecograph.analysis.features import case_features
from ecograph.analysis.hotspots import hotspots
from ecograph.analysis.isolated import isolated_clients
from ecograph.analysis.likelihood import assess
from ecograph.analysis.params import Params
from ecograph.analysis.paths import influence_paths
from ecograph.analysis.power import power_report
from ecograph.analysis.trend import relationship_trend, trends
from ecograph.graph import EcoGraph
from ecograph.model import Case, Relationship

D = dt.date


def build(actors: dict[str, dict[str, Any]], rels: list[tuple]) -> EcoGraph:
    data = {
        "id": "s", "title": "S",
        "actors": [{"id": k, "name": k.upper(), **v} for k, v in actors.items()],
        "relationships": [
            {"source": a, "target": b, "type": t, "strength": s, **(extra[0] if extra else {})}
            for a, b, t, s, *extra in rels
        ],
    }
    return EcoGraph.from_case(Case.model_validate(data))


W = {"roles": ["change_agent"], "power": 0.5}


def test_influence_path_through_cooperative_ties_strongest_first() -> None:
    g = build({"w": W, "m1": {}, "m2": {}, "t": {"roles": ["target"]}},
              [("w", "m1", "cooperation", 0.9), ("m1", "t", "cooperation", 0.9),
               ("w", "m2", "cooperation", 0.5), ("m2", "t", "agreement", 0.5),
               ("w", "t", "conflict", 0.8)])
    paths = influence_paths(case_features(g))
    assert [p.path for p in paths] == [["w", "m1", "t"]]
    assert paths[0].strength == pytest.approx(0.81) and paths[0].direct == "conflict"
    assert paths[0].ties == ["cooperation", "cooperation"]


def test_no_influence_path_through_hostile_ties() -> None:
    g = build({"w": W, "m": {}, "t": {"roles": ["target"]}},
              [("w", "m", "conflict", 0.9), ("m", "t", "cooperation", 0.9)])
    assert influence_paths(case_features(g)) == []


def test_paths_skip_other_change_agents() -> None:
    g = build({"w": W, "w2": W, "t": {"roles": ["target"]}},
              [("w", "w2", "cooperation", 0.9), ("w2", "t", "cooperation", 0.9)])
    # w reaches t only through a colleague, and w2's own tie is direct: no "connection" path
    assert influence_paths(case_features(g)) == []


def _two_camps(with_broker: bool) -> nx.Graph:
    g = nx.Graph()
    for u, v, s in [("a1", "a2", 1), ("b1", "b2", 1), ("a1", "b1", -1), ("a2", "b2", -1)]:
        g.add_edge(u, v, sign=s, weight=1.0)
    g.add_edge("m", "a1", sign=1, weight=1.0)
    if with_broker:
        g.add_edge("m", "b1", sign=1, weight=1.0)
    return g


def test_broker_has_cooperative_ties_into_factions_in_conflict() -> None:
    g = _two_camps(True)
    f = find_factions(g, 2)
    assert factions_in_conflict(g, f)
    found = brokers(g, f)
    assert "m" in [b.actor for b in found]
    m = next(b for b in found if b.actor == "m")
    assert len(m.reaches) == 2


def test_no_broker_without_ties_across() -> None:
    g = _two_camps(False)
    assert "m" not in [b.actor for b in brokers(g, find_factions(g, 2))]
    peace = nx.Graph()
    peace.add_edge("a", "b", sign=1)
    assert brokers(peace, find_factions(peace, 1)) == []


def test_power_gaps_on_hostile_ties_only_and_unsupported_clients() -> None:
    actors = {"w": {**W, "power": 0.9}, "c": {"roles": ["client"], "voluntariness": "mandated", "power": 0.1},
              "x": {"roles": ["action"], "power": 0.2}}
    g = build(actors, [("w", "c", "conflict", 0.8), ("w", "x", "cooperation", 0.8)])
    rep = power_report(case_features(g))
    assert [(p.stronger, p.weaker) for p in rep.gaps] == [("w", "c")]
    assert rep.gaps[0].gap == pytest.approx(0.8)
    assert [c.actor for c in rep.unsupported] == ["c"]
    # an advocate (action system, cooperative tie to the client) supports her
    g2 = build(actors, [("w", "c", "conflict", 0.8), ("x", "c", "cooperation", 0.8)])
    assert power_report(case_features(g2)).unsupported == []


def test_isolated_clients_ignore_ties_inside_the_family() -> None:
    g = build({"w": W, "fam": {"roles": ["client"], "kind": "family"},
               "mum": {"roles": ["client"], "member_of": ["fam"]},
               "gran": {"member_of": ["fam"]}, "x": {"roles": ["action"]}},
              [("mum", "gran", "cooperation", 0.8), ("w", "mum", "conflict", 0.5)])
    assert [c.actor for c in isolated_clients(case_features(g))] == ["fam", "mum"]
    mum = isolated_clients(case_features(g))[1]
    assert mum.ties["inside"] == 1 and mum.ties["conflict"] == 1
    g2 = build({"w": W, "mum": {"roles": ["client"]}, "x": {"roles": ["action"]}},
               [("x", "mum", "cooperation", 0.8)])
    assert isolated_clients(case_features(g2)) == []


def test_trend_toward_conflict_with_dates() -> None:
    g = load_graph("examples/child-protection.yaml")
    found = trends(g, as_of=D(2026, 8, 31))
    assert ("nursery", "roberta") in [(t.a, t.b) for t in found]
    t = next(t for t in found if t.b == "roberta" and t.a == "nursery")
    assert t.slope < 0 and t.first == D(2026, 2, 2) and t.last == D(2026, 5, 4)
    assert [x.slope for x in found] == sorted(x.slope for x in found)
    # the susan-roberta pair eases after the advocate: a trend toward cooperation, not conflict
    assert ("susan", "roberta") not in [(x.a, x.b) for x in trends(g)]
    assert ("susan", "roberta") in [(x.a, x.b) for x in trends(g, toward="cooperation")]


def test_trend_needs_two_dates() -> None:
    r = Relationship(source="a", target="b", type="conflict")
    assert relationship_trend(r) is None
    assert trends(build({"a": {}, "b": {}}, [("a", "b", "conflict", 1.0)])) == []


def test_hotspots_ranked_and_thresholded() -> None:
    a = assess(load_graph("examples/child-protection.yaml"), as_of=D(2026, 8, 31))
    hs = hotspots(a)
    assert hs and [h.conflict for h in hs] == sorted((h.conflict for h in hs), reverse=True)
    assert all(h.conflict >= Params().thresholds.hotspot for h in hs)
    assert any(not h.related for h in hs)  # latent: no relationship yet
    assert hotspots(a, threshold=1.0) == []
    assert all(r.effect["conflict"] > 0 for h in hs for r in h.reasons)


def test_bargaining_lists_bargaining_tactics_only() -> None:
    a = assess(load_graph("examples/child-protection.yaml"))
    bs = bargaining(a)
    assert {b.actor for b in bs} == {t.actor for t in a.tactics if t.tactic == "bargaining"}
    assert all(b.basis for b in bs)
    assert "health-visitor" not in {b.actor for b in bs}
