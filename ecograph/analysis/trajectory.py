"""Trajectories: where each relationship is heading, from its dated history.

Each dated state of a pair is turned into one *signed weight*: the strength times the mix's
weighted sign (cooperation +1, agreement +0.3, conflict -1 by default; settable in
:class:`TrendParams`). The trend of a pair is the least-squares slope of that signed weight
over time, in units per 30 days, over the last ``window_days`` (default 180) before the date
asked about; the state in force at the start of the window is kept as its first point. A
negative slope means the pair is moving toward conflict.

This module is the one place per-pair trends are computed; the analysis report's ``trend``
section and ``ecograph warnings`` both use it.

Examples
--------
>>> import datetime as dt
>>> from ecograph.model import Observation, Relationship
>>> r = Relationship(source="worker", target="client", history=[
...     Observation(date=dt.date(2026, 1, 1), type="cooperation", strength=0.6),
...     Observation(date=dt.date(2026, 3, 2), type="agreement", strength=0.5),
...     Observation(date=dt.date(2026, 5, 1), type="conflict", strength=0.6)])
>>> t = pair_trend(r)
>>> t.direction, round(t.slope or 0, 3)
('toward conflict', -0.3)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ecograph.analysis.stages import state_points
from ecograph.graph import EcoGraph
from ecograph.model import Relationship, RelationState, RelationType

__all__ = ["TrendParams", "TrendPoint", "PairTrend", "signed_value", "pair_trend", "pair_trends"]

#: Days in the unit of a slope ("per 30 days").
SLOPE_UNIT_DAYS = 30


class TrendParams(BaseModel):
    """Weights and thresholds of trajectories (all settable).

    Parameters
    ----------
    cooperation, agreement, conflict : float
        The sign weight of each type in the signed weight of a state.
    window_days : int
        How far back a trend looks from the date asked about.
    slope_threshold : float
        A slope at or beyond this size (per 30 days) counts as moving; smaller is steady.
    """

    model_config = ConfigDict(extra="forbid")

    cooperation: float = Field(default=1.0, ge=-1, le=1)
    agreement: float = Field(default=0.3, ge=-1, le=1)
    conflict: float = Field(default=-1.0, ge=-1, le=1)
    window_days: int = Field(default=180, ge=1)
    slope_threshold: float = Field(default=0.02, ge=0)


def signed_value(state: RelationState, params: TrendParams | None = None) -> float:
    """Return the signed weight of a state: strength times the mix's weighted sign.

    Examples
    --------
    >>> from ecograph.model import Mix
    >>> s = RelationState(type="conflict", mix=Mix(agreement=0.3, conflict=0.7), strength=0.6)
    >>> round(signed_value(s), 3)
    -0.366
    """
    p = params or TrendParams()
    sign = {
        RelationType.COOPERATION: p.cooperation,
        RelationType.AGREEMENT: p.agreement,
        RelationType.CONFLICT: p.conflict,
    }
    w = state.mix.weights()
    return state.strength * sum(sign[t] * w[t] for t in RelationType)


@dataclass(frozen=True)
class TrendPoint:
    """One dated state of a pair."""

    date: dt.date
    signed: float
    type: RelationType
    strength: float
    ended: bool


@dataclass(frozen=True)
class PairTrend:
    """The trajectory of one pair.

    Parameters
    ----------
    a, b : str
        The pair (as stored: source, target).
    points : list of TrendPoint
        The dated states in the window.
    slope : float or None
        Change of the signed weight per 30 days (None with fewer than two dates).
    direction : str
        ``toward conflict``, ``toward cooperation``, ``steady`` or ``no history``.
    last_contact : date or None
        The date of the latest observation on or before the date asked about.
    """

    a: str
    b: str
    points: list[TrendPoint] = field(default_factory=list)
    slope: float | None = None
    direction: str = "no history"
    last_contact: dt.date | None = None

    @property
    def first(self) -> TrendPoint | None:
        """The first point of the window."""
        return self.points[0] if self.points else None

    @property
    def last(self) -> TrendPoint | None:
        """The latest point."""
        return self.points[-1] if self.points else None

    def explain(self) -> str:
        """Say in words how the pair moved, with dates and numbers."""
        if not self.points:
            return "no dated observations"
        f, la = self.points[0], self.points[-1]
        if self.slope is None:
            return f"one observation: {la.type.value} ({la.signed:+.2f}) on {la.date}"
        return (
            f"signed weight {f.signed:+.2f} ({f.type.value}) on {f.date} -> "
            f"{la.signed:+.2f} ({la.type.value}) on {la.date}; slope {self.slope:+.3f} per "
            f"{SLOPE_UNIT_DAYS} days over {len(self.points)} dated states"
        )

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "a": self.a,
            "b": self.b,
            "direction": self.direction,
            "slope_per_30_days": None if self.slope is None else round(self.slope, 4),
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "points": [
                {
                    "date": p.date.isoformat(),
                    "signed": round(p.signed, 4),
                    "type": p.type.value,
                    "strength": p.strength,
                    "ended": p.ended,
                }
                for p in self.points
            ],
            "reason": self.explain(),
        }


def _slope(points: list[TrendPoint]) -> float | None:
    if len(points) < 2:
        return None
    t0 = points[0].date
    xs = [(p.date - t0).days / SLOPE_UNIT_DAYS for p in points]
    ys = [p.signed for p in points]
    mx = sum(xs) / len(xs)
    my = sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def pair_trend(
    rel: Relationship, *, as_of: dt.date | None = None, params: TrendParams | None = None
) -> PairTrend:
    """Return the trajectory of one relationship up to ``as_of``.

    Parameters
    ----------
    rel : Relationship
        The relationship.
    as_of : date, optional
        The date asked about (default: its latest observation).
    params : TrendParams, optional
        Sign weights, window and threshold.
    """
    p = params or TrendParams()
    all_points = state_points(rel, as_of)
    if not all_points:
        return PairTrend(rel.source, rel.target)
    end = as_of or all_points[-1][0]
    start = end - dt.timedelta(days=p.window_days)
    inside = [(d, s) for d, s in all_points if d >= start]
    before = [(d, s) for d, s in all_points if d < start]
    if before:  # the state in force when the window opens is its first point
        inside.insert(0, (start, before[-1][1]))
    points = [TrendPoint(d, signed_value(s, p), s.type, s.strength, s.ended) for d, s in inside]
    slope = _slope(points)
    if slope is None:
        direction = "steady"
    elif slope <= -p.slope_threshold:
        direction = "toward conflict"
    elif slope >= p.slope_threshold:
        direction = "toward cooperation"
    else:
        direction = "steady"
    return PairTrend(rel.source, rel.target, points, slope, direction, all_points[-1][0])


def pair_trends(
    graph: EcoGraph, *, as_of: dt.date | None = None, params: TrendParams | None = None
) -> list[PairTrend]:
    """Return the trajectory of every relationship with a dated history, in map order."""
    return [pair_trend(r, as_of=as_of, params=params) for r in graph.relationships() if r.history]
