"""Control characters in names and notes: what an export writes reads back; the rest is refused.

Issue 14, point 7: \\x01, \\v, \\x1b, U+FFFE or NUL in a name gave malformed GraphML or GEXF with
exit 0, and a bare CR, a note over 128 KB or a NUL broke the CSV round trip.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache

import networkx as nx
import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecograph.errors import CaseFileError
from ecograph.io.casefile import dumps_case, load_case, loads_case
from ecograph.io.csvfiles import dumps_csv, loads_csv
from ecograph.io.graphfiles import dumps_gexf, dumps_graphml, dumps_node_link, loads_graphml
from ecograph.model import Case
from tests.conftest import EXAMPLES

SCHEMAS = __import__("pathlib").Path(__file__).parents[1] / "data" / "schemas"
XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
BAD = ["\x00", "\x01", "\v", "\x0c", "\x1b", "\x7f", "\ufffe", "\uffff", "\r", "\r\n", "\x85",
       "\u2028", "\t"]  # fmt: skip
LETTERS = st.text(alphabet="abcXYZ é-", min_size=1, max_size=6)


@cache
def base() -> Case:
    return load_case(EXAMPLES / "child-protection.yaml")


@cache
def gexf_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "gexf-1.3" / "gexf.xsd"))


@st.composite
def bad_texts(draw: st.DrawFn) -> str:
    return draw(LETTERS) + draw(st.sampled_from(BAD)) + draw(LETTERS)


def with_text(name: str, note: str, rel_note: str) -> Case:
    c = base()
    actors = [c.actors[0].model_copy(update={"name": name, "notes": note}), *c.actors[1:]]
    r = c.relationships[0]
    hist = [r.history[0].model_copy(update={"note": rel_note}), *r.history[1:]]
    rels = [r.model_copy(update={"notes": rel_note, "history": hist}), *c.relationships[1:]]
    return c.model_copy(update={"actors": actors, "relationships": rels})


def refused_clearly(err: CaseFileError, case: Case, bad: re.Pattern[str]) -> None:
    fields = {p.field for p in err.problems}
    assert "actors[0].name" in fields or "actors[0].notes" in fields or any(
        (f or "").startswith("relationships[0]") for f in fields
    )
    for p in err.problems:
        assert re.search(r"U\+[0-9A-F]{4}", p.message) and "cannot hold" in p.message
    # nothing of the text itself is echoed
    assert case.actors[0].name not in str(err)
    r = case.relationships[0]
    texts = (case.actors[0].name, case.actors[0].notes or "", r.notes or "", r.history[0].note or "")
    assert any(bad.search(t) for t in texts)


def back_through(fmt: str, case: Case) -> None:
    """Export ``case`` as ``fmt``: either it is refused clearly, or the texts read back exactly."""
    a, r = case.actors[0], case.relationships[0]
    if fmt == "csv":
        try:
            t = dumps_csv(case)
        except CaseFileError as err:
            refused_clearly(err, case, re.compile("\x00"))
            return
        back = loads_csv(t["actors.csv"], t["relationships.csv"], t["relationship-history.csv"],
                         goals=t["goals.csv"], agreements=t["agreements.csv"],
                         case_id=case.id, title=case.title)  # fmt: skip
        assert (back.actors[0].name, back.actors[0].notes) == (a.name, a.notes)
        assert back.relationships[0].notes == r.notes
        assert back.relationships[0].history[0].note == r.history[0].note
    elif fmt == "graphml":
        try:
            text = dumps_graphml(case)
        except CaseFileError as err:
            refused_clearly(err, case, XML_BAD)
            return
        assert loads_graphml(text) == case
    elif fmt == "gexf":
        try:
            text = dumps_gexf(case)
        except CaseFileError as err:
            refused_clearly(err, case, XML_BAD)
            return
        gexf_schema().validate(text)
        g = nx.read_gexf(io.BytesIO(text.encode()))
        assert (g.nodes[a.id]["label"], g.nodes[a.id]["notes"]) == (a.name, a.notes)
        assert g.edges[r.source, r.target]["notes"] == r.notes
    else:  # JSON: node-link export and the JSON case file hold any text
        data = json.loads(dumps_node_link(case))
        node = next(n for n in data["nodes"] if n["id"] == a.id)
        assert (node["label"], node["notes"]) == (a.name, a.notes)
        assert loads_case(dumps_case(case, "json"), fmt="json") == case


@pytest.mark.parametrize("fmt", ["csv", "graphml", "gexf", "json"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=bad_texts(), note=bad_texts(), rel_note=bad_texts())
def test_export_reads_back_or_refuses_clearly(fmt: str, name: str, note: str, rel_note: str):
    back_through(fmt, with_text(name, note, rel_note))


@pytest.mark.parametrize("ch", ["\x01", "\v", "\x1b", "\ufffe", "\x00"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_refuse_what_xml_cannot_hold(fmt: str, ch: str):
    case = with_text(f"Ann{ch}", "ok", "ok")
    dump = dumps_graphml if fmt == "graphml" else dumps_gexf
    with pytest.raises(CaseFileError, match=rf"actors\[0\]\.name: contains the control character U\+{ord(ch):04X}"):
        dump(case)


def test_bare_carriage_return_survives_csv_and_graphml():
    case = with_text("Ann", "first\rsecond", "a\rb")
    back_through("csv", case)
    assert loads_graphml(dumps_graphml(case)) == case


def test_note_over_128_kb_survives_csv():
    case = with_text("Ann", "x" * 140_000, "ok")
    back_through("csv", case)


def test_nul_is_refused_by_csv_export():
    with pytest.raises(CaseFileError, match=r"U\+0000, which CSV cannot hold"):
        dumps_csv(with_text("Ann", "a\x00b", "ok"))
