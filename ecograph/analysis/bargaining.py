"""Bargaining: where agreement is the fitting tactic, and on which of M. Horn's bases.

Examples
--------
>>> from ecograph import load_graph
>>> from ecograph.analysis.likelihood import assess
>>> found = bargaining(assess(load_graph("examples/probation-law.yaml")))
>>> {b.actor: b.basis for b in found}["daniel"]
'law'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecograph.analysis.likelihood import Assessment, Tactic

__all__ = ["Bargain", "bargaining"]


@dataclass(frozen=True)
class Bargain:
    """An actor to bargain with.

    Attributes
    ----------
    actor, by : str
        The target or action-system actor, and the change agent.
    basis : str
        M. Horn's basis.
    agreement : float
        The likelihood of agreement between them.
    tactic : Tactic
        The full suggestion, with its conditions.
    """

    actor: str
    by: str
    basis: str
    agreement: float
    tactic: Tactic

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {**self.tactic.to_json(), "agreement": round(self.agreement, 4)}


def bargaining(assessment: Assessment) -> list[Bargain]:
    """Return the actors for whom bargaining is the suggested tactic, likeliest agreement first."""
    out = []
    for t in assessment.tactics:
        if t.tactic != "bargaining" or t.basis is None:
            continue
        agreement = assessment.pair(t.by, t.actor).likelihood["agreement"]
        out.append(Bargain(t.actor, t.by, t.basis, agreement, t))
    out.sort(key=lambda b: (-b.agreement, b.actor))
    return out
