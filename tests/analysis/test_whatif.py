import datetime as dt
import textwrap

import pytest

from ecograph import load_graph
from ecograph.analysis.whatif import apply_scenario, scenario_date, what_if
from ecograph.io.casefile import dumps_case
from ecograph.io.scenario import load_scenario, loads_scenario

D = dt.date
CASE = "examples/child-protection.yaml"


@pytest.fixture
def graph():
    return load_graph(CASE)


def scen(graph, body: str):
    head = "ecograph-scenario: 1\nid: t\ntitle: T\n"
    return loads_scenario(head + textwrap.dedent(body).lstrip(), graph=graph)


def test_advocate_example_lowers_conflict_with_reasons(graph):
    original = dumps_case(graph.to_case())
    w = what_if(graph, load_scenario("examples/scenarios/advocate.yaml", graph))
    assert dumps_case(graph.to_case()) == original  # the case is never touched
    assert w.as_of == D(2026, 6, 30)
    p = w.pair("susan", "roberta")
    assert p.before.likelihood["conflict"] > 0.9
    assert p.change["conflict"] < -0.1 and p.change["agreement"] > 0.1
    added = {r.rule: r for r in p.reasons_added}
    assert added["rebalanced"].features["advocate"] == 1.0
    assert "no_negotiation" in [r.rule for r in p.reasons_removed]
    # overall: the power gap with the worker is now rebalanced by the advocate
    gap = w.after.power_gaps[frozenset(("susan", "roberta"))]
    assert gap.rebalanced_by == ("advocate",)
    assert not w.before.power_gaps[frozenset(("susan", "roberta"))].rebalanced_by
    assert any("rebalanced by nothing -> advocate" in line for line in w.overall)
    # balance: the advocate's triangle with worker and mother is unbalanced (+, +, -)
    assert ("advocate", "roberta", "susan") in w.after.unbalanced
    assert w.after.balance < w.before.balance
    # the hotspot between worker and mother cools; the mother gains support
    key = frozenset(("susan", "roberta"))
    assert w.after.hotspots[key] < w.before.hotspots[key] - 0.1
    assert "roberta" in w.before.isolated_clients and "roberta" not in w.after.isolated_clients
    assert "roberta" in w.before.unsupported_clients
    assert "roberta" not in w.after.unsupported_clients
    # nothing changes for a pair the advocate cannot reach
    with pytest.raises(KeyError):
        w.pair("court", "gp")


def test_new_advocate_actor_is_created_in_the_action_system(graph):
    s = scen(graph, """
        date: 2026-06-30
        interventions:
          - add_advocate: {client: roberta, toward: [susan, cs-team], power: 0.7}
        """)
    after, done = apply_scenario(graph, s)
    a = after.actor("advocate-roberta")
    assert [r.value for r in a.roles] == ["action"] and a.power == 0.7
    assert after.relationship("advocate-roberta", "roberta").state().type.value == "cooperation"
    assert after.relationship("advocate-roberta", "cs-team").state().type.value == "agreement"
    assert "new action-system actor" in done[0].changes[0]
    assert "advocate-roberta" not in graph


def test_family_group_conference_for_a_period(graph):
    s = scen(graph, """
        date: 2026-06-30
        interventions:
          - family_group_conference:
              family: family
              members: [roberta, grandmother]
              agencies: [susan, health-visitor]
              start: 2026-07-01
              end: 2026-09-30
        """)
    during = what_if(graph, s, as_of=D(2026, 8, 1))
    g = during.after_graph
    assert g.relationship("susan", "roberta").state(D(2026, 8, 1)).type.value == "cooperation"
    assert g.relationship("grandmother", "susan").state(D(2026, 8, 1)).type.value == "cooperation"
    # no tie between a group and its own members
    assert g.relationship("family", "roberta") is None
    ag = next(a for a in g.agreements() if a.id.startswith("whatif-fgc"))
    assert ag.basis.value == "culture" and ag.convener == "fgc-family"
    assert during.pair("susan", "roberta").change["conflict"] < -0.3
    # after the period: earlier ties return to their state, new ones end
    after = what_if(graph, s, as_of=D(2026, 10, 15))
    g2 = after.after_graph
    # (its own history has 2026-09-28: agreement 0.5 / conflict 0.5 at strength 0.6)
    st = g2.relationship("susan", "roberta").state(D(2026, 10, 15))
    assert st.since == D(2026, 9, 30) and st.strength == 0.6 and st.mix.agreement == 0.5
    assert g2.relationship("grandmother", "susan").state(D(2026, 10, 15)).ended


