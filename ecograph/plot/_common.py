"""What every figure shares: colours and line styles, the figure itself, captions, labels, saving.

Colours come from :mod:`ecograph.plot.palette` (safe for the common colour-vision
deficiencies); every relationship type also has its own line style and hatch, so the figures
read in greyscale.
"""

from __future__ import annotations

import io
import math
import os
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from ecograph.errors import InputError
from ecograph.model import ROLE_LABELS, RelationType, Role
from ecograph.plot.fonts import fit_fonts, fit_text
from ecograph.plot.palette import OKABE_ITO, RELATION_COLOURS, SYSTEM_TINT
from ecograph.plot.palette import SYSTEM_INK as _INK

__all__ = [
    "OKABE_ITO",
    "TYPE_STYLE",
    "TypeStyle",
    "SYSTEM_COLOURS",
    "FORMATS",
    "figure_bytes",
    "new_axes",
    "add_caption",
    "add_title",
    "place_labels",
    "save_figure",
    "short",
    "renderer_of",
    "Style",
    "STYLES",
    "get_style",
    "apply_style",
]


@dataclass(frozen=True)
class TypeStyle:
    """How one relationship type is drawn (colour, line style, hatch, legend words)."""

    colour: str
    linestyle: Any
    hatch: str
    label: str
    code: str


#: Cooperation solid blue, agreement dashed orange, conflict dotted dark vermillion
#: (:mod:`ecograph.plot.palette`).
TYPE_STYLE: dict[RelationType, TypeStyle] = {
    RelationType.COOPERATION: TypeStyle(
        RELATION_COLOURS["cooperation"], "solid", "", "cooperation (solid)", "Co"
    ),
    RelationType.AGREEMENT: TypeStyle(
        RELATION_COLOURS["agreement"], (0, (5, 2.5)), "///", "agreement (dashed)", "Ag"
    ),
    RelationType.CONFLICT: TypeStyle(
        RELATION_COLOURS["conflict"], (0, (1, 1.6)), "...", "conflict (dotted)", "Cf"
    ),
}

#: Pale tints for the regions of the systems (backgrounds, never lines).
SYSTEM_COLOURS: dict[Role | None, str] = {
    **{r: SYSTEM_TINT[r.value] for r in Role if r.value in SYSTEM_TINT},
    None: SYSTEM_TINT["other"],
}

#: Darker versions of the tints, for node fills and region titles.
SYSTEM_INK: dict[Role | None, str] = {
    **{r: _INK[r.value] for r in Role if r.value in _INK},
    None: _INK["other"],
}


@dataclass(frozen=True)
class Style:
    """How a figure is set for where it is shown.

    Attributes
    ----------
    name : str
    min_text : float
        The smallest text (actor names, ticks, legend), as a share of the figure's height
        (font size in points over the height in points); 0 = the figure's own sizes.
    line_scale : float
        Relationship lines are this many times as thick.
    brief : bool
        Fewer words: names on one short line, the caption's first sentence only.
    figsize : (float, float) or None
        The page, in inches (None: each figure's own size, growing with the case).
    """

    name: str
    min_text: float
    line_scale: float
    brief: bool
    figsize: tuple[float, float] | None


#: The styles ``--style`` offers: ``screen`` (the default), ``print`` (finer lines) and
#: ``projector`` (a 16:9 slide: text at least 2.5% of the height, thick lines, few words).
STYLES: dict[str, Style] = {
    "screen": Style("screen", 0.0, 1.0, False, None),
    "print": Style("print", 0.0, 0.8, False, None),
    "projector": Style("projector", 0.025, 1.8, True, (13.33, 7.5)),
}


def get_style(name: str | Style) -> Style:
    """Return the style called ``name``.

    Raises
    ------
    InputError
        For an unknown style name.
    """
    if isinstance(name, Style):
        return name
    try:
        return STYLES[name]
    except KeyError:
        raise InputError(
            f"unknown style {name!r}", field="--style", expected=", ".join(STYLES)
        ) from None


def min_points(fig: Figure, style: Style) -> float:
    """Return the smallest font size (points) ``style`` allows on ``fig``."""
    return style.min_text * fig.get_figheight() * 72.0


