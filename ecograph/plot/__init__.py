"""Figures of a case: Matplotlib figures for print and reports (and the HTML map).

Every ``plot_<kind>(graph, *, ax=None, seed=0, as_of=None, ...)`` returns a Matplotlib
``Figure`` (notebooks show it); :func:`save_figure` writes PNG, SVG or PDF atomically.
Matplotlib is imported only here, never at ``import ecograph``. Figures are made on the Agg
canvas without ``pyplot``, so they need no display and leave no global state.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

if "matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND"):
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        import matplotlib

        matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from ecograph.plot._common import FORMATS, figure_bytes, save_figure  # noqa: E402
from ecograph.plot.ecosystem import plot_ecosystem  # noqa: E402
from ecograph.plot.factions import plot_factions  # noqa: E402
from ecograph.plot.matrix import plot_matrix  # noqa: E402
from ecograph.plot.power import plot_power  # noqa: E402
from ecograph.plot.timeline import plot_timeline  # noqa: E402

__all__ = [
    "FORMATS",
    "KINDS",
    "figure_bytes",
    "plot_ecosystem",
    "plot_factions",
    "plot_matrix",
    "plot_power",
    "plot_timeline",
    "save_figure",
]

#: Figure kinds by name, as ``ecograph plot --kind`` knows them.
KINDS: dict[str, Callable[..., Figure]] = {
    "ecosystem": plot_ecosystem,
    "timeline": plot_timeline,
    "matrix": plot_matrix,
    "power": plot_power,
    "factions": plot_factions,
}
