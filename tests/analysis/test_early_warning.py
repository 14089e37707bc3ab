import datetime as dt

import pytest

from ecograph import load_graph
from ecograph.analysis.early_warning import WarningKind, WarningParams, early_warnings
from ecograph.graph import EcoGraph
from ecograph.model import Actor, Observation, Relationship

D = dt.date
ADVOCATE_APPOINTED = D(2026, 9, 21)


@pytest.fixture(scope="module")
def cp() -> EcoGraph:
    return load_graph("examples/child-protection.yaml")


def kinds_for(ws, *actors):
    return {w.kind for w in ws if set(w.actors) == set(actors)}


def test_child_protection_warns_months_before_the_advocate(cp):
    as_of = D(2026, 6, 30)
    assert (ADVOCATE_APPOINTED - as_of).days > 80
    ws = early_warnings(cp, as_of=as_of)
    got = kinds_for(ws, "susan", "roberta")
    assert got == {WarningKind.SUSTAINED_HOSTILITY, WarningKind.TOWARD_CONFLICT}
    hostile = next(
        w for w in ws if w.kind is WarningKind.SUSTAINED_HOSTILITY and "susan" in w.actors
    )
    assert hostile.actors == ("susan", "roberta")  # change agent first, then the client
    assert hostile.since == D(2026, 1, 5)
    assert hostile.facts["days"] == 176
    assert "2026-01-05" in hostile.reason and "176 days" in hostile.reason
    assert "neither side can walk away" in hostile.why


def test_earliest_warning_is_in_spring(cp):
    # walk the calendar: the first sustained-hostility warning about susan-roberta
    day = D(2026, 1, 5)
    while day < ADVOCATE_APPOINTED:
        if WarningKind.SUSTAINED_HOSTILITY in kinds_for(
            early_warnings(cp, as_of=day), "susan", "roberta"
        ):
            break
        day += dt.timedelta(days=1)
    assert day == D(2026, 1, 5) + dt.timedelta(days=91)


def test_quiet_cooperative_ties_and_the_setting(cp):
    ws = early_warnings(cp, as_of=D(2026, 6, 30))
    quiet = {w.actors for w in ws if w.kind is WarningKind.QUIET_TIE}
    assert quiet == {("susan", "health-visitor"), ("susan", "nursery")}
    w = next(w for w in ws if w.kind is WarningKind.QUIET_TIE)
    assert w.since == D(2026, 3, 9) and "113 days" in w.reason
    # a longer period silences them
    ws = early_warnings(cp, as_of=D(2026, 6, 30), params=WarningParams(quiet_days=120))
    assert not [w for w in ws if w.kind is WarningKind.QUIET_TIE]


def test_hostile_days_setting(cp):
    ws = early_warnings(cp, as_of=D(2026, 6, 30), params=WarningParams(hostile_days=200))
    assert not [w for w in ws if w.kind is WarningKind.SUSTAINED_HOSTILITY]


def test_family_left_with_no_cooperative_tie_outside(cp):
    ws = early_warnings(cp, as_of=D(2026, 6, 30))
    (w,) = [w for w in ws if w.kind is WarningKind.NO_COOPERATIVE_TIE]
    assert w.actors == ("family",)
    assert w.since == D(2026, 5, 4)  # the nursery tie turned to conflict
    assert "nursery--roberta" in w.reason
    # after the advocate is appointed, the family has a cooperative tie again
    later = early_warnings(cp, as_of=D(2026, 10, 1))
    assert not [w for w in later if w.kind is WarningKind.NO_COOPERATIVE_TIE]
    assert not kinds_for(later, "susan", "roberta") & {WarningKind.TOWARD_CONFLICT}


def small() -> EcoGraph:
    g = EcoGraph("t", "T")
    g.add_actor(Actor(id="w", name="W", roles=["change_agent"]))
    g.add_actor(Actor(id="c", name="C", roles=["client"], voluntariness="voluntary"))
    g.add_actor(Actor(id="x", name="X", roles=["action"]))
    return g


def test_voluntary_client_is_not_sustained_hostility_unless_mandated():
    g = small()
    g.add_relationship(
        Relationship(
            source="w",
            target="c",
            history=[Observation(date=D(2026, 1, 1), type="conflict", strength=0.7)],
        )
    )
    ws = early_warnings(g, as_of=D(2026, 12, 1))
    assert WarningKind.SUSTAINED_HOSTILITY not in {w.kind for w in ws}
    # the client with only a conflict tie is left with no cooperative tie (no earlier one)
    (w,) = [w for w in ws if w.kind is WarningKind.NO_COOPERATIVE_TIE]
    assert w.since is None and "none of them cooperative" in w.reason
    g.update_relationship("w", "c", mandated=["c"])
    ws = early_warnings(g, as_of=D(2026, 12, 1))
    assert WarningKind.SUSTAINED_HOSTILITY in {w.kind for w in ws}


def test_ended_and_declared_ties_never_quiet():
    g = small()
    g.add_relationship(Relationship(source="w", target="x", type="cooperation"))
    g.add_relationship(
        Relationship(
            source="c",
            target="x",
            history=[
                Observation(date=D(2026, 1, 1), type="cooperation"),
                Observation(date=D(2026, 2, 1), type="cooperation", ended=True),
            ],
        )
    )
    ws = early_warnings(g, as_of=D(2026, 12, 1))
    assert WarningKind.QUIET_TIE not in {w.kind for w in ws}


def test_isolated_actor_is_not_warned_about():
    g = small()
    assert early_warnings(g, as_of=D(2026, 1, 1)) == []
