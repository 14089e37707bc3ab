"""The map's analysis at every slider stop: the same answers as the one analysis, found once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import ecograph
from ecograph.analysis import structural
from ecograph.analysis.structural import case_factions, case_structural_graph
from ecograph.plot.html import map_data

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "community-40.yaml"


def _stops(data: dict[str, Any]) -> list[dt.date | None]:
    return [dt.date.fromisoformat(d) for d in data["dates"]] + [None]


def test_every_stop_has_the_factions_of_that_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each stop shows what ``case_factions`` finds on its date, and the search runs once per
    distinct signed graph: a stop where only a strength, a mix or a newcomer changed reuses
    the grouping (community-40: 15 searches for 22 stops; 21 before)."""
    g = ecograph.load_graph(str(EXAMPLE))
    calls: list[int] = []
    search = structural.factions_of

    def counted(plain: Any, p: Any) -> Any:
        calls.append(plain.number_of_edges())
        return search(plain, p)

    monkeypatch.setattr(structural, "factions_of", counted)
    data = map_data(g, analysis="none")
    stops = _stops(data)
    assert [s["date"] for s in data["timeline"]["stops"]] == [
        d.isoformat() if d else None for d in stops
    ]
    distinct = {
        (tuple(p.nodes), tuple((u, v, e["sign"]) for u, v, e in p.edges(data=True)))
        for p in (case_structural_graph(g, as_of=d) for d in stops)
    }
    # the page's opening grouping, plus one search per distinct graph of the slider
    assert len(calls) == 1 + len(distinct) < 1 + len(stops)
    monkeypatch.setattr(structural, "factions_of", search)
    for day, stop in zip(stops, data["timeline"]["stops"], strict=True):
        fac = case_factions(g, as_of=day)
        assert fac is not None
        assert stop["factions"]["groups"] == {a: c + 1 for a, c in fac.groups.items()}, day
