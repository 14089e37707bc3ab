"""The power-interest grid: each actor's power against its stance on the case's goals.

The vertical axis is the actor's power (0..1, as recorded). The horizontal axis is its stance
on the goals of the change effort, -1 (the goals threaten its interests) to +1 (it supports
them): the mean of its stances weighted by how much each goal matters to it. Marker size is
that weight (interest: how much the goals matter). The quadrants name what the model advises:
powerful opponents are the target system the change depends on; powerful supporters are allies
for the action system; weak supporters can be mobilised; weak opponents watched.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ecograph.graph import EcoGraph
from ecograph.model import PRIMARY_ROLES, Role
from ecograph.plot._common import (
    SYSTEM_INK,
    add_caption,
    add_title,
    new_axes,
    place_labels,
    short,
    system_label,
)

__all__ = ["plot_power", "stance_of"]

_MARK = {
    Role.CHANGE_AGENT: "D",
    Role.CLIENT: "o",
    Role.TARGET: "s",
    Role.ACTION: "^",
    Role.PROFESSIONAL: "P",
    Role.PROBLEM_IDENTIFICATION: "X",
    None: "v",
}


def stance_of(
    graph: EcoGraph, actor_id: str, goal: str | None = None
) -> tuple[float, float] | None:
    """Return ``(stance, interest)`` of an actor on the goals, or None if it has no stance.

    ``stance`` is the weighted mean of its stances (-1..1); ``interest`` the mean weight (0..1).

    Examples
    --------
    >>> import ecograph
    >>> g = ecograph.load_graph("examples/child-protection.yaml")
    >>> stance_of(g, "roberta")
    (0.2, 1.0)
    >>> stance_of(g, "baby") is None
    True
    """
    goals = [graph.goal(goal)] if goal is not None else graph.goals()
    got = [s for g in goals if (s := g.stance_of(actor_id)) is not None]
    if not got:
        return None
    total = sum(s.weight for s in got)
    interest = total / len(got)
    if total == 0:
        return (0.0, 0.0)
    return (round(sum(s.stance * s.weight for s in got) / total, 6), round(interest, 6))


def _system(roles: set[Role]) -> Role | None:
    for r in (*PRIMARY_ROLES, Role.PROBLEM_IDENTIFICATION, Role.PROFESSIONAL):
        if r in roles:
            return r
    return None


def plot_power(
    graph: EcoGraph,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    as_of: dt.date | None = None,
    goal: str | None = None,
    figsize: tuple[float, float] = (12.5, 8.5),
) -> Figure:
    """Draw the power-interest grid: power against stance on the case's goals.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    ax : Axes, optional
        Draw into these axes; a new figure otherwise.
    seed : int
        Spreads actors that share the very same point (deterministic for a seed).
    as_of : date, optional
        Accepted for the common signature (power and stances are not dated).
    goal : str, optional
        One goal's id; by default all goals, weighted.
    figsize : (float, float)
        Inches.

    Returns
    -------
    Figure

    Examples
    --------
    >>> import ecograph
    >>> fig = plot_power(ecograph.load_graph("examples/child-protection.yaml"))
    >>> fig.axes[0].get_xlabel()
    'stance on the goals (-1 opposes ... +1 supports)'
    """
    import numpy as np

    del as_of
    fig, ax = new_axes(ax, figsize)
    fig.subplots_adjust(left=0.07, right=0.76, top=0.9, bottom=0.12)
    roles = graph.effective_roles()
    actors = graph.actors()
    rng = np.random.default_rng(seed)
    pts: dict[str, tuple[float, float]] = {}
    sizes: dict[str, float] = {}
    no_stance: list[str] = []
    seen: dict[tuple[float, float], int] = {}
    for a in actors:
        st = stance_of(graph, a.id, goal)
        if st is None:
            no_stance.append(a.id)
            x, interest = 0.0, 0.0
        else:
            x, interest = st
        key = (round(x, 3), round(a.power, 3))
        k = seen.get(key, 0)
        seen[key] = k + 1
        if k:  # the same point again: nudge it so both stay visible
            angle = rng.uniform(0, 2 * np.pi)
            x += 0.035 * k * float(np.cos(angle))
        pts[a.id] = (x, a.power + (0.02 * k * float(np.sin(rng.uniform(0, 6.3))) if k else 0))
        sizes[a.id] = 5 + 9 * interest

    ax.axhspan(0.5, 1.08, xmin=0, xmax=0.5, color="#F9DED3", alpha=0.6, zorder=0)
    ax.axhspan(0.5, 1.08, xmin=0.5, xmax=1, color="#D9F0E6", alpha=0.6, zorder=0)
    ax.axhspan(-0.08, 0.5, xmin=0.5, xmax=1, color="#FCF3C8", alpha=0.5, zorder=0)
    ax.axhspan(-0.08, 0.5, xmin=0, xmax=0.5, color="#EFEFEF", alpha=0.6, zorder=0)
    ax.axhline(0.5, color="#777777", lw=0.8, zorder=1)
    ax.axvline(0.0, color="#777777", lw=0.8, zorder=1)
    quads = [
        (-1.07, 1.06, "powerful opponents: the change depends on them", "left", "top"),
        (1.07, 1.06, "powerful supporters: allies", "right", "top"),
        (1.07, -0.06, "supporters with little power: mobilise", "right", "bottom"),
        (-1.07, -0.06, "opponents with little power: watch", "left", "bottom"),
    ]
    obstacles = []
    ax.set_xlim(-1.1, 1.1)
    ax.set_ylim(-0.08, 1.08)
    from ecograph.plot._common import renderer_of

    renderer = renderer_of(fig)
    for x, y, words, ha, va in quads:
        t = ax.text(x, y, words, ha=ha, va=va, fontsize=9, color="#444444", style="italic")
        t.set_gid("quadrant")
        obstacles.append(t.get_window_extent(renderer))

    by_system: dict[Role | None, list[str]] = {}
    for a in actors:
        by_system.setdefault(_system(roles[a.id]), []).append(a.id)
    for role, ids in by_system.items():
        coll = ax.scatter(
            [pts[i][0] for i in ids],
            [pts[i][1] for i in ids],
            s=[sizes[i] ** 2 for i in ids],
            marker=_MARK[role],
            c=[SYSTEM_INK[role] if i not in no_stance else "white" for i in ids],
            edgecolors=SYSTEM_INK[role],
            linewidths=1.2,
            zorder=4,
            label=system_label(role),
        )
        coll.set_gid(f"actors:{role.value if role else 'none'}")
        coll.ecograph_ids = ids  # type: ignore[attr-defined]

    # A second primary system (a mandated client who is also the target): a ring in its colour.
    second: dict[Role, list[str]] = {}
    for a in actors:
        held = [r for r in PRIMARY_ROLES if r in roles[a.id]]
        if len(held) > 1:
            second.setdefault(held[1], []).append(a.id)
    for role, ids in second.items():
        ring = ax.scatter(
            [pts[i][0] for i in ids],
            [pts[i][1] for i in ids],
            s=[(sizes[i] + 6) ** 2 for i in ids],
            marker="o",
            facecolors="none",
            edgecolors=SYSTEM_INK[role],
            linewidths=2.0,
            zorder=3.9,
        )
        ring.set_gid(f"also:{role.value}")
        ring.ecograph_ids = ids  # type: ignore[attr-defined]

    order = sorted(pts, key=lambda i: (-graph.actor(i).power, i))
    names = {a.id: a.name for a in actors}
    _, hidden = place_labels(
        ax,
        [pts[i] for i in order],
        [short(names[i], 22) for i in order],
        radii_pt=[sizes[i] / 2 + 4 for i in order],
        gids=[f"label:{i}" for i in order],
        obstacles=obstacles,
        fontsize=8.5 if len(actors) <= 30 else 7.5,
        max_steps=10,
        leaders=True,
    )
    handles: list[Any] = list(ax.get_legend_handles_labels()[0])
    handles += [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            mfc="none",
            mec=SYSTEM_INK[r],
            mew=2.0,
            ms=13,
            label=f"ring: also {system_label(r)}",
        )
        for r in second
    ]
    handles += [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            mfc="#999999",
            mec="#999999",
            ms=5 + 9 * w,
            label=f"goals matter {w:g}",
        )
        for w in (0.25, 1.0)
    ]
    if no_stance:
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                mfc="white",
                mec="#555555",
                ms=8,
                label="no stance recorded\n(drawn at 0)",
            )
        )
    leg = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=9,
        frameon=False,
        title="System (shape)",
        labelspacing=1.1,
    )
    leg.set_gid("legend")
    ax.set_xlabel("stance on the goals (-1 opposes ... +1 supports)")
    ax.set_ylabel("power (0 no say ... 1 decides alone)")
    which = f"goal {goal!r}" if goal else f"all {len(graph.goals())} goals, weighted"
    add_title(ax, f"{graph.title}: power and stance", which)
    words = (
        "Each actor at its power (up) and its stance on the case's goals (right = supports, "
        "left = opposes); marker shape = system, marker size = how much the goals matter to it."
    )
    if no_stance:
        words += f" {len(no_stance)} actor(s) with no stance recorded are hollow, at 0."
    if hidden:
        words += f" {len(hidden)} name(s) left out where they would overlap."
    add_caption(fig, words, adjust=False)
    return fig
