"""Actors x actors: the most likely relationship type of each pair and its probability.

The likelihoods come from :func:`ecograph.analysis.likelihood.assess`, which scores every present
relationship and every pair of a change agent or client with a target or action actor. A cell's
colour is the likeliest type (Okabe-Ito colours, as in every figure), its depth the probability
(pale = barely ahead of the others, full = near certain); when the grid is small enough a code
(Co, Ag, Cf) and the percentage are written in it, so it also reads in greyscale. A black frame
marks a pair that has a relationship now. Pairs the analysis does not assess stay blank.

Actors are ordered by system (change agent, client, client and target, target, target and action,
action, others), and inside a system by faction (:func:`ecograph.analysis.structural.case_factions`
on the signed view), so blocks of likely conflict show as blocks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ecograph.graph import EcoGraph
from ecograph.model import RelationType, Role
from ecograph.plot._common import SYSTEM_INK, TYPE_STYLE, add_caption, add_title, new_axes, short
from ecograph.plot.ecosystem import slot_of

__all__ = ["plot_matrix", "matrix_order", "pair_likelihoods", "cell_colour"]

_SLOT_ORDER = (
    "change_agent",
    "client",
    "client|target",
    "centre",
    "target",
    "target|action",
    "action",
    "problem_identification",
    "professional",
    "none",
)
_SLOT_WORDS = {
    "change_agent": "change agent",
    "client": "client",
    "client|target": "client + target",
    "centre": "several",
    "target": "target",
    "target|action": "target + action",
    "action": "action",
    "problem_identification": "problem identification",
    "professional": "professional",
    "none": "no system",
}


def _slot_ink(slot: str) -> str:
    first = slot.split("|")[0]
    try:
        return SYSTEM_INK[Role(first)]
    except ValueError:
        return SYSTEM_INK[None]


def faction_of(graph: EcoGraph, *, as_of: dt.date | None = None, seed: int = 0) -> dict[str, int]:
    """Return each actor's faction number (from 1; 0 for no tie) -- the case's factions.

    They are :func:`ecograph.analysis.structural.case_factions`, as in every view; ``seed`` is
    accepted for the common signature.
    """
    from ecograph.analysis.structural import case_factions

    del seed
    f = case_factions(graph, as_of=as_of)
    if f is None:
        return {a.id: 0 for a in graph.actors()}
    return {str(k): int(v) + 1 for k, v in f.groups.items()}


def matrix_order(
    graph: EcoGraph, *, as_of: dt.date | None = None, seed: int = 0
) -> list[tuple[str, str, int]]:
    """Return ``(actor id, slot, faction)`` in the matrix's order: by system, then faction.

    Examples
    --------
    >>> import ecograph
    >>> order = matrix_order(ecograph.load_graph("examples/child-protection.yaml"))
    >>> [slot for _, slot, _ in order][:3]
    ['change_agent', 'change_agent', 'change_agent']
    """
    roles = graph.effective_roles()
    factions = faction_of(graph, as_of=as_of, seed=seed)
    rows = []
    for a in graph.actors():
        slot = slot_of(roles[a.id])
        rows.append((a.id, slot, factions.get(a.id, 0), -a.power))
    rows.sort(key=lambda r: (_SLOT_ORDER.index(r[1]), r[2], r[3], r[0]))
    return [(aid, slot, fac) for aid, slot, fac, _ in rows]


def pair_likelihoods(
    graph: EcoGraph, *, as_of: dt.date | None = None, params: Any = None
) -> dict[frozenset[str], tuple[str, float, bool]]:
    """Return ``{pair: (likeliest type, its probability, related now)}`` from the analysis."""
    from ecograph.analysis.likelihood import assess

    out: dict[frozenset[str], tuple[str, float, bool]] = {}
    for p in assess(graph, params=params, as_of=as_of).pairs:
        dom = str(p.dominant)
        out[frozenset((p.a, p.b))] = (dom, float(p.likelihood[dom]), bool(p.related))
    return out


def cell_colour(base: np.ndarray, p: float) -> np.ndarray:
    """Return a cell's shade: the type's colour, deeper the more probable (never near white).

    The depth runs from 0.35 (no type ahead, ``p`` = 1/3) to 1 (``p`` = 1), so the palest
    agreement and the palest conflict stay apart (their own patterns are drawn over them too).
    """
    depth = 0.35 + 0.65 * min(1.0, max(0.0, (p - 1 / 3) / (2 / 3)))
    out: np.ndarray = 1 - depth * (1 - base)
    return out


def plot_matrix(
    graph: EcoGraph,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    as_of: dt.date | None = None,
    params: Any = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw the actors x actors matrix of the likeliest relationship type and its probability.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    ax : Axes, optional
        Draw into these axes; a new figure otherwise.
    seed : int
        Seed of the faction search's random starts (used to order actors).
    as_of : date, optional
        Assess the map as it stood on this date.
    params : Params, optional
        Weights and thresholds of the likelihood analysis.
    figsize : (float, float), optional
        Inches; grows with the number of actors by default.

    Returns
    -------
    Figure

    Examples
    --------
    >>> import ecograph
    >>> fig = plot_matrix(ecograph.load_graph("examples/child-protection.yaml"))
    >>> fig.axes[0].images[0].get_gid()
    'matrix'
    """
    order = matrix_order(graph, as_of=as_of, seed=seed)
    likely = pair_likelihoods(graph, as_of=as_of, params=params)
    n = len(order)
    if figsize is None:
        side = min(30.0, max(7.0, 2.5 + 0.27 * n))
        figsize = (side + 7.5, side + 3.0)
    fig, ax = new_axes(ax, figsize)
    names = {a.id: a.name for a in graph.actors()}
    labels = [short(names[a], 26, lines=1) for a in [aid for aid, _, _ in order]]
    fs_tick = 9 if n <= 20 else 7.5 if n <= 40 else 6
    # Room for the rotated names on top and the title above them, the names on the left, and
    # the system names and the legend on the right.
    longest = max([len(t) for t in labels] + [8]) * fs_tick * 0.55 / 72
    top_in = longest * 0.87 + 0.95
    fig.subplots_adjust(
        left=min(0.4, (longest + 0.3) / figsize[0]),
        right=1 - 4.2 / figsize[0],
        top=1 - top_in / figsize[1],
        bottom=0.7 / figsize[1],
    )
    ids = [aid for aid, _, _ in order]
    img = np.ones((max(n, 1), max(n, 1), 3))
    cells: dict[tuple[str, str], tuple[str, float, bool]] = {}
    for i, a in enumerate(ids):
        img[i, i] = (0.35, 0.35, 0.35)
        for j, b in enumerate(ids):
            got = likely.get(frozenset((a, b))) if i != j else None
            if got is None:
                continue
            dom, p, related = got
            cells[(a, b)] = got
            base = np.array(to_rgb(TYPE_STYLE[RelationType(dom)].colour))
            img[i, j] = cell_colour(base, p)
    im = ax.imshow(img, interpolation="nearest", aspect="equal")
    im.set_gid("matrix")
    im.ecograph_cells = cells  # type: ignore[attr-defined]
    im.ecograph_order = ids  # type: ignore[attr-defined]

    # The type's own pattern over each cell (hatched agreement, dotted conflict), so that pale
    # agreement and pale conflict never rely on colour alone.
    if n <= 60:
        for k in (RelationType.AGREEMENT, RelationType.CONFLICT):
            style = TYPE_STYLE[k]
            boxes = [
                Rectangle((ids.index(b) - 0.5, ids.index(a) - 0.5), 1, 1)
                for (a, b), (dom, _, _) in cells.items()
                if dom == k.value
            ]
            if boxes:
                pc = PatchCollection(
                    boxes, facecolor="none", edgecolor=style.colour, hatch=style.hatch, lw=0
                )
                pc.set_gid(f"pattern:{k.value}")
                ax.add_collection(pc)

    related_count = 0
    for (a, b), (_, _, related) in cells.items():
        if related:
            i, j = ids.index(a), ids.index(b)
            ax.add_patch(
                Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec="black", lw=1.3, zorder=3)
            ).set_gid("present")
            related_count += 1
    related_count //= 2
    if n <= 50:
        fs = 7.5 if n <= 16 else 6.0 if n <= 30 else 4.6
        for (a, b), (dom, p, _) in cells.items():
            i, j = ids.index(a), ids.index(b)
            code = TYPE_STYLE[RelationType(dom)].code
            text = f"{code}\n{round(100 * p)}" if n <= 30 else code
            dark = p > 0.75 and dom != RelationType.AGREEMENT.value
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=fs,
                linespacing=0.9,
                color="white" if dark else "black",
            ).set_gid(f"cell:{a}|{b}")

    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xticklabels(labels, rotation=60, ha="left", fontsize=fs_tick, rotation_mode="anchor")
    ax.set_yticklabels(labels, fontsize=fs_tick)
    ax.xaxis.tick_top()
    slots = [slot for _, slot, _ in order]
    for tick_set in (ax.get_xticklabels(), ax.get_yticklabels()):
        for t, slot in zip(tick_set, slots, strict=True):
            t.set_color(_slot_ink(slot))
    # System blocks: separators and names; faction changes: thin lines.
    start = 0
    for i in range(1, n + 1):
        if i == n or slots[i] != slots[start]:
            if i < n:
                ax.axhline(i - 0.5, color="#333333", lw=1.4)
                ax.axvline(i - 0.5, color="#333333", lw=1.4)
            ax.text(
                n - 0.5 + 0.25,
                (start + i - 1) / 2,
                _SLOT_WORDS[slots[start]],
                rotation=-90 if i - start >= 4 else 0,
                ha="left",
                va="center",
                fontsize=9 if i - start >= 4 else 7,
                fontweight="bold",
                color=_slot_ink(slots[start]),
                transform=ax.transData,
                clip_on=False,
            ).set_gid("system-block")
            start = i
        elif order[i][2] != order[i - 1][2]:
            ax.axhline(i - 0.5, color="#999999", lw=0.6, ls=(0, (2, 2)))
            ax.axvline(i - 0.5, color="#999999", lw=0.6, ls=(0, (2, 2)))
    ax.tick_params(length=0, pad=2)
    for spine in ax.spines.values():
        spine.set_visible(False)

    handles: list[Any] = []
    for k in RelationType:
        base = np.array(to_rgb(TYPE_STYLE[k].colour))
        for p in (0.5, 0.95):
            handles.append(
                Patch(
                    fc=tuple(cell_colour(base, p)),
                    ec="#999999",
                    hatch=TYPE_STYLE[k].hatch,
                    label=f"{TYPE_STYLE[k].code} {k.value}, {round(100 * p)}%",
                )
            )
    handles += [
        Patch(fc="white", ec="black", lw=1.3, label="has a relationship now"),
        Patch(fc="white", ec="#CCCCCC", label="not assessed"),
        Patch(fc=(0.35, 0.35, 0.35), label="same actor"),
    ]
    leg = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0 + 1.5 / (figsize[0] * (1 - 4.2 / figsize[0]) - longest), 1.0),
        fontsize=8.5,
        frameon=False,
        title="Likeliest type, probability",
        labelspacing=0.9,
    )
    leg.set_gid("legend")
    when = f"as of {as_of.isoformat()}" if as_of else "latest state"
    add_title(ax, f"{graph.title}: likeliest relationships", when)
    nfac = len({f for _, _, f in order})
    words = (
        f"Each cell: the likeliest relationship type of a pair according to the likelihood "
        f"analysis (colour; deeper = more probable; code and % in the cell when it fits). "
        f"{len(cells) // 2} pairs assessed, {related_count} with a relationship now (framed). "
        f"Actors ordered by system, then by the {nfac} faction(s) of the signed view "
        "(thin dashed lines)."
    )
    add_caption(fig, words, adjust=False)
    return fig
