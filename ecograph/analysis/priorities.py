"""What to act on now: the few findings of a report that most need the worker, each with why.

One finding of each kind first, in this order, then the rest of each kind in the same order:

1. a mandated or involuntary client with no advocate and no cooperative tie outside its own
   circle ("what rebalances power: an advocate for the client");
2. the pair where conflict scores highest (a hotspot), with the rule that raises it most;
3. a relationship moving toward conflict fastest (its trend);
4. conflict as a deliberate tactic, where the joint goals make it inevitable;
5. a client with no cooperative tie outside its own system;
6. the bargaining with the highest agreement score, on its basis.

Examples
--------
>>> from ecograph import load_graph
>>> from ecograph.analysis.report import analyze
>>> r = analyze(load_graph("examples/child-protection.yaml"))
>>> [p.kind for p in r.summary]
['hotspot', 'trend', 'bargaining']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ecograph.analysis.lazy import LazySequence
from ecograph.analysis.likelihood import score_words
from ecograph.analysis.params import Params

__all__ = ["Priority", "priorities"]


@dataclass(frozen=True)
class Priority:
    """One thing to act on now.

    Attributes
    ----------
    kind : str
        unsupported_client, hotspot, trend, deliberate_conflict, isolated_client, bargaining.
    actors : tuple of str
        The actors it is about (ids).
    action : str
        What to do, in plain words, with names.
    reason : str
        Why, with the numbers.
    """

    kind: str
    actors: tuple[str, ...]
    action: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "kind": self.kind,
            "actors": list(self.actors),
            "action": self.action,
            "reason": self.reason,
        }


def priorities(
    sections: Mapping[str, Any], names: Mapping[str, str], params: Params, *, limit: int = 3
) -> list[Priority]:
    """Return at most ``limit`` things to act on now, from a report's sections.

    Parameters
    ----------
    sections : mapping
        Section name -> result, as in :class:`~ecograph.analysis.report.AnalysisReport`.
    names : mapping
        Actor id -> display name.
    params : Params
        For the words of the scores.
    limit : int
        How many to return.
    """

    def n(x: object) -> str:
        return names.get(str(x), str(x))

    kinds: list[Sequence[Priority]] = []
    power = sections.get("power")
    if power is not None:
        kinds.append(
            [
                Priority(
                    "unsupported_client",
                    (c.actor,),
                    f"Find an advocate for {n(c.actor)}",
                    f"{c.constrained}, with no advocate and no cooperative tie outside its own "
                    "family or group: hostility can last for months when neither side can walk "
                    "away",
                )
                for c in power.unsupported
            ]
        )

    def hotspot(h: Any) -> Priority:
        causes = [d for d in h.reasons if d.rule != "current_state"] or h.reasons
        top = causes[0] if causes else None
        why = f"conflict {score_words(h.conflict, params.thresholds)}"
        if top is not None:
            why += f"; main reason: {top.title} -- {top.says}"
        return Priority("hotspot", (h.a, h.b), f"Defuse {n(h.a)} -- {n(h.b)}", why)

    # a big case has thousands of hotspots: each becomes a Priority only when it is reached
    kinds.append(_Lazy(sections.get("hotspots", []), hotspot))
    kinds.append(
        [
            Priority(
                "trend",
                (t.a, t.b),
                f"Act on {n(t.a)} -- {n(t.b)} before it sets",
                f"moving toward conflict: {t.slope:+.2f} a month (on a scale of -1 to 1) since "
                f"{t.first.isoformat()}",
            )
            for t in sections.get("trend", [])
        ]
    )
    kinds.append(
        [
            Priority(
                "deliberate_conflict",
                (t.actor,),
                f"Decide whether to use conflict as a tactic with {n(t.actor)}",
                t.conditions[1] if len(t.conditions) > 1 else "the joint goals threaten it",
            )
            for t in sections.get("tactics", [])
            if t.deliberate_conflict
        ]
    )
    kinds.append(
        [
            Priority(
                "isolated_client",
                (c.actor,),
                f"Build a cooperative tie for {n(c.actor)} outside its own system",
                "no one outside its family or group cooperates with it",
            )
            for c in sections.get("isolated_clients", [])
        ]
    )
    kinds.append(
        [
            Priority(
                "bargaining",
                (b.actor, b.by),
                f"Bargain with {n(b.actor)} on the basis of {b.basis.replace('_', ' ')} "
                f"({n(b.by)})",
                f"agreement {score_words(b.agreement, params.thresholds)}"
                + (f"; {b.tactic.conditions[2]}" if len(b.tactic.conditions) > 2 else ""),
            )
            for b in sections.get("bargaining", [])
        ]
    )
    out: list[Priority] = []
    seen: set[frozenset[str]] = set()
    rounds: list[Callable[[Sequence[Priority]], Iterable[Priority]]] = [
        lambda items: items[:1],
        lambda items: (items[i] for i in range(1, len(items))),
    ]
    for pick in rounds:
        for items in kinds:
            for p in pick(items):
                key = frozenset(p.actors)
                if key in seen:
                    continue
                seen.add(key)
                out.append(p)
                if len(out) == limit:
                    return out
    return out


class _Lazy(LazySequence[Priority]):
    """The findings of one kind, each made into a :class:`Priority` when first read."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], Priority]) -> None:
        self.items = items
        self.make = make

    def __len__(self) -> int:
        return len(self.items)

    def item(self, i: int) -> Priority:
        """Return the finding at ``i`` as a priority."""
        return self.make(self.items[i])
