"""Hotspots: the pairs where conflict is most likely, related or not.

Examples
--------
>>> import datetime as dt
>>> from ecograph import load_graph
>>> from ecograph.analysis.likelihood import assess
>>> a = assess(load_graph("examples/child-protection.yaml"), as_of=dt.date(2026, 8, 31))
>>> top = hotspots(a)[0]
>>> sorted((top.a, top.b)) in (["roberta", "susan"], ["olivia", "roberta"])
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecograph.analysis.likelihood import Assessment, PairAssessment, Reason

__all__ = ["Hotspot", "hotspots"]


@dataclass(frozen=True)
class Hotspot:
    """A pair where conflict is likely.

    Attributes
    ----------
    a, b : str
    related : bool
        Whether they have a present relationship (False: a latent conflict).
    conflict : float
        The conflict likelihood.
    pair : PairAssessment
        The full assessment.
    drivers : list of Reason
        The reasons that raised the conflict likelihood, largest first (a property, found
        when first read).
    """

    a: str
    b: str
    related: bool
    conflict: float
    pair: PairAssessment

    @property
    def drivers(self) -> list[Reason]:
        """The reasons that raised the conflict likelihood, largest first (found when read)."""
        cached: list[Reason] | None = self.__dict__.get("_drivers")
        if cached is None:
            cached = sorted(
                (r for r in self.pair.reasons if r.effect["conflict"] > 0.005),
                key=lambda r: -r.effect["conflict"],
            )
            object.__setattr__(self, "_drivers", cached)
        return cached

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "a": self.a,
            "b": self.b,
            "related": self.related,
            "conflict": round(self.conflict, 4),
            "likelihood": {k: round(v, 4) for k, v in self.pair.likelihood.items()},
            "current": self.pair.current,
            "drivers": [r.to_json() for r in self.drivers],
        }


def hotspots(
    assessment: Assessment, *, threshold: float | None = None, limit: int | None = None
) -> list[Hotspot]:
    """Return the pairs ranked by conflict likelihood (highest first).

    Parameters
    ----------
    assessment : Assessment
        From :func:`~ecograph.analysis.likelihood.assess`.
    threshold : float, optional
        Keep pairs at or above this conflict likelihood (default ``thresholds.hotspot``).
    limit : int, optional
        Keep at most this many.
    """
    cut = assessment.params.thresholds.hotspot if threshold is None else threshold
    out = []
    for p in assessment.pairs:
        c = p.likelihood["conflict"]
        if c < cut:
            continue
        out.append(Hotspot(p.a, p.b, p.related, c, p))
    out.sort(key=lambda h: (-h.conflict, h.a, h.b))
    return out[:limit] if limit is not None else out
