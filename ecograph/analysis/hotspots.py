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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ecograph.analysis.lazy import LazySequence
from ecograph.analysis.likelihood import (
    KINDS,
    Assessment,
    PairAssessment,
    PairList,
    Reason,
    score_words,
)
from ecograph.analysis.params import Thresholds

__all__ = ["Hotspot", "HotspotList", "hotspots"]


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


class HotspotList(LazySequence[Hotspot]):
    """Hotspots ranked, each made when first read (a big case has a hundred thousand).

    Parameters
    ----------
    pairs : sequence of PairAssessment
        The assessment's pairs.
    ranked : list of (position, conflict)
        The hotspots' places in ``pairs`` and their conflict likelihoods, in rank order.
    """

    def __init__(self, pairs: Sequence[PairAssessment], ranked: list[tuple[int, float]]) -> None:
        self._pairs = pairs
        self._ranked = ranked
        self._made: dict[int, Hotspot] = {}

    def __len__(self) -> int:
        return len(self._ranked)

    def item(self, i: int) -> Hotspot:
        """Return the hotspot at ``i``."""
        made = self._made.get(i)
        if made is None:
            position, conflict = self._ranked[i]
            p = self._pairs[position]
            made = Hotspot(p.a, p.b, p.related, conflict, p)
            if i < 100:  # the ones shown and summarised are read more than once
                self._made[i] = made
        return made

    def to_json(self) -> list[dict[str, Any]]:
        """Return JSON-ready data: each hotspot's."""
        return [h.to_json() for h in self]


def hotspots(
    assessment: Assessment, *, threshold: float | None = None, limit: int | None = None
) -> Sequence[Hotspot]:
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
    pairs = assessment.pairs
    if isinstance(pairs, PairList):
        found = pairs.at_least("conflict", cut)
    else:
        found = [
            (i, p.a, p.b, p.likelihood["conflict"])
            for i, p in enumerate(pairs)
            if p.likelihood["conflict"] >= cut
        ]
    found.sort(key=lambda h: (-h[3], h[1], h[2]))
    if limit is not None:
        found = found[:limit]
    return HotspotList(pairs, [(i, c) for i, _a, _b, c in found])
