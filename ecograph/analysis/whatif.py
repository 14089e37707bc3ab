"""What-if: try interventions on a copy of the map and see what changes in the analysis, and why.

:func:`apply_scenario` applies a :class:`~ecograph.model.scenario.Scenario` to a deep copy of a
case (the original is never touched); :func:`what_if` compares the analysis before and after on
one date, pair by pair (likelihood of cooperation, agreement and conflict, with the rules that
fired, newly or no more) and overall (structural balance, conflict hotspots, isolated clients,
power gaps and what rebalances them).

How each intervention changes the map (all dated, so ``--as-of`` reads them like any history):

* ``add_advocate`` -- a new action-system actor (or an existing non-change-agent actor) with a
  cooperative tie to the client and an agreement tie ("authority toward") each target.
* ``family_group_conference`` -- cooperative ties among the family members, the family and the
  agencies taking part (not between a group and its own members), plus a convened agreement on
  the basis of culture; at the period's end, ties that existed return to the state their own
  history gives them on that date, and new ones end.
* ``redistribute_authority`` -- power moves from one agency to the other while the period is in
  force on the date compared, with an agreement on the basis of authority redistribution and an
  agreement tie between them.
* ``conclude_agreement`` -- the agreement, and an agreement tie between every two parties.
* ``change_stance`` -- the actor's stance on a goal.
* ``end_relationship`` -- an observation that ends the relationship (termination).

Examples
--------
>>> from ecograph import load_graph
>>> from ecograph.io.scenario import load_scenario
>>> g = load_graph("examples/child-protection.yaml")
>>> w = what_if(g, load_scenario("examples/scenarios/advocate.yaml", g))
>>> p = w.pair("susan", "roberta")
>>> p.change["conflict"] < 0 < p.change["agreement"]
True
>>> "rebalanced" in [r.rule for r in p.reasons_added]
True
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from ecograph.analysis.balance import unbalanced_triangles
from ecograph.analysis.likelihood import Assessment, PairAssessment, Reason
from ecograph.analysis.params import Params
from ecograph.analysis.report import AnalysisReport
from ecograph.errors import InvariantError, Problem
from ecograph.graph import EcoGraph
from ecograph.model import (
    Actor,
    Agreement,
    AgreementBasis,
    Observation,
    Party,
    RelationType,
    Role,
)
from ecograph.model.rules import ancestors
from ecograph.model.scenario import (
    AddAdvocate,
    ChangeStance,
    ConcludeAgreement,
    EndRelationship,
    FamilyGroupConference,
    RedistributeAuthority,
    Scenario,
)

__all__ = [
    "Applied",
    "Snapshot",
    "RebalancingGap",
    "PairChange",
    "WhatIf",
    "apply_scenario",
    "snapshot",
    "what_if",
    "scenario_date",
]

#: A likelihood must move at least this much for a pair to be listed as changed.
MIN_CHANGE = 0.01

_NOTE = "what-if"


@dataclass(frozen=True)
class Applied:
    """One intervention as applied: its name and what it changed, in words."""

    kind: str
    summary: str
    changes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {"intervention": self.kind, "summary": self.summary, "changes": self.changes}


def scenario_date(graph: EcoGraph, scenario: Scenario, as_of: dt.date | None = None) -> dt.date:
    """Return when the scenario's interventions take effect unless they say otherwise.

    The scenario's ``date``; else the date asked about (``as_of``); else the case's present
    (:meth:`~ecograph.graph.EcoGraph.present_date`: its latest recorded event, where the
    analysis reads agreements too; a planned end of an agreement is not an event); else today,
    for a case with nothing dated.
    """
    return scenario.date or as_of or scenario.as_of or graph.present_date() or dt.date.today()


class _Applier:
    def __init__(self, graph: EcoGraph, day: dt.date, as_of: dt.date) -> None:
        self.g = graph
        self.day = day
        self.as_of = as_of
        self.member_of = {a.id: list(a.member_of) for a in graph.actors()}

    def name(self, actor_id: str) -> str:
        return self.g.actor(actor_id).name if actor_id in self.g else actor_id

    def tie(
        self,
        a: str,
        b: str,
        kind: RelationType,
        strength: float,
        day: dt.date,
        why: str,
    ) -> str:
        rel = self.g.relationship(a, b)
        before = rel.state(day) if rel is not None else None
        self.g.record(
            a, b, Observation(date=day, type=kind, strength=strength, note=f"{_NOTE}: {why}")
        )
        was = (
            "no relationship"
            if before is None or before.ended
            else f"was {before.type.value} {before.strength:.2f}"
        )
        return f"{a} -- {b}: {kind.value} {strength:.2f} from {day} ({was})"

    def ensure_actor(self, actor_id: str, name: str, power: float) -> tuple[str, bool]:
        if actor_id in self.g:
            actor = self.g.actor(actor_id)
            if Role.ACTION not in actor.roles and not actor.roles:
                self.g.update_actor(actor_id, roles=[Role.ACTION])
            return actor_id, False
        self.g.add_actor(Actor(id=actor_id, name=name, roles=[Role.ACTION], power=power))
        self.member_of[actor_id] = []
        return actor_id, True

    def related_by_membership(self, a: str, b: str) -> bool:
        return a in ancestors(b, self.member_of) or b in ancestors(a, self.member_of)

    # ----------------------------------------------------------------- interventions
    def add_advocate(self, s: AddAdvocate) -> Applied:
        day = s.date or self.day
        adv_id = s.advocate or f"advocate-{s.client}"
        adv, new = self.ensure_actor(
            adv_id, s.name or f"Advocate for {self.name(s.client)}", s.power
        )
        changes = [
            f"new action-system actor {adv} (power {s.power:.2f})"
            if new
            else f"{adv}, an actor of the case, acts as the advocate"
        ]
        changes.append(
            self.tie(
                adv, s.client, RelationType.COOPERATION, s.strength, day, f"advocate for {s.client}"
            )
        )
        for t in s.toward:
            changes.append(
                self.tie(
                    adv,
                    t,
                    RelationType.AGREEMENT,
                    s.authority,
                    day,
                    f"advocate speaks for {s.client}",
                )
            )
        return Applied(
            "add_advocate",
            f"{self.name(adv)} becomes the advocate of {self.name(s.client)} on {day}, with "
            f"authority toward {', '.join(self.name(t) for t in s.toward)}",
            changes,
        )

    def family_group_conference(self, s: FamilyGroupConference, n: int) -> Applied:
        start = s.start or self.day
        members = s.members if s.members is not None else [a.id for a in self.g.members(s.family)]
        changes: list[str] = []
        coordinator = s.coordinator or f"fgc-{s.family}"
        coordinator, new = self.ensure_actor(
            coordinator, "Family group conference coordinator", 0.4
        )
        if new:
            changes.append(f"new action-system actor {coordinator} (conference coordinator)")
        people = list(dict.fromkeys([s.family, *members, *s.agencies, coordinator]))
        previous = {}
        for a, b in itertools.combinations(people, 2):
            if self.related_by_membership(a, b):
                continue
            previous[(a, b)] = self.g.relationship(a, b)  # the history without the conference
            changes.append(
                self.tie(
                    a,
                    b,
                    RelationType.COOPERATION,
                    s.strength,
                    start,
                    f"family group conference for {s.family}",
                )
            )
        parties = [x for x in dict.fromkeys([s.family, *s.agencies]) if x != coordinator]
        if len(parties) >= 2:
            ag_id = self._new_agreement_id(f"whatif-fgc-{n}")
            self.g.add_agreement(
                Agreement(
                    id=ag_id,
                    parties=[Party(actor=x) for x in parties],
                    basis=AgreementBasis.CULTURE,
                    terms=f"{_NOTE}: family group conference",
                    start=start,
                    end=s.end,
                    convener=coordinator,
                )
            )
            changes.append(f"agreement {ag_id} on the basis of culture, convened by {coordinator}")
        if s.end is not None:
            for (a, b), rel in previous.items():
                old = rel.state(s.end) if rel is not None else None
                if old is None or old.ended:
                    self.g.record(
                        a,
                        b,
                        Observation(
                            date=s.end,
                            type=RelationType.COOPERATION,
                            strength=s.strength,
                            ended=True,
                            note=f"{_NOTE}: conference period over",
                        ),
                    )
                else:
                    self.g.record(
                        a,
                        b,
                        Observation(
                            date=s.end,
                            mix=old.mix,
                            strength=old.strength,
                            note=f"{_NOTE}: back to the state it would have had",
                        ),
                    )
            changes.append(
                f"until {s.end}: then ties return to the state their own history gives them, "
                "new ones end"
            )
        return Applied(
            "family_group_conference",
            f"family group conference for {s.family} from {start}"
            + (f" to {s.end}" if s.end else "")
            + f": {len(people)} taking part, convened by {coordinator}",
            changes,
        )

    def redistribute_authority(self, s: RedistributeAuthority, n: int) -> Applied:
        start = s.start or self.day
        in_force = start <= self.as_of and (s.end is None or self.as_of <= s.end)
        changes: list[str] = []
        if in_force:
            giver, receiver = self.g.actor(s.giver), self.g.actor(s.receiver)
            moved = min(s.amount, giver.power, 1.0 - receiver.power)
            self.g.update_actor(s.giver, power=round(giver.power - moved, 6))
            self.g.update_actor(s.receiver, power=round(receiver.power + moved, 6))
            changes.append(f"power of {s.giver}: {giver.power:.2f} -> {giver.power - moved:.2f}")
            changes.append(
                f"power of {s.receiver}: {receiver.power:.2f} -> {receiver.power + moved:.2f}"
            )
        else:
            changes.append(f"not in force on {self.as_of}: powers unchanged")
        self.g.add_agreement(
            Agreement(
                id=self._new_agreement_id(f"whatif-authority-{n}"),
                parties=[Party(actor=s.giver), Party(actor=s.receiver)],
                basis=AgreementBasis.AUTHORITY_REDISTRIBUTION,
                terms=f"{_NOTE}: {s.amount:.2f} of authority from {s.giver} to {s.receiver}",
                start=start,
                end=s.end,
            )
        )
        changes.append(
            self.tie(
                s.giver,
                s.receiver,
                RelationType.AGREEMENT,
                s.strength,
                start,
                "authority redistributed",
            )
        )
        if s.end is not None:
            changes.append(f"for a time: {start} to {s.end}")
        return Applied(
            "redistribute_authority",
            f"{s.amount:.2f} of authority from {s.giver} to {s.receiver} from {start}"
            + (f" to {s.end}" if s.end else ""),
            changes,
        )

    def conclude_agreement(self, s: ConcludeAgreement, n: int) -> Applied:
        start = s.start or self.day
        ag_id = s.id or self._new_agreement_id(f"whatif-{n}")
        self.g.add_agreement(
            Agreement(
                id=ag_id,
                parties=[Party(actor=p) for p in s.parties],
                basis=s.basis,
                terms=s.terms,
                start=start,
                end=s.end,
            )
        )
        changes = [f"agreement {ag_id} on the basis of {s.basis.value.replace('_', ' ')}"]
        for a, b in itertools.combinations(s.parties, 2):
            changes.append(
                self.tie(a, b, RelationType.AGREEMENT, s.strength, start, f"agreement {ag_id}")
            )
        return Applied(
            "conclude_agreement",
            f"agreement between {', '.join(s.parties)} on the basis of "
            f"{s.basis.value.replace('_', ' ')} from {start}",
            changes,
        )

    def change_stance(self, s: ChangeStance) -> Applied:
        goal = self.g.goal(s.goal)
        old = goal.stance_of(s.actor)
        weight = s.weight if s.weight is not None else (old.weight if old else 1.0)
        self.g.set_stance(s.goal, s.actor, s.stance, weight)
        was = f"{old.stance:+.1f}" if old else "none"
        return Applied(
            "change_stance",
            f"{s.actor}'s stance on {s.goal}: {was} -> {s.stance:+.1f}",
            [f"stance {was} -> {s.stance:+.1f} (weight {weight:.1f})"],
        )

    def end_relationship(self, s: EndRelationship) -> Applied:
        a, b = s.between
        day = s.date or self.day
        rel = self.g.relationship(a, b)
        assert rel is not None
        st = rel.state(day) or rel.state()
        assert st is not None
        self.g.record(
            a,
            b,
            Observation(
                date=day, mix=st.mix, strength=st.strength, ended=True, note=f"{_NOTE}: ended"
            ),
        )
        return Applied(
            "end_relationship",
            f"{a} -- {b} ends on {day} (termination)",
            [f"{a} -- {b}: was {st.type.value} {st.strength:.2f}; ended {day}"],
        )

    def _new_agreement_id(self, base: str) -> str:
        used = {ag.id for ag in self.g.agreements()}
        out, i = base, 1
        while out in used:
            i += 1
            out = f"{base}-{i}"
        return out


def apply_scenario(
    graph: EcoGraph, scenario: Scenario, *, as_of: dt.date | None = None
) -> tuple[EcoGraph, list[Applied]]:
    """Apply the scenario's interventions, in order, to a copy of ``graph``.

    Parameters
    ----------
    graph : EcoGraph
        The case (left unchanged).
    scenario : Scenario
        Its references should have been checked (:func:`ecograph.io.scenario.check_scenario`).
    as_of : date, optional
        The date the maps will be compared on (authority redistributions apply while in force
        on it). Default: the scenario's ``as_of``, else its date.

    Returns
    -------
    (EcoGraph, list of Applied)
        The changed copy and what each intervention did.

    Raises
    ------
    InvariantError
        An intervention would break a rule of the model (for example a change agent as
        advocate); the problem names the intervention.
    """
    day = scenario_date(graph, scenario, as_of)
    after = graph.copy()
    ap = _Applier(after, day, as_of or scenario.as_of or day)
    done: list[Applied] = []
    for i, item in enumerate(scenario.interventions):
        spec: Any = item.spec
        try:
            if item.kind == "add_advocate":
                done.append(ap.add_advocate(spec))
            elif item.kind == "family_group_conference":
                done.append(ap.family_group_conference(spec, i + 1))
            elif item.kind == "redistribute_authority":
                done.append(ap.redistribute_authority(spec, i + 1))
            elif item.kind == "conclude_agreement":
                done.append(ap.conclude_agreement(spec, i + 1))
            elif item.kind == "change_stance":
                done.append(ap.change_stance(spec))
            else:
                done.append(ap.end_relationship(spec))
        except InvariantError as exc:
            raise InvariantError(
                [
                    Problem(
                        p.message,
                        field=f"interventions[{i}].{item.kind}",
                        expected=p.expected,
                        suggestion=p.suggestion,
                        rule=p.rule,
                    )
                    for p in exc.problems
                ]
            ) from None
    return after, done


# --------------------------------------------------------------------------- snapshots
@dataclass(frozen=True)
class RebalancingGap:
    """A power gap on a present relationship and what rebalances it."""

    a: str
    b: str
    gap: float
    weaker: str
    rebalanced_by: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "a": self.a,
            "b": self.b,
            "gap": round(self.gap, 4),
            "weaker": self.weaker,
            "rebalanced_by": list(self.rebalanced_by),
        }


#: The analysis sections a what-if compares.
COMPARED = ("pairs", "hotspots", "power", "isolated_clients", "balance")


@dataclass
class Snapshot:
    """The analysis of a map on one date, as far as the what-if compares it.

    Read from :func:`ecograph.analysis.report.analyze` (sections pairs, hotspots, power,
    isolated_clients, balance), plus every unbalanced triangle of the signed view.
    """

    as_of: dt.date
    report: AnalysisReport
    assessment: Assessment
    triangles: dict[str, int]
    balance: float
    unbalanced: list[tuple[str, str, str]]
    hotspots: dict[frozenset[str], float]
    isolated_clients: list[str]
    unsupported_clients: list[str]
    power_gaps: dict[frozenset[str], RebalancingGap]

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "as_of": self.as_of.isoformat(),
            "balance": round(self.balance, 4),
            "triangles": self.triangles,
            "hotspots": [
                {"pair": sorted(k), "conflict": round(v, 4)}
                for k, v in sorted(self.hotspots.items(), key=lambda kv: -kv[1])
            ],
            "isolated_clients": self.isolated_clients,
            "unsupported_clients": self.unsupported_clients,
            "power_gaps": [g.to_json() for g in self.power_gaps.values()],
        }


def snapshot(graph: EcoGraph, *, as_of: dt.date, params: Params | None = None) -> Snapshot:
    """Return the analysis of ``graph`` on ``as_of`` that :func:`what_if` compares."""
    from ecograph.analysis.report import analyze
    from ecograph.analysis.signed_view import signed_graph

    p = params or Params()
    report = analyze(graph, params=p, as_of=as_of, only=COMPARED)
    sec = report.sections
    pairs: list[PairAssessment] = sec["pairs"]
    assessment = Assessment(pairs=pairs, tactics=[], as_of=as_of, params=p)
    signed = signed_graph(graph, as_of=as_of, weights=p.signs)
    unbalanced = [tuple(sorted(str(n) for n in t.nodes)) for t in unbalanced_triangles(signed)]
    gaps: dict[frozenset[str], RebalancingGap] = {}
    for gp in sec["power"].gaps:
        try:
            pa = assessment.pair(gp.stronger, gp.weaker)
        except KeyError:
            pa = None
        why = pa.reason("rebalanced") if pa is not None else None
        by = tuple(k for k, v in (why.features.items() if why else []) if v)
        gaps[frozenset((gp.stronger, gp.weaker))] = RebalancingGap(
            gp.stronger, gp.weaker, gp.gap, gp.weaker, by
        )
    return Snapshot(
        as_of=as_of,
        report=report,
        assessment=assessment,
        triangles=dict(sec["balance"].census),
        balance=float(sec["balance"].score),
        unbalanced=[(t[0], t[1], t[2]) for t in unbalanced],
        hotspots={frozenset((h.a, h.b)): h.conflict for h in sec["hotspots"]},
        isolated_clients=[c.actor for c in sec["isolated_clients"]],
        unsupported_clients=[c.actor for c in sec["power"].unsupported],
        power_gaps=gaps,
    )


# --------------------------------------------------------------------------- differences
@dataclass
class PairChange:
    """How one pair's likelihoods changed, and which rules explain it."""

    a: str
    b: str
    before: PairAssessment | None
    after: PairAssessment | None
    change: dict[str, float]
    reasons_added: list[Reason]
    reasons_removed: list[Reason]
    reasons_changed: list[tuple[Reason, Reason]]

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""

        def lk(pa: PairAssessment | None) -> dict[str, Any] | None:
            if pa is None:
                return None
            return {
                "current": pa.current,
                "dominant": pa.dominant,
                "likelihood": {k: round(v, 4) for k, v in pa.likelihood.items()},
            }

        return {
            "a": self.a,
            "b": self.b,
            "before": lk(self.before),
            "after": lk(self.after),
            "change": {k: round(v, 4) for k, v in self.change.items()},
            "reasons_added": [r.to_json() for r in self.reasons_added],
            "reasons_removed": [r.to_json() for r in self.reasons_removed],
            "reasons_changed": [
                {
                    "rule": b.rule,
                    "before": a.to_json()["effect"],
                    "after": b.to_json()["effect"],
                    "features_before": a.to_json()["features"],
                    "features_after": b.to_json()["features"],
                }
                for a, b in self.reasons_changed
            ],
        }


