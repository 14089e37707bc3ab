import datetime as dt

import pytest

from ecograph import EcoGraph, InvariantError
from ecograph.errors import NotFoundError
from ecograph.model import Actor, Agreement, Goal, Observation, Relationship


def small() -> EcoGraph:
    g = EcoGraph("c", "Case")
    g.add_actor(Actor(id="worker", name="Worker", roles=["change_agent"]))
    g.add_actor(Actor(id="agency", name="Agency", kind="organization", roles=["change_agent"]))
    g.add_actor(Actor(id="family", name="Family", kind="family", roles=["client"]))
    g.add_actor(Actor(id="mother", name="Mother", member_of=["family"]))
    g.add_actor(Actor(id="school", name="School", kind="organization", roles=["target"]))
    return g


def test_change_agent_cannot_hold_client_role_and_error_quotes_the_model():
    g = small()
    with pytest.raises(InvariantError) as err:
        g.add_actor(Actor(id="w2", name="W2", roles=["change_agent", "client"]))
    assert "never becomes part of any of these systems" in str(err.value)
    assert "w2" not in g


def test_change_agent_cannot_be_member_of_client_system():
    g = small()
    with pytest.raises(InvariantError, match="member of 'family', which is in the client system"):
        g.add_actor(Actor(id="w3", name="W3", roles=["change_agent"], member_of=["family"]))
    # a worker inside the change-agent agency is fine
    g.add_actor(Actor(id="w4", name="W4", roles=["change_agent"], member_of=["agency"]))
    # and updating an existing worker into the target system is refused
    with pytest.raises(InvariantError, match="change agent"):
        g.update_actor("worker", roles=["change_agent", "target"])


def test_membership_cycles_refused():
    g = small()
    g.add_actor(Actor(id="a", name="A", kind="group"))
    g.add_actor(Actor(id="b", name="B", kind="group", member_of=["a"]))
    with pytest.raises(InvariantError, match="cycle"):
        g.update_actor("a", member_of=["b"])


def test_members_inherit_system_of_their_group():
    g = small()
    assert [a.id for a in g.actors("client", effective=True)] == ["family", "mother"]
    assert [a.id for a in g.actors("client")] == ["family"]
    assert [a.id for a in g.members("family")] == ["mother"]


def test_unique_ids_and_dangling_references():
    g = small()
    with pytest.raises(InvariantError, match="already used"):
        g.add_actor(Actor(id="worker", name="Again"))
    with pytest.raises(InvariantError, match="did you mean 'school'"):
        g.add_relationship(Relationship(source="worker", target="schol", type="conflict"))
    with pytest.raises(InvariantError):
        g.add_goal(Goal(id="g", description="d", stances=[{"actor": "nobody", "stance": 1}]))
    with pytest.raises(InvariantError):
        g.add_agreement(
            Agreement(id="a", parties=[{"actor": "worker"}, {"actor": "x"}], basis="law")
        )


def test_one_relationship_per_pair():
    g = small()
    g.add_relationship(Relationship(source="worker", target="family", type="agreement"))
    with pytest.raises(InvariantError, match="already have a relationship"):
        g.add_relationship(Relationship(source="family", target="worker", type="conflict"))


def test_record_appends_history_and_keeps_declared_state():
    g = small()
    g.add_relationship(
        Relationship(source="worker", target="school", type="cooperation", strength=0.7)
    )
    g.record(
        "school", "worker", Observation(date=dt.date(2026, 3, 2), type="conflict", strength=0.6)
    )
    rel = g.relationship("worker", "school")
    # nothing is invented: the declared state stays as written, undated, before the first
    # observation; only what was recorded is in the history
    assert rel is not None and len(rel.history) == 1
    assert rel.type == "cooperation" and rel.history[0].date == dt.date(2026, 3, 2)
    assert rel.state().type == "conflict"
    assert rel.state(dt.date(2026, 3, 1)).type == "cooperation"


def test_remove_actor_cascades_relationships_and_stances_but_not_members():
    g = small()
    g.add_relationship(Relationship(source="worker", target="school", type="conflict"))
    g.add_goal(Goal(id="g", description="d", stances=[{"actor": "school", "stance": -1}]))
    g.remove_actor("school")
    assert g.relationships() == [] and g.goal("g").stances == []
    with pytest.raises(InvariantError, match="still has members"):
        g.remove_actor("family")
    with pytest.raises(NotFoundError):
        g.actor("school")


def test_case_round_trip_is_lossless():
    g = small()
    g.add_relationship(
        Relationship(source="worker", target="family", type="agreement", basis="law")
    )
    g.add_goal(
        Goal(id="g", description="d", stances=[{"actor": "family", "stance": 0.5, "weight": 0.3}])
    )
    case = g.to_case()
    assert EcoGraph.from_case(case).to_case() == case


def test_group_cannot_join_client_system_while_a_change_agent_is_its_member():
    g = small()
    g.add_actor(Actor(id="w5", name="W5", roles=["change_agent"], member_of=["agency"]))
    g.update_actor("agency", roles=[])  # leaving the change-agent system is fine
    with pytest.raises(InvariantError, match="change agent 'w5' is a member of 'agency'"):
        g.update_actor("agency", roles=["client"])
    assert g.actor("agency").roles == []


def test_adding_thousands_of_actors_checks_only_what_each_brings():
    g = small()
    for i in range(2000):
        g.add_actor(Actor(id=f"m{i}", name="M", member_of=["family"] if i % 2 else []))
    assert len(g.members("family")) == 1001
    with pytest.raises(InvariantError, match="cycle"):
        g.update_actor("family", member_of=["m1"])
