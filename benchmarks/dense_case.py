"""A generated dense case: many change agents, clients, targets and goals, so many pairs to assess.

``dense_case(n, seed)`` returns a valid :class:`~ecograph.model.Case` with ``n`` actors: about
8 % change agents (a team and its workers), 12 % clients (families and groups, a third
involuntary), 20 % targets, 20 % action-system actors, the rest members and professionals;
eight goals, each with stances from about half of the actors (the worker's side backs most of
them, the targets oppose some); about 1.6 relationships per actor, a third with a dated
history; and an agreement for every 100 actors. ``analyze`` assesses every change-agent-or-client
x target-or-action pair: about ``0.08 * n**2`` pairs (720,000 at 3,000 actors), against
``0.0015 * n**2`` for the community shape. The same ``(n, seed)`` always gives the same case.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ecograph.model import Case

__all__ = ["dense_case"]

_TYPES = ["cooperation", "agreement", "conflict"]
_START = dt.date(2026, 1, 1)
_BASES = ["culture", "compromise", "exchange", "authority_redistribution", "law"]


def dense_case(n: int, seed: int = 0) -> Case:
    """Return a generated dense case with ``n`` actors (n >= 100)."""
    rng = random.Random(seed)
    actors: list[dict[str, Any]] = []

    def add(aid: str, **kw: Any) -> str:
        actors.append({"id": aid, "name": f"Actor {len(actors) + 1}", **kw})
        actors[-1]["power"] = round(rng.uniform(0.05, 0.95), 2)
        return aid

    team = add("team", kind="organization", roles=["change_agent"])
    workers = [
        add(f"worker-{i}", roles=["change_agent"], member_of=[team])
        for i in range(int(0.08 * n) - 1)
    ]
    clients = [
        add(
            f"client-{i}",
            kind=rng.choice(["family", "group", "individual"]),
            roles=["client", "target"] if i % 9 == 0 else ["client"],
            voluntariness=rng.choice(["voluntary", "voluntary", "involuntary"]),
        )
        for i in range(int(0.12 * n))
    ]
    targets = [
        add(f"target-{i}", kind="organization" if i % 4 == 0 else "individual", roles=["target"])
        for i in range(int(0.2 * n))
    ]
    action = [
        add(
            f"action-{i}",
            kind="organization" if i % 3 == 0 else "individual",
            roles=["action", "target"] if i % 10 == 0 else ["action"],
        )
        for i in range(int(0.2 * n))
    ]
    groups = [c for c in clients if c.startswith("client")][: max(1, len(clients) // 2)]
    k = 0
    while len(actors) < n:
        if k % 3:
            add(f"member-{k}", member_of=[groups[k % len(groups)]])
        else:
            add(f"pro-{k}", roles=["professional" if k % 2 else "problem_identification"])
        k += 1
    ids = [a["id"] for a in actors]
    movers = [team, *workers, *clients]
    others = targets + action
    goals = []
    for g in range(8):
        stances = []
        for a in ids:
            if rng.random() >= 0.5:
                continue
            if a in movers:
                value = round(rng.uniform(0.3, 1.0), 2) if g < 5 else round(rng.uniform(-1, 1), 2)
            elif a in others and g < 5:
                value = round(rng.uniform(-1, 0.6), 2)
            else:
                value = round(rng.uniform(-1, 1), 2)
            stances.append({"actor": a, "stance": value, "weight": rng.choice([0.5, 1.0, 1.0])})
        goals.append({"id": f"goal-{g}", "description": f"Goal {g + 1}", "stances": stances})

    rels: dict[tuple[str, str], dict[str, Any]] = {}
    while len(rels) < int(1.6 * n):
        # most ties join the two sides of the work: the worker's side and the others
        if rng.random() < 0.6:
            a, b = rng.choice(movers), rng.choice(others)
        else:
            a, b = rng.sample(ids, 2)
        key = (min(a, b), max(a, b))
        if a == b or key in rels:
            continue
        r: dict[str, Any] = {"source": a, "target": b}
        if rng.random() < 0.33:
            days = sorted(rng.sample(range(300), rng.randint(1, 4)))
            r["history"] = [
                {"date": (_START + dt.timedelta(days=d)).isoformat(), "type": rng.choice(_TYPES)}
                | {"strength": round(rng.uniform(0.2, 1), 2)}
                for d in days
            ]
        else:
            r["type"] = rng.choice(_TYPES)
            r["strength"] = round(rng.uniform(0.2, 1), 2)
        rels[key] = r
    agreements = [
        {
            "id": f"agreement-{i}",
            "parties": [{"actor": p} for p in rng.sample(movers + others, 3)],
            "basis": rng.choice(_BASES),
            "start": (_START + dt.timedelta(days=rng.randint(0, 200))).isoformat(),
            "status": rng.choice(["concluded", "kept", "proposed", "broken"]),
            **({"convener": rng.choice(workers)} if rng.random() < 0.5 else {}),
        }
        for i in range(max(1, n // 100))
    ]
    data = dict(id=f"dense-{n}", title=f"Generated dense case with {n} actors", actors=actors)
    data.update(goals=goals, relationships=list(rels.values()), agreements=agreements)
    return Case.model_validate(data)
