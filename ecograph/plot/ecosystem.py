"""The textbook figure: the four systems as regions, each actor inside its system.

Pincus & Minahan draw the change agent system working with the client system, cooperating with
the action system and influencing the target system. Here the four systems are four labelled
regions around the centre of the figure:

* change agent system top left, client system top right,
* action system bottom left, target system bottom right.

The target system touches both the client and the action system, because those are the roles
one actor most often holds together (a mandated client is often also a target; an agency can
be both action and target system). An actor with two roles is placed on the border between the
two regions; one with client and action roles (or three roles) sits in the centre. The change
agent never holds another primary role, so its region needs no border. Compton & Galaway's
optional professional and problem-identification systems, and actors with no system stated,
get their own regions in a strip under the four. Members are grouped with their family or
agency inside a dashed box when they sit in the same system.

The placement is :func:`ecograph.plot.layout.system_layout`, the one the HTML map uses too
(scaled to the page, each region's own actors spread over the room it has). It is computed,
not simulated: the same case always gives the same picture.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch

from ecograph.errors import EcographError
from ecograph.graph import EcoGraph
from ecograph.model import ActorKind, RelationType, Role
from ecograph.plot._common import (
    OKABE_ITO,
    SYSTEM_COLOURS,
    SYSTEM_INK,
    TYPE_STYLE,
    add_caption,
    add_title,
    apply_style,
    get_style,
    min_points,
    new_axes,
    place_labels,
    renderer_of,
    short,
    system_label,
)
from ecograph.plot.focus import Focus, focus_graph
from ecograph.plot.layout import OTHER, SystemLayout, route_ties, system_layout

__all__ = ["plot_ecosystem", "ecosystem_layout", "EcosystemLayout", "likely_conflicts", "slot_of"]

_CA, _CL, _TG, _AC = Role.CHANGE_AGENT, Role.CLIENT, Role.TARGET, Role.ACTION
_PRIMARY = (_CA, _CL, _TG, _AC)
_OPTIONAL = (Role.PROBLEM_IDENTIFICATION, Role.PROFESSIONAL)

#: Slot names: one per region, the two borders, the centre, and the strip's regions.
SLOTS = (
    "change_agent",
    "client",
    "target",
    "action",
    "client|target",
    "target|action",
    "centre",
    "problem_identification",
    "professional",
    "none",
)

#: The gap between neighbouring regions, in data units.
_GAP = 0.015
_TOP = {_CA, _CL}
_LEFT = {_CA, _AC}
_IN_PRIMARY = {r.value for r in _PRIMARY} | {"client|target", "target|action", "centre"}


_MARKERS: dict[ActorKind, str] = {
    ActorKind.INDIVIDUAL: "o",
    ActorKind.FAMILY: "h",
    ActorKind.GROUP: "p",
    ActorKind.ORGANIZATION: "s",
    ActorKind.COMMUNITY: "^",
}


def slot_of(roles: set[Role]) -> str:
    """Return where an actor with ``roles`` is drawn (a region, a border, centre or strip).

    Examples
    --------
    >>> slot_of({Role.CLIENT, Role.TARGET})
    'client|target'
    >>> slot_of({Role.ACTION, Role.PROBLEM_IDENTIFICATION})
    'action'
    >>> slot_of(set())
    'none'
    """
    primary = [r for r in _PRIMARY if r in roles]
    if _CA in primary:
        return "change_agent"
    if len(primary) == 1:
        return primary[0].value
    if set(primary) == {_CL, _TG}:
        return "client|target"
    if set(primary) == {_TG, _AC}:
        return "target|action"
    if primary:
        return "centre"
    for r in _OPTIONAL:
        if r in roles:
            return r.value
    return "none"


@dataclass
class EcosystemLayout:
    """Where everything of the ecosystem figure goes (data units; main area 0..2 x 0..2).

    Attributes
    ----------
    positions : dict
        Actor id -> (x, y).
    slots : dict
        Actor id -> slot name (see :func:`slot_of`).
    regions : dict
        Slot name -> (x0, y0, x1, y1) of the drawn region (the four systems and the strip's).
    areas : dict
        Slot name -> (x0, y0, x1, y1) of the area the slot's actors are placed in.
    groups : dict
        Group actor id -> (x0, y0, x1, y1) of the dashed box around it and its members.
    cell : (float, float)
        Smallest cell (width, height) used, in data units.
    ylim : (float, float)
        Vertical extent of the drawing.
    bands : dict
        ``"client|target"`` -> (x0, y0, x1, y1) of the band across the two regions' border
        that holds the actors in both systems (see :func:`ecograph.plot.layout.system_layout`).
    """

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    slots: dict[str, str] = field(default_factory=dict)
    regions: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    areas: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    groups: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    bands: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    cell: tuple[float, float] = (1.0, 1.0)
    ylim: tuple[float, float] = (0.0, 2.0)


def _fill_regions(sl: SystemLayout) -> dict[str, tuple[float, float]]:
    """Spread each of the four regions' own actors over the room their region has.

    The shared layout packs a region's actors as tightly as the fullest region needs; a page
    has room to spare, so each region's packing is stretched (never shrunk) about its centre
    until it reaches the actors on the region's borders, keeping one ``spacing`` clear of
    them and of the region's edges, and the title band free.
    """
    out = dict(sl.positions)
    sp = sl.spacing
    for key in (r.value for r in _PRIMARY):
        reg = sl.regions[key]
        own = [a for a, h in sl.home.items() if h == (key,)]
        if not own:
            continue
        inset = [sp, sp, sp, sp]  # left, bottom, right, top
        if key in (_CA.value, _CL.value):
            inset[3] += 1.2 * sp  # the region's title
        else:
            inset[1] += 1.2 * sp
        for a, h in sl.home.items():
            if len(h) < 2:
                continue
            x, y = sl.positions[a]
            if not reg.contains(x, y):
                continue
            depths = [x - reg.x0, y - reg.y0, reg.x1 - x, reg.y1 - y]
            side = depths.index(min(depths))
            inset[side] = max(inset[side], depths[side] + 1.5 * sp)
        xs = [sl.positions[a][0] for a in own]
        ys = [sl.positions[a][1] for a in own]
        bx0, bx1, by0, by1 = min(xs), max(xs), min(ys), max(ys)
        ix0, iy0 = reg.x0 + inset[0], reg.y0 + inset[1]
        ix1, iy1 = reg.x1 - inset[2], reg.y1 - inset[3]
        fx = max(1.0, (ix1 - ix0) / (bx1 - bx0)) if bx1 > bx0 else math.inf
        fy = max(1.0, (iy1 - iy0) / (by1 - by0)) if by1 > by0 else math.inf
        f = min(fx, fy, 2.5)  # the same in both directions: groups stay round
        cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
        if f == 1.0:  # no room to spare: the shared layout's placement as it is
            continue
        tx, ty = (ix0 + ix1) / 2, (iy0 + iy1) / 2
        for a in own:
            x, y = sl.positions[a]
            out[a] = (tx + (x - cx) * f, ty + (y - cy) * f)
    return out


def _rounded_box(
    box: tuple[float, float, float, float], rounding: float, aspect: float, **style: Any
) -> FancyBboxPatch:
    """Return a rounded rectangle over ``box`` (x0, y0, x1, y1) in data units."""
    x0, y0, x1, y1 = box
    return FancyBboxPatch(
        (x0, y0),
        x1 - x0,
        y1 - y0,
        boxstyle=f"round,pad=0,rounding_size={rounding}",
        mutation_aspect=aspect,
        **style,
    )


def ecosystem_layout(
    graph: EcoGraph, *, cell_aspect: float = 1.0, as_of: dt.date | None = None
) -> EcosystemLayout:
    """Compute the deterministic layout of the ecosystem figure.

    The placement is :func:`ecograph.plot.layout.system_layout` (the same one the HTML map
    uses), scaled so that the four regions fill ``0..2 x 0..2`` in data units; the strip of
    optional systems, when used, lies below ``y = 0``.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    cell_aspect : float
        Accepted for compatibility; the shared layout uses square cells.
    as_of : date, optional
        Unused by the placement (actors do not move with time); accepted for symmetry.

    Returns
    -------
    EcosystemLayout

    Examples
    --------
    >>> from ecograph.model import Actor
    >>> g = EcoGraph("c", "Case")
    >>> g.add_actor(Actor(id="w", name="Worker", roles=["change_agent"]))
    >>> g.add_actor(Actor(id="m", name="Mother", roles=["client", "target"]))
    >>> lay = ecosystem_layout(g)
    >>> lay.slots["w"], lay.slots["m"]
    ('change_agent', 'client|target')
    >>> round(lay.positions["m"][1], 9)  # on the border between client and target (y = 1)
    1.0
    """
    del cell_aspect, as_of
    sl = system_layout(graph)
    client = sl.regions[Role.CLIENT.value]
    k = 1.0 / (client.x1 - client.x0)  # one region's side -> one data unit
    roles = graph.effective_roles()
    lay = EcosystemLayout(slots={a.id: slot_of(roles[a.id]) for a in graph.actors()})
    lay.positions = _fill_regions(sl)
    lay.positions = {aid: (x * k, y * k) for aid, (x, y) in lay.positions.items()}
    for key, reg in sl.regions.items():
        slot = "none" if key == OTHER else key
        box = (reg.x0 * k + _GAP, reg.y0 * k + _GAP, reg.x1 * k - _GAP, reg.y1 * k - _GAP)
        lay.regions[slot] = box
        lay.areas[slot] = box
    for key, band in sl.bands.items():
        lay.bands[key] = (band.x0 * k, band.y0 * k, band.x1 * k, band.y1 * k)
    step = sl.spacing * k
    for gid, members in sl.groups.items():
        xs = [lay.positions[a][0] for a in (gid, *members)]
        ys = [lay.positions[a][1] for a in (gid, *members)]
        pad = 0.4 * step
        lay.groups[gid] = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
    lay.cell = (step, step)
    lay.ylim = (min(b[1] for b in lay.regions.values()) - 0.02, 2.0)
    return lay


#: Most lines a name is wrapped onto when it is shown in full (longer names are cut).
FULL_NAME_LINES = 4

#: Clear space between a line and a foreign actor's rim: half the widest line plus a margin (pt).
_CLEAR_PT = (0.8 + 3.4) / 2 + 2.0


def _also(roles: dict[str, set[Role]], lay: EcosystemLayout, a: str) -> bool:
    """Return whether actor ``a`` is drawn with the ring of the optional systems."""
    return lay.slots[a] in _IN_PRIMARY and bool(roles[a] & set(_OPTIONAL))


def _routes(
    pos: dict[str, tuple[float, float]],
    pairs: list[tuple[str, str]],
    *,
    clearance: dict[str, float],
    scale: tuple[float, float],
    bounds: tuple[float, float, float, float],
) -> list[list[tuple[float, float]]]:
    """Route ties in points (``scale``: points per data unit on x and y), return data units."""
    sx, sy = scale
    routed = route_ties(
        {a: (x * sx, y * sy) for a, (x, y) in pos.items()},
        pairs,
        clearance=clearance,
        bounds=(bounds[0] * sx, bounds[1] * sy, bounds[2] * sx, bounds[3] * sy),
    )
    return [[(x / sx, y / sy) for x, y in path] for path in routed]


def _middle(path: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the middle point of a drawn path (straight or curved)."""
    if len(path) == 2:
        return ((path[0][0] + path[1][0]) / 2, (path[0][1] + path[1][1]) / 2)
    return path[len(path) // 2]


def likely_conflicts(
    graph: EcoGraph, *, as_of: dt.date | None = None, params: Any = None
) -> list[tuple[str, str, float]]:
    """Return the pairs with no present relationship whose likeliest type is conflict.

    Uses :func:`ecograph.analysis.likelihood.assess`; each item is ``(a, b, probability)``.

    Raises
    ------
    EcographError
        If the likelihood analysis is not available in this installation.
    """
    try:
        from ecograph.analysis.likelihood import assess
    except ImportError:
        raise EcographError(
            "the conflict overlay needs the likelihood analysis "
            "(ecograph.analysis.likelihood), which this installation does not have"
        ) from None
    result = assess(graph, params=params, as_of=as_of)
    out = []
    for p in result.pairs:
        if not p.related and str(p.dominant) == RelationType.CONFLICT.value:
            out.append((p.a, p.b, float(p.likelihood[RelationType.CONFLICT.value])))
    return out


def plot_ecosystem(
    graph: EcoGraph,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    as_of: dt.date | None = None,
    overlay_conflicts: bool = False,
    params: Any = None,
    figsize: tuple[float, float] | None = None,
    labels: bool = True,
    style: str = "screen",
    focus: Focus | None = None,
) -> Figure:
    """Draw the ecosystem figure of a case: four systems, actors in them, typed relationships.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    ax : Axes, optional
        Draw into these axes (their figure is returned); a new figure otherwise.
    seed : int
        Accepted for the common signature; the layout is computed and needs no randomness.
    as_of : date, optional
        Draw the relationships as they stood on this date (default: the latest state).
    overlay_conflicts : bool
        Also draw, as a dotted purple overlay marked "?", the pairs with no relationship whose
        likeliest type is conflict according to :func:`ecograph.analysis.likelihood.assess`.
    params : Params, optional
        Weights and thresholds for the likelihood analysis (overlay only).
    figsize : (float, float), optional
        Inches; grows with the number of actors by default.
    labels : bool
        Draw actor names (placed so that none collide; a name that finds no free place is left
        out and the caption says how many).
    style : {"screen", "print", "projector"}
        Where the figure is shown (:data:`ecograph.plot._common.STYLES`): ``projector`` is a
        16:9 slide with names at least 2.5% of its height, thicker lines and fewer words.
    focus : Focus, optional
        Draw only one part of the case (:mod:`ecograph.plot.focus`): one actor's own network,
        one system's ties, or some types of relationship, laid out afresh. The conflict
        overlay is still the analysis of the whole case, kept among the drawn actors.

    Returns
    -------
    Figure

    Examples
    --------
    >>> import ecograph
    >>> fig = plot_ecosystem(ecograph.load_graph("examples/child-protection.yaml"))
    >>> sorted(a.get_gid() for a in fig.axes[0].collections if a.get_gid().startswith("edges"))
    ['edges:agreement', 'edges:conflict', 'edges:cooperation']
    """
    del seed  # deterministic by construction
    whole = graph
    if focus:
        graph = focus_graph(graph, focus, as_of=as_of)
    st = get_style(style)
    n = len(graph)
    if figsize is None and st.figsize is not None:
        figsize = st.figsize
    if figsize is None:
        side = 11.0 + 0.9 * math.sqrt(max(0, n - 12)) if n <= 80 else 14.0 + 0.025 * n
        figsize = (min(side * 1.25, 40.0), min(side, 32.0))
    fig, ax = new_axes(ax, figsize)
    if ax is fig.axes[0] and len(fig.axes) == 1:
        fig.subplots_adjust(
            left=0.015,
            right=0.68 if st.brief else 0.79,
            top=1 - 0.75 / figsize[1],
            bottom=0.85 / figsize[1],
        )
    renderer = renderer_of(fig)
    frame = ax.get_window_extent(renderer)
    lay = ecosystem_layout(graph)
    ylim = lay.ylim
    xlim = (0.0, 2.0)
    ax.set_xlim(*xlim)
    ax.set_ylim(ylim[0], ylim[1] + 0.01)
    ax.set_axis_off()
    x_px = frame.width / (xlim[1] - xlim[0])
    y_px = frame.height / (ylim[1] - ylim[0] + 0.01)
    actors = {a.id: a for a in graph.actors()}
    roles = graph.effective_roles()

    # Regions and their titles.
    title_boxes = []
    fs_title = 12 if n <= 80 else 14
    for s, (x0, y0, x1, y1) in lay.regions.items():
        role = Role(s) if s != "none" else None
        patch = _rounded_box(
            (x0, y0, x1, y1),
            0.04,
            x_px / y_px,
            fc=SYSTEM_COLOURS[role],
            ec=SYSTEM_INK[role],
            lw=1.2,
            zorder=0,
        )
        patch.set_gid(f"region:{s}")
        ax.add_patch(patch)
        left = role in _LEFT or role not in _PRIMARY
        top = role in _TOP or role not in _PRIMARY
        tx = x0 + 0.03 if left else x1 - 0.03
        ty = y1 - 0.025 if top else y0 + 0.025
        t = ax.text(
            tx,
            ty,
            system_label(role).upper(),
            ha="left" if left else "right",
            va="top" if top else "bottom",
            fontsize=max(fs_title if role in _PRIMARY else fs_title - 2, min_points(fig, st)),
            fontweight="bold",
            color=SYSTEM_INK[role],
            # over the lines (which pass under it, as under a map's place names), under actors
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.1",
                "fc": SYSTEM_COLOURS[role],
                "ec": "none",
                "alpha": 0.9,
            },
        )
        t.set_gid(f"region-title:{s}")
        # A title wider than its region (the strip's regions are narrow, and projector text
        # is big) goes on two lines, broken at a space or a hyphen, so titles never overlap.
        room = (x1 - x0 - 0.06) * x_px
        if t.get_window_extent(renderer).width > room:
            words = t.get_text()
            cut = max(
                words.rfind(" ", 0, len(words) // 2 + 6), words.rfind("-", 0, len(words) // 2 + 6)
            )
            if cut > 0:
                keep = "-" if words[cut] == "-" else ""
                t.set_text(words[:cut] + keep + "\n" + words[cut + 1 :])
            while t.get_window_extent(renderer).width > room and float(t.get_fontsize()) > 7:
                t.set_fontsize(float(t.get_fontsize()) - 0.5)
        title_boxes.append(
            t.get_window_extent(renderer).padded(0.1 * float(t.get_fontsize()) * fig.dpi / 72)
        )

    # The bands across a border that hold the actors in two systems: hatched in both colours.
    for key, strip in lay.bands.items():
        one, other = (Role(k) for k in key.split("|"))
        tint = {"fc": SYSTEM_COLOURS[one], "ec": SYSTEM_INK[other], "alpha": 0.55}
        band = _rounded_box(strip, 0.02, x_px / y_px, hatch="//", lw=0.0, zorder=0.5, **tint)
        band.set_gid(f"band:{key}")
        ax.add_patch(band)

    # Group boxes.
    for gid, (x0, y0, x1, y1) in lay.groups.items():
        box = FancyBboxPatch(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            boxstyle="round,pad=0,rounding_size=0.02",
            fc="white",
            alpha=0.55,
            ec="#555555",
            ls=(0, (4, 2)),
            lw=0.9,
            zorder=1,
            mutation_aspect=x_px / y_px,
        )
        box.set_gid(f"group:{gid}")
        ax.add_patch(box)

    # Node sizes: diameter in points by power, capped by the cell size.
    cell_pt = min(lay.cell[0] * x_px, lay.cell[1] * y_px) * 72.0 / fig.dpi
    dmax = max(4.0, min(26.0, 0.42 * cell_pt))
    dmin = max(2.5, 0.3 * dmax)

    def diameter(power: float) -> float:
        return dmin + (dmax - dmin) * power

    # Edges: routed so that no line passes over an actor that is not one of its ends.
    pos = lay.positions
    states = list(graph.states(as_of))
    overlay: list[tuple[str, str, float]] = []
    if overlay_conflicts:
        overlay = [
            (a, b, p)
            for a, b, p in likely_conflicts(whole, as_of=as_of, params=params)
            if a in actors and b in actors
        ]
    paths = _routes(
        pos,
        [(rel.source, rel.target) for rel, _ in states] + [(a, b) for a, b, _ in overlay],
        clearance={
            a: (diameter(actors[a].power) + (5 if _also(roles, lay, a) else 0)) / 2
            + _CLEAR_PT * max(1.0, st.line_scale)
            for a in actors
        },
        scale=(x_px * 72.0 / fig.dpi, y_px * 72.0 / fig.dpi),
        bounds=(xlim[0], ylim[0], xlim[1], ylim[1]),
    )
    for kind in RelationType:
        segs, widths, pairs = [], [], []
        for (rel, state), path in zip(states, paths, strict=False):
            if state.type is kind:
                segs.append(path)
                widths.append(0.8 + 3.4 * state.strength)  # apply_style scales them
                pairs.append((rel.source, rel.target))
        tstyle = TYPE_STYLE[kind]
        lc = LineCollection(
            segs,
            colors=tstyle.colour,
            linewidths=widths or [1.0],
            linestyles=[tstyle.linestyle],
            capstyle="round" if kind is RelationType.CONFLICT else "butt",
            zorder=2,
            alpha=0.95,
        )
        lc.set_gid(f"edges:{kind.value}")
        lc.ecograph_pairs = pairs  # type: ignore[attr-defined]
        ax.add_collection(lc)

    if overlay_conflicts:
        over_paths = paths[len(states) :]
        lc = LineCollection(
            over_paths,
            colors=OKABE_ITO["reddish_purple"],
            linewidths=1.9,
            linestyles=[(0, (0.7, 2.4))],
            capstyle="round",
            zorder=2.5,
        )
        lc.set_gid("overlay:likely-conflict")
        lc.ecograph_pairs = [(a, b) for a, b, _ in overlay]  # type: ignore[attr-defined]
        ax.add_collection(lc)
        if len(overlay) <= 40:
            for path in over_paths:
                mx, my = _middle(path)
                ax.text(
                    mx,
                    my,
                    "?",
                    fontsize=9,
                    fontweight="bold",
                    color=OKABE_ITO["reddish_purple"],
                    ha="center",
                    va="center",
                    zorder=2.6,
                    bbox={
                        "boxstyle": "circle,pad=0.15",
                        "fc": "white",
                        "ec": OKABE_ITO["reddish_purple"],
                        "lw": 1.0,
                    },
                ).set_gid("overlay-mark")

    # Nodes, one collection per kind (marker shape).
    order = sorted(actors, key=lambda a: (-actors[a].power, a))
    for akind in ActorKind:
        ids = [a for a in order if actors[a].kind is akind]
        if not ids:
            continue
        fills = []
        for a in ids:
            s = lay.slots[a]
            role = Role(s) if s in {r.value for r in Role} else None
            fills.append(SYSTEM_INK[role] if role is not None else "#FFFFFF")
        coll = ax.scatter(
            [pos[a][0] for a in ids],
            [pos[a][1] for a in ids],
            s=[diameter(actors[a].power) ** 2 for a in ids],
            marker=_MARKERS[akind],
            c=fills,
            edgecolors="black",
            linewidths=0.8,
            zorder=4,
        )
        coll.set_gid(f"nodes:{akind.value}")
        coll.ecograph_ids = ids  # type: ignore[attr-defined]
    # Actors on a border: each half of the node in the colour of one of its two systems.
    halves: dict[str, tuple[Any, str, str]] = {
        "client|target": ("top", SYSTEM_INK[_CL], SYSTEM_INK[_TG]),
        "target|action": ("left", SYSTEM_INK[_AC], SYSTEM_INK[_TG]),
    }
    for a in order:
        half = halves.get(lay.slots[a])
        if half is None:
            continue
        fill, first, second = half
        (mark,) = ax.plot(
            [pos[a][0]],
            [pos[a][1]],
            ls="",
            marker=_MARKERS[actors[a].kind],
            ms=diameter(actors[a].power),
            fillstyle=fill,
            mfc=first,
            mfcalt=second,
            mec="black",
            mew=0.8,
            zorder=4.1,
        )
        mark.set_gid(f"two-systems:{a}")
    also = [a for a in order if _also(roles, lay, a)]
    if also:
        ring = ax.scatter(
            [pos[a][0] for a in also],
            [pos[a][1] for a in also],
            s=[(diameter(actors[a].power) + 5) ** 2 for a in also],
            marker="o",
            facecolors="none",
            edgecolors=OKABE_ITO["reddish_purple"],
            linewidths=1.4,
            zorder=3.9,
        )
        ring.set_gid("nodes:also-optional")
        ring.ecograph_ids = also  # type: ignore[attr-defined]

    # Labels last, when every position on screen is final.
    hidden: list[int] = []
    fs = max(9.0 if n <= 20 else 8.0 if n <= 60 else 6.5, min_points(fig, st))
    if labels and n:
        names = [
            short(actors[a].name, 16, lines=2 if n <= 20 else 1)
            if st.brief
            else short(actors[a].name, 20, lines=3 if n <= 60 else 2)
            for a in order
        ]
        # the full name wherever it fits (wrapped, never cut); the short form elsewhere
        full = [short(actors[a].name, 20, lines=FULL_NAME_LINES) for a in order]
        _, hidden = place_labels(
            ax,
            [pos[a] for a in order],
            full,
            radii_pt=[diameter(actors[a].power) / 2 + 0.5 for a in order],
            gids=[f"label:{a}" for a in order],
            obstacles=title_boxes,
            fontsize=fs,
            shorter=names,
        )

    # Legend.
    handles: list[Any] = [
        Line2D(
            [],
            [],
            color=TYPE_STYLE[k].colour,
            ls=TYPE_STYLE[k].linestyle,
            lw=2.6,
            dash_capstyle="round" if k is RelationType.CONFLICT else "butt",
            label=TYPE_STYLE[k].label,
        )
        for k in RelationType
    ]
    if overlay_conflicts:
        handles.append(
            Line2D(
                [],
                [],
                color=OKABE_ITO["reddish_purple"],
                ls=(0, (0.7, 2.4)),
                lw=1.9,
                dash_capstyle="round",
                label="likely conflict, no tie yet (?)",
            )
        )
    handles += [
        Line2D([], [], color="#444444", lw=0.8 + 3.4 * s, label=f"strength {s:g}")
        for s in (0.2, 1.0)
    ]
    kinds_present = [k for k in ActorKind if any(a.kind is k for a in actors.values())]
    handles += [
        Line2D(
            [],
            [],
            ls="",
            marker=_MARKERS[k],
            mfc="#BBBBBB",
            mec="black",
            ms=9,
            label=k.value,
        )
        for k in kinds_present
    ]
    handles += [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            mfc="white",
            mec="black",
            ms=diameter(p),
            label=f"power {p:g}",
        )
        for p in (0.0, 0.5, 1.0)
    ]
    used = [halves[lay.slots[a]] for a in order if lay.slots[a] in halves]
    if used:
        fill, first, second = used[0]
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=11,
                fillstyle=fill,
                mfc=first,
                mfcalt=second,
                mec="black",
                label="two systems (hatched band)",
            )
        )
    if lay.groups:
        handles.append(
            Patch(fc="white", ec="#555555", ls=(0, (4, 2)), label="family / agency and members")
        )
    if also:
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                mfc="none",
                mec=OKABE_ITO["reddish_purple"],
                mew=1.4,
                ms=12,
                label="also professional /\nproblem-identification",
            )
        )
    leg = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=9,
        title="Relationships and actors",
        title_fontsize=10,
        frameon=False,
        labelspacing=0.9,
        handlelength=3.2,
    )
    leg.set_gid("legend")

    when = f"as of {as_of.isoformat()}" if as_of else "latest state"
    if focus:
        when = f"{focus.describe(whole)} ({when}; {len(graph)} of {len(whole)} actors)"
    add_title(ax, f"{graph.title}: the ecosystem", when)
    edges = sum(1 for _ in graph.states(as_of))
    words = (
        "Each actor sits in its system; an actor in a hatched band across the border of two "
        "systems holds both roles; a dashed box holds a family or agency with its members. "
        f"{edges} relationships: solid blue = cooperation, dashed orange = agreement, "
        "dotted dark red = conflict; thicker line = stronger, bigger node = more power."
    )
    if st.brief:
        words = f"{edges} relationships; line colour and pattern = type, thicker = stronger."
    if overlay_conflicts:
        words += f" Purple dotted lines marked ? = {len(overlay)} likely conflicts with no tie yet."
    if hidden:
        words += f" {len(hidden)} of {n} names left out where they would overlap."
    add_caption(fig, words, adjust=False)
    return apply_style(fig, st)
