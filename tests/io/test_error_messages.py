"""Every kind of error in a case file has a clear message: where, what is wrong, what is expected.

One test per kind (the table in docs/case-format.md, "How errors are reported"), on a small valid
case with one mutation each.
"""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph import EcoGraph
from ecograph.cli import app
from ecograph.errors import CaseFileError, InputError, InvariantError, NotFoundError, Problem
from ecograph.io.casefile import load_case, loads_case
from ecograph.model import Actor, Relationship

BASE = """\
ecograph: 1
id: demo
title: Demo
actors:
  - {id: worker, name: Worker, roles: [change_agent]}
  - {id: family, name: Family, kind: family, roles: [client]}
  - {id: police, name: Police, kind: organization, roles: [action]}
goals:
  - id: g
    description: Safety
    stances:
      - {actor: family, stance: 1}
relationships:
  - {source: worker, target: family, type: agreement}
agreements:
  - {id: ag, basis: law, parties: [{actor: worker}, {actor: police}]}
"""
DOC = (Path(__file__).resolve().parents[2] / "docs" / "case-format.md").read_text(encoding="utf-8")


def only_problem(text: str, fmt: str = "yaml") -> Problem:
    with pytest.raises(CaseFileError) as err:
        loads_case(text, fmt=fmt, source="c.yaml")
    problems = err.value.problems
    assert len(problems) == 1, [p.render() for p in problems]
    (p,) = problems
    assert p.source == "c.yaml"
    return p


def test_base_is_valid():
    assert loads_case(BASE).id == "demo"


