"""The rules of the ecosystem model that score a pair, as data: one entry a rule.

Each :class:`Rule` has an id, the model's words and where they come from, the weights and
features it reads, what it adds and why at that size, a plain-words reading of what it saw,
and a pure function of the pair (:class:`PairContext`) that returns what it adds to the log-odds
of each relationship type, or None when it does not fire. The likelihood of a pair is the
softmax of the sum of the rules' contributions (:mod:`ecograph.analysis.likelihood`); no rule
reads another rule's result, so the order of :data:`RULEBOOK` changes nothing but the order
in which the reasons are listed.

Adding a rule is one entry here (plus its weight in
:class:`~ecograph.analysis.params.RuleWeights` and its test); the rule table of
``docs/analysis.md`` is generated from this registry (:func:`rule_table`,
``python -m ecograph.analysis.rulebook docs/analysis.md``) and a test fails when they differ.

Examples
--------
>>> [r.id for r in RULEBOOK][:3]
['current_state', 'first_stage', 'role_action']
>>> RULE_INDEX["law_basis"].source
'000, Table 9.2 (M. Horn: law)'
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from ecograph.analysis.features import CaseFeatures
from ecograph.analysis.trend import relationship_trend
from ecograph.model import (
    Agreement,
    AgreementBasis,
    Relationship,
    RelationState,
    RelationType,
    Role,
)

__all__ = [
    "KINDS",
    "RULEBOOK",
    "RULE_INDEX",
    "PairContext",
    "Rule",
    "hostile_months",
    "replace_rule_table",
    "rule_table",
]

#: The three relationship types, in the order of every likelihood dict.
KINDS: tuple[str, ...] = ("cooperation", "agreement", "conflict")

#: What a rule adds when it fires: (the features it saw, what it adds to each type's log-odds).
Fired = tuple[dict[str, float], dict[str, float]]

_ORDER = (Role.CHANGE_AGENT, Role.CLIENT, Role.ACTION)
_ALLIES = frozenset(_ORDER)
_NONE: frozenset[Role] = frozenset()


def hostile_months(rel: Relationship, as_of: dt.date | None) -> float:
    """Return the months of unbroken conflict-dominant shared observations up to ``as_of``."""
    obs = [
        o
        for o in rel.sorted_history()
        if o.perceived_by is None and (as_of is None or o.date <= as_of)
    ]
    if not obs or obs[-1].dominant() != RelationType.CONFLICT:
        return 0.0
    start = obs[-1].date
    for o in reversed(obs):
        if o.dominant() != RelationType.CONFLICT:
            break
        start = o.date
    end = as_of or obs[-1].date
    return (end - start).days / 30.44


_T = TypeVar("_T")


class _lazy(Generic[_T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """A value computed on first read and kept on the instance.

    Like :func:`functools.cached_property` without its lock (Python 3.11 takes one on every
    first read, a third of the time of a whole assessment); a pair is read by one thread.
    """

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    @overload
    def __get__(self, obj: None, cls: type) -> _lazy[_T]: ...
    @overload
    def __get__(self, obj: object, cls: type) -> _T: ...
    def __get__(self, obj: object | None, cls: type) -> _lazy[_T] | _T:
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


class PairContext:
    """What every rule may read about one pair; each value is computed once, when first read.

    Parameters
    ----------
    f : CaseFeatures
        The case's features on the date.
    a, b : str
        The pair, ordered so that the change agent (else the client) comes first.
    """

    def __init__(self, f: CaseFeatures, a: str, b: str) -> None:
        self.f = f
        self.a = a
        self.b = b
        self.w = f.params.weights
        self.th = f.params.thresholds
        self.tie = f.tie(a, b)
        self.rel = f.graph.relationship(a, b)
        self.ca_a = f.has(a, Role.CHANGE_AGENT)
        self.ca_b = f.has(b, Role.CHANGE_AGENT)

    @_lazy
    def state(self) -> RelationState | None:
        """Return the present relationship's state (None when there is no present tie)."""
        if self.tie is None or self.rel is None:
            return None
        return self.rel.state(self.f.as_of)

    @property
    def current(self) -> str | None:
        """The dominant type of the present relationship, if any."""
        return self.state.type.value if self.state is not None else None

    @_lazy
    def worker_side(self) -> tuple[str, str] | None:
        """(worker-side end, target end) when one end is a target facing the worker's side."""
        f, a, b = self.f, self.a, self.b
        ra, rb = f.roles.get(a, _NONE), f.roles.get(b, _NONE)
        for x, y, rx, ry in ((a, b, ra, rb), (b, a, rb, ra)):
            if Role.TARGET in ry and Role.TARGET not in rx and not _ALLIES.isdisjoint(rx):
                return x, y
        return None

    @_lazy
    def alignment(self) -> tuple[float, int]:
        """Goal alignment (-1..1) and the number of goals it is over."""
        return self.f.alignment(self.a, self.b)

    @_lazy
    def threat_info(self) -> tuple[float, float, int] | None:
        """(threat, discrepancy, joint goals) of the joint goals for the target end."""
        ws = self.worker_side
        return self.f.threat(ws[1]) if ws is not None else None

    @property
    def threat(self) -> float:
        """The threat of the joint goals to the target end (0 when none)."""
        return self.threat_info[0] if self.threat_info is not None else 0.0

    @_lazy
    def between(self) -> list[Agreement]:
        """Every agreement binding both sides (or their groups), in force or not."""
        return self.f.agreements_between(self.a, self.b)

    @_lazy
    def in_force(self) -> list[Agreement]:
        """Return the agreements between them in force on the date."""
        return self.f.in_force(self.between)

    @_lazy
    def agreed(self) -> bool:
        """Whether there is agreement between them about the efforts to achieve change.

        The present relationship is mainly cooperation or agreement, or an agreement binds
        them. Cooperation is possible only then (source 000).
        """
        return self.current in ("cooperation", "agreement") or bool(self.in_force)

    @_lazy
    def gap(self) -> float:
        """Return the power gap ``abs(power_a - power_b)``."""
        return abs(self.f.actors[self.a].power - self.f.actors[self.b].power)

    @_lazy
    def expects_moderate(self) -> bool:
        """Whether the target end counts on more moderate requirements."""
        ws = self.worker_side
        if ws is None:
            return False
        declared = self.f.actors[ws[1]].expects_moderate_demands
        if declared is not None:
            return declared
        return self.threat_info is not None and 0 < self.threat <= self.th.moderate_demands

    @_lazy
    def conditions(self) -> dict[str, float]:
        """Return the conditions for negotiating (channel, convener, moderate demands), 0 or 1."""
        conveners = [ag for ag in self.between if ag.convener is not None and self.f.current(ag)]
        return {
            "channel": 1.0 if self.hops is not None else 0.0,
            "convener": 1.0 if self.thirds or conveners else 0.0,
            "moderate_demands": 1.0 if self.expects_moderate else 0.0,
        }

    @_lazy
    def hops(self) -> int | None:
        """Return the length of the shortest non-hostile path between them (None: none)."""
        return self.f.channel(self.a, self.b)

    @_lazy
    def thirds(self) -> list[str]:
        """Third actors with non-hostile ties to both sides (possible conveners)."""
        return self.f.neutral_third(self.a, self.b)

    @property
    def client_end(self) -> tuple[str, str] | None:
        """(change agent, client) when one end is a change agent and the other a client."""
        if self.ca_a == self.ca_b:
            return None
        agent, other = (self.a, self.b) if self.ca_a else (self.b, self.a)
        return (agent, other) if self.f.has(other, Role.CLIENT) else None

    @_lazy
    def constrained(self) -> str | None:
        """"mandated" or "involuntary" for a client paired with a change agent, else None."""
        ce = self.client_end
        return self.f.constrained(ce[1], self.rel) if ce is not None else None