def apply_style(fig: Figure, style: str | Style) -> Figure:
    """Set a finished figure in ``style``: no text under its minimum, lines scaled, brief caption.

    Actor labels that a figure placed itself (ecosystem, factions) are placed at the style's
    size already; this raises the rest (ticks, legends, titles, notes).
    """
    st = get_style(style)
    if st.name == "screen":
        return fig
    floor = min_points(fig, st)
    texts: list[Text] = list(fig.texts)
    for ax in fig.axes:
        texts += list(ax.texts) + [ax.title]
        texts += [getattr(ax, name) for name in ("_left_title", "_right_title")]
        texts += list(ax.get_xticklabels()) + list(ax.get_yticklabels())
        legend = ax.get_legend()
        if legend is not None:
            texts += list(legend.get_texts())
            if legend.get_title().get_text():
                texts.append(legend.get_title())
        for coll in ax.collections:
            if (coll.get_gid() or "").startswith(("edges:", "ties:", "overlay:")):
                widths = [float(w) * st.line_scale for w in np.atleast_1d(coll.get_linewidth())]
                coll.set_linewidth(widths)
    for t in texts:
        if floor and float(t.get_fontsize()) < floor:
            t.set_fontsize(floor)
        if st.brief and t.get_gid() == "caption":
            said = [x.rstrip(".") for x in " ".join(t.get_text().split()).split(". ")]
            # the first sentence, and any saying what was left out
            first = ". ".join([said[0], *[x for x in said[1:] if "left out" in x]]) + "."
            t.set_text(textwrap.fill(first, max(40, int(fig.get_figwidth() * 72 / (0.55 * floor)))))
    _keep_inside(fig)
    return fig


def _keep_inside(fig: Figure) -> None:
    """Shrink each axes whose tick labels or titles, grown by a style, run off the figure.

    Larger text (projector, print) can push the names along a matrix's or a timeline's axes
    past the figure's edge, where they are cut ("ildren's services team"); the axes give up
    that much room on that side instead, so every name stays whole.
    """
    renderer = renderer_of(fig)
    width, height = fig.bbox.width, fig.bbox.height
    for ax in fig.axes:
        tight = ax.get_tightbbox(renderer)
        if tight is None:
            continue
        pad = 4.0
        left = max(0.0, pad - tight.x0) / width
        right = max(0.0, tight.x1 - (width - pad)) / width
        bottom = max(0.0, pad - tight.y0) / height
        top = max(0.0, tight.y1 - (height - pad)) / height
        if left or right or bottom or top:
            box = ax.get_position()
            ax.set_position(
                (
                    box.x0 + left,
                    box.y0 + bottom,
                    box.width - left - right,
                    box.height - bottom - top,
                )
            )


#: Output formats ``save_figure`` writes, by file suffix.
FORMATS = ("png", "svg", "pdf")


def system_label(role: Role | None) -> str:
    """Return the words for a system (``None``: no system stated)."""
    return ROLE_LABELS[role] if role is not None else "no system stated"


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """Return ``(figure, axes)``: the given axes' figure, or a new figure on the Agg canvas.

    A new figure is made without ``pyplot``, so nothing global is touched (no open-figure
    registry, no GUI); notebooks still display the returned Figure.
    """
    if ax is not None:
        fig = ax.get_figure()
        if not isinstance(fig, Figure):  # a SubFigure
            fig = fig.figure  # type: ignore[union-attr]
        assert isinstance(fig, Figure)
        return fig, ax
    fig = Figure(figsize=figsize, dpi=100)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot(1, 1, 1)


def renderer_of(fig: Figure) -> Any:
    """Return a renderer for measuring text in ``fig`` (Agg when the canvas has none)."""
    fit_fonts(fig)
    get = getattr(fig.canvas, "get_renderer", None)
    if get is None:
        FigureCanvasAgg(fig)
        get = fig.canvas.get_renderer  # type: ignore[attr-defined]
    return get()


def add_title(ax: Axes, title: str, subtitle: str | None = None) -> None:
    """Set the axes title (with an optional smaller second line)."""
    text = title if subtitle is None else f"{title}\n{subtitle}"
    ax.set_title(text, fontsize=13, loc="left", fontweight="bold", pad=10)


