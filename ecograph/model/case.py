"""A case: its metadata, actors, goals, relationships and agreements."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, ValidationInfo, field_validator

from ecograph.model.actor import Actor
from ecograph.model.agreement import Agreement
from ecograph.model.base import Id, Strict
from ecograph.model.goal import Goal
from ecograph.model.relationship import Relationship

__all__ = ["Case", "FORMAT_VERSION"]

#: The case-file format version written by this release (``ecograph: 1``).
FORMAT_VERSION = 1


class Case(Strict):
    """A whole case map.

    Parameters
    ----------
    id : str
        Stable id of the case; addresses it in a database.
    title : str
        Short title.
    description, author : str, optional
        Free text.
    start, end : date, optional
        The period the case covers.
    actors, goals, relationships, agreements : lists
        The content of the map. Cross-references are checked by
        :func:`ecograph.model.rules.check_case`.
    """

    id: Id
    title: str = Field(min_length=1)
    description: str | None = None
    author: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    actors: list[Actor] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if start is not None and end is not None and end < start:
            raise ValueError(f"the case ends before it starts ({start.isoformat()})")
        return end

    def actor(self, actor_id: str) -> Actor:
        """Return the actor with ``actor_id`` (KeyError if none)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)
