"""What-if scenarios: interventions to try on a copy of a case map.

A scenario file (format ``ecograph-scenario: 1``) lists interventions, each a mapping with one
key naming the intervention::

    ecograph-scenario: 1
    id: advocate
    title: What if Roberta had an advocate in June?
    case: child-protection-roberta
    date: 2026-06-30
    interventions:
      - add_advocate: {client: roberta, toward: [susan]}

See docs/scenarios.md for every intervention and its fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from pydantic import Field, model_validator

from ecograph.model.base import Date, Id, Signed, Strict, Unit
from ecograph.model.vocab import AgreementBasis

__all__ = [
    "SCENARIO_FORMAT_VERSION",
    "AddAdvocate",
    "FamilyGroupConference",
    "RedistributeAuthority",
    "ConcludeAgreement",
    "ChangeStance",
    "EndRelationship",
    "Intervention",
    "Scenario",
]

#: The scenario-file format version written and read by this release.
SCENARIO_FORMAT_VERSION = 1


class _Dated(Strict):
    def _check_period(self, start: dt.date | None, end: dt.date | None) -> None:
        if start is not None and end is not None and end < start:
            raise ValueError("the period ends before it starts")


class AddAdvocate(Strict):
    """Give a client an advocate: an action-system actor on the client's side.

    Parameters
    ----------
    client : str
        The client (id) the advocate speaks for.
    toward : list of str
        The actors the advocate has authority toward (the target: often the worker or the
        agency holding the mandate).
    advocate : str
        The advocate's id: an existing actor, or a new one (default ``advocate-<client>``).
    name : str, optional
        Name of a new advocate.
    power : float
        The advocate's power and authority, 0..1 (default 0.6).
    strength : float
        Strength of the cooperative tie with the client (default 0.8).
    authority : float
        Strength of the advocate's (agreement) tie toward each target (default 0.6).
    date : date, optional
        When the advocate is appointed (default: the scenario's date).
    """

    client: Id
    toward: list[Id] = Field(min_length=1)
    advocate: Id | None = None
    name: str | None = Field(default=None, min_length=1, max_length=500)
    power: Unit = 0.6
    strength: Unit = 0.8
    authority: Unit = 0.6
    date: Date | None = None

    @model_validator(mode="after")
    def _advocate_is_someone_else(self) -> Self:
        if self.advocate is not None and self.advocate == self.client:
            raise ValueError("the advocate is the client; an advocate speaks for someone else")
        if self.advocate is not None and self.advocate in self.toward:
            raise ValueError("the advocate is listed in toward; it cannot speak to itself")
        if self.client in self.toward:
            raise ValueError(
                "the client is listed in toward; the advocate speaks for the client, to others"
            )
        return self


class FamilyGroupConference(_Dated):
    """Convene a family group conference: cooperative ties among those taking part, for a time.

    Parameters
    ----------
    family : str
        The family (a group actor).
    members : list of str, optional
        The family members who take part (default: every direct member of the family).
    agencies : list of str
        The agencies and workers who take part.
    coordinator : str, optional
        The conference coordinator: an existing actor or a new one with this id.
    strength : float
        Strength of the cooperative ties (default 0.6).
    start, end : date, optional
        The period (default: from the scenario's date, no end). At the end, ties that existed
        before return to their earlier state and new ones end.
    """

    family: Id
    members: list[Id] | None = None
    agencies: list[Id] = Field(default_factory=list)
    coordinator: Id | None = None
    strength: Unit = 0.6
    start: Date | None = None
    end: Date | None = None

    @model_validator(mode="after")
    def _period(self) -> Self:
        self._check_period(self.start, self.end)
        return self


class RedistributeAuthority(_Dated):
    """Move authority from one agency to another for a time (M. Horn's authority redistribution).

    Parameters
    ----------
    giver, receiver : str
        The agency giving authority and the one receiving it.
    amount : float
        How much power moves (default 0.2; never more than the giver has).
    strength : float
        Strength of the agreement tie it creates between them (default 0.6).
    start, end : date, optional
        The period (default: from the scenario's date, no end).
    """

    giver: Id
    receiver: Id
    amount: Unit = 0.2
    strength: Unit = 0.6
    start: Date | None = None
    end: Date | None = None

    @model_validator(mode="after")
    def _period(self) -> Self:
        self._check_period(self.start, self.end)
        if self.giver == self.receiver:
            raise ValueError("authority moves between two different actors")
        return self


class ConcludeAgreement(_Dated):
    """Conclude an agreement on a stated basis.

    Parameters
    ----------
    parties : list of str
        At least two actors.
    basis : AgreementBasis
        law, exchange, culture, compromise or authority_redistribution.
    id : str, optional
        The agreement's id (default ``whatif-<n>``).
    terms : str, optional
        What was agreed.
    strength : float
        Strength of the agreement ties between the parties (default 0.6).
    start, end : date, optional
        The period (default: from the scenario's date, no end).
    """

    parties: list[Id] = Field(min_length=2)
    basis: AgreementBasis
    id: Id | None = None
    terms: str | None = None
    strength: Unit = 0.6
    start: Date | None = None
    end: Date | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        self._check_period(self.start, self.end)
        if len(set(self.parties)) != len(self.parties):
            raise ValueError("a party is listed twice")
        return self


class ChangeStance(Strict):
    """Change an actor's stance on a goal (-1 opposes ... +1 supports)."""

    actor: Id
    goal: Id
    stance: Signed
    weight: Unit | None = None


class EndRelationship(Strict):
    """End a relationship (termination: its purpose was met).

    Parameters
    ----------
    between : list of two str
        The two actors.
    date : date, optional
        When (default: the scenario's date).
    """

    between: list[Id] = Field(min_length=2, max_length=2)
    date: Date | None = None

    @model_validator(mode="after")
    def _two(self) -> Self:
        if self.between[0] == self.between[1]:
            raise ValueError("a relationship is between two different actors")
        return self


_KINDS = (
    "add_advocate",
    "family_group_conference",
    "redistribute_authority",
    "conclude_agreement",
    "change_stance",
    "end_relationship",
)


class Intervention(Strict):
    """One intervention: a mapping with exactly one of the keys below."""

    add_advocate: AddAdvocate | None = None
    family_group_conference: FamilyGroupConference | None = None
    redistribute_authority: RedistributeAuthority | None = None
    conclude_agreement: ConcludeAgreement | None = None
    change_stance: ChangeStance | None = None
    end_relationship: EndRelationship | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_key(cls, data: Any) -> Any:
        if isinstance(data, dict) and len(data) > 1:
            raise ValueError(
                "give one intervention per list item (found "
                + ", ".join(repr(str(k)) for k in data)
                + "); start another item with '- '"
            )
        if isinstance(data, dict) and not data:
            raise ValueError("an empty intervention; name one of: " + ", ".join(_KINDS))
        if isinstance(data, dict):
            ((key, value),) = data.items()
            if value is None and key in _KINDS:
                raise ValueError(
                    f"the intervention {str(key)!r} has nothing under it; "
                    "give its fields, indented below its name"
                )
        return data

    @property
    def kind(self) -> str:
        """The intervention's name (its key)."""
        for k in _KINDS:
            if getattr(self, k) is not None:
                return k
        raise AssertionError("an intervention with no kind")

    @property
    def spec(self) -> Any:
        """The intervention's fields."""
        return getattr(self, self.kind)


class Scenario(Strict):
    """A what-if scenario.

    Parameters
    ----------
    id : str
        Stable id.
    title : str
        What the scenario asks ("What if the client gets an advocate?").
    description : str, optional
        Free text.
    case : str, optional
        The id of the case it is written for (checked when given).
    date : date, optional
        When the interventions take effect unless they give their own date.
    as_of : date, optional
        The date the maps are compared on (default: ``date``).
    interventions : list of Intervention
        At least one.
    """

    id: Id
    title: str = Field(min_length=1)
    description: str | None = None
    case: Id | None = None
    date: Date | None = None
    as_of: Date | None = None
    interventions: list[Intervention] = Field(min_length=1)
