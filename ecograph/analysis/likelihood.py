"""Where agreement or conflict is likely, and why: the ecosystem model's rules as a scoring model.

For every pair that matters -- each present relationship, and each pair of a change agent or a
client with a target or action-system actor, related or not -- :func:`assess` gives a score for
cooperation, agreement and conflict (summing to 1), the dominant type, and the reasons: each the
rule in the model's words, the feature values it saw, and what it added to each type.

The scores are not measured probabilities: they come from weighted rules. The model is additive
on log-odds. The three types start level (1/3 each: "all three will always be present to a
greater or lesser degree"); each rule of :data:`~ecograph.analysis.rulebook.RULEBOOK` that fires
adds ``weight x feature`` to the log-odds of the types it speaks for; a softmax gives the
likelihoods. A reason's ``effect`` is its own contribution to each type's log-odds, measured
against the mean of the three (a softmax ignores a shift common to all three): it does not depend
on the order in which the rules run, and the likelihoods are the softmax of the summed effects.
All weights and thresholds are in :class:`~ecograph.analysis.params.Params`.

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
.. [4] Davis, J. A. (1967). Clustering and structural balance in graphs. *Human Relations*
   20, 181-187.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ecograph.analysis.features import CaseFeatures, case_features
from ecograph.analysis.lazy import LazySequence
from ecograph.analysis.pairscore import (
    BATCH_RULES,
    PairGrid,
    pair_grid,
    pressure_pairs,
    score_pairs,
)
from ecograph.analysis.params import Params, Thresholds
from ecograph.analysis.rulebook import KINDS, RULE_INDEX, RULEBOOK, PairContext, Rule
from ecograph.graph import EcoGraph
from ecograph.model import ActorKind, AgreementBasis, RelationType, Role

__all__ = [
    "KINDS",
    "RULES",
    "Assessment",
    "PairAssessment",
    "Reason",
    "Tactic",
    "assess",
    "assess_pair",
    "likelihood_word",
    "score_words",
    "scores_note",
]

#: Each rule: its id and its words (the model's; see :data:`~ecograph.analysis.rulebook.RULEBOOK`).
RULES: dict[str, str] = {r.id: r.quote for r in RULEBOOK}

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


def likelihood_word(score: float, thresholds: Thresholds | None = None) -> str:
    """Return "likely", "possible" or "unlikely" for a rule score (0..1).

    Likely from ``thresholds.likely`` (0.5), unlikely below ``thresholds.unlikely`` (0.2).

    Examples
    --------
    >>> likelihood_word(0.79), likelihood_word(0.3), likelihood_word(0.02)
    ('likely', 'possible', 'unlikely')
    """
    th = thresholds or Thresholds()
    if score >= th.likely:
        return "likely"
    if score < th.unlikely:
        return "unlikely"
    return "possible"


def score_words(score: float, thresholds: Thresholds | None = None) -> str:
    """Return a rule score in words first, with the number beside: ``likely (0.79)``.

    Every view that shows a score (the text report, the summary, the workspace) writes it so.

    Examples
    --------
    >>> score_words(0.7874), score_words(0.2041), score_words(0.0085)
    ('likely (0.79)', 'possible (0.20)', 'unlikely (0.01)')
    """
    return f"{likelihood_word(score, thresholds)} ({score:.2f})"


def scores_note(thresholds: Thresholds | None = None) -> str:
    """Return what every score is, said once above a report or panel that shows scores.

    Examples
    --------
    >>> scores_note().startswith("Scores come from the ecosystem model's weighted rules")
    True
    """
    th = thresholds or Thresholds()
    return (
        "Scores come from the ecosystem model's weighted rules (docs/analysis.md), not from "
        f"measured probabilities: likely from {th.likely:.2f}, unlikely below {th.unlikely:.2f}. "
        "A reason's number is what its rule adds to the score (log-odds)."
    )


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
        The rule's own contribution to each type's log-odds, against the mean of the three
        (cooperation/agreement/conflict); the same whatever order the rules run in.
    score : dict
        What it added to each log-odds score.
    says : str
        What the rule saw, in plain words.
    title : str
        The rule's name in plain words.
    """

    rule: str
    quote: str
    features: dict[str, float]
    effect: dict[str, float]
    score: dict[str, float] = field(default_factory=dict)
    says: str = ""
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "rule": self.rule,
            "title": self.title,
            "quote": self.quote,
            "says": self.says,
            "features": {k: _r(v) for k, v in self.features.items()},
            "effect": {k: _r(v) for k, v in self.effect.items()},
            "score": {k: _r(v) for k, v in self.score.items()},
        }

    def in_words(self, toward: str | None = None) -> str:
        """Return the reason in plain words: its rule's name, what it adds, what it saw.

        Parameters
        ----------
        toward : str, optional
            The type whose score is explained (default: the one the rule raises most).

        Examples
        --------
        >>> Reason("power_gap", "...", {}, {"cooperation": -0.65, "agreement": 0.13,
        ...        "conflict": 0.52}, says="a power gap of 0.65", title="power gap").in_words()
        'power gap (adds 0.52 toward conflict): a power gap of 0.65'
        """
        kind = toward or max(KINDS, key=lambda k: self.effect[k])
        size = self.effect[kind]
        what = f"adds {size:.2f} toward {kind}" if size > 0.005 else "no net effect"
        return f"{self.title} ({what}): {self.says}"


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
        cooperation/agreement/conflict -> rule score (summing to 1).
    dominant : str
        The type with the highest score.
    recorded : tuple or None
        Each rule that fired, in the order they ran: (rule, features, score added to each
        type); None when they were not kept (see :attr:`contributions`).
    current : str or None
        The dominant type of the present relationship, if any.
    rulebook : mapping
        The rules that ran, in order.
    features : CaseFeatures or None
        The case's features, to run the rules again when ``recorded`` is None.
    """

    a: str
    b: str
    related: bool
    likelihood: dict[str, float]
    dominant: str
    recorded: tuple[Contribution, ...] | None = field(repr=False)
    current: str | None = None
    rulebook: Mapping[str, Rule] = field(default_factory=lambda: RULE_INDEX, repr=False)
    features: CaseFeatures | None = field(default=None, repr=False, compare=False)

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """Each rule that fired, in the order they ran: (rule, features, score added to each).

        The :attr:`reasons` are derived from them when first read. Pairs of a big assessment
        keep only their scores; their rules run again, on the same features, when this is
        first read (the same rules on the same features give the same contributions).
        """
        if self.recorded is not None:
            return self.recorded
        cached: tuple[Contribution, ...] | None = self.__dict__.get("_contributions")
        if cached is None:
            if self.features is None:
                raise ValueError("a pair assessment with neither contributions nor features")
            _scores, cached, _ctx = _run_rules(
                self.features, self.a, self.b, tuple(self.rulebook.values())
            )
            object.__setattr__(self, "_contributions", cached)
        return cached

    @property
    def reasons(self) -> list[Reason]:
        """The reasons, in the order the rules ran (see :class:`Reason`)."""
        cached: list[Reason] | None = self.__dict__.get("_reasons")
        if cached is None:
            cached = [_reason(c, self.rulebook) for c in self.contributions]
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
        The conditions that led to the suggestion, with their numbers (the first gives the
        scores; the second, for bargaining, M. Horn's basis in the model's words).
    by : str
        The change agent the suggestion is for.
    levers : list of str
        When agreement is unlikely (below ``thresholds.unlikely``): what would change it, from
        the rules that hold it down.
    """

    actor: str
    tactic: str
    basis: str | None
    deliberate_conflict: bool
    risk: str | None
    conditions: list[str]
    by: str = ""
    levers: list[str] = field(default_factory=list)

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
            "levers": list(self.levers),
        }