@dataclass
class WhatIf:
    """The difference a scenario makes.

    Attributes
    ----------
    scenario : Scenario
    case_id : str
    as_of : date
        The date both maps were analysed on.
    applied : list of Applied
    before, after : Snapshot
    pairs : list of PairChange
        Pairs whose likelihoods moved by at least :data:`MIN_CHANGE`, whose present tie
        changed, or whose reasons changed; largest move first.
    overall : list of str
        The overall changes in words (balance, hotspots, isolated clients, power gaps).
    after_graph : EcoGraph
        The changed copy of the map.
    before_graph : EcoGraph
        The original map.
    """

    scenario: Scenario
    case_id: str
    as_of: dt.date
    applied: list[Applied]
    before: Snapshot
    after: Snapshot
    pairs: list[PairChange]
    overall: list[str]
    after_graph: EcoGraph
    before_graph: EcoGraph

    def pair(self, a: str, b: str) -> PairChange:
        """Return the change of one pair (KeyError if it did not change)."""
        for p in self.pairs:
            if {p.a, p.b} == {a, b}:
                return p
        raise KeyError((a, b))

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data, the case id at the top."""
        return {
            "case": self.case_id,
            "scenario": self.scenario.id,
            "title": self.scenario.title,
            "as_of": self.as_of.isoformat(),
            "interventions": [a.to_json() for a in self.applied],
            "overall": self.overall,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "pairs": [p.to_json() for p in self.pairs],
        }


def _diff_reasons(
    before: PairAssessment | None, after: PairAssessment | None
) -> tuple[list[Reason], list[Reason], list[tuple[Reason, Reason]]]:
    rb = {r.rule: r for r in (before.reasons if before else [])}
    ra = {r.rule: r for r in (after.reasons if after else [])}
    added = [r for k, r in ra.items() if k not in rb]
    removed = [r for k, r in rb.items() if k not in ra]
    changed = [
        (rb[k], ra[k])
        for k in ra
        if k in rb
        and any(
            abs(ra[k].effect.get(t, 0) - rb[k].effect.get(t, 0)) >= 0.005
            for t in ("cooperation", "agreement", "conflict")
        )
    ]
    return added, removed, changed


def _assessed(s: Snapshot, a: str, b: str) -> bool:
    try:
        s.assessment.pair(a, b)
    except KeyError:
        return False
    return True


def _balance_text(score: float, census: dict[str, int]) -> str:
    total = sum(census.values())
    if not total:
        return "no triangles"
    balanced = census.get("+++", 0) + census.get("+--", 0)
    return f"share of balanced triangles {score:.2f} ({balanced} of {total})"


def _overall(b: Snapshot, a: Snapshot) -> list[str]:
    out: list[str] = []
    tb, ta = b.triangles, a.triangles
    out.append(f"balance: {_balance_text(b.balance, tb)} -> {_balance_text(a.balance, ta)}")
    new_unb = [t for t in a.unbalanced if t not in b.unbalanced]
    gone_unb = [t for t in b.unbalanced if t not in a.unbalanced]
    for t in new_unb:
        out.append(
            f"  new unbalanced triangle {' / '.join(t)}: balance puts pressure on one of its ties "
            "to change"
        )
    for t in gone_unb:
        out.append(f"  triangle {' / '.join(t)} is no longer unbalanced")
    for k in sorted(set(b.hotspots) | set(a.hotspots), key=sorted):
        pair = " -- ".join(sorted(k))
        if k in b.hotspots and k not in a.hotspots:
            out.append(
                f"hotspot gone: {pair} (likelihood of conflict was {b.hotspots[k]:.2f}, now "
                "below the hotspot threshold)"
            )
        elif k in a.hotspots and k not in b.hotspots:
            out.append(f"new hotspot: {pair} (likelihood of conflict {a.hotspots[k]:.2f})")
        elif abs(a.hotspots[k] - b.hotspots[k]) >= MIN_CHANGE:
            out.append(
                f"hotspot {pair}: likelihood of conflict {b.hotspots[k]:.2f} -> {a.hotspots[k]:.2f}"
            )
    for c in b.isolated_clients:
        if c not in a.isolated_clients:
            out.append(f"isolated client {c} gains a cooperative tie outside its own circle")
    for c in a.isolated_clients:
        if c not in b.isolated_clients:
            out.append(f"client {c} is left with no cooperative tie")
    for c in b.unsupported_clients:
        if c not in a.unsupported_clients:
            out.append(f"constrained client {c} is no longer without support")
    for c in a.unsupported_clients:
        if c not in b.unsupported_clients:
            out.append(f"constrained client {c} is left without support")
    for k in sorted(set(b.power_gaps) | set(a.power_gaps), key=sorted):
        gb, ga = b.power_gaps.get(k), a.power_gaps.get(k)
        pair = " -- ".join(sorted(k))
        if gb and not ga:
            k_a, k_b = sorted(k)
            now = a.assessment.pair(k_a, k_b).current if _assessed(a, k_a, k_b) else None
            why = f"the tie is now {now}" if now and now != "conflict" else "the tie is gone"
            if now == "conflict":
                why = "the gap is now below the threshold"
            out.append(f"power gap {pair} ({gb.gap:.2f}) is no longer on a hostile tie: {why}")
        elif ga and not gb:
            out.append(f"new power gap on a hostile tie {pair}: {ga.gap:.2f} (weaker: {ga.weaker})")
        elif ga and gb:
            if abs(ga.gap - gb.gap) >= MIN_CHANGE:
                out.append(f"power gap {pair}: {gb.gap:.2f} -> {ga.gap:.2f}")
            if ga.rebalanced_by != gb.rebalanced_by:
                now = ", ".join(x.replace("_", " ") for x in ga.rebalanced_by) or "nothing"
                was = ", ".join(x.replace("_", " ") for x in gb.rebalanced_by) or "nothing"
                out.append(
                    f"power gap {pair} ({ga.gap:.2f}, weaker {ga.weaker}): rebalanced by {was}"
                    f" -> {now}"
                )
    return out


def what_if(
    graph: EcoGraph,
    scenario: Scenario,
    *,
    as_of: dt.date | None = None,
    params: Params | None = None,
) -> WhatIf:
    """Apply ``scenario`` to a copy of ``graph`` and compare the analyses on one date.

    Parameters
    ----------
    graph : EcoGraph
        The case (unchanged).
    scenario : Scenario
        The interventions.
    as_of : date, optional
        The date to compare on. Default: the scenario's ``as_of``, else its date (see
        :func:`scenario_date`).
    params : Params, optional
        Analysis weights and thresholds.

    Returns
    -------
    WhatIf
    """
    day = as_of or scenario.as_of or scenario_date(graph, scenario)
    after_graph, applied = apply_scenario(graph, scenario, as_of=day)
    before = snapshot(graph, as_of=day, params=params)
    after = snapshot(after_graph, as_of=day, params=params)
    index_b = {frozenset((p.a, p.b)): p for p in before.assessment.pairs}
    index_a = {frozenset((p.a, p.b)): p for p in after.assessment.pairs}
    changes: list[PairChange] = []
    for key in list(index_a) + [k for k in index_b if k not in index_a]:
        pb, pa = index_b.get(key), index_a.get(key)
        ref = pa or pb
        assert ref is not None
        delta = {
            t: (pa.likelihood[t] if pa else 0.0) - (pb.likelihood[t] if pb else 0.0)
            for t in ("cooperation", "agreement", "conflict")
        }
        moved = max(abs(v) for v in delta.values()) >= MIN_CHANGE
        added, removed, changed = _diff_reasons(pb, pa)
        same_tie = pa is not None and pb is not None and pa.current == pb.current
        if not moved and same_tie and not (added or removed or changed):
            continue
        changes.append(PairChange(ref.a, ref.b, pb, pa, delta, added, removed, changed))
    changes.sort(key=lambda c: -max(abs(v) for v in c.change.values()))
    return WhatIf(
        scenario=scenario,
        case_id=graph.case_id,
        as_of=day,
        applied=applied,
        before=before,
        after=after,
        pairs=changes,
        overall=_overall(before, after),
        after_graph=after_graph,
        before_graph=graph,
    )
