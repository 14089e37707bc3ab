"""Relationships between two actors, their mixes of types, and their dated history.

The model says that "all three [types] will always be present to a greater or lesser degree"
and that "relationships never end, they just change". So a relationship may carry a *mix*
(a weight for each type) instead of one label, each side may *perceive* it differently, and the
current state is derived from a dated *history* of observations.

Derivation rule (documented in docs/case-format.md)
---------------------------------------------------
* No history: the declared ``type`` (or ``mix``) and ``strength`` are the state. A relationship
  with neither, but with ``mandated`` ends, is known to exist before any state is known: it is
  absent from the signed view until its first observation, while the mandate already counts.
* With history: the state on a date is the **latest shared observation** (one with no
  ``perceived_by``) on or before that date; when several share the latest date, the last one
  listed wins. Before the first observation the relationship does not exist yet -- unless it
  also declares a ``type``/``mix``/``strength``: that declared state is then the undated state
  *before* the first observation (nothing is invented: it keeps no date). If there are only
  one-sided observations, the declared state holds; without one, the state averages the latest
  observation of each side.
* An observation with ``ended: true`` records a termination (the purpose was met); the
  relationship counts as absent from then until a later observation reopens it.
"""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, field_validator, model_validator

from ecograph.model.base import Date, Id, Number, Strict, Unit
from ecograph.model.vocab import AgreementBasis, RelationType

__all__ = ["Mix", "Observation", "Perception", "Relationship", "RelationState", "pair_key"]

