"""The rows a case becomes before a push: every property written is one the statements know.

New nodes and relationships are created with their properties in the CREATE pattern, from the
fixed list of each kind (``_PROPS``): a property that ``case_rows`` produced but the list lacked
would be silently lost on push. These tests need no server.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ecograph.io.casefile import load_case
from ecograph.model import (
    Actor,
    Agreement,
    Case,
    Goal,
    Mix,
    Observation,
    Party,
    Perception,
    Relationship,
    Stance,
)
from ecograph.store import neo4j as store_module

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def everything_set() -> Case:
    """A case in which every optional field of every part is filled in."""
    day = dt.date(2026, 3, 1)
    return Case(
        id="full",
        title="Every field",
        description="d",
        author="a",
        start=day,
        end=dt.date(2026, 9, 1),
        actors=[
            Actor(
                id="w",
                name="Worker",
                kind="individual",
                roles=["change_agent", "action"],
                power=0.7,
                voluntariness="voluntary",
                member_of=["team"],
                attributes={"phone": "none", "age": 40},
                notes="n",
                joined=dt.date(2026, 2, 1),
            ),
            Actor(id="team", name="Team", kind="organization", roles=["change_agent"]),
            Actor(
                id="m",
                name="Mother",
                roles=["client", "target"],
                voluntariness="mandated",
                expects_moderate_demands=True,
            ),
        ],
        goals=[
            Goal(
                id="g",
                description="Safe home",
                stances=[Stance(actor="w", stance=1.0, weight=0.8)],
            )
        ],
        agreements=[
            Agreement(
                id="plan",
                parties=[Party(actor="w", gives="visits", gets="access"), Party(actor="m")],
                basis="compromise",
                terms="weekly visits",
                start=day,
                end=dt.date(2026, 6, 1),
                status="kept",
                convener="team",
            )
        ],
        relationships=[
            Relationship(
                id="r1",
                source="w",
                target="m",
                type="agreement",
                strength=0.6,
                basis="compromise",
                terms="plan",
                mandated=["m"],
                perceptions=[Perception(by="m", type="conflict", strength=0.5)],
                notes="n",
            ),
            Relationship(
                source="m",
                target="team",
                mix=Mix(cooperation=0.2, agreement=0.3, conflict=0.5),
                strength=0.4,
            ),
            Relationship(
                source="w",
                target="team",
                history=[
                    Observation(
                        date=day,
                        mix=Mix(cooperation=0.5, conflict=0.5),
                        strength=0.5,
                        note="first meeting",
                        recorded_by="w",
                        perceived_by="w",
                        ended=False,
                    ),
                    Observation(date=dt.date(2026, 4, 1), type="conflict", strength=0.8),
                ],
            ),
        ],
    )


@pytest.mark.parametrize("case", [everything_set(), *map(load_case, EXAMPLES)], ids=lambda c: c.id)
def test_every_property_of_the_rows_is_written(case: Case):
    rows = store_module.case_rows(case)
    for kind, writable in store_module._PROPS.items():
        produced = {key for props in getattr(rows, kind).values() for key in props}
        lost = produced - set(writable) - {"_type"}
        assert not lost, f"{kind}: {sorted(lost)} would not be written"


def test_the_full_case_uses_every_writable_property():
    """The full case exercises the lists: a name in _PROPS that no row ever has is a typo."""
    rows = store_module.case_rows(everything_set())
    for kind, writable in store_module._PROPS.items():
        produced = {key for props in getattr(rows, kind).values() for key in props}
        assert set(writable) <= produced, f"{kind}: never produced {set(writable) - produced}"


def test_statements_are_built_once_per_role_combination():
    write = store_module._node_write
    assert write("actors", True, ("client", "target")) is write(
        "actors", True, ("client", "target")
    )
    text = write("actors", True, ("client", "target"))
    assert ":Actor:ClientSystem:TargetSystem {" in text
    assert "`roles`: row.props.`roles`" in text
