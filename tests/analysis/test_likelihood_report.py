"""What a worker reads about one pair and one target: scores, reasons and tactics, whole.

The case: worker ``w`` cooperates with client ``c`` (0.6); both
are in conflict with the target ``t`` (``w``--``t`` 0.7); ``x`` is in the action system.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ecograph.analysis.likelihood import (
    RULES,
    Assessment,
    Reason,
    assess,
    likelihood_word,
    score_words,
    scores_note,
)
from ecograph.analysis.params import Thresholds
from ecograph.graph import EcoGraph
from ecograph.model import Case

DAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    roles = {"w": "change_agent", "c": "client", "t": "target", "x": "action"}
    case = Case.model_validate(
        {
            "id": "t",
            "title": "T",
            "actors": [
                {"id": k, "name": k, "power": 0.5, "roles": [role]} for k, role in roles.items()
            ],
            "relationships": [
                {"source": "w", "target": "c", "type": "cooperation", "strength": 0.6},
                {"source": "w", "target": "t", "type": "conflict", "strength": 0.7},
                {"source": "c", "target": "t", "type": "conflict"},
            ],
        }
    )
    return assess(EcoGraph.from_case(case), as_of=DAY)


def reason(rule: str, title: str, says: str, features, effect, score):  # type: ignore[no-untyped-def]
    return {
        "rule": rule,
        "title": title,
        "quote": RULES[rule],
        "says": says,
        "features": features,
        "effect": effect,
        "score": score,
    }


def test_the_worker_and_the_target_whole(assessment: Assessment) -> None:
    assert assessment.pair("t", "w").to_json() == {
        "a": "w",
        "b": "t",
        "related": True,
        "current": "conflict",
        "likelihood": {"cooperation": 0.0253, "agreement": 0.0341, "conflict": 0.9406},
        "dominant": "conflict",
        "reasons": [
            reason(
                "current_state",
                "the relationship now",
                "their relationship now is mainly conflict, strength 0.70",
                {
                    "strength": 0.7,
                    "share_cooperation": 0.0,
                    "share_agreement": 0.0,
                    "share_conflict": 1.0,
                },
                {"cooperation": -0.5833, "agreement": -0.5833, "conflict": 1.1667},
                {"conflict": 1.75},
            ),
            reason(
                "role_target",
                "roles: target system",
                "the worker's side and a target of the change",
                {"target_system": 1.0},
                {"cooperation": -0.1, "agreement": 0.2, "conflict": -0.1},
                {"agreement": 0.3},
            ),
            reason(
                "no_negotiation",
                "no way to negotiate",
                "nothing makes talks possible: no channel of friendly ties, no one both trust, "
                "no expectation of moderate demands",
                {"channel": 0.0, "convener": 0.0, "moderate_demands": 0.0},
                {"cooperation": -0.2667, "agreement": -0.2667, "conflict": 0.5333},
                {"conflict": 0.8},
            ),
            reason(
                "structural_pressure",
                "structural balance",
                "their ties to 1 shared contact pull them apart",
                {"pressure": -0.7616, "triads": 1.0, "agreed": 0.0},
                {"cooperation": -0.3554, "agreement": -0.3554, "conflict": 0.7108},
                {"conflict": 1.0662},
            ),
        ],
    }


def test_the_reasons_in_words(assessment: Assessment) -> None:
    pa = assessment.pair("w", "t")
    assert [r.in_words() for r in pa.reasons] == [
        "the relationship now (adds 1.17 toward conflict): their relationship now is mainly "
        "conflict, strength 0.70",
        "roles: target system (adds 0.20 toward agreement): the worker's side and a target of "
        "the change",
        "no way to negotiate (adds 0.53 toward conflict): nothing makes talks possible: no "
        "channel of friendly ties, no one both trust, no expectation of moderate demands",
        "structural balance (adds 0.71 toward conflict): their ties to 1 shared contact pull "
        "them apart",
    ]
    # toward a type the rule lowers: it adds nothing there
    assert pa.reasons[0].in_words("agreement") == (
        "the relationship now (no net effect): their relationship now is mainly conflict, "
        "strength 0.70"
    )
    assert (
        pa.reasons[1]
        .in_words("agreement")
        .startswith("roles: target system (adds 0.20 toward agreement)")
    )


@pytest.mark.parametrize(
    ("size", "what"),
    [
        (0.005, "no net effect"),
        (0.0051, "adds 0.01 toward agreement"),
        (1.0, "adds 1.00 toward agreement"),
    ],
)
def test_a_reason_too_small_to_show_says_no_net_effect(size: float, what: str) -> None:
    r = Reason(
        "role_target",
        RULES["role_target"],
        {},
        {"cooperation": -size / 2, "agreement": size, "conflict": -size / 2},
        says="s",
        title="t",
    )
    assert r.in_words() == f"t ({what}): s"


def test_the_assessment_as_json(assessment: Assessment) -> None:
    data = assessment.to_json()
    assert data["as_of"] == "2026-06-01"
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [
        ("w", "c"),
        ("w", "t"),
        ("c", "t"),
        ("w", "x"),
        ("c", "x"),
    ]
    assert data["pairs"][1] == assessment.pair("w", "t").to_json()
    assert data["tactics"] == [
        {
            "actor": "t",
            "by": "w",
            "tactic": "bargaining",
            "basis": "compromise",
            "deliberate_conflict": False,
            "risk": "conflict is the most likely outcome now; bargaining may fail without a "
            "convener",
            "conditions": [
                "scores with w: cooperation unlikely (0.03), agreement unlikely (0.03), "
                "conflict likely (0.94)",
                "compromise: negotiation uncovers hidden reserves or a compromise that allows "
                "the change",
                "no stronger basis fits: seek a compromise that allows the change",
                "the two have not agreed yet about the efforts to achieve change (their "
                "relationship is conflict): this agreement comes first; cooperation (unlikely, "
                "0.03) is possible only after it",
            ],
            "levers": [
                "the present relationship is mainly conflict: open with a meeting a neutral "
                "person convenes, on one concrete step both want",
                "their other ties pull them apart: work through the contacts they share",
                "nothing makes talks possible yet: find a channel of friendly ties, someone "
                "both trust to convene, or moderate the demands",
            ],
        },
        {
            "actor": "x",
            "by": "w",
            "tactic": "bargaining",
            "basis": "compromise",
            "deliberate_conflict": False,
            "risk": None,
            "conditions": [
                "scores with w: cooperation possible (0.39), agreement possible (0.39), "
                "conflict possible (0.22)",
                "compromise: negotiation uncovers hidden reserves or a compromise that allows "
                "the change",
                "no stronger basis fits: seek a compromise that allows the change",
            ],
            "levers": [],
        },
    ]
    undated = Assessment(assessment.pairs, assessment.tactics, None, assessment.params)
    assert undated.to_json()["as_of"] is None


@pytest.mark.parametrize(
    ("score", "word"),
    [(0.5, "likely"), (0.4999, "possible"), (0.2, "possible"), (0.1999, "unlikely")],
)
def test_likelihood_words_at_the_thresholds(score: float, word: str) -> None:
    assert likelihood_word(score) == word
    assert score_words(score) == f"{word} ({score:.2f})"


def test_likelihood_words_follow_settable_thresholds() -> None:
    th = Thresholds(likely=0.7, unlikely=0.1)
    assert [likelihood_word(s, th) for s in (0.7, 0.69, 0.1, 0.09)] == [
        "likely",
        "possible",
        "possible",
        "unlikely",
    ]
    assert score_words(0.69, th) == "possible (0.69)"
    assert scores_note(th) == (
        "Scores come from the ecosystem model's weighted rules (docs/analysis.md), not from "
        "measured probabilities: likely from 0.70, unlikely below 0.10. "
        "A reason's number is what its rule adds to the score (log-odds)."
    )
    assert "likely from 0.50, unlikely below 0.20." in scores_note()
