"""A generated community case of any size, shaped like examples/community-40.yaml.

``community_case(n, seed)`` returns a :class:`~ecograph.model.Case` with: a community work team
and its workers (change agents, about 0.25 %); residents' groups (clients, 1.5 %) whose resident
members make most of the case; agencies with staff (action system), targets (landlords,
businesses, councillors; some organizations with members), a few actors that are both; goals
with stances (a joint goal of workers and residents, goals the targets back, a contested one);
relationships clustered inside groups and between neighbouring groups (about 1.6 per actor), a
third with a dated history; and agreements binding a few parties, some with a convener. The
same ``(n, seed)`` always gives the same case.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ecograph.model import Case

__all__ = ["community_case"]

_TYPES = ["cooperation", "agreement", "conflict"]


def community_case(n: int, seed: int = 0) -> Case:
    """Return a generated community case with about ``n`` actors (n >= 200)."""
    rng = random.Random(seed)
    actors: list[dict[str, Any]] = []

    def add(aid: str, **kw: Any) -> str:
        actors.append(
            {
                "id": aid,
                "name": aid.replace("-", " ").title(),
                "power": round(rng.uniform(0.05, 0.95), 2),
                **kw,
            }
        )
        return aid

    team = add("cw-team", kind="organization", roles=["change_agent"])
    workers = [
        add(f"worker-{i}", roles=["change_agent"], member_of=[team])
        for i in range(max(2, n // 400))
    ]
    n_groups = max(3, int(n * 0.015))
    n_agencies = max(3, n // 170)
    n_targets = max(5, n // 25)
    n_action = max(3, n // 100)
    groups = [
        add(
            f"residents-{i}",
            kind="group",
            roles=["client"],
            voluntariness=rng.choice(["voluntary", "voluntary", "involuntary"]),
        )
        for i in range(n_groups)
    ]
    agencies = [
        add(
            f"agency-{i}",
            kind="organization",
            roles=["action", "target"] if i % 7 == 0 else ["action"],
        )
        for i in range(n_agencies)
    ]
    targets = []
    for i in range(n_targets):
        kind = "organization" if i % 5 == 0 else "individual"
        targets.append(add(f"target-{i}", kind=kind, roles=["target"]))
    helpers = [add(f"helper-{i}", roles=["action"]) for i in range(n_action)]
    staff: dict[str, list[str]] = {}
    for a in agencies:
        staff[a] = [add(f"{a}-staff-{j}", member_of=[a]) for j in range(rng.randint(5, 25))]
    for t in targets[::5]:
        staff[t] = [add(f"{t}-member-{j}", member_of=[t]) for j in range(rng.randint(2, 8))]
    residents: dict[str, list[str]] = {g: [] for g in groups}
    k = 0
    while len(actors) < n:
        g = groups[k % n_groups]
        residents[g].append(add(f"{g}-r{len(residents[g])}", member_of=[g]))
        k += 1

    movers = [team, *workers, *groups]
    goals = [
        {
            "id": "joint",
            "description": "The estate gets safe, repaired homes",
            "stances": [{"actor": a, "stance": 1.0} for a in movers]
            + [
                {"actor": t, "stance": round(rng.uniform(-1, 1), 2)}
                for t in targets + agencies
                if rng.random() < 0.7
            ],
        },
        {
            "id": "their-own",
            "description": "Redevelopment on the targets' terms",
            "stances": [
                {"actor": t, "stance": round(rng.uniform(0.3, 1), 2)}
                for t in targets
                if rng.random() < 0.5
            ]
            + [{"actor": w, "stance": 0.0} for w in workers],
        },
        {
            "id": "contested",
            "description": "A contested closure",
            "stances": [
                {"actor": a["id"], "stance": round(rng.uniform(-1, 1), 2)}
                for a in actors
                if rng.random() < 0.05
            ],
        },
    ]

    rels: dict[tuple[str, str], dict[str, Any]] = {}

    def relate(a: str, b: str, bias: str | None = None) -> None:
        key = (min(a, b), max(a, b))
        if a == b or key in rels:
            return
        kind = bias if bias and rng.random() < 0.6 else rng.choice(_TYPES)
        r: dict[str, Any] = {"source": a, "target": b}
        if rng.random() < 0.33:
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 150))
            hist = []
            for _ in range(rng.randint(2, 5)):
                hist.append(
                    {
                        "date": day.isoformat(),
                        "type": kind,
                        "strength": round(rng.uniform(0.2, 1), 2),
                    }
                )
                kind = rng.choice(_TYPES) if rng.random() < 0.4 else kind
                day += dt.timedelta(days=rng.randint(10, 60))
            r["history"] = hist
            if a in groups and rng.random() < 0.2:
                r["mandated"] = [a]
        else:
            r["type"] = kind
            r["strength"] = round(rng.uniform(0.2, 1), 2)
        rels[key] = r

    for w in workers:
        for x in rng.sample(groups, min(6, len(groups))):
            relate(w, x, "agreement")
        for x in rng.sample(agencies + helpers, min(6, len(agencies) + len(helpers))):
            relate(w, x, "cooperation")
        for x in rng.sample(targets, min(4, len(targets))):
            relate(w, x, "conflict")
    for i, g in enumerate(groups):
        members = residents[g]
        for j, m in enumerate(members):  # neighbours know each other
            relate(m, members[(j + 1) % len(members)], "cooperation")
            if rng.random() < 0.3:
                relate(m, rng.choice(members), "cooperation")
            if rng.random() < 0.15:  # feuds with the next group
                other = residents[groups[(i + 1) % n_groups]]
                if other:
                    relate(m, rng.choice(other), "conflict")
        for x in rng.sample(targets, 3):
            relate(g, x, "conflict")
        relate(g, rng.choice(agencies), "cooperation")
    for members in staff.values():
        for m in members:
            relate(m, rng.choice(members), "cooperation")
            if rng.random() < 0.2:
                relate(m, rng.choice(groups), None)
    everyone = [a["id"] for a in actors]
    while len(rels) < int(1.6 * n):
        relate(rng.choice(everyone), rng.choice(everyone))

    agreements = []
    for i in range(max(3, n // 200)):
        parties = rng.sample(groups + agencies + targets, 3)
        agreements.append(
            {
                "id": f"agreement-{i}",
                "parties": [{"actor": p} for p in parties],
                "basis": rng.choice(
                    ["culture", "compromise", "exchange", "authority_redistribution", "law"]
                ),
                "start": (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 200))).isoformat(),
                "status": rng.choice(["concluded", "kept", "proposed", "broken"]),
                **({"convener": rng.choice(workers)} if rng.random() < 0.5 else {}),
            }
        )
    return Case.model_validate(
        {
            "id": f"community-{n}",
            "title": f"Generated community case with {len(actors)} actors",
            "actors": actors,
            "goals": goals,
            "relationships": list(rels.values()),
            "agreements": agreements,
        }
    )
