"""Routing the lines of a big map stays small in memory and gives the same lines (issue 15).

``ecograph view`` of a 5,000-actor case reached 6.3 GB: the routing measured every candidate
line against every nearby actor in one array (lines x actors x segments). It now measures a
few lines at a time; the lines it draws must not change.
"""

from __future__ import annotations

import random
import tracemalloc

import numpy as np

from ecograph.plot import layout
from ecograph.plot.layout import route_ties


def crowd(n: int, seed: int = 0) -> dict[str, tuple[float, float]]:
    rng = random.Random(seed)
    return {f"a{i}": (rng.uniform(0, 60), rng.uniform(0, 60)) for i in range(n)}


def test_routing_a_few_lines_at_a_time_draws_the_same_lines(monkeypatch) -> None:
    pos = crowd(200)
    rng = random.Random(1)
    ids = list(pos)
    ties = [tuple(rng.sample(ids, 2)) for _ in range(60)]
    whole = route_ties(pos, ties, clearance=0.4)
    monkeypatch.setattr(layout, "_GAPS_BUDGET", 64)  # a handful of lines at a time
    assert route_ties(pos, ties, clearance=0.4) == whole
    assert sum(len(p) > 2 for p in whole) > 10  # many lines bend: the chunked path is used


def test_routing_a_long_line_through_thousands_of_actors_stays_small() -> None:
    pos = crowd(4000, seed=2)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        route_ties(pos, [("a0", "a1"), ("a2", "a3"), ("a4", "a5")], clearance=0.5)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # one lines x actors x segments array for 286 curves of 16 segments and 4,000 actors alone
    # would be 137 MiB; a few lines at a time stay far below
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MiB"
    assert np.isfinite(peak)
