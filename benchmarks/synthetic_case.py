"""A generated case of any size with the shape of a real one, for figures and benchmarks.

``synthetic_case(n, seed)`` returns an :class:`~ecograph.graph.EcoGraph` with one change-agent
agency and its workers, client families with members (some also targets), targets, action
agencies with members (one also a target), problem-identification and professional actors,
goals with stances, and about 1.6 relationships per actor, a third of them with a dated history.
The same ``(n, seed)`` always gives the same case.
"""

from __future__ import annotations

import datetime as dt
import random

from ecograph.graph import EcoGraph
from ecograph.model import Actor, Goal, Observation, Relationship, Stance

__all__ = ["synthetic_case"]

_JOBS = [
    "housing officer",
    "youth worker",
    "school nurse",
    "teacher",
    "police officer",
    "health visitor",
    "councillor",
    "mediator",
    "GP",
    "advocate",
    "neighbour",
    "landlord",
    "shop owner",
    "tenant",
    "caretaker",
    "priest",
]
_TYPES = ["cooperation", "agreement", "conflict"]


def synthetic_case(n: int, seed: int = 0) -> EcoGraph:
    """Return a generated case with ``n`` actors (n >= 8)."""
    rng = random.Random(seed)
    case = EcoGraph(
        f"synthetic-{n}",
        f"Generated case with {n} actors",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    ids: list[str] = []

    def add(aid: str, name: str, **kw: object) -> None:
        case.add_actor(Actor(id=aid, name=name, power=round(rng.uniform(0.05, 0.95), 2), **kw))
        ids.append(aid)

    n_ca = max(2, n // 10)
    add("agency", "Social services", kind="organization", roles=["change_agent"])
    for i in range(n_ca - 1):
        add(f"worker-{i}", f"Social worker {i + 1}", roles=["change_agent"], member_of=["agency"])
    left = n - n_ca
    fam = 0
    while left > 0:
        r = rng.random()
        if r < 0.25 and left >= 3:
            fam += 1
            roles = ["client", "target"] if fam % 3 == 0 else ["client"]
            fid = f"family-{fam}"
            add(fid, f"Family {fam}", kind="family", roles=roles)
            size = min(left - 1, rng.randint(2, 4))
            for j in range(size):
                add(f"{fid}-m{j}", f"Member {j + 1} of family {fam}", member_of=[fid])
            left -= size + 1
        elif r < 0.45:
            k = len(ids)
            add(f"target-{k}", f"{rng.choice(_JOBS).capitalize()} {k}", roles=["target"])
            left -= 1
        elif r < 0.55 and left >= 3:
            k = len(ids)
            roles = ["action", "target"] if k % 4 == 0 else ["action"]
            add(f"agency-{k}", f"Agency {k}", kind="organization", roles=roles)
            size = min(left - 1, rng.randint(1, 3))
            for j in range(size):
                add(f"agency-{k}-s{j}", f"Staff {j + 1} of agency {k}", member_of=[f"agency-{k}"])
            left -= size + 1
        elif r < 0.6:
            k = len(ids)
            role = "problem_identification" if k % 2 else "professional"
            add(f"other-{k}", f"{rng.choice(_JOBS).capitalize()} {k}", roles=[role])
            left -= 1
        else:
            k = len(ids)
            add(f"action-{k}", f"{rng.choice(_JOBS).capitalize()} {k}", roles=["action"])
            left -= 1
    stances = [
        Stance(actor=a, stance=round(rng.uniform(-1, 1), 2)) for a in ids if rng.random() < 0.6
    ]
    case.add_goal(Goal(id="goal", description="The generated goal", stances=stances))
    pairs: set[tuple[str, str]] = set()
    target = int(1.6 * n)
    while len(pairs) < target:
        a, b = rng.sample(ids, 2)
        key = (min(a, b), max(a, b))
        if key in pairs:
            continue
        pairs.add(key)
        if rng.random() < 0.33:
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 200))
            hist = []
            for _ in range(rng.randint(1, 4)):
                hist.append(
                    Observation(
                        date=day, type=rng.choice(_TYPES), strength=round(rng.uniform(0.2, 1), 2)
                    )
                )
                day += dt.timedelta(days=rng.randint(10, 60))
            case.add_relationship(Relationship(source=a, target=b, history=hist))
        else:
            case.add_relationship(
                Relationship(
                    source=a,
                    target=b,
                    type=rng.choice(_TYPES),
                    strength=round(rng.uniform(0.2, 1), 2),
                )
            )
    return case
