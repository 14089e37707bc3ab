"""The signed graph laid out by its factions, with the ties that break balance highlighted.

Each relationship is a signed tie (:func:`ecograph.analysis.signed_view.signed_graph`:
cooperation and agreement positive, conflict negative). The factions are those of
:func:`ecograph.analysis.factions.find_factions`: groups chosen so that as few ties as possible
are *frustrated* -- a positive tie between factions or a negative tie inside one. Those ties
break structural balance (Heider; Cartwright & Harary): they are where the map is under
strain, and they are drawn over a wide purple halo.

Layout: each faction is a disc; the discs sit on a circle; inside a disc the members sit on
rings, most powerful first. The placement is computed, so the same case gives the same picture.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch

from ecograph.graph import EcoGraph
from ecograph.model import RelationType, Role
from ecograph.plot._common import (
    OKABE_ITO,
    SYSTEM_INK,
    TYPE_STYLE,
    add_caption,
    add_title,
    apply_style,
    get_style,
    min_points,
    new_axes,
    place_labels,
    short,
)
from ecograph.plot.ecosystem import slot_of
from ecograph.plot.layout import route_ties
from ecograph.plot.palette import FACTION_COLOURS

__all__ = ["plot_factions", "faction_layout"]

_HALO = OKABE_ITO["reddish_purple"]
#: Clear space between a line and a foreign actor's rim: half the widest line and a margin (pt).
_CLEAR_PT = (0.8 + 2.8) / 2 + 2.0


def _node_pt(power: float, shrink: float = 1.0) -> float:
    """Return a node's diameter in points."""
    return (6 + 14 * power) * shrink


def faction_layout(
    members: list[list[str]], power: dict[str, float]
) -> tuple[dict[str, tuple[float, float]], list[tuple[float, float, float]]]:
    """Place factions as discs on a circle and members in a sunflower pattern inside each.

    Returns positions by actor and each faction's disc ``(x, y, radius)``.

    Examples
    --------
    >>> pos, discs = faction_layout([["a", "b"], ["c"]], {"a": 1, "b": 0.5, "c": 0.2})
    >>> len(discs), pos["a"] != pos["b"]
    (2, True)
    """
    k = len(members)
    radii = [0.3 + 0.26 * math.sqrt(len(m)) for m in members]
    if k == 1:
        centres = [(0.0, 0.0)]
    else:
        # A ring big enough that neighbouring discs do not touch; the first disc on the left.
        need = max(
            (radii[i] + radii[(i + 1) % k] + 0.35) / (2 * math.sin(math.pi / k)) for i in range(k)
        )
        ring = max(need, max(radii) + 0.3)
        centres = [
            (
                ring * math.cos(math.pi + 2 * math.pi * i / k),
                ring * math.sin(math.pi + 2 * math.pi * i / k),
            )
            for i in range(k)
        ]
    golden = math.pi * (3 - math.sqrt(5))
    pos: dict[str, tuple[float, float]] = {}
    for (cx, cy), r, group in zip(centres, radii, members, strict=True):
        ordered = sorted(group, key=lambda a: (-power.get(a, 0.0), a))
        m = len(ordered)
        for j, aid in enumerate(ordered):  # a sunflower: even spread, most powerful inside
            rr = 0.0 if m == 1 else 0.82 * r * math.sqrt((j + 0.5) / m)
            ang = math.pi / 2 + j * golden
            pos[aid] = (cx + rr * math.cos(ang), cy + rr * math.sin(ang))
    discs = [(cx, cy, r) for (cx, cy), r in zip(centres, radii, strict=True)]
    return pos, discs


def _factions(graph: EcoGraph, as_of: dt.date | None, params: Any) -> tuple[Any, Any]:
    """Return the structural signed graph and the case's factions (the one computation)."""
    from ecograph.analysis.params import Params
    from ecograph.analysis.signed_view import signed_graph
    from ecograph.analysis.structural import case_factions, structural_graph

    p = params or Params()
    sg = structural_graph(signed_graph(graph, as_of=as_of, weights=p.signs))
    return sg, case_factions(graph, as_of=as_of, params=p)


