"""Actors: the people, families, groups, organizations and communities of a case."""

from __future__ import annotations

from pydantic import Field, field_validator

from ecograph.model.base import AttrValue, Date, Id, Strict, Unit
from ecograph.model.vocab import ActorKind, Role, Voluntariness

__all__ = ["Actor", "Position"]


class Position(Strict):
    """A layout hint: where the actor was placed on the workspace's canvas.

    Only a hint for drawing (``ecograph serve`` keeps it when an actor is dragged); the analysis
    never reads it, and a picture may place the actor elsewhere.
    """

    x: float = Field(allow_inf_nan=False)
    y: float = Field(allow_inf_nan=False)


class Actor(Strict):
    """A node of the map.

    Parameters
    ----------
    id : str
        Stable identifier, unique in the case; used to address the actor everywhere.
    name : str
        Display name (may be a pseudonym).
    kind : ActorKind
        individual, family, group, organization or community.
    roles : list of Role
        The systems the actor belongs to. An actor may hold several (a mandated client is
        often also a target) -- except the change agent, who never becomes part of the client,
        target or action system.
    power : float
        Power and authority in the case, 0..1: 0 = no say over the outcome, 0.5 = can block or
        delay it, 1 = can decide it alone (legal authority, control of the resource). Compared
        across actors of the same case only.
    voluntariness : Voluntariness, optional
        For clients: voluntary, involuntary (pressed by circumstance or others) or mandated (by
        a court, the law or an agency).
    member_of : list of str
        Ids of the actors this one is a member of (a mother in a family, a worker in an agency).
    joined : date, optional
        The date the actor joined the case (an advocate appointed in the autumn). Before it,
        the analysis leaves the actor out of the pairs it assesses, the tactics and the
        warnings. Left out, it is read from the relationships (see
        :meth:`ecograph.graph.EcoGraph.joined_dates`).
    expects_moderate_demands : bool, optional
        For a target: whether it "counts on more moderate requirements" (source 000), one of
        the conditions for negotiating. Left out, it is read from the goals: the joint goals
        threaten it, but at most ``thresholds.moderate_demands``.
    attributes : dict
        Free attributes (strings, numbers, booleans).
    notes : str, optional
        Free text. Removed by ``ecograph redact``.
    position : Position, optional
        Layout hint: ``{x, y}`` where the actor was placed in the workspace (not analysed).
    """

    id: Id
    name: str = Field(min_length=1, max_length=500)
    kind: ActorKind = ActorKind.INDIVIDUAL
    roles: list[Role] = Field(default_factory=list)
    power: Unit = 0.5
    voluntariness: Voluntariness | None = None
    member_of: list[Id] = Field(default_factory=list)
    joined: Date | None = None
    expects_moderate_demands: bool | None = None
    attributes: dict[str, AttrValue] = Field(default_factory=dict)
    notes: str | None = None
    position: Position | None = None

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, roles: list[Role]) -> list[Role]:
        if len(set(roles)) != len(roles):
            raise ValueError("a role is listed twice")
        return roles

    @field_validator("member_of")
    @classmethod
    def _unique_groups(cls, groups: list[str]) -> list[str]:
        if len(set(groups)) != len(groups):
            raise ValueError("a group is listed twice")
        return groups

    @field_validator("attributes")
    @classmethod
    def _no_model_fields(cls, attributes: dict[str, AttrValue]) -> dict[str, AttrValue]:
        if "expects_moderate_demands" in attributes:
            raise ValueError(
                "expects_moderate_demands is a field of the actor (expects_moderate_demands: "
                "true), not a free attribute"
            )
        return attributes

    def has_role(self, role: Role) -> bool:
        """Return whether the actor itself holds ``role``."""
        return role in self.roles