@dataclass(frozen=True)
class Rule:
    """One rule of the model that moves the likelihoods of a pair.

    Attributes
    ----------
    id : str
        Its name (a key of the reasons in ``--json``).
    title : str
        Its name in plain words, for the text report.
    quote : str
        The rule in the model's words.
    source : str
        Where the words come from (the source text and its section).
    weights : tuple of str
        The fields of :class:`~ecograph.analysis.params.RuleWeights` it reads.
    reads : tuple of str
        The features it reads (``docs/analysis.md``, Features).
    adds : str
        What it adds, in the docs' notation.
    why : str
        Why the default weight has its size.
    score : callable
        ``score(ctx) -> (features, added) | None``: pure; None when the rule does not fire.
    says : callable
        ``says(features) -> str``: what it saw, in plain words.
    """

    id: str
    title: str
    quote: str
    source: str
    weights: tuple[str, ...]
    reads: tuple[str, ...]
    adds: str
    why: str
    score: Callable[[PairContext], Fired | None]
    says: Callable[[dict[str, float]], str]


# ------------------------------------------------------------------ the rules' functions
def _current_state(c: PairContext) -> Fired | None:
    st = c.state
    if st is None:
        return None
    shares = {t.value: s for t, s in st.mix.weights().items()}
    return (
        {"strength": st.strength, **{f"share_{k}": shares[k] for k in KINDS}},
        {k: c.w.current_state * st.strength * shares[k] for k in KINDS},
    )


