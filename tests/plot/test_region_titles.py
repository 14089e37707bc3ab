"""Region titles fit their regions and never overlap, in every style (issue 13, item 3).

Measured on the drawn text boxes (display pixels) of the ecosystem figure: the strip under the
four systems holds up to three narrow regions, whose titles overlapped in projector style.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ecograph
from ecograph.plot import plot_ecosystem

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def _boxes(fig: Any, prefix: str) -> dict[str, Any]:
    renderer = fig.canvas.get_renderer()
    return {
        (t.get_gid() or "")[len(prefix) :]: t.get_window_extent(renderer)
        for t in fig.axes[0].texts
        if (t.get_gid() or "").startswith(prefix) and t.get_visible()
    }


@pytest.mark.parametrize("style", ["screen", "print", "projector"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_region_titles_fit_and_do_not_overlap(example: Path, style: str) -> None:
    fig = plot_ecosystem(ecograph.load_graph(str(example)), style=style)
    fig.canvas.draw()
    titles = _boxes(fig, "region-title:")
    regions = {
        (p.get_gid() or "")[len("region:") :]: p.get_window_extent(fig.canvas.get_renderer())
        for p in fig.axes[0].patches
        if (p.get_gid() or "").startswith("region:")
    }
    items = sorted(titles.items())
    for i, (a, box) in enumerate(items):
        reg = regions[a]
        assert reg.x0 - 0.5 <= box.x0 and box.x1 <= reg.x1 + 0.5, f"{a} title wider than its region"
        for b, other in items[i + 1 :]:
            assert not box.overlaps(other), f"titles {a} and {b} overlap"


@pytest.mark.parametrize("style", ["screen", "print", "projector"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_no_name_or_line_covers_a_region_title(example: Path, style: str) -> None:
    """Every region title can be read: no actor's name (its text and white box) overlaps it,
    and the lines pass under it (in community-40, projector style, a conflict line ran
    over "TARGET SYSTEM" and lines crossed the strip's titles)."""
    from matplotlib.transforms import Bbox

    from ecograph.plot._common import apply_style
    from ecograph.plot.fonts import fit_fonts

    fig = apply_style(plot_ecosystem(ecograph.load_graph(str(example)), style=style), style)
    fit_fonts(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()

    def extent(t: Any) -> Any:
        patch = t.get_bbox_patch()
        box = t.get_window_extent(renderer)
        return Bbox.union([box, patch.get_window_extent(renderer)]) if patch else box

    texts = [t for t in fig.axes[0].texts if t.get_visible()]
    titles = {
        t.get_gid(): extent(t) for t in texts if (t.get_gid() or "").startswith("region-title:")
    }
    names = {t.get_gid(): extent(t) for t in texts if (t.get_gid() or "").startswith("label:")}
    assert titles and names
    assert [(n, t) for n, nb in names.items() for t, tb in titles.items() if nb.overlaps(tb)] == []
    lines = [c for c in fig.axes[0].collections if (c.get_gid() or "").startswith("edges:")]
    title_z = min(t.get_zorder() for t in texts if (t.get_gid() or "").startswith("region-title:"))
    assert lines and all(c.get_zorder() < title_z for c in lines)
