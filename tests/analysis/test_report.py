from __future__ import annotations

import json

import networkx as nx
import pytest

from ecograph import load_graph
from ecograph.analysis.params import Params
from ecograph.analysis.report import SECTIONS, analyze, analyze_signed
from ecograph.errors import InputError


@pytest.fixture(scope="module")
def case():
    return load_graph("examples/child-protection.yaml")


def test_every_section_is_json_ready(case) -> None:
    r = analyze(case, only=list(SECTIONS))
    data = json.loads(json.dumps(r.to_json()))
    assert list(data["sections"]) == list(SECTIONS)
    assert data["case"] == case.case_id


def test_membership_ties_put_the_mother_with_her_family(case) -> None:
    import datetime as dt

    on = analyze(case, only=["factions"], as_of=dt.date(2026, 8, 31)).sections["factions"].factions
    assert on.groups["roberta"] == on.groups["family"] == on.groups["grandmother"]
    assert on.groups["susan"] == on.groups["cs-team"] != on.groups["roberta"]
    p = Params.model_validate({"factions": {"membership_ties": False}})
    off = analyze(case, only=["factions"], params=p, as_of=dt.date(2026, 8, 31))
    assert "baby" not in off.sections["factions"].factions.groups  # no tie at all: left out


def test_signed_network_directed_is_read_as_skeleton() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", sign=1, weight=1.0)
    g.add_edge("b", "a", sign=-1, weight=3.0)
    g.add_edge("b", "c", sign=-1, weight=1.0)
    g.add_edge("a", "c", sign=1, weight=1.0)
    r = analyze_signed(g)
    bal = r.to_json()["sections"]["balance"]
    assert bal["census"] == {"+++": 0, "++-": 0, "+--": 0, "---": 0} or sum(bal["census"].values()) == 1
    # a-b is negative (net -2), b-c negative, a-c positive: +-- balanced
    assert bal["census"]["+--"] == 1


def test_unknown_section_and_case_only_section() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", sign=1)
    with pytest.raises(InputError, match="unknown section"):
        analyze_signed(g, only=["factionz"])
    with pytest.raises(InputError, match="needs a case file"):
        analyze_signed(g, only=["power"])


def test_analyze_leaves_the_cycle_collector_as_it_found_it() -> None:
    import gc

    graph = load_graph("examples/child-protection.yaml")
    assert gc.isenabled()
    analyze(graph, only=["hotspots"])
    assert gc.isenabled()
    gc.disable()
    try:
        analyze(graph, only=["hotspots"])
        assert not gc.isenabled()
    finally:
        gc.enable()
