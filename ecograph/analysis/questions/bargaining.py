"""Bargaining: where an agreement is the fitting tactic, with M. Horn's basis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecograph.analysis.questions.base import Inputs, Question, TextView

if TYPE_CHECKING:
    from ecograph.analysis.bargaining import Bargain

__all__ = ["QUESTION"]


def _compute(inputs: Inputs) -> list[Bargain]:
    from ecograph.analysis.bargaining import bargaining

    return bargaining(inputs.assessment)


def _text(items: list[Bargain], v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- where an agreement is the fitting tactic")
    if not items:
        v.say("  none")
    for b in v.head(items):
        v.say(
            f"  {v.n(b.actor)}: {b.basis.replace('_', ' ')} -- agreement "
            f"{v.score(b.agreement)} with {v.n(b.by)}"
        )
        if len(b.tactic.conditions) > 2:
            v.say(f"      {v.esc(b.tactic.conditions[2])}")
        if b.tactic.levers:
            v.say(
                "      [yellow]agreement is unlikely now; what would change it:[/yellow] "
                + v.esc("; ".join(b.tactic.levers))
            )
    v.more(len(items))


QUESTION: Question[list[Bargain]] = Question(
    name="bargaining",
    title="Bargaining",
    asks="where agreement is the fitting tactic, with M. Horn's basis",
    rule="negotiation",
    compute=_compute,
    render_text=_text,
    scored=True,
)