def _first_stage(c: PairContext) -> Fired | None:
    if c.tie is not None:
        return None
    return {"related": 0.0}, {"agreement": c.w.first_stage}


def _role_other(c: PairContext) -> str | None:
    if c.ca_a == c.ca_b:
        return None
    return c.b if c.ca_a else c.a


def _role_action(c: PairContext) -> Fired | None:
    other = _role_other(c)
    if other is None or not c.f.has(other, Role.ACTION):
        return None
    return {"action_system": 1.0}, {"cooperation": c.w.role_action}


def _role_client(c: PairContext) -> Fired | None:
    other = _role_other(c)
    if other is None or not c.f.has(other, Role.CLIENT):
        return None
    return {"client_system": 1.0}, {"agreement": c.w.role_client}


def _role_target(c: PairContext) -> Fired | None:
    ws = c.worker_side
    if ws is None or not (c.f.has(ws[0], Role.CHANGE_AGENT) or c.f.has(ws[0], Role.CLIENT)):
        return None
    return {"target_system": 1.0}, {"agreement": c.w.role_target}


def _goal_alignment(c: PairContext) -> Fired | None:
    align, shared = c.alignment
    if not shared or abs(align) < c.th.alignment:
        return None
    up = c.w.goal_alignment * max(0.0, align)
    # cooperation is possible only where there is agreement about the efforts first
    toward = "cooperation" if c.agreed else "agreement"
    feats = {"alignment": align, "shared_goals": float(shared), "agreed": float(c.agreed)}
    return feats, {toward: up, "conflict": c.w.goal_alignment * max(0.0, -align)}


def _joint_goal_threat(c: PairContext) -> Fired | None:
    info = c.threat_info
    if info is None or info[0] < c.th.threat:
        return None
    return (
        {"threat": info[0], "joint_goals": float(info[2])},
        {"conflict": c.w.joint_goal_threat * info[0]},
    )


def _discrepancy(c: PairContext) -> Fired | None:
    info = c.threat_info
    if info is None or info[1] < c.th.discrepancy or info[0] >= c.th.inevitable:
        return None
    return (
        {"discrepancy": info[1], "threat": info[0]},
        {"agreement": c.w.discrepancy * info[1]},
    )


def _negotiation(c: PairContext) -> Fired | None:
    n = sum(c.conditions.values())
    if not n:
        return None
    return (
        {**c.conditions, "channel_hops": float(c.hops or 0), "conveners": float(len(c.thirds))},
        {"agreement": c.w.negotiation * n / 3},
    )