def plot_factions(
    graph: EcoGraph,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    as_of: dt.date | None = None,
    figsize: tuple[float, float] | None = None,
    params: Any = None,
    style: str = "screen",
) -> Figure:
    """Draw the signed graph by factions, ties that break balance highlighted.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    ax : Axes, optional
        Draw into these axes; a new figure otherwise.
    seed : int
        Accepted for the common signature; the factions are
        :func:`ecograph.analysis.structural.case_factions`, the same in every view.
    as_of : date, optional
        Read the map as it stood on this date.
    figsize : (float, float), optional
        Inches.
    params : Params, optional
        The analysis settings (``factions``, ``signs``), as ``ecograph analyze`` takes them.
    style : {"screen", "print", "projector"}
        Where the figure is shown (see :func:`ecograph.plot.plot_ecosystem`).

    Returns
    -------
    Figure

    Examples
    --------
    >>> import ecograph
    >>> fig = plot_factions(ecograph.load_graph("examples/child-protection.yaml"))
    >>> [c.get_gid() for c in fig.axes[0].collections][:3]
    ['frustrated', 'ties:positive', 'ties:negative']
    """
    del seed  # the factions are those of every view: deterministic
    st = get_style(style)
    if figsize is None and st.figsize is not None:
        figsize = st.figsize
    sg, fac = _factions(graph, as_of, params)
    actors = {a.id: a for a in graph.actors()}
    n = len(actors)
    if fac is None:
        members = [sorted(actors)]
        frustrated: set[frozenset[str]] = set()
        k = 1
    else:
        members = [sorted(str(x) for x in m) for m in fac.members() if m]
        frustrated = {frozenset((str(u), str(v))) for u, v in fac.frustrated}
        k = len(members)
        untied = sorted(set(actors) - {a for m in members for a in m})
        if untied:  # actors with no tie at all: a disc of their own, after the factions
            members.append(untied)
    power = {a: actors[a].power for a in actors}
    pos, discs = faction_layout(members, power)
    xs = [x for x, _, r in discs] + [x - r for x, _, r in discs] + [x + r for x, _, r in discs]
    ys = [y - r for _, y, r in discs] + [y + r for _, y, r in discs]
    padx, pady = 0.5, 0.35
    if figsize is None:  # the axes (74% x 80% of the figure) take the layout's shape
        width = min(26.0, 11.5 + 0.14 * n)
        span_x, span_y = max(xs) - min(xs) + 2 * padx, max(ys) - min(ys) + 2 * pady
        height = min(26.0, max(6.5, width * 0.74 * span_y / span_x / 0.8 + 0.4))
        figsize = (width, height)
    fig, ax = new_axes(ax, figsize)
    fig.subplots_adjust(
        left=0.02,
        right=0.64 if st.brief else 0.75,
        top=1 - 0.8 / figsize[1],
        bottom=0.8 / figsize[1],
    )
    ax.set_xlim(min(xs) - padx, max(xs) + padx)
    ax.set_ylim(min(ys) - pady, max(ys) + pady)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    fig.canvas.draw()  # settle the equal aspect before anything is measured

    faction_colour = FACTION_COLOURS
    for i, (cx, cy, r) in enumerate(discs):
        disc = Circle(
            (cx, cy),
            r,
            fc=faction_colour[i % len(faction_colour)],
            alpha=0.12,
            ec="#555555",
            lw=1.0,
            zorder=0,
        )
        disc.set_gid(f"faction:{i}")
        ax.add_patch(disc)
        ax.text(
            cx,
            cy + r + 0.04,
            f"faction {i + 1} ({len(members[i])})" if i < k else f"no tie ({len(members[i])})",
            ha="center",
            va="bottom",
            fontsize=11,
            fontweight="bold",
            color="#333333",
        ).set_gid("faction-title")

    pos_segs, pos_w, neg_segs, neg_w, halo = [], [], [], [], []
    ties = list(sg.edges(data=True))
    o = ax.transData.transform((0.0, 0.0))
    pt_per_unit = float(ax.transData.transform((1.0, 0.0))[0] - o[0]) * 72.0 / fig.dpi
    # Nodes shrink on a crowded page, so that lines can pass between them (sunflower spacing
    # is about 0.38 units; a node and the clear space around it take at most half of it).
    shrink = min(1.0, 0.5 * 0.38 * pt_per_unit / (20 + 2 * _CLEAR_PT))
    routed = route_ties(
        {a: (x * pt_per_unit, y * pt_per_unit) for a, (x, y) in pos.items()},
        [(str(u), str(v)) for u, v, _ in ties],
        clearance={
            a: _node_pt(actors[a].power, shrink) / 2 + _CLEAR_PT * max(1.0, st.line_scale)
            for a in pos
        },
    )
    for (u, v, d), path in zip(ties, routed, strict=True):
        seg = [(x / pt_per_unit, y / pt_per_unit) for x, y in path]
        width = 0.8 + 2.8 * float(d.get("weight", 1.0))
        if d["sign"] > 0:
            pos_segs.append(seg)
            pos_w.append(width)
        else:
            neg_segs.append(seg)
            neg_w.append(width)
        if frozenset((str(u), str(v))) in frustrated:
            halo.append(seg)
    hl = LineCollection(halo, colors=_HALO, linewidths=9, alpha=0.45, capstyle="round", zorder=1)
    hl.set_gid("frustrated")
    ax.add_collection(hl)
    co, cf = TYPE_STYLE[RelationType.COOPERATION], TYPE_STYLE[RelationType.CONFLICT]
    lp = LineCollection(
        pos_segs, colors=co.colour, linewidths=pos_w or [1], linestyles="solid", zorder=2
    )
    lp.set_gid("ties:positive")
    ax.add_collection(lp)
    ln = LineCollection(
        neg_segs,
        colors=cf.colour,
        linewidths=neg_w or [1],
        linestyles=[cf.linestyle],
        capstyle="round",
        zorder=2,
    )
    ln.set_gid("ties:negative")
    ax.add_collection(ln)

    roles = graph.effective_roles()
    order = sorted(actors, key=lambda a: (-power[a], a))
    fills = []
    for a in order:
        slot = slot_of(roles[a]).split("|")[0]
        try:
            fills.append(SYSTEM_INK[Role(slot)])
        except ValueError:
            fills.append(SYSTEM_INK[None])
    sizes = [_node_pt(power[a], shrink) for a in order]
    coll = ax.scatter(
        [pos[a][0] for a in order],
        [pos[a][1] for a in order],
        s=[d * d for d in sizes],
        c=fills,
        edgecolors="black",
        linewidths=0.8,
        zorder=4,
    )
    coll.set_gid("nodes")
    coll.ecograph_ids = order  # type: ignore[attr-defined]
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    titles = [t.get_window_extent(renderer) for t in ax.texts]
    _, hidden = place_labels(
        ax,
        [pos[a] for a in order],
        [
            short(actors[a].name, 16, lines=1) if st.brief else short(actors[a].name, 20, lines=2)
            for a in order
        ],
        radii_pt=[d / 2 + 0.5 for d in sizes],
        gids=[f"label:{a}" for a in order],
        obstacles=titles,
        fontsize=max(8.5 if n <= 40 else 7, min_points(fig, st)),
    )
    handles: list[Any] = [
        Line2D([], [], color=co.colour, lw=2.5, label="positive tie\n(cooperation, agreement)"),
        Line2D(
            [],
            [],
            color=cf.colour,
            lw=2.5,
            ls=cf.linestyle,
            dash_capstyle="round",
            label="negative tie (conflict)",
        ),
        Line2D(
            [],
            [],
            color=_HALO,
            lw=9,
            alpha=0.45,
            solid_capstyle="round",
            label=f"breaks balance ({len(halo)})",
        ),
        Patch(fc="#CCCCCC", alpha=0.5, ec="#555555", label="faction"),
    ]
    present = []
    for role in (Role.CHANGE_AGENT, Role.CLIENT, Role.TARGET, Role.ACTION):
        if SYSTEM_INK[role] in fills:
            present.append(role)
    handles += [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            mfc=SYSTEM_INK[r],
            mec="black",
            ms=9,
            label=r.value.replace("_", " "),
        )
        for r in present
    ]
    if any(f not in {SYSTEM_INK[r] for r in present} for f in fills):
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                mfc=SYSTEM_INK[None],
                mec="black",
                ms=9,
                label="other system",
            )
        )
    leg = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=9,
        frameon=False,
        title="Signed ties, factions, systems",
        labelspacing=1.0,
    )
    leg.set_gid("legend")
    when = f"as of {as_of.isoformat()}" if as_of else "latest state"
    add_title(ax, f"{graph.title}: factions", when)
    if fac is None:
        words = "No relationships, so no factions: every actor is drawn in one group."
    else:
        how = "proved minimal" if fac.exact else "found by the heuristic search"
        words = (
            f"{k} faction(s) chosen so that as few ties as possible break balance "
            f"({len(halo)} do, {how}): a positive tie between factions or a negative tie inside "
            "one, over a purple halo. Blue solid = positive, dark red dotted = negative; "
            "node size = power, node colour = system."
        )
    if st.brief and fac is not None:
        words = f"{k} factions; {len(halo)} ties break balance (purple halo)."
    if hidden:
        words += f" {len(hidden)} name(s) left out where they would overlap."
    add_caption(fig, words, adjust=False)
    return apply_style(fig, st)