# (kind, old, new, field, message pattern, expected pattern, suggestion, line)
KINDS = [
    (
        "syntax",
        "title: Demo",
        "title:\tDemo\n\tx: 1",
        None,
        r"^not valid YAML: a tab character \(indent with spaces\) \[found character '\\t'",
        "indentation with spaces",
        None,
        3,
    ),
    (
        "duplicate key",
        "title: Demo",
        "title: Demo\ntitle: Again",
        "title",
        r"^the field 'title' is given twice$",
        "each field once",
        None,
        4,
    ),
    (
        "version missing",
        "ecograph: 1\n",
        "",
        "ecograph",
        r"^the format version is missing$",
        "'ecograph: 1' as the first line",
        None,
        1,
    ),
    (
        "version newer",
        "ecograph: 1",
        "ecograph: 7",
        "ecograph",
        r"newer ecograph \(format 7\)",
        "upgrade ecograph",
        None,
        1,
    ),
    (
        "version not a number",
        "ecograph: 1",
        "ecograph: one",
        "ecograph",
        r"'one' is not a number",
        "ecograph: 1",
        None,
        1,
    ),
    (
        "unknown field",
        "roles: [action]",
        "roles: [action], powr: 1",
        "actors[2].powr",
        r"^unknown field 'powr'$",
        "one of: id, name, kind",
        "power",
        7,
    ),
    (
        "comma in unquoted text",
        "name: Police,",
        "name: Police, city,",
        "actors[2].city",
        r"unknown field 'city' with no value; .*put the whole text in quotes",
        "one of: id, name",
        None,
        7,
    ),
    (
        "missing field",
        "name: Police, ",
        "",
        "actors[2].name",
        r"^this required field is missing$",
        None,
        None,
        7,
    ),
    (
        "misspelt type",
        "type: agreement",
        "type: agrement",
        "relationships[0].type",
        r"^'agrement' is not a relationship type$",
        "one of: cooperation, agreement, conflict",
        "agreement",
        14,
    ),
    (
        "misspelt role",
        "roles: [action]",
        "roles: [acton]",
        "actors[2].roles[0]",
        r"^'acton' is not a role$",
        "change_agent, client, target, action",
        "action",
        7,
    ),
    (
        "misspelt basis",
        "basis: law",
        "basis: lawful",
        "agreements[0].basis",
        r"is not an agreement basis$",
        "authority_redistribution",
        "law",
        16,
    ),
    (
        "out of range",
        "roles: [action]",
        "roles: [action], power: 8",
        "actors[2].power",
        r"less than or equal to 1 \(got 8\)$",
        None,
        None,
        7,
    ),
    (
        "stance out of range",
        "stance: 1}",
        "stance: -2}",
        "goals[0].stances[0].stance",
        r"greater than or equal to -1",
        None,
        None,
        12,
    ),
    (
        "wrong type",
        "roles: [action]",
        "roles: [action], power: high",
        "actors[2].power",
        r"valid number.*\(got a text of 4 characters\)",
        None,
        None,
        7,
    ),
    (
        "dangling reference",
        "{actor: police}",
        "{actor: polise}",
        "agreements[0].parties[1].actor",
        r"^party 'polise' is not an actor of this case$",
        "the id of an actor listed under actors",
        "police",
        16,
    ),
    (
        "dangling stance",
        "{actor: family, stance",
        "{actor: famly, stance",
        "goals[0].stances[0].actor",
        r"^stance by 'famly' is not an actor",
        None,
        "family",
        12,
    ),
    (
        "duplicate id",
        "- id: g\n",
        "- id: g\n    description: x\n  - id: g\n",
        "goals[1].id",
        r"^goal id 'g' is used twice$",
        None,
        None,
        11,
    ),
    (
        "second relationship",
        "agreements:",
        "  - {source: family, target: worker, type: conflict}\nagreements:",
        "relationships[1]",
        r"already have a relationship \(relationships\[0\]\)",
        "one relationship per pair",
        None,
        15,
    ),
    (
        "membership cycle",
        "kind: family, roles: [client]}\n  - {id: police, name: Police, kind: organization, roles: [action]}",
        "kind: family, roles: [client], member_of: [police]}\n  - {id: police, name: Police, kind: organization, roles: [action], member_of: [family]}",
        "actors[1].member_of",
        r"^membership forms a cycle: family -> police$",
        "without loops",
        None,
        6,
    ),
    (
        "member of itself",
        "kind: family, roles: [client]}",
        "kind: family, roles: [client], member_of: [family]}",
        "actors[1].member_of[0]",
        r"^an actor cannot be a member of itself$",
        None,
        None,
        6,
    ),
    (
        "change agent in client system",
        "roles: [change_agent]",
        "roles: [change_agent, client]",
        "actors[0].roles",
        r"^actor 'worker' is a change agent and also in the client system$",
        "a change agent with no client, target or action role",
        None,
        5,
    ),
    (
        "change agent member of action system",
        "roles: [change_agent]}",
        "roles: [change_agent], member_of: [police]}",
        "actors[0].member_of",
        r"^change agent 'worker' is a member of 'police', which is in the action system$",
        "outside the client, target and action systems",
        None,
        5,
    ),
    (
        "history and a strength alone",
        "type: agreement}",
        "strength: 0.5, history: [{date: 2026-01-01, type: conflict}]}",
        "relationships[0]",
        r"a strength without a type or mix",
        None,
        None,
        14,
    ),
    (
        "type contradicts mix",
        "type: agreement}",
        "type: agreement, mix: {conflict: 1}}",
        "relationships[0]",
        r"type 'agreement' contradicts the mix, whose dominant type is 'conflict'",
        None,
        None,
        14,
    ),
    (
        "impossible date",
        "title: Demo",
        "title: Demo\nstart: 2026-02-30",
        "start",
        r"^not a real date \(day is out of range for month\)$",
        "YYYY-MM-DD",
        None,
        4,
    ),
    (
        "ends before it starts",
        "basis: law,",
        "basis: law, start: 2026-05-01, end: 2026-01-01,",
        "agreements[0].end",
        r"ends before it starts",
        None,
        None,
        16,
    ),
    (
        "mandated not an end",
        "type: agreement}",
        "type: agreement, mandated: [police]}",
        "relationships[0]",
        r"mandated names 'police', which is not one of the two ends",
        None,
        None,
        14,
    ),
    (
        "indentation",
        "  - {id: worker",
        " - {id: x, name: X}\n  - {id: worker",
        None,
        r"^not valid YAML: this line's indentation does not match the lines above \[expected <block end>",
        "indentation with spaces",
        None,
        6,
    ),
    (
        "colon in unquoted text",
        "title: Demo",
        "title: Demo: a case",
        None,
        r"^not valid YAML: a ':' inside the text of 'title', which is not in quotes: put the title in quotes$",
        'title: "text with: a colon"',
        None,
        3,
    ),
    (
        "single word for a list",
        "roles: [action]",
        "roles: action",
        "actors[2].roles",
        r"valid list \(got 'action'\)$",
        "a list in brackets, e.g. [action]",
        None,
        7,
    ),
    (
        "decimal comma",
        "roles: [action]",
        "roles: [action], power: '0,7'",
        "actors[2].power",
        r"valid number.*\(got '0,7'\)$",
        "a number with a decimal point",
        "0.7",
        7,
    ),
    (
        "yes/no read as true/false",
        "  - id: g\n",
        "  - id: no\n",
        "goals[0].id",
        r"valid string \(got false\)$",
        "YAML read this as true/false: put it in quotes",
        None,
        9,
    ),
    (
        "date in another format",
        "title: Demo",
        "title: Demo\nstart: 31/01/2026",
        "start",
        r"valid date",
        "a date as YYYY-MM-DD",
        None,
        4,
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "field", "message", "expected", "suggestion", "line"),
    [k[1:] for k in KINDS],
    ids=[k[0] for k in KINDS],
)
def test_error_kind_message(old, new, field, message, expected, suggestion, line):
    assert old in BASE
    p = only_problem(BASE.replace(old, new, 1))
    assert p.field == field
    assert re.search(message, p.message), p.message
    if expected is not None:
        assert expected in (p.expected or ""), p.expected
    assert p.suggestion == suggestion
    assert p.line == line
    rendered = p.render()
    assert rendered.startswith(f"c.yaml:{line}:" if line else "c.yaml")
    if suggestion:
        assert rendered.endswith(f"did you mean {suggestion!r}?")


