"""Where agreement or conflict is likely, and why: the ecosystem model's rules as a scoring model.

For every pair that matters -- each present relationship, and each pair of a change agent or a
client with a target or action-system actor, related or not -- :func:`assess` gives the
likelihood of cooperation, agreement and conflict (summing to 1), the dominant type, and the
reasons: each the rule in the model's words, the feature values it saw, and how far it moved
each likelihood.

The model is additive on log-odds. The three types start level (1/3 each: "all three will
always be present to a greater or lesser degree"); each rule that fires adds ``weight x
feature`` to the scores of the types it speaks for; a softmax gives the likelihoods. Rules are
applied in a fixed order (:data:`RULES`) and a reason's ``effect`` is the change of each
likelihood when its rule was added, so the effects add up to the distance from 1/3. All weights
and thresholds are in :class:`~ecograph.analysis.params.Params`.

For each target and action-system actor, :func:`assess` also suggests a tactic (cooperation,
bargaining on one of M. Horn's bases, or conflict as a deliberate tactic with its risk), citing
the conditions that led to it.

Examples
--------
>>> from ecograph import load_graph
>>> a = assess(load_graph("examples/child-protection.yaml"), as_of=dt.date(2026, 8, 31))
>>> pair = a.pair("susan", "roberta")
>>> pair.dominant, round(sum(pair.likelihood.values()), 6)
('conflict', 1.0)
>>> [t.basis for t in a.tactics if t.actor == "roberta"]
['law']

References
----------
.. [1] Pincus, A. & Minahan, A. (1973). *Social Work Practice: Model and Method*. Peacock.
.. [2] Horn, M. -- the bases of agreement (culture, compromise, exchange, authority
   redistribution, law), as summarised in ``shared/domain/ecosystem-model.md`` section 2.
.. [3] Heider, F. (1946). Attitudes and cognitive organization. *J. Psychology* 21, 107-112.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from ecograph.analysis.features import CaseFeatures, case_features
from ecograph.analysis.params import Params
from ecograph.analysis.trend import relationship_trend
from ecograph.graph import EcoGraph
from ecograph.model import AgreementBasis, Relationship, RelationType, Role

__all__ = [
    "KINDS",
    "RULES",
    "Assessment",
    "PairAssessment",
    "Reason",
    "Tactic",
    "assess",
    "assess_pair",
]

#: The three relationship types, in the order of every likelihood dict.
KINDS: tuple[str, ...] = ("cooperation", "agreement", "conflict")

#: Each rule: its id and its words (the model's, from ecosystem-model.md sections 2-4).
RULES: dict[str, str] = {
    "current_state": "all three types will always be present to a greater or lesser degree; "
    "relationships never end, they just change",
    "first_stage": "agreement is the first stage of every relationship: each side learns the "
    "other's intentions, requirements and expected results",
    "role_action": "the change agent cooperates with the action system",
    "role_client": "the change agent works with the client system: those who ask for help "
    "and contract to cooperate on their situation",
    "role_target": "the change agent finds ways of influencing the target system",
    "goal_alignment": "cooperation is possible only when the goals, actions and values of the "
    "two sides correlate; conflict arises when goals and requirements do not coincide",
    "joint_goal_threat": "conflict becomes inevitable when the joint goals of worker and client "
    "threaten the target system",
    "discrepancy": "the worker should seek an agreement when there are noticeable discrepancies "
    "between the joint goals of worker and client and the target system, which sees the goals "
    "of change as not fully in its interests",
    "negotiation": "the worker should seek an agreement when there are conditions for "
    "negotiating and a way to bring both sides at least to a compromise",
    "no_negotiation": "conflict arises when the parties cannot reach agreement or compromise",
    "power_gap": "power is part of every relationship: cooperation becomes possible only when "
    "the party believes it is not dangerous for its interests",
    "rebalanced": "what rebalances power: an advocate for the client, a family group "
    "conference, law, a temporary redistribution of authority between agencies",
    "involuntary": "involuntary or mandated clients: hostility can be sustained for months "
    "because neither side can walk away",
    "law_basis": "parties of unequal power and status agree on the basis of law",
    "voluntary": "the client asks for help and contracts to cooperate; cooperation becomes "
    "possible when the party believes it is not dangerous or unprofitable for its interests",
    "agreement_in_force": "agreement (bargaining, contract): each side cedes something rather "
    "than give up",
    "agreement_broken": "conflict arises when the parties cannot reach agreement or compromise, "
    "or act incoherently after a stage of work",
    "perception": "each side may see the relationship differently: the client may not see the "
    "worker's efforts positively, and cooperation needs the client to see them so",
    "trend": "relationships never end, they just change: the recent history moves this way",
    "structural_pressure": "structural balance: the friend of a friend tends to become a friend, "
    "the enemy of a friend an enemy",
}

_HORN = {
    AgreementBasis.LAW: "law: parties of unequal power and status agree on the basis of law",
    AgreementBasis.EXCHANGE: "exchange: a party cooperates in exchange for something it values",
    AgreementBasis.AUTHORITY_REDISTRIBUTION: "authority redistribution: status and authority "
    "differences between systems block the work; they agree by redistributing authority for "
    "a time",
    AgreementBasis.CULTURE: "culture: the community's culture values cooperation and "
    "overcoming contradictions for a common cause",
    AgreementBasis.COMPROMISE: "compromise: negotiation uncovers hidden reserves or a "
    "compromise that allows the change",
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a likelihood moved.

    Attributes
    ----------
    rule : str
        The rule's id (a key of :data:`RULES`).
    quote : str
        The rule in the model's words.
    features : dict
        The feature values the rule saw.
    effect : dict
        How far it moved each likelihood (cooperation/agreement/conflict).
    score : dict
        What it added to each log-odds score.
    """

    rule: str
    quote: str
    features: dict[str, float]
    effect: dict[str, float]
    score: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "rule": self.rule,
            "quote": self.quote,
            "features": {k: _r(v) for k, v in self.features.items()},
            "effect": {k: _r(v) for k, v in self.effect.items()},
            "score": {k: _r(v) for k, v in self.score.items()},
        }


