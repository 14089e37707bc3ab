"""Agreements (contracts) as things of their own, binding two or more parties."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ecograph.model.base import Date, Id, Strict
from ecograph.model.vocab import AgreementBasis, AgreementStatus

__all__ = ["Party", "Agreement"]


class Party(Strict):
    """A party to an agreement and what it gives and gets."""

    actor: Id
    gives: str | None = None
    gets: str | None = None


class Agreement(Strict):
    """An agreement (contract) between two or more parties.

    Parameters
    ----------
    id : str
        Stable identifier.
    parties : list of Party
        At least two distinct actors.
    basis : AgreementBasis
        M. Horn's basis: culture, compromise, exchange, authority_redistribution, law.
    terms : str, optional
        What was agreed.
    start, end : date, optional
        When it runs (an authority redistribution is often "for a time").
    status : AgreementStatus
        proposed, concluded, kept, broken or ended.
    convener : str, optional
        The actor who convened the negotiation (the worker as neutral convener).
    """

    id: Id
    parties: list[Party] = Field(min_length=2)
    basis: AgreementBasis
    terms: str | None = None
    start: Date | None = None
    end: Date | None = None
    status: AgreementStatus = AgreementStatus.CONCLUDED
    convener: Id | None = None

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if start is not None and end is not None and end < start:
            raise ValueError(f"the agreement ends before it starts ({start.isoformat()})")
        return end

    @model_validator(mode="after")
    def _check(self) -> Self:
        ids = [p.actor for p in self.parties]
        if len(set(ids)) != len(ids):
            raise ValueError("a party is listed twice")
        return self

    def party_ids(self) -> list[str]:
        """Return the ids of the parties."""
        return [p.actor for p in self.parties]

    def in_force(self, as_of: dt.date | None = None, *, present: dt.date | None = None) -> bool:
        """Return whether the agreement binds its parties on ``as_of``, or as the case stands.

        The rule (docs/case-format.md, "Agreements"):

        * A ``proposed`` or ``broken`` agreement never binds.
        * **On a date** (``as_of``): the status is ``concluded``, ``kept`` or ``ended`` and the
          date lies in the term, from ``start`` to ``end``, both days included (a missing bound
          does not limit). An ``ended`` agreement bound its parties during its term.
        * **As the case stands** (no ``as_of``): the status is ``concluded`` or ``kept`` (an
          ``ended`` agreement is over) and ``present``, the date of the case's latest recorded
          event (:meth:`EcoGraph.present_date <ecograph.graph.EcoGraph.present_date>`), lies in
          the term: a kept agreement whose end has passed no longer binds, and one that starts
          later does not bind yet. Without ``present`` (nothing in the case is dated) the status
          alone decides. Pass the case's present: the agreement cannot know it, and today's
          date is never used, so an answer does not change with the day it is asked.

        Parameters
        ----------
        as_of : date, optional
            The date asked about; when given, ``present`` is not used.
        present : date, optional
            The case's present, used when ``as_of`` is None.

        Returns
        -------
        bool

        Examples
        --------
        >>> plan = Agreement(id="plan", parties=[{"actor": "a"}, {"actor": "b"}],
        ...                  basis="exchange", start=dt.date(2026, 1, 15),
        ...                  end=dt.date(2026, 3, 1), status="kept")
        >>> plan.in_force(dt.date(2026, 3, 1)), plan.in_force(dt.date(2026, 3, 2))
        (True, False)
        >>> plan.in_force(present=dt.date(2026, 6, 12))
        False
        """
        if self.status in (AgreementStatus.PROPOSED, AgreementStatus.BROKEN):
            return False
        if as_of is not None:
            day = as_of
        elif self.status == AgreementStatus.ENDED:
            return False
        elif present is None:
            return True
        else:
            day = present
        if self.start and day < self.start:
            return False
        return not (self.end and day > self.end)