def _no_negotiation(c: PairContext) -> Fired | None:
    if sum(c.conditions.values()):
        return None
    align, shared = c.alignment
    disagree = (
        (shared > 0 and align <= -c.th.alignment)
        or c.threat >= c.th.threat
        or c.current == RelationType.CONFLICT.value
    )
    if not disagree:
        return None
    return dict(c.conditions), {"conflict": c.w.no_negotiation}


def _power_gap(c: PairContext) -> Fired | None:
    if c.gap < c.th.power_gap:
        return None
    pa, pb = c.f.actors[c.a].power, c.f.actors[c.b].power
    return (
        {"gap": c.gap, "power_a": pa, "power_b": pb},
        {"cooperation": -c.w.power_gap * c.gap, "conflict": c.w.power_gap * c.gap / 2},
    )


def _rebalanced(c: PairContext) -> Fired | None:
    if c.gap < c.th.power_gap:
        return None
    pa, pb = c.f.actors[c.a].power, c.f.actors[c.b].power
    weaker = c.b if pa > pb else c.a
    rel = c.rel
    bases = {ag.basis for ag in c.in_force}
    rel_basis = rel.basis if rel is not None else None
    found = {
        "advocate": float(len(c.f.advocates(weaker))),
        "family_group_conference": float(len(c.f.conferences(weaker))),
        "law": float(AgreementBasis.LAW in bases or rel_basis == AgreementBasis.LAW),
        "authority_redistribution": float(
            AgreementBasis.AUTHORITY_REDISTRIBUTION in bases
            or rel_basis == AgreementBasis.AUTHORITY_REDISTRIBUTION
        ),
    }
    if not any(found.values()):
        return None
    return found, {"agreement": c.w.rebalanced}


def _involuntary(c: PairContext) -> Fired | None:
    how = c.constrained
    if how is None:
        return None
    months = hostile_months(c.rel, c.f.as_of) if c.rel is not None else 0.0
    cap = c.th.hostile_months_cap
    sustained = min(months, cap) / cap
    return (
        {"mandated": float(how == "mandated"), "hostile_months": months},
        {"conflict": c.w.involuntary + c.w.sustained_hostility * sustained},
    )


def _law_basis(c: PairContext) -> Fired | None:
    if c.constrained != "mandated" or c.gap < c.th.power_gap:
        return None
    return {"gap": c.gap, "mandated": 1.0}, {"agreement": c.w.law_basis}


def _voluntary(c: PairContext) -> Fired | None:
    ce = c.client_end
    if ce is None or c.constrained is not None or not c.f.voluntary(ce[1]):
        return None
    return {"voluntary": 1.0}, {"cooperation": c.w.voluntary}


def _agreement_in_force(c: PairContext) -> Fired | None:
    if not c.in_force:
        return None
    return {"agreements": float(len(c.in_force))}, {"agreement": c.w.agreement_in_force}


def _agreement_broken(c: PairContext) -> Fired | None:
    broken = c.f.broken(c.between)
    if not broken:
        return None
    return {"agreements": float(len(broken))}, {"conflict": c.w.agreement_broken}


def _perception(c: PairContext) -> Fired | None:
    rel, f = c.rel, c.f
    if rel is None or c.tie is None:
        return None
    views: dict[str, RelationState] = {}
    for end in (c.a, c.b):
        own = [
            o
            for o in rel.sorted_history()
            if o.perceived_by == end and (f.as_of is None or o.date <= f.as_of)
        ]
        seen: RelationState | None = own[-1].as_state() if own else None
        if seen is None and any(pc.by == end for pc in rel.perceptions):
            seen = rel.perceived_by(end, f.as_of)
        if seen is not None:
            views[end] = seen
    if not views:
        return None
    delta = {k: 0.0 for k in KINDS}
    feats: dict[str, float] = {}
    for end, st in views.items():
        tag = "a" if end == c.a else "b"
        for t, share in st.mix.weights().items():
            delta[t.value] += c.w.perception * st.strength * share / len(views)
            feats[f"{tag}_sees_{t.value}"] = share
    return feats, delta