def add_caption(fig: Figure, text: str, *, adjust: bool = True) -> Text:
    """Add the caption line (what the reader sees) under the figure; gid ``caption``.

    With ``adjust`` the axes' bottom margin grows to make room; pass ``False`` when the layout
    must not move any more (labels already placed), having reserved the room beforehand.
    """
    width = max(60, int(fig.get_figwidth() * 72 / 5.2))
    wrapped = textwrap.fill(text, width=width)
    lines = wrapped.count("\n") + 1
    if adjust:
        inches = 0.25 + 0.19 * lines
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, inches / fig.get_figheight()))
    t = fig.text(0.01, 0.008, wrapped, fontsize=9, ha="left", va="bottom", style="italic")
    t.set_gid("caption")
    return t


def short(name: str, width: int = 18, lines: int = 2) -> str:
    r"""Wrap a display name onto at most ``lines`` lines of ``width`` characters.

    Examples
    --------
    >>> short("Family group conference coordinator")
    'Family group\nconference...'
    >>> short("Family group conference coordinator", 20, lines=3)
    'Family group\nconference\ncoordinator'
    """
    out = textwrap.wrap(name, width=width) or [name]
    if len(out) > lines:
        rest = textwrap.shorten(" ".join(out[lines - 1 :]), width=width, placeholder="...")
        out = [*out[: lines - 1], rest]
    return "\n".join(out)


