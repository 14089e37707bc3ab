"""GraphML/GEXF/node-link export and GraphML import."""

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from ecograph.errors import CaseFileError
from ecograph.io.casefile import load_case
from ecograph.io.graphfiles import (
    LayoutHint,
    case_to_networkx,
    dumps_gexf,
    dumps_graphml,
    dumps_node_link,
    import_graphml,
    loads_graphml,
    read_graphml,
    write_graph,
)
from ecograph.model import Case
from tests.conftest import EXAMPLES, example_files
from tests.strategies import cases

CP = EXAMPLES / "child-protection.yaml"


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_examples_round_trip_through_graphml_exactly(path: Path, tmp_path: Path):
    case = load_case(path)
    write_graph(case, tmp_path / "c.graphml", "graphml")
    assert read_graphml(tmp_path / "c.graphml") == case


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(full=True))
def test_graphml_round_trip_loses_nothing(case: Case):
    assert loads_graphml(dumps_graphml(case)) == case


def test_graphml_carries_types_and_attributes_for_gephi():
    g = nx.read_graphml(io.StringIO(dumps_graphml(load_case(CP))))
    assert g.nodes["roberta"]["roles"] == "client|target"
    assert g.nodes["roberta"]["system"] == "client"
    assert g.nodes["roberta"]["power"] == pytest.approx(0.2)
    assert g.nodes["roberta"]["voluntariness"] == "involuntary"
    assert g.nodes["baby"]["system"] == "client"  # inherited from the family
    e = g.edges["police", "roberta"]
    assert (e["type"], e["state"], e["sign"], e["strength"]) == ("conflict", "conflict", -1, 0.4)
    assert e["signed"] == pytest.approx(-0.4) and e["weight"] == pytest.approx(0.4)
    assert g.edges["susan", "police"]["basis"] == "authority_redistribution"
    assert g.edges["susan", "police"]["sign"] == 1
    assert g.graph["case_id"] == "child-protection-roberta"


def test_gexf_is_readable_with_attributes_and_undirected_edges():
    text = dumps_gexf(load_case(CP))
    g = nx.read_gexf(io.BytesIO(text.encode()))
    assert not g.is_directed()
    assert g.nodes["roberta"]["label"] == "Roberta (mother)"
    assert g.nodes["roberta"]["roles"] == "client|target"
    edge = g.edges["police", "roberta"]
    assert edge["declared_type"] == "conflict" and edge["sign"] == -1
    assert edge["weight"] == pytest.approx(0.4)


def test_node_link_json_has_nodes_links_and_structured_history():
    data = json.loads(dumps_node_link(load_case(CP)))
    assert {"nodes", "links", "graph"} <= set(data)
    ids = {n["id"] for n in data["nodes"]}
    assert "roberta" in ids and len(data["links"]) == 16
    link = next(x for x in data["links"] if {x["source"], x["target"]} == {"susan", "roberta"})
    assert isinstance(link["history"], list) and link["history"][0]["date"] == "2026-01-05"
    assert isinstance(data["graph"]["goals"], list)


def test_foreign_graphml_with_only_labels_and_state_is_imported():
    g = nx.Graph()
    g.add_node("n1", label="Anna", x=1.5, colour="red")
    g.add_node("n2", label="School")
    g.add_edge("n1", "n2", state="conflict", weight=0.6)
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    case = loads_graphml(buf.getvalue(), source="gephi.graphml", case_id="g", title="From Gephi")
    assert [a.name for a in case.actors] == ["Anna", "School"]
    assert case.actors[0].attributes == {"colour": "red"}  # x is a layout hint
    (r,) = case.relationships
    assert r.type.value == "conflict" and r.strength == 0.6


def test_graphml_problems_name_node_or_edge_and_suggest():
    g = case_to_networkx(load_case(CP))
    g.nodes["roberta"]["kind"] = "indivdual"
    g.edges["police", "roberta"]["type"] = "conflit"
    g.edges["police", "roberta"].pop("history", None)
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    with pytest.raises(CaseFileError) as err:
        loads_graphml(buf.getvalue(), source="x.graphml")
    found = {p.field: p.suggestion for p in err.value.problems}
    assert found["node 'roberta'.kind"] == "individual"
    assert found["edge police--roberta.type"] == "conflict"


def test_broken_xml_and_non_graphml_are_clear_errors():
    with pytest.raises(CaseFileError, match="not valid XML") as err:
        loads_graphml("<graphml><graph>", source="x.graphml")
    assert err.value.problems[0].line == 1
    with pytest.raises(CaseFileError):
        loads_graphml("<html><body/></html>", source="x.graphml")


def test_unknown_xml_encoding_is_a_clear_error():  # found by the fuzzer
    with pytest.raises(CaseFileError, match="unknown encoding"):
        loads_graphml("<?xml version='1.0' encoding='tf-8'?><graphml/>", source="x.graphml")


# ------------------------------------------------------- issue 14: valid against the schemas
SCHEMAS = Path(__file__).parents[1] / "data" / "schemas"


@pytest.fixture(scope="module")
def xsd():
    import xmlschema

    return {
        "gexf": xmlschema.XMLSchema(str(SCHEMAS / "gexf-1.3" / "gexf.xsd")),
        "graphml": xmlschema.XMLSchema(str(SCHEMAS / "graphml" / "graphml.xsd")),
    }


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_every_export_is_valid_against_the_official_schema(path: Path, xsd):
    case = load_case(path)
    for fmt, text in (("gexf", dumps_gexf(case)), ("graphml", dumps_graphml(case))):
        errors = [e.reason for e in xsd[fmt].iter_errors(text)]
        assert errors == [], f"{fmt}: {errors[:3]}"