@dataclass
class Assessment:
    """The assessment of a case on a date.

    Attributes
    ----------
    pairs : sequence of PairAssessment
        In assessment order; from :func:`assess`, a :class:`PairList` that makes the
        assessment of an unrelated pair when it is read.
    tactics : list of Tactic
    as_of : date or None
    params : Params
    """

    pairs: Sequence[PairAssessment]
    tactics: list[Tactic]
    as_of: dt.date | None
    params: Params
    _index: dict[frozenset[str], PairAssessment] = field(default_factory=dict, repr=False)

    def pair(self, a: str, b: str) -> PairAssessment:
        """Return the assessment of ``a`` and ``b`` (either order); KeyError if not assessed."""
        if isinstance(self.pairs, PairList):
            return self.pairs.find(a, b)
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


class PairList(LazySequence[PairAssessment]):
    """The pairs of an assessment: those run through the rule book, and scored unrelated pairs.

    A big case has hundreds of thousands of unrelated pairs (see
    :mod:`~ecograph.analysis.pairscore`); they are kept as arrays -- two actor indices and
    three log-odds scores -- and each becomes a :class:`PairAssessment` only when it is read
    (its reasons, when read, come from the rule book run on the pair). Reading a pair gives
    the assessment :func:`assess_pair` gives, score for score.

    Parameters
    ----------
    f : CaseFeatures
        The features the pairs were scored on.
    kept : list of PairAssessment
        The pairs run through the rule book.
    slot : ndarray of int
        For each position, its index in ``kept``, or -1 for a scored pair.
    grid : PairGrid
        The actors of the scored pairs (``ids``, ``a``, ``b``).
    row : ndarray of int
        For each position, its row of ``grid`` (-1 for a kept pair).
    scores : ndarray
        The log-odds (cooperation, agreement, conflict) of each grid row (NaN when not scored).
    """

    def __init__(
        self,
        f: CaseFeatures,
        kept: list[PairAssessment],
        slot: npt.NDArray[np.int64],
        grid: PairGrid,
        row: npt.NDArray[np.int64],
        scores: npt.NDArray[np.float64],
    ) -> None:
        self._f = f
        self._kept = kept
        self._slot = slot
        self._grid = grid
        self._row = row
        self._scores = scores
        self._kept_at: dict[frozenset[str], int] | None = None
        self._index = {x: i for i, x in enumerate(grid.ids)}
        self._keys: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None

    def __len__(self) -> int:
        return len(self._slot)

    def item(self, i: int) -> PairAssessment:
        """Return the pair's assessment at ``i``."""
        slot = int(self._slot[i])
        if slot >= 0:
            return self._kept[slot]
        r = int(self._row[i])
        g = self._grid
        return _scored_pair(
            self._f, g.ids[int(g.a[r])], g.ids[int(g.b[r])], self._scores[r].tolist()
        )

    def at_least(self, kind: str, at_least: float) -> list[tuple[int, str, str, float]]:
        """Return (position, a, b, likelihood) of the pairs whose ``kind`` is at least ``at_least``.

        Without making the pairs' assessments; the likelihoods are the pairs' own, to the last
        bit (numpy only sifts out the pairs far below the cut). In no particular order.
        """
        k = _INDEX[kind]
        s = self._scores
        with np.errstate(invalid="ignore"):
            e = np.exp(s - np.max(s, axis=1, keepdims=True))
            share = e[:, k] / e.sum(axis=1)
        out = []
        kept = np.flatnonzero(self._slot >= 0)
        for i, slot in zip(kept.tolist(), self._slot[kept].tolist(), strict=True):
            p = self._kept[slot]
            if p.likelihood[kind] >= at_least:
                out.append((i, p.a, p.b, p.likelihood[kind]))
        scored = np.flatnonzero(self._slot < 0)
        rows = self._row[scored]
        near = share[rows] >= at_least - 1e-9
        scored, rows = scored[near], rows[near]
        g, ids = self._grid, self._grid.ids
        for i, row, x, y in zip(
            scored.tolist(), s[rows].tolist(), g.a[rows].tolist(), g.b[rows].tolist(), strict=True
        ):
            value = _softmax(row)[k]
            if value >= at_least:
                out.append((i, ids[x], ids[y], value))
        return out

    def find(self, a: str, b: str) -> PairAssessment:
        """Return the assessment of ``a`` and ``b`` (either order); KeyError if not assessed."""
        if self._kept_at is None:
            at = np.flatnonzero(self._slot >= 0)
            kept = [self._kept[slot] for slot in self._slot[at].tolist()]
            self._kept_at = {
                frozenset((p.a, p.b)): i for i, p in zip(at.tolist(), kept, strict=True)
            }
            g = self._grid
            n = len(g.ids)
            pos = np.flatnonzero(self._slot < 0)
            r = self._row[pos]
            key = np.minimum(g.a[r], g.b[r]) * n + np.maximum(g.a[r], g.b[r])
            order = np.argsort(key, kind="stable")
            self._keys = (key[order], pos[order])
        found = self._kept_at.get(frozenset((a, b)))
        if found is not None:
            return self.item(found)
        assert self._keys is not None
        index = self._index
        if a not in index or b not in index:
            raise KeyError(frozenset((a, b)))
        ia, ib = index[a], index[b]
        wanted = min(ia, ib) * len(self._grid.ids) + max(ia, ib)
        keys, pos = self._keys
        j = int(np.searchsorted(keys, wanted))
        if j < len(keys) and int(keys[j]) == wanted:
            return self.item(int(pos[j]))
        raise KeyError(frozenset((a, b)))


