"""Actors who have not yet joined the case get no tactic, no pair and no warning (issue 13, 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

import ecograph
from ecograph.analysis.early_warning import early_warnings
from ecograph.analysis.likelihood import assess
from ecograph.cli import app
from ecograph.graph import EcoGraph
from ecograph.model import Actor, Observation, Relationship

EXAMPLE = "examples/child-protection.yaml"


def test_tactics_and_pairs_leave_out_the_advocate_before_it_joins() -> None:
    g = ecograph.load_graph(EXAMPLE)
    may = assess(g, as_of=dt.date(2026, 5, 11))
    assert "advocate" not in {t.actor for t in may.tactics}
    assert all("advocate" not in (p.a, p.b) for p in may.pairs)
    october = assess(g, as_of=dt.date(2026, 10, 26))
    assert "advocate" in {t.actor for t in october.tactics}


def test_warnings_leave_out_an_actor_before_its_joined_date() -> None:
    g = EcoGraph("c", "Case")
    g.add_actor(Actor(id="w", name="Worker", roles=["change_agent"]))
    g.add_actor(Actor(id="c", name="Client", roles=["client"], joined=dt.date(2026, 6, 1)))
    day = dt.date(2026, 1, 1)
    g.add_relationship(
        Relationship(
            source="w",
            target="c",
            history=[
                Observation(date=day, type="cooperation", strength=0.8),
                Observation(date=dt.date(2026, 2, 1), type="conflict", strength=0.8),
            ],
        )
    )
    assert early_warnings(g, as_of=dt.date(2026, 3, 1)) == []
    assert early_warnings(g, as_of=dt.date(2026, 7, 1))  # joined: it is warned about


def test_the_join_date_is_read_from_the_first_dated_relationship() -> None:
    joined = ecograph.load_graph(EXAMPLE).joined_dates()
    assert joined["advocate"] == dt.date(2026, 9, 21)  # given in the file
    assert joined["nursery"] == dt.date(2026, 2, 2)  # its first observation
    assert "roberta" not in joined  # an undated tie: in the case from the start
    assert "family" not in joined  # a group is in as soon as a member is


@pytest.mark.parametrize("value", ["1850-01-01", "2300-01-01"])
def test_a_joined_date_outside_the_supported_range_is_refused(tmp_path, value) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "ecograph: 1\nid: c\ntitle: C\nactors:\n"
        f"  - {{id: a, name: A, roles: [client], joined: {value}}}\n"
    )
    result = CliRunner().invoke(app, ["validate", str(case)])
    assert result.exit_code == 2
    assert "actors[0].joined" in result.output and "1900-01-01..2199-12-31" in result.output
    assert "Traceback" not in result.output
