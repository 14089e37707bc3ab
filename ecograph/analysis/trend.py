"""Trend: which relationships are moving toward conflict, and how fast.

"Relationships never end, they just change": each relationship's dated history gives a series of
signed weights (see :mod:`ecograph.analysis.signed_view`). The trend is the least-squares slope
of the latest observations, per 30 days. A negative slope moves toward conflict.

Examples
--------
>>> import datetime as dt
>>> from ecograph.model import Observation, Relationship
>>> r = Relationship(source="a", target="b", history=[
...     Observation(date=dt.date(2026, 1, 1), type="cooperation", strength=0.8),
...     Observation(date=dt.date(2026, 1, 31), type="agreement", strength=0.8),
...     Observation(date=dt.date(2026, 3, 2), type="conflict", strength=0.6)])
>>> t = relationship_trend(r)
>>> round(t.slope, 3), t.first.isoformat(), t.last.isoformat()
(-0.7, '2026-01-01', '2026-03-02')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecograph.analysis.params import Params
from ecograph.graph import EcoGraph
from ecograph.model import Relationship
from ecograph.model.sign import SignWeights, signed_value

__all__ = ["Trend", "relationship_trend", "trends"]

#: The slope is expressed per this many days.
PERIOD_DAYS = 30


@dataclass(frozen=True)
class Trend:
    """The direction a relationship is moving in.

    Attributes
    ----------
    a, b : str
        The two actors (as the relationship names them).
    slope : float
        Change of the signed weight per 30 days (negative: toward conflict).
    first, last : date
        Dates of the first and last observation the slope is fitted on.
    start, end : float
        Signed weight at the first and at the last of those observations.
    points : int
        Number of observations used.
    """

    a: str
    b: str
    slope: float
    first: dt.date
    last: dt.date
    start: float
    end: float
    points: int

    def to_json(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "a": self.a,
            "b": self.b,
            "toward": self.toward,
            "slope_per_30_days": round(self.slope, 4),
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "start": round(self.start, 4),
            "end": round(self.end, 4),
            "points": self.points,
        }

    @property
    def toward(self) -> str:
        """``"conflict"``, ``"cooperation"`` or ``"stable"``."""
        if self.slope < 0:
            return "conflict"
        if self.slope > 0:
            return "cooperation"
        return "stable"


def relationship_trend(
    rel: Relationship,
    *,
    as_of: dt.date | None = None,
    weights: SignWeights | None = None,
    window: int = 4,
) -> Trend | None:
    """Return the trend of one relationship, or None without two dated shared observations.

    Parameters
    ----------
    rel : Relationship
        The relationship; only shared observations (no ``perceived_by``) are used.
    as_of : date, optional
        Ignore observations after this date.
    weights : SignWeights, optional
        Sign weights of the types.
    window : int
        Fit on at most this many latest observations.
    """
    obs = [
        o
        for o in rel.sorted_history()
        if o.perceived_by is None and (as_of is None or o.date <= as_of)
    ][-window:]
    if len(obs) < 2 or obs[0].date == obs[-1].date:
        return None
    t0 = obs[0].date
    xs = [(o.date - t0).days / PERIOD_DAYS for o in obs]
    ys = [signed_value(o.effective_mix(), o.strength, weights) for o in obs]
    mx = sum(xs) / len(xs)
    my = sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return Trend(
        a=rel.source,
        b=rel.target,
        slope=round(slope, 6),
        first=obs[0].date,
        last=obs[-1].date,
        start=ys[0],
        end=ys[-1],
        points=len(obs),
    )


def trends(
    graph: EcoGraph,
    *,
    params: Params | None = None,
    as_of: dt.date | None = None,
    toward: str | None = "conflict",
) -> list[Trend]:
    """Return the relationships whose history moves toward conflict (steepest first).

    Parameters
    ----------
    graph : EcoGraph
        The case.
    params : Params, optional
        ``thresholds.trend`` (least slope that counts) and ``thresholds.trend_window``.
    as_of : date, optional
        Read the histories up to this date.
    toward : {"conflict", "cooperation", None}
        Keep only trends in this direction (None: every trend at or above the threshold).

    Returns
    -------
    list of Trend
        Sorted by slope: steepest toward ``toward`` first.
    """
    p = params or Params()
    out = []
    for rel in graph.relationships():
        t = relationship_trend(rel, as_of=as_of, weights=p.signs, window=p.thresholds.trend_window)
        if t is None or abs(t.slope) < p.thresholds.trend or t.slope == 0:
            continue
        if toward is not None and t.toward != toward:
            continue
        out.append(t)
    out.sort(key=lambda t: (t.slope if toward != "cooperation" else -t.slope, t.a, t.b))
    return out