def _r(x: float) -> float:
    return round(float(x), 4)


def _softmax(scores: list[float]) -> list[float]:
    c, a, k = scores
    m = max(c, a, k)
    ec, ea, ek = math.exp(c - m), math.exp(a - m), math.exp(k - m)
    total = ec + ea + ek
    return [ec / total, ea / total, ek / total]


_INDEX = {k: i for i, k in enumerate(KINDS)}


def _reason(contribution: Contribution, rulebook: Mapping[str, Rule]) -> Reason:
    """Return the reason of one contribution: its own effect, centred on the mean of the types."""
    rule, features, delta = contribution
    mean = sum(delta.values()) / 3
    spec = rulebook[rule]
    return Reason(
        rule,
        spec.quote,
        features,
        {k: delta.get(k, 0.0) - mean for k in KINDS},
        {k: v for k, v in delta.items() if v},
        spec.says(features),
        spec.title,
    )


_ORDER = (Role.CHANGE_AGENT, Role.CLIENT, Role.ACTION)
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


def _run_rules(
    f: CaseFeatures, a: str, b: str, rules: Sequence[Rule]
) -> tuple[list[float], tuple[Contribution, ...], PairContext]:
    """Run ``rules`` on the pair (a, b), already oriented: (scores, contributions, context)."""
    ctx = PairContext(f, a, b)
    scores = [0.0, 0.0, 0.0]
    contributions: list[Contribution] = []
    index = _INDEX
    for rule_id, score in _SCORERS if rules is RULEBOOK else ((r.id, r.score) for r in rules):
        found = score(ctx)
        if found is None:
            continue
        features, delta = found
        for k, v in delta.items():
            scores[index[k]] += v
        contributions.append((rule_id, features, delta))
    return scores, tuple(contributions), ctx


