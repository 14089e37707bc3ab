"""What a worker reads in each early warning: whole texts, dates and the day a warning starts.

Small cases worked out by hand: a change agent ``w``, an involuntary client ``c`` and an action
system member ``x``. The conflict between ``w`` and ``c`` began on 1 January 2026; the
cooperative tie ``w``--``x`` was last in contact on 1 April 2026.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ecograph.analysis.early_warning import (
    EarlyWarning,
    WarningKind,
    WarningParams,
    early_warnings,
    relationship_warnings,
)
from ecograph.analysis.params import Params, Thresholds
from ecograph.graph import EcoGraph
from ecograph.model import Actor, Agreement, Observation, Relationship
from ecograph.model.sign import SignWeights

D = dt.date
SUSTAINED = (
    "with involuntary or mandated clients hostility can be sustained for months because "
    "neither side can walk away; "
)


def case(
    *,
    voluntariness: str = "involuntary",
    client_first: bool = False,
    mandated: bool = False,
    in_family: bool = False,
    agent_role: str = "change_agent",
) -> EcoGraph:
    g = EcoGraph("t", "T")
    g.add_actor(Actor(id="w", name="W", roles=[agent_role]))
    if in_family:  # the family is the involuntary client; c is one of its members
        g.add_actor(Actor(id="fam", name="F", roles=["client"], voluntariness=voluntariness))
        g.add_actor(Actor(id="c", name="C", roles=["client"], member_of=["fam"]))
    else:
        g.add_actor(Actor(id="c", name="C", roles=["client"], voluntariness=voluntariness))
    g.add_actor(Actor(id="x", name="X", roles=["action"]))
    source, target = ("c", "w") if client_first else ("w", "c")
    g.add_relationship(
        Relationship(
            source=source,
            target=target,
            mandated=["c"] if mandated else [],
            history=[
                Observation(date=D(2026, 1, 1), type="conflict", strength=0.5),
                Observation(date=D(2026, 2, 1), type="conflict", strength=0.75),
            ],
        )
    )
    g.add_relationship(
        Relationship(
            source="w",
            target="x",
            history=[
                Observation(date=D(2025, 12, 1), type="cooperation", strength=0.8),
                Observation(date=D(2026, 3, 1), type="cooperation", strength=0.4),
                Observation(date=D(2026, 4, 1), type="cooperation", strength=0.1),
            ],
        )
    )
    return g


def retell(g: EcoGraph, a: str, b: str, *points: tuple[dt.date, str, float]) -> None:
    """Replace the dated history of the tie a--b: (date, type, strength) each."""
    g.update_relationship(
        a, b, history=[Observation(date=d, type=t, strength=s) for d, t, s in points]
    )


def test_every_warning_of_the_small_case_whole_and_in_order() -> None:
    got = [w.to_json() for w in early_warnings(case(), as_of=D(2026, 6, 1))]
    assert got == [
        {
            "kind": "sustained hostility",
            "actors": ["w", "c"],
            "since": "2026-01-01",
            "reason": "involuntary client in conflict with change agent since 2026-01-01: "
            "151 days over 2 dated observations, more than 90; latest strength 0.75",
            "why": SUSTAINED + "an advocate, a family group conference or the law can "
            "rebalance power",
            "facts": {
                "days": 151,
                "hostile_days": 90,
                "how": "involuntary",
                "advocates": [],
                "conferences": [],
            },
        },
        {
            "kind": "no cooperative tie",
            "actors": ["c"],
            "since": None,
            "reason": "client in 1 relationship (conflict) on 2026-06-01, none of them cooperative",
            "why": "cooperation becomes possible when the party believes it is not dangerous for "
            "its interests; a client with no cooperative tie has no one to reach the others "
            "through",
            "facts": {"relationships": 1, "types": ["conflict"]},
        },
        {  # the earlier falling trend first
            "kind": "toward conflict",
            "actors": ["w", "x"],
            "since": "2025-12-01",
            "reason": "moving toward conflict: signed weight +0.80 on 2025-12-01 -> +0.10 on "
            "2026-04-01, slope -0.165 per 30 days over the latest 3 shared observations",
            "why": "conflict arises when the parties cannot reach agreement or compromise; a "
            "falling trend is the time to seek agreement",
            "facts": {"slope_per_30_days": -0.1645, "from": 0.8, "to": 0.1, "threshold": 0.05},
        },
        {
            "kind": "toward conflict",
            "actors": ["w", "c"],
            "since": "2026-01-01",
            "reason": "moving toward conflict: signed weight -0.50 on 2026-01-01 -> -0.75 on "
            "2026-02-01, slope -0.242 per 30 days over the latest 2 shared observations",
            "why": "conflict arises when the parties cannot reach agreement or compromise; a "
            "falling trend is the time to seek agreement",
            "facts": {"slope_per_30_days": -0.2419, "from": -0.5, "to": -0.75, "threshold": 0.05},
        },
        {
            "kind": "quiet cooperative tie",
            "actors": ["w", "x"],
            "since": "2026-04-01",
            "reason": "cooperative tie (strength 0.10) with no recorded contact since "
            "2026-04-01: 61 days, more than 60",
            "why": "regular contact is one of the practices that sustain cooperation; a call to "
            "tend the tie, not a forecast of conflict (on real dated networks quiet ties were "
            "no likelier to turn negative)",
            "facts": {"days_quiet": 61, "quiet_days": 60},
        },
    ]


def of_kind(kind: WarningKind, g: EcoGraph, day: dt.date, **params: Any) -> list[EarlyWarning]:
    return [
        w for w in early_warnings(g, as_of=day, params=WarningParams(**params)) if w.kind is kind
    ]


def hostility(g: EcoGraph, day: dt.date, **params: Any) -> list[EarlyWarning]:
    return of_kind(WarningKind.SUSTAINED_HOSTILITY, g, day, **params)


def test_sustained_hostility_starts_the_day_after_the_period() -> None:
    # conflict since 1 January: 90 days on 1 April is not "more than 90", 91 days on 2 April is
    assert hostility(case(), D(2026, 4, 1)) == []
    (w,) = hostility(case(), D(2026, 4, 2))
    assert w.facts["days"] == 91 and ": 91 days over 2 dated observations" in w.reason
    assert hostility(case(), D(2026, 4, 2), hostile_days=91) == []
    assert len(hostility(case(), D(2026, 4, 2), hostile_days=90)) == 1


def test_one_observation_is_said_in_the_singular() -> None:
    g = case()
    retell(g, "w", "c", (D(2026, 1, 1), "conflict", 0.5))
    (w,) = hostility(g, D(2026, 6, 1))
    assert w.reason == (
        "involuntary client in conflict with change agent since 2026-01-01: 151 days over 1 "
        "dated observation, more than 90; latest strength 0.50"
    )


@pytest.mark.parametrize(
    ("kwargs", "how"),
    [
        ({"client_first": True}, "involuntary"),  # the client written first: same warning
        ({"voluntariness": "voluntary", "mandated": True}, "mandated"),
        ({"voluntariness": "mandated"}, "involuntary"),
        ({"in_family": True}, "involuntary"),  # the family is the involuntary client
    ],
)
def test_who_counts_as_a_client_who_cannot_walk_away(kwargs: dict[str, Any], how: str) -> None:
    (w,) = hostility(case(**kwargs), D(2026, 6, 1))
    assert w.actors == ("w", "c")  # change agent first, then the client
    assert w.since == D(2026, 1, 1)
    assert w.reason.startswith(f"{how} client in conflict with change agent since 2026-01-01")
    assert w.facts["how"] == how


@pytest.mark.parametrize(
    "kwargs",
    [{"voluntariness": "voluntary"}, {"agent_role": "action"}],
)
def test_no_sustained_hostility_without_a_forced_client_and_a_change_agent(
    kwargs: dict[str, Any],
) -> None:
    assert hostility(case(**kwargs), D(2026, 6, 1)) == []


def test_no_sustained_hostility_once_the_conflict_is_over() -> None:
    g = case()
    retell(
        g,
        "w",
        "c",
        (D(2026, 1, 1), "conflict", 0.5),
        (D(2026, 5, 1), "cooperation", 0.5),
    )
    assert hostility(g, D(2026, 6, 1)) == []
    assert len(hostility(g, D(2026, 4, 30))) == 1


def quiet(g: EcoGraph, day: dt.date, **params: Any) -> list[EarlyWarning]:
    return of_kind(WarningKind.QUIET_TIE, g, day, **params)


def test_a_tie_is_quiet_from_the_day_after_the_period() -> None:
    # last contact 1 April: 60 days on 31 May is not "more than 60", 61 days on 1 June is
    assert quiet(case(), D(2026, 5, 31)) == []
    (w,) = quiet(case(), D(2026, 6, 1))
    assert (w.actors, w.since, w.facts) == (
        ("w", "x"),
        D(2026, 4, 1),
        {"days_quiet": 61, "quiet_days": 60},
    )
    assert quiet(case(), D(2026, 6, 1), quiet_days=61) == []
    # on 31 March the contact of 1 April is not yet known: the last one was on 1 March
    (w,) = quiet(case(), D(2026, 3, 31), quiet_days=29)
    assert w.since == D(2026, 3, 1) and "30 days, more than 29" in w.reason


def trend_rel(*strengths: float) -> Relationship:
    return Relationship(
        source="w",
        target="x",
        history=[
            Observation(
                date=D(2026, 1, 1) + dt.timedelta(days=30 * i), type="cooperation", strength=s
            )
            for i, s in enumerate(strengths)
        ],
    )


def trend_params(threshold: float) -> WarningParams:
    return WarningParams(analysis=Params(thresholds=Thresholds(trend=threshold)))


def test_toward_conflict_at_the_threshold_and_not_for_a_flat_tie() -> None:
    day = D(2026, 3, 1)
    falling = trend_rel(0.75, 0.5)  # slope exactly -0.25 per 30 days
    (w,) = relationship_warnings(falling, day, trend_params(0.25))
    assert w.kind is WarningKind.TOWARD_CONFLICT
    assert w.facts == {"slope_per_30_days": -0.25, "from": 0.75, "to": 0.5, "threshold": 0.25}
    assert relationship_warnings(falling, day, trend_params(0.26)) == []
    # a flat or rising tie never moves toward conflict, even with the threshold at 0
    assert relationship_warnings(trend_rel(0.5, 0.5), day, trend_params(0.0)) == []
    assert relationship_warnings(trend_rel(0.5, 0.75), day, trend_params(0.0)) == []


def test_no_warning_from_a_tie_ended_or_without_history() -> None:
    day = D(2026, 12, 1)
    ended = trend_rel(0.75, 0.5)
    ended.history.append(
        Observation(date=D(2026, 3, 1), type="cooperation", strength=0.5, ended=True)
    )
    assert relationship_warnings(ended, day) == []
    declared = Relationship(source="w", target="x", type="cooperation")
    assert relationship_warnings(declared, day) == []
    assert relationship_warnings(trend_rel(0.75, 0.5), D(2025, 12, 31)) == []  # not yet begun


def test_the_family_left_without_a_cooperative_tie_says_when_it_lost_the_last() -> None:
    g = case(in_family=True)
    g.add_actor(Actor(id="s", name="S", roles=["action"]))
    g.add_relationship(
        Relationship(
            source="s",
            target="c",
            history=[
                Observation(date=D(2026, 1, 1), type="cooperation", strength=0.5),
                Observation(date=D(2026, 3, 15), type="conflict", strength=0.5),
            ],
        )
    )
    ws = left_alone(g, D(2026, 6, 1))
    assert [(w.actors, w.since, w.reason, w.facts) for w in ws] == [
        (
            ("c",),
            D(2026, 3, 15),
            "client in 2 relationships (conflict) on 2026-06-01, none of them cooperative; "
            "the last cooperative tie (s--c) turned on 2026-03-15",
            {"relationships": 2, "types": ["conflict"]},
        ),
        (
            ("fam",),
            D(2026, 3, 15),
            "client or its members in 2 relationships (conflict) on 2026-06-01, none of them "
            "cooperative; the last cooperative tie (s--c) turned on 2026-03-15",
            {"relationships": 2, "types": ["conflict"]},
        ),
    ]
    # before it turned, the family had a cooperative tie
    assert left_alone(g, D(2026, 3, 14)) == []


def test_an_actor_who_has_not_joined_yet_gets_no_warning() -> None:
    g = case()
    g.update_actor("x", joined=D(2026, 7, 1))
    kinds = {w.actors for w in early_warnings(g, as_of=D(2026, 6, 1))}
    assert ("w", "x") not in kinds and ("w", "c") in kinds


@pytest.mark.parametrize(
    ("facts", "remedies"),
    [
        ({}, "an advocate, a family group conference or the law can rebalance power"),
        (
            {"advocates": [], "conferences": []},
            "an advocate, a family group conference or the law can rebalance power",
        ),
        (
            {"advocates": ["adv"], "conferences": []},
            "a family group conference or the law can rebalance power "
            "(the client already has an advocate)",
        ),
        (
            {"advocates": [], "conferences": ["fgc"]},
            "an advocate or the law can rebalance power "
            "(the client already has a family group conference)",
        ),
        (
            {"advocates": ["adv"], "conferences": ["fgc"]},
            "the law can rebalance power "
            "(the client already has an advocate and a family group conference)",
        ),
    ],
)
def test_why_leaves_out_the_remedies_the_client_already_has(
    facts: dict[str, Any], remedies: str
) -> None:
    w = EarlyWarning(WarningKind.SUSTAINED_HOSTILITY, ("w", "c"), None, "r", facts)
    assert w.why == SUSTAINED + remedies
    assert w.to_json() == {
        "kind": "sustained hostility",
        "actors": ["w", "c"],
        "since": None,
        "reason": "r",
        "why": SUSTAINED + remedies,
        "facts": facts,
    }


def test_a_tie_that_ends_later_still_warns_before_it_ends() -> None:
    ending = trend_rel(0.75, 0.5)
    ending.history.append(
        Observation(date=D(2026, 3, 1), type="cooperation", strength=0.5, ended=True)
    )
    (w,) = relationship_warnings(ending, D(2026, 2, 15), trend_params(0.25))
    assert (w.kind, w.since) == (WarningKind.TOWARD_CONFLICT, D(2026, 1, 1))


def test_a_tie_not_yet_begun_does_not_hide_the_others() -> None:
    g = EcoGraph("t", "T")
    g.add_actor(Actor(id="w", name="W", roles=["change_agent"]))
    g.add_actor(Actor(id="c", name="C", roles=["client"], voluntariness="involuntary"))
    g.add_actor(Actor(id="z", name="Z", roles=["action"]))
    g.add_relationship(  # listed first, begins only in September
        Relationship(
            source="w",
            target="z",
            history=[Observation(date=D(2026, 9, 1), type="cooperation", strength=0.5)],
        )
    )
    g.add_relationship(
        Relationship(
            source="w",
            target="c",
            history=[Observation(date=D(2026, 1, 1), type="conflict", strength=0.5)],
        )
    )
    assert [w.actors for w in hostility(g, D(2026, 6, 1))] == [("w", "c")]


def left_alone(g: EcoGraph, day: dt.date) -> list[EarlyWarning]:
    return of_kind(WarningKind.NO_COOPERATIVE_TIE, g, day)


def clients() -> EcoGraph:
    g = EcoGraph("t", "T")
    g.add_actor(Actor(id="a", name="A", roles=["client"]))  # no relationship at all
    g.add_actor(Actor(id="b", name="B", roles=["client"]))  # a cooperative tie
    g.add_actor(Actor(id="c", name="C", roles=["client"]))  # only conflict
    for actor in ("s", "t", "x"):
        g.add_actor(Actor(id=actor, name=actor.upper(), roles=["action"]))
    g.add_relationship(Relationship(source="b", target="x", type="cooperation"))
    for other in ("s", "t"):
        g.add_relationship(
            Relationship(
                source=other,
                target="c",
                history=[
                    Observation(date=D(2026, 1, 1), type="cooperation", strength=0.5),
                    Observation(date=D(2026, 3, 15), type="conflict", strength=0.5),
                ],
            )
        )
    return g


def test_clients_listed_before_do_not_hide_the_one_left_alone() -> None:
    (w,) = left_alone(clients(), D(2026, 6, 1))
    # two ties turned on the same day: the first in order is named
    assert (w.actors, w.since, w.reason) == (
        ("c",),
        D(2026, 3, 15),
        "client in 2 relationships (conflict) on 2026-06-01, none of them cooperative; "
        "the last cooperative tie (s--c) turned on 2026-03-15",
    )


def test_when_cooperation_was_lost_is_judged_on_the_day() -> None:
    g = clients()
    # the t--c tie will be cooperative again in July and turn in August: not known in June
    retell(
        g,
        "t",
        "c",
        (D(2026, 1, 1), "cooperation", 0.5),
        (D(2026, 2, 1), "conflict", 0.5),
        (D(2026, 7, 1), "cooperation", 0.5),
        (D(2026, 8, 1), "conflict", 0.5),
    )
    (w,) = left_alone(g, D(2026, 6, 1))
    assert w.since == D(2026, 3, 15)
    assert w.reason.endswith("the last cooperative tie (s--c) turned on 2026-03-15")


def test_remedies_are_those_the_client_has_on_the_day() -> None:
    g = case()
    g.add_actor(Actor(id="adv", name="Adv", roles=["action"]))
    g.add_relationship(  # the advocate is appointed only in September
        Relationship(
            source="adv",
            target="c",
            history=[Observation(date=D(2026, 9, 1), type="cooperation", strength=0.6)],
        )
    )
    g.add_agreement(
        Agreement(
            id="fgc",
            parties=[{"actor": "w"}, {"actor": "c"}],
            basis="compromise",
            start=D(2026, 1, 10),
            convener="x",
        )
    )
    (june,) = hostility(g, D(2026, 6, 1))
    assert (june.facts["advocates"], june.facts["conferences"]) == ([], ["fgc"])
    assert june.why == SUSTAINED + (
        "an advocate or the law can rebalance power "
        "(the client already has a family group conference)"
    )
    (october,) = hostility(g, D(2026, 10, 1))
    assert (october.facts["advocates"], october.facts["conferences"]) == (["adv"], ["fgc"])


def test_the_trend_uses_the_settable_sign_weights_and_window() -> None:
    day = D(2026, 4, 1)
    rel = trend_rel(0.9, 0.33333, 0.6, 0.3)  # 1 Jan, 31 Jan, 2 Mar, 1 Apr
    weights = Params(signs=SignWeights(cooperation=0.5), thresholds=Thresholds(trend_window=2))
    (w,) = relationship_warnings(rel, day, WarningParams(analysis=weights))
    # only the latest two observations, each cooperation counted at 0.5
    assert w.facts == {"slope_per_30_days": -0.15, "from": 0.3, "to": 0.15, "threshold": 0.05}
    assert w.since == D(2026, 3, 2)
    (w,) = relationship_warnings(rel, day)  # default weights, the latest four
    assert w.facts["from"] == 0.9 and w.since == D(2026, 1, 1)
    (w,) = relationship_warnings(rel, D(2026, 1, 31))
    assert w.facts["to"] == 0.3333  # rounded to 4 places


def test_contact_on_the_day_itself_is_not_quiet() -> None:
    g = case()
    retell(
        g,
        "w",
        "x",
        (D(2025, 12, 1), "cooperation", 0.8),
        (D(2026, 6, 1), "cooperation", 0.8),
    )
    assert quiet(g, D(2026, 6, 1)) == []


def test_the_kinds_of_tie_a_client_is_left_with_are_listed() -> None:
    g = case(voluntariness="voluntary")
    g.add_relationship(Relationship(source="x", target="c", type="agreement"))
    (w,) = left_alone(g, D(2026, 6, 1))
    assert w.reason == (
        "client in 2 relationships (agreement, conflict) on 2026-06-01, none of them cooperative"
    )


def test_a_declared_tie_whose_dated_history_begins_later_gives_no_warning() -> None:
    later = Relationship(
        source="w",
        target="x",
        type="cooperation",
        history=[Observation(date=D(2026, 9, 1), type="cooperation", strength=0.5)],
    )
    assert relationship_warnings(later, D(2026, 6, 1)) == []


def test_the_trend_figures_are_rounded_to_four_places() -> None:
    (w,) = relationship_warnings(trend_rel(0.33333, 0.1), D(2026, 1, 31))
    assert (w.facts["from"], w.facts["to"]) == (0.3333, 0.1)
