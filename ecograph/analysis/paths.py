"""Influence paths: the "use of connections" -- who can reach a target through cooperative ties.

"Methods of influence that an experienced worker combines: stimulation, persuasion, reliance on
the social environment, and the use of connections." In the graph the use of connections is a
path from a change agent to a target through non-hostile ties (cooperation, or agreement at its
weaker signed weight). The strength of a path is the product of the signed weights of its ties,
so short paths through strong cooperative ties come first.

Examples
--------
>>> from ecograph import load_graph
>>> from ecograph.analysis.features import case_features
>>> f = case_features(load_graph("examples/child-protection.yaml"))
>>> p = [p for p in influence_paths(f) if p.target == "roberta"][0]
>>> p.path[0], p.path[-1], len(p.path) > 2
('susan', 'roberta', True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ecograph.analysis.features import CaseFeatures
from ecograph.model import Role

__all__ = ["InfluencePath", "influence_paths"]


@dataclass(frozen=True)
class InfluencePath:
    """One path of influence from a change agent to a target.

    Attributes
    ----------
    source, target : str
        The change agent and the target.
    path : list of str
        The actors from source to target.
    ties : list of str
        The dominant type of each tie along the path.
    strength : float
        The product of the signed weights of the ties (0..1).
    direct : str or None
        The dominant type of the change agent's own tie with the target, if any.
    """

    source: str
    target: str
    path: list[str]
    ties: list[str]
    strength: float
    direct: str | None

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "source": self.source,
            "target": self.target,
            "path": list(self.path),
            "ties": list(self.ties),
            "strength": round(self.strength, 4),
            "direct": self.direct,
        }


def influence_paths(
    f: CaseFeatures, *, per_target: int = 3, max_hops: int = 4
) -> list[InfluencePath]:
    """Return, for each target, the strongest indirect paths from the change agents.

    Parameters
    ----------
    f : CaseFeatures
        The case's features (the signed view is read from them).
    per_target : int
        Keep at most this many paths per target (one per change agent, strongest first).
    max_hops : int
        Longest path considered.

    Returns
    -------
    list of InfluencePath
        Grouped by target (in case order), strongest first within a target. Paths through
        another change agent are left out (the worker's own colleagues are not "connections").
    """
    pos = nx.Graph()
    for u, v, d in f.signed.edges(data=True):
        if d["signed"] > 0:
            pos.add_edge(u, v, cost=-math.log(min(1.0, float(d["signed"]))))
    agents = [a for a in f.own(Role.CHANGE_AGENT) if a in pos]
    targets = [t for t in f.own(Role.TARGET) if t in pos]
    found: dict[str, list[InfluencePath]] = {t: [] for t in targets}
    for agent in agents:
        others = {a for a in agents if a != agent}
        sub = pos.subgraph([n for n in pos if n not in others])
        _dist, paths = nx.single_source_dijkstra(sub, agent, weight="cost", cutoff=None)
        for t in targets:
            path = paths.get(t)
            if path is None or len(path) < 3 or len(path) - 1 > max_hops:
                continue
            ties = [
                f.signed.edges[u, v]["type"].value for u, v in zip(path, path[1:], strict=False)
            ]
            strength = math.prod(
                float(f.signed.edges[u, v]["signed"]) for u, v in zip(path, path[1:], strict=False)
            )
            direct = f.tie(agent, t)
            found[t].append(
                InfluencePath(
                    source=agent,
                    target=t,
                    path=list(path),
                    ties=ties,
                    strength=strength,
                    direct=direct["type"].value if direct else None,  # type: ignore[attr-defined]
                )
            )
    out: list[InfluencePath] = []
    for t in targets:
        out.extend(sorted(found[t], key=lambda p: (-p.strength, p.source))[:per_target])
    return out