#: (id, scoring function) of every rule of the rule book, in order.
_SCORERS = tuple((r.id, r.score) for r in RULEBOOK)


def assess_pair(
    f: CaseFeatures,
    a: str,
    b: str,
    *,
    rules: Sequence[Rule] = RULEBOOK,
    keep: bool = True,
) -> PairAssessment:
    """Assess one pair from the case features (see the module docstring).

    Parameters
    ----------
    f : CaseFeatures
        From :func:`~ecograph.analysis.features.case_features`.
    a, b : str
        The actors; reordered so that a change agent (else a client) comes first.
    rules : sequence of Rule, optional
        The rules to run, in this order (default: every rule of the rule book). The
        likelihoods and each reason's effect do not depend on the order.
    keep : bool
        Keep the contributions (default). If False, they are kept only for a related pair or
        a hotspot (conflict at or above ``thresholds.hotspot``); the others run their rules
        again when their reasons are read -- what keeps a big assessment small.

    Returns
    -------
    PairAssessment
    """
    a, b = _orient(f, a, b)
    scores, contributions, ctx = _run_rules(f, a, b, rules)
    likelihood, dominant = _likelihood(scores)
    related = ctx.tie is not None
    kept = keep or related or likelihood["conflict"] >= f.params.thresholds.hotspot
    return PairAssessment(
        a=a,
        b=b,
        related=related,
        likelihood=likelihood,
        dominant=dominant,
        recorded=contributions if kept else None,
        current=ctx.current,
        rulebook=RULE_INDEX if rules is RULEBOOK else {r.id: r for r in rules},
        features=None if kept else f,
    )


