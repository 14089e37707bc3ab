"""No case data (names, notes, free text) in error messages, only ids and field paths.

ecograph writes no log records outside the map workspace, so these tests check what a user
actually sees: the text of each error and what the commands print to stdout and stderr.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import EcographError
from ecograph.graph import EcoGraph
from ecograph.io.casefile import loads_case
from ecograph.io.csvfiles import dumps_csv, loads_csv
from ecograph.io.graphfiles import case_to_networkx, loads_graphml
from ecograph.model import Actor, Observation, Relationship

SECRETS = ["Zelda Quux", "SECRET-NOTE-7781", "lives at 12 Hidden Lane", "Grandpa Orion", "TERMS-XYZ"]
CASE = """\
ecograph: 1
id: priv
title: Privacy case
description: lives at 12 Hidden Lane
actors:
  - {id: w, name: Worker, roles: [change_agent]}
  - {id: z, name: Zelda Quux, roles: [client], voluntariness: mandated, notes: SECRET-NOTE-7781}
  - {id: g, name: Grandpa Orion, roles: [target], attributes: {address: lives at 12 Hidden Lane}}
relationships:
  - source: w
    target: z
    mandated: [z]
    history:
      - {date: 2026-01-05, type: conflict, strength: 0.7, note: SECRET-NOTE-7781}
      - {date: 2026-02-05, type: conflict, strength: 0.8, note: SECRET-NOTE-7781}
  - {source: z, target: g, type: agreement, terms: TERMS-XYZ, notes: SECRET-NOTE-7781}
"""

BROKEN = [
    ("type: conflict, strength: 0.7, note", "type: confict, strength: 0.7, note"),  # bad vocabulary
    ("strength: 0.8, note", "strength: 8, note"),  # out of range next to a note
    ("type: agreement, terms", "type: agreement, strength: high, terms"),
    ("notes: SECRET-NOTE-7781}", "notes: [SECRET-NOTE-7781]}"),  # wrong type of a free-text field
    ("name: Zelda Quux", "name: " + "Zelda Quux" * 60),  # too long a name
    ("target: g, type", "target: gg, type"),  # dangling reference
    ("roles: [client]", "roles: [client, change_agent]"),  # the change-agent rule
    ("source: z, target: g", "source: z, target: z"),  # a relationship with itself
    ("{id: g, name", "{id: z, name"),  # duplicate id
    ("date: 2026-02-05", "date: 2026-02-30"),  # impossible date
    ("title: Privacy case\n", "title: Privacy case\nnotes: SECRET-NOTE-7781\n"),  # unknown field
    # an unquoted comma in a one-line mapping cuts a note into an unknown "field"
    ("note: SECRET-NOTE-7781}\n      - {date: 2026-02-05", "note: seen with Grandpa Orion, lives at 12 Hidden Lane}\n      - {date: 2026-02-05"),
]


def assert_clean(text: str) -> None:
    for s in SECRETS:
        assert s not in text, f"{s!r} leaked into: {text}"


@pytest.mark.parametrize(("old", "new"), BROKEN, ids=[b[1][:30] for b in BROKEN])
def test_case_file_errors_show_ids_and_fields_not_names_or_notes(old, new):
    assert old in CASE
    with pytest.raises(EcographError) as err:
        loads_case(CASE.replace(old, new), source="priv.yaml")
    assert_clean(str(err.value))
    assert "priv.yaml" in str(err.value)


def test_cli_validate_prints_no_case_data(tmp_path: Path):
    f = tmp_path / "priv.yaml"
    f.write_text(CASE.replace("strength: 0.8, note", "strength: 8, note").replace("target: g, type", "target: gg, type"))
    r = CliRunner().invoke(app, ["validate", str(f)])
    assert r.exit_code == 2
    assert "relationships[0].history[1].strength" in r.output
    assert_clean(r.output)


def test_graph_operations_errors_show_ids_only():
    g = EcoGraph.from_case(loads_case(CASE))
    attempts = [
        lambda: g.add_actor(Actor(id="z", name="Zelda Quux", notes="SECRET-NOTE-7781")),
        lambda: g.add_relationship(Relationship(source="w", target="z", type="conflict", notes="SECRET-NOTE-7781")),
        lambda: g.record("w", "nobody", Observation(date="2026-03-01", type="conflict", note="SECRET-NOTE-7781")),
        lambda: g.update_actor("z", roles=["client", "change_agent"]),
    ]
    for attempt in attempts:
        with pytest.raises(EcographError) as err:
            attempt()
        assert_clean(str(err.value))


def test_csv_and_graphml_errors_show_rows_and_ids_only():
    case = loads_case(CASE)
    t = dumps_csv(case)
    bad_actors = t["actors.csv"].replace("client,", "clint,", 1).replace("target,", "targt,", 1)
    bad_hist = t["relationship-history.csv"].replace("0.7", "lots").replace("2026-02-05", "2026-02-31")
    with pytest.raises(EcographError) as err:
        loads_csv(bad_actors, t["relationships.csv"], bad_hist, case_id="c", title="T")
    assert "actors.csv:3:4" in str(err.value)
    assert_clean(str(err.value))
    g = case_to_networkx(case)
    g.nodes["z"]["kind"] = "persn"
    g.edges["z", "g"]["type"] = "agreemnt"
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    with pytest.raises(EcographError) as err:
        loads_graphml(buf.getvalue(), source="p.graphml")
    assert "node 'z'.kind" in str(err.value)
    assert_clean(str(err.value))


FREE_TEXT = ["SECRET-NOTE-7781", "lives at 12 Hidden Lane", "TERMS-XYZ"]


@pytest.mark.parametrize("command", ["analyze", "warnings", "history", "show"])
def test_reports_name_the_actors_but_print_no_notes_or_free_text(tmp_path: Path, command: str):
    """A report is for the worker, so it names people; notes, terms and addresses stay in the file."""
    f = tmp_path / "priv.yaml"
    f.write_text(CASE)
    r = CliRunner().invoke(app, [command, str(f)])
    assert r.exit_code == 0, r.output
    assert "Zelda Quux" in r.output  # the report really is about this case
    for text in FREE_TEXT:
        assert text not in r.output, f"{text!r} printed by `ecograph {command}`: {r.output}"
