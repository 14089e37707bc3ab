"""Focus views: draw one part of a large case so that it can be read.

A 40-actor neighbourhood drawn whole is a tangle. A focus keeps one part of it:

* ``actor``: one actor's own network -- the actor, every actor it has a relationship with on
  the date, and the relationships among them (an ego network);
* ``system``: one system's ties -- every relationship with at least one end in the system
  (``client``, ``target``, ``action``, ``change_agent``, ...; an actor is in a system by its
  own role or its group's), and the actors at their ends;
* ``types``: only relationships of these types (``conflict`` alone: where the trouble is).

They combine (an actor's conflicts: ``actor`` and ``types``). The focused case is a smaller
case: the figure and the map lay it out afresh, so the part is drawn at a readable size. Each
kept actor keeps the systems it had in the whole case (a member whose family is left out keeps
the family's systems), and goals, stances and agreements are kept among the kept actors.

Examples
--------
>>> import ecograph
>>> g = ecograph.load_graph("examples/child-protection.yaml")
>>> sub = focus_graph(g, Focus(actor="advocate"))
>>> sorted(a.id for a in sub.actors())
['advocate', 'roberta', 'susan']
>>> sorted(r.pair for r in sub.relationships())
[('advocate', 'roberta'), ('advocate', 'susan'), ('roberta', 'susan')]
>>> {r.state().type.value for r in focus_graph(g, Focus(types=("conflict",))).relationships()}
{'conflict'}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecograph.errors import InputError
from ecograph.graph import EcoGraph
from ecograph.model import RelationType, Role
from ecograph.model.rules import suggest

__all__ = ["Focus", "focus_graph", "parse_focus", "SYSTEM_NAMES"]

#: The systems a focus can name (the role values).
SYSTEM_NAMES: tuple[str, ...] = tuple(r.value for r in Role)


@dataclass(frozen=True)
class Focus:
    """Which part of a case to draw (see the module docstring).

    Parameters
    ----------
    actor : str, optional
        An actor id: its own network.
    system : str, optional
        A role value: that system's ties.
    types : tuple of str
        Relationship types to keep (empty: every type).
    """

    actor: str | None = None
    system: str | None = None
    types: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.actor or self.system or self.types)

    def describe(self, graph: EcoGraph) -> str:
        """Return the focus in words, for a title (``"Roberta (mother)'s own network"``)."""
        parts = []
        if self.actor:
            parts.append(f"{graph.actor(self.actor).name}'s own network")
        if self.system:
            parts.append(f"ties of the {self.system.replace('_', ' ')} system")
        if self.types:
            parts.append(" and ".join(self.types) + " only")
        return "; ".join(parts)


def _did_you_mean(close: str | None) -> str:
    return f"; did you mean {close!r}?" if close else ""


def parse_focus(
    graph: EcoGraph,
    *,
    actor: str | None = None,
    system: str | None = None,
    types: str | None = None,
) -> Focus:
    """Check the focus options against the case; return the :class:`Focus`.

    ``actor`` may be an id or a name (either exactly, names ignoring case); ``types`` a
    comma-separated list of relationship types.

    Raises
    ------
    InputError
        Naming the option, what was wrong and what is expected (with a close match).
    """
    actor_id = None
    if actor is not None:
        ids = {a.id: a.id for a in graph.actors()}
        names = {a.name.casefold(): a.id for a in graph.actors()}
        actor_id = ids.get(actor) or names.get(actor.casefold())
        if actor_id is None:
            raise InputError(
                "no actor with that id or name in this case"
                + _did_you_mean(suggest(actor, [*ids, *(a.name for a in graph.actors())])),
                field="--focus",
                expected="the id or the name of an actor of the case",
            )
    if system is not None and system not in SYSTEM_NAMES:
        raise InputError(
            f"{system!r} is not a system" + _did_you_mean(suggest(system, SYSTEM_NAMES)),
            field="--focus-system",
            expected=", ".join(SYSTEM_NAMES),
        )
    kinds: tuple[str, ...] = ()
    if types is not None:
        valid = [t.value for t in RelationType]
        kinds = tuple(dict.fromkeys(t.strip() for t in types.split(",") if t.strip()))
        bad = [t for t in kinds if t not in valid]
        if bad or not kinds:
            raise InputError(
                f"{bad[0]!r} is not a type of relationship" + _did_you_mean(suggest(bad[0], valid))
                if bad
                else "no type given",
                field="--only-ties",
                expected="cooperation, agreement or conflict (several: conflict,agreement)",
            )
    return Focus(actor_id, system, kinds)


def focus_graph(graph: EcoGraph, focus: Focus, *, as_of: dt.date | None = None) -> EcoGraph:
    """Return the part of ``graph`` that ``focus`` keeps, as a case of its own.

    Parameters
    ----------
    graph : EcoGraph
        The whole case.
    focus : Focus
        What to keep; an empty focus keeps everything (``graph`` itself is returned).
    as_of : date, optional
        The date whose relationships count (default: the latest state).

    Returns
    -------
    EcoGraph
        The kept actors (with the systems they have in the whole case), the kept
        relationships, and the goals, stances and agreements among the kept actors.
    """
    if not focus:
        return graph
    eff = graph.effective_roles()
    states = {r.pair: s for r, s in graph.states(as_of)}
    rels = [r for r in graph.relationships() if r.pair in states]
    if focus.types:
        rels = [r for r in rels if states[r.pair].type.value in focus.types]
    if focus.system:
        role = Role(focus.system)
        rels = [r for r in rels if role in eff[r.source] or role in eff[r.target]]
    keep: set[str]
    if focus.actor:
        me = focus.actor
        keep = {me} | {x for r in rels if me in r.pair for x in r.pair}
        rels = [r for r in rels if r.source in keep and r.target in keep]
    else:
        keep = {x for r in rels for x in r.pair}
        if focus.system and not focus.types:  # the system's members without ties count too
            keep |= {a.id for a in graph.actors() if Role(focus.system) in eff[a.id]}
    case = graph.to_case()
    actors = []
    for a in case.actors:
        if a.id not in keep:
            continue
        groups = [g for g in a.member_of if g in keep]
        roles = list(a.roles)
        if not roles and len(groups) < len(a.member_of):  # keeps the systems of a lost group
            roles = sorted(eff[a.id], key=list(Role).index)
        actors.append(a.model_copy(update={"member_of": groups, "roles": roles}))
    goals = [
        g.model_copy(update={"stances": [s for s in g.stances if s.actor in keep]})
        for g in case.goals
    ]
    agreements = [
        ag
        for ag in case.agreements
        if set(ag.party_ids()) <= keep and (ag.convener is None or ag.convener in keep)
    ]
    kept = {r.pair for r in rels}
    sub = case.model_copy(
        update={
            "actors": actors,
            "relationships": [r for r in case.relationships if r.pair in kept],
            "goals": goals,
            "agreements": agreements,
        }
    )
    return EcoGraph.from_case(sub)
