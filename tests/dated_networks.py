"""Dated signed networks made for the time-split tests (known structure, random signs)."""

from __future__ import annotations

import networkx as nx
import numpy as np

DAY = 86400.0


def dated_network(n: int, m: int, seed: int, directed: bool = True) -> nx.Graph:
    """Ties among actors of hidden good or bad standing, formed one after another over 2 years.

    A tie toward a bad actor is negative with probability 0.8, toward a good one 0.1, so the
    history of how an actor has been rated says something about the next rating.
    """
    rng = np.random.default_rng(seed)
    bad = rng.random(n) < 0.25
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    times = np.sort(rng.uniform(0, 730 * DAY, m))
    i = 0
    while g.number_of_edges() < m:
        u, v = (int(x) for x in rng.integers(0, n, 2))
        if u == v or g.has_edge(u, v):
            continue
        neg = rng.random() < (0.8 if bad[v] else 0.1)
        g.add_edge(u, v, sign=-1 if neg else 1, weight=float(rng.integers(1, 11)), time=times[i])
        i += 1
    return g
