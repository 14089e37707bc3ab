"""Every example's HTML map in headless Chromium: it loads clean, and draws what the layout says."""

from __future__ import annotations

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
