"""Trend: relationships whose history moves toward conflict (:mod:`ecograph.analysis.trend`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecograph.analysis.questions.base import (
    DatabaseTwin,
    DatabaseView,
    Inputs,
    Query,
    Question,
    Row,
    TextView,
)

if TYPE_CHECKING:
    from ecograph.analysis.trend import Trend
    from ecograph.graph import EcoGraph
    from ecograph.model import Observation

__all__ = ["QUESTION", "conflict_trend"]


def _compute(inputs: Inputs) -> list[Trend]:
    from ecograph.analysis.trend import trends

    return trends(inputs.case, params=inputs.params, as_of=inputs.as_of)


def _text(items: list[Trend], v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- relationships moving toward conflict (scale -1 to 1)")
    if not items:
        v.say("  none")
    for t in v.head(items):
        v.say(
            f"  {v.n(t.a)} -- {v.n(t.b)}: {t.slope:+.2f} a month, from "
            f"{t.first.isoformat()} ({t.start:+.2f}) to {t.last.isoformat()} ({t.end:+.2f})"
        )
    v.more(len(items))


def _conflict_share(o: Observation) -> float:
    from ecograph.model import RelationType

    if o.mix is not None:
        total = o.mix.cooperation + o.mix.agreement + o.mix.conflict
        return o.mix.conflict / total
    return 1.0 if o.type == RelationType.CONFLICT else 0.0


def conflict_trend(graph: EcoGraph) -> list[Row]:
    """Relationships whose shared history moves toward conflict (first vs latest observation).

    The twin of ``queries/conflict_trend.cypher``.

    Returns
    -------
    list of dict
        ``relationship``, ``source``, ``target``, ``first_conflict``, ``last_conflict``,
        ``change``; only rows with change > 0; by change descending, then relationship id.
    """
    rows = []
    for rel in graph.relationships():
        shared = [o for o in rel.sorted_history() if o.perceived_by is None]
        if len(shared) < 2:
            continue
        first, last = _conflict_share(shared[0]), _conflict_share(shared[-1])
        if last > first:
            rows.append(
                {
                    "relationship": rel.key,
                    "source": rel.source,
                    "target": rel.target,
                    "first_conflict": first,
                    "last_conflict": last,
                    "change": round(last - first, 9),
                }
            )
    return sorted(rows, key=lambda r: (-r["change"], r["relationship"]))


def _database_text(answers: Sequence[list[Row]], v: DatabaseView) -> None:
    (rows,) = answers
    if not rows:
        v.say("  none")
    for r in v.head(rows):
        v.say(
            f"  {v.n(r['source'])} -- {v.n(r['target'])}: conflict share "
            f"{100 * r['first_conflict']:.0f}% -> {100 * r['last_conflict']:.0f}% "
            f"({100 * r['change']:+.0f} pts)"
        )
    v.more(len(rows))


QUESTION: Question[list[Trend]] = Question(
    name="trend",
    title="Trend",
    asks="relationships whose history moves toward conflict",
    words="relationships never end, they just change",
    compute=_compute,
    render_text=_text,
    database=DatabaseTwin(
        asks="relationships whose shared history moves toward conflict (conflict share of the "
        "first and of the latest shared observation)",
        queries=(Query("conflict_trend", conflict_trend, actors=("source", "target")),),
        render_text=_database_text,
    ),
)
