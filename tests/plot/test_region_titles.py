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