def _trend(c: PairContext) -> Fired | None:
    if c.rel is None or c.tie is None:
        return None
    tr = relationship_trend(
        c.rel, as_of=c.f.as_of, weights=c.f.params.signs, window=c.th.trend_window
    )
    if tr is None or abs(tr.slope) < c.th.trend or tr.slope == 0:
        return None
    size = c.w.trend * min(1.0, abs(tr.slope))
    return (
        {
            "slope_per_30_days": tr.slope,
            "points": float(tr.points),
            "days": float((tr.last - tr.first).days),
        },
        {"conflict": size} if tr.slope < 0 else {"cooperation": size},
    )


def _structural_pressure(c: PairContext) -> Fired | None:
    pressure, triads = c.f.pressure(c.a, c.b)
    if not triads or abs(pressure) < c.th.pressure:
        return None
    # the pull toward friendship is a pull toward agreement until they have agreed
    toward = "cooperation" if c.agreed else "agreement"
    return (
        {"pressure": pressure, "triads": float(triads), "agreed": float(c.agreed)},
        {
            toward: c.w.structural_pressure * max(0.0, pressure),
            "conflict": c.w.structural_pressure * max(0.0, -pressure),
        },
    )


# ------------------------------------------------------------------ plain words
def _num(x: float) -> str:
    return f"{x:.2f}"


def _says_current(ft: dict[str, float]) -> str:
    shares = sorted(((ft[f"share_{k}"], k) for k in KINDS), reverse=True)
    main = shares[0][1]
    mix = ", ".join(f"{k} {s:.0%}" for s, k in shares if s and k != main)
    return (
        f"their relationship now is mainly {main}"
        + (f" (with {mix})" if mix else "")
        + f", strength {_num(ft['strength'])}"
    )


def _says_alignment(ft: dict[str, float]) -> str:
    n = int(ft["shared_goals"])
    goals = f"{n} goal{'s' if n != 1 else ''} both have a view on"
    if ft["alignment"] > 0:
        extra = "" if ft.get("agreed", 1.0) else "; no agreement yet, so it points to agreement"
        return f"their goals agree ({_num(ft['alignment'])} over {goals}){extra}"
    return f"their goals clash ({_num(ft['alignment'])} over {goals})"


def _says_conditions(ft: dict[str, float]) -> str:
    held = []
    if ft.get("channel"):
        hops = int(ft.get("channel_hops", 0))
        held.append(f"a channel of friendly ties ({hops} step{'s' if hops != 1 else ''})")
    if ft.get("convener"):
        held.append("someone both trust who can bring them together")
    if ft.get("moderate_demands"):
        held.append("the other side expects moderate demands")
    return "what makes talks possible: " + ", ".join(held)


def _says_rebalanced(ft: dict[str, float]) -> str:
    names = {
        "advocate": "an advocate",
        "family_group_conference": "a family group conference",
        "law": "the law",
        "authority_redistribution": "a redistribution of authority",
    }
    return "the power gap is rebalanced by " + " and ".join(v for k, v in names.items() if ft[k])


def _says_involuntary(ft: dict[str, float]) -> str:
    what = "mandated into this relationship" if ft["mandated"] else "not here by choice"
    months = ft.get("hostile_months", 0.0)
    if months >= 0.5:
        what += f"; {months:.0f} months of unbroken hostility"
    return what


def _says_perception(ft: dict[str, float]) -> str:
    out = []
    for tag, who in (("a", "one side"), ("b", "the other side")):
        shares = {k: ft.get(f"{tag}_sees_{k}") for k in KINDS}
        if all(v is None for v in shares.values()):
            continue
        main = max(KINDS, key=lambda k: shares[k] or 0.0)
        out.append(f"{who} sees it as mainly {main}")
    return "; ".join(out)


