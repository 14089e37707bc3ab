import datetime as dt

import pytest
from pydantic import ValidationError

from ecograph.model import Actor, Agreement, Case, Goal, Mix, Observation, Relationship


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


def test_a_declared_state_beside_a_history_is_the_undated_state_before_it():
    r = Relationship(
        source="a",
        target="b",
        type="conflict",
        history=[Observation(date=dt.date(2026, 1, 1), type="cooperation")],
    )
    assert r.state(dt.date(2025, 12, 31)).type.value == "conflict"
    assert r.state(dt.date(2025, 12, 31)).since is None
    assert r.state().type.value == "cooperation"
    with pytest.raises(ValidationError, match="a strength without a type or mix"):
        Relationship(
            source="a",
            target="b",
            strength=0.4,
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


# ---------------------------------------------------------------- agreements in force
D = dt.date
START, END = D(2026, 1, 15), D(2026, 3, 1)


def _agreement(status: str = "kept", **dates: dt.date | None) -> Agreement:
    return Agreement(
        id="plan",
        parties=[{"actor": "worker"}, {"actor": "landlord"}],
        basis="exchange",
        status=status,
        **({"start": START, "end": END} | dates),
    )


@pytest.mark.parametrize("status", ["concluded", "kept", "ended"])
def test_in_force_on_a_date_from_the_start_day_to_the_end_day(status):
    ag = _agreement(status)
    assert not ag.in_force(START - dt.timedelta(days=1))
    assert ag.in_force(START) and ag.in_force(END)
    assert not ag.in_force(END + dt.timedelta(days=1))


@pytest.mark.parametrize("status", ["concluded", "kept"])
def test_at_the_case_present_a_kept_or_concluded_agreement_binds_only_within_its_term(status):
    ag = _agreement(status)
    assert not ag.in_force(present=START - dt.timedelta(days=1))  # not started yet
    assert ag.in_force(present=START) and ag.in_force(present=END)
    assert not ag.in_force(present=END + dt.timedelta(days=1))
    assert not ag.in_force(present=D(2026, 6, 12))  # the bug: ended in March, read in June
    # a date asked about wins over the present
    assert ag.in_force(D(2026, 2, 1), present=D(2026, 6, 12))


def test_an_ended_agreement_binds_during_its_term_but_not_at_the_present():
    ag = _agreement("ended")
    assert ag.in_force(D(2026, 2, 1))
    assert not ag.in_force(present=D(2026, 2, 1))
    assert not ag.in_force()


@pytest.mark.parametrize("status", ["proposed", "broken"])
def test_proposed_and_broken_agreements_never_bind(status):
    ag = _agreement(status)
    assert not ag.in_force(D(2026, 2, 1))
    assert not ag.in_force(present=D(2026, 2, 1))
    assert not ag.in_force()
    assert not _agreement(status, start=None, end=None).in_force()


def test_an_agreement_without_dates_binds_by_its_status_alone():
    ag = _agreement("concluded", start=None, end=None)
    assert ag.in_force(D(1990, 1, 1)) and ag.in_force(present=D(2100, 1, 1)) and ag.in_force()
    open_ended = _agreement("kept", end=None)
    assert open_ended.in_force(present=D(2100, 1, 1))
    assert not open_ended.in_force(present=START - dt.timedelta(days=1))


def test_without_a_present_date_only_the_status_counts():
    # a case with no dated event gives no present to measure the term against
    assert _agreement("kept").in_force()
    assert not _agreement("ended").in_force()


def test_the_case_present_is_its_latest_recorded_event():
    rel = Relationship(
        source="worker",
        target="landlord",
        history=[
            Observation(date=D(2026, 1, 10), type="agreement"),
            Observation(date=D(2026, 6, 12), type="agreement"),
            Observation(date=D(2026, 4, 1), type="conflict", perceived_by="landlord"),
        ],
    )
    declared = Relationship(source="worker", target="family", type="cooperation")
    base = {"id": "c", "title": "C", "start": D(2026, 1, 1), "end": D(2026, 12, 31)}
    assert Case(**base).present_date() is None  # nothing dated has happened
    assert Case(**base, relationships=[declared]).present_date() is None
    assert Case(**base, relationships=[rel, declared]).present_date() == D(2026, 6, 12)

    def with_agreement(status: str, start: dt.date, end: dt.date) -> dt.date | None:
        ag = _agreement(status, start=start, end=end)
        return Case(**base, relationships=[rel], agreements=[ag]).present_date()

    # an agreement taking effect is an event; a planned end is not, a recorded ending is
    assert with_agreement("concluded", D(2026, 7, 1), D(2028, 6, 30)) == D(2026, 7, 1)
    assert with_agreement("broken", D(2026, 7, 1), D(2028, 6, 30)) == D(2026, 7, 1)
    assert with_agreement("kept", D(2026, 5, 1), D(2028, 6, 30)) == D(2026, 6, 12)
    assert with_agreement("proposed", D(2026, 7, 1), D(2026, 8, 1)) == D(2026, 6, 12)
    assert with_agreement("ended", D(2026, 5, 1), D(2026, 8, 1)) == D(2026, 8, 1)
