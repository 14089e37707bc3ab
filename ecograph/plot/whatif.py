"""The before/after figure of a what-if: the ecosystem figure of both maps, side by side.

Examples
--------
>>> from ecograph import load_graph
>>> from ecograph.analysis.whatif import what_if
>>> from ecograph.io.scenario import load_scenario
>>> g = load_graph("examples/child-protection.yaml")
>>> fig = plot_whatif(what_if(g, load_scenario("examples/scenarios/advocate.yaml", g)))
>>> [ax.get_gid() for ax in fig.axes]
['whatif:before', 'whatif:after']
"""

from __future__ import annotations

import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ecograph.analysis.whatif import WhatIf
from ecograph.graph import EcoGraph
from ecograph.plot.ecosystem import plot_ecosystem

__all__ = ["plot_whatif"]


def plot_whatif(
    result: WhatIf,
    before: EcoGraph | None = None,
    *,
    figsize: tuple[float, float] = (34.0, 13.0),
    max_notes: int = 6,
) -> Figure:
    """Draw the map before and after the scenario, on the date compared, with the main changes.

    Parameters
    ----------
    result : WhatIf
        From :func:`ecograph.analysis.whatif.what_if`.
    before : EcoGraph, optional
        The original map (default: the one the result keeps).
    figsize : (float, float)
        Inches.
    max_notes : int
        How many overall changes to print under the maps.

    Returns
    -------
    Figure
        Two axes with gids ``whatif:before`` and ``whatif:after``.
    """
    fig = Figure(figsize=figsize, dpi=100)
    FigureCanvasAgg(fig)
    notes = result.overall[:max_notes]
    bottom = 0.04 + 0.022 * len(notes)
    fig.subplots_adjust(left=0.01, right=0.87, top=0.93, bottom=bottom, wspace=0.2)
    ax_b = fig.add_subplot(1, 2, 1)
    ax_a = fig.add_subplot(1, 2, 2)
    plot_ecosystem(before or result.before_graph, ax=ax_b, as_of=result.as_of)
    plot_ecosystem(result.after_graph, ax=ax_a, as_of=result.as_of)
    ax_b.set_gid("whatif:before")
    ax_a.set_gid("whatif:after")
    ax_b.set_title(f"Before -- as of {result.as_of}", fontsize=14, loc="left")
    what = "; ".join(a.summary for a in result.applied)
    ax_a.set_title(
        textwrap.shorten(f"After: {what}", 110, placeholder=" ..."), fontsize=14, loc="left"
    )
    fig.suptitle(result.scenario.title, fontsize=16, x=0.01, ha="left")
    for i, line in enumerate(notes):
        fig.text(
            0.01,
            bottom - 0.03 - 0.022 * i,
            textwrap.shorten(line.strip(), 200, placeholder=" ..."),
            fontsize=11,
            gid=f"whatif:note:{i}",
        )
    return fig
