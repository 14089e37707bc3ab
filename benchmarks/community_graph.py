"""A generated community graph of any number of relationships, built fast (no per-add checks).

``community_case(n_rels, seed)`` returns a valid :class:`~ecograph.model.Case`: one agency of the
change agent system with a few workers, client families with members, targets, action agencies,
unaffiliated residents; goals with stances; about one relationship in three with a dated history
of one to three observations. The same arguments always give the same case. Used by
``neo4j_load.py`` (``synthetic_case.py`` checks every addition and is too slow at 100,000).
"""

from __future__ import annotations

import datetime as dt
import random

from ecograph.model import Actor, Case, Goal, Observation, Relationship, Stance

__all__ = ["community_case"]

_TYPES = ["cooperation", "agreement", "conflict"]


def community_case(n_rels: int, seed: int = 0) -> Case:
    """Return a case with exactly ``n_rels`` relationships (about 1.6 per actor)."""
    rng = random.Random(seed)
    n = max(20, int(n_rels / 1.6))
    actors = [
        Actor(
            id="agency",
            name="Social services",
            kind="organization",
            roles=["change_agent"],
            power=0.8,
        )
    ]
    actors += [
        Actor(
            id=f"worker-{i}",
            name=f"Worker {i}",
            roles=["change_agent"],
            member_of=["agency"],
            power=0.6,
        )
        for i in range(5)
    ]
    families: list[str] = []
    while len(actors) < n:
        i = len(actors)
        r = rng.random()
        power = round(rng.uniform(0.05, 0.95), 2)
        if r < 0.12:
            families.append(f"family-{i}")
            actors.append(
                Actor(
                    id=f"family-{i}",
                    name=f"Family {i}",
                    kind="family",
                    roles=["client"] + (["target"] if rng.random() < 0.3 else []),
                    power=power,
                )
            )
        elif r < 0.35 and families:
            actors.append(
                Actor(
                    id=f"member-{i}",
                    name=f"Member {i}",
                    roles=["client"],
                    member_of=[rng.choice(families[-50:])],
                    power=power,
                )
            )
        elif r < 0.5:
            actors.append(
                Actor(id=f"target-{i}", name=f"Target {i}", roles=["target"], power=power)
            )
        elif r < 0.7:
            actors.append(
                Actor(
                    id=f"service-{i}",
                    name=f"Service {i}",
                    kind="organization",
                    roles=["action"],
                    power=power,
                )
            )
        else:
            actors.append(Actor(id=f"resident-{i}", name=f"Resident {i}", power=power))
    ids = [a.id for a in actors]
    seen: set[tuple[str, str]] = set()
    rels: list[Relationship] = []
    while len(rels) < n_rels:
        a, b = rng.sample(ids, 2)
        key = (a, b) if a < b else (b, a)
        if key in seen:
            continue
        seen.add(key)
        strength = round(rng.uniform(0.2, 1.0), 2)
        if rng.random() < 0.33:
            day = dt.date(2026, 1, 1)
            history = []
            for _ in range(rng.randint(1, 3)):
                day += dt.timedelta(days=rng.randint(1, 60))
                history.append(
                    Observation(
                        date=day, type=rng.choice(_TYPES), strength=round(rng.uniform(0.2, 1.0), 2)
                    )
                )
            rels.append(Relationship(source=a, target=b, history=history))
        else:
            rels.append(
                Relationship(source=a, target=b, type=rng.choice(_TYPES), strength=strength)
            )
    goals = [
        Goal(
            id=f"goal-{g}",
            description=f"Goal {g}",
            stances=[
                Stance(actor=x, stance=round(rng.uniform(-1, 1), 2))
                for x in rng.sample(ids, min(len(ids), 50))
            ],
        )
        for g in range(20)
    ]
    return Case(
        id=f"community-{n_rels}-{seed}",
        title=f"Generated community ({n_rels} ties)",
        actors=actors,
        relationships=rels,
        goals=goals,
    )
