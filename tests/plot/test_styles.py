"""Styles: ``--style projector`` makes the figures readable from the back of a room (point 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ecograph
from ecograph.cli import app
from ecograph.plot import KINDS
from ecograph.plot._common import apply_style
from tests.plot.geometry import figure_crossings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _draw(kind: str, path: Path, style: str):  # type: ignore[no-untyped-def]
    g = ecograph.load_graph(str(path))
    if kind in ("ecosystem", "factions"):
        return KINDS[kind](g, style=style)
    return apply_style(KINDS[kind](g), style)


def _texts(fig):  # type: ignore[no-untyped-def]
    out = [t for t in fig.texts if t.get_visible() and t.get_text()]
    for ax in fig.axes:
        out += [t for t in ax.texts if t.get_visible() and t.get_text()]
        out += [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
        if ax.get_legend() is not None:
            out += [t for t in ax.get_legend().get_texts() if t.get_text()]
    return out


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("example", EXAMPLES[:3], ids=[p.stem for p in EXAMPLES[:3]])
def test_projector_text_is_at_least_2_5_percent_of_the_height(example: Path, kind: str) -> None:
    fig = _draw(kind, example, "projector")
    height_pt = fig.get_figheight() * 72
    small = [
        (t.get_gid(), t.get_text()[:20], round(t.get_fontsize() / height_pt, 4))
        for t in _texts(fig)
        if t.get_fontsize() / height_pt < 0.025 - 1e-9
    ]
    assert small == []


@pytest.mark.parametrize("kind", ["ecosystem", "factions"])
def test_projector_lines_are_thicker_words_fewer_and_lines_still_clear(kind: str) -> None:
    path = ROOT / "examples" / "child-protection.yaml"
    screen, proj = _draw(kind, path, "screen"), _draw(kind, path, "projector")

    def widths(fig):  # type: ignore[no-untyped-def]
        return [
            float(w)
            for c in fig.axes[0].collections
            if (c.get_gid() or "").startswith(("edges:", "ties:"))
            for w in c.get_linewidth()
        ]

    assert min(widths(proj)) >= 1.5 * min(widths(screen))

    def caption(fig):  # type: ignore[no-untyped-def]
        return next(t for t in fig.texts if t.get_gid() == "caption").get_text()

    assert len(caption(proj).split()) < len(caption(screen).split()) / 2
    assert figure_crossings(proj) == []


def test_plot_command_takes_a_style_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    case = str(ROOT / "examples" / "child-protection.yaml")
    out = tmp_path / "p.png"
    r = CliRunner().invoke(app, ["plot", case, "-o", str(out), "--style", "projector"])
    assert r.exit_code == 0, r.output
    assert out.exists()
    r = CliRunner().invoke(app, ["plot", case, "-o", str(out), "--style", "poster"])
    assert r.exit_code == 2
    assert "screen, print, projector" in r.output


@pytest.mark.browser
@pytest.mark.parametrize(("style", "least"), [("screen", 12), ("projector", 18)])
def test_map_names_are_readable_and_the_map_keeps_the_width(
    chromium, tmp_path: Path, style: str, least: float
) -> None:  # type: ignore[no-untyped-def]
    from ecograph.plot.html import write_html

    g = ecograph.load_graph(str(ROOT / "examples" / "child-protection.yaml"))
    out = write_html(g, tmp_path / "m.html", analysis="none", style=style)
    page = chromium.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.goto(out.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        got = page.evaluate(
            """() => { const cy = ecographMap.cy; const n = cy.$('node.actor')[0];
               return {px: parseFloat(n.style('font-size')) * cy.zoom(),
                       map: document.getElementById('cy').getBoundingClientRect().width}; }"""
        )
        page.screenshot(path=str(tmp_path / f"map-{style}.png"))
    finally:
        page.close()
    assert got["px"] >= least - 0.01
    assert got["map"] >= 0.6 * 1024  # the side panels take at most 40% of the width


@pytest.mark.parametrize("kind", ["matrix", "timeline", "power"])
@pytest.mark.parametrize("style", ["print", "projector"])
def test_grown_text_stays_inside_the_figure(kind: str, style: str) -> None:
    """Names along a matrix's or a timeline's axes grow with the style; none may run off the
    figure's edge (in projector style the matrix cut 7 names and lost its title, the timeline
    cut 4 row names: "ildren's services team")."""
    from matplotlib.text import Text

    from ecograph.plot.fonts import fit_fonts

    g = ecograph.load_graph(str(ROOT / "examples" / "child-protection.yaml"))
    fig = apply_style(KINDS[kind](g), style)
    fit_fonts(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    w, h = fig.bbox.width, fig.bbox.height
    outside = []
    for t in fig.findobj(lambda a: isinstance(a, Text)):
        if t.get_visible() and t.get_text().strip():
            b = t.get_window_extent(renderer)
            if b.x0 < -1 or b.y0 < -1 or b.x1 > w + 1 or b.y1 > h + 1:
                outside.append(t.get_text())
    assert outside == []