# When two types weigh the same, the cautious reading wins: conflict, then agreement.
_TIE_ORDER = (RelationType.CONFLICT, RelationType.AGREEMENT, RelationType.COOPERATION)


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Return the unordered pair ``(a, b)`` in a canonical order.

    Examples
    --------
    >>> pair_key("police", "family")
    ('family', 'police')
    """
    return (a, b) if a <= b else (b, a)


class Mix(Strict):
    """A weight for each relationship type (need not sum to 1; normalised on use).

    Examples
    --------
    >>> Mix(cooperation=0.3, conflict=0.6).dominant()
    <RelationType.CONFLICT: 'conflict'>
    """

    cooperation: Number = Field(default=0.0, ge=0.0)
    agreement: Number = Field(default=0.0, ge=0.0)
    conflict: Number = Field(default=0.0, ge=0.0)

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.cooperation + self.agreement + self.conflict <= 0:
            raise ValueError("a mix needs at least one positive weight")
        return self

    @classmethod
    def of(cls, kind: RelationType) -> Mix:
        """Return the pure mix of one type."""
        return cls(**{kind.value: 1.0})

    def weights(self) -> dict[RelationType, float]:
        """Return the normalised weights (summing to 1)."""
        total = self.cooperation + self.agreement + self.conflict
        return {
            RelationType.COOPERATION: self.cooperation / total,
            RelationType.AGREEMENT: self.agreement / total,
            RelationType.CONFLICT: self.conflict / total,
        }

    def dominant(self) -> RelationType:
        """Return the type with the largest weight (ties: conflict, agreement, cooperation)."""
        w = self.weights()
        return max(_TIE_ORDER, key=lambda t: (w[t], -_TIE_ORDER.index(t)))


class _Reading(Strict):
    """A type or a mix, with a strength."""

    type: RelationType | None = None
    mix: Mix | None = None
    strength: Unit = 1.0

    @model_validator(mode="after")
    def _type_or_mix(self) -> Self:
        if self.type is None and self.mix is None:
            raise ValueError("give a type (cooperation, agreement, conflict) or a mix")
        if self.type is not None and self.mix is not None and self.mix.dominant() != self.type:
            raise ValueError(
                f"type {self.type.value!r} contradicts the mix, whose dominant type is "
                f"{self.mix.dominant().value!r}"
            )
        return self

    def effective_mix(self) -> Mix:
        """Return the mix (a pure mix when only a type was given)."""
        if self.mix is not None:
            return self.mix
        assert self.type is not None
        return Mix.of(self.type)

    def dominant(self) -> RelationType:
        """Return the dominant type."""
        return self.type if self.type is not None else self.effective_mix().dominant()


class Observation(_Reading):
    """One dated observation of a relationship (an encounter, a meeting, a report).

    Parameters
    ----------
    date : date
        When it was observed.
    type, mix : optional
        The type seen, or a weight for each type (ambivalence).
    strength : float
        0..1, how strong the relationship was.
    note : str, optional
        Free text (removed by redaction).
    recorded_by : str, optional
        Who recorded it.
    perceived_by : str, optional
        The id of the side whose view this is; absent for a shared or observed reading.
    ended : bool
        The relationship ended here because its purpose was met (termination stage).
    """

    date: Date
    note: str | None = None
    recorded_by: str | None = None
    perceived_by: Id | None = None
    ended: bool = False

    def as_state(self) -> RelationState:
        """Return the state this observation records."""
        return RelationState(
            type=self.dominant(),
            mix=self.effective_mix(),
            strength=self.strength,
            since=self.date,
            ended=self.ended,
        )


class Perception(_Reading):
    """How one side sees the relationship (A may see cooperation where B sees conflict)."""

    by: Id


class RelationState(Strict):
    """The derived state of a relationship on a date."""

    type: RelationType
    mix: Mix
    strength: Unit
    since: Date | None = None
    ended: bool = False


class Relationship(Strict):
    """A relationship between two actors.

    Parameters
    ----------
    source, target : str
        Actor ids. The relationship is between the two; order is kept only for display.
    id : str, optional
        Defaults to ``"source~target"``.
    type, mix, strength : optional
        The declared state. Without history it is the state; with a history it is the undated
        state before the first observation (see :meth:`declared_state`). None of them, and no
        history, when only the mandate is known yet.
    basis : AgreementBasis, optional
        For agreements: culture, compromise, exchange, authority_redistribution or law.
    terms : str, optional
        For agreements: what was agreed.
    mandated : list of str
        Which ends (actor ids) are mandated into this relationship (court order, probation).
    perceptions : list of Perception
        One side's view, when it differs.
    history : list of Observation
        Dated observations; when present, the state is derived from them.
    """

    id: Id | None = None
    source: Id
    target: Id
    type: RelationType | None = None
    mix: Mix | None = None
    strength: Unit | None = None
    basis: AgreementBasis | None = None
    terms: str | None = None
    mandated: list[Id] = Field(default_factory=list)
    perceptions: list[Perception] = Field(default_factory=list)
    history: list[Observation] = Field(default_factory=list)
    notes: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.source == self.target:
            raise ValueError("a relationship needs two different actors")
        if self.history:
            if self.strength is not None and self.type is None and self.mix is None:
                raise ValueError(
                    "a strength without a type or mix: the state before the first observation "
                    "needs a type (cooperation, agreement, conflict) or a mix"
                )
        elif self.type is None and self.mix is None and not self.mandated:
            raise ValueError(
                "give a type (cooperation, agreement, conflict), a mix or a history -- or, "
                "before any state is known, the ends mandated into it (mandated: [id])"
            )
        if self.type is not None and self.mix is not None and self.mix.dominant() != self.type:
            raise ValueError(
                f"type {self.type.value!r} contradicts the mix, whose dominant type is "
                f"{self.mix.dominant().value!r}"
            )
        ends = {self.source, self.target}
        for who in self.mandated:
            if who not in ends:
                raise ValueError(f"mandated names {who!r}, which is not one of the two ends")
        for p in self.perceptions:
            if p.by not in ends:
                raise ValueError(f"a perception by {p.by!r}, which is not one of the two ends")
        for o in self.history:
            if o.perceived_by is not None and o.perceived_by not in ends:
                raise ValueError(
                    f"an observation perceived by {o.perceived_by!r}, "
                    "which is not one of the two ends"
                )
        return self

    @field_validator("mandated")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("an actor is listed twice")
        return v

    @property
    def key(self) -> str:
        """Return the id, or ``source~target`` when none was given."""
        return self.id if self.id is not None else f"{self.source}~{self.target}"

    @property
    def pair(self) -> tuple[str, str]:
        """Return the unordered pair of ends in canonical order."""
        return pair_key(self.source, self.target)

    def other(self, actor_id: str) -> str:
        """Return the end that is not ``actor_id``."""
        return self.target if actor_id == self.source else self.source

    def sorted_history(self) -> list[Observation]:
        """Return the observations ordered by date (stable for equal dates)."""
        return sorted(self.history, key=lambda o: o.date)

    def state(self, as_of: dt.date | None = None) -> RelationState | None:
        """Return the state on ``as_of`` (default: the latest), or None if absent then.

        Examples
        --------
        >>> import datetime as dt
        >>> r = Relationship(source="a", target="b", history=[
        ...     Observation(date=dt.date(2026, 1, 5), type="cooperation", strength=0.7),
        ...     Observation(date=dt.date(2026, 3, 1), type="conflict", strength=0.6)])
        >>> r.state().type.value, r.state(dt.date(2026, 2, 1)).type.value
        ('conflict', 'cooperation')
        >>> r.state(dt.date(2025, 12, 1)) is None
        True
        """
        declared = self.declared_state()
        if not self.history:
            return declared  # None when only the mandate is known yet
        seen = [o for o in self.sorted_history() if as_of is None or o.date <= as_of]
        shared = [o for o in seen if o.perceived_by is None]
        if shared:
            return shared[-1].as_state()
        if declared is not None or not seen:
            return declared
        latest: dict[str, Observation] = {}
        for o in seen:
            assert o.perceived_by is not None
            latest[o.perceived_by] = o
        views = list(latest.values())
        totals = {t: 0.0 for t in RelationType}
        for o in views:
            for t, w in o.effective_mix().weights().items():
                totals[t] += w / len(views)
        mix = Mix(**{t.value: w for t, w in totals.items()})
        return RelationState(
            type=mix.dominant(),
            mix=mix,
            strength=sum(o.strength for o in views) / len(views),
            since=max(o.date for o in views),
            ended=any(o.ended for o in views),
        )

    def declared_state(self) -> RelationState | None:
        """Return the declared (undated) state, or None when only a history is given.

        Without history it is the relationship's state; with a history it is the state before
        the first observation, as written -- it carries no date, since nobody recorded one.

        Examples
        --------
        >>> import datetime as dt
        >>> r = Relationship(source="a", target="b", type="cooperation", strength=0.6, history=[
        ...     Observation(date=dt.date(2026, 3, 1), type="conflict", strength=0.8)])
        >>> r.declared_state().since is None, r.state(dt.date(2026, 1, 1)).type.value
        (True, 'cooperation')
        >>> r.state().type.value
        'conflict'
        """
        if self.type is None and self.mix is None:
            return None
        mix = self.mix if self.mix is not None else Mix.of(self.type)  # type: ignore[arg-type]
        kind = self.type if self.type is not None else mix.dominant()
        return RelationState(
            type=kind, mix=mix, strength=1.0 if self.strength is None else self.strength
        )

    def perceived_by(self, actor_id: str, as_of: dt.date | None = None) -> RelationState | None:
        """Return how ``actor_id`` sees the relationship (its own view if recorded)."""
        own = [
            o
            for o in self.sorted_history()
            if o.perceived_by == actor_id and (as_of is None or o.date <= as_of)
        ]
        if own:
            return own[-1].as_state()
        for p in self.perceptions:
            if p.by == actor_id:
                return RelationState(type=p.dominant(), mix=p.effective_mix(), strength=p.strength)
        return self.state(as_of)