#: One rule's contribution as recorded: (rule, features, what it added to each score).
Contribution = tuple[str, dict[str, float], dict[str, float]]


@dataclass(frozen=True)
class PairAssessment:
    """The likelihoods of one pair and the reasons.

    Attributes
    ----------
    a, b : str
        The actors (for a change agent or client paired with a target or action actor, ``a`` is
        the change agent or client).
    related : bool
        Whether they have a relationship present on the date.
    likelihood : dict
        cooperation/agreement/conflict -> likelihood (summing to 1).
    dominant : str
        The most likely type.
    contributions : tuple
        Each rule that fired, in order: (rule, features, score added to each type). The
        :attr:`reasons` are derived from them when first read.
    current : str or None
        The dominant type of the present relationship, if any.
    """

    a: str
    b: str
    related: bool
    likelihood: dict[str, float]
    dominant: str
    contributions: tuple[Contribution, ...] = field(repr=False)
    current: str | None = None

    @property
    def reasons(self) -> list[Reason]:
        """The reasons, in the order the rules were applied (see :class:`Reason`)."""
        cached: list[Reason] | None = self.__dict__.get("_reasons")
        if cached is None:
            cached = _reasons(self.contributions)
            object.__setattr__(self, "_reasons", cached)
        return cached

    def reason(self, rule: str) -> Reason | None:
        """Return the reason from ``rule`` if it fired."""
        for r in self.reasons:
            if r.rule == rule:
                return r
        return None

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "a": self.a,
            "b": self.b,
            "related": self.related,
            "current": self.current,
            "likelihood": {k: _r(v) for k, v in self.likelihood.items()},
            "dominant": self.dominant,
            "reasons": [r.to_json() for r in self.reasons],
        }


