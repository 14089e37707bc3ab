"""A case: its metadata, actors, goals, relationships and agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import Field, ValidationInfo, field_validator

from ecograph.model.actor import Actor
from ecograph.model.agreement import Agreement
from ecograph.model.base import Date, Id, Strict
from ecograph.model.goal import Goal
from ecograph.model.relationship import Relationship
from ecograph.model.vocab import AgreementStatus

__all__ = ["Case", "FORMAT_VERSION", "latest_event"]

#: The case-file format version written by this release (``ecograph: 1``).
FORMAT_VERSION = 1


def latest_event(
    relationships: Iterable[Relationship], agreements: Iterable[Agreement]
) -> dt.date | None:
    """Return the date of the latest recorded event of a case: its present.

    The events are what has happened: every dated observation of a relationship (shared or
    one-sided), the ``start`` of every agreement that was concluded (any status but
    ``proposed``), and the ``end`` of every agreement recorded as ``ended``. The ``end`` of any
    other agreement is its planned term, not an event, and the case's own ``start`` and ``end``
    are the period it covers, not events. On and after this date every relationship's state is
    its latest (``Relationship.state()`` with no date), so the map "as it stands" is the map on
    this date; :meth:`Agreement.in_force <ecograph.model.Agreement.in_force>` reads agreements
    at it.

    Returns None when nothing dated has happened (declared relationships, undated agreements).

    Examples
    --------
    >>> from ecograph.model import Observation
    >>> r = Relationship(source="a", target="b", history=[
    ...     Observation(date=dt.date(2026, 6, 12), type="agreement")])
    >>> plan = Agreement(id="plan", parties=[{"actor": "a"}, {"actor": "b"}], basis="exchange",
    ...                  start=dt.date(2026, 1, 15), end=dt.date(2026, 3, 1), status="kept")
    >>> latest_event([r], [plan])
    datetime.date(2026, 6, 12)
    >>> latest_event([], []) is None
    True
    """
    dates = [o.date for r in relationships for o in r.history]
    for ag in agreements:
        if ag.start is not None and ag.status != AgreementStatus.PROPOSED:
            dates.append(ag.start)
        if ag.end is not None and ag.status == AgreementStatus.ENDED:
            dates.append(ag.end)
    return max(dates, default=None)


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
    start: Date | None = None
    end: Date | None = None
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

    def present_date(self) -> dt.date | None:
        """Return the date of the case's latest recorded event (see :func:`latest_event`)."""
        return latest_event(self.relationships, self.agreements)

    def actor(self, actor_id: str) -> Actor:
        """Return the actor with ``actor_id`` (KeyError if none)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)
