import datetime as dt

import pytest
from pydantic import ValidationError

from ecograph.model import Actor, Agreement, Goal, Mix, Observation, Relationship


def test_actor_rejects_out_of_range_power_and_unknown_fields():
    with pytest.raises(ValidationError):
        Actor(id="a", name="A", power=1.5)
    with pytest.raises(ValidationError):
        Actor(id="a", name="A", colour="red")  # type: ignore[call-arg]
    assert Actor(id="a", name="A", power=1.0).power == 1.0


def test_goal_stances_in_range_and_one_per_actor():
    with pytest.raises(ValidationError):
        Goal(id="g", description="d", stances=[{"actor": "a", "stance": -1.2}])
    with pytest.raises(ValidationError, match="two stances"):
        Goal(
            id="g",
            description="d",
            stances=[{"actor": "a", "stance": 1}, {"actor": "a", "stance": 0}],
        )


def test_mix_dominant_and_tie_prefers_conflict():
    assert Mix(cooperation=0.7, conflict=0.3).dominant() == "cooperation"
    assert Mix(cooperation=0.5, conflict=0.5).dominant() == "conflict"
    with pytest.raises(ValidationError):
        Mix()


def test_relationship_needs_type_mix_or_history_and_two_ends():
    with pytest.raises(ValidationError, match="give a type"):
        Relationship(source="a", target="b")
    with pytest.raises(ValidationError, match="two different"):
        Relationship(source="a", target="a", type="conflict")
    with pytest.raises(ValidationError, match="contradicts"):
        Relationship(source="a", target="b", type="cooperation", mix={"conflict": 1})


def test_state_derived_from_latest_shared_observation():
    r = Relationship(
        source="worker",
        target="family",
        history=[
            Observation(date=dt.date(2026, 1, 1), type="agreement", strength=0.4),
            Observation(date=dt.date(2026, 2, 1), mix={"cooperation": 0.4, "conflict": 0.6}),
            Observation(date=dt.date(2026, 3, 1), type="cooperation", perceived_by="family"),
        ],
    )
    state = r.state()
    assert state is not None and state.type == "conflict" and state.since == dt.date(2026, 2, 1)
    assert r.state(dt.date(2026, 1, 15)).type == "agreement"
    # each side may see it differently
    assert r.perceived_by("family").type == "cooperation"
    assert r.perceived_by("worker").type == "conflict"


def test_termination_marks_state_ended():
    r = Relationship(
        source="a",
        target="b",
        history=[
            Observation(date=dt.date(2026, 1, 1), type="cooperation"),
            Observation(date=dt.date(2026, 6, 1), type="cooperation", ended=True),
        ],
    )
    assert not r.state(dt.date(2026, 5, 1)).ended
    assert r.state().ended


def test_declared_state_and_history_cannot_both_be_given():
    with pytest.raises(ValidationError, match="derived from the history"):
        Relationship(
            source="a",
            target="b",
            type="conflict",
            history=[Observation(date=dt.date(2026, 1, 1), type="cooperation")],
        )


def test_agreement_binds_two_or_more_distinct_parties():
    with pytest.raises(ValidationError):
        Agreement(id="x", parties=[{"actor": "a"}], basis="law")
    with pytest.raises(ValidationError, match="twice"):
        Agreement(id="x", parties=[{"actor": "a"}, {"actor": "a"}], basis="law")
    ag = Agreement(
        id="x",
        parties=[{"actor": "sw"}, {"actor": "city"}, {"actor": "police"}],
        basis="authority_redistribution",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
    )
    assert ag.in_force(dt.date(2026, 3, 1)) and not ag.in_force(dt.date(2026, 7, 1))
