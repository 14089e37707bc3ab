"""The text report of ``ecograph analyze CASE_ID --store bolt://...``: where each part was computed.

Imported only when such a report is printed (it needs the analysis modules). Each section
answered in the database is written by its question's database twin
(:class:`~ecograph.analysis.questions.base.DatabaseTwin`).
"""

from __future__ import annotations

from typing import Any

from ecograph.analysis.db_report import READS, StoreReport
from ecograph.analysis.questions import REGISTRY
from ecograph.analysis.questions.base import DatabaseView, TextView
from ecograph.cli.common import console
from ecograph.cli.report_text import render_sections, say

__all__ = ["render_store"]


def render_store(report: StoreReport) -> None:
    """Print the report: the database's answers, the Python sections, what was not computed."""
    names = report.names

    def n(x: Any) -> str:
        return names.get(str(x), str(x))

    console.print(f"[bold]{report.title}[/bold]  (case {report.case})")
    db = report.database
    if db is not None:
        console.print(
            f"Answers computed in the database at {report.store} by the queries in queries/ "
            f"(one read transaction); they read {READS}."
        )
        view = DatabaseView(n, report.params, console.print, powers=db.powers, ends=db.ends)
        gap = report.params.thresholds.power_gap
        for section in report.plan.database:
            q = REGISTRY[section]
            twin = q.database
            if twin is None:  # the plan puts only sections with a twin here
                continue
            console.print()
            console.print(f"[bold]{q.title}[/bold] -- " + twin.asks.format(gap=gap))
            console.print(f"  [dim]rule: {q.model_words}[/dim]")
            twin.render_text([db.rows[x.name] for x in twin.queries], view)
    py = report.python
    if py is not None:
        console.print()
        when = f" as of {py.as_of.isoformat()}" if py.as_of else ""
        console.print(
            f"These sections were computed in Python on the case pulled from {report.store}"
            f"{when}: {', '.join(py.sections)}."
        )
        render_sections(py.sections, TextView(n, report.params, say))
    if report.plan.skipped:
        console.print()
        console.print(
            f"Not computed in the database: {', '.join(report.plan.skipped)} (they need every "
            "pair's likelihoods, the goals and stances, or the whole signed map); add --full "
            "to pull the case and compute them in Python, or name them with --only."
        )
