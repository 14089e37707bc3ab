"""Reliability diagram: do predicted chances of conflict come true as often as they say.

Each point is one bin of predictions (10 equal-width bins of the predicted chance that a new tie
is negative): across, the mean predicted chance; up, the share of those ties that were in fact
negative; the point's area grows with the number of ties in the bin.  An honest forecaster's
points lie on the diagonal.  Bars along the bottom show how many predictions fell in each bin.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ecograph.analysis.calibration import ReliabilityBin
from ecograph.plot._common import OKABE_ITO, add_caption, add_title, new_axes

__all__ = ["plot_reliability"]


def plot_reliability(
    bins: Sequence[ReliabilityBin],
    *,
    ece: float | None = None,
    title: str = "Are the predicted chances of conflict honest?",
    subtitle: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw a reliability diagram of predicted chances of a negative tie.

    Parameters
    ----------
    bins : sequence of ReliabilityBin
        From :func:`ecograph.analysis.calibration.reliability_bins` (probability of a negative
        tie); empty bins are skipped.
    ece : float, optional
        Expected calibration error, shown in the caption.
    title, subtitle : str
    ax : Axes, optional
        Draw into these axes (default: a new figure).

    Returns
    -------
    Figure
        The points have gid ``bins``, the diagonal ``diagonal``, the count bars ``counts``
        (one bar per bin, scaled to the fullest bin).

    Examples
    --------
    >>> from ecograph.analysis.calibration import reliability_bins
    >>> fig = plot_reliability(reliability_bins([1, 0, 1, 1], [0.9, 0.2, 0.7, 0.8]))
    >>> [c.get_gid() for c in fig.axes[0].collections]
    ['bins']
    """
    fig, ax = new_axes(ax, (6.4, 7.4))
    full = [b for b in bins if b.count]
    total = sum(b.count for b in full) or 1
    ax.plot([0, 1], [0, 1], color=OKABE_ITO["black"], linestyle=(0, (4, 3)), linewidth=1,
            gid="diagonal", label="honest (predicted = observed)")  # fmt: skip
    xs = [b.predicted for b in full]
    ys = [b.observed for b in full]
    sizes = [20 + 600 * math.sqrt(b.count / total) for b in full]
    ax.plot(xs, ys, color=OKABE_ITO["vermillion"], linewidth=1.2)
    pts = ax.scatter(xs, ys, s=sizes, color=OKABE_ITO["vermillion"], edgecolor="black",
                     zorder=3, label="ties grouped by predicted chance")  # fmt: skip
    pts.set_gid("bins")
    for b in full:
        ax.annotate(f"{b.count}", (b.predicted, b.observed), textcoords="offset points",
                    xytext=(8, -10), fontsize=8)  # fmt: skip
    most = max((b.count for b in bins), default=0) or 1
    for b in bins:  # how many predictions fell in each bin, scaled to an eighth of the height
        bar = ax.bar(b.low, 0.12 * b.count / most, width=b.high - b.low, align="edge",
                     color=OKABE_ITO["sky_blue"], alpha=0.5)  # fmt: skip
        for patch in bar.patches:
            patch.set_gid("counts")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("predicted chance that the new tie is negative (conflict)")
    ax.set_ylabel("share of those ties that were negative")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    add_title(ax, title, textwrap.fill(subtitle, 52) if subtitle else None)
    fig.subplots_adjust(top=0.86, bottom=0.2)
    caption = (
        f"{total} ties after the cut, in 10 bins of the predicted chance. Points on the "
        "diagonal mean the chance shown is the chance that came true."
    )
    if ece is not None:
        caption += f" Expected calibration error {ece:.3f} (mean gap, weighted by ties)."
    add_caption(fig, caption)
    return fig