# ---------------------------------------------------------------------- label placement
class _Grid:
    """A uniform grid of boxes in display coordinates, for quick overlap checks."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1.0)
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, b: tuple[float, float, float, float]) -> list[tuple[int, int]]:
        c = self.cell
        return [
            (i, j)
            for i in range(int(math.floor(b[0] / c)), int(math.floor(b[2] / c)) + 1)
            for j in range(int(math.floor(b[1] / c)), int(math.floor(b[3] / c)) + 1)
        ]

    def add(self, b: tuple[float, float, float, float]) -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)

    def hits(self, b: tuple[float, float, float, float]) -> bool:
        for k in self._keys(b):
            for o in self.cells.get(k, ()):
                if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
                    return True
        return False


_DIRECTIONS: tuple[tuple[float, float], ...] = (
    (0.0, -1.0),  # below
    (0.0, 1.0),  # above
    (1.0, 0.0),  # right
    (-1.0, 0.0),  # left
    (1.0, -1.0),
    (-1.0, -1.0),
    (1.0, 1.0),
    (-1.0, 1.0),
)


def place_labels(
    ax: Axes,
    xy: Sequence[tuple[float, float]],
    texts: Sequence[str],
    *,
    radii_pt: Sequence[float],
    gids: Sequence[str] | None = None,
    obstacles: Sequence[Bbox] = (),
    fontsize: float = 8.0,
    order: Sequence[int] | None = None,
    max_steps: int = 4,
    margin_pt: float = 1.5,
    leaders: bool = False,
    shorter: Sequence[str] | None = None,
) -> tuple[list[Text], list[int]]:
    """Place one label per point so that no two labels (or a label and a node) overlap.

    Strategy: every label is measured once with the renderer; then, in priority order, each
    label tries eight positions around its node (below, above, right, left, the diagonals) at
    growing distances and takes the first whose box is inside the axes and hits no placed
    label, no node and no obstacle. A label that finds no place is hidden and reported, so the
    figure never shows colliding text. Call it last: after the axes limits and the figure's
    layout are final (moving the axes afterwards would move the labels apart from the nodes).

    Parameters
    ----------
    ax : Axes
        Where the points are drawn (data coordinates).
    xy : sequence of (x, y)
        The points.
    texts : sequence of str
        One label per point.
    radii_pt : sequence of float
        Marker radius of each point, in points (labels keep clear of every marker).
    gids : sequence of str, optional
        A gid for each label's Text (tests find labels by gid).
    obstacles : sequence of Bbox
        Display-coordinate boxes labels must avoid (region titles, ...).
    fontsize : float
        Label font size in points.
    order : sequence of int, optional
        Priority: indices of points in the order their labels are placed (default: as given).
    max_steps : int
        How many growing distances are tried.
    margin_pt : float
        Clear space kept around each label, in points.
    leaders : bool
        Draw a thin grey line from a node to its label when the label had to move away from
        it (gid ``label-leaders``); use it where no other grey lines are drawn.
    shorter : sequence of str, optional
        A shorter form of each label, used only where the label in ``texts`` (the full name)
        finds no place: names are shown in full wherever they fit.

    Returns
    -------
    (labels, hidden)
        The Text artists (hidden ones have ``visible=False``) and the indices of hidden labels.
    """
    fig = ax.get_figure()
    assert fig is not None
    renderer = renderer_of(fig)  # type: ignore[arg-type]
    px = fig.dpi / 72.0
    margin = margin_pt * px
    to_disp = ax.transData
    pts: list[tuple[float, float]] = (
        [(float(p[0]), float(p[1])) for p in to_disp.transform(list(xy))] if len(xy) else []
    )
    frame = ax.get_window_extent(renderer)
    labels: list[Text] = []
    sizes: list[tuple[float, float]] = []
    short_sizes: dict[int, tuple[float, float]] = {}
    for i, s in enumerate(texts):
        t = ax.text(
            0,
            0,
            s,
            fontsize=fontsize,
            ha="center",
            va="center",
            zorder=6,
            linespacing=1.0,
            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.75},
        )
        if gids is not None:
            t.set_gid(gids[i])
        fit_text(t)
        pad = 0.12 * fontsize * px

        def measure(t: Text = t, pad: float = pad) -> tuple[float, float]:
            ext = t.get_window_extent(renderer)
            return (ext.width + 2 * pad + 2 * margin, ext.height + 2 * pad + 2 * margin)

        sizes.append(measure())
        if shorter is not None and shorter[i] != s:
            t.set_text(shorter[i])
            fit_text(t)
            short_sizes[i] = measure()
            t.set_text(s)
            fit_text(t)
        labels.append(t)
    cell = max([w for w, _ in sizes] + [20.0])
    grid = _Grid(cell)
    for (x, y), r in zip(pts, radii_pt, strict=True):
        rr = r * px
        grid.add((x - rr, y - rr, x + rr, y + rr))
    for b in obstacles:
        grid.add((b.x0, b.y0, b.x1, b.y1))
    inv = to_disp.inverted()
    hidden: list[int] = []
    lead: list[list[tuple[float, float]]] = []
    boxes: dict[int, tuple[float, float, float, float]] = {}
    use_short = set(short_sizes)  # first every label in its shorter form, as few hidden as can be
    for i in order if order is not None else range(len(texts)):
        x, y = pts[i]
        w, h = short_sizes[i] if i in use_short else sizes[i]
        chosen = _free_spot(grid, frame, x, y, radii_pt[i] * px, w, h, px, max_steps)
        if chosen is None:
            labels[i].set_visible(False)
            hidden.append(i)
            continue
        grid.add(chosen)
        boxes[i] = chosen
    # then each name in full wherever it fits beside the others as placed
    for i in [i for i in boxes if i in use_short]:
        others = _Grid(cell)
        for (x, y), r in zip(pts, radii_pt, strict=True):
            others.add((x - r * px, y - r * px, x + r * px, y + r * px))
        for ob in obstacles:
            others.add((ob.x0, ob.y0, ob.x1, ob.y1))
        for j, placed in boxes.items():
            if j != i:
                others.add(placed)
        x, y = pts[i]
        w, h = sizes[i]
        spot = _free_spot(others, frame, x, y, radii_pt[i] * px, w, h, px, max_steps)
        if spot is not None:
            boxes[i] = spot
            use_short.discard(i)
    for i, chosen in boxes.items():
        if i in use_short:
            assert shorter is not None
            labels[i].set_text(shorter[i])
            fit_text(labels[i])
        x, y = pts[i]
        r = radii_pt[i] * px
        cx, cy = (chosen[0] + chosen[2]) / 2, (chosen[1] + chosen[3]) / 2
        labels[i].set_position(tuple(inv.transform((cx, cy))))
        # The nearest point of the label's box to the node: far away -> a leader line.
        nx_ = min(max(x, chosen[0] + margin), chosen[2] - margin)
        ny_ = min(max(y, chosen[1] + margin), chosen[3] - margin)
        if leaders and math.hypot(nx_ - x, ny_ - y) > r + 6 * px:
            lead.append([tuple(inv.transform((x, y))), tuple(inv.transform((nx_, ny_)))])
    if lead:
        from matplotlib.collections import LineCollection

        lc = LineCollection(lead, colors="#8C8C8C", linewidths=0.6, zorder=5)
        lc.set_gid("label-leaders")
        ax.add_collection(lc)
    return labels, hidden


def _free_spot(
    grid: _Grid,
    frame: Bbox,
    x: float,
    y: float,
    r: float,
    w: float,
    h: float,
    px: float,
    max_steps: int,
) -> tuple[float, float, float, float] | None:
    """Return the first free box of ``w`` x ``h`` around the node at ``(x, y)`` (or None).

    Eight positions around the node (below, above, right, left, the diagonals) at growing
    distances; a box must lie inside ``frame`` and hit nothing in ``grid``.
    """
    for step in range(max_steps):
        gap = r + 2 * px + step * (0.6 * h)
        for dx, dy in _DIRECTIONS:
            cx = x + dx * (gap + w / 2)
            cy = y + dy * (gap + h / 2)
            if dx and dy:  # diagonal: tuck the corner next to the node
                cx = x + dx * (r * 0.7 + w / 2 + step * 0.3 * w)
                cy = y + dy * (r * 0.7 + h / 2 + step * 0.6 * h)
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if (
                box[0] < frame.x0
                or box[2] > frame.x1
                or box[1] < frame.y0
                or box[3] > frame.y1
                or grid.hits(box)
            ):
                continue
            return box
    return None


# ---------------------------------------------------------------------- saving
#: Most pixels a saved figure may have (width x height at the chosen dpi): 40 million,
#: about 160 MB of memory while it is drawn.
MAX_PIXELS = 40_000_000


def figure_bytes(fig: Figure, fmt: str, *, dpi: float = 150) -> bytes:
    """Return ``fig`` as the bytes of a PNG, SVG or PDF file (what :func:`save_figure` writes).

    Raises
    ------
    InputError
        If the figure at ``dpi`` would have more than :data:`MAX_PIXELS` pixels.
    """
    width, height = fig.get_size_inches()
    pixels = width * dpi * height * dpi
    if not (dpi > 0 and pixels <= MAX_PIXELS):
        raise InputError(
            f"a {width:.0f} x {height:.0f} inch figure at {dpi:g} dpi would have "
            f"{pixels / 1e6:.0f} million pixels",
            field="--dpi",
            expected=f"a resolution giving at most {MAX_PIXELS // 1_000_000} million pixels, "
            f"e.g. --dpi {max(1, int((MAX_PIXELS / max(width * height, 1e-9)) ** 0.5))} or less",
        )
    buf = io.BytesIO()
    meta = {"Creator": "ecograph"} if fmt in ("svg", "pdf") else {"Software": "ecograph"}
    if fmt == "pdf":
        meta = {"Creator": "ecograph", "Producer": "ecograph"}
    if fmt == "svg":
        meta = {"Creator": "ecograph", "Date": None}  # type: ignore[dict-item]
    fit_fonts(fig)
    fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta)
    return buf.getvalue()


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: float = 150) -> Path:
    """Write ``fig`` to ``path`` atomically; the format comes from the suffix (png, svg, pdf).

    Raises
    ------
    InputError
        If the suffix is not one of the supported formats, or the file cannot be written
        (a missing or read-only folder: see :func:`~ecograph.io.atomic.atomic_write`).
    """
    from ecograph.io.atomic import atomic_write

    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(
            f"cannot write a figure as {out.suffix or 'a file without suffix'!r}",
            field="-o/--output",
            expected="a file name ending in .png, .svg or .pdf",
        )
    data = figure_bytes(fig, fmt, dpi=dpi)
    new = not out.exists()
    atomic_write(out, data)
    if new:  # a new file gets the usual permissions (the temporary file was private)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(out, 0o666 & ~mask)
    return out
