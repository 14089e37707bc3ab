"""The likelihood matrix: the analysis's likeliest type per pair, ordered by system and faction."""

from __future__ import annotations

import pytest

import ecograph
from ecograph.analysis.likelihood import assess
from ecograph.plot import plot_matrix
from ecograph.plot.matrix import matrix_order


@pytest.fixture(scope="module")
def cp():
    return ecograph.load_graph("examples/child-protection.yaml")


@pytest.fixture(scope="module")
def fig(cp):
    return plot_matrix(cp)


def test_cells_are_the_analysis_likeliest_types(cp, fig):
    im = fig.axes[0].images[0]
    cells = im.ecograph_cells
    pairs = assess(cp).pairs
    assert len(cells) == 2 * len(pairs)  # both halves of the symmetric matrix
    for p in pairs:
        dom, prob, related = cells[(p.a, p.b)]
        assert dom == p.dominant and related == p.related
        assert prob == pytest.approx(max(p.likelihood.values()))
    # The hostile mother-and-team pair is framed (a relationship now) and likely conflict.
    assert cells[("cs-team", "family")][0] == "conflict"


def test_cell_texts_and_frames(cp, fig):
    ax = fig.axes[0]
    texts = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("cell:")}
    assert texts["cell:cs-team|family"].startswith("Cf\n")
    frames = [p for p in ax.patches if p.get_gid() == "present"]
    assert len(frames) == 2 * len(cp.relationships())


def test_order_by_system_then_faction(cp, fig):
    order = matrix_order(cp)
    slots = [s for _, s, _ in order]
    assert slots[:3] == ["change_agent"] * 3
    assert (
        slots.index("client|target") < slots.index("action") < slots.index("problem_identification")
    )
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    names = {a.id: a.name for a in cp.actors()}
    assert [names[a][:10] for a, _, _ in order] == [t[:10] for t in ticks]
    for slot in set(slots):  # factions contiguous inside each system
        facs = [f for _, s, f in order if s == slot]
        assert facs == sorted(facs)


def test_legend_and_caption(fig):
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "has a relationship now" in labels and any(t.startswith("Cf conflict") for t in labels)
    caption = next(t for t in fig.texts if t.get_gid() == "caption").get_text()
    assert "likelihood" in caption and "faction" in caption
