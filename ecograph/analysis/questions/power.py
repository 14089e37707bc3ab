"""Power: the largest power gaps on hostile ties, and the constrained clients nobody supports."""

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
    from ecograph.analysis.power import PowerReport
    from ecograph.graph import EcoGraph

__all__ = ["QUESTION", "power_imbalance"]


def _compute(inputs: Inputs) -> PowerReport:
    from ecograph.analysis.power import power_report

    return power_report(inputs.features)


def _text(rep: PowerReport, v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- largest gaps on hostile ties")
    if not rep.gaps:
        v.say("  no hostile tie with a large power gap")
    for g in v.head(rep.gaps):
        mand = f"; mandated: {', '.join(v.n(x) for x in g.mandated)}" if g.mandated else ""
        v.say(f"  {v.n(g.stronger)} over {v.n(g.weaker)}: gap {g.gap:.2f}{mand}")
    v.more(len(rep.gaps))
    for c in rep.unsupported:
        lacks = " and ".join(f"an {x}" if x[0] in "aeiou" else f"a {x}" for x in c.lacks)
        v.say(f"  [red]{v.n(c.actor)}[/red] is {c.constrained}, and lacks {v.esc(lacks)}")


def power_imbalance(graph: EcoGraph) -> list[Row]:
    """Power imbalance and its direction on each present conflict relationship.

    The twin of ``queries/power_imbalance.cypher``.

    Returns
    -------
    list of dict
        ``relationship``, ``stronger``, ``weaker``, ``imbalance`` (difference of power),
        ``mandated`` (the actors mandated into the relationship, as recorded), by imbalance
        descending then relationship id; on equal power the smaller id is "stronger".
    """
    from ecograph.model import RelationType

    rows = []
    for rel, state in graph.states():
        if state.type != RelationType.CONFLICT:
            continue
        a, b = graph.actor(rel.source), graph.actor(rel.target)
        a_stronger = a.power > b.power or (a.power == b.power and a.id < b.id)
        strong, weak = (a, b) if a_stronger else (b, a)
        rows.append(
            {
                "relationship": rel.key,
                "stronger": strong.id,
                "weaker": weak.id,
                "imbalance": round(abs(a.power - b.power), 9),
                "mandated": list(rel.mandated),
            }
        )
    return sorted(rows, key=lambda r: (-r["imbalance"], r["relationship"]))


def _database_text(answers: Sequence[list[Row]], v: DatabaseView) -> None:
    (rows,) = answers
    gap = v.params.thresholds.power_gap
    if not rows:
        v.say("  no present relationship where conflict dominates")
    for r in v.head(rows):
        s, w = r["stronger"], r["weaker"]
        mark = ": a large gap" if r["imbalance"] >= gap else ""
        mandated = r.get("mandated") or []
        mand = (
            f"; mandated, cannot walk away: {', '.join(v.n(x) for x in mandated)}"
            if mandated
            else ""
        )
        v.say(
            f"  {v.n(s)} over {v.n(w)}: imbalance {r['imbalance']:.2f} "
            f"(power {v.powers.get(s, 0.0):.2f} vs {v.powers.get(w, 0.0):.2f}{mark}){mand}"
        )
    v.more(len(rows))


QUESTION: Question[PowerReport] = Question(
    name="power",
    title="Power",
    asks="largest power gaps on hostile ties; unsupported constrained clients",
    rule="power_gap",
    compute=_compute,
    render_text=_text,
    database=DatabaseTwin(
        asks="power imbalance on each present conflict, largest first (a gap is large from "
        "{gap:.2f}, thresholds.power_gap)",
        queries=(
            Query("power_imbalance", power_imbalance, actors=("stronger", "weaker", "mandated")),
        ),
        render_text=_database_text,
    ),
)