def test_change_agent_problems_quote_the_model():
    for old, new in [
        ("roles: [change_agent]", "roles: [change_agent, target]"),
        ("roles: [change_agent]}", "roles: [change_agent], member_of: [family]}"),
    ]:
        p = only_problem(BASE.replace(old, new))
        assert "never becomes part of any of these systems" in p.rule
        assert "\n    rule: the change agent never becomes part" in p.render()


def test_every_problem_is_listed_in_line_order():
    text = (
        BASE.replace("type: agreement", "type: agrement")
        .replace("roles: [action]", "roles: [action], power: 8")
        .replace("{actor: police}", "{actor: polise}")
    )
    with pytest.raises(CaseFileError) as err:
        loads_case(text, source="c.yaml")
    # the rules across the case are checked too, on the items that are well-formed
    problems = err.value.problems
    assert [(p.line, p.field) for p in problems] == [
        (7, "actors[2].power"),
        (14, "relationships[0].type"),
        (16, "agreements[0].parties[1].actor"),
    ]
    assert problems[2].suggestion == "police"
    assert str(err.value).splitlines()[0] == "c.yaml: 3 problems found"


def test_a_malformed_actor_does_not_make_references_to_it_dangling():
    text = BASE.replace("roles: [action]", "roles: [action], power: 8").replace(
        "roles: [change_agent]", "roles: [change_agent, client]"
    )
    with pytest.raises(CaseFileError) as err:
        loads_case(text, source="c.yaml")
    fields = [p.field for p in err.value.problems]
    assert fields == ["actors[0].roles", "actors[2].power"]  # 'police' is still an actor


def test_rule_problems_point_into_the_file_when_earlier_items_are_malformed():
    text = BASE.replace(
        "relationships:\n",
        "relationships:\n  - {source: family, target: police, type: conflct}\n"
        "  - {source: police, target: nobody, type: conflict}\n",
    )
    with pytest.raises(CaseFileError) as err:
        loads_case(text, source="c.yaml")
    by_field = {p.field: p for p in err.value.problems}
    assert set(by_field) == {"relationships[0].type", "relationships[1].target"}
    assert by_field["relationships[1].target"].line == 15