def _says_trend(ft: dict[str, float]) -> str:
    way = "worse" if ft["slope_per_30_days"] < 0 else "better"
    return (
        f"getting {way} over the last {ft['days']:.0f} days "
        f"({ft['slope_per_30_days']:+.2f} a month on a scale of -1 to 1)"
    )


def _says_pressure(ft: dict[str, float]) -> str:
    n = int(ft["triads"])
    who = f"{n} shared contact{'s' if n != 1 else ''}"
    if ft["pressure"] < 0:
        return f"their ties to {who} pull them apart"
    if ft.get("agreed", 1.0):
        return f"their ties to {who} pull them together"
    return f"their ties to {who} pull them together, toward an agreement first"


RULEBOOK: tuple[Rule, ...] = (
    Rule(
        "current_state",
        "the relationship now",
        "all three types will always be present to a greater or lesser degree; relationships "
        "never end, they just change",
        "000, Types of Social Worker-Client Relationships",
        ("current_state",),
        ("the present relationship: mix and strength",),
        "`w * strength * share` to each type",
        "the recorded relationship is the strongest evidence of what it will be: a pure "
        "conflict at full strength alone gives about 0.86 conflict",
        _current_state,
        _says_current,
    ),
    Rule(
        "first_stage",
        "first stage",
        "agreement is the first stage of every relationship: each side learns the other's "
        "intentions, requirements and expected results",
        "000, the stage of concluding an agreement",
        ("first_stage",),
        ("no present relationship",),
        "agreement",
        "unrelated pairs start by learning each other's intentions: a mild lean to agreement",
        _first_stage,
        lambda ft: "no relationship yet: agreement is where every relationship starts",
    ),
    Rule(
        "role_action",
        "roles: action system",
        "the change agent cooperates with the action system",
        "000, the ecosystem model (Pincus & Minahan)",
        ("role_action",),
        ("roles",),
        "cooperation",
        "the model's expectation, weaker than any observed tie",
        _role_action,
        lambda ft: "a change agent and someone of the action system",
    ),
    Rule(
        "role_client",
        "roles: client system",
        "the change agent works with the client system: those who ask for help and contract "
        "to cooperate on their situation",
        "000, the ecosystem model (Pincus & Minahan)",
        ("role_client",),
        ("roles",),
        "agreement",
        "the contract is an agreement first",
        _role_client,
        lambda ft: "a change agent and a client",
    ),
    Rule(
        "role_target",
        "roles: target system",
        "the change agent finds ways of influencing the target system",
        "000, the ecosystem model (Pincus & Minahan)",
        ("role_target",),
        ("roles",),
        "agreement",
        "influence is sought through bargaining before anything else; small",
        _role_target,
        lambda ft: "the worker's side and a target of the change",
    ),
    Rule(
        "goal_alignment",
        "goals",
        "cooperation is possible only when the goals, actions and values of the two sides "
        "correlate; conflict arises when goals and requirements do not coincide",
        "000, cooperation and conflict",
        ("goal_alignment",),
        ("alignment", "agreement in place"),
        "`w * max(0, a)` to cooperation if they have agreed (present relationship mainly "
        "cooperation or agreement, or an agreement in force), else to agreement; "
        "`w * max(0, -a)` to conflict",
        "full agreement or full opposition on every shared goal is strong evidence, below an "
        "observed tie; shared goals alone lead to an agreement, not straight to cooperation "
        "(\"cooperation is possible only if there is an agreement ... about the efforts to "
        "achieve change\")",
        _goal_alignment,
        _says_alignment,
    ),
    Rule(
        "joint_goal_threat",
        "threat of the joint goals",
        "conflict becomes inevitable when the joint goals of worker and client threaten the "
        "target system",
        "000, conflict",
        ("joint_goal_threat",),
        ("threat",),
        "`w * threat` to conflict",
        '"inevitable": the strongest rule after the current state',
        _joint_goal_threat,
        lambda ft: f"the joint goals of worker and client threaten this side "
        f"({_num(ft['threat'])} on a scale of 0 to 1)",
    ),
    Rule(
        "discrepancy",
        "discrepancy",
        "the worker should seek an agreement when there are noticeable discrepancies between "
        "the joint goals of worker and client and the target system, which sees the goals of "
        "change as not fully in its interests",
        "000, when to seek an agreement (ecosystem model)",
        ("discrepancy",),
        ("discrepancy", "threat"),
        "`w * discrepancy` to agreement (only while threat < `inevitable`, 0.7)",
        "the text's first condition for bargaining",
        _discrepancy,
        lambda ft: f"this side holds back on the joint goals ({_num(ft['discrepancy'])} "
        "on a scale of 0 to 1)",
    ),
    Rule(
        "negotiation",
        "conditions for negotiating",
        "the worker should seek an agreement when there are conditions for negotiating and a "
        "way to bring both sides at least to a compromise",
        "000, when to seek an agreement (ecosystem model)",
        ("negotiation",),
        ("channel", "convener", "moderate demands"),
        "`w * n/3` to agreement, n = conditions holding",
        "each of the three conditions counts a third",
        _negotiation,
        _says_conditions,
    ),
    Rule(
        "no_negotiation",
        "no way to negotiate",
        "conflict arises when the parties cannot reach agreement or compromise",
        "000, conflict",
        ("no_negotiation",),
        ("channel", "convener", "moderate demands", "alignment", "threat"),
        "conflict, when no condition holds and the sides disagree",
        "absence of every channel is a real but indirect sign",
        _no_negotiation,
        lambda ft: "nothing makes talks possible: no channel of friendly ties, no one both "
        "trust, no expectation of moderate demands",
    ),
    Rule(
        "power_gap",
        "power gap",
        "power is part of every relationship: cooperation becomes possible only when the party "
        "believes it is not dangerous for its interests",
        "001 (power imbalance); 000, cooperation",
        ("power_gap",),
        ("power gap",),
        "`-w * gap` to cooperation, `w * gap / 2` to conflict",
        "a large gap makes trust dangerous for the weaker side; it does not by itself make "
        "conflict certain",
        _power_gap,
        lambda ft: f"a power gap of {_num(ft['gap'])} ({_num(ft['power_a'])} against "
        f"{_num(ft['power_b'])})",
    ),
    Rule(
        "rebalanced",
        "power rebalanced",
        "what rebalances power: an advocate for the client, a family group conference, law, a "
        "temporary redistribution of authority between agencies",
        "001 (advocates, family group conferences); 000, Table 9.2",
        ("rebalanced",),
        ("power gap", "advocate", "agreements in force", "relationship basis"),
        "agreement",
        "a rebalanced gap makes bargaining possible",
        _rebalanced,
        _says_rebalanced,
    ),
    Rule(
        "involuntary",
        "involuntary client",
        "involuntary or mandated clients: hostility can be sustained for months because "
        "neither side can walk away",
        "001 (involuntary clients)",
        ("involuntary", "sustained_hostility"),
        ("constrained", "hostile months"),
        "`w + w_sustained * min(months, 6)/6` to conflict",
        "the constraint itself, plus the months of hostility (saturating at six months)",
        _involuntary,
        _says_involuntary,
    ),
    Rule(
        "law_basis",
        "basis of law",
        "parties of unequal power and status agree on the basis of law",
        "000, Table 9.2 (M. Horn: law)",
        ("law_basis",),
        ("constrained", "power gap"),
        "agreement (mandated client, large gap)",
        "the probation officer and the released accused",
        _law_basis,
        lambda ft: f"a legal mandate across a power gap of {_num(ft['gap'])}",
    ),
    Rule(
        "voluntary",
        "voluntary client",
        "the client asks for help and contracts to cooperate; cooperation becomes possible "
        "when the party believes it is not dangerous or unprofitable for its interests",
        "000, the ecosystem model; cooperation",
        ("voluntary",),
        ("constrained",),
        "cooperation",
        "a voluntary client chose the help",
        _voluntary,
        lambda ft: "the client came by choice",
    ),
    Rule(
        "agreement_in_force",
        "agreement in force",
        "agreement (bargaining, contract): each side cedes something rather than give up",
        "000, agreement",
        ("agreement_in_force",),
        ("agreements in force",),
        "agreement",
        "a binding contract between the sides; without `--as-of`, only one still in force at "
        "the case's present, its latest recorded event "
        "([case-format.md](case-format.md#agreements))",
        _agreement_in_force,
        lambda ft: f"{int(ft['agreements'])} agreement(s) between them in force",
    ),
    Rule(
        "agreement_broken",
        "broken agreement",
        "conflict arises when the parties cannot reach agreement or compromise, or act "
        "incoherently after a stage of work",
        "000, conflict",
        ("agreement_broken",),
        ("broken agreements",),
        "conflict",
        "a broken contract is as strong as a kept one, the other way",
        _agreement_broken,
        lambda ft: f"{int(ft['agreements'])} agreement(s) between them broken",
    ),
    Rule(
        "perception",
        "each side's view",
        "each side may see the relationship differently: the client may not see the worker's "
        "efforts positively, and cooperation needs the client to see them so",
        "000, cooperation; 001",
        ("perception",),
        ("one side's own view",),
        "each side's own view, `w * strength * share`, averaged over the sides",
        "one side's view counts less than the shared record (2.5)",
        _perception,
        _says_perception,
    ),
    Rule(
        "trend",
        "trend",
        "relationships never end, they just change: the recent history moves this way",
        "002 (relationships always change)",
        ("trend",),
        ("trend",),
        "`w * min(1, abs(slope))` to conflict (falling) or cooperation (rising)",
        "a change of one full unit a month saturates",
        _trend,
        _says_trend,
    ),
    Rule(
        "structural_pressure",
        "structural balance",
        "structural balance: two sides with a friend in common tend to draw together, and two "
        "sides on opposite sides of a third party's conflict tend to draw apart",
        "Heider (1946); Davis (1967) for weak balance -- not in the model's sources",
        ("structural_pressure",),
        ("structural pressure", "agreement in place"),
        "`w * max(0, p)` to cooperation if they have agreed, else to agreement; "
        "`w * max(0, -p)` to conflict",
        "calibrated on a time split of a real network (see [below](#the-structural-part-"
        "calibrated-on-real-data)); it was 1.0, the size of a role expectation; on its own it "
        "never makes two sides that have not agreed likely co-operators",
        _structural_pressure,
        _says_pressure,
    ),
)

