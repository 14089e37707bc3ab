"""The workspace's map draws the overlap band: actors in two systems sit in a striped strip.

The band is the layout's (:func:`ecograph.plot.layout.system_layout`, in the map data the
server sends); the page draws it where the data says, in both systems' inks, under the lines.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from ecograph.io.casefile import load_case
from ecograph.workspace.view import map_view
from tests.conftest import EXAMPLES
from tests.workspace.conftest import served, watched_page


@pytest.mark.parametrize("name", ["child-protection", "probation-law"])
def test_the_workspace_map_draws_each_band_where_the_layout_puts_it(
    chromium, tmp_path: Path, name: str
) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(EXAMPLES / f"{name}.yaml", tmp_path / f"{name}.yaml")
    want = {b["key"]: b for b in map_view(load_case(EXAMPLES / f"{name}.yaml"))["map"]["bands"]}
    assert want
    with served(tmp_path) as url, watched_page(chromium, url, (1024, 768)) as page:
        deadline = time.monotonic() + 60
        ready = "() => !!window.ecographCy && window.ecographCy.nodes('.actor').length > 0"
        while not page.evaluate(ready):
            assert time.monotonic() < deadline, "the map was never drawn"
            time.sleep(0.1)
        drawn = page.evaluate(
            """() => window.ecographCy.nodes('.band').map(n => ({
                 key: n.data('band'), x: n.position('x'), y: n.position('y'), w: n.width(),
                 h: n.height(), visible: n.visible(), fill: n.style('background-fill'),
                 stops: n.style('background-gradient-stop-colors')}))"""
        )
        legend = page.locator("#legend").inner_text()
        assert page.errors == []
    assert {d["key"] for d in drawn} == set(want)
    for d in drawn:
        b = want[d["key"]]
        assert d["visible"] and d["fill"] == "linear-gradient"
        assert (d["x"], d["y"], d["w"], d["h"]) == pytest.approx(
            (
                (b["x0"] + b["x1"]) / 2,
                (b["y0"] + b["y1"]) / 2,
                b["x1"] - b["x0"],
                b["y1"] - b["y0"],
            ),
            abs=0.6,
        )
        assert len(set(str(d["stops"]).replace(", ", ",").split())) == 2  # two inks, alternating
    assert "band" in legend