def _likelihood(scores: list[float]) -> tuple[dict[str, float], str]:
    """Return the likelihoods (softmax of the log-odds scores) and the dominant type."""
    shares = _softmax(scores)
    likelihood = dict(zip(KINDS, shares, strict=True))
    # ties: the cautious reading wins (conflict, then agreement), as for mixes
    top = 2
    for i in (1, 0):
        if shares[i] > shares[top]:
            top = i
    return likelihood, KINDS[top]


def _scored_pair(f: CaseFeatures, a: str, b: str, scores: list[float]) -> PairAssessment:
    """Return the assessment of an unrelated pair from its scores (reasons found when read)."""
    likelihood, dominant = _likelihood(scores)
    return PairAssessment(a, b, False, likelihood, dominant, None, None, RULE_INDEX, f)


def _related_pairs(f: CaseFeatures) -> tuple[list[tuple[str, str]], set[frozenset[str]]]:
    """Return the pairs with a present relationship or a mandate, and the set of them."""
    seen: set[frozenset[str]] = set()
    out: list[tuple[str, str]] = []
    for u, v in f.signed.edges():
        key = frozenset((u, v))
        if key not in seen:
            seen.add(key)
            out.append((u, v))
    for r in f.graph.relationships():  # mandated before any state is known: the mandate counts
        if r.mandated and (key := frozenset(r.pair)) not in seen:
            seen.add(key)
            out.append((r.source, r.target))
    return out, seen