def test_the_schema_check_catches_what_gephi_complained_about(xsd):
    text = dumps_gexf(load_case(CP)).replace('<graph ', '<graph name="" ', 1)
    assert not xsd["gexf"].is_valid(text)


def test_gexf_is_version_1_3_with_attribute_ids_by_name():
    from xml.etree import ElementTree as ET

    ns = {"g": "http://gexf.net/1.3"}
    ids = {}
    for ex in ("child-protection", "community-40", "ward-exchange"):
        root = ET.fromstring(dumps_gexf(load_case(EXAMPLES / f"{ex}.yaml")))
        assert root.get("version") == "1.3"
        for att in root.iterfind(".//g:attribute", ns):
            assert att.get("id") == att.get("title")
            ids.setdefault(att.get("title"), set()).add(att.get("type"))
    assert ids["state"] == {"string"} and ids["power"] == {"double"} and ids["order"] == {"integer"}
    assert all(len(types) == 1 for types in ids.values())


# ------------------------------------------- issue 14: files written back by other tools
GEPHI = Path(__file__).parents[1] / "data" / "interchange" / "gephi-reexport.graphml"


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_graphml_written_back_by_networkx_reads_the_same_case(path: Path):
    case = load_case(path)
    g = nx.read_graphml(io.StringIO(dumps_graphml(case)))
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    assert loads_graphml(buf.getvalue()) == case


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_graphml_written_back_by_igraph_reads_the_same_case(path: Path, tmp_path: Path):
    import igraph

    case = load_case(path)
    write_graph(case, tmp_path / "out.graphml", "graphml")
    g = igraph.Graph.Read_GraphML(str(tmp_path / "out.graphml"))
    g.write_graphml(str(tmp_path / "back.graphml"))
    text = (tmp_path / "back.graphml").read_text()
    assert '<node id="n0">' in text and "></data>" in text  # renamed nodes, empty values
    found = import_graphml(text)
    assert found.case == case
    assert any("renamed" in n for n in found.notes)


def test_gephi_reexport_reads_layout_as_hints_and_says_goals_are_missing():
    found = import_graphml(GEPHI.read_bytes(), source=str(GEPHI))
    case = found.case
    assert [a.id for a in case.actors] == ["susan", "cs-team", "roberta", "police"]
    for a in case.actors:
        assert not set(a.attributes) & {"x", "y", "z", "size", "r", "g", "b"}
    assert found.layout["roberta"] == LayoutHint(x=95.71204, y=-60.318, size=10.0, colour="#d62728")
    assert (case.actors[2].position.x, case.actors[2].position.y) == (95.71204, -60.318)
    (with_history,) = [r for r in case.relationships if r.history]
    assert with_history.state().type.value == "conflict" and len(with_history.history) == 3
    assert case.relationships[0].mandated == ["roberta"]
    assert case.goals == [] and case.agreements == []
    assert any("no goals and no agreements" in n for n in found.notes)
    assert any("layout hints" in n for n in found.notes)


def test_cli_import_of_a_gephi_file_says_what_it_did(tmp_path: Path):
    from typer.testing import CliRunner

    from ecograph.cli import app

    out = tmp_path / "case.yaml"
    res = CliRunner().invoke(app, ["import", str(GEPHI), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "note: the file holds no goals and no agreements" in res.stderr
    assert "read as layout hints" in res.stderr


# --------------------------------------- issue 14: imports that would drop data silently
def _graphml(body: str) -> str:
    return (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="state" for="edge" attr.name="state" attr.type="string"/>' + body + "</graphml>"
    )


EDGE = '<edge source="a" target="b"><data key="state">conflict</data></edge>'


def test_two_graphs_in_one_file_are_refused():
    text = _graphml(
        f'<graph edgedefault="undirected"><node id="a"/><node id="b"/>{EDGE}</graph>'
        '<graph edgedefault="undirected"><node id="c"/></graph>'
    )
    with pytest.raises(CaseFileError, match="the file holds 2 graphs; ecograph reads one map"):
        loads_graphml(text, source="two.graphml")


def test_nested_graph_is_refused():
    text = _graphml(
        '<graph edgedefault="undirected"><node id="a"/><node id="b">'
        '<graph id="inner" edgedefault="undirected"><node id="b1"/></graph></node>'
        f"{EDGE}</graph>"
    )
    with pytest.raises(CaseFileError, match="node 'b' holds a nested graph"):
        loads_graphml(text, source="nested.graphml")


def test_edge_to_an_undeclared_node_is_refused():
    text = _graphml(
        '<graph edgedefault="undirected"><node id="a"/>'
        '<edge source="a" target="ghost"><data key="state">conflict</data></edge></graph>'
    )
    with pytest.raises(CaseFileError, match="an edge's target is the node 'ghost', which the file does not declare"):
        loads_graphml(text, source="ghost.graphml")


def test_actor_positions_go_out_as_x_y_and_come_back_through_igraph(tmp_path: Path, xsd):
    import igraph

    from ecograph.model.actor import Position

    case = load_case(CP)
    placed = [a.model_copy(update={"position": Position(x=10.0 * i, y=-2.5 * i)}) for i, a in enumerate(case.actors)]
    case = case.model_copy(update={"actors": placed})
    write_graph(case, tmp_path / "p.graphml", "graphml")
    g = igraph.Graph.Read_GraphML(str(tmp_path / "p.graphml"))
    assert g.vs.find(id="roberta")["x"] == case.actor("roberta").position.x
    g.write_graphml(str(tmp_path / "back.graphml"))
    assert read_graphml(tmp_path / "back.graphml") == case
    gexf = dumps_gexf(case)
    assert xsd["gexf"].is_valid(gexf) and '<position x="10.0" y="-2.5" />' in gexf
