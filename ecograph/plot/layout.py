"""The four-system layout shared by the static figure and the HTML map (a pure function).

The textbook picture of the ecosystem model puts the four systems in four labelled regions:

.. code-block:: text

    +----------------------+----------------------+
    | change agent system  |    client system     |
    +----------------------+----------------------+
    |    action system     |    target system     |
    +----------------------+----------------------+
    |  professional / problem-identification / no system (a strip, only if used)  |

Each actor is placed inside the region of its system (its effective roles: a member with no
role of its own takes its group's). A group (a family, an agency) is drawn with its members
around it, so the members stay together. An actor (or group) in two of the four systems sits
in a *band* straddling the border the two regions share -- a mandated client who is also the
target sits in the client/target band, the two regions each giving up a strip along their
border, and several such actors are spread along the band; two systems that share no border
(client and action), or three or more, put it on the centre where the four regions meet.

The layout is deterministic: the same case gives the same coordinates (no randomness; ties
are broken by actor id). Coordinates are in *layout units*, ``y`` pointing up, neighbouring
actors one unit (``spacing``) apart, so a renderer scales them to its own units
(Matplotlib uses them as they are; the HTML map multiplies them and flips ``y``).

Examples
--------
>>> from ecograph.graph import EcoGraph
>>> from ecograph.model import Actor
>>> g = EcoGraph("demo", "Demo")
>>> g.add_actor(Actor(id="worker", name="Worker", roles=["change_agent"]))
>>> g.add_actor(Actor(id="mum", name="Mum", roles=["client", "target"]))
>>> lay = system_layout(g)
>>> lay.home["worker"], lay.home["mum"]
(('change_agent',), ('client', 'target'))
>>> lay.region_of(lay.positions["worker"])
'change_agent'
>>> x, y = lay.positions["mum"]
>>> y == lay.regions["client"].y0 == lay.regions["target"].y1  # on the client/target border
True
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ecograph.graph import EcoGraph
from ecograph.model.rules import ancestors
from ecograph.model.vocab import PRIMARY_ROLES, ROLE_LABELS, Role

__all__ = [
    "Region",
    "SystemLayout",
    "system_layout",
    "route_ties",
    "Point",
    "REGION_GRID",
    "OTHER",
]

#: A point in layout (or drawing) units.
Point = tuple[float, float]

#: Key of the strip for actors in none of the four systems.
OTHER = "other"

#: Where each of the four systems sits: (column, row), row 1 on top.
REGION_GRID: dict[str, tuple[int, int]] = {
    Role.CHANGE_AGENT.value: (0, 1),
    Role.CLIENT.value: (1, 1),
    Role.ACTION.value: (0, 0),
    Role.TARGET.value: (1, 0),
}

_PRIMARY = tuple(r.value for r in PRIMARY_ROLES)
_EXTRA_ORDER = (Role.PROFESSIONAL.value, Role.PROBLEM_IDENTIFICATION.value, OTHER)
_EXTRA_LABELS = {
    Role.PROFESSIONAL.value: ROLE_LABELS[Role.PROFESSIONAL],
    Role.PROBLEM_IDENTIFICATION.value: ROLE_LABELS[Role.PROBLEM_IDENTIFICATION],
    OTHER: "no system given",
}


@dataclass(frozen=True)
class Region:
    """A labelled rectangle of the figure: one system.

    Parameters
    ----------
    key : str
        The role value (``"client"``), or ``"other"``.
    label : str
        The system's name in the model's words (``"client system"``).
    x0, y0, x1, y1 : float
        Lower-left and upper-right corners, in layout units (``y`` up).
    """

    key: str
    label: str
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, x: float, y: float, *, tol: float = 1e-9) -> bool:
        """Return whether the point lies inside the region or on its edge."""
        return self.x0 - tol <= x <= self.x1 + tol and self.y0 - tol <= y <= self.y1 + tol


@dataclass(frozen=True)
class SystemLayout:
    """Where every actor and every system region goes.

    Attributes
    ----------
    positions : dict
        Actor id -> ``(x, y)`` in layout units (``y`` up).
    regions : dict
        Region key -> :class:`Region`, in drawing order (the four systems, then any extra
        strips that are used).
    home : dict
        Actor id -> the region keys it is placed in: one key inside a region, two on the
        border between them, or three or more (on the centre) when its systems share no border.
    groups : dict
        Group id -> ids of the members drawn around it (directly or through subgroups).
    spacing : float
        The distance between neighbouring actors (layout units).
    bands : dict
        ``"client|target"`` (the two region keys joined by ``|``) -> the :class:`Region`
        straddling their shared border that holds the actors in both systems (only for the
        pairs of adjacent systems that have such actors). No other actor lies in a band.
    """

    positions: dict[str, tuple[float, float]]
    regions: dict[str, Region]
    home: dict[str, tuple[str, ...]]
    groups: dict[str, list[str]] = field(default_factory=dict)
    spacing: float = 1.0
    bands: dict[str, Region] = field(default_factory=dict)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """Return ``(x0, y0, x1, y1)`` enclosing every region."""
        rs = list(self.regions.values())
        return (
            min(r.x0 for r in rs),
            min(r.y0 for r in rs),
            max(r.x1 for r in rs),
            max(r.y1 for r in rs),
        )

    def to_json(self) -> dict[str, object]:
        """Return the layout as JSON-ready data (lists and dicts of numbers and strings).

        Examples
        --------
        >>> import json
        >>> from ecograph.graph import EcoGraph
        >>> sorted(json.loads(json.dumps(system_layout(EcoGraph("e", "Empty")).to_json())))
        ['bands', 'groups', 'home', 'positions', 'regions', 'spacing']
        """
        return {
            "bands": [
                {"key": r.key, "label": r.label, "x0": r.x0, "y0": r.y0, "x1": r.x1, "y1": r.y1}
                for r in self.bands.values()
            ],
            "positions": {k: [x, y] for k, (x, y) in self.positions.items()},
            "regions": [
                {"key": r.key, "label": r.label, "x0": r.x0, "y0": r.y0, "x1": r.x1, "y1": r.y1}
                for r in self.regions.values()
            ],
            "home": {k: list(v) for k, v in self.home.items()},
            "groups": {k: list(v) for k, v in self.groups.items()},
            "spacing": self.spacing,
        }

    def region_of(self, point: tuple[float, float]) -> str | None:
        """Return the key of the region strictly containing ``point`` (None on a border)."""
        x, y = point
        inside = [k for k, r in self.regions.items() if r.x0 < x < r.x1 and r.y0 < y < r.y1]
        return inside[0] if len(inside) == 1 else None


def _home_key(roles: Iterable[str]) -> tuple[str, ...]:
    """Return the regions an actor with ``roles`` is placed in."""
    held = set(roles)
    primary = tuple(r for r in _PRIMARY if r in held)
    if primary:
        return primary
    for extra in _EXTRA_ORDER[:-1]:
        if extra in held:
            return (extra,)
    return (OTHER,)


def _ring_offsets(count: int, spacing: float) -> list[tuple[float, float]]:
    """Return offsets for ``count`` members on concentric rings around their group."""
    out: list[tuple[float, float]] = []
    ring = 1
    while len(out) < count:
        radius = ring * spacing
        capacity = max(1, int(2 * math.pi * radius / spacing))
        n = min(capacity, count - len(out))
        for i in range(n):
            # clockwise from a half step left of the top: two members sit side by side
            angle = math.pi / 2 + math.pi / n - 2 * math.pi * i / n
            out.append((radius * math.cos(angle), radius * math.sin(angle)))
        ring += 1
    return out


@dataclass
class _Cluster:
    root: str
    members: list[str]
    offsets: list[tuple[float, float]]
    radius: float


def _cluster(root: str, members: list[str], spacing: float) -> _Cluster:
    offsets = _ring_offsets(len(members), spacing)
    radius = max((math.hypot(x, y) for x, y in offsets), default=0.0) + spacing / 2
    return _Cluster(root, members, offsets, radius)


def _shelf_pack(
    clusters: list[_Cluster], spacing: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Pack cluster discs into rows; return their centres and the packing's width and height.

    Centres are relative to the packing's lower-left corner; rows run top to bottom.
    """
    if not clusters:
        return [], 0.0, 0.0
    cells = [2 * c.radius for c in clusters]
    area = sum(c * c for c in cells)
    # A few row widths from the square root of the area up; the squarest packing wins (ties:
    # the smaller area, then the narrower). Deterministic, and linear in the cluster count.
    best: tuple[tuple[float, float, float], list[tuple[float, float]], float, float] | None = None
    for step in range(16):
        target = max(max(cells), math.sqrt(area) * (1 + 0.1 * step))
        centres, width, height = _shelf_rows(cells, target)
        score = (max(width, height), width * height, width)
        if best is None or score < best[0]:
            best = (score, centres, width, height)
    assert best is not None
    return best[1], best[2], best[3]


