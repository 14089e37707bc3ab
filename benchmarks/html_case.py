"""A generated case of any size for the HTML map benchmark, built in one pass.

``html_case(n, seed)`` returns an :class:`~ecograph.graph.EcoGraph` shaped like a large
community map: one change-agent agency with its workers, client families with members (some
families also targets), target actors, action agencies with members, a few
problem-identification and professional actors, one goal with stances, and about 1.6
relationships per actor, a third of them with a dated history of two to five observations.

It builds the pydantic :class:`~ecograph.model.Case` and checks it once
(:meth:`EcoGraph.from_case`), so 5,000 actors take about a second; adding actors one by one
re-checks the whole case each time. The same ``(n, seed)`` always gives the same case.
"""

from __future__ import annotations

import datetime as dt
import random

from ecograph.graph import EcoGraph
from ecograph.model import Actor, Case, Goal, Observation, Relationship, Stance

__all__ = ["html_case"]

_TYPES = ["cooperation", "agreement", "conflict"]


def html_case(n: int, seed: int = 0) -> EcoGraph:
    """Return a generated case with ``n`` actors (deterministic for ``(n, seed)``)."""
    rnd = random.Random(seed)
    actors: list[Actor] = [
        Actor(id="agency", name="Social services", kind="organization", roles=["change_agent"])
    ]
    groups: dict[str, list[str]] = {"client": [], "action": []}
    while len(actors) < n:
        i = len(actors)
        r = rnd.random()
        if r < 0.05:
            actors.append(
                Actor(
                    id=f"w{i}",
                    name=f"Worker {i}",
                    roles=["change_agent"],
                    member_of=["agency"],
                    power=0.6,
                )
            )
        elif r < 0.13:
            roles = ["client", "target"] if rnd.random() < 0.3 else ["client"]
            actors.append(
                Actor(
                    id=f"f{i}",
                    name=f"Family {i}",
                    kind="family",
                    roles=roles,
                    voluntariness=rnd.choice(["voluntary", "involuntary", "mandated"]),
                    power=0.2,
                )
            )
            groups["client"].append(f"f{i}")
        elif r < 0.38 and groups["client"]:
            actors.append(
                Actor(
                    id=f"m{i}",
                    name=f"Member {i}",
                    member_of=[rnd.choice(groups["client"])],
                    power=round(rnd.random() * 0.4, 2),
                )
            )
        elif r < 0.55:
            actors.append(
                Actor(
                    id=f"t{i}",
                    name=f"Target {i}",
                    roles=["target"],
                    kind=rnd.choice(["individual", "organization", "group"]),
                    power=round(0.3 + rnd.random() * 0.7, 2),
                )
            )
        elif r < 0.62:
            roles = ["action", "target"] if rnd.random() < 0.1 else ["action"]
            actors.append(
                Actor(
                    id=f"o{i}",
                    name=f"Agency {i}",
                    kind="organization",
                    roles=roles,
                    power=round(0.3 + rnd.random() * 0.6, 2),
                )
            )
            groups["action"].append(f"o{i}")
        elif r < 0.95 and groups["action"]:
            actors.append(
                Actor(
                    id=f"s{i}",
                    name=f"Staff {i}",
                    member_of=[rnd.choice(groups["action"])],
                    power=round(rnd.random() * 0.6, 2),
                )
            )
        else:
            actors.append(
                Actor(
                    id=f"p{i}",
                    name=f"Referrer {i}",
                    roles=[rnd.choice(["problem_identification", "professional"])],
                    power=0.5,
                )
            )
    ids = [a.id for a in actors]
    pairs: set[tuple[str, str]] = set()
    rels: list[Relationship] = []
    start = dt.date(2026, 1, 5)
    while len(rels) < int(1.6 * n):
        a, b = rnd.sample(ids, 2)
        key = (a, b) if a < b else (b, a)
        if key in pairs:
            continue
        pairs.add(key)
        if rnd.random() < 1 / 3:
            day = rnd.randrange(0, 200)
            history = []
            for _ in range(rnd.randint(2, 5)):
                history.append(
                    Observation(
                        date=start + dt.timedelta(days=day),
                        type=rnd.choice(_TYPES),
                        strength=round(0.2 + rnd.random() * 0.8, 2),
                    )
                )
                day += rnd.randrange(7, 60)
            rels.append(Relationship(source=a, target=b, history=history))
        else:
            rels.append(
                Relationship(
                    source=a,
                    target=b,
                    type=rnd.choice(_TYPES),
                    strength=round(0.2 + rnd.random() * 0.8, 2),
                )
            )
    goal = Goal(
        id="g",
        description="The neighbourhood is safe",
        stances=[
            Stance(actor=x, stance=round(rnd.uniform(-1, 1), 2))
            for x in rnd.sample(ids, min(n, 200))
        ],
    )
    case = Case(
        id=f"generated-{n}",
        title=f"A generated case of {n} actors",
        actors=actors,
        relationships=rels,
        goals=[goal],
    )
    return EcoGraph.from_case(case)
