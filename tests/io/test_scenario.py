import json
import textwrap
from pathlib import Path

import pytest

from ecograph import load_graph
from ecograph.errors import CaseFileError, InputError
from ecograph.io.scenario import load_scenario, loads_scenario

CASE = "examples/child-protection.yaml"
ADVOCATE = "examples/scenarios/advocate.yaml"


@pytest.fixture(scope="module")
def graph():
    return load_graph(CASE)


def text(body: str) -> str:
    return textwrap.dedent(body).lstrip()


def problems(body: str, graph=None, fmt="yaml"):
    with pytest.raises(CaseFileError) as e:
        loads_scenario(text(body), source="s.yaml", graph=graph, fmt=fmt)
    return e.value.problems


def test_example_loads_and_matches_its_case(graph):
    s = load_scenario(ADVOCATE, graph)
    assert s.case == graph.case_id
    assert [i.kind for i in s.interventions] == ["add_advocate"]
    assert s.interventions[0].spec.toward == ["susan"]


def test_every_intervention_kind_parses():
    s = loads_scenario(text("""
        ecograph-scenario: 1
        id: all
        title: All of them
        interventions:
          - add_advocate: {client: roberta, toward: [susan]}
          - family_group_conference: {family: family, agencies: [susan], start: 2026-07-01, end: 2026-09-30}
          - redistribute_authority: {giver: police, receiver: cs-team, amount: 0.2}
          - conclude_agreement: {parties: [susan, roberta], basis: law, terms: Plan}
          - change_stance: {actor: roberta, goal: home-visits, stance: 0.2}
          - end_relationship: {between: [susan, nursery], date: 2026-08-01}
        """))
    assert [i.kind for i in s.interventions] == [
        "add_advocate", "family_group_conference", "redistribute_authority",
        "conclude_agreement", "change_stance", "end_relationship"]


def test_misspelt_intervention_is_located_with_suggestion():
    (p,) = problems("""
        ecograph-scenario: 1
        id: x
        title: X
        interventions:
          - add_advocat: {client: roberta, toward: [susan]}
        """)
    assert (p.line, p.column) == (5, 5)
    assert p.suggestion == "add_advocate"


def test_intervention_with_nothing_under_it_is_an_error_not_a_crash(graph):
    # found by the fuzzer: `- add_advocate:` with no fields passed validation, then crashed
    with pytest.raises(CaseFileError) as err:
        loads_scenario(
            textwrap.dedent("""
                ecograph-scenario: 1
                id: x
                title: X
                interventions:
                  - add_advocate:
                """),
            source="s.yaml",
            graph=graph,
        )
    (p,) = err.value.problems
    assert "has nothing under it" in p.message and p.line == 6


def test_two_interventions_in_one_item_and_bad_basis():
    ps = problems("""
        ecograph-scenario: 1
        id: x
        title: X
        interventions:
          - add_advocate: {client: roberta, toward: [susan]}
            change_stance: {actor: roberta, goal: g, stance: 1}
          - conclude_agreement: {parties: [a, b], basis: lw}
        """)
    msgs = [p.render() for p in ps]
    assert any("one intervention per list item" in m and ":5:" in m for m in msgs)
    assert any("did you mean 'law'?" in m and "s.yaml:7:" in m for m in msgs)


def test_references_checked_against_the_case(graph):
    ps = problems("""
        ecograph-scenario: 1
        id: x
        title: X
        case: another-case
        interventions:
          - add_advocate: {client: robreta, toward: [susan, polise]}
          - add_advocate: {client: health-visitor, toward: [police], advocate: susan}
          - family_group_conference: {family: family, members: [roberta, nursery]}
          - change_stance: {actor: roberta, goal: home-visit, stance: 0.5}
          - end_relationship: {between: [baby, court]}
          - conclude_agreement: {parties: [susan, roberta], basis: law, id: core-group}
        """, graph)
    by_field = {p.field: p for p in ps}
    assert "not 'child-protection-roberta'" in by_field["case"].message
    assert by_field["interventions[0].add_advocate.client"].suggestion == "roberta"
    assert by_field["interventions[0].add_advocate.toward[1]"].suggestion == "police"
    assert by_field["interventions[0].add_advocate.toward[1]"].line == 6
    assert "not in the client system" in by_field["interventions[1].add_advocate.client"].message
    assert "change agent" in by_field["interventions[1].add_advocate.advocate"].message
    assert "not a member of 'family'" in by_field["interventions[2].family_group_conference.members[1]"].message
    assert by_field["interventions[3].change_stance.goal"].suggestion == "home-visits"
    assert "no relationship to end" in by_field["interventions[4].end_relationship.between"].message
    assert "already used" in by_field["interventions[5].conclude_agreement.id"].message


@pytest.mark.parametrize(
    "head, says",
    [
        ("", "the format version is missing"),
        ("ecograph-scenario: 2\n", "written by a newer ecograph"),
        ("ecograph-scenario: one\n", "is not a number"),
    ],
)
def test_version(head, says):
    body = head + "id: x\ntitle: X\ninterventions:\n  - change_stance: {actor: a, goal: g, stance: 1}\n"
    with pytest.raises(CaseFileError) as e:
        loads_scenario(body, source="s.yaml")
    assert says in str(e.value)


def test_not_a_mapping_bad_yaml_and_empty_list():
    with pytest.raises(CaseFileError, match="must be a mapping"):
        loads_scenario("- 1\n- 2\n")
    with pytest.raises(CaseFileError, match="not valid YAML"):
        loads_scenario("ecograph-scenario: 1\nid: [x\n")
    ps = problems("""
        ecograph-scenario: 1
        id: x
        title: X
        interventions: []
        """)
    assert ps[0].field == "interventions"


def test_period_ending_before_start():
    (p,) = problems("""
        ecograph-scenario: 1
        id: x
        title: X
        interventions:
          - redistribute_authority: {giver: a, receiver: b, start: 2026-05-01, end: 2026-04-01}
        """)
    assert "ends before it starts" in p.message


def test_json_scenario_and_missing_file(tmp_path: Path, graph):
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"ecograph-scenario": 1, "id": "j", "title": "J", "interventions": [
        {"end_relationship": {"between": ["susan", "nursery"]}}]}))
    assert load_scenario(f, graph).interventions[0].kind == "end_relationship"
    with pytest.raises(InputError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_free_text_is_not_echoed():
    with pytest.raises(CaseFileError) as e:
        loads_scenario(text("""
            ecograph-scenario: 1
            id: x
            title: X
            interventions:
              - add_advocate: {client: roberta, toward: [susan], name: 12345}
            """), source="s.yaml")
    assert "add_advocate.name" in str(e.value)
    assert "12345" not in str(e.value)
