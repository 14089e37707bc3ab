"""Warnings do not recommend an advocate or a conference the case already has (issue 13, 6)."""

from __future__ import annotations

import datetime as dt

import ecograph
from ecograph.analysis.early_warning import WarningKind, early_warnings
from ecograph.analysis.whatif import what_if
from ecograph.io.scenario import load_scenario


def _hostility(g, day):  # type: ignore[no-untyped-def]
    return [w for w in early_warnings(g, as_of=day) if w.kind is WarningKind.SUSTAINED_HOSTILITY]


def test_an_advocate_the_client_has_is_not_recommended_again() -> None:
    g = ecograph.load_graph("examples/child-protection.yaml")
    before = _hostility(g, dt.date(2026, 6, 30))
    assert before and all("an advocate" in w.why for w in before)
    after = what_if(g, load_scenario("examples/scenarios/advocate.yaml", g)).after_graph
    found = _hostility(after, dt.date(2026, 7, 30))
    assert found
    for w in found:
        assert w.facts["advocates"] == ["advocate"]
        assert "an advocate, " not in w.why and "an advocate or" not in w.why
        assert "already has an advocate" in w.why
        assert w.to_json()["why"] == w.why