#: Rule id -> rule.
RULE_INDEX: dict[str, Rule] = {r.id: r for r in RULEBOOK}

_START = "<!-- rule table: generated by `python -m ecograph.analysis.rulebook docs/analysis.md` -->"
_END = "<!-- end of rule table -->"


def rule_table() -> str:
    """Return the rule table of ``docs/analysis.md`` (Markdown), from :data:`RULEBOOK`.

    The default weights are read from :class:`~ecograph.analysis.params.RuleWeights`.
    """
    from ecograph.analysis.params import RuleWeights

    defaults = RuleWeights()
    lines = [
        "| rule | the model's words | source | adds | default | why this size |",
        "|---|---|---|---|---|---|",
    ]
    for r in RULEBOOK:
        weight = " + ".join(f"{getattr(defaults, w):g}" for w in r.weights)
        cells = [f"`{r.id}`", r.quote, r.source, r.adds, weight, r.why]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([_START, *lines, _END])


def replace_rule_table(text: str) -> str:
    """Return ``text`` with its generated rule table replaced by :func:`rule_table`."""
    start, end = text.index(_START), text.index(_END) + len(_END)
    return text[:start] + rule_table() + text[end:]


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    from ecograph.io.atomic import atomic_write

    doc = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/analysis.md")
    atomic_write(doc, replace_rule_table(doc.read_text(encoding="utf-8")))
