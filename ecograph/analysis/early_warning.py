"""Early warning: what in a case's history calls for attention now, and why.

Four warnings, each with the dates and numbers behind it:

* **toward conflict** -- the pair's signed weight has been falling by at least
  ``thresholds.trend`` per 30 days over its latest observations (the trend of
  :mod:`ecograph.analysis.trend`, with the analysis parameters): it is moving toward conflict.
* **quiet cooperative tie** -- a tie whose current state is cooperation has had no recorded
  contact for longer than ``quiet_days``. Regular contact is one of the practices that sustain
  cooperation; a tie nobody tends drifts.
* **sustained hostility** -- a mandated or involuntary client's relationship with a change
  agent has been in conflict for longer than ``hostile_days``. With involuntary clients
  "hostility can be sustained for months because neither side can walk away".
* **no cooperative tie** -- a client who is in relationships, but none of them cooperative
  (for a group client: no cooperative tie of the group or its members to anyone outside it).

Only dated histories can say how long something has lasted; relationships with a declared state
and no history count as present throughout, but never as quiet or as long-hostile.

Examples
--------
>>> import datetime as dt
>>> from ecograph import load_graph
>>> g = load_graph("examples/child-protection.yaml")
>>> ws = early_warnings(g, as_of=dt.date(2026, 6, 30))
>>> [w.kind.value for w in ws if set(w.actors) == {"susan", "roberta"}]
['sustained hostility', 'toward conflict']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ecograph.analysis.params import Params
from ecograph.analysis.stages import StageKind, stages, state_points
from ecograph.analysis.trend import PERIOD_DAYS, relationship_trend
from ecograph.graph import EcoGraph
from ecograph.model import Relationship, RelationType, Role, Voluntariness, pair_key
from ecograph.model.rules import ancestors

__all__ = [
    "WarningKind",
    "EarlyWarning",
    "WarningParams",
    "early_warnings",
    "relationship_warnings",
]


class WarningKind(StrEnum):
    """The kinds of early warning, in the order they are listed."""

    SUSTAINED_HOSTILITY = "sustained hostility"
    NO_COOPERATIVE_TIE = "no cooperative tie"
    TOWARD_CONFLICT = "toward conflict"
    QUIET_TIE = "quiet cooperative tie"


#: Why each warning matters, in the model's words.
WHY: dict[WarningKind, str] = {
    WarningKind.TOWARD_CONFLICT: "conflict arises when the parties cannot reach agreement or "
    "compromise; a falling trend is the time to seek agreement",
    WarningKind.QUIET_TIE: "regular contact is one of the practices that sustain cooperation; "
    "a call to tend the tie, not a forecast of conflict (on real dated networks quiet ties "
    "were no likelier to turn negative)",
    WarningKind.SUSTAINED_HOSTILITY: "with involuntary or mandated clients hostility can be "
    "sustained for months because neither side can walk away; an advocate, a family group "
    "conference or the law can rebalance power",
    WarningKind.NO_COOPERATIVE_TIE: "cooperation becomes possible when the party believes it "
    "is not dangerous for its interests; a client with no cooperative tie has no one to "
    "reach the others through",
}


class WarningParams(BaseModel):
    """Settable periods and thresholds of the early warnings.

    Parameters
    ----------
    quiet_days : int
        A cooperative tie with no contact for longer than this is quiet (default 60).
    hostile_days : int
        A mandated/involuntary client's conflict with a change agent lasting longer than this
        is sustained (default 90).
    analysis : Params
        The analysis parameters; the trend uses ``signs``, ``thresholds.trend`` and
        ``thresholds.trend_window``.
    """

    model_config = ConfigDict(extra="forbid")

    quiet_days: int = Field(default=60, ge=1)
    hostile_days: int = Field(default=90, ge=1)
    analysis: Params = Field(default_factory=Params)


@dataclass(frozen=True)
class EarlyWarning:
    """One warning.

    Parameters
    ----------
    kind : WarningKind
        What is wrong.
    actors : tuple of str
        The actor ids concerned (a pair, or one client).
    since : date or None
        When the situation began (or the last contact, for a quiet tie).
    reason : str
        Why, with the dates and numbers.
    facts : dict
        The numbers behind the reason.
    """

    kind: WarningKind
    actors: tuple[str, ...]
    since: dt.date | None
    reason: str
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def why(self) -> str:
        """Why this kind of warning matters, in the model's words.

        For sustained hostility the remedies the case already has (an advocate, a family group
        conference, listed in ``facts``) are not recommended again.
        """
        if self.kind is not WarningKind.SUSTAINED_HOSTILITY or "advocates" not in self.facts:
            return WHY[self.kind]
        has_advocate = bool(self.facts.get("advocates"))
        has_conference = bool(self.facts.get("conferences"))
        remedies = [
            *([] if has_advocate else ["an advocate"]),
            *([] if has_conference else ["a family group conference"]),
            "the law",
        ]
        said = (
            "with involuntary or mandated clients hostility can be sustained for months because "
            "neither side can walk away; "
            + (", ".join(remedies[:-1]) + " or " if len(remedies) > 1 else "")
            + remedies[-1]
            + " can rebalance power"
        )
        already = [
            *(["an advocate"] if has_advocate else []),
            *(["a family group conference"] if has_conference else []),
        ]
        if already:
            said += f" (the client already has {' and '.join(already)})"
        return said

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "kind": self.kind.value,
            "actors": list(self.actors),
            "since": self.since.isoformat() if self.since else None,
            "reason": self.reason,
            "why": self.why,
            "facts": self.facts,
        }


class _Groups:
    """Membership read once: each actor's groups and each group's members (at any depth)."""

    def __init__(self, graph: EcoGraph) -> None:
        self.graph = graph
        member_of = {a.id: list(a.member_of) for a in graph.actors()}
        self.up = {a: ancestors(a, member_of) for a in member_of}
        self.down: dict[str, set[str]] = {a: set() for a in member_of}
        for a, groups in self.up.items():
            for g in groups:
                self.down[g].add(a)

    def forced(self, actor_id: str) -> bool:
        """Whether the actor (or a group it belongs to) is an involuntary or mandated client."""
        for who in [actor_id, *self.up[actor_id]]:
            v = self.graph.actor(who).voluntariness
            if v in (Voluntariness.INVOLUNTARY, Voluntariness.MANDATED):
                return True
        return False


def early_warnings(
    graph: EcoGraph, *, as_of: dt.date | None = None, params: WarningParams | None = None
) -> list[EarlyWarning]:
    """Return the early warnings for a case on ``as_of`` (default: today).

    Parameters
    ----------
    graph : EcoGraph
        The case.
    as_of : date, optional
        The date to judge on; observations after it are ignored. Default: today.
    params : WarningParams, optional
        Periods and thresholds.

    Returns
    -------
    list of EarlyWarning
        Sorted by kind (sustained hostility, no cooperative tie, toward conflict, quiet tie),
        then by how long the situation has lasted.
    """
    p = params or WarningParams()
    day = as_of or dt.date.today()
    roles = graph.effective_roles()
    groups = _Groups(graph)
    out: list[EarlyWarning] = []
    for rel in graph.relationships():
        state = rel.state(day)
        if state is None or state.ended:
            continue
        out.extend(relationship_warnings(rel, day, p))
        if rel.history and state.type is RelationType.CONFLICT:
            out.extend(_hostility(groups, rel, day, roles, p))
    out.extend(_no_cooperative_tie(groups, day, roles))
    joined = graph.joined_dates()  # actors yet to join the case on the day get no warning
    out = [w for w in out if all(joined.get(a, day) <= day for a in w.actors)]
    hostile = [w for w in out if w.kind is WarningKind.SUSTAINED_HOSTILITY]
    if hostile:  # what already rebalances power: not recommended again
        from ecograph.analysis.features import case_features

        f = case_features(graph, params=p.analysis, as_of=day)
        for w in hostile:
            client = w.actors[1]
            w.facts["advocates"] = list(f.advocates(client))
            w.facts["conferences"] = [ag.id for ag in f.conferences(client)]
    order = list(WarningKind)
    out.sort(key=lambda w: (order.index(w.kind), w.since or dt.date.max, w.actors))
    return out


def relationship_warnings(
    rel: Relationship, day: dt.date, params: WarningParams | None = None
) -> list[EarlyWarning]:
    """Return the warnings one relationship's own history gives: toward conflict, quiet tie.

    These two need nothing but the dated history (no roles), so they also run on any network
    of dated signed ties (see :mod:`ecograph.analysis.warning_check`).

    Parameters
    ----------
    rel : Relationship
        The relationship.
    day : date
        Judge on this day; later observations are ignored.
    params : WarningParams, optional

    Returns
    -------
    list of EarlyWarning
    """
    p = params or WarningParams()
    state = rel.state(day)
    if state is None or state.ended or not rel.history:
        return []
    out: list[EarlyWarning] = []
    pair = (rel.source, rel.target)
    th = p.analysis.thresholds
    tr = relationship_trend(rel, as_of=day, weights=p.analysis.signs, window=th.trend_window)
    if tr is not None and tr.slope < 0 and -tr.slope >= th.trend:
        out.append(
            EarlyWarning(
                WarningKind.TOWARD_CONFLICT,
                pair,
                tr.first,
                f"moving toward conflict: signed weight {tr.start:+.2f} on {tr.first} "
                f"-> {tr.end:+.2f} on {tr.last}, slope {tr.slope:+.3f} per "
                f"{PERIOD_DAYS} days over the latest {tr.points} shared observations",
                {
                    "slope_per_30_days": round(tr.slope, 4),
                    "from": round(tr.start, 4),
                    "to": round(tr.end, 4),
                    "threshold": th.trend,
                },
            )
        )
    last = max((o.date for o in rel.history if o.date <= day), default=None)
    if state.type is RelationType.COOPERATION and last is not None:
        quiet = (day - last).days
        if quiet > p.quiet_days:
            out.append(
                EarlyWarning(
                    WarningKind.QUIET_TIE,
                    pair,
                    last,
                    f"cooperative tie (strength {state.strength:.2f}) with no recorded "
                    f"contact since {last}: {quiet} days, more than {p.quiet_days}",
                    {"days_quiet": quiet, "quiet_days": p.quiet_days},
                )
            )
    return out


def _hostility(
    groups: _Groups, rel: Any, day: dt.date, roles: dict[str, set[Role]], p: WarningParams
) -> list[EarlyWarning]:
    out: list[EarlyWarning] = []
    for client in (rel.source, rel.target):
        agent = rel.other(client)
        if Role.CHANGE_AGENT not in roles[agent] or Role.CLIENT not in roles[client]:
            continue
        if client not in rel.mandated and not groups.forced(client):
            continue
        run = stages(rel, day)
        current = run[-1] if run else None
        if current is None or current.kind is not StageKind.CONFLICT or current.start is None:
            continue
        days = (day - current.start).days
        if days <= p.hostile_days:
            continue
        how = "mandated" if client in rel.mandated else "involuntary"
        out.append(
            EarlyWarning(
                WarningKind.SUSTAINED_HOSTILITY,
                (agent, client),
                current.start,
                f"{how} client in conflict with change agent since {current.start}: {days} "
                f"days over {current.observations} dated observation"
                f"{'s' if current.observations != 1 else ''}, more than "
                f"{p.hostile_days}; latest strength {current.strength:.2f}",
                {"days": days, "hostile_days": p.hostile_days, "how": how},
            )
        )
    return out


def _no_cooperative_tie(
    groups: _Groups, day: dt.date, roles: dict[str, set[Role]]
) -> list[EarlyWarning]:
    graph = groups.graph
    out: list[EarlyWarning] = []
    for actor in graph.actors():
        if Role.CLIENT not in roles[actor.id]:
            continue
        inside = {actor.id} | groups.down[actor.id]
        crossing = {
            pair_key(x, y) for x in inside for y in graph.nx.neighbors(x) if y not in inside
        }
        rels = [r for k in sorted(crossing) if (r := graph.relationship(*k)) is not None]
        ties = [(r, st) for r in rels if (st := r.state(day)) is not None and not st.ended]
        if not ties:
            continue  # an actor with no relationship at all is not "left" by anyone
        if any(st.type is RelationType.COOPERATION for _, st in ties):
            continue
        # When did the last cooperative tie stop being one?
        lost: tuple[dt.date, str] | None = None
        for r in rels:
            was = False
            for d, st in state_points(r, day):
                coop = st.type is RelationType.COOPERATION and not st.ended
                if was and not coop and (lost is None or d > lost[0]):
                    lost = (d, f"{r.source}--{r.target}")
                was = coop
        group = " or its members" if len(inside) > 1 else ""
        kinds = sorted({s.type.value for _, s in ties})
        reason = (
            f"client{group} in {len(ties)} relationship{'s' if len(ties) != 1 else ''} "
            f"({', '.join(kinds)}) on {day}, none of them cooperative"
        )
        if lost is not None:
            reason += f"; the last cooperative tie ({lost[1]}) turned on {lost[0]}"
        out.append(
            EarlyWarning(
                WarningKind.NO_COOPERATIVE_TIE,
                (actor.id,),
                lost[0] if lost else None,
                reason,
                {"relationships": len(ties), "types": kinds},
            )
        )
    return out
