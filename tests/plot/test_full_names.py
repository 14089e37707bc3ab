"""Names are shown in full wherever they fit, also on a crowded map in projector style.

Above 20 actors the ecosystem figure (and each panel of the what-if figure, which draws it
twice) cut every name to 16 characters in projector style: "Northgate..." stood for five
different actors. Now each name is first placed in its short form (so no more are left out
than before), then shown in full wherever the full name fits beside the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ecograph
from ecograph.plot import plot_ecosystem
from ecograph.plot._common import apply_style

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _labels(fig: Any) -> list[Any]:
    return [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label:")]


def test_crowded_projector_map_shows_names_in_full_where_they_fit(overlaps_of) -> None:  # type: ignore[no-untyped-def]
    g = ecograph.load_graph(str(EXAMPLES / "community-40.yaml"))
    names = {a.id: a.name for a in g.actors()}
    fig = apply_style(plot_ecosystem(g, style="projector"), "projector")
    shown = [t for t in _labels(fig) if t.get_visible()]
    full = [t for t in shown if " ".join(t.get_text().split()) == names[t.get_gid()[6:]]]
    assert len(shown) >= 40  # as many names as before (7 of 47 left out, and said so)
    assert len(full) >= 12  # in full: 4 before
    for t in shown:  # a shortened name is the start of the actor's name
        text = " ".join(t.get_text().split())
        assert text == names[t.get_gid()[6:]] or (
            text.endswith("...") and names[t.get_gid()[6:]].startswith(text[:-3].rstrip())
        )
    assert overlaps_of(fig) == []
