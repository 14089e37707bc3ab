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
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    agents = f.own(Role.CHANGE_AGENT)
    agent_set = set(agents)
    targets = [t for t in f.own(Role.TARGET) if t not in agent_set]
    found: dict[str, list[InfluencePath]] = {t: [] for t in targets}
    nodes = list(f.adj)
    index = {x: i for i, x in enumerate(nodes)}
    rows: list[int] = []
    cols: list[int] = []
    costs: list[float] = []
    for u, v, d in f.signed.edges(data=True):
        w = float(d["signed"])
        if w <= 0:
            continue
        cost = max(-math.log(min(1.0, w)), 1e-9)  # csgraph drops explicit zeros
        # no path may pass through a change agent: ties lead out of agents, never into them
        if v not in agent_set:
            rows.append(index[u])
            cols.append(index[v])
            costs.append(cost)
        if u not in agent_set:
            rows.append(index[v])
            cols.append(index[u])
            costs.append(cost)
    sources = [a for a in agents if a in index]
    if not sources or not rows:
        return []
    mat = csr_matrix((costs, (rows, cols)), shape=(len(nodes), len(nodes)))
    dist, pred = dijkstra(
        mat, directed=True, indices=[index[a] for a in sources], return_predecessors=True
    )
    for si, agent in enumerate(sources):
        for t in targets:
            ti = index.get(t)
            if ti is None or not np.isfinite(dist[si, ti]):
                continue
            path_idx = [ti]
            while path_idx[-1] != index[agent]:
                path_idx.append(int(pred[si, path_idx[-1]]))
            path = [nodes[i] for i in reversed(path_idx)]
            if len(path) < 3 or len(path) - 1 > max_hops:
                continue
            steps = list(zip(path, path[1:], strict=False))
            ties = [f.adj[u][v]["type"].value for u, v in steps]
            strength = math.prod(float(f.adj[u][v]["signed"]) for u, v in steps)
            direct = f.tie(agent, t)
            found[t].append(
                InfluencePath(
                    source=agent,
                    target=t,
                    path=path,
                    ties=ties,
                    strength=strength,
                    direct=direct["type"].value if direct else None,  # type: ignore[attr-defined]
                )
            )
    out: list[InfluencePath] = []
    for t in targets:
        out.extend(sorted(found[t], key=lambda p: (-p.strength, p.source))[:per_target])
    # strongest first across every target (ties: by source, then target, as listed)
    out.sort(key=lambda p: -p.strength)
    return out