@dataclass(frozen=True)
class Tactic:
    """A suggested tactic toward one target or action-system actor.

    Attributes
    ----------
    actor : str
        The target or action-system actor.
    tactic : str
        ``"cooperation"``, ``"bargaining"`` or ``"conflict"``.
    basis : str or None
        For bargaining: M. Horn's basis (law, exchange, authority_redistribution, culture,
        compromise).
    deliberate_conflict : bool
        Conflict as a deliberate tactic (flagged, with its risk).
    risk : str or None
        The risk of the tactic, when there is a notable one.
    conditions : list of str
        The conditions that led to the suggestion, with their numbers.
    by : str
        The change agent the suggestion is for.
    """

    actor: str
    tactic: str
    basis: str | None
    deliberate_conflict: bool
    risk: str | None
    conditions: list[str]
    by: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "actor": self.actor,
            "by": self.by,
            "tactic": self.tactic,
            "basis": self.basis,
            "deliberate_conflict": self.deliberate_conflict,
            "risk": self.risk,
            "conditions": list(self.conditions),
        }


@dataclass
class Assessment:
    """The assessment of a case on a date.

    Attributes
    ----------
    pairs : list of PairAssessment
    tactics : list of Tactic
    as_of : date or None
    params : Params
    """

    pairs: list[PairAssessment]
    tactics: list[Tactic]
    as_of: dt.date | None
    params: Params
    _index: dict[frozenset[str], PairAssessment] = field(default_factory=dict, repr=False)

    def pair(self, a: str, b: str) -> PairAssessment:
        """Return the assessment of ``a`` and ``b`` (either order); KeyError if not assessed."""
        if not self._index:
            self._index = {frozenset((p.a, p.b)): p for p in self.pairs}
        return self._index[frozenset((a, b))]

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "pairs": [p.to_json() for p in self.pairs],
            "tactics": [t.to_json() for t in self.tactics],
        }


def _r(x: float) -> float:
    return round(float(x), 4)


def _softmax(scores: list[float]) -> list[float]:
    c, a, k = scores
    m = max(c, a, k)
    ec, ea, ek = math.exp(c - m), math.exp(a - m), math.exp(k - m)
    total = ec + ea + ek
    return [ec / total, ea / total, ek / total]


_INDEX = {k: i for i, k in enumerate(KINDS)}


def _reasons(contributions: tuple[Contribution, ...]) -> list[Reason]:
    """Replay the contributions in order, recording how far each moved the likelihoods."""
    scores = [0.0, 0.0, 0.0]
    old = [1 / 3, 1 / 3, 1 / 3]
    out = []
    for rule, features, delta in contributions:
        for k, v in delta.items():
            scores[_INDEX[k]] += v
        new = _softmax(scores)
        out.append(
            Reason(
                rule,
                RULES[rule],
                features,
                {
                    "cooperation": new[0] - old[0],
                    "agreement": new[1] - old[1],
                    "conflict": new[2] - old[2],
                },
                {k: v for k, v in delta.items() if v},
            )
        )
        old = new
    return out


class _Scorer:
    """Accumulates rule contributions (the reasons are derived from them on demand)."""

    def __init__(self) -> None:
        self.scores = [0.0, 0.0, 0.0]
        self.contributions: list[Contribution] = []

    def add(self, rule: str, features: dict[str, float], delta: dict[str, float]) -> None:
        scores = self.scores
        for k, v in delta.items():
            scores[_INDEX[k]] += v
        self.contributions.append((rule, features, delta))


_ORDER = (Role.CHANGE_AGENT, Role.CLIENT, Role.ACTION)
_ALLIES = frozenset(_ORDER)
_NONE: frozenset[Role] = frozenset()


def _orient(f: CaseFeatures, a: str, b: str) -> tuple[str, str]:
    """Order a pair so that the change agent (else the client) comes first."""
    ra, rb = f.roles.get(a, _NONE), f.roles.get(b, _NONE)
    for role in _ORDER:
        in_a, in_b = role in ra, role in rb
        if in_a and not in_b:
            return a, b
        if in_b and not in_a:
            return b, a
    return a, b


