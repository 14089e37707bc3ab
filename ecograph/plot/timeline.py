"""Each relationship's type and strength over the case's dated history, one row per pair.

A bar runs from each observation to the next: its colour and hatch give the dominant type
(cooperation, agreement, conflict), its thickness the strength. A black step line inside each
row traces the conflict share of the mix (bottom of the row = none, top = all), so a drift
toward conflict shows as a line climbing to the right. A black cross marks a termination
(``ended``); vertical lines mark agreements (contracts) coming into force. Relationships with
no dated history are shown as pale bars across the whole period, labelled "no dated history"
(``undated=False`` leaves them out and the caption says how many).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ecograph.graph import EcoGraph
from ecograph.model import Observation, Relationship, RelationType
from ecograph.plot._common import TYPE_STYLE, add_caption, add_title, new_axes, short

__all__ = ["plot_timeline", "timeline_rows", "drift", "num"]

_BASIS_WORDS = {
    "culture": "culture",
    "compromise": "compromise",
    "exchange": "exchange",
    "authority_redistribution": "authority redistribution",
    "law": "law",
}


def num(day: dt.date) -> float:
    """Return Matplotlib's number for a date."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def drift(rel: Relationship) -> float:
    """Return the change of the conflict share from the first to the last shared observation.

    Positive: the relationship drifted toward conflict. 0 without (enough) history.

    Examples
    --------
    >>> import datetime as dt
    >>> r = Relationship(source="a", target="b", history=[
    ...     Observation(date=dt.date(2026, 1, 1), type="cooperation"),
    ...     Observation(date=dt.date(2026, 2, 1), type="conflict")])
    >>> drift(r)
    1.0
    """
    shared = [o for o in rel.sorted_history() if o.perceived_by is None]
    if len(shared) < 2:
        return 0.0
    first = shared[0].effective_mix().weights()[RelationType.CONFLICT]
    last = shared[-1].effective_mix().weights()[RelationType.CONFLICT]
    return float(last - first)


def timeline_rows(graph: EcoGraph) -> list[Relationship]:
    """Return the relationships in drawing order: dated ones by first date, then undated."""
    dated = [r for r in graph.relationships() if r.history]
    undated = [r for r in graph.relationships() if not r.history]
    dated.sort(key=lambda r: (r.sorted_history()[0].date, r.key))
    undated.sort(key=lambda r: r.key)
    return dated + undated


def _span(graph: EcoGraph) -> tuple[dt.date, dt.date]:
    dates = [o.date for r in graph.relationships() for o in r.history]
    dates += [d for ag in graph.agreements() for d in (ag.start, ag.end) if d is not None]
    start = graph.meta.get("start") or (min(dates) if dates else None)
    end = graph.meta.get("end") or (max(dates) if dates else None)
    if start is None or end is None:
        today = dt.date.today()
        start, end = today - dt.timedelta(days=30), today
    if dates:
        start, end = min(start, min(dates)), max(end, max(dates))
    if end <= start:
        end = start + dt.timedelta(days=30)
    return start, end


