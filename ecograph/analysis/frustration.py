"""The frustration index: how far a signed network is from structural balance.

The frustration index (line index of balance; Harary 1959) is the least number of ties -- or,
weighted, the least total weight -- whose removal or sign change makes the network balanced in
Harary's strict sense: the actors split into two camps, positive ties inside and negative ties
between.  It equals the least frustration of a two-faction partition, so it is computed by
:func:`ecograph.analysis.factions.find_factions` with ``k=2, balance="strict"``:

* exactly, by a mixed-integer linear programme (HiGHS via :func:`scipy.optimize.milp`), one
  connected component at a time;
* or by the greedy local-search heuristic, for components with more than
  :data:`~ecograph.analysis.factions.EXACT_MAX_EDGES` ties (``method="auto"``).

The result reports a proven lower bound: when the exact solver ran out of time, or was not used,
``gap`` says how far the reported value can be from the optimum.

References
----------
.. [1] Harary, F. (1959). On the measurement of structural balance. *Behavioral Science* 4(4),
   316-323.
.. [2] Aref, S., Mason, A. J. & Wilson, M. C. (2020). A modeling and computational study of the
   frustration index in signed networks. *Networks* 75(1), 95-110.
.. [3] signnet ``frustration_exact``: 7 on Read's Highland Tribes.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

from ecograph.analysis.factions import EXACT_MAX_EDGES, Method, find_factions

__all__ = ["EXACT_MAX_EDGES", "FrustrationResult", "frustration_index"]


@dataclass(frozen=True)
class FrustrationResult:
    """The frustration index and the two-camp split that attains it.

    Attributes
    ----------
    frustration : float
        Number (or weight) of frustrated ties of the split found.
    lower_bound : float
        Proven lower bound on the frustration index (0 when nothing was proved).
    exact : bool
        Whether ``frustration`` is proved to be the frustration index.
    groups : dict
        Node -> camp (0 or 1).
    frustrated : list of tuple
        The ties to remove or flip.
    method : str
        ``"exact"`` or ``"heuristic"``.
    seconds : float
        Wall time.
    """

    frustration: float
    lower_bound: float
    exact: bool
    groups: dict[Hashable, int]
    frustrated: list[tuple[Hashable, Hashable]]
    method: str
    seconds: float

    @property
    def gap(self) -> float:
        """``frustration - lower_bound``."""
        return self.frustration - self.lower_bound


def frustration_index(
    g: nx.Graph,
    *,
    method: Method = "auto",
    weighted: bool = False,
    time_limit: float = 60.0,
    restarts: int = 8,
    seed: int = 0,
) -> FrustrationResult:
    """Compute the frustration index of a signed network.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph; a DiGraph is read as its undirected skeleton.
    method : {"auto", "exact", "heuristic"}, default "auto"
        ``"auto"`` solves components of at most ``EXACT_MAX_EDGES`` ties exactly.
    weighted : bool, default False
        Minimise the total weight of frustrated ties.
    time_limit : float, default 60.0
        Seconds for the exact solver.
    restarts : int, default 8
        Random restarts of the heuristic.
    seed : int, default 0
        Seed of the heuristic.

    Returns
    -------
    FrustrationResult

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", -1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> r = frustration_index(g)
    >>> r.frustration, r.exact
    (1.0, True)
    """
    f = find_factions(
        g,
        2,
        balance="strict",
        method=method,
        weighted=weighted,
        time_limit=time_limit,
        restarts=restarts,
        seed=seed,
    )
    return FrustrationResult(
        frustration=f.frustration,
        lower_bound=f.lower_bound,
        exact=f.exact,
        groups=f.groups,
        frustrated=f.frustrated,
        method=f.method,
        seconds=f.seconds,
    )