def _worker_side(f: CaseFeatures, a: str, b: str) -> tuple[str, str] | None:
    """Return (worker-side end, target end) when one end is a target facing the worker's side."""
    ra, rb = f.roles.get(a, _NONE), f.roles.get(b, _NONE)
    for x, y, rx, ry in ((a, b, ra, rb), (b, a, rb, ra)):
        if Role.TARGET in ry and Role.TARGET not in rx and not _ALLIES.isdisjoint(rx):
            return x, y
    return None


def _hostile_months(rel: Relationship, as_of: dt.date | None) -> float:
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


def assess_pair(f: CaseFeatures, a: str, b: str) -> PairAssessment:
    """Assess one pair from the case features (see the module docstring).

    Parameters
    ----------
    f : CaseFeatures
        From :func:`~ecograph.analysis.features.case_features`.
    a, b : str
        The actors; reordered so that a change agent (else a client) comes first.

    Returns
    -------
    PairAssessment
    """
    a, b = _orient(f, a, b)
    w = f.params.weights
    th = f.params.thresholds
    sc = _Scorer()
    tie = f.tie(a, b)
    rel = f.graph.relationship(a, b)
    current: str | None = None

    # 1. the present relationship, or its absence
    if tie is not None:
        assert rel is not None
        state = rel.state(f.as_of)
        assert state is not None
        shares = {t.value: s for t, s in state.mix.weights().items()}
        current = state.type.value
        sc.add(
            "current_state",
            {"strength": state.strength, **{f"share_{k}": shares[k] for k in KINDS}},
            {k: w.current_state * state.strength * shares[k] for k in KINDS},
        )
    else:
        sc.add("first_stage", {"related": 0.0}, {"agreement": w.first_stage})

    # 2. roles
    ca_a, ca_b = f.has(a, Role.CHANGE_AGENT), f.has(b, Role.CHANGE_AGENT)
    if ca_a != ca_b:
        other = b if ca_a else a
        if f.has(other, Role.ACTION):
            sc.add("role_action", {"action_system": 1.0}, {"cooperation": w.role_action})
        if f.has(other, Role.CLIENT):
            sc.add("role_client", {"client_system": 1.0}, {"agreement": w.role_client})
    ws = _worker_side(f, a, b)
    if ws is not None and (f.has(ws[0], Role.CHANGE_AGENT) or f.has(ws[0], Role.CLIENT)):
        sc.add("role_target", {"target_system": 1.0}, {"agreement": w.role_target})

    # 3. goals
    align, shared = f.alignment(a, b)
    if shared and abs(align) >= th.alignment:
        sc.add(
            "goal_alignment",
            {"alignment": align, "shared_goals": shared},
            {
                "cooperation": w.goal_alignment * max(0.0, align),
                "conflict": w.goal_alignment * max(0.0, -align),
            },
        )
    threat_info = f.threat(ws[1]) if ws is not None else None
    threat = discrepancy = 0.0
    if threat_info is not None:
        threat, discrepancy, n_joint = threat_info
        if threat >= th.threat:
            sc.add(
                "joint_goal_threat",
                {"threat": threat, "joint_goals": n_joint},
                {"conflict": w.joint_goal_threat * threat},
            )
        if discrepancy >= th.discrepancy and threat < th.inevitable:
            sc.add(
                "discrepancy",
                {"discrepancy": discrepancy, "threat": threat},
                {"agreement": w.discrepancy * discrepancy},
            )

    # 4. conditions for negotiating
    hops = f.channel(a, b)
    thirds = f.neutral_third(a, b)
    between_all = f.agreements_between(a, b)
    conveners = [ag for ag in between_all if ag.convener is not None and f.current(ag)]
    expects = False
    if ws is not None:
        attr = f.actors[ws[1]].attributes.get("expects_moderate_demands")
        if isinstance(attr, bool):
            expects = attr
        else:
            expects = threat_info is not None and 0 < threat <= th.moderate_demands
    conditions = {
        "channel": 1.0 if hops is not None else 0.0,
        "convener": 1.0 if thirds or conveners else 0.0,
        "moderate_demands": 1.0 if expects else 0.0,
    }
    n_cond = sum(conditions.values())
    disagree = (
        (shared > 0 and align <= -th.alignment)
        or threat >= th.threat
        or current == RelationType.CONFLICT.value
    )
    if n_cond:
        sc.add(
            "negotiation",
            {**conditions, "channel_hops": float(hops or 0), "conveners": len(thirds)},
            {"agreement": w.negotiation * n_cond / 3},
        )
    elif disagree:
        sc.add("no_negotiation", conditions, {"conflict": w.no_negotiation})

    # 5. power
    pa, pb = f.actors[a].power, f.actors[b].power
    gap = abs(pa - pb)
    if gap >= th.power_gap:
        weaker = b if pa > pb else a
        sc.add(
            "power_gap",
            {"gap": gap, "power_a": pa, "power_b": pb},
            {"cooperation": -w.power_gap * gap, "conflict": w.power_gap * gap / 2},
        )
        advocates = f.advocates(weaker)
        conferences = f.conferences(weaker)
        between = f.in_force(between_all)
        law = any(ag.basis == AgreementBasis.LAW for ag in between) or (
            rel is not None and rel.basis == AgreementBasis.LAW
        )
        authority = any(ag.basis == AgreementBasis.AUTHORITY_REDISTRIBUTION for ag in between) or (
            rel is not None and rel.basis == AgreementBasis.AUTHORITY_REDISTRIBUTION
        )
        found = {
            "advocate": float(len(advocates)),
            "family_group_conference": float(len(conferences)),
            "law": float(law),
            "authority_redistribution": float(authority),
        }
        if any(found.values()):
            sc.add("rebalanced", found, {"agreement": w.rebalanced})

    # 6. voluntariness
    ca_end = a if ca_a else (b if ca_b else None)
    if ca_end is not None:
        client = b if ca_end == a else a
        if f.has(client, Role.CLIENT):
            how = f.constrained(client, rel)
            if how is not None:
                months = _hostile_months(rel, f.as_of) if rel is not None else 0.0
                sustained = min(months, th.hostile_months_cap) / th.hostile_months_cap
                sc.add(
                    "involuntary",
                    {"mandated": float(how == "mandated"), "hostile_months": months},
                    {"conflict": w.involuntary + w.sustained_hostility * sustained},
                )
                if gap >= th.power_gap and how == "mandated":
                    sc.add("law_basis", {"gap": gap, "mandated": 1.0}, {"agreement": w.law_basis})
            elif f.voluntary(client):
                sc.add("voluntary", {"voluntary": 1.0}, {"cooperation": w.voluntary})

    # 7. agreements
    in_force = f.in_force(between_all)
    if in_force:
        sc.add(
            "agreement_in_force",
            {"agreements": float(len(in_force))},
            {"agreement": w.agreement_in_force},
        )
    broken = f.broken(between_all)
    if broken:
        sc.add(
            "agreement_broken",
            {"agreements": float(len(broken))},
            {"conflict": w.agreement_broken},
        )

    # 8. one-sided views, history and trend
    if rel is not None and tie is not None:
        views = {}
        for end in (a, b):
            own = [
                o
                for o in rel.sorted_history()
                if o.perceived_by == end and (f.as_of is None or o.date <= f.as_of)
            ]
            seen_state = own[-1].as_state() if own else None
            if seen_state is None:
                for pc in rel.perceptions:
                    if pc.by == end:
                        seen_state = rel.perceived_by(end, f.as_of)
            if seen_state is not None:
                views[end] = seen_state
        if views:
            delta = {k: 0.0 for k in KINDS}
            feats: dict[str, float] = {}
            for end, st in views.items():
                tag = "a" if end == a else "b"
                for t, share in st.mix.weights().items():
                    delta[t.value] += w.perception * st.strength * share / len(views)
                    feats[f"{tag}_sees_{t.value}"] = share
            sc.add("perception", feats, delta)
        tr = relationship_trend(rel, as_of=f.as_of, weights=f.params.signs, window=th.trend_window)
        if tr is not None and abs(tr.slope) >= th.trend and tr.slope != 0:
            size = w.trend * min(1.0, abs(tr.slope))
            sc.add(
                "trend",
                {
                    "slope_per_30_days": tr.slope,
                    "points": float(tr.points),
                    "days": float((tr.last - tr.first).days),
                },
                {"conflict": size} if tr.slope < 0 else {"cooperation": size},
            )

    # 9. structural pressure of the triads
    pressure, triads = f.pressure(a, b)
    if triads and abs(pressure) >= th.pressure:
        sc.add(
            "structural_pressure",
            {"pressure": pressure, "triads": float(triads)},
            {
                "cooperation": w.structural_pressure * max(0.0, pressure),
                "conflict": w.structural_pressure * max(0.0, -pressure),
            },
        )

    likelihood = dict(zip(KINDS, _softmax(sc.scores), strict=True))
    # ties: the cautious reading wins (conflict, then agreement), as for mixes
    dominant = max(reversed(KINDS), key=lambda k: likelihood[k])
    return PairAssessment(
        a=a,
        b=b,
        related=tie is not None,
        likelihood=likelihood,
        dominant=dominant,
        contributions=tuple(sc.contributions),
        current=current,
    )


