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
    costs_w: list[float] = []
    for u, v, d in f.signed.edges(data=True):
        w = float(d["signed"])
        if w <= 0:
            continue
        costs_w.append(w)
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
    src = np.array([index[a] for a in sources], dtype=np.int64)
    tcols = np.array([index.get(t, -1) for t in targets], dtype=np.int64)
    candidates = _candidates(dist, pred, src, tcols, per_target, max_hops, max(costs_w) <= 1.0)
    for si, ci in candidates:
        agent, t = sources[si], targets[ci]
        ti = int(tcols[ci])
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


def _candidates(
    dist: Any, pred: Any, src: Any, cols: Any, per_target: int, max_hops: int, exact: bool
) -> list[tuple[int, int]]:
    """Return the (source row, target column) pairs whose path may rank in a target's top.

    A path's strength is the product of its weights and its cost the sum of their negative
    logs, so the strongest paths are the cheapest. Kept: the reachable pairs whose shortest
    path has 2 to ``max_hops`` ties and whose cost is within ``1e-6`` of the
    ``per_target``-th cheapest of the target (the floor of 1e-9 per tie and rounding stay far
    below it), in case order. With a weight above 1 (its cost is floored at 0) every
    reachable pair is kept (``exact`` False).
    """
    import numpy as np

    ok_col = cols >= 0
    sub = np.where(ok_col, cols, 0)
    d = dist[:, sub]
    finite = np.isfinite(d) & ok_col[None, :]
    # hops of each shortest path: follow the predecessors back to the source
    rows = np.arange(len(src))[:, None].repeat(len(cols), axis=1)
    cur = np.where(finite, sub[None, :], -1)
    home = cur == src[:, None]
    hops = np.zeros(d.shape, dtype=np.int64)
    for _ in range(max_hops):
        step = finite & ~home
        cur[step] = pred[rows[step], cur[step]]
        hops[step] += 1
        home |= cur == src[:, None]
    valid = finite & home & (hops >= 2)
    if exact and per_target > 0:
        cost = np.where(valid, d, np.inf)
        k = min(per_target, cost.shape[0]) - 1
        if k >= 0 and cost.shape[0] > 0:
            kth = np.partition(cost, k, axis=0)[k]
            valid &= cost <= kth[None, :] + 1e-6
    else:
        valid = finite
    si, ci = np.nonzero(valid)
    order = np.lexsort((ci, si))  # agents' order, then targets' (as the full loop)
    return list(zip(si[order].tolist(), ci[order].tolist(), strict=True))
