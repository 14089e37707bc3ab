"""Geometry of what a figure drew: which lines pass over actors they do not belong to.

A line "passes through" an actor when some point of the drawn path, minus half the line's
width, comes within the actor's drawn radius plus a margin of the actor's centre, and the actor
is not one of the line's two ends. Everything is measured in display pixels, on the artists the
figure holds (the paths of the tie collections and the offsets and sizes of the node markers).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

#: Line collections that draw ties (relationships, likely-conflict overlays, signed ties).
TIE_PREFIXES = ("edges:", "ties:", "overlay:")
#: Clear space asked for between a line's edge and a foreign node's rim, in points.
MARGIN_PT = 1.5


def point_polyline_distance(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Return, for each point (n x 2), its distance to the polyline (m x 2, m >= 2)."""
    a = line[:-1][None, :, :]
    b = line[1:][None, :, :]
    p = points[:, None, :]
    ab = b - a
    denom = np.maximum((ab**2).sum(-1), 1e-12)
    t = np.clip(((p - a) * ab).sum(-1) / denom, 0.0, 1.0)
    near = a + t[..., None] * ab
    d: np.ndarray = np.sqrt(((p - near) ** 2).sum(-1)).min(axis=1)
    return d


def crossings(
    nodes: Sequence[tuple[str, float, float, float]],
    lines: Iterable[tuple[str, np.ndarray, float]],
    *,
    margin: float,
) -> list[tuple[str, str]]:
    """Return ``(line name, node id)`` for every line passing over a node that is not its end.

    ``nodes`` are ``(id, x, y, radius)``; ``lines`` are ``(name, vertices, half width)``; the
    ends of a line are the nodes nearest its first and last vertex.
    """
    if not nodes:
        return []
    ids = [n[0] for n in nodes]
    xy = np.array([[n[1], n[2]] for n in nodes], dtype=float)
    rad = np.array([n[3] for n in nodes], dtype=float)
    out = []
    for name, verts, half in lines:
        if len(verts) < 2:
            continue
        ends = {
            int(np.argmin(((xy - verts[0]) ** 2).sum(1))),
            int(np.argmin(((xy - verts[-1]) ** 2).sum(1))),
        }
        lo, hi = verts.min(0) - rad.max() - half - margin, verts.max(0) + rad.max() + half + margin
        near = np.nonzero(np.all((xy >= lo) & (xy <= hi), axis=1))[0]
        near = np.array([i for i in near if i not in ends], dtype=int)
        if not len(near):
            continue
        d = point_polyline_distance(xy[near], verts)
        for i, dist in zip(near, d, strict=True):
            if dist - half < rad[i] + margin:
                out.append((name, ids[i]))
    return out


def figure_crossings(fig: Any, *, margin_pt: float = MARGIN_PT) -> list[tuple[str, str]]:
    """Return every (line, actor) crossing in every axes of a Matplotlib figure."""
    fig.canvas.draw()
    px = fig.dpi / 72.0
    out = []
    for ax in fig.axes:
        nodes: list[tuple[str, float, float, float]] = []
        lines: list[tuple[str, np.ndarray, float]] = []
        trans = ax.transData
        for coll in ax.collections:
            gid = coll.get_gid() or ""
            ids = getattr(coll, "ecograph_ids", None)
            if gid.startswith("nodes") and ids is not None and gid != "nodes:also-optional":
                offs = trans.transform(np.asarray(coll.get_offsets(), dtype=float))
                sizes = np.asarray(coll.get_sizes(), dtype=float)
                for j, aid in enumerate(ids):
                    s = sizes[j % len(sizes)]
                    nodes.append((str(aid), offs[j][0], offs[j][1], math.sqrt(s) / 2 * px))
            elif gid.startswith(TIE_PREFIXES):
                widths = list(coll.get_linewidths()) or [1.0]
                for j, path in enumerate(coll.get_paths()):
                    verts = trans.transform(np.asarray(path.vertices, dtype=float))
                    half = widths[j % len(widths)] / 2 * px
                    lines.append((f"{gid}#{j}", verts, half))
        out += crossings(nodes, lines, margin=margin_pt * px)
    return out