def _pairs_to_assess(f: CaseFeatures) -> list[tuple[str, str]]:
    seen: set[frozenset[str]] = set()
    out: list[tuple[str, str]] = []
    for u, v in f.signed.edges():
        key = frozenset((u, v))
        if key not in seen:
            seen.add(key)
            out.append((u, v))
    movers = f.own(Role.CHANGE_AGENT) + f.own(Role.CLIENT)
    others = f.own(Role.TARGET) + f.own(Role.ACTION)
    for x in dict.fromkeys(movers):
        for y in dict.fromkeys(others):
            key = frozenset((x, y))
            if x != y and key not in seen:
                seen.add(key)
                out.append((x, y))
    return out


def primary_change_agent(f: CaseFeatures) -> str | None:
    """Return the change agent with the most present ties (ties broken by case order)."""
    agents = f.own(Role.CHANGE_AGENT)
    if not agents:
        return None
    return max(agents, key=lambda x: (f.signed.degree(x), -agents.index(x)))


def _change_agent_for(f: CaseFeatures, actor: str, default: str) -> str:
    """Return the change agent to pair with ``actor``.

    ``default`` if it has a present tie to ``actor``; else the change agent with the strongest
    present tie; else ``default``.
    """
    if f.tie(default, actor) is not None:
        return default
    best, strength = default, -1.0
    for nb, d in f.signed[actor].items() if actor in f.signed else []:
        if f.has(nb, Role.CHANGE_AGENT) and Role.CHANGE_AGENT in f.actors[nb].roles:
            if float(d["weight"]) > strength:
                best, strength = nb, float(d["weight"])
    return best


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def suggest_tactic(f: CaseFeatures, pa: PairAssessment, actor: str) -> Tactic:
    """Suggest a tactic toward ``actor`` from the assessment of its pair with a change agent.

    The order of the checks: conflict as a deliberate tactic (the joint goals threaten the
    target at or above ``thresholds.inevitable`` and no condition for negotiating holds and no
    legal basis exists); cooperation (its likelihood dominates and reaches
    ``thresholds.cooperation_tactic``); otherwise bargaining on the first of M. Horn's bases
    that fits: law, exchange, authority redistribution, culture, compromise.
    """
    th = f.params.thresholds
    worker = pa.a if pa.b == actor else pa.b
    rel = f.graph.relationship(worker, actor)
    p = pa.likelihood
    conds: list[str] = [
        f"likelihood with {worker}: cooperation {_fmt(p['cooperation'])}, agreement "
        f"{_fmt(p['agreement'])}, conflict {_fmt(p['conflict'])}"
    ]
    threat_info = f.threat(actor) if f.has(actor, Role.TARGET) else None
    threat = threat_info[0] if threat_info else 0.0
    gap = f.actors[worker].power - f.actors[actor].power
    mandate = f.constrained(actor, rel) == "mandated" or (
        rel is not None and rel.basis == AgreementBasis.LAW
    )
    neg = pa.reason("negotiation")
    if threat >= th.inevitable and neg is None and not mandate:
        conds.append(
            f"the joint goals of worker and client threaten {actor} (threat {_fmt(threat)} >= "
            f"{_fmt(th.inevitable)}): conflict becomes inevitable"
        )
        conds.append(
            "no condition for negotiating holds (no channel of non-hostile ties, no "
            "convener, no expectation of moderate demands)"
        )
        return Tactic(
            actor=actor,
            tactic="conflict",
            basis=None,
            deliberate_conflict=True,
            risk="a deliberate conflict may break relations with the target system for good; "
            "the target may turn against the client, and the worker loses the option of a "
            "later agreement -- use only when the threat of breaking relations is already "
            "apparent, and plan how to return to negotiation",
            conditions=conds,
            by=worker,
        )
    if pa.dominant == "cooperation" and p["cooperation"] >= th.cooperation_tactic:
        align = pa.reason("goal_alignment")
        if align is not None:
            conds.append(f"goals correlate (alignment {_fmt(align.features['alignment'])})")
        if pa.current:
            conds.append(f"the present relationship is mainly {pa.current}")
        return Tactic(actor, "cooperation", None, False, None, conds, worker)

    basis: AgreementBasis
    if abs(gap) >= th.power_gap and mandate:
        basis = AgreementBasis.LAW
        stronger, weaker = (worker, actor) if gap > 0 else (actor, worker)
        conds.append(
            f"power gap {_fmt(abs(gap))} (>= {_fmt(th.power_gap)}): {stronger} "
            f"({_fmt(f.actors[stronger].power)}) over {weaker} "
            f"({_fmt(f.actors[weaker].power)})"
        )
        if f.constrained(actor, rel) == "mandated":
            conds.append(f"a legal mandate binds {actor} to the relationship")
        else:
            conds.append(f"the relationship with {actor} rests on law (basis: law)")
    elif (offer := _exchange_goal(f, worker, actor)) is not None:
        basis = AgreementBasis.EXCHANGE
        if offer.startswith("agreement "):
            conds.append(
                f"an exchange ({offer}) is in force with {actor}: each side gives "
                "something the other values"
            )
        else:
            conds.append(
                f"{actor} values {offer}, which the worker's side does not oppose, "
                "and holds back on the joint goals: something to offer on each side"
            )
    elif (status := _status_block(f, worker, actor)) is not None:
        basis = AgreementBasis.AUTHORITY_REDISTRIBUTION
        conds.append(status)
    elif (cause := _common_cause(f, actor)) is not None:
        basis = AgreementBasis.CULTURE
        conds.append(cause)
    else:
        basis = AgreementBasis.COMPROMISE
        conds.append("no stronger basis fits: seek a compromise that allows the change")
    if threat_info is not None and threat_info[1] >= th.discrepancy:
        conds.append(
            f"noticeable discrepancy between the joint goals and {actor} ({_fmt(threat_info[1])})"
        )
    if neg is not None:
        held = [
            k.replace("_", " ")
            for k in ("channel", "convener", "moderate_demands")
            if neg.features.get(k)
        ]
        conds.append("conditions for negotiating: " + ", ".join(held))
    conds.insert(1, _HORN[basis])
    risk = None
    if pa.dominant == "conflict":
        risk = "conflict is the most likely outcome now; bargaining may fail without a convener"
    return Tactic(actor, "bargaining", basis.value, False, risk, conds, worker)


