"""Power: the largest power gaps on hostile ties, and constrained clients without support.

"Involuntary or mandated clients (child protection, probation, court orders): hostility can be
sustained for months because neither side can walk away"; "what rebalances power: an advocate
for the client, a family group conference, law, a temporary redistribution of authority".

Examples
--------
>>> import datetime as dt
>>> from ecograph import load_graph
>>> from ecograph.analysis.features import case_features
>>> f = case_features(load_graph("examples/child-protection.yaml"), as_of=dt.date(2026, 8, 31))
>>> r = power_report(f)
>>> r.gaps[0].stronger, r.gaps[0].weaker
('cs-team', 'family')
>>> [c.actor for c in r.unsupported]
['family', 'roberta']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecograph.analysis.features import CaseFeatures
from ecograph.model import RelationType, Role

__all__ = ["LACKS", "PowerGap", "PowerReport", "UnsupportedClient", "power_report"]


@dataclass(frozen=True)
class PowerGap:
    """A hostile tie and the power gap on it (``stronger`` over ``weaker``)."""

    stronger: str
    weaker: str
    gap: float
    signed: float
    mandated: list[str]

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "stronger": self.stronger,
            "weaker": self.weaker,
            "gap": round(self.gap, 4),
            "signed_weight": round(self.signed, 4),
            "mandated": list(self.mandated),
        }


@dataclass(frozen=True)
class UnsupportedClient:
    """A mandated or involuntary client with no advocate and no cooperative tie.

    Attributes
    ----------
    actor : str
    constrained : str
        "mandated" or "involuntary".
    hostile_ties : list of str
        The actors it is in conflict with.
    lacks : tuple of str
        What would rebalance its power and is missing (see :data:`LACKS`).
    """

    actor: str
    constrained: str
    hostile_ties: list[str]
    lacks: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "actor": self.actor,
            "constrained": self.constrained,
            "hostile_ties": list(self.hostile_ties),
            "lacks": list(self.lacks),
        }


#: What an unsupported client lacks: "what rebalances power: an advocate for the client ..."
LACKS: tuple[str, ...] = ("advocate", "cooperative tie outside its own circle")


@dataclass(frozen=True)
class PowerReport:
    """The power section: gaps on hostile ties and unsupported constrained clients."""

    gaps: list[PowerGap]
    unsupported: list[UnsupportedClient] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "hostile_gaps": [g.to_json() for g in self.gaps],
            "unsupported_clients": [c.to_json() for c in self.unsupported],
        }


def power_report(f: CaseFeatures, *, limit: int | None = None) -> PowerReport:
    """Return the largest power gaps on hostile ties and the unsupported constrained clients.

    Parameters
    ----------
    f : CaseFeatures
    limit : int, optional
        Keep at most this many gaps (largest first; gaps below ``thresholds.power_gap`` are
        left out).
    """
    gaps = []
    for u, v, d in f.signed.edges(data=True):
        if d["sign"] >= 0:
            continue
        pu, pv = f.actors[u].power, f.actors[v].power
        gap = abs(pu - pv)
        if gap < f.params.thresholds.power_gap:
            continue
        stronger, weaker = (u, v) if pu >= pv else (v, u)
        gaps.append(PowerGap(stronger, weaker, gap, float(d["signed"]), list(d["rel"].mandated)))
    gaps.sort(key=lambda g: (-g.gap, g.signed, g.stronger, g.weaker))
    unsupported = []
    for c in f.own(Role.CLIENT):
        rels = [d["rel"] for d in (f.signed[c].values() if c in f.signed else [])]
        how = f.constrained(c, None) or next(
            (f.constrained(c, r) for r in rels if f.constrained(c, r)), None
        )
        if how is None or f.advocates(c):
            continue
        circle = f.circle(c)
        ties = f.signed[c].items() if c in f.signed else []
        if any(d["type"] == RelationType.COOPERATION and nb not in circle for nb, d in ties):
            continue
        hostile = sorted(nb for nb, d in ties if d["sign"] < 0)
        unsupported.append(UnsupportedClient(c, how, hostile, LACKS))
    return PowerReport(gaps[:limit] if limit is not None else gaps, unsupported)