def test_redistribute_authority_only_while_in_force(graph):
    body = """
        interventions:
          - redistribute_authority: {giver: police, receiver: cs-team, amount: 0.3, start: 2026-07-01, end: 2026-08-31}
        """
    s = scen(graph, body)
    during, _ = apply_scenario(graph, s, as_of=D(2026, 7, 15))
    # 0.85 + 0.3 would exceed 1: only 0.15 moves
    assert during.actor("police").power == pytest.approx(0.55)
    assert during.actor("cs-team").power == pytest.approx(1.0)
    later, done = apply_scenario(graph, s, as_of=D(2026, 10, 1))
    assert later.actor("police").power == 0.7
    assert "not in force" in done[0].changes[0]
    ag = next(a for a in later.agreements() if a.basis.value == "authority_redistribution"
              and a.id.startswith("whatif"))
    assert ag.end == D(2026, 8, 31)


def test_conclude_agreement_on_law(graph):
    s = scen(graph, """
        date: 2026-06-30
        interventions:
          - conclude_agreement: {parties: [susan, roberta], basis: law, terms: Written plan}
        """)
    w = what_if(graph, s)
    p = w.pair("susan", "roberta")
    assert p.after.current == "agreement" and p.before.current == "conflict"
    assert p.change["conflict"] < 0


def test_change_stance_moves_goal_alignment(graph):
    s = scen(graph, """
        date: 2026-06-30
        interventions:
          - change_stance: {actor: roberta, goal: home-visits, stance: 0.8}
        """)
    w = what_if(graph, s)
    assert w.after_graph.goal("home-visits").stance_of("roberta").stance == 0.8
    assert w.after_graph.goal("home-visits").stance_of("roberta").weight == 1.0
    p = w.pair("susan", "roberta")
    assert p.change["conflict"] < 0
    assert "goal_alignment" in {b.rule for _, b in p.reasons_changed} | {
        r.rule for r in p.reasons_added}


def test_end_relationship(graph):
    s = scen(graph, """
        date: 2026-06-30
        interventions:
          - end_relationship: {between: [susan, nursery]}
        """)
    w = what_if(graph, s)
    assert w.after_graph.relationship("susan", "nursery").state(D(2026, 6, 30)).ended
    p = w.pair("susan", "nursery")
    assert p.before.current == "cooperation" and p.after.current is None


def test_comparing_before_the_intervention_changes_nothing(graph):
    s = load_scenario("examples/scenarios/advocate.yaml", graph)
    w = what_if(graph, s, as_of=D(2026, 5, 1))
    assert w.pairs == []
    assert [line for line in w.overall if not line.startswith("balance")] == []


def test_scenario_date_defaults(graph):
    s = scen(graph, "interventions:\n  - end_relationship: {between: [susan, nursery]}\n")
    assert scenario_date(graph, s) == D(2026, 10, 27)  # the latest date in the case
    assert scenario_date(graph, s, D(2026, 3, 1)) == D(2026, 3, 1)


def test_json_has_case_id_first(graph):
    w = what_if(graph, load_scenario("examples/scenarios/advocate.yaml", graph))
    data = w.to_json()
    assert list(data)[0] == "case" and data["case"] == "child-protection-roberta"
    assert data["interventions"][0]["intervention"] == "add_advocate"
    assert data["before"]["power_gaps"] and data["pairs"][0]["change"]


def test_every_example_scenario_loads_against_its_case_and_changes_something():
    from pathlib import Path

    cases = {load_graph(str(p)).case_id: p for p in Path("examples").glob("*.yaml")}
    scenarios = sorted(Path("examples/scenarios").glob("*.yaml"))
    assert len(scenarios) >= 2
    for f in scenarios:
        import yaml

        case_id = yaml.safe_load(f.read_text())["case"]
        g = load_graph(str(cases[case_id]))
        w = what_if(g, load_scenario(f, g))
        assert w.pairs, f


def test_family_group_conference_example(graph):
    w = what_if(graph, load_scenario("examples/scenarios/family-group-conference.yaml", graph))
    assert w.as_of == D(2026, 8, 15)
    assert "roberta" not in w.after.isolated_clients
    assert w.pair("susan", "roberta").after.likelihood["conflict"] < 0.6
    assert any("no longer on a hostile tie: the tie is now cooperation" in x for x in w.overall)


def test_undated_scenario_takes_effect_at_the_case_present_not_a_planned_end(graph):
    """A teacher's scenario with no date acts at the case's present (its latest recorded
    event), not on the planned end of an agreement years ahead, nor on the day it is run."""
    from ecograph.model import Agreement, Party

    present = graph.present_date()
    assert present is not None
    graph.add_agreement(
        Agreement(
            id="long-settlement",
            parties=[Party(actor="susan"), Party(actor="roberta")],
            basis="law",
            start=present,
            end=D(2031, 1, 1),
        )
    )
    undated = scen(graph, "interventions:\n  - end_relationship: {between: [susan, nursery]}\n")
    assert graph.present_date() == present  # a planned end is not an event
    assert scenario_date(graph, undated) == present
    assert what_if(graph, undated).as_of == present
