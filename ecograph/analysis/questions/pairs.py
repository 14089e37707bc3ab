"""Pairs: every pair's likelihoods, its dominant type, and the reasons behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecograph.analysis.questions.base import Inputs, Question, TextView

if TYPE_CHECKING:
    from ecograph.analysis.likelihood import PairAssessment

__all__ = ["QUESTION"]


def _compute(inputs: Inputs) -> list[PairAssessment]:
    return list(inputs.assessment.pairs)


def _text(items: list[PairAssessment], v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- every pair's scores and the rule behind each reason")
    for p in v.head(items):
        v.say(f"  {v.n(p.a)} -- {v.n(p.b)}: mostly {p.dominant}; {v.scores(p.likelihood)}")
        for r in p.reasons:
            v.say("      - " + v.reason(r))
    v.more(len(items))


QUESTION: Question[list[PairAssessment]] = Question(
    name="pairs",
    title="Pairs",
    asks="every pair's likelihoods and reasons",
    rule="current_state",
    compute=_compute,
    render_text=_text,
    on_request=True,
    scored=True,
)
