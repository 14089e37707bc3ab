"""Colour: the relationship types stay apart for colour-blind readers (issue 13, point 4).

The simulation is Machado, Oliveira & Fernandes (2009), severity 1; the distance CIE76 in
CIELAB. Known answers: pure white and black are 100 apart; a grey is unchanged by every
simulation (the matrices' rows sum to 1).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import ecograph
from ecograph.model import RelationType
from ecograph.plot import plot_ecosystem
from ecograph.plot._common import TYPE_STYLE
from ecograph.plot.html import map_data
from ecograph.plot.palette import (
    DEFICIENCIES,
    FACTION_COLOURS,
    MIN_DELTA_E,
    RELATION_COLOURS,
    delta_e,
    simulate,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_simulation_and_distance_give_known_answers() -> None:
    assert delta_e(simulate("#FFFFFF", None), simulate("#000000", None)) == pytest.approx(
        100, abs=0.1
    )
    for d in DEFICIENCIES:
        grey = simulate("#808080", d)
        assert grey == pytest.approx(simulate("#808080", None), abs=2e-3)
    # the complaint: the old agreement orange and conflict vermillion merge for a
    # deuteranope (both turn olive)
    old = delta_e(simulate("#E69F00", "deuteranopia"), simulate("#D55E00", "deuteranopia"))
    assert old < 20


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_relationship_colours_stay_apart_under_every_deficiency(deficiency: str | None) -> None:
    drawn = {t: TYPE_STYLE[t].colour for t in RelationType}
    for a, b in itertools.combinations(RelationType, 2):
        d = delta_e(simulate(drawn[a], deficiency), simulate(drawn[b], deficiency))
        assert d >= MIN_DELTA_E, (a.value, b.value, deficiency, round(d, 1))


def test_line_patterns_still_tell_the_types_apart() -> None:
    styles = {str(TYPE_STYLE[t].linestyle) for t in RelationType}
    assert len(styles) == 3


def test_one_palette_for_figures_and_map() -> None:
    g = ecograph.load_graph(str(ROOT / "examples" / "child-protection.yaml"))
    data = map_data(g, analysis="none")
    for t in RelationType:
        assert data["styles"]["types"][t.value]["colour"] == RELATION_COLOURS[t.value]
        assert TYPE_STYLE[t].colour == RELATION_COLOURS[t.value]
    fig = plot_ecosystem(g)
    for coll in fig.axes[0].collections:
        gid = coll.get_gid() or ""
        if gid.startswith("edges:"):
            from matplotlib.colors import to_hex

            assert to_hex(coll.get_edgecolor()[0]).upper() == RELATION_COLOURS[gid[6:]].upper()
    # the map takes its faction colours from the page data, not from a list of its own
    script = (ROOT / "ecograph" / "plot" / "assets" / "map.js").read_text()
    assert not re.search(r"FACTION_COLOURS\s*=\s*\[", script)
    assert data["styles"]["factions"] == list(FACTION_COLOURS)


def test_faction_colours_never_reuse_a_relationship_colour() -> None:
    for f in FACTION_COLOURS:
        for t in RELATION_COLOURS.values():
            d = delta_e(simulate(f, None), simulate(t, None))
            assert d >= 15, (f, t, round(d, 1))
