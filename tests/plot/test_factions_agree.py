"""One faction computation in every view (issue 13, point 5).

``ecograph analyze`` (JSON and text), ``plot --kind factions`` and the HTML map give the same
grouping for the same case and date, numbered from 1 everywhere.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ecograph
from ecograph.analysis.report import analyze, case_factions
from ecograph.cli import app
from ecograph.plot import plot_factions
from ecograph.plot.html import map_data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _partition(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(m) for m in groups.values() if m}


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_view_shows_the_same_factions(example: Path) -> None:
    g = ecograph.load_graph(str(example))
    report = analyze(g, only=["factions"]).to_json()["sections"]["factions"]
    assert sorted(report["groups"], key=int) == [str(i) for i in range(1, report["k"] + 1)]
    text_groups = _partition(report["groups"])

    data = map_data(g, analysis="none")
    by_number: dict[int, list[str]] = {}
    for a in data["actors"]:
        if a["faction"] is not None:
            by_number.setdefault(a["faction"], []).append(a["id"])
    assert min(by_number) == 1
    assert _partition({str(k): v for k, v in by_number.items()}) == text_groups
    # the same number for the same group in the map and in the report
    assert {str(k): sorted(v) for k, v in by_number.items()} == {
        k: sorted(v) for k, v in report["groups"].items() if v
    }

    fig = plot_factions(g)
    titles = sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid() == "faction-title")
    assert titles[0].startswith("faction 1 ")
    fac = case_factions(g)
    drawn: dict[str, list[str]] = {str(i + 1): [] for i in range(fac.k)}
    for a, grp in fac.groups.items():
        drawn[str(grp + 1)].append(str(a))
    assert _partition(drawn) == text_groups


def test_the_text_report_numbers_factions_from_one() -> None:
    res = CliRunner().invoke(
        app, ["analyze", str(ROOT / "examples" / "child-protection.yaml"), "--only", "factions"]
    )
    assert res.exit_code == 0, res.output
    numbers = [int(m) for m in re.findall(r"^\s+(\d+): ", res.output, flags=re.M)]
    assert numbers and numbers[0] == 1 and 0 not in numbers


def test_roberta_is_with_her_family_in_the_picture_too() -> None:
    """The issue's example: analyze put Roberta with her family, the figure did not."""
    g = ecograph.load_graph(str(ROOT / "examples" / "child-protection.yaml"))
    fac = case_factions(g)
    groups = {str(a): c for a, c in fac.groups.items()}
    family = [a.id for a in g.actors() if "family" in a.member_of]
    assert family and all(groups[m] == groups["roberta"] for m in family if m in groups)
    assert json.dumps(map_data(g, analysis="none")["factions"]["groups"])  # JSON-able
