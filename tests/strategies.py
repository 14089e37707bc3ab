"""Hypothesis strategies for valid cases (used by the round-trip and redaction property tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ecograph.io.csvfiles import _sniff
from ecograph.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementBasis,
    AgreementStatus,
    Case,
    Goal,
    Mix,
    Observation,
    Party,
    Perception,
    Relationship,
    RelationType,
    Role,
    Stance,
    Voluntariness,
)

IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _.~-]{0,10}[A-Za-z0-9]|[A-Za-z0-9]", fullmatch=True)
# Free text: any printable character and newlines; CSV cannot tell an all-blank cell from an
# empty one, so that is left out. Carriage returns and control characters have their own
# property test (tests/io/test_control_characters.py): XML refuses most of them.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.just("\n"),
    min_size=1,
    max_size=25,
).filter(lambda s: s.strip() != "")
UNIT = st.floats(0, 1, allow_nan=False)
WEIGHT = st.floats(0, 5, allow_nan=False)
DATES = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
ATTR_KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)


def _csv_safe_text(s: str) -> bool:
    return _sniff(s) == s


ATTR_VALUES = (
    st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(-1e9, 1e9, allow_nan=False)
    | TEXT.filter(_csv_safe_text)
)


@st.composite
def mixes(draw: Any) -> Mix:
    w = draw(st.tuples(WEIGHT, WEIGHT, WEIGHT).filter(lambda t: sum(t) > 1e-6))
    return Mix(cooperation=w[0], agreement=w[1], conflict=w[2])


@st.composite
def readings(draw: Any) -> dict[str, Any]:
    mode = draw(st.sampled_from(["type", "mix", "both"]))
    out: dict[str, Any] = {}
    if mode in ("mix", "both"):
        out["mix"] = draw(mixes())
    if mode == "type":
        out["type"] = draw(st.sampled_from(list(RelationType)))
    if mode == "both":
        out["type"] = out["mix"].dominant()
    return out


@st.composite
def cases(draw: Any, *, full: bool = False, goals: bool = False) -> Case:
    """Draw a valid case; ``goals`` adds goals and agreements, ``full`` also what CSV does not
    carry (perceptions, the case's description, author and start)."""
    ids = draw(st.lists(IDS, min_size=2, max_size=7, unique=True))
    actors: list[Actor] = []
    change_agents: set[str] = set()
    for i, aid in enumerate(ids):
        is_ca = draw(st.booleans()) if i < 2 else False
        extra_roles = draw(
            st.lists(st.sampled_from([Role.PROFESSIONAL, Role.PROBLEM_IDENTIFICATION]), unique=True)
        )
        if is_ca:
            roles = [Role.CHANGE_AGENT, *extra_roles]
            change_agents.add(aid)
            member_of: list[str] = []
        else:
            roles = draw(
                st.lists(
                    st.sampled_from([Role.CLIENT, Role.TARGET, Role.ACTION, *extra_roles]),
                    unique=True,
                    max_size=3,
                )
            )
            earlier = [a for a in ids[:i]]
            member_of = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        attrs = draw(st.dictionaries(ATTR_KEYS, ATTR_VALUES, max_size=3))
        actors.append(
            Actor(
                id=aid,
                name=draw(TEXT),
                kind=draw(st.sampled_from(list(ActorKind))),
                roles=roles,
                power=draw(UNIT),
                voluntariness=draw(st.none() | st.sampled_from(list(Voluntariness))),
                member_of=member_of,
                attributes=attrs,
                notes=draw(st.none() | TEXT),
            )
        )
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique_by=lambda p: frozenset(p), max_size=8))
    rels: list[Relationship] = []
    for k, (a, b) in enumerate(chosen):
        if draw(st.booleans()):
            a, b = b, a
        data: dict[str, Any] = {
            "source": a,
            "target": b,
            "id": draw(st.none() | st.just(f"rel-{k}")),
            "basis": draw(st.none() | st.sampled_from(list(AgreementBasis))),
            "terms": draw(st.none() | TEXT),
            "notes": draw(st.none() | TEXT),
            "mandated": draw(st.lists(st.sampled_from([a, b]), unique=True)),
        }
        if draw(st.booleans()):
            n = draw(st.integers(1, 4))
            data["history"] = [
                Observation(
                    date=draw(DATES),
                    strength=draw(UNIT),
                    note=draw(st.none() | TEXT),
                    recorded_by=draw(st.none() | TEXT),
                    perceived_by=draw(st.none() | st.sampled_from([a, b])),
                    ended=draw(st.booleans()),
                    **draw(readings()),
                )
                for _ in range(n)
            ]
        else:
            data.update(draw(readings()))
            data["strength"] = draw(st.none() | UNIT)
        if full and draw(st.booleans()):
            data["perceptions"] = [
                Perception(by=draw(st.sampled_from([a, b])), strength=draw(UNIT), **draw(readings()))
            ]
        rels.append(Relationship(**data))
    goal_list: list[Goal] = []
    agreements: list[Agreement] = []
    meta: dict[str, Any] = {}
    if full or goals:
        for k in range(draw(st.integers(0, 2))):
            who = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
            goal_list.append(
                Goal(
                    id=f"goal-{k}",
                    description=draw(TEXT),
                    stances=[
                        Stance(actor=x, stance=draw(st.floats(-1, 1)), weight=draw(UNIT)) for x in who
                    ],
                )
            )
        for k in range(draw(st.integers(0, 2))):
            who = draw(st.lists(st.sampled_from(ids), unique=True, min_size=2, max_size=3))
            start = draw(st.none() | DATES)
            agreements.append(
                Agreement(
                    id=f"ag-{k}",
                    parties=[Party(actor=x, gives=draw(st.none() | TEXT)) for x in who],
                    basis=draw(st.sampled_from(list(AgreementBasis))),
                    status=draw(st.sampled_from(list(AgreementStatus))),
                    terms=draw(st.none() | TEXT),
                    start=start,
                    end=None if start is None else start + dt.timedelta(days=draw(st.integers(0, 400))),
                    convener=draw(st.none() | st.sampled_from(ids)),
                )
            )
    if full:
        meta = {
            "description": draw(st.none() | TEXT),
            "author": draw(st.none() | TEXT),
            "start": draw(st.none() | st.just(dt.date(2020, 1, 1))),
        }
    return Case(
        id=draw(IDS),
        title=draw(TEXT),
        actors=actors,
        relationships=rels,
        goals=goal_list,
        agreements=agreements,
        **meta,
    )
