"""The text of ``ecograph analyze``: a summary first, then each section in plain words.

Scores are given in words first (likely, possible, unlikely) with the number beside; each reason
names its rule in words, says what it saw, and quotes the model. Ids, rule ids and feature names
stay in ``--json``. Lists stop at :data:`ROWS` rows unless ``--all`` is given. Used by
``ecograph analyze`` and by the database report (:mod:`ecograph.cli.db_render`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.markup import escape

from ecograph.analysis.questions import REGISTRY
from ecograph.analysis.questions.base import ROWS, TextView
from ecograph.cli.common import console

__all__ = ["ROWS", "TextView", "render_report", "render_sections", "say", "text_view"]

#: What every score is, said once at the top of a report that shows scores.
SCORES_NOTE = (
    "Scores come from the ecosystem model's weighted rules (docs/analysis.md), not from "
    "measured probabilities: likely from {likely:.2f}, unlikely below {unlikely:.2f}. A reason's "
    "number is what its rule adds to the score (log-odds)."
)


def say(text: str) -> None:
    """Print one line; piped output is not wrapped (a line stays one line)."""
    console.print(text, soft_wrap=not console.is_terminal, highlight=False)


def text_view(names: Mapping[str, str], params: Any, *, show_all: bool = False) -> TextView:
    """Return the view that prints a report's sections on the console, names for ids."""

    def n(x: Any) -> str:
        return escape(names.get(str(x), str(x)))

    return TextView(n, params, say, show_all)


def render_report(report: Any, *, show_all: bool = False) -> None:
    """Print an :class:`~ecograph.analysis.report.AnalysisReport` as text."""
    if report.kind == "case":
        head = f"[bold]{escape(report.title)}[/bold]  (case {escape(report.case)})"
    else:
        head = f"[bold]{escape(report.title)}[/bold]  (a signed network: structural sections only)"
    if report.as_of:
        head += f" -- as of {report.as_of.isoformat()}"
    say(head)
    view = text_view(report.names, report.params, show_all=show_all)
    if any(REGISTRY[s].scored for s in report.sections):
        th = report.params.thresholds
        say(f"[dim]{SCORES_NOTE.format(likely=th.likely, unlikely=th.unlikely)}[/dim]")
    if report.summary:
        say("")
        say("[bold]Act on now[/bold]")
        for i, p in enumerate(report.summary, 1):
            say(f"  {i}. {escape(p.action)}: {escape(p.reason)}")
    render_sections(report.sections, view)


def render_sections(sections: Mapping[str, Any], view: TextView) -> None:
    """Print each section of a report, as its question writes it."""
    for name, value in sections.items():
        view.say("")
        REGISTRY[name].render_text(value, view)
