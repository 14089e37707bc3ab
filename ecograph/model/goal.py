"""Goals of the change effort and each actor's stance toward them."""

from __future__ import annotations

from pydantic import Field, field_validator

from ecograph.model.base import Id, Signed, Strict, Unit

__all__ = ["Stance", "Goal"]


class Stance(Strict):
    """One actor's stance toward a goal.

    Parameters
    ----------
    actor : str
        The actor's id.
    stance : float
        -1 opposes (the goal threatens its interests) ... 0 indifferent ... +1 supports.
    weight : float
        How much the goal matters to this actor, 0..1 (default 1).
    """

    actor: Id
    stance: Signed
    weight: Unit = 1.0


class Goal(Strict):
    """A goal of the change effort.

    Parameters
    ----------
    id : str
        Stable identifier.
    description : str
        What is to be achieved.
    stances : list of Stance
        Each actor's stance (at most one per actor).
    """

    id: Id
    description: str = Field(min_length=1)
    stances: list[Stance] = Field(default_factory=list)

    @field_validator("stances")
    @classmethod
    def _one_stance_per_actor(cls, stances: list[Stance]) -> list[Stance]:
        seen: set[str] = set()
        for s in stances:
            if s.actor in seen:
                raise ValueError(f"actor {s.actor!r} has two stances on this goal")
            seen.add(s.actor)
        return stances

    def stance_of(self, actor_id: str) -> Stance | None:
        """Return the stance of ``actor_id`` or None."""
        for s in self.stances:
            if s.actor == actor_id:
                return s
        return None