def test_json_syntax_error_has_line_and_column():
    p = only_problem('{"ecograph": 1,\n "id": "x",\n}', fmt="json")
    assert p.message.startswith("not valid JSON") and p.line == 3 and p.column is not None


def test_json_errors_have_field_paths_too():
    p = only_problem(
        '{"ecograph": 1, "id": "x", "title": "T", "actors": [{"id": "a", "name": "A", "kind": "famly"}]}',
        fmt="json",
    )
    assert p.field == "actors[0].kind" and p.suggestion == "family"


def test_not_a_mapping():
    p = only_problem("- a\n- b\n")
    assert p.message == "a case file must be a mapping of fields" and "ecograph: 1" in p.expected


def test_file_errors(tmp_path: Path):
    with pytest.raises(InputError, match="file not found") as err:
        load_case(tmp_path / "none.yaml")
    assert err.value.source.endswith("none.yaml")
    with pytest.raises(InputError, match=r"suffix '\.txt'") as err:
        load_case(tmp_path / "case.txt")
    assert err.value.expected == "a file ending in .yaml, .yml or .json"
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_case(bad)
    with pytest.raises(InputError, match="folder"):
        (tmp_path / "dir.yaml").mkdir()
        load_case(tmp_path / "dir.yaml")


def test_errors_never_show_names_or_notes():
    text = (
        BASE.replace("name: Police,", "name: Police, powr: 3, notes: Secret Note,")
        .replace("name: Family", "name: Mrs Secret")
        .replace("roles: [client]", "roles: [clint]")
    )
    with pytest.raises(CaseFileError) as err:
        loads_case(text, source="c.yaml")
    assert "Secret" not in str(err.value)


def test_graph_operations_raise_the_same_problems():
    g = EcoGraph.from_case(loads_case(BASE))
    with pytest.raises(InvariantError) as err:
        g.add_relationship(Relationship(source="worker", target="polce", type="conflict"))
    (p,) = err.value.problems
    assert p.suggestion == "police" and "is not an actor of this case" in p.message
    with pytest.raises(InvariantError) as err:
        g.add_actor(Actor(id="w2", name="W2", roles=["change_agent"], member_of=["family"]))
    assert "which is in the client system" in str(err.value) and err.value.problems[0].rule
    with pytest.raises(NotFoundError, match="no actor 'nobody' in case 'demo'"):
        g.actor("nobody")


def test_cli_prints_every_problem_without_traceback_and_exits_2(tmp_path: Path):
    f = tmp_path / "bad.yaml"
    f.write_text(
        BASE.replace("type: agreement", "type: agrement").replace(
            "roles: [change_agent]", "roles: [change_agnt]"
        )
    )
    r = CliRunner().invoke(app, ["validate", str(f)])
    assert r.exit_code == 2
    assert f"error: {f}: 2 problems found" in r.output
    assert f"{f}:5:" in r.output and f"{f}:14:" in r.output
    assert "did you mean 'agreement'?" in r.output and "did you mean 'change_agent'?" in r.output
    assert "Traceback" not in r.output


def test_documented_example_lines_are_real():
    # The sample output in docs/case-format.md uses messages the code really produces.
    for kind in ("unknown field", "misspelt type", "dangling reference", "membership cycle"):
        (row,) = [k for k in KINDS if k[0] == kind]
        p = only_problem(BASE.replace(row[1], row[2], 1))
        head = p.message.split(" (")[0]
        assert re.split(r"['\":]", head)[0] in DOC


def test_sample_output_in_the_doc_is_what_validate_prints(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    samples = re.findall(r"```\n\$ ecograph validate case.yaml\n(.*?)```", DOC, re.S)
    texts = [
        BASE.replace("type: agreement", "type: agrement").replace(
            "roles: [action]", "roles: [action], power: 8"
        ),
        BASE.replace("roles: [change_agent]", "roles: [change_agent, client]"),
    ]
    assert len(samples) == len(texts)
    for sample, text in zip(samples, texts, strict=True):
        Path("case.yaml").write_text(text)
        r = CliRunner().invoke(app, ["validate", "case.yaml"])
        assert r.exit_code == 2 and r.output == sample
