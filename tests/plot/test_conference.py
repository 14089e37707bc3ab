"""The one-page case-conference summary: one A4 page, nothing cut off, the right words."""

import datetime as dt
from pathlib import Path

import pytest

from ecograph import load_graph
from ecograph.graph import EcoGraph
from ecograph.model import Case
from ecograph.plot import figure_bytes
from ecograph.plot.conference import A4, TOP_WARNINGS, conference_lines, plot_conference

EXAMPLES = sorted(Path("examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_fits_on_one_a4_page_with_nothing_cut_off(path: Path):
    fig = plot_conference(load_graph(str(path)))
    assert tuple(fig.get_size_inches()) == pytest.approx(A4)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    page = fig.bbox
    for t in fig.texts:
        box = t.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 + 0.5, t.get_text()
        assert page.y0 <= box.y0 and box.y1 <= page.y1, t.get_text()
    # each section keeps its heading; the map is on the page
    heads = [t.get_gid() for t in fig.texts if str(t.get_gid()).startswith("head:")]
    assert heads == ["head:summary", "head:warnings", "head:tactics"]
    assert [a.get_gid() for a in fig.axes] == ["map"]
    assert figure_bytes(fig, "pdf").count(b"/Type /Page\n") <= 1


def test_a_long_case_says_how_much_it_leaves_out():
    # community-40: many tactics; the page lists the first and counts the rest
    graph = load_graph("examples/community-40.yaml")
    lines, _ = conference_lines(graph)
    tactics = [ln for ln in lines if ln.section == "tactics" and ln.indent == 0 and not ln.head]
    fig = plot_conference(graph)
    drawn = [t.get_text() for t in fig.texts if t.get_gid() == "line:tactics"]
    shown = [d for d in drawn if not d.startswith(" ")]
    left = int(shown[-1].split()[1]) if shown[-1].startswith("...") else 0
    assert left > 0
    assert len([d for d in shown if not d.startswith("...")]) + left == len(tactics)


def test_warnings_are_read_on_the_date_asked_for_and_the_top_ones_shown():
    graph = load_graph("examples/child-protection.yaml")
    lines, day = conference_lines(graph, dt.date(2026, 6, 1))
    assert day == dt.date(2026, 6, 1)
    warned = [ln.text for ln in lines if ln.section == "warnings" and ln.indent == 0]
    assert warned[0] == "Early warnings on 2026-06-01 (8 in all)"
    assert len(warned) == 1 + TOP_WARNINGS
    lines, _ = conference_lines(graph, dt.date(2026, 1, 20))
    assert not any("sustained hostility" in ln.text for ln in lines)


def test_an_empty_case_says_so_in_plain_words():
    lines, _ = conference_lines(EcoGraph.from_case(Case(id="c", title="New")), dt.date(2026, 1, 1))
    texts = [ln.text for ln in lines]
    assert "no warnings" in texts and "no target or action-system actor yet" in texts
