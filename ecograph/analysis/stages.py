"""Stages of a relationship, read from its dated history.

The model names the stages a professional relationship goes through: agreement (the contract,
"the first stage of every relationship", where each side learns the other's intentions),
cooperation, conflict, and termination ("professional relationships are bound in time to a
purpose and end when it is met; the ending is itself a stage to be discussed and recorded").
:func:`stages` cuts a history into runs of the same dominant type, using the same derivation
rule as :meth:`ecograph.model.Relationship.state`, and marks an observation with
``ended: true`` as the start of a termination stage.

Examples
--------
>>> import datetime as dt
>>> from ecograph.model import Observation, Relationship
>>> r = Relationship(source="worker", target="client", history=[
...     Observation(date=dt.date(2026, 1, 5), type="agreement", strength=0.5),
...     Observation(date=dt.date(2026, 2, 1), type="cooperation", strength=0.7),
...     Observation(date=dt.date(2026, 3, 1), type="cooperation", strength=0.8),
...     Observation(date=dt.date(2026, 6, 1), type="cooperation", strength=0.6, ended=True)])
>>> [(s.kind.value, str(s.start), str(s.end)) for s in stages(r)]
[('agreement', '2026-01-05', '2026-02-01'), ('cooperation', '2026-02-01', '2026-06-01'), \
('termination', '2026-06-01', 'None')]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ecograph.model import Relationship, RelationState

__all__ = ["Stage", "StageKind", "stages", "stage_on", "state_points"]


class StageKind(StrEnum):
    """The stages visible in a history."""

    AGREEMENT = "agreement"
    COOPERATION = "cooperation"
    CONFLICT = "conflict"
    TERMINATION = "termination"


#: What each stage means, in the model's words (printed beside the stage).
STAGE_MEANING: dict[StageKind, str] = {
    StageKind.AGREEMENT: "contract stage: each side learns the other's intentions, "
    "requirements and expected results, and each cedes something",
    StageKind.COOPERATION: "cooperation: agreement about the efforts to achieve change; "
    "goals, actions and values correlate",
    StageKind.CONFLICT: "conflict: the parties cannot reach agreement or compromise; ways, "
    "goals and requirements do not coincide",
    StageKind.TERMINATION: "termination: the relationship ended because its purpose was met",
}


@dataclass(frozen=True)
class Stage:
    """One stage of a relationship.

    Parameters
    ----------
    kind : StageKind
        agreement, cooperation, conflict or termination.
    start : date or None
        The first observation of the stage (None for a declared state without history).
    end : date or None
        The date the next stage began (None while the stage lasts).
    observations : int
        How many dated states fall in the stage.
    strength : float
        The strength at the last observation of the stage.
    """

    kind: StageKind
    start: dt.date | None
    end: dt.date | None
    observations: int
    strength: float

    @property
    def meaning(self) -> str:
        """What the stage means in the model's words."""
        return STAGE_MEANING[self.kind]

    def days(self, as_of: dt.date | None = None) -> int | None:
        """Return how long the stage lasted (until ``as_of`` if it is still going on)."""
        if self.start is None:
            return None
        stop = self.end or as_of
        return None if stop is None else (stop - self.start).days

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "stage": self.kind.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "observations": self.observations,
            "strength": round(self.strength, 4),
        }


def state_points(
    rel: Relationship, as_of: dt.date | None = None
) -> list[tuple[dt.date, RelationState]]:
    """Return the derived state on each date of the history up to ``as_of``.

    One point per distinct observation date, each the state :meth:`Relationship.state` gives
    on that date (so one-sided observations are folded in by the documented rule).
    """
    dates = sorted({o.date for o in rel.history if as_of is None or o.date <= as_of})
    out: list[tuple[dt.date, RelationState]] = []
    for d in dates:
        s = rel.state(d)
        if s is not None:
            out.append((d, s))
    return out


def _kind(state: RelationState) -> StageKind:
    return StageKind.TERMINATION if state.ended else StageKind(state.type.value)


def stages(rel: Relationship, as_of: dt.date | None = None) -> list[Stage]:
    """Cut the history of ``rel`` into stages (runs of the same dominant type).

    Parameters
    ----------
    rel : Relationship
        The relationship.
    as_of : date, optional
        Ignore observations after this date.

    Returns
    -------
    list of Stage
        In date order. A relationship without history has one stage with no dates (its
        declared type). An observation marked ``ended`` opens a termination stage; a later
        observation reopens the relationship in a new stage.
    """
    if not rel.history:
        s = rel.state()
        if s is None:  # mandated, no state known yet
            return []
        return [Stage(_kind(s), None, None, 0, s.strength)]
    out: list[Stage] = []
    for d, s in state_points(rel, as_of):
        kind = _kind(s)
        if out and out[-1].kind == kind:
            last = out[-1]
            out[-1] = Stage(kind, last.start, None, last.observations + 1, s.strength)
            continue
        if out:
            last = out[-1]
            out[-1] = Stage(last.kind, last.start, d, last.observations, last.strength)
        out.append(Stage(kind, d, None, 1, s.strength))
    return out


def stage_on(rel: Relationship, day: dt.date) -> Stage | None:
    """Return the stage the relationship was in on ``day`` (None before its first record)."""
    found = [s for s in stages(rel, day) if s.start is None or s.start <= day]
    return found[-1] if found else None