def _exchange_goal(f: CaseFeatures, worker: str, actor: str) -> str | None:
    """Return what the worker side can offer ``actor`` in exchange, or None.

    An exchange needs something on each side: ``actor`` holds back on the joint goals
    (discrepancy at or above ``thresholds.discrepancy``, or no stance on them) and supports a
    goal of its own (not a joint goal) that the worker does not oppose; or an exchange
    agreement already binds them.
    """
    th = f.params.thresholds
    for ag in f.agreements_between(worker, actor):
        if ag.basis == AgreementBasis.EXCHANGE and f.binds(ag):
            return f"agreement {ag.id}"
    info = f.threat(actor)
    if info is not None and info[1] < th.discrepancy:
        return None
    mine = f.stances.get(worker, {})
    for goal, (s, _w) in sorted(f.stances.get(actor, {}).items()):
        if s < th.support or goal in f.joint_goals:
            continue
        theirs = mine.get(goal)
        if theirs is None or theirs[0] >= 0:
            return f"goal {goal!r}"
    return None


def _status_block(f: CaseFeatures, worker: str, actor: str) -> str | None:
    """Describe a status difference between agencies that blocks the work; or None."""
    from ecograph.model import ActorKind

    rel = f.graph.relationship(worker, actor)
    if rel is not None and rel.basis == AgreementBasis.AUTHORITY_REDISTRIBUTION:
        return f"the relationship with {actor} is already an agreement on redistributed authority"
    if f.actors[actor].kind != ActorKind.ORGANIZATION or actor not in f.signed:
        return None
    th = f.params.thresholds
    for x, d in sorted(f.signed[actor].items()):
        other = f.actors[x]
        if other.kind != ActorKind.ORGANIZATION or d["type"] == RelationType.COOPERATION:
            continue
        if not any(f.has(x, r) for r in (Role.ACTION, Role.CHANGE_AGENT, Role.TARGET)):
            continue
        gap = abs(other.power - f.actors[actor].power)
        if gap >= th.power_gap:
            return (
                f"status difference {_fmt(gap)} (>= {_fmt(th.power_gap)}) between the "
                f"agencies {actor} and {x}, whose tie is {d['type'].value}, not cooperation"
            )
    return None


