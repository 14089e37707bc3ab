"""The typed graph of a case, over NetworkX, keeping the invariants of the ecosystem model.

Examples
--------
>>> from ecograph.graph import EcoGraph
>>> from ecograph.model import Actor, Relationship
>>> g = EcoGraph("demo", "A demo case")
>>> g.add_actor(Actor(id="worker", name="Worker", roles=["change_agent"]))
>>> g.add_actor(Actor(id="family", name="Family", kind="family", roles=["client"]))
>>> g.add_relationship(Relationship(source="worker", target="family", type="agreement"))
>>> [a.id for a in g.actors(role="client")]
['family']
>>> g.add_actor(Actor(id="worker2", name="W2", roles=["change_agent", "client"]))
Traceback (most recent call last):
...
ecograph.errors.InvariantError: case: 1 problem found
...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from ecograph.errors import InvariantError, NotFoundError, Problem
from ecograph.model import (
    Actor,
    Agreement,
    Case,
    Goal,
    Observation,
    Relationship,
    RelationState,
    Role,
    Stance,
    check_case,
    pair_key,
)
from ecograph.model.case import latest_event
from ecograph.model.rules import (
    ancestors,
    change_agent_problems,
    cycle_members,
    effective_roles,
    suggest,
)

__all__ = ["EcoGraph"]

_META_FIELDS = ("description", "author", "start", "end")


class _Overlay(Mapping[str, Sequence[Any]]):
    """One field of every actor, by id, with one actor replaced (a read-only view)."""

    def __init__(self, g: nx.Graph, actor: Actor, field: str) -> None:
        self._g, self._actor, self._field = g, actor, field

    def __getitem__(self, key: str) -> Sequence[Any]:
        if key == self._actor.id:
            return list(getattr(self._actor, self._field))
        return list(getattr(self._g.nodes[key]["actor"], self._field))

    def __iter__(self) -> Iterator[str]:
        yield from self._g.nodes
        if self._actor.id not in self._g:
            yield self._actor.id

    def __len__(self) -> int:
        return len(self._g) + (self._actor.id not in self._g)

    def __contains__(self, key: object) -> bool:
        return key == self._actor.id or key in self._g


class EcoGraph:
    """A case map as a graph: actors are nodes, relationships are edges.

    Membership (a mother in a family) is kept on the actors and exposed by :meth:`members`;
    goals and agreements are kept beside the graph. Every mutation keeps the model's
    invariants and raises :class:`~ecograph.errors.InvariantError` (with the rule in the
    model's words) instead of breaking them.

    Parameters
    ----------
    case_id : str
        The case's stable id.
    title : str
        The case's title.
    **meta
        ``description``, ``author``, ``start``, ``end``.
    """

    def __init__(self, case_id: str, title: str, **meta: Any) -> None:
        unknown = set(meta) - set(_META_FIELDS)
        if unknown:
            raise TypeError(f"unknown case metadata: {sorted(unknown)}")
        # Validate the metadata through the model (ids, dates).
        Case(id=case_id, title=title, **meta)
        self.case_id = case_id
        self.title = title
        self.meta: dict[str, Any] = {k: meta.get(k) for k in _META_FIELDS}
        self._g: nx.Graph = nx.Graph()
        self._rels: dict[tuple[str, str], Relationship] = {}
        self._goals: dict[str, Goal] = {}
        self._agreements: dict[str, Agreement] = {}

    # ------------------------------------------------------------------ conversion
    @classmethod
    def from_case(cls, case: Case, *, source: str | None = None) -> EcoGraph:
        """Build the graph of ``case``, checking every invariant (all problems listed)."""
        problems = check_case(case)
        if problems:
            raise InvariantError(problems, source=source)
        g = cls(case.id, case.title, **{k: getattr(case, k) for k in _META_FIELDS})
        for a in case.actors:
            g._g.add_node(a.id, actor=a)
        for r in case.relationships:
            g._rels[r.pair] = r
            g._g.add_edge(r.source, r.target, rel=r)
        g._goals = {x.id: x for x in case.goals}
        g._agreements = {x.id: x for x in case.agreements}
        return g

    def to_case(self) -> Case:
        """Return the pydantic :class:`~ecograph.model.Case` (no loss: equal on round trip)."""
        return Case(
            id=self.case_id,
            title=self.title,
            **self.meta,
            actors=self.actors(),
            goals=list(self._goals.values()),
            relationships=list(self._rels.values()),
            agreements=list(self._agreements.values()),
        )

    def copy(self) -> EcoGraph:
        """Return an independent deep copy."""
        return EcoGraph.from_case(self.to_case().model_copy(deep=True))

    @property
    def nx(self) -> nx.Graph:
        """The underlying NetworkX graph (read it; change the map through this class)."""
        return self._g

    # ------------------------------------------------------------------ actors
    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._g

    def __len__(self) -> int:
        return int(self._g.number_of_nodes())

    def actors(self, role: Role | str | None = None, *, effective: bool = False) -> list[Actor]:
        """Return the actors, optionally those in one system.

        Parameters
        ----------
        role : Role or str, optional
            Keep actors holding this role.
        effective : bool
            Count roles inherited from groups (members of a client family are in the client
            system).
        """
        actors: list[Actor] = [d["actor"] for _, d in self._g.nodes(data=True)]
        if role is None:
            return actors
        want = Role(role)
        if effective:
            roles = self.effective_roles()
            return [a for a in actors if want in roles[a.id]]
        return [a for a in actors if want in a.roles]

    def actor(self, actor_id: str) -> Actor:
        """Return one actor."""
        try:
            actor: Actor = self._g.nodes[actor_id]["actor"]
        except KeyError:
            raise NotFoundError(f"no actor {actor_id!r} in case {self.case_id!r}") from None
        return actor

    def add_actor(self, actor: Actor) -> None:
        """Add an actor (its id must be new, its groups must exist)."""
        if actor.id in self._g:
            self._fail(f"actor id {actor.id!r} is already used", f"actors.{actor.id}")
        self._check_with(actor)
        self._g.add_node(actor.id, actor=actor)

    def update_actor(self, actor_id: str, **changes: Any) -> Actor:
        """Change fields of an actor (not its id) and return the new actor."""
        if "id" in changes:
            raise TypeError("an actor's id is stable; remove and add to rename")
        old = self.actor(actor_id)
        new = Actor.model_validate({**old.model_dump(), **changes})
        self._check_with(new)
        self._g.nodes[actor_id]["actor"] = new
        return new

    def remove_actor(self, actor_id: str) -> None:
        """Remove an actor with its relationships and stances.

        Raises InvariantError if other actors are its members or it is party to an agreement.
        """
        self.actor(actor_id)
        members = self.members(actor_id)
        if members:
            self._fail(
                f"actor {actor_id!r} still has members: {', '.join(a.id for a in members)}",
                f"actors.{actor_id}",
            )
        for ag in self._agreements.values():
            if actor_id in ag.party_ids() or ag.convener == actor_id:
                self._fail(f"actor {actor_id!r} is party to agreement {ag.id!r}", "agreements")
        for nb in list(self._g.neighbors(actor_id)):
            del self._rels[pair_key(actor_id, nb)]
        self._g.remove_node(actor_id)
        for gid, goal in self._goals.items():
            if goal.stance_of(actor_id):
                self._goals[gid] = goal.model_copy(
                    update={"stances": [s for s in goal.stances if s.actor != actor_id]}
                )

    def members(self, group_id: str) -> list[Actor]:
        """Return the direct members of a group (a family, an agency)."""
        return [a for a in self.actors() if group_id in a.member_of]

    def effective_roles(self) -> dict[str, set[Role]]:
        """Return each actor's systems, counting those inherited from its groups."""
        return effective_roles(Case(id=self.case_id, title=self.title, actors=self.actors()))

    # ------------------------------------------------------------------ goals
    def goals(self) -> list[Goal]:
        """Return the goals."""
        return list(self._goals.values())

    def goal(self, goal_id: str) -> Goal:
        """Return one goal."""
        try:
            return self._goals[goal_id]
        except KeyError:
            raise NotFoundError(f"no goal {goal_id!r} in case {self.case_id!r}") from None

    def add_goal(self, goal: Goal) -> None:
        """Add a goal; its stances must name existing actors."""
        if goal.id in self._goals:
            self._fail(f"goal id {goal.id!r} is already used", f"goals.{goal.id}")
        for s in goal.stances:
            self._need_actor(s.actor, f"goals.{goal.id}.stances")
        self._goals[goal.id] = goal

    def set_stance(self, goal_id: str, actor_id: str, stance: float, weight: float = 1.0) -> None:
        """Set (or replace) an actor's stance on a goal."""
        goal = self.goal(goal_id)
        self._need_actor(actor_id, f"goals.{goal_id}.stances")
        stances = [s for s in goal.stances if s.actor != actor_id]
        stances.append(Stance(actor=actor_id, stance=stance, weight=weight))
        self._goals[goal_id] = goal.model_copy(update={"stances": stances})

    def remove_goal(self, goal_id: str) -> None:
        """Remove a goal."""
        self.goal(goal_id)
        del self._goals[goal_id]

    # ------------------------------------------------------------------ relationships
    def relationships(self) -> list[Relationship]:
        """Return the relationships in the order they were added."""
        return list(self._rels.values())

    def relationship(self, a: str, b: str) -> Relationship | None:
        """Return the relationship between ``a`` and ``b`` (either order), or None."""
        return self._rels.get(pair_key(a, b))

    def add_relationship(self, rel: Relationship) -> None:
        """Add a relationship between two existing actors (one per pair)."""
        for end in (rel.source, rel.target):
            self._need_actor(end, f"relationships.{rel.key}")
        if rel.pair in self._rels:
            self._fail(
                f"{rel.source!r} and {rel.target!r} already have a relationship",
                f"relationships.{rel.key}",
                expected="one relationship per pair; record changes as observations",
            )
        if any(r.key == rel.key for r in self._rels.values()):
            self._fail(f"relationship id {rel.key!r} is already used", "relationships")
        self._rels[rel.pair] = rel
        self._g.add_edge(rel.source, rel.target, rel=rel)

    def update_relationship(self, a: str, b: str, **changes: Any) -> Relationship:
        """Change fields of the relationship between ``a`` and ``b``."""
        old = self._need_rel(a, b)
        new = Relationship.model_validate({**old.model_dump(), **changes})
        if new.pair != old.pair:
            raise TypeError("the ends of a relationship are stable; remove and add instead")
        self._rels[old.pair] = new
        self._g.edges[old.source, old.target]["rel"] = new
        return new

    def remove_relationship(self, a: str, b: str) -> None:
        """Remove the relationship between ``a`` and ``b``."""
        old = self._need_rel(a, b)
        del self._rels[old.pair]
        self._g.remove_edge(a, b)

    def record(self, a: str, b: str, observation: Observation) -> Relationship:
        """Append an observation to the history of ``a``--``b`` (creating it if needed).

        A relationship that had only a declared type keeps it, as written and undated, as its
        state before the first observation: nothing is invented (no made-up date).
        """
        for end in (a, b):
            self._need_actor(end, "record")
        old = self.relationship(a, b)
        if old is None:
            rel = Relationship(source=a, target=b, history=[observation])
            self.add_relationship(rel)
            return rel
        return self.update_relationship(a, b, history=[*old.history, observation])

    def states(self, as_of: dt.date | None = None) -> Iterator[tuple[Relationship, RelationState]]:
        """Yield each relationship present on ``as_of`` with its derived state."""
        for r in self._rels.values():
            s = r.state(as_of)
            if s is not None and not s.ended:
                yield r, s

    def present_date(self) -> dt.date | None:
        """Return the date of the case's latest recorded event, where "now" stands.

        The latest dated observation, agreement start (unless proposed) or recorded ending of an
        agreement; None when nothing dated has happened. Analyses with no ``as_of`` read
        relationships at their latest state and agreements at this date (see
        :func:`ecograph.model.case.latest_event`).
        """
        return latest_event(self._rels.values(), self._agreements.values())

    def joined_dates(self) -> dict[str, dt.date]:
        """Return the date each actor joined the case, for the actors that joined late.

        An actor's ``joined`` date when it has one. Otherwise the first date it appears, when
        it appears only with dates: it has relationships or agreements, every relationship
        starts with a dated observation (no declared state, no mandate before any state) and
        every agreement it is party to or convenes has a start date. An actor with no
        relationship and no agreement, or with an undated one, is in the case from the start
        and is left out. A group is in the case as soon as one of its members is. Goals and
        stances carry no dates, so they do not count.

        Returns
        -------
        dict
            Actor id -> the date it joined (actors in the case from the start are absent).

        Examples
        --------
        >>> import ecograph
        >>> joined = ecograph.load_graph("examples/child-protection.yaml").joined_dates()
        >>> joined["advocate"].isoformat(), "roberta" in joined
        ('2026-09-21', False)
        """
        first: dict[str, dt.date | None] = {}

        def seen(actor: str, day: dt.date | None) -> None:
            if actor in first and (first[actor] is None or day is None):
                first[actor] = None
            else:
                old = first.get(actor)
                first[actor] = day if old is None or (day is not None and day < old) else old

        for r in self._rels.values():
            dated = bool(r.history) and r.declared_state() is None and not r.mandated
            day = min(o.date for o in r.history) if dated else None
            seen(r.source, day)
            seen(r.target, day)
        for ag in self._agreements.values():
            for who in {*ag.party_ids(), *([ag.convener] if ag.convener else [])}:
                seen(who, ag.start)
        member_of = {a.id: list(a.member_of) for a in self.actors()}
        for who in member_of:  # a group is in the case as soon as one of its members is
            for grp in ancestors(who, member_of):
                seen(grp, first[who] if who in first else None)
        out = {a: d for a, d in first.items() if d is not None}
        for actor in self.actors():
            if actor.joined is not None:
                out[actor.id] = actor.joined
        return out

    # ------------------------------------------------------------------ agreements
    def agreements(self) -> list[Agreement]:
        """Return the agreements."""
        return list(self._agreements.values())

    def add_agreement(self, agreement: Agreement) -> None:
        """Add an agreement; its parties must exist."""
        if agreement.id in self._agreements:
            self._fail(f"agreement id {agreement.id!r} is already used", "agreements")
        for p in agreement.parties:
            self._need_actor(p.actor, f"agreements.{agreement.id}.parties")
        if agreement.convener is not None:
            self._need_actor(agreement.convener, f"agreements.{agreement.id}.convener")
        self._agreements[agreement.id] = agreement

    def remove_agreement(self, agreement_id: str) -> None:
        """Remove an agreement."""
        if agreement_id not in self._agreements:
            raise NotFoundError(f"no agreement {agreement_id!r} in case {self.case_id!r}")
        del self._agreements[agreement_id]

    # ------------------------------------------------------------------ helpers
    def _check_with(self, actor: Actor) -> None:
        """Check the actor-level invariants with ``actor`` added or replaced.

        The rest of the map is valid, so only what this actor brings is checked: its groups
        exist, no membership cycle through it, the change-agent rule for it, and -- when it
        now holds a client, target or action role -- for the change agents among its members.
        Cost grows with the depth of nesting, not with the size of the map.
        """
        for g in actor.member_of:
            if g == actor.id:
                self._fail("an actor cannot be a member of itself", f"actors.{actor.id}.member_of")
            self._need_actor(g, f"actors.{actor.id}.member_of")
        member_of = _Overlay(self._g, actor, "member_of")
        roles_of = _Overlay(self._g, actor, "roles")
        problems: list[Problem] = []
        cycle = cycle_members(actor.id, member_of)
        if cycle:
            problems.append(
                Problem(
                    "membership forms a cycle: " + " -> ".join(sorted(cycle)),
                    field=f"actors.{actor.id}.member_of",
                    expected="groups nested without loops (a member cannot contain its group)",
                )
            )
        problems.extend(change_agent_problems(actor, f"actors.{actor.id}", roles_of, member_of))
        if actor.id in self._g and set(actor.roles) & {Role.CLIENT, Role.TARGET, Role.ACTION}:
            for other in self.actors():
                if other.id != actor.id and actor.id in ancestors(other.id, member_of):
                    problems.extend(
                        change_agent_problems(other, f"actors.{other.id}", roles_of, member_of)
                    )
        if problems:
            raise InvariantError(problems)

    def _need_actor(self, actor_id: str, where: str) -> None:
        if actor_id not in self._g:
            raise InvariantError(
                [
                    Problem(
                        f"{actor_id!r} is not an actor of this case",
                        field=where,
                        expected="the id of an existing actor",
                        suggestion=suggest(actor_id, list(self._g.nodes)),
                    )
                ]
            )

    def _need_rel(self, a: str, b: str) -> Relationship:
        rel = self.relationship(a, b)
        if rel is None:
            raise NotFoundError(f"no relationship between {a!r} and {b!r}")
        return rel

    def _fail(self, message: str, where: str, expected: str | None = None) -> None:
        raise InvariantError([Problem(message, field=where, expected=expected)])
