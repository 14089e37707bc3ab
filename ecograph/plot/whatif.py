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

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from ecograph.analysis.whatif import WhatIf
from ecograph.graph import EcoGraph
from ecograph.plot.ecosystem import plot_ecosystem

__all__ = ["plot_whatif", "changed_ties", "key_changes"]

#: Colour of the highlight under the ties a scenario changes (Okabe-Ito yellow).
HIGHLIGHT = "#F0E442"


def changed_ties(result: WhatIf) -> list[tuple[str, str]]:
    """Return the ties present after the scenario that are new or changed on the date compared."""
    before = {
        r.pair: (s.type, round(s.strength, 6)) for r, s in result.before_graph.states(result.as_of)
    }
    out = []
    for r, s in result.after_graph.states(result.as_of):
        if before.get(r.pair) != (s.type, round(s.strength, 6)):
            out.append((r.source, r.target))
    return out


def key_changes(result: WhatIf, n: int) -> list[str]:
    """Return up to ``n`` overall changes, the most telling first.

    The balance line, the four hotspots whose likelihood of conflict moved most, clients
    gaining or losing a cooperative tie or support, power gaps, then the rest.
    """
    lines = [x.strip() for x in result.overall]

    def move(line: str) -> float:
        if "->" not in line:
            return 0.0  # a new or vanished hotspot: listed after those that moved
        nums = [float(t) for t in line.replace(")", " ").split() if _is_number(t)]
        return abs(nums[-1] - nums[-2]) if len(nums) >= 2 else 1.0

    hot = sorted((x for x in lines if "hotspot" in x), key=lambda x: -move(x))
    first = [x for x in lines if x.startswith("balance:")] + hot[:4]
    first += [x for x in lines if "client" in x and x not in first]
    first += [x for x in lines if x.startswith("power gap") and x not in first]
    first += [x for x in lines if x not in first]
    return first[:n]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _drawn_paths(ax: Axes) -> dict[frozenset[str], list[tuple[float, float]]]:
    """Read the path the ecosystem figure drew for each tie (straight or routed)."""
    out: dict[frozenset[str], list[tuple[float, float]]] = {}
    for coll in ax.collections:
        pairs = getattr(coll, "ecograph_pairs", None)
        if pairs and (coll.get_gid() or "").startswith("edges:"):
            for pair, path in zip(pairs, coll.get_paths(), strict=False):
                verts = np.asarray(path.vertices, dtype=float).tolist()
                out[frozenset(pair)] = [(float(x), float(y)) for x, y in verts]
    return out


def plot_whatif(
    result: WhatIf,
    before: EcoGraph | None = None,
    *,
    figsize: tuple[float, float] = (34.0, 13.0),
    max_notes: int = 9,
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
    notes = key_changes(result, max_notes)
    bottom = 0.04 + 0.02 * len(notes)
    fig.subplots_adjust(left=0.01, right=0.87, top=0.88, bottom=bottom, wspace=0.2)
    ax_b = fig.add_subplot(1, 2, 1)
    ax_a = fig.add_subplot(1, 2, 2)
    plot_ecosystem(before or result.before_graph, ax=ax_b, as_of=result.as_of)
    plot_ecosystem(result.after_graph, ax=ax_a, as_of=result.as_of)
    captions = [t for t in fig.texts if t.get_gid() == "caption"]
    for text in captions[:-1]:  # one caption (the after map's), not two on top of each other
        text.remove()
    drawn = _drawn_paths(ax_a)
    segs = [drawn[frozenset(p)] for p in changed_ties(result) if frozenset(p) in drawn]
    glow = LineCollection(
        segs, colors=HIGHLIGHT, linewidths=11, alpha=0.75, zorder=1.5, capstyle="round"
    )
    glow.set_gid("whatif:changed")
    ax_a.add_collection(glow)
    ax_b.set_gid("whatif:before")
    ax_a.set_gid("whatif:after")
    ax_b.set_title(f"Before -- as of {result.as_of}", fontsize=14, loc="left")
    what = "; ".join(a.summary for a in result.applied)
    ax_a.set_title(textwrap.fill(f"After: {what}", 80), fontsize=14, loc="left").set_gid(
        "whatif:after-title"
    )
    fig.suptitle(
        f"{result.scenario.title}  (ties the scenario changes are highlighted in yellow)",
        fontsize=16,
        x=0.01,
        ha="left",
    )
    for i, line in enumerate(notes):
        fig.text(
            0.01,
            bottom - 0.03 - 0.02 * i,
            textwrap.shorten(line.strip(), 200, placeholder=" ..."),
            fontsize=11,
            gid=f"whatif:note:{i}",
        )
    return fig
