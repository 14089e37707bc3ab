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

from ecograph.analysis.likelihood import KINDS, Assessment, PairAssessment, Reason, score_words
from ecograph.analysis.params import Thresholds

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
    reasons : list of Reason
        The reasons that raised the conflict likelihood, largest first (a property, found
        when first read; ``reasons`` in JSON, as a pair's -- once called ``drivers``).
    """

    a: str
    b: str
    related: bool
    conflict: float
    pair: PairAssessment

    @property
    def reasons(self) -> list[Reason]:
        """The reasons that raised the conflict likelihood, largest first (found when read)."""
        cached: list[Reason] | None = self.__dict__.get("_reasons")
        if cached is None:
            cached = sorted(
                (r for r in self.pair.reasons if r.effect["conflict"] > 0.005),
                key=lambda r: -r.effect["conflict"],
            )
            object.__setattr__(self, "_reasons", cached)
        return cached

    @property
    def causes(self) -> list[Reason]:
        """The reasons that explain the conflict, not just restate it (largest first).

        The present relationship (``current_state``) is left out unless it is the only reason:
        "they are in conflict now" is the state, not a reason for it.
        """
        return [d for d in self.reasons if d.rule != "current_state"] or self.reasons

    @property
    def main_reason(self) -> Reason | None:
        """The reason that raises the conflict score most (None when no rule fired)."""
        return self.causes[0] if self.causes else None

    def now_words(self) -> str:
        """Return the relationship now, in plain words ("no relationship yet" if none)."""
        now = self.pair.reason("current_state")
        return now.says if self.related and now is not None else "no relationship yet"

    def others_words(self, thresholds: Thresholds | None = None) -> str:
        """Return the cooperation and agreement scores in words, numbers beside."""
        return ", ".join(
            f"{k} {score_words(self.pair.likelihood[k], thresholds)}" for k in KINDS[:2]
        )

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "a": self.a,
            "b": self.b,
            "related": self.related,
            "conflict": round(self.conflict, 4),
            "likelihood": {k: round(v, 4) for k, v in self.pair.likelihood.items()},
            "current": self.pair.current,
            "reasons": [r.to_json() for r in self.reasons],
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
