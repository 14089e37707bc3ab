"""Generated signed graphs for the benchmarks: power-law degrees, clustered, faction signs.

The generator is a degree-corrected community model (a Chung-Lu graph inside communities):

* every node gets an expected degree drawn from a Pareto law (exponent ``gamma``, so degrees are
  power-law distributed) and a community (community sizes are Pareto too);
* each edge picks its source with probability proportional to the expected degree; with
  probability ``mixing`` the target is drawn the same way from the whole graph, otherwise from the
  source's own community.  Dense communities give the clustering (many triangles);
* communities belong to one of ``factions`` factions; an edge is positive inside a faction and
  negative between factions, and each sign is flipped with probability ``noise`` (so the graph is
  nearly, not exactly, balanced, like real signed networks).

Duplicates and self-loops are dropped, so a run gives slightly fewer edges than asked for.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def generate_signed_edges(
    m: int,
    *,
    avg_degree: float = 10.0,
    gamma: float = 2.5,
    community_size: float = 30.0,
    mixing: float = 0.1,
    factions: int = 3,
    noise: float = 0.1,
    seed: int = 0,
) -> tuple[int, IntArray, IntArray, IntArray]:
    """Return ``(n, a, b, sign)``: distinct unordered pairs ``a < b`` with signs +1/-1."""
    rng = np.random.default_rng(seed)
    n = max(int(2 * m / avg_degree), 10)
    expected = rng.pareto(gamma - 1.0, n) + 1.0
    expected = np.minimum(expected, np.sqrt(2 * m))  # cap hubs at the structural cutoff
    # communities: Pareto sizes with mean about community_size
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(int(max(3, (rng.pareto(1.5) + 1.0) * community_size / 3)))
    sizes[-1] -= sum(sizes) - n
    if sizes[-1] < 1:
        sizes.pop()
        sizes[-1] += n - sum(sizes)
    comm = np.repeat(np.arange(len(sizes)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    ends = np.cumsum(sizes)
    cw = np.cumsum(expected)
    total = cw[-1]
    draw = int(m * 1.6) + 100
    src = np.searchsorted(cw, rng.random(draw) * total, side="right")
    src = np.minimum(src, n - 1)
    c = comm[src]
    lo_w = np.where(starts[c] > 0, cw[starts[c] - 1], 0.0)
    hi_w = cw[ends[c] - 1]
    local = np.searchsorted(cw, lo_w + rng.random(draw) * (hi_w - lo_w), side="right")
    glob = np.searchsorted(cw, rng.random(draw) * total, side="right")
    dst = np.where(rng.random(draw) < mixing, glob, local)
    dst = np.minimum(dst, n - 1)
    keep = src != dst
    a = np.minimum(src, dst)[keep]
    b = np.maximum(src, dst)[keep]
    key = np.unique(a.astype(np.int64) * n + b)
    rng.shuffle(key)
    key = np.sort(key[:m])
    a = (key // n).astype(np.int64)
    b = (key % n).astype(np.int64)
    fac = rng.integers(0, factions, len(sizes))[comm]
    sign = np.where(fac[a] == fac[b], 1, -1).astype(np.int64)
    flip = rng.random(a.shape[0]) < noise
    sign[flip] *= -1
    return n, a, b, sign