def _pairs_to_assess(f: CaseFeatures) -> list[tuple[str, str]]:
    out, seen = _related_pairs(f)
    # the pairs that matter, among the actors in the case on the date (not those yet to join)
    movers = [a for a in f.own(Role.CHANGE_AGENT) + f.own(Role.CLIENT) if f.in_case(a)]
    others = [a for a in f.own(Role.TARGET) + f.own(Role.ACTION) if f.in_case(a)]
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

    ``default`` if it has a present tie to ``actor``; else the change agent (by its own role or
    its group's: a worker in the change agent's team) with the strongest present tie; else
    ``default``.
    """
    if f.tie(default, actor) is not None:
        return default
    best, strength = default, -1.0
    for nb, d in sorted(f.adj.get(actor, {}).items()):
        if not f.has(nb, Role.CHANGE_AGENT):
            continue
        if float(d["weight"]) > strength:
            best, strength = nb, float(d["weight"])
    return best


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def _scores(p: dict[str, float], th: Thresholds) -> str:
    return ", ".join(f"{k} {score_words(p[k], th)}" for k in KINDS)


#: What would raise the agreement score, for each rule that holds it down.
_LEVERS: dict[str, str] = {
    "current_state": "the present relationship is mainly {current}: open with a meeting a "
    "neutral person convenes, on one concrete step both want",
    "no_negotiation": "nothing makes talks possible yet: find a channel of friendly ties, "
    "someone both trust to convene, or moderate the demands",
    "joint_goal_threat": "the joint goals threaten {actor}: moderate the demands, or separate "
    "what {actor} can accept from what it cannot",
    "power_gap": "the power gap makes agreement dangerous for the weaker side: rebalance it "
    "(an advocate, a family group conference, the law, or authority shared for a time)",
    "involuntary": "neither side can walk away: agree the terms of the mandate openly, on the "
    "basis of law",
    "agreement_broken": "an agreement between them broke: find out why before proposing a new one",
    "goal_alignment": "their goals clash: look for the part of the goals both can accept (a "
    "compromise)",
    "trend": "the relationship is getting worse: act before it sets",
    "perception": "one side sees the relationship as conflict: talk about how each sees it",
    "structural_pressure": "their other ties pull them apart: work through the contacts they share",
}


def _levers(f: CaseFeatures, pa: PairAssessment, actor: str) -> list[str]:
    """Return what would raise a low agreement score: the rules holding it down, largest first."""
    down = sorted(
        (r for r in pa.reasons if r.effect["agreement"] < -0.05 and r.rule in _LEVERS),
        key=lambda r: r.effect["agreement"],
    )
    name = f.actors[actor].name
    return [_LEVERS[r.rule].format(current=pa.current or "conflict", actor=name) for r in down]


def suggest_tactic(f: CaseFeatures, pa: PairAssessment, actor: str) -> Tactic:
    """Suggest a tactic toward ``actor`` from the assessment of its pair with a change agent.

    The order of the checks: conflict as a deliberate tactic (the joint goals threaten the
    target at or above ``thresholds.inevitable`` and no condition for negotiating holds and no
    legal basis exists); cooperation (its score dominates and reaches
    ``thresholds.cooperation_tactic``, the two sides have agreed -- their relationship is mainly
    cooperation or agreement, or an agreement binds them -- and no status difference between
    agencies blocks the work); otherwise bargaining on the first of M. Horn's bases that fits:
    law, exchange, authority redistribution, culture, compromise. When the agreement score is
    below ``thresholds.unlikely``, the tactic says what would change it (``levers``).
    """
    th = f.params.thresholds
    worker = pa.a if pa.b == actor else pa.b
    name, wname = f.actors[actor].name, f.actors[worker].name
    rel = f.graph.relationship(worker, actor)
    ctx = PairContext(f, pa.a, pa.b)
    p = pa.likelihood
    conds: list[str] = [f"scores with {wname}: {_scores(p, th)}"]
    threat_info = f.threat(actor) if f.has(actor, Role.TARGET) else None
    threat = threat_info[0] if threat_info else 0.0
    gap = f.actors[worker].power - f.actors[actor].power
    mandate = f.constrained(actor, rel) == "mandated" or (
        rel is not None and rel.basis == AgreementBasis.LAW
    )
    neg = pa.reason("negotiation")
    if threat >= th.inevitable and neg is None and not mandate:
        conds.append(
            f"the joint goals of worker and client threaten {name} (threat {_fmt(threat)}, "
            f"at or above {_fmt(th.inevitable)}): conflict becomes inevitable"
        )
        conds.append(
            "no condition for negotiating holds (no channel of friendly ties, no one both "
            "trust to convene, no expectation of moderate demands)"
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
    status = _status_block(f, worker, actor)
    wants_coop = pa.dominant == "cooperation" and p["cooperation"] >= th.cooperation_tactic
    if wants_coop and ctx.agreed and status is None:
        align = pa.reason("goal_alignment")
        if align is not None:
            conds.append(f"goals correlate (alignment {_fmt(align.features['alignment'])})")
        if pa.current:
            conds.append(f"the present relationship is mainly {pa.current}")
        elif ctx.in_force:
            conds.append("an agreement between them is in force")
        return Tactic(actor, "cooperation", None, False, None, conds, worker)

    basis: AgreementBasis
    if abs(gap) >= th.power_gap and mandate:
        basis = AgreementBasis.LAW
        stronger, weaker = (worker, actor) if gap > 0 else (actor, worker)
        conds.append(
            f"power gap {_fmt(abs(gap))} (large from {_fmt(th.power_gap)}): "
            f"{f.actors[stronger].name} ({_fmt(f.actors[stronger].power)}) over "
            f"{f.actors[weaker].name} ({_fmt(f.actors[weaker].power)})"
        )
        if f.constrained(actor, rel) == "mandated":
            conds.append(f"a legal mandate binds {name} to the relationship")
        else:
            conds.append(f"the relationship with {name} rests on law")
    elif (offer := _exchange_goal(f, worker, actor)) is not None:
        basis = AgreementBasis.EXCHANGE
        conds.append(offer)
    elif status is not None:
        basis = AgreementBasis.AUTHORITY_REDISTRIBUTION
        conds.append(status)
    elif (cause := _common_cause(f, actor)) is not None:
        basis = AgreementBasis.CULTURE
        conds.append(cause)
    else:
        basis = AgreementBasis.COMPROMISE
        conds.append("no stronger basis fits: seek a compromise that allows the change")
    if not ctx.agreed and (wants_coop or pa.current == RelationType.CONFLICT.value):
        conds.append(
            "the two have not agreed yet about the efforts to achieve change (their "
            f"relationship is {pa.current or 'not there yet'}): this agreement comes first; "
            f"cooperation ({likelihood_word(p['cooperation'], th)}, "
            f"{_fmt(p['cooperation'])}) is possible only after it"
        )
    if threat_info is not None and threat_info[1] >= th.discrepancy:
        conds.append(
            f"noticeable discrepancy between the joint goals and {name} ({_fmt(threat_info[1])})"
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
    levers = _levers(f, pa, actor) if p["agreement"] < th.unlikely else []
    if p["agreement"] < th.unlikely and not levers:
        levers = ["nothing in the case holds agreement down by much: record more of the case"]
    return Tactic(actor, "bargaining", basis.value, False, risk, conds, worker, levers)


def _exchange_goal(f: CaseFeatures, worker: str, actor: str) -> str | None:
    """Describe what each side can give the other in an exchange, or return None.

    An exchange needs something to trade on each side: ``actor`` holds back on the joint goals
    (discrepancy at or above ``thresholds.discrepancy``, or no stance on them), whose support
    the worker's side wants; and
    ``actor`` supports a goal of its own that the worker's side can give but does not already
    pursue (the worker neither opposes nor supports it: a goal both support is a common cause,
    not something to trade). Or an exchange agreement already binds them.
    """
    th = f.params.thresholds
    name = f.actors[actor].name
    for ag in f.agreements_between(worker, actor):
        if ag.basis == AgreementBasis.EXCHANGE and f.binds(ag):
            return (
                f"an exchange ({ag.id}) is in force with {name}: each side gives something "
                "the other values"
            )
    info = f.threat(actor)
    if info is not None and info[1] < th.discrepancy:
        return None
    held_back = (
        f"on which {name} holds back ({_fmt(info[1])})"
        if info is not None
        else f"to which {name} has not committed"
    )
    mine = f.stances.get(worker, {})
    for goal, (s, _w) in sorted(f.stances.get(actor, {}).items()):
        if s < th.support or goal in f.joint_goals:
            continue
        theirs = mine.get(goal)
        if theirs is not None and (theirs[0] < 0 or theirs[0] >= th.support):
            continue
        return (
            f"{name} values the goal {goal!r}, which the worker's side does not pursue but "
            f"could give; the worker's side values {name}'s support on the joint goals, "
            f"{held_back}: something to trade on each side"
        )
    return None


def _status_block(f: CaseFeatures, worker: str, actor: str) -> str | None:
    """Describe a status difference between agencies that blocks the work; or None.

    Agencies (organizations) whose status and authority differ by at least
    ``thresholds.power_gap`` and whose tie is conflict or agreement, not cooperation: the
    worker's agency (the worker or its group) and ``actor``, or ``actor`` and another agency of
    the case's systems.
    """
    rel = f.graph.relationship(worker, actor)
    name = f.actors[actor].name
    if rel is not None and rel.basis == AgreementBasis.AUTHORITY_REDISTRIBUTION:
        return f"the relationship with {name} is already an agreement on redistributed authority"
    if f.actors[actor].kind != ActorKind.ORGANIZATION or actor not in f.signed:
        return None
    th = f.params.thresholds
    own = [x for x in (worker, *f.groups.get(worker, [])) if x in f.adj.get(actor, {})]
    others = own + sorted(x for x in f.adj[actor] if x not in own)
    for x in others:
        d = f.adj[actor][x]
        other = f.actors[x]
        if other.kind != ActorKind.ORGANIZATION or d["type"] == RelationType.COOPERATION:
            continue
        if not any(f.has(x, r) for r in (Role.ACTION, Role.CHANGE_AGENT, Role.TARGET)):
            continue
        gap = abs(other.power - f.actors[actor].power)
        if gap >= th.power_gap:
            return (
                f"status difference {_fmt(gap)} (large from {_fmt(th.power_gap)}) between "
                f"the agencies {name} and {other.name}, whose tie is {d['type'].value}, not "
                "cooperation: their difference in status and authority blocks coordinated work"
            )
    return None


def _common_cause(f: CaseFeatures, actor: str) -> str | None:
    """Return a joint goal the actor supports that most of the community supports; or None."""
    th = f.params.thresholds
    for goal in f.joint_goals:
        own = f.stances.get(actor, {}).get(goal)
        if own is None or own[0] < th.support:
            continue
        share = f.support_share(goal)
        if share >= th.culture_share:
            return (
                f"{f.actors[actor].name} supports the common cause {goal!r}, backed by "
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


def assess_features(f: CaseFeatures, *, batch: bool = True) -> Assessment:
    """Run :func:`assess` on precomputed features.

    Parameters
    ----------
    f : CaseFeatures
    batch : bool
        Score the unrelated pairs in arrays (:mod:`~ecograph.analysis.pairscore`; default)
        instead of running the rule book on each: the same scores, many times faster.
    """
    pairs: Sequence[PairAssessment]
    if batch and tuple(r.id for r in RULEBOOK) == BATCH_RULES:
        pairs = _assess_in_batch(f)
    else:
        todo = _pairs_to_assess(f)
        f.prepare_pressure(todo)
        pairs = [assess_pair(f, a, b, keep=False) for a, b in todo]
    result = Assessment(pairs=pairs, tactics=[], as_of=f.as_of, params=f.params)
    primary = primary_change_agent(f)
    if primary is not None:
        for actor_id in dict.fromkeys(f.own(Role.TARGET) + f.own(Role.ACTION)):
            if not f.in_case(actor_id):  # not yet in the case on this date: no tactic
                continue
            worker = _change_agent_for(f, actor_id, primary)
            try:
                pa = result.pair(worker, actor_id)
            except KeyError:
                continue
            result.tactics.append(suggest_tactic(f, pa, actor_id))
    return result


def _assess_in_batch(f: CaseFeatures) -> PairList:
    """Assess the pairs of :func:`assess`, the unrelated ones scored in arrays."""
    head, seen = _related_pairs(f)
    grid = pair_grid(f, seen)
    exact_rows = np.flatnonzero(~grid.batch)
    exact = grid.names(exact_rows)
    f.prepare_pressure(head + exact + pressure_pairs(f, grid))
    kept = [assess_pair(f, a, b, keep=False) for a, b in head + exact]
    scores = np.full((len(grid.a), 3), np.nan)
    scores[grid.batch] = score_pairs(f, grid)
    total = len(head) + len(grid.a)
    slot = np.full(total, -1, dtype=np.int64)
    slot[: len(head)] = np.arange(len(head))
    slot[len(head) + exact_rows] = len(head) + np.arange(len(exact_rows))
    row = np.full(total, -1, dtype=np.int64)
    row[len(head) :] = np.arange(len(grid.a))
    return PairList(f, kept, slot, grid, row, scores)
