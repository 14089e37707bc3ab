"""The invariants of the ecosystem model, checked on a whole case; every problem is listed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from ecograph.errors import Problem
from ecograph.model.actor import Actor
from ecograph.model.case import Case
from ecograph.model.vocab import ROLE_LABELS, Role

__all__ = [
    "check_case",
    "change_agent_problems",
    "CHANGE_AGENT_RULE",
    "suggest",
    "effective_roles",
    "ancestors",
    "cycle_members",
]

#: The model's own words for the rule the change agent must keep.
CHANGE_AGENT_RULE = (
    "the change agent never becomes part of the client, target or action system: "
    '"He cooperates with the action system, works with the client system and finds ways of '
    'influencing the target system, but never becomes part of any of these systems."'
)

_EXCLUDED = (Role.CLIENT, Role.TARGET, Role.ACTION)


def suggest(value: str, choices: Iterable[str]) -> str | None:
    """Return the choice closest to ``value``, if any is close.

    Examples
    --------
    >>> suggest("confict", ["cooperation", "agreement", "conflict"])
    'conflict'
    """
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def ancestors(actor_id: str, member_of: Mapping[str, Sequence[str]]) -> list[str]:
    """Return every group ``actor_id`` belongs to, directly or through other groups."""
    out: list[str] = []
    stack = list(member_of.get(actor_id, []))
    while stack:
        g = stack.pop()
        if g in out or g == actor_id:
            continue
        out.append(g)
        stack.extend(member_of.get(g, []))
    return out


def effective_roles(case: Case) -> dict[str, set[Role]]:
    """Return each actor's systems: its own roles, or if none, those of its groups.

    A mother with no role of her own, in a family that is the client system, is part of the
    client system ("systems are made of people").
    """
    own = {a.id: set(a.roles) for a in case.actors}
    member_of = {a.id: a.member_of for a in case.actors}
    out: dict[str, set[Role]] = {}
    for a in case.actors:
        if own[a.id]:
            out[a.id] = set(own[a.id])
        else:
            roles: set[Role] = set()
            for g in ancestors(a.id, member_of):
                roles |= own.get(g, set())
            out[a.id] = roles
    return out


def change_agent_problems(
    actor: Actor,
    where: str,
    roles_of: Mapping[str, Sequence[Role]],
    member_of: Mapping[str, Sequence[str]],
) -> list[Problem]:
    """Return the breaches of the change-agent rule by ``actor`` (empty if none).

    The change agent may hold no client, target or action role, and may not be a member
    (directly or through other groups) of an actor that holds one.

    Parameters
    ----------
    actor : Actor
        The actor to check.
    where : str
        Its field path, e.g. ``actors[3]``.
    roles_of, member_of : mappings
        Every actor's own roles and groups, by id.
    """
    if Role.CHANGE_AGENT not in actor.roles:
        return []
    out: list[Problem] = []
    clash = [r for r in _EXCLUDED if r in actor.roles]
    if clash:
        names = ", ".join(ROLE_LABELS[r] for r in clash)
        out.append(
            Problem(
                f"actor {actor.id!r} is a change agent and also in the {names}",
                field=f"{where}.roles",
                expected="a change agent with no client, target or action role",
                rule=CHANGE_AGENT_RULE,
            )
        )
    for g in ancestors(actor.id, member_of):
        held = [r for r in _EXCLUDED if r in roles_of.get(g, ())]
        if held:
            names = ", ".join(ROLE_LABELS[r] for r in held)
            out.append(
                Problem(
                    f"change agent {actor.id!r} is a member of {g!r}, which is in the {names}",
                    field=f"{where}.member_of",
                    expected="a change agent outside the client, target and action systems",
                    rule=CHANGE_AGENT_RULE,
                )
            )
    return out


def check_case(case: Case) -> list[Problem]:
    """Return every broken invariant of ``case`` (empty when valid).

    Checked: unique ids; every relationship end, stance, membership, agreement party and
    convener names an existing actor; one relationship per pair; no membership cycles; and
    the change agent is never also a member or role-holder of the client, target or action
    system.
    """
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for i, a in enumerate(case.actors):
        if a.id in ids:
            problems.append(
                Problem(
                    f"actor id {a.id!r} is used twice (also actors[{ids[a.id]}])",
                    field=f"actors[{i}].id",
                    expected="a unique id",
                )
            )
        else:
            ids[a.id] = i
    known = list(ids)

    def ref(value: str, path: str, what: str) -> None:
        if value not in ids:
            problems.append(
                Problem(
                    f"{what} {value!r} is not an actor of this case",
                    field=path,
                    expected="the id of an actor listed under actors",
                    suggestion=suggest(value, known),
                )
            )

    for i, a in enumerate(case.actors):
        for j, g in enumerate(a.member_of):
            if g == a.id:
                problems.append(
                    Problem(
                        "an actor cannot be a member of itself", field=f"actors[{i}].member_of[{j}]"
                    )
                )
            else:
                ref(g, f"actors[{i}].member_of[{j}]", "group")

    # Self-membership is reported above; leave it out of the cycle search (one problem, not two).
    member_of = {a.id: [g for g in a.member_of if g in ids and g != a.id] for a in case.actors}
    reported: set[frozenset[str]] = set()
    for i, a in enumerate(case.actors):
        cyc = frozenset(cycle_members(a.id, member_of))
        if cyc and cyc not in reported:
            reported.add(cyc)
            problems.append(
                Problem(
                    "membership forms a cycle: " + " -> ".join(sorted(cyc)),
                    field=f"actors[{i}].member_of",
                    expected="groups nested without loops (a member cannot contain its group)",
                )
            )

    roles_by_id = {a.id: a.roles for a in case.actors}
    for i, a in enumerate(case.actors):
        problems.extend(change_agent_problems(a, f"actors[{i}]", roles_by_id, member_of))

    goal_ids: set[str] = set()
    for i, goal in enumerate(case.goals):
        if goal.id in goal_ids:
            problems.append(Problem(f"goal id {goal.id!r} is used twice", field=f"goals[{i}].id"))
        goal_ids.add(goal.id)
        for j, s in enumerate(goal.stances):
            ref(s.actor, f"goals[{i}].stances[{j}].actor", "stance by")

    rel_ids: set[str] = set()
    pairs: dict[tuple[str, str], int] = {}
    for i, r in enumerate(case.relationships):
        ref(r.source, f"relationships[{i}].source", "source")
        ref(r.target, f"relationships[{i}].target", "target")
        if r.key in rel_ids:
            problems.append(
                Problem(f"relationship id {r.key!r} is used twice", field=f"relationships[{i}].id")
            )
        rel_ids.add(r.key)
        if r.pair in pairs:
            problems.append(
                Problem(
                    f"{r.source!r} and {r.target!r} already have a relationship "
                    f"(relationships[{pairs[r.pair]}])",
                    field=f"relationships[{i}]",
                    expected="one relationship per pair; record changes as observations in "
                    "its history",
                )
            )
        else:
            pairs[r.pair] = i

    agr_ids: set[str] = set()
    for i, ag in enumerate(case.agreements):
        if ag.id in agr_ids:
            problems.append(
                Problem(f"agreement id {ag.id!r} is used twice", field=f"agreements[{i}].id")
            )
        agr_ids.add(ag.id)
        for j, p in enumerate(ag.parties):
            ref(p.actor, f"agreements[{i}].parties[{j}].actor", "party")
        if ag.convener is not None:
            ref(ag.convener, f"agreements[{i}].convener", "convener")
    return problems


def cycle_members(start: str, member_of: Mapping[str, Sequence[str]]) -> list[str]:
    """Return the actors on a membership cycle through ``start`` (empty if none)."""
    path: list[str] = []

    def walk(node: str, seen: set[str]) -> list[str] | None:
        for g in member_of.get(node, []):
            if g == start:
                return [*path, node]
            if g in seen:
                continue
            seen.add(g)
            path.append(node)
            found = walk(g, seen)
            path.pop()
            if found:
                return found
        return None

    return walk(start, {start}) or []
