"""A one-page case-conference summary: the map, what to act on, the warnings and the tactics.

The page is one A4 sheet (portrait) made with Matplotlib, so it saves as PDF (or PNG) with
:func:`ecograph.plot.figure_bytes`. Everything on it comes from the library's own results on the
date asked for: the ecosystem figure (:func:`~ecograph.plot.ecosystem.plot_ecosystem`), the
report's "act on now" summary and its tactics (:func:`ecograph.analysis.report.analyze`) and the
early warnings (:func:`ecograph.analysis.early_warning.early_warnings`), in the plain words the
text report uses. What does not fit on the page is counted, never cut silently.

Examples
--------
>>> import datetime as dt
>>> from ecograph import load_graph
>>> fig = plot_conference(load_graph("examples/child-protection.yaml"), as_of=dt.date(2026, 6, 1))
>>> [t.get_gid() for t in fig.texts if t.get_gid() and t.get_gid().startswith("head:")]
['head:summary', 'head:warnings', 'head:tactics']
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ecograph.graph import EcoGraph

__all__ = ["plot_conference", "conference_lines", "Line", "A4", "TOP_WARNINGS"]

#: The page: A4 portrait, in inches.
A4 = (8.27, 11.69)
#: How many early warnings the page lists at most (the first ones, as `warnings` orders them).
TOP_WARNINGS = 3
_FONT = 8.5  # points
_WIDTH = 116  # characters a line (DejaVu Sans at 8.5 pt: at most 6.6 pt a character)
_TEXT_TOP = 0.455  # where the text starts, as a fraction of the page height
_TEXT_BOTTOM = 0.03


@dataclass(frozen=True)
class Line:
    """One line of the page's text.

    Attributes
    ----------
    section : str
        ``summary``, ``warnings`` or ``tactics``.
    text : str
        The words.
    head : bool
        Whether it is the section's heading.
    indent : int
        0 for an item, 1 for its details.
    hidden : int
        On a heading: how many of the section's items were left out before the page was laid
        out (the page says how many it leaves out in all).
    """

    section: str
    text: str
    head: bool = False
    indent: int = 0
    hidden: int = 0


def _names(graph: EcoGraph) -> dict[str, str]:
    return {a.id: a.name for a in graph.actors()}


def conference_lines(
    graph: EcoGraph, as_of: dt.date | None = None, params: Any = None
) -> tuple[list[Line], dt.date]:
    """Return the text of the summary page, and the date the warnings were read on.

    Sections: "Act on now" (the report's summary), "Early warnings" (the first
    :data:`TOP_WARNINGS`), and "Tactics" toward each target and action-system actor, with their
    conditions and risks. Each item is said in the words of ``ecograph analyze`` and
    ``ecograph warnings``.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    as_of : date, optional
        The date on screen (default: the latest state; warnings on the case's present).
    params : Params, optional
        Analysis weights and thresholds.
    """
    from ecograph.analysis.early_warning import WarningParams, early_warnings
    from ecograph.analysis.report import analyze

    report = analyze(graph, as_of=as_of, params=params)
    n = _names(graph)
    day = as_of or graph.to_case().present_date() or dt.date.today()
    warn_params = WarningParams() if params is None else WarningParams(analysis=params)
    found = early_warnings(graph, as_of=day, params=warn_params)
    out = [Line("summary", "Act on now", head=True)]
    if not report.summary:
        out.append(
            Line("summary", "nothing stands out: no hotspot, falling trend or unsupported client")
        )
    for i, p in enumerate(report.summary, 1):
        out.append(Line("summary", f"{i}. {p.action}: {p.reason}"))
    out.append(
        Line(
            "warnings",
            f"Early warnings on {day.isoformat()} ({len(found)} in all)",
            head=True,
            hidden=max(0, len(found) - TOP_WARNINGS),
        )
    )
    if not found:
        out.append(Line("warnings", "no warnings"))
    for w in found[:TOP_WARNINGS]:
        who = " -- ".join(n.get(a, a) for a in w.actors)
        since = f", since {w.since}" if w.since else ""
        out.append(Line("warnings", f"{w.kind.value}: {who}{since}"))
        out.append(Line("warnings", w.reason, indent=1))
    tactics = report.sections.get("tactics", [])
    out.append(Line("tactics", "Tactics -- toward each target and action-system actor", head=True))
    if not tactics:
        out.append(Line("tactics", "no target or action-system actor yet"))
    for tc in tactics:
        what = tc.tactic + (f" ({tc.basis.replace('_', ' ')})" if tc.basis else "")
        if tc.deliberate_conflict:
            what = "conflict as a deliberate tactic"
        who, by = n.get(tc.actor, tc.actor), n.get(tc.by, tc.by)
        out.append(Line("tactics", f"{who}: {what}, for {by}"))
        for c in tc.conditions[1:3]:  # the first is the three scores, said in the figure
            out.append(Line("tactics", c, indent=1))
        if tc.risk:
            out.append(Line("tactics", f"risk: {tc.risk}", indent=1))
    return out, day


def _wrap(line: Line) -> list[str]:
    lead = "    " * line.indent
    return textwrap.wrap(
        line.text, width=_WIDTH - len(lead), initial_indent=lead, subsequent_indent=lead + "  "
    ) or [""]


#: Where the reader finds what the page leaves out of each section.
_LISTS_ALL = {"warnings": "ecograph warnings"}


def _fit(lines: Sequence[Line], room: int) -> list[tuple[Line, str]]:
    """Return the wrapped rows that fit in ``room`` rows.

    The longest section is trimmed first, line by line from its end; every section keeps its
    heading and ends by saying how many of its items it leaves out, and where to find them.
    """
    sections = list(dict.fromkeys(ln.section for ln in lines))
    kept = {s: [ln for ln in lines if ln.section == s] for s in sections}
    dropped = {s: sum(ln.hidden for ln in kept[s]) for s in sections}

    def size() -> int:
        extra = sum(1 for s in sections if dropped[s])
        return sum(len(_wrap(ln)) for s in sections for ln in kept[s]) + extra

    while size() > room:
        s = max(sections, key=lambda k: (len(kept[k]) > 1, sum(len(_wrap(x)) for x in kept[k])))
        if len(kept[s]) <= 1:
            break
        last = kept[s].pop()
        if last.indent == 0:
            dropped[s] += 1
    out: list[tuple[Line, str]] = []
    for s in sections:
        out += [(ln, text) for ln in kept[s] for text in _wrap(ln)]
        if dropped[s]:
            where = _LISTS_ALL.get(s, "ecograph analyze")
            more = Line(s, f"... {dropped[s]} more ({where} lists all)")
            out.append((more, more.text))
    return out[:room]


def plot_conference(
    graph: EcoGraph,
    *,
    as_of: dt.date | None = None,
    params: Any = None,
    ax: Any = None,
    seed: int = 0,
) -> Figure:
    """Draw the one-page case-conference summary of a case on ``as_of``.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    as_of : date, optional
        The date of everything on the page (default: the latest state).
    params : Params, optional
        Analysis weights and thresholds.
    ax, seed
        Accepted for the common signature; the page is always a figure of its own.

    Returns
    -------
    Figure
        One A4 page: title, the ecosystem figure (an image with gid ``map``), then the text;
        every line is a text artist with gid ``line:<section>`` (``head:<section>`` for
        headings).
    """
    del ax, seed
    from ecograph.plot._common import figure_bytes
    from ecograph.plot.ecosystem import plot_ecosystem

    lines, day = conference_lines(graph, as_of, params)
    fig = Figure(figsize=A4, dpi=100)
    FigureCanvasAgg(fig)
    when = f"as of {as_of.isoformat()}" if as_of else "the latest recorded state"
    # a long title gets smaller type (bold DejaVu Sans: about 0.72 em a character)
    size = max(8.0, min(14.0, 0.92 * A4[0] * 72 / (0.72 * max(len(graph.title), 1))))
    fig.text(0.045, 0.972, graph.title, fontsize=size, fontweight="bold", va="top", gid="title")
    fig.text(
        0.045,
        0.948,
        f"Case conference summary -- {when} (case {graph.case_id}); made by ecograph",
        fontsize=9,
        va="top",
        color="#444444",
        gid="subtitle",
    )
    # the map, drawn by the shared figure code and placed as an image (what a PNG export shows)
    import matplotlib.image as mpimg

    png = figure_bytes(plot_ecosystem(graph, as_of=as_of, params=params), "png", dpi=110)
    image = mpimg.imread(io.BytesIO(png), format="png")
    ax_map = fig.add_axes((0.03, _TEXT_TOP + 0.015, 0.94, 0.925 - _TEXT_TOP - 0.015))
    ax_map.imshow(image, interpolation="antialiased")
    ax_map.set_axis_off()
    ax_map.set_gid("map")
    step = _FONT * 1.32 / (A4[1] * 72)
    room = int((_TEXT_TOP - _TEXT_BOTTOM) / step) - 3  # minus the gaps between sections
    y = _TEXT_TOP
    section = None
    for line, text in _fit(lines, room):
        if line.section != section and section is not None:
            y -= step
        section = line.section
        fig.text(
            0.045,
            y,
            text,
            fontsize=_FONT + (1 if line.head else 0),
            fontweight="bold" if line.head else "normal",
            va="top",
            color="#1d1d1d" if line.indent == 0 else "#444444",
            gid=("head:" if line.head else "line:") + line.section,
        )
        y -= step
    del day
    return fig
