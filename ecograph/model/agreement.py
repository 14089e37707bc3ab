"""Agreements (contracts) as things of their own, binding two or more parties."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ecograph.model.base import Id, Strict
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
    start: dt.date | None = None
    end: dt.date | None = None
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

    def in_force(self, as_of: dt.date | None = None) -> bool:
        """Return whether the agreement binds its parties on ``as_of``."""
        if self.status in (AgreementStatus.PROPOSED, AgreementStatus.BROKEN):
            return False
        if as_of is None:
            return self.status != AgreementStatus.ENDED
        if self.start and as_of < self.start:
            return False
        return not (self.end and as_of > self.end)
