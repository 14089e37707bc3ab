"""The features of the ecosystem model, computed once for a case on a date.

Goals and stances (who supports what, the joint goals of worker and client, how far they threaten
each actor), power, voluntariness, advocates, agreements in force and the signed view are read
here once; the question modules (:mod:`~ecograph.analysis.likelihood`,
:mod:`~ecograph.analysis.power`, ...) read them from a :class:`CaseFeatures`.

Definitions (the docs in ``docs/analysis.md`` give the reasons)
---------------------------------------------------------------
* **Stance**: an actor's own stance on a goal, or if it has none, that of its nearest group
  (a social worker without a stance of her own speaks for her team).
* **Joint goals**: goals that at least one change agent and at least one client support
  (stance >= ``thresholds.support``), counting roles inherited from groups.
* **Threat** of the joint goals to an actor: its weighted mean opposition ``max(0, -stance)``
  over the joint goals it has a stance on (None when it has none).
* **Discrepancy**: its weighted mean ``(1 - stance) / 2`` over the same goals (0 = full support,
  0.5 = indifference, 1 = full opposition).
* **Advocate** of an actor: an actor outside its own groups and members, not a change agent,
  in the action or professional system, whose present tie with it is dominantly cooperative.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ecograph.analysis.params import Params
from ecograph.analysis.signed_view import signed_graph
from ecograph.graph import EcoGraph
from ecograph.model import (
    Actor,
    Agreement,
    AgreementStatus,
    Relationship,
    RelationType,
    Role,
    Voluntariness,
)
from ecograph.model.rules import ancestors

__all__ = ["CaseFeatures", "case_features"]

_ADVOCATE_ROLES = {Role.ACTION, Role.PROFESSIONAL}
_NO_TIES: dict[str, dict[str, Any]] = {}


@dataclass
class CaseFeatures:
    """What the rules read about a case on one date (build with :func:`case_features`).

    Attributes
    ----------
    graph : EcoGraph
    params : Params
    as_of : date or None
    signed : networkx.Graph
        The signed view on ``as_of``.
    actors : dict
        Id -> Actor.
    roles : dict
        Id -> effective roles (own, or inherited from groups).
    groups : dict
        Id -> every group it belongs to, directly or not.
    stances : dict
        Id -> goal id -> (stance, weight), with stances inherited from groups.
    joint_goals : list of str
        Ids of the joint goals of worker and client.
    present : date or None
        The case's present (its latest recorded event), where agreements are read when
        ``as_of`` is None; see :meth:`ecograph.graph.EcoGraph.present_date`.
    """

    graph: EcoGraph
    params: Params
    as_of: dt.date | None
    signed: nx.Graph
    actors: dict[str, Actor]
    roles: dict[str, set[Role]]
    groups: dict[str, list[str]]
    stances: dict[str, dict[str, tuple[float, float]]]
    joint_goals: list[str]
    present: dt.date | None = None
    _channel_cache: dict[str, dict[str, int]] = field(default_factory=dict)
    _positive: nx.Graph | None = None
    _members: dict[str, set[str]] = field(default_factory=dict)
    _circle_cache: dict[str, set[str]] = field(default_factory=dict)
    _near_cache: dict[str, set[str]] = field(default_factory=dict)
    _threat_cache: dict[str, tuple[float, float, int] | None] = field(default_factory=dict)
    _plain: nx.Graph | None = None
    _pressure: dict[frozenset[str], tuple[float, int]] = field(default_factory=dict)
    _pressure_ready: bool = False
    _advocate_cache: dict[str, list[str]] = field(default_factory=dict)
    _agreements: list[Agreement] = field(default_factory=list)
    _agr_index: dict[str, list[int]] = field(default_factory=dict)
    _joined: dict[str, dt.date] = field(default_factory=dict)
    _side_cache: dict[str, frozenset[str]] = field(default_factory=dict)
    _side_agr: dict[str, frozenset[int]] = field(default_factory=dict)
    _share_cache: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._joined = self.graph.joined_dates() if self.as_of is not None else {}
        self._agreements = self.graph.agreements()
        for i, ag in enumerate(self._agreements):
            for actor in ag.party_ids():
                self._agr_index.setdefault(actor, []).append(i)
        #: The signed view's adjacency (plain dicts, for speed).
        self.adj: dict[str, dict[str, dict[str, Any]]] = self.signed._adj

    # ----------------------------------------------------------------- roles
    def in_case(self, actor_id: str) -> bool:
        """Return whether ``actor_id`` has joined the case by ``as_of`` (always, with no date).

        See :meth:`ecograph.graph.EcoGraph.joined_dates`: the actor's ``joined`` date, or the
        first date it appears when it appears only with dates.
        """
        day = self._joined.get(actor_id)
        return day is None or self.as_of is None or day <= self.as_of

    def has(self, actor_id: str, role: Role) -> bool:
        """Return whether ``actor_id`` is in the system ``role`` (own or inherited)."""
        return role in self.roles.get(actor_id, set())

    def own(self, role: Role) -> list[str]:
        """Return the ids of the actors holding ``role`` themselves, in case order."""
        return [a.id for a in self.actors.values() if role in a.roles]

    def side(self, actor_id: str) -> frozenset[str]:
        """Return the actor and every group it belongs to."""
        found = self._side_cache.get(actor_id)
        if found is None:
            found = frozenset((actor_id, *self.groups.get(actor_id, ())))
            self._side_cache[actor_id] = found
        return found

    def circle(self, actor_id: str) -> set[str]:
        """Return the actor's own system: its groups, and every member of them or of it."""
        found = self._circle_cache.get(actor_id)
        if found is None:
            if not self._members:
                for x, gs in self.groups.items():
                    for grp in gs:
                        self._members.setdefault(grp, set()).add(x)
            side = self.side(actor_id)
            found = set(side)
            for grp in side:
                found |= self._members.get(grp, set())
            self._circle_cache[actor_id] = found
        return found

    # ----------------------------------------------------------------- goals
    def alignment(self, a: str, b: str) -> tuple[float, int]:
        """Return the goal alignment of ``a`` and ``b`` (-1..1) and the goals it is over.

        The weighted mean of ``stance_a * stance_b`` over the goals both have a stance on, each
        weighted by ``weight_a * weight_b``.
        """
        sa, sb = self.stances.get(a, {}), self.stances.get(b, {})
        num = den = 0.0
        count = 0
        for goal, (s1, w1) in sa.items():
            other = sb.get(goal)
            if other is None:
                continue
            s2, w2 = other
            num += w1 * w2 * s1 * s2
            den += w1 * w2
            count += 1
        if den == 0:
            return 0.0, 0
        return num / den, count

    def support_share(self, goal_id: str) -> float:
        """Return the share of the actors with a stance on ``goal_id`` who support it.

        Support: a stance at or above ``thresholds.support``; 0.0 when no one has a stance.
        """
        found = self._share_cache.get(goal_id)
        if found is None:
            with_stance = [t[goal_id][0] for t in self.stances.values() if goal_id in t]
            support = self.params.thresholds.support
            backers = sum(1 for s in with_stance if s >= support)
            found = backers / len(with_stance) if with_stance else 0.0
            self._share_cache[goal_id] = found
        return found

    def threat(self, actor_id: str) -> tuple[float, float, int] | None:
        """Return (threat, discrepancy, goals counted) of the joint goals for ``actor_id``.

        None when the actor has no stance on any joint goal.
        """
        if actor_id in self._threat_cache:
            return self._threat_cache[actor_id]
        found = self._threat(actor_id)
        self._threat_cache[actor_id] = found
        return found

    def _threat(self, actor_id: str) -> tuple[float, float, int] | None:
        own = self.stances.get(actor_id, {})
        num_t = num_d = den = 0.0
        count = 0
        for goal in self.joint_goals:
            st = own.get(goal)
            if st is None:
                continue
            s, w = st
            num_t += w * max(0.0, -s)
            num_d += w * (1.0 - s) / 2.0
            den += w
            count += 1
        if count == 0 or den == 0:
            return None
        return num_t / den, num_d / den, count

    # ----------------------------------------------------------------- voluntariness
    def constrained(self, actor_id: str, rel: Relationship | None) -> str | None:
        """Return "mandated" or "involuntary" when the actor cannot walk away, else None.

        Mandated into the relationship, or mandated/involuntary itself or through its group.
        """
        if rel is not None and actor_id in rel.mandated:
            return "mandated"
        for who in [actor_id, *self.groups.get(actor_id, [])]:
            v = self.actors[who].voluntariness
            if v in (Voluntariness.MANDATED, Voluntariness.INVOLUNTARY):
                return v.value
            if v == Voluntariness.VOLUNTARY:
                return None
        return None

    def voluntary(self, actor_id: str) -> bool:
        """Return whether the actor (or its nearest group that says) is a voluntary client."""
        for who in [actor_id, *self.groups.get(actor_id, [])]:
            v = self.actors[who].voluntariness
            if v is not None:
                return v == Voluntariness.VOLUNTARY
        return False

    # ----------------------------------------------------------------- ties
    def tie(self, a: str, b: str) -> dict[str, object] | None:
        """Return the signed-view edge data between ``a`` and ``b`` (None if no present tie)."""
        data: dict[str, object] | None = self.adj.get(a, _NO_TIES).get(b)
        return data

    def positive(self) -> nx.Graph:
        """Return the subgraph of non-hostile (positive) ties."""
        if self._positive is None:
            pos = nx.Graph()
            pos.add_nodes_from(self.signed.nodes)
            pos.add_edges_from((u, v) for u, v, d in self.signed.edges(data=True) if d["sign"] > 0)
            self._positive = pos
        return self._positive

    def channel(self, a: str, b: str) -> int | None:
        """Return the length of the shortest non-hostile path from ``a`` to ``b`` (or None).

        Only paths of at most ``thresholds.channel_hops`` ties count.
        """
        dist = self._channel_cache.get(a)
        if dist is None:
            dist = nx.single_source_shortest_path_length(
                self.positive(), a, cutoff=self.params.thresholds.channel_hops
            )
            self._channel_cache[a] = dist
        return dist.get(b)

    def _near(self, actor_id: str) -> set[str]:
        found = self._near_cache.get(actor_id)
        if found is None:
            found = set()
            for x in self.side(actor_id):
                for nb, d in self.adj.get(x, {}).items():
                    if d["sign"] > 0:
                        found.add(nb)
            self._near_cache[actor_id] = found
        return found

    def neutral_third(self, a: str, b: str) -> list[str]:
        """Return third actors with a non-hostile tie to both sides (possible conveners)."""
        near_a, near_b = self._near(a), self._near(b)
        if not near_a or not near_b:
            return []
        both = near_a & near_b
        if not both:
            return []
        return sorted(both - self.side(a) - self.side(b))

    def advocates(self, actor_id: str) -> list[str]:
        """Return the advocates of ``actor_id`` (see the module docstring)."""
        cached = self._advocate_cache.get(actor_id)
        if cached is not None:
            return cached
        if actor_id not in self.signed:
            return []
        own_circle = self.circle(actor_id)
        out = []
        for nb, d in self.signed[actor_id].items():
            if nb in own_circle or self.has(nb, Role.CHANGE_AGENT):
                continue
            if not (self.roles.get(nb, set()) & _ADVOCATE_ROLES):
                continue
            if d["type"] == RelationType.COOPERATION:
                out.append(nb)
        self._advocate_cache[actor_id] = sorted(out)
        return self._advocate_cache[actor_id]

    # ----------------------------------------------------------------- agreements
    def agreements_between(self, a: str, b: str) -> list[Agreement]:
        """Return the agreements whose parties include both sides (or their groups)."""
        if not self._agreements:
            return []
        both = self._side_agreements(a) & self._side_agreements(b)
        return [self._agreements[i] for i in sorted(both)]

    def _side_agreements(self, actor_id: str) -> frozenset[int]:
        """Return the indices of the agreements with a party on the actor's side."""
        found = self._side_agr.get(actor_id)
        if found is None:
            found = frozenset(i for x in self.side(actor_id) for i in self._agr_index.get(x, ()))
            self._side_agr[actor_id] = found
        return found

    def binds(self, ag: Agreement) -> bool:
        """Return whether ``ag`` is in force on ``as_of`` (default: at the case's present)."""
        return ag.in_force(self.as_of, present=self.present)

    def in_force(self, agreements: Iterable[Agreement]) -> list[Agreement]:
        """Return those of ``agreements`` in force on ``as_of`` (default: at the present)."""
        return [ag for ag in agreements if self.binds(ag)]

    def broken(self, agreements: Iterable[Agreement]) -> list[Agreement]:
        """Return those of ``agreements`` that were broken (dated on or before ``as_of``)."""
        return [
            ag
            for ag in agreements
            if ag.status == AgreementStatus.BROKEN
            and (self.as_of is None or ag.start is None or ag.start <= self.as_of)
        ]

    def current(self, ag: Agreement) -> bool:
        """Return whether ``ag`` is in force, or proposed and started, on ``as_of``."""
        if self.binds(ag):
            return True
        return ag.status == AgreementStatus.PROPOSED and (
            self.as_of is None or ag.start is None or ag.start <= self.as_of
        )

    def conferences(self, actor_id: str) -> list[Agreement]:
        """Return the agreements in force, with a convener, that bind the actor's side."""
        return [
            self._agreements[i]
            for i in sorted(self._side_agreements(actor_id))
            if self._agreements[i].convener is not None and self.binds(self._agreements[i])
        ]

    # ----------------------------------------------------------------- triads
    def plain_signed(self) -> nx.Graph:
        """Return the signed view with only ``sign`` and ``weight`` on its edges."""
        if self._plain is None:
            plain = nx.Graph()
            plain.add_nodes_from(self.signed.nodes)
            plain.add_edges_from(
                (u, v, {"sign": d["sign"], "weight": d["weight"]})
                for u, v, d in self.signed.edges(data=True)
            )
            self._plain = plain
        return self._plain

    def prepare_pressure(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Compute the structural pressure of many pairs at once (see :meth:`pressure`)."""
        from ecograph.analysis.balance import edge_triad_signs
        from ecograph.analysis.latent import predict_pair_signs

        plain = self.plain_signed()
        unrelated = [(a, b) for a, b in pairs if not plain.has_edge(a, b)]
        eoe = self.params.thresholds.enemy_of_enemy
        for pred in predict_pair_signs(plain, unrelated, weighted=True, enemy_of_enemy=eoe):
            damp = math.tanh(pred.support)
            self._pressure[frozenset((str(pred.u), str(pred.v)))] = (
                pred.score * damp,
                len(pred.triads),
            )
        if plain.number_of_edges():
            for (u, v), (pos, mixed, neg) in edge_triad_signs(plain).items():
                total = pos + mixed + neg
                if not total:
                    continue
                # each triangle votes the sign it implies; "- -" votes only under strict balance
                mean = (pos - mixed + eoe * neg) / total
                self._pressure[frozenset((str(u), str(v)))] = (
                    mean * math.tanh(total),
                    total,
                )
        self._pressure_ready = True

    def pressure(self, a: str, b: str) -> tuple[float, int]:
        """Return the structural pressure on the pair (-1..1) and the triads behind it.

        From :mod:`ecograph.analysis.latent` for an unrelated pair: the weighted mean vote of
        its open triads (the friend of a friend becomes a friend, the enemy of a friend an
        enemy), damped by ``tanh`` of the votes' total strength so that one weak triad says
        little. From :func:`ecograph.analysis.balance.edge_imbalance` for a tie: the mean sign
        its triangles imply (``+1`` when every triangle is balanced with the tie as it is),
        damped by ``tanh`` of the number of triangles.
        """
        if not self._pressure_ready:
            self.prepare_pressure([(a, b)])
            self._pressure_ready = False
        return self._pressure.get(frozenset((a, b)), (0.0, 0))


_Stances = dict[str, dict[str, tuple[float, float]]]


def _stance_table(graph: EcoGraph, groups: dict[str, list[str]]) -> _Stances:
    own: dict[str, dict[str, tuple[float, float]]] = {}
    for goal in graph.goals():
        for st in goal.stances:
            own.setdefault(st.actor, {})[goal.id] = (st.stance, st.weight)
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for actor in graph.actors():
        table = dict(own.get(actor.id, {}))
        # nearest group first: groups are listed from the direct group outward
        for grp in groups.get(actor.id, []):
            for goal_id, value in own.get(grp, {}).items():
                table.setdefault(goal_id, value)
        if table:
            out[actor.id] = table
    return out


def case_features(
    graph: EcoGraph, *, params: Params | None = None, as_of: dt.date | None = None
) -> CaseFeatures:
    """Compute the features of ``graph`` on ``as_of`` (see the module docstring).

    Examples
    --------
    >>> from ecograph import load_graph
    >>> f = case_features(load_graph("examples/child-protection.yaml"))
    >>> f.joint_goals
    ['safe-care']
    >>> f.stances["olivia"]["home-visits"]  # inherited from her team
    (0.9, 1.0)
    """
    p = params or Params()
    actors = {a.id: a for a in graph.actors()}
    member_of = {a.id: list(a.member_of) for a in actors.values()}
    groups = {a: ancestors(a, member_of) for a in actors}
    roles = graph.effective_roles()
    stances = _stance_table(graph, groups)
    support = p.thresholds.support
    joint = []
    for goal in graph.goals():
        backers = [a for a, t in stances.items() if goal.id in t and t[goal.id][0] >= support]
        if any(Role.CHANGE_AGENT in roles[a] for a in backers) and any(
            Role.CLIENT in roles[a] for a in backers
        ):
            joint.append(goal.id)
    return CaseFeatures(
        graph=graph,
        params=p,
        as_of=as_of,
        signed=signed_graph(graph, as_of=as_of, weights=p.signs),
        actors=actors,
        roles=roles,
        groups=groups,
        stances=stances,
        joint_goals=joint,
        present=graph.present_date() if as_of is None else None,
    )