def plot_timeline(
    graph: EcoGraph,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    as_of: dt.date | None = None,
    figsize: tuple[float, float] | None = None,
    undated: bool | None = None,
) -> Figure:
    """Draw each relationship's type and strength over time, one row per pair.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    ax : Axes, optional
        Draw into these axes; a new figure otherwise.
    seed : int
        Accepted for the common signature (nothing here is random).
    as_of : date, optional
        Mark this date with a vertical line and grey out what comes after it.
    figsize : (float, float), optional
        Inches; grows with the number of rows by default.
    undated : bool, optional
        Also draw relationships with no dated history (pale bars marked "no dated history");
        default yes. With ``False`` the caption says how many were left out.

    Returns
    -------
    Figure

    Examples
    --------
    >>> import ecograph
    >>> fig = plot_timeline(ecograph.load_graph("examples/child-protection.yaml"))
    >>> len(fig.axes[0].get_yticklabels()) == len(
    ...     ecograph.load_graph("examples/child-protection.yaml").relationships())
    True
    """
    del seed
    rows = timeline_rows(graph)
    n_undated = sum(1 for r in rows if not r.history)
    if undated is None:
        undated = True
    left_out = 0 if undated else n_undated
    if not undated:
        rows = [r for r in rows if r.history]
    names = {a.id: short(a.name, 28, lines=1) for a in graph.actors()}
    row_words = [f"{names[r.source]} - {names[r.target]}" for r in rows]
    longest = max([len(w) for w in row_words] + [10])
    if any(drift(r) > 0.2 for r in rows):
        longest += 22  # room for "drift to conflict"
    label_in = longest * 8.5 * 0.55 / 72 + 0.3
    if figsize is None:
        figsize = (max(14.0, 10.5 + label_in), max(4.5, 2.2 + 0.42 * len(rows)))
    fig, ax = new_axes(ax, figsize)
    start, end = _span(graph)
    pad = dt.timedelta(days=max(3, (end - start).days // 40))
    x_end = end + pad

    counts = {k: 0 for k in RelationType}
    ended_marks = 0
    drifting = 0
    drifted: set[str] = set()
    for i, rel in enumerate(rows):
        y = len(rows) - 1 - i
        if rel.history:
            every = rel.sorted_history()
            obs = [o for o in every if o.perceived_by is None] or every
            segments: list[tuple[Observation, dt.date]] = []
            for j, o in enumerate(obs):
                nxt = obs[j + 1].date if j + 1 < len(obs) else x_end
                segments.append((o, nxt))
            xs: list[float] = []
            ys: list[float] = []
            for o, nxt in segments:
                kind = o.dominant()
                style = TYPE_STYLE[kind]
                if o.ended:
                    ax.plot(num(o.date), y, marker="X", ms=10, color="black", zorder=5, ls="")[
                        0
                    ].set_gid("ended")
                    ended_marks += 1
                    xs += [num(o.date)]
                    ys += [y - 0.33 + 0.66 * o.effective_mix().weights()[RelationType.CONFLICT]]
                    continue
                h = 0.15 + 0.65 * o.strength
                bar = Rectangle(
                    (num(o.date), y - h / 2),
                    num(nxt) - num(o.date),
                    h,
                    fc=style.colour,
                    ec="white",
                    hatch=style.hatch,
                    lw=0.6,
                    alpha=0.9,
                    zorder=2,
                )
                bar.set_gid(f"bar:{kind.value}")
                ax.add_patch(bar)
                counts[kind] += 1
                c = o.effective_mix().weights()[RelationType.CONFLICT]
                xs += [num(o.date), num(nxt)]
                ys += [y - 0.33 + 0.66 * c] * 2
            (line,) = ax.plot(xs, ys, color="black", lw=1.3, zorder=4, drawstyle="default")
            line.set_gid("conflict-share")
            if drift(rel) > 0.2:
                drifting += 1
                drifted.add(rel.key)
            for o in rel.sorted_history():
                if o.perceived_by is not None:
                    ax.plot(
                        num(o.date),
                        y + 0.42,
                        marker="v",
                        ms=6,
                        ls="",
                        color=TYPE_STYLE[o.dominant()].colour,
                        mec="black",
                        mew=0.5,
                        zorder=5,
                    )[0].set_gid("perceived")
        else:
            st = rel.state()
            if st is None:  # mandated, no state known yet
                continue
            style = TYPE_STYLE[st.type]
            h = 0.15 + 0.65 * st.strength
            bar = Rectangle(
                (num(start), y - h / 2),
                num(x_end) - num(start),
                h,
                fc=style.colour,
                ec="white",
                hatch=style.hatch,
                lw=0.6,
                alpha=0.35,
                zorder=2,
            )
            bar.set_gid(f"bar:{st.type.value}")
            ax.add_patch(bar)
            counts[st.type] += 1
            ax.text(
                num(start) + 2, y, "no dated history", fontsize=7.5, va="center", color="#333333"
            ).set_gid("undated")

    # Agreements coming into force: the agreement (contract) stage.
    agreements = sorted(
        (ag for ag in graph.agreements() if ag.start is not None),
        key=lambda ag: (ag.start, ag.id),
    )
    agreement_keys: list[str] = []
    for i, ag in enumerate(agreements):
        assert ag.start is not None
        letter = chr(ord("A") + i) if i < 26 else str(i + 1)
        ax.axvline(num(ag.start), color="#555555", lw=1.0, ls=(0, (6, 3)), zorder=1).set_gid(
            f"agreement:{ag.id}"
        )
        ax.text(
            num(ag.start),
            len(rows) - 0.3 + 0.45 * (i % 2),
            letter,
            fontsize=8,
            fontweight="bold",
            va="bottom",
            ha="center",
            color="#333333",
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#555555", "lw": 0.8},
        ).set_gid(f"agreement-mark:{ag.id}")
        agreement_keys.append(
            textwrap.fill(
                f"{letter}: {ag.id} ({_BASIS_WORDS[ag.basis.value]}, {ag.status.value})",
                width=34,
                subsequent_indent="    ",
            )
        )
    if as_of is not None:
        ax.axvline(num(as_of), color="black", lw=1.6, zorder=6).set_gid("as-of")
        ax.axvspan(num(as_of), num(x_end), color="white", alpha=0.55, zorder=5.5)

    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(
        [
            f"{names[r.source]} - {names[r.target]}"
            + ("  \u25b2 drift to conflict" if r.key in drifted else "")
            for r in reversed(rows)
        ],
        fontsize=8.5,
    )
    ax.set_ylim(-0.7, len(rows) + (0.9 if len(agreements) > 1 else 0.5))
    for tick, r in zip(ax.get_yticklabels(), reversed(rows), strict=True):
        if r.key in drifted:
            tick.set_color(TYPE_STYLE[RelationType.CONFLICT].colour)
            tick.set_fontweight("bold")
            tick.set_gid("drift")
    ax.set_xlim(num(start) - pad.days / 2, num(x_end))
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#DDDDDD", lw=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    handles: list[Any] = [
        Patch(fc=TYPE_STYLE[k].colour, hatch=TYPE_STYLE[k].hatch, ec="white", label=k.value)
        for k in RelationType
    ]
    handles += [
        Line2D([], [], color="black", lw=1.3, label="conflict share of the mix\n(rising = drift)"),
        Patch(fc="#999999", label="bar thickness = strength"),
        Line2D([], [], marker="X", ls="", color="black", ms=8, label="ended (termination)"),
        Line2D([], [], color="#555555", ls=(0, (6, 3)), label="agreement in force from:"),
        *[Line2D([], [], ls="", label=k) for k in agreement_keys],
        Line2D([], [], marker="v", ls="", color="#999999", mec="black", label="one side's view"),
    ]
    leg = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize=8.5,
        frameon=False,
        title="Stages and types",
        labelspacing=1.0,
    )
    leg.set_gid("legend")
    add_title(ax, f"{graph.title}: relationships over time", "one row per pair")
    fig.subplots_adjust(
        left=min(0.5, (label_in + 0.2) / figsize[0]),
        right=1 - 3.6 / figsize[0],
        top=1 - 0.8 / figsize[1],
    )
    words = (
        f"{len(rows)} relationships over time. Bar colour and hatch = dominant type (blue "
        "cooperation, hatched orange agreement, dotted dark red conflict); "
        "bar thickness = strength; "
        "the black line rises as conflict takes a larger share"
    )
    words += f"; {drifting} pair(s) drifted toward conflict." if drifting else "."
    if ended_marks:
        words += f" {ended_marks} termination(s) marked with a cross."
    if left_out:
        words += (
            f" {left_out} relationships with no dated history are not shown (the ecosystem "
            "figure shows them)."
        )
    caption = add_caption(fig, words, adjust=False)
    lines = caption.get_text().count("\n") + 1
    # room under the axes for the dates, the year under them and the caption's lines
    fig.subplots_adjust(bottom=(0.75 + 0.19 * lines) / fig.get_figheight())
    return fig