def _common_cause(f: CaseFeatures, actor: str) -> str | None:
    """Return a joint goal the actor supports that most of the community supports; or None."""
    th = f.params.thresholds
    for goal in f.joint_goals:
        own = f.stances.get(actor, {}).get(goal)
        if own is None or own[0] < th.support:
            continue
        with_stance = [t[goal][0] for t in f.stances.values() if goal in t]
        share = sum(1 for s in with_stance if s >= th.support) / len(with_stance)
        if share >= th.culture_share:
            return (
                f"{actor} supports the common cause {goal!r}, backed by "
                f"{share:.0%} of those with a stance on it"
            )
    return None


def assess(
    graph: EcoGraph, *, params: Params | None = None, as_of: dt.date | None = None
) -> Assessment:
    """Assess every pair that matters and suggest a tactic toward each target and action actor.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    params : Params, optional
        Weights and thresholds (defaults in docs/analysis.md).
    as_of : date, optional
        Read the map as it stood on this date (default: the latest state).

    Returns
    -------
    Assessment
        ``pairs`` (every present relationship and every change-agent-or-client x
        target-or-action pair) and ``tactics``.
    """
    f = case_features(graph, params=params, as_of=as_of)
    return assess_features(f)


def assess_features(f: CaseFeatures) -> Assessment:
    """Run :func:`assess` on precomputed features."""
    todo = _pairs_to_assess(f)
    f.prepare_pressure(todo)
    pairs = [assess_pair(f, a, b) for a, b in todo]
    result = Assessment(pairs=pairs, tactics=[], as_of=f.as_of, params=f.params)
    primary = primary_change_agent(f)
    if primary is not None:
        for actor_id in dict.fromkeys(f.own(Role.TARGET) + f.own(Role.ACTION)):
            worker = _change_agent_for(f, actor_id, primary)
            try:
                pa = result.pair(worker, actor_id)
            except KeyError:
                continue
            result.tactics.append(suggest_tactic(f, pa, actor_id))
    return result
