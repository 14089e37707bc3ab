"""Isolated clients: clients with no cooperative tie outside their own system.

Examples
--------
>>> import datetime as dt
>>> from ecograph import load_graph
>>> from ecograph.analysis.features import case_features
>>> g = load_graph("examples/child-protection.yaml")
>>> [c.actor for c in isolated_clients(case_features(g, as_of=dt.date(2026, 8, 31)))]
['family', 'roberta']
>>> [c.actor for c in isolated_clients(case_features(g))]
[]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecograph.analysis.features import CaseFeatures
from ecograph.model import RelationType, Role

__all__ = ["IsolatedClient", "isolated_clients"]


@dataclass(frozen=True)
class IsolatedClient:
    """A client with no cooperative tie outside its own system.

    Attributes
    ----------
    actor : str
    ties : dict
        Its present ties by dominant type (cooperation ties inside its own family or group
        are counted apart as ``inside``).
    constrained : str or None
        ``"mandated"`` or ``"involuntary"`` when it cannot walk away.
    """

    actor: str
    ties: dict[str, int]
    constrained: str | None

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {"actor": self.actor, "ties": dict(self.ties), "constrained": self.constrained}


def isolated_clients(f: CaseFeatures) -> list[IsolatedClient]:
    """Return the clients (holding the role themselves) with no cooperative tie outside.

    A tie to the client's own groups or members (a mother and her family) does not count:
    the question is whether anyone outside stands with the client.
    """
    out = []
    for c in f.own(Role.CLIENT):
        circle = f.circle(c)
        ties = {"cooperation": 0, "agreement": 0, "conflict": 0, "inside": 0}
        outside_coop = False
        for nb, d in f.signed[c].items() if c in f.signed else []:
            kind = d["type"]
            if nb in circle:
                ties["inside"] += 1
                continue
            ties[kind.value] += 1
            if kind == RelationType.COOPERATION:
                outside_coop = True
        if not outside_coop:
            out.append(IsolatedClient(c, ties, f.constrained(c, None)))
    return out
