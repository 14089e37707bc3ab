"""Brokers: actors with cooperative ties into factions that are in conflict with each other.

Factions come from :func:`ecograph.analysis.factions.find_factions` on the signed view. Two
factions are *in conflict* when the ties between them are mostly hostile (more hostile than
non-hostile ties, at least one). A broker has non-hostile ties into two or more factions that
are in conflict -- someone who can carry messages, convene, or mediate between them.

Examples
--------
>>> import networkx as nx
>>> from ecograph.analysis.factions import find_factions
>>> g = nx.Graph()
>>> for u, v, s in [("a1", "a2", 1), ("b1", "b2", 1), ("a1", "b1", -1), ("a2", "b2", -1),
...                 ("m", "a1", 1), ("m", "b2", 1)]:
...     g.add_edge(u, v, sign=s, weight=1.0)
>>> f = find_factions(g, 2)
>>> f.groups["a1"] != f.groups["b1"]
True
>>> "m" in [b.actor for b in brokers(g, f)]
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ecograph.analysis.factions import Factions

__all__ = ["Broker", "brokers", "factions_in_conflict"]


@dataclass(frozen=True)
class Broker:
    """An actor bridging factions in conflict.

    Attributes
    ----------
    actor : hashable
    faction : int
        Its own faction.
    reaches : dict
        Faction -> the actors it has non-hostile ties with there.
    bridges : list of tuple
        The pairs of factions in conflict it has ties into.
    """

    actor: Hashable
    faction: int
    reaches: dict[int, list[Hashable]]
    bridges: list[tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "actor": self.actor,
            "faction": self.faction,
            "reaches": {str(k): sorted(map(str, v)) for k, v in self.reaches.items()},
            "bridges": [list(b) for b in self.bridges],
        }


def factions_in_conflict(g: nx.Graph, factions: Factions) -> dict[tuple[int, int], tuple[int, int]]:
    """Return ``(c, d) -> (hostile, non-hostile)`` tie counts for factions in conflict (c < d)."""
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for u, v, d in g.edges(data=True):
        cu, cv = factions.groups.get(u), factions.groups.get(v)
        if cu is None or cv is None or cu == cv:
            continue
        key = (min(cu, cv), max(cu, cv))
        counts[key][0 if d["sign"] < 0 else 1] += 1
    return {k: (h, p) for k, (h, p) in sorted(counts.items()) if h > 0 and h > p}


def brokers(g: nx.Graph, factions: Factions) -> list[Broker]:
    """Return the brokers of ``g`` under ``factions`` (most bridges first).

    Parameters
    ----------
    g : networkx.Graph
        A signed graph (``sign`` on every edge), e.g. the signed view of a case.
    factions : Factions
        Its factions.
    """
    conflict = factions_in_conflict(g, factions)
    if not conflict:
        return []
    out = []
    for x in g.nodes:
        own = factions.groups.get(x)
        if own is None:
            continue
        reaches: dict[int, list[Hashable]] = defaultdict(list)
        for nb, d in g[x].items():
            c = factions.groups.get(nb)
            if d["sign"] > 0 and c is not None:
                reaches[c].append(nb)
        # its own faction counts as reached: it belongs there
        present = set(reaches) | {own}
        bridges = [pair for pair in conflict if pair[0] in present and pair[1] in present]
        # a broker needs a tie across: bridging only through membership is not enough
        bridges = [b for b in bridges if any(c != own and c in reaches for c in b)]
        if bridges:
            out.append(
                Broker(x, own, {k: sorted(v, key=str) for k, v in sorted(reaches.items())}, bridges)
            )
    out.sort(
        key=lambda b: (-len(b.bridges), -sum(len(v) for v in b.reaches.values()), str(b.actor))
    )
    return out
