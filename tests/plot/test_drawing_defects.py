"""Drawing defects the issue found (issue 13, point 9), each checked on the drawn artists."""

from __future__ import annotations

from pathlib import Path

import ecograph
from ecograph.analysis.whatif import what_if
from ecograph.io.scenario import load_scenario
from ecograph.model import RelationType
from ecograph.plot import plot_matrix, plot_timeline
from ecograph.plot._common import TYPE_STYLE
from ecograph.plot.matrix import cell_colour
from ecograph.plot.palette import DEFICIENCIES, delta_e
from ecograph.plot.whatif import plot_whatif

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"


def _overlap(a: object, b: object) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1  # type: ignore[attr-defined]


def test_whatif_has_one_caption_clear_of_the_notes_and_a_whole_after_title() -> None:
    g = ecograph.load_graph(str(EX / "child-protection.yaml"))
    fig = plot_whatif(what_if(g, load_scenario(str(EX / "scenarios" / "advocate.yaml"), g)))
    fig.canvas.draw()
    r = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    captions = [t for t in fig.texts if t.get_gid() == "caption"]
    assert len(captions) == 1
    cap = captions[0].get_window_extent(r)
    notes = [t for t in fig.texts if (t.get_gid() or "").startswith("whatif:note:")]
    assert notes and not any(_overlap(cap, n.get_window_extent(r)) for n in notes)
    after = [ax for ax in fig.axes if ax.get_gid() == "whatif:after"][0]
    title = after.title if after.title.get_text() else after._left_title  # noqa: SLF001
    text = after.get_title(loc="left")
    assert "..." not in text and text.replace("\n", " ").endswith("Susan (social worker)")
    box = after._left_title.get_window_extent(r)  # noqa: SLF001
    assert box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1
    assert not _overlap(box, fig._suptitle.get_window_extent(r))  # noqa: SLF001
    del title


def test_timeline_dates_and_year_stay_clear_of_the_caption() -> None:
    for stem in ("micro-district", "child-protection", "community-40"):
        fig = plot_timeline(ecograph.load_graph(str(EX / f"{stem}.yaml")))
        fig.canvas.draw()
        r = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        cap = [t for t in fig.texts if t.get_gid() == "caption"][0].get_window_extent(r)
        ax = fig.axes[0]
        labels = [t for t in ax.get_xticklabels() if t.get_text()]
        labels.append(ax.xaxis.get_offset_text())
        for t in labels:
            if t.get_text():
                assert not _overlap(t.get_window_extent(r), cap), (stem, t.get_text())


def test_timeline_shows_undated_relationships_as_rows() -> None:
    g = ecograph.load_graph(str(EX / "community-40.yaml"))
    fig = plot_timeline(g)
    ax = fig.axes[0]
    assert len(ax.get_yticks()) == len(g.relationships()) == 68
    undated = [t for t in ax.texts if t.get_gid() == "undated"]
    assert len(undated) == sum(1 for r in g.relationships() if not r.history) == 57
    assert {t.get_text() for t in undated} == {"no dated history"}


def test_matrix_agreement_and_conflict_shades_are_apart_and_patterned() -> None:
    import numpy as np
    from matplotlib.colors import to_rgb

    ag = np.array(to_rgb(TYPE_STYLE[RelationType.AGREEMENT].colour))
    cf = np.array(to_rgb(TYPE_STYLE[RelationType.CONFLICT].colour))

    def hexof(c: np.ndarray) -> str:
        return "#" + "".join(f"{round(255 * v):02X}" for v in c)

    from ecograph.plot.palette import simulate

    for p in (0.34, 0.5, 0.7, 0.95):
        a, c = hexof(cell_colour(ag, p)), hexof(cell_colour(cf, p))
        for d in (None, *DEFICIENCIES):
            assert delta_e(simulate(a, d), simulate(c, d)) >= 10, (p, d)
    fig = plot_matrix(ecograph.load_graph(str(EX / "child-protection.yaml")))
    gids = {c.get_gid() for c in fig.axes[0].collections}
    assert {"pattern:agreement", "pattern:conflict"} <= gids