def _shelf_rows(
    cells: list[float], target: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Put cells of the given diameters in rows no wider than ``target`` (one cell at least)."""
    rows: list[list[int]] = [[]]
    widths = [0.0]
    for i, w in enumerate(cells):
        if rows[-1] and widths[-1] + w > target + 1e-9:
            rows.append([])
            widths.append(0.0)
        rows[-1].append(i)
        widths[-1] += w
    heights = [max(cells[i] for i in row) for row in rows]
    total_h = sum(heights)
    width = max(widths)
    centres: list[tuple[float, float]] = [(0.0, 0.0)] * len(cells)
    top = total_h
    for row, h in zip(rows, heights, strict=True):
        x = 0.0
        for i in row:
            centres[i] = (x + cells[i] / 2, top - h / 2)
            x += cells[i]
        top -= h
    return centres, width, total_h


def system_layout(graph: EcoGraph, *, spacing: float = 1.0) -> SystemLayout:
    """Place every actor of ``graph`` in the four-system figure.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    spacing : float
        Distance between neighbouring actors, in layout units (default 1).

    Returns
    -------
    SystemLayout
        Positions, regions, each actor's home region(s) and the groups drawn as clusters.

    Notes
    -----
    * An actor's systems are its effective roles (a member with no role of its own is in its
      group's systems); professional and problem-identification actors, and actors with no
      system, go to a strip below the four regions.
    * A group heads a cluster: its members with the same home are drawn on rings around it
      (members of subgroups included, ordered so subgroups stay together). A member whose home
      differs from its group's is placed on its own in its home.
    * The four regions have the same size, large enough for the fullest region and for the
      actors on each border; the picture grows with the case, never the other way round.

    Examples
    --------
    >>> from ecograph.graph import EcoGraph
    >>> from ecograph.model import Actor
    >>> g = EcoGraph("demo", "Demo")
    >>> for i in range(3):
    ...     g.add_actor(Actor(id=f"w{i}", name=f"W{i}", roles=["action"]))
    >>> lay = system_layout(g)
    >>> {lay.region_of(p) for p in lay.positions.values()}
    {'action'}
    >>> system_layout(g).positions == lay.positions  # deterministic
    True
    """
    actors = sorted(graph.actors(), key=lambda a: a.id)
    eff = graph.effective_roles()
    home: dict[str, tuple[str, ...]] = {
        a.id: _home_key(r.value for r in eff.get(a.id, set())) for a in actors
    }
    member_of = {a.id: list(a.member_of) for a in actors}

    # The top group an actor is drawn with: its furthest ancestor chain sharing its home.
    def top_group(aid: str) -> str:
        current = aid
        while True:
            parents = [g for g in member_of.get(current, []) if home.get(g) == home[aid]]
            if not parents:
                return current
            nxt = sorted(parents)[0]
            if nxt == aid or nxt in ancestors(nxt, member_of):  # defensive: no loops
                return current
            current = nxt

    clusters_by_home: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
    members: dict[str, list[str]] = defaultdict(list)
    for a in actors:
        root = top_group(a.id)
        if root != a.id:
            members[root].append(a.id)

    def member_order(root: str, mid: str) -> tuple[list[str], str]:
        chain = [g for g in reversed(ancestors(mid, member_of)) if g != root]
        return chain, mid

    groups: dict[str, list[str]] = {}
    for a in actors:
        if top_group(a.id) != a.id:
            continue
        root = a.id
        ms = sorted(members.get(root, []), key=lambda m: member_order(root, m))
        if ms:
            groups[a.id] = ms
        clusters_by_home[home[a.id]].append(_cluster(a.id, ms, spacing))
    for cl in clusters_by_home.values():
        cl.sort(key=lambda c: (-len(c.members), c.root))

    # Size: every region the same, fitting its own packing with a margin around it that keeps
    # the actors on the borders (in parallel lanes when there are many) and at the centre clear.
    packings: dict[tuple[str, ...], tuple[list[tuple[float, float]], float, float]] = {}
    need = 2.0 * spacing
    for key, cl in clusters_by_home.items():
        if len(key) == 1 and key[0] in _PRIMARY:
            centres, w, h = _shelf_pack(cl, spacing)
            packings[key] = (centres, w, h)
            need = max(need, w, h)
    border_keys = [k for k in clusters_by_home if len(k) == 2 and _shares_border(k)]
    centre = [c for k, cl in clusters_by_home.items() if _at_centre(k) for c in cl]
    centre_pack = _shelf_pack(centre, spacing)
    centre_ext = math.hypot(centre_pack[1], centre_pack[2]) / 2
    bands: dict[tuple[str, ...], tuple[list[tuple[float, float]], float, float]] = {}
    margin = max(centre_ext, spacing / 2) + spacing / 2
    side = need + 2 * margin
    for _ in range(200):
        usable = max(side - 2 * margin, spacing)
        bands = {bk: _strip_pack(clusters_by_home[bk], usable, 0.0) for bk in border_keys}
        widest_band = max([h for _, _, h in bands.values()] + [0.0])
        new_margin = max(centre_ext, widest_band / 2, spacing / 2) + spacing / 2
        fits = all(w <= side - 2 * new_margin + 1e-9 for _, w, _ in bands.values())
        margin = new_margin
        if fits and need + 2 * margin <= side + 1e-9:
            break
        side = max(need + 2 * margin, side * 1.05)
    band_room = _band_room(border_keys, packings, side, margin, centre_ext, spacing)
    extra_keys = [k for k in _EXTRA_ORDER if (k,) in clusters_by_home]
    extra_packs: dict[str, tuple[list[tuple[float, float]], float, float]] = {}
    for k in extra_keys:
        cl = clusters_by_home[(k,)]
        extra_packs[k] = _strip_pack(cl, 2 * side / max(1, len(extra_keys)), spacing)

    regions: dict[str, Region] = {}
    for rkey in _PRIMARY:
        col, row = REGION_GRID[rkey]
        regions[rkey] = Region(
            rkey,
            ROLE_LABELS[Role(rkey)],
            col * side,
            row * side,
            (col + 1) * side,
            (row + 1) * side,
        )
    strip_h = max([h for _, _, h in extra_packs.values()] + [0.0]) + 2 * spacing
    strip_w = 2 * side / max(1, len(extra_keys))
    for i, k in enumerate(extra_keys):
        regions[k] = Region(k, _EXTRA_LABELS[k], i * strip_w, -strip_h, (i + 1) * strip_w, 0.0)

    positions: dict[str, tuple[float, float]] = {}
    band_regions: dict[str, Region] = {}

    def place(c: _Cluster, cx: float, cy: float) -> None:
        positions[c.root] = (cx, cy)
        for mid, (dx, dy) in zip(c.members, c.offsets, strict=True):
            positions[mid] = (cx + dx, cy + dy)

    for key, cl in clusters_by_home.items():
        if len(key) == 1 and key[0] in _PRIMARY:
            centres, w, h = packings[key]
            r = regions[key[0]]
            ox = r.x0 + (side - w) / 2
            oy = r.y0 + (side - h) / 2
            for c, (x, y) in zip(cl, centres, strict=True):
                place(c, ox + x, oy + y)
        elif len(key) == 1:
            centres, w, h = extra_packs[key[0]]
            r = regions[key[0]]
            ox = r.x0 + (r.x1 - r.x0 - w) / 2
            oy = r.y0 + (r.y1 - r.y0 - h) / 2
            for c, (x, y) in zip(cl, centres, strict=True):
                place(c, ox + x, oy + y)
        elif len(key) == 2 and _shares_border(key):
            ax, ay, bx, by = _border(regions[key[0]], regions[key[1]])
            # along: from the centre where the regions meet out to the figure's edge
            if math.isclose(ax, side) and math.isclose(ay, side):
                ux, uy = (bx - ax) / side, (by - ay) / side
            else:
                ux, uy = (ax - bx) / side, (ay - by) / side
            nx_, ny_ = abs(uy), abs(ux)  # across the border
            lo, hi, half_across = band_room[key]
            cells = _band_cells(cl, hi - lo, 2 * half_across, spacing)
            if cells is None:  # does not fit in a grid: the rows packed above, spread out
                centres, w, h = _spread(cl, bands[key], hi - lo)
                cells = [(x - w / 2, y - h / 2, 1.0) for x, y in centres]
            mid = (lo + hi) / 2
            corners = [
                (side + ux * t + nx_ * d, side + uy * t + ny_ * d)
                for t in (lo, hi)
                for d in (-half_across, half_across)
            ]
            box = (
                min(x for x, _ in corners),
                min(y for _, y in corners),
                max(x for x, _ in corners),
                max(y for _, y in corners),
            )
            band_key = "|".join(key)
            band_label = " and ".join(ROLE_LABELS[Role(k)].removesuffix(" system") for k in key)
            band_regions[band_key] = Region(band_key, band_label, *box)
            for c, (along, across, grow) in zip(cl, cells, strict=True):
                grown = [(dx * grow, dy * grow) for dx, dy in c.offsets]
                t = mid + along
                place(
                    _Cluster(c.root, c.members, grown, c.radius),
                    side + ux * t + nx_ * across,
                    side + uy * t + ny_ * across,
                )
        else:  # the centre where the four regions meet (every such cluster in one packing)
            continue
    centres, w, h = centre_pack
    for c, (x, y) in zip(centre, centres, strict=True):
        place(c, side + x - w / 2, side + y - h / 2)
    return SystemLayout(positions, regions, home, groups, spacing, band_regions)


#: The most of a region's depth an overlap band may take (on each side of the border).
BAND_DEPTH = 0.35

#: How far a group's members may move out from it in a band with room to spare (in rings:
#: 2 = the first ring twice as far out), so a family stays one compact cluster.
BAND_GROW = 2.0


def _band_room(
    border_keys: Sequence[tuple[str, ...]],
    packings: Mapping[tuple[str, ...], tuple[list[tuple[float, float]], float, float]],
    side: float,
    margin: float,
    centre_ext: float,
    spacing: float,
) -> dict[tuple[str, ...], tuple[float, float, float]]:
    """Return each band's room: where it starts and ends along the border, and its half depth.

    A region's own actors are packed about its centre; what lies between that packing and
    the border, less one spacing, can go to the band, up to :data:`BAND_DEPTH` of the
    region's depth (never less than the strip the border already kept clear). Along the
    border, measured from the centre where the four regions meet, a band starts where the
    bands across it and the actors on the centre end, and stops one spacing before the
    figure's edge.
    """

    def depth(key: tuple[str, ...], region: str) -> float:
        centres, w, h = packings.get((region,), ([], 0.0, 0.0))
        extent = (w if _vertical(key) else h) if centres else 0.0
        return (side - extent) / 2 - spacing

    across = {
        key: max(margin - spacing / 2, min(BAND_DEPTH * side, *(depth(key, r) for r in key)))
        for key in border_keys
    }
    out: dict[tuple[str, ...], tuple[float, float, float]] = {}
    for key in border_keys:
        crossing = [across[k] for k in border_keys if _vertical(k) != _vertical(key)]
        start = max([centre_ext, spacing / 2, *crossing]) + spacing / 2
        end = max(side - spacing, start + spacing)
        out[key] = (start, end, across[key])
    return out


def _vertical(key: tuple[str, ...]) -> bool:
    """Return whether the two adjacent regions of ``key`` share a vertical border."""
    return REGION_GRID[key[0]][1] == REGION_GRID[key[1]][1]


def _band_cells(
    clusters: list[_Cluster], length: float, depth: float, spacing: float
) -> list[tuple[float, float, float]] | None:
    """Put a band's clusters on an even grid over the band; None if they do not fit.

    Returns, per cluster, its centre (along, across the border) relative to the band's
    middle and how much its members' rings grow (1 to :data:`BAND_GROW`) to use the cell.
    The grid with the squarest cells wins (the fewest rows on a tie), so a few actors
    spread along the band and a family gets room around it.
    """
    n = len(clusters)
    widest = max(2 * c.radius for c in clusters)
    best: tuple[float, int] | None = None
    for rows in range(1, n + 1):
        cols = math.ceil(n / rows)
        cell = min(length / cols, depth / rows)
        if cell + 1e-9 >= widest and (best is None or cell > best[0] + 1e-9):
            best = (cell, rows)
    if best is None:
        return None
    cell, rows = best
    cols = math.ceil(n / rows)
    out = []
    for i, c in enumerate(clusters):
        row, col = divmod(i, cols)
        in_row = min(cols, n - row * cols)
        along = (col + 0.5) * length / in_row - length / 2
        across = depth / 2 - (row + 0.5) * depth / rows
        ring = c.radius - spacing / 2
        grow = 1.0 if ring <= 0 else min(BAND_GROW, max(1.0, (cell / 2 - spacing / 2) / ring))
        out.append((along, across, grow))
    return out


def _spread(
    clusters: list[_Cluster],
    packing: tuple[list[tuple[float, float]], float, float],
    length: float,
) -> tuple[list[tuple[float, float]], float, float]:
    """Spread a one-row band packing evenly along the band's ``length`` (else keep it).

    The clusters keep their order and size; the room left over is shared out as equal gaps
    around them, so two actors in the same two systems do not sit side by side in the middle
    of a long, empty border.
    """
    centres, w, h = packing
    if len({round(y, 9) for _, y in centres}) != 1 or w >= length:
        return packing
    gap = (length - w) / len(clusters)
    out: list[tuple[float, float]] = []
    x = gap / 2
    for c, (_, y) in zip(clusters, centres, strict=True):
        out.append((x + c.radius, y))
        x += 2 * c.radius + gap
    return out, length, h


def _at_centre(key: tuple[str, ...]) -> bool:
    return all(k in _PRIMARY for k in key) and (
        len(key) > 2 or (len(key) == 2 and not _shares_border(key))
    )


def _shares_border(key: tuple[str, ...]) -> bool:
    (c1, r1), (c2, r2) = REGION_GRID[key[0]], REGION_GRID[key[1]]
    return abs(c1 - c2) + abs(r1 - r2) == 1


def _border(a: Region, b: Region) -> tuple[float, float, float, float]:
    """Return the segment two adjacent regions share."""
    if a.x1 == b.x0 or b.x1 == a.x0:
        x = a.x1 if a.x1 == b.x0 else a.x0
        return (x, max(a.y0, b.y0), x, min(a.y1, b.y1))
    y = a.y1 if a.y1 == b.y0 else a.y0
    return (max(a.x0, b.x0), y, min(a.x1, b.x1), y)


def _strip_pack(
    clusters: list[_Cluster], width: float, spacing: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Pack clusters in rows no wider than ``width`` (for the strip under the four regions)."""
    cells = [2 * c.radius for c in clusters]
    avail = max(width - 2 * spacing, max(cells, default=0.0))
    centres: list[tuple[float, float]] = []
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(cells):
        if rows[-1] and used + w > avail + 1e-9:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += w
    heights = [max(cells[i] for i in row) for row in rows]
    total_h = sum(heights)
    top = total_h
    pos: dict[int, tuple[float, float]] = {}
    widest = 0.0
    for row, h in zip(rows, heights, strict=True):
        x = 0.0
        for i in row:
            pos[i] = (x + cells[i] / 2, top - h / 2)
            x += cells[i]
        widest = max(widest, x)
        top -= h
    centres = [pos[i] for i in range(len(clusters))]
    return centres, widest, total_h


# ---------------------------------------------------------------------- routing the ties
#: How many points a curved tie is drawn with (the figures and the map draw these points).
CURVE_POINTS = 17


def _clear(line: np.ndarray, xy: np.ndarray, need: np.ndarray, skip: tuple[int, int]) -> bool:
    """Return whether the polyline keeps at least ``need[i]`` from every node but ``skip``."""
    return bool(_gaps(line[None], xy, need, skip)[0] >= 0)


def _basis(degree: int, n: int) -> np.ndarray:
    """Return the ``n x (degree + 1)`` Bernstein matrix: curve points = basis @ controls."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    k = np.arange(degree + 1)[None, :]
    coef = np.array([math.comb(degree, int(i)) for i in range(degree + 1)])[None, :]
    out: np.ndarray = coef * t**k * (1 - t) ** (degree - k)
    return out


#: Bernstein matrices of the quadratic and cubic curves, by degree.
_BASIS = {d: _basis(d, CURVE_POINTS) for d in (2, 3)}


def route_ties(
    positions: Mapping[str, Point],
    pairs: Sequence[tuple[str, str]],
    *,
    clearance: float | Mapping[str, float],
    bounds: tuple[float, float, float, float] | None = None,
) -> list[list[Point]]:
    """Route each tie so that it passes no actor but its own two ends.

    A tie is drawn straight when the straight line keeps ``clearance`` from the centre of every
    other actor. Otherwise it bends: a curve (a quadratic Bezier, then an S-shaped cubic one)
    bulging to either side by growing amounts, the least bent curve that keeps clear wins. A
    tie no curve can clear keeps the curve that comes least close (never seen on the examples or
    on generated 100- and 300-actor cases; the figure tests check it). Because no line comes
    near a foreign actor, no line can lie on top of another: two collinear, overlapping lines
    would each pass through an end of the other.

    Parameters
    ----------
    positions : mapping
        Actor id -> ``(x, y)``, in any units with the same scale on both axes.
    pairs : sequence of (str, str)
        The ties to route, as ``(source, target)`` actor ids.
    clearance : float or mapping
        The distance a line must keep from an actor's centre (its drawn radius plus half the
        line's width plus a margin), the same for all or per actor id.
    bounds : (x0, y0, x1, y1), optional
        Curves must stay inside this box.

    Returns
    -------
    list of list of (x, y)
        One path per pair, in the order given: two points (straight) or
        :data:`CURVE_POINTS` points along a curve, plain floats (JSON-able).

    Examples
    --------
    >>> pos = {"a": (0.0, 0.0), "b": (2.0, 0.0), "c": (1.0, 0.0), "d": (1.0, 3.0)}
    >>> straight, bent = route_ties(pos, [("c", "d"), ("a", "b")], clearance=0.3)
    >>> straight
    [(1.0, 0.0), (1.0, 3.0)]
    >>> len(bent), min(abs(y) for _, y in bent[7:10]) >= 0.3  # around c, not through it
    (17, True)
    """
    ids = list(positions)
    index = {a: i for i, a in enumerate(ids)}
    xy = np.array([positions[a] for a in ids], dtype=float).reshape(-1, 2)
    if isinstance(clearance, Mapping):
        need = np.array([float(clearance[a]) for a in ids], dtype=float)
    else:
        need = np.full(len(ids), float(clearance))
    out: list[list[Point]] = []
    for s, t in pairs:
        i, j = index[s], index[t]
        a, b = xy[i], xy[j]
        straight = np.array([a, b])
        if _clear(straight, xy, need, (i, j)):
            out.append([(float(a[0]), float(a[1])), (float(b[0]), float(b[1]))])
            continue
        out.append(_curve(a, b, _Field(xy, need, (i, j), bounds)))
    return out


class _Field(NamedTuple):
    """What a tie must keep clear of: actor centres, their clearances, its own two ends."""

    xy: np.ndarray
    need: np.ndarray
    skip: tuple[int, int]
    bounds: tuple[float, float, float, float] | None


def _curve(a: np.ndarray, b: np.ndarray, field: _Field) -> list[Point]:
    """Return the least bent curve from ``a`` to ``b`` that keeps clear (see route_ties)."""
    xy, need, skip, bounds = field
    length = float(np.hypot(*(b - a)))
    if length == 0.0:
        return [(float(a[0]), float(a[1])), (float(b[0]), float(b[1]))]
    normal = np.array([-(b - a)[1], (b - a)[0]]) / length
    step = max(float(need.max()), length * 0.04)
    sizes = sorted(
        {round(step * k, 9) for k in range(1, 13)} | {length * f for f in (0.2, 0.35, 0.5)}
    )
    hs = np.array(sizes)
    signs = np.array([1.0, -1.0])
    # quadratic curves, bulging to either side (the middle lies half as far out as the control)
    q_cost = np.repeat(hs, 2)
    q_ctrl = (a + b) / 2 + (np.outer(np.repeat(hs, 2) * np.tile(signs, len(hs)) * 2, normal))
    quad = _BASIS[2] @ np.stack(
        [np.broadcast_to(a, q_ctrl.shape), q_ctrl, np.broadcast_to(b, q_ctrl.shape)], axis=1
    )
    # cubic curves: both bulges to one side, or an S
    h8 = hs[:8]
    h1, h2, s1, s2 = (x.ravel() for x in np.meshgrid(h8, h8, signs, signs, indexing="ij"))
    c_cost = 1.2 * np.maximum(h1, h2) + 0.1 * np.minimum(h1, h2)
    p1 = a + (b - a) / 3 + np.outer(s1 * 1.5 * h1, normal)
    p2 = a + 2 * (b - a) / 3 + np.outer(s2 * 1.5 * h2, normal)
    ends_a, ends_b = np.broadcast_to(a, p1.shape), np.broadcast_to(b, p1.shape)
    cubic = _BASIS[3] @ np.stack([ends_a, p1, p2, ends_b], axis=1)
    cost = np.concatenate([q_cost, c_cost])
    lines = np.concatenate([quad, cubic])[np.argsort(cost, kind="stable")]
    if bounds is not None:
        inside = (
            (lines[..., 0].min(1) >= bounds[0])
            & (lines[..., 1].min(1) >= bounds[1])
            & (lines[..., 0].max(1) <= bounds[2])
            & (lines[..., 1].max(1) <= bounds[3])
        )
        lines = lines[inside]
    for chunk in range(0, len(lines), 64):
        gaps = _gaps(lines[chunk : chunk + 64], xy, need, skip)
        ok = np.nonzero(gaps >= 0)[0]
        if len(ok):
            return [(float(x), float(y)) for x, y in lines[chunk + int(ok[0])]]
    detour = _detour(a, b, field, step)
    if detour is None:
        detour = _grid_route(a, b, field)
    if detour is not None:
        return detour
    best = lines[int(np.argmax(_gaps(lines, xy, need, skip)))] if len(lines) else np.array([a, b])
    return [(float(x), float(y)) for x, y in best]


def _gaps(lines: np.ndarray, xy: np.ndarray, need: np.ndarray, skip: tuple[int, int]) -> np.ndarray:
    """Return, per polyline (k x m x 2), the smallest ``distance - need`` over foreign actors.

    Only the actors inside the lines' bounding box (grown by the largest clearance) are
    measured; x and y are kept apart and distances squared until the minimum is known (this
    is the routing's inner loop).
    """
    if not len(lines):
        return np.zeros(0)
    pts = lines.reshape(-1, 2)
    lo = pts.min(0) - need.max()
    hi = pts.max(0) + need.max()
    near = np.nonzero(
        (xy[:, 0] >= lo[0]) & (xy[:, 0] <= hi[0]) & (xy[:, 1] >= lo[1]) & (xy[:, 1] <= hi[1])
    )[0]
    near = near[(near != skip[0]) & (near != skip[1])]
    if not len(near):
        return np.full(len(lines), math.inf)
    # k x n x s arrays below: a few lines at a time, so that memory stays small however many
    # lines and actors (a 5,000-actor map took gigabytes here)
    step = max(1, _GAPS_BUDGET // (len(near) * (lines.shape[1] - 1)))
    if len(lines) > step:
        return np.concatenate(
            [_gaps_near(lines[k : k + step], xy, need, near) for k in range(0, len(lines), step)]
        )
    return _gaps_near(lines, xy, need, near)


#: Most elements of one of :func:`_gaps`'s temporary arrays (lines x actors x segments).
_GAPS_BUDGET = 1 << 20


def _gaps_near(lines: np.ndarray, xy: np.ndarray, need: np.ndarray, near: np.ndarray) -> np.ndarray:
    """Return :func:`_gaps` of ``lines`` over the actors ``near`` (indexes into ``xy``)."""
    ax, ay = lines[:, None, :-1, 0], lines[:, None, :-1, 1]  # k x 1 x s
    abx, aby = lines[:, None, 1:, 0] - ax, lines[:, None, 1:, 1] - ay
    ab2 = np.maximum(abx * abx + aby * aby, 1e-18)
    px, py = xy[near, 0][None, :, None], xy[near, 1][None, :, None]  # 1 x n x 1
    apx, apy = px - ax, py - ay  # k x n x s
    t = apx * abx
    t += apy * aby
    t /= ab2
    np.clip(t, 0.0, 1.0, out=t)
    apx -= t * abx
    apy -= t * aby
    apx *= apx
    apy *= apy
    apx += apy
    d = np.sqrt(apx.min(axis=2))  # k x n
    gaps: np.ndarray = (d - need[near][None, :]).min(axis=1)
    return gaps


def _detour(a: np.ndarray, b: np.ndarray, field: _Field, step: float) -> list[Point] | None:
    """Return a path of straight legs through one or two free waypoints, or None.

    The waypoints are the points of a grid around the two ends (``step`` apart) that no actor's
    clearance covers; the shortest clear path wins. For long ties through a crowded map, where
    no single curve can thread between the actors.
    """
    xy, need, skip, bounds = field
    lo = np.minimum(a, b) - 6 * step
    hi = np.maximum(a, b) + 6 * step
    if bounds is not None:
        lo = np.maximum(lo, [bounds[0], bounds[1]])
        hi = np.minimum(hi, [bounds[2], bounds[3]])
    n = int(min(40, max(4, np.ceil((hi - lo).max() / step))))
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    # only the actors whose clearance can reach the grid can cover a point of it
    reach = 1.05 * float(need.max())
    near = np.nonzero(np.all((xy >= lo - reach) & (xy <= hi + reach), axis=1))[0]
    keep = np.ones(len(grid), dtype=bool)
    far = (need[None, near] * 1.05) ** 2
    rows = max(1, _GAPS_BUDGET // max(1, len(near)))  # grid points x actors, a block at a time
    for k in range(0, len(grid), rows):
        dx = grid[k : k + rows, 0, None] - xy[None, near, 0]
        dy = grid[k : k + rows, 1, None] - xy[None, near, 1]
        keep[k : k + rows] = np.all(dx * dx + dy * dy >= far, axis=1)
    free = grid[keep]
    if not len(free):
        return None

    def legs_clear(p: np.ndarray, qs: np.ndarray) -> np.ndarray:
        lines = np.stack([np.broadcast_to(p, qs.shape), qs], axis=1)
        return _gaps(lines, xy, need, skip) >= 0

    from_a = legs_clear(a, free)
    to_b = legs_clear(b, free)
    one = np.nonzero(from_a & to_b)[0]
    if len(one):
        length = np.hypot(*(free[one] - a).T) + np.hypot(*(free[one] - b).T)
        w = free[one[int(np.argmin(length))]]
        return [(float(a[0]), float(a[1])), (float(w[0]), float(w[1])), (float(b[0]), float(b[1]))]
    starts, ends = free[from_a], free[to_b]
    if not len(starts) or not len(ends):
        return None
    # Two waypoints: the 60 starts and 60 ends that make the shortest detours, every pairing
    # tested in one go (shortest clear path wins). One vectorised test instead of one per start:
    # this took most of the time of a 300-actor factions figure.
    starts = starts[np.argsort(np.hypot(*(starts - a).T) + np.hypot(*(starts - b).T))][:60]
    ends = ends[np.argsort(np.hypot(*(ends - a).T) + np.hypot(*(ends - b).T))][:60]
    w1s = np.repeat(starts, len(ends), axis=0)
    w2s = np.tile(ends, (len(starts), 1))
    total = np.hypot(*(w1s - a).T) + np.hypot(*(w2s - w1s).T) + np.hypot(*(w2s - b).T)
    order = np.argsort(total, kind="stable")
    for chunk in range(0, len(order), 512):
        pick = order[chunk : chunk + 512]
        ok = _gaps(np.stack([w1s[pick], w2s[pick]], axis=1), xy, need, skip) >= 0
        if ok.any():
            k = int(pick[int(np.argmax(ok))])
            return [(float(p[0]), float(p[1])) for p in (a, w1s[k], w2s[k], b)]
    return None


def _grid_route(
    a: np.ndarray, b: np.ndarray, field: _Field, cells: int = 220
) -> list[Point] | None:
    """Return a shortest path through the free cells of a grid, pulled taut, or None.

    The last resort for a long tie through a crowded map: a grid over the two ends (with room
    around them) whose cells no actor's clearance covers, the shortest 8-connected path from
    ``a`` to ``b`` through them (Dijkstra), then straightened -- each leg runs to the furthest
    later point it can reach without coming near an actor.
    """
    xy, need, skip, bounds = field
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    room = 0.25 * float(np.hypot(*(b - a))) + 4 * float(need.max())
    lo, hi = np.minimum(a, b) - room, np.maximum(a, b) + room
    if bounds is not None:
        lo = np.maximum(lo, [bounds[0], bounds[1]])
        hi = np.minimum(hi, [bounds[2], bounds[3]])
    cell = float((hi - lo).max()) / cells
    nx_ = int((hi[0] - lo[0]) / cell) + 1
    ny_ = int((hi[1] - lo[1]) / cell) + 1
    gx, gy = np.meshgrid(lo[0] + cell * np.arange(nx_), lo[1] + cell * np.arange(ny_))
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    others = np.ones(len(xy), dtype=bool)
    others[list(skip)] = False
    # Mark the cells each actor's clearance covers: only the block of cells around it is
    # measured (the grid is regular), not every cell for every actor.
    blocked = np.zeros((ny_, nx_), dtype=bool)
    for i in np.nonzero(others)[0]:
        r = need[i] + cell
        x, y = xy[i]
        i0, i1 = max(0, int((x - r - lo[0]) / cell)), min(nx_, int((x + r - lo[0]) / cell) + 2)
        j0, j1 = max(0, int((y - r - lo[1]) / cell)), min(ny_, int((y + r - lo[1]) / cell) + 2)
        if i0 >= i1 or j0 >= j1:
            continue
        bx = gx[j0:j1, i0:i1] - x
        by = gy[j0:j1, i0:i1] - y
        blocked[j0:j1, i0:i1] |= bx * bx + by * by < r * r
    free = ~blocked.ravel()
    idx = np.arange(len(pts)).reshape(ny_, nx_)
    rows, cols, wts = [], [], []
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        src = idx[max(0, -dy) : ny_ - max(0, dy), max(0, -dx) : nx_ - max(0, dx)]
        dst = idx[max(0, dy) : ny_ + min(0, dy) or None, max(0, dx) : nx_ + min(0, dx) or None]
        src, dst = src.ravel(), dst.ravel()
        ok = free[src] & free[dst]
        rows.append(src[ok])
        cols.append(dst[ok])
        wts.append(np.full(int(ok.sum()), math.hypot(dx, dy)))
    graph = coo_matrix(
        (np.concatenate(wts), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(pts), len(pts)),
    ).tocsr()

    def nearest_free(p: np.ndarray) -> int | None:
        cand = np.nonzero(free)[0]
        if not len(cand):
            return None
        d = ((pts[cand] - p) ** 2).sum(1)
        for k in cand[np.argsort(d)][:30]:  # the nearest free cell the end can see
            if _clear(np.array([p, pts[k]]), xy, need, skip):
                return int(k)
        return None

    start, goal = nearest_free(a), nearest_free(b)
    if start is None or goal is None:
        return None
    _, pred = dijkstra(graph, directed=False, indices=start, return_predecessors=True)
    if pred[goal] < 0 and goal != start:
        return None
    chain = [goal]
    while chain[-1] != start:
        chain.append(int(pred[chain[-1]]))
    walk = [a, *pts[chain[::-1]], b]
    taut = [walk[0]]
    at = 0
    while at < len(walk) - 1:
        to = len(walk) - 1
        while to > at + 1 and not _clear(np.array([walk[at], walk[to]]), xy, need, skip):
            to -= 1
        taut.append(walk[to])
        at = to
    return [(float(p[0]), float(p[1])) for p in taut]
