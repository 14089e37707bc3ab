"""Every example's HTML map in headless Chromium: it loads clean, and draws what the layout says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import ecograph
from ecograph.plot.html import write_html

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example's map as ``ecograph view`` writes it (screen style)."""
    folder = tmp_path_factory.mktemp("maps")
    return {
        p.stem: write_html(ecograph.load_graph(str(p)), folder / f"{p.stem}.html") for p in EXAMPLES
    }


def _open(chromium: Any, path: Path, size: tuple[int, int] = (1400, 900)) -> tuple[Any, list[str]]:
    page = chromium.new_page(viewport={"width": size[0], "height": size[1]})
    said: list[str] = []
    page.on(
        "console",
        lambda m: said.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: said.append(f"pageerror: {e}"))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return page, said


@pytest.mark.browser
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_map_draws_every_line_without_a_warning(
    chromium: Any, maps: dict[str, Path], example: str
) -> None:
    """No console warning or error: Cytoscape warns "invalid endpoints" for a line it cannot
    draw (a routed line whose first bend lies under its own actor), and then draws nothing."""
    page, said = _open(chromium, maps[example])
    try:
        page.wait_for_timeout(300)
        drawn = page.evaluate(
            "() => ecographMap.cy.$('edge.rel').filter(e => !e.hasClass('absent')).length"
        )
    finally:
        page.close()
    assert said == []
    assert drawn > 0


BANDED = ["child-protection", "community-40", "probation-law", "ward-exchange"]


@pytest.mark.browser
@pytest.mark.parametrize("example", BANDED)
def test_map_draws_the_overlap_band_where_the_layout_puts_it(
    chromium: Any, maps: dict[str, Path], example: str, tmp_path: Path
) -> None:
    """The strip across a border that holds the actors in two systems is drawn in the map, in
    the place the shared layout gives it, striped in both systems' colours, with a legend row.
    (Before, the map drew no band: an actor in two systems looked like one on a border.)"""
    import io

    from PIL import Image

    from ecograph.plot.html import PX, SYSTEM_INK
    from ecograph.plot.layout import system_layout

    lay = system_layout(_graph(example))
    x0, _, _, y1 = lay.bounds
    page, said = _open(chromium, maps[example], (1024, 768))
    try:
        drawn = page.evaluate(
            """() => ecographMap.cy.$('node.band').map(n => ({
                 key: n.data('band'), x: n.position('x'), y: n.position('y'),
                 w: n.width(), h: n.height(), visible: n.visible(),
                 colours: n.style('background-gradient-stop-colors'),
                 box: n.renderedBoundingBox({includeLabels: false})}))"""
        )
        legend = page.evaluate(
            "() => [...document.querySelectorAll('#legend .legend-band')].map(e => e.textContent)"
        )
        offset = page.evaluate("() => document.getElementById('cy').getBoundingClientRect()")
        # the band alone (actors, lines and names put away): what is drawn there is the band
        page.evaluate(
            "() => { ecographMap.cy.$('node.actor, node.region-label, edge')"
            ".style('display', 'none'); }"
        )
        page.wait_for_timeout(300)
        shots = []
        for d in drawn:
            b = d["box"]
            shots.append(
                page.screenshot(
                    clip={
                        "x": offset["x"] + b["x1"] + 3,
                        "y": offset["y"] + b["y1"] + 3,
                        "width": b["x2"] - b["x1"] - 6,
                        "height": b["y2"] - b["y1"] - 6,
                    }
                )
            )
    finally:
        page.close()
    assert said == []
    want = {
        key: (
            ((b.x0 + b.x1) / 2 - x0) * PX,
            (y1 - (b.y0 + b.y1) / 2) * PX,
            (b.x1 - b.x0) * PX,
            (b.y1 - b.y0) * PX,
        )
        for key, b in lay.bands.items()
    }
    assert {d["key"] for d in drawn} == set(want)
    for d in drawn:
        x, y, w, h = want[d["key"]]
        assert d["visible"]
        assert (d["x"], d["y"], d["w"], d["h"]) == pytest.approx((x, y, w, h), abs=0.6)
        stops = re.findall(r"rgb\((\d+),(\d+),(\d+)\)", str(d["colours"]).replace(" ", ""))
        inks = [SYSTEM_INK[k]["ink"].lstrip("#") for k in d["key"].split("|")]
        # the two systems' inks, alternating
        assert {tuple(int(i[j : j + 2], 16) for j in (0, 2, 4)) for i in inks} == {
            tuple(int(v) for v in s) for s in stops
        }
    assert len(legend) == len(want)
    assert all("both" in row for row in legend)
    for shot in shots:  # two colours in stripes, each on a good share of the band
        img = Image.open(io.BytesIO(shot)).convert("RGB")
        counts = sorted(img.getcolors(1 << 20) or [], reverse=True)
        total = img.width * img.height
        main = [c for n, c in counts if n >= 0.1 * total]
        assert len(main) >= 2, counts[:4]
        assert max(abs(p - q) for a in main for b in main for p, q in zip(a, b, strict=True)) > 20


def _graph(stem: str) -> Any:
    return ecograph.load_graph(str(next(p for p in EXAMPLES if p.stem == stem)))
