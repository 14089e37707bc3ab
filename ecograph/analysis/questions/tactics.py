"""Tactics: the suggested tactic toward every target and action-system actor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecograph.analysis.questions.base import Inputs, Question, TextView

if TYPE_CHECKING:
    from ecograph.analysis.likelihood import Tactic

__all__ = ["QUESTION"]


def _compute(inputs: Inputs) -> list[Tactic]:
    return list(inputs.assessment.tactics)


def _text(items: list[Tactic], v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- toward each target and action-system actor")
    for tc in v.head(items):
        what = tc.tactic + (f" ({tc.basis.replace('_', ' ')})" if tc.basis else "")
        if tc.deliberate_conflict:
            what = "[red]conflict as a deliberate tactic[/red]"
        v.say(f"  {v.n(tc.actor)}: {what}, for {v.n(tc.by)}")
        for c in tc.conditions:
            v.say(f"      - {v.esc(c)}")
        if tc.levers:
            v.say("      what would change it: " + v.esc("; ".join(tc.levers)))
        if tc.risk:
            v.say(f"      [yellow]risk:[/yellow] {v.esc(tc.risk)}")
    v.more(len(items))


QUESTION: Question[list[Tactic]] = Question(
    name="tactics",
    title="Tactics",
    asks="the suggested tactic toward every target and action-system actor",
    words="cooperation is possible only when there is agreement about the efforts to achieve "
    "change; conflict can also be a deliberate intervention tactic",
    compute=_compute,
    render_text=_text,
    scored=True,
)
