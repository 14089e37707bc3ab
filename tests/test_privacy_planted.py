"""Names planted in every kind of bad input never come back in the error (issue 15, item 16).

Each input puts a name or a sentence about a person where something else is expected: a plain
list item instead of a mapping, text in a number, date or vocabulary field, a list for a text.
The error must still say where (file, line, field path) and what kind of value it got.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
import yaml
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import EcographError
from ecograph.io.casefile import loads_case
from ecograph.io.csvfiles import dumps_csv, loads_csv
from ecograph.io.graphfiles import case_to_networkx, loads_graphml

NAME = "Roberta Jones"
TEXT = "Baby stays at home with Roberta Jones"
BASE = """\
ecograph: 1
id: p
title: P
actors:
  - {id: w, name: Worker, roles: [change_agent]}
  - {id: c, name: Client, kind: family, roles: [client]}
goals:
  - {id: g, description: Goal, stances: [{actor: c, stance: 1}]}
relationships:
  - source: w
    target: c
    history:
      - {date: 2026-01-05, type: conflict, strength: 0.5}
agreements:
  - {id: a, parties: [{actor: w}, {actor: c}], basis: law}
"""
PLANTED = {
    "goal as a plain item": ("  - {id: g, description: Goal, stances: [{actor: c, stance: 1}]}", f"  - {TEXT}", "goals[0]"),
    "actor as a plain item": ("  - {id: c, name: Client, kind: family, roles: [client]}", f"  - {TEXT}", "actors[1]"),
    "history item as text": ("      - {date: 2026-01-05, type: conflict, strength: 0.5}", f"      - {TEXT}", "history[0]"),
    "agreement as text": ("  - {id: a, parties: [{actor: w}, {actor: c}], basis: law}", f"  - {TEXT}", "agreements[0]"),
    "party as text": ("parties: [{actor: w}, {actor: c}]", f"parties: [{NAME}, {{actor: c}}]", "parties[0]"),
    "stance as text": ("stances: [{actor: c, stance: 1}]", f"stances: [{TEXT}]", "stances[0]"),
    "name in kind": ("kind: family", f"kind: {NAME}", "actors[1].kind"),
    "name in roles": ("roles: [client]", f"roles: [{NAME}]", "actors[1].roles[0]"),
    "roles as text": ("roles: [client]", f"roles: {TEXT}", "actors[1].roles"),
    "name in power": ("roles: [client]}", f"roles: [client], power: {NAME}}}", "actors[1].power"),
    "name in type": ("type: conflict", f"type: {NAME}", "history[0].type"),
    "name in date": ("date: 2026-01-05", f"date: {TEXT}", "history[0].date"),
    "name in strength": ("strength: 0.5", f"strength: {NAME}", "history[0].strength"),
    "name in basis": ("basis: law", f"basis: {NAME}", "agreements[0].basis"),
    "name in stance": ("stance: 1", f"stance: {NAME}", "stances[0].stance"),
    "note as a list": ("strength: 0.5}", f"strength: 0.5, note: [{TEXT}]}}", "history[0].note"),
    "title as mapping": ("title: P", f"title: {{who: {NAME}}}", "title"),
    "name as a key": ("title: P", f"title: P\n{NAME}: {TEXT}", None),
}  # fmt: skip


def _check(out: str) -> None:
    assert NAME not in out and "Roberta" not in out, out
    assert "Traceback" not in out


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_names_never_appear_in_case_file_errors(
    tmp_path: Path, name: str, fmt: str
) -> None:
    old, new, field = PLANTED[name]
    assert old in BASE
    text = BASE.replace(old, new)
    if fmt == "json":
        text = json.dumps(yaml.safe_load(text), default=str)
    f = tmp_path / f"p.{fmt}"
    f.write_text(text)
    r = CliRunner().invoke(app, ["validate", str(f)])
    assert r.exit_code == 2, r.output
    _check(r.output)
    assert f"p.{fmt}" in r.output
    if field is not None:
        assert field in r.output


def test_errors_say_what_kind_of_value_they_got() -> None:
    old, new, _ = PLANTED["name in power"]
    with pytest.raises(EcographError) as err:
        loads_case(BASE.replace(old, new), source="p.yaml")
    assert "(got a text of 13 characters)" in str(err.value)


CSV_PLANTS = [
    ("actors.csv", "family", NAME),  # a vocabulary column
    ("actors.csv", "0.5", NAME),  # a number column
    ("relationship-history.csv", "2026-01-05", TEXT),  # a date column
    ("relationship-history.csv", "conflict", NAME),  # a type column
    ("goals.csv", ",1", f",{NAME}"),  # a stance column
    ("agreements.csv", "law", NAME),  # a basis column
]


@pytest.mark.parametrize(("sheet", "old", "new"), CSV_PLANTS)
def test_planted_names_never_appear_in_csv_errors(sheet: str, old: str, new: str) -> None:
    files = dumps_csv(loads_case(BASE))
    assert old in files[sheet], files[sheet]
    files[sheet] = files[sheet].replace(old, new, 1)
    with pytest.raises(EcographError) as err:
        loads_csv(
            files["actors.csv"], files["relationships.csv"], files["relationship-history.csv"],
            goals=files["goals.csv"], agreements=files["agreements.csv"], case_id="p", title="P",
        )  # fmt: skip
    _check(str(err.value))
    assert sheet in str(err.value)


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [("node", "kind", NAME), ("node", "power", NAME), ("node", "roles", TEXT),
     ("edge", "type", NAME), ("edge", "strength", NAME)],
)  # fmt: skip
def test_planted_names_never_appear_in_graphml_errors(where: str, key: str, value: str) -> None:
    g = case_to_networkx(loads_case(BASE))
    (g.nodes["c"] if where == "node" else g.edges["w", "c"])[key] = value
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    with pytest.raises(EcographError) as err:
        loads_graphml(buf.getvalue(), source="p.graphml")
    _check(str(err.value))
    assert "p.graphml" in str(err.value)


@pytest.mark.parametrize(
    "spec",
    [
        f"  - add_advocate: {{client: c, toward: [w], name: [{TEXT}]}}",
        f"  - change_stance: {{actor: c, goal: g, stance: {NAME}}}",
        f"  - {TEXT}",
        f"  - conclude_agreement: {{parties: [w, c], basis: {NAME}}}",
    ],
)
def test_planted_names_never_appear_in_scenario_errors(tmp_path: Path, spec: str) -> None:
    case = tmp_path / "p.yaml"
    case.write_text(BASE)
    s = tmp_path / "s.yaml"
    s.write_text(f"ecograph-scenario: 1\nid: s\ntitle: S\ninterventions:\n{spec}\n")
    r = CliRunner().invoke(app, ["whatif", str(case), "--scenario", str(s)])
    assert r.exit_code == 2, r.output
    _check(r.output)
    assert "s.yaml:5" in r.output
