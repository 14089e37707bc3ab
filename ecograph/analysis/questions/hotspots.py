"""Hotspots: pairs where conflict is most likely; in the database, who carries the most conflict.

The Python section ranks pairs, related or not, by their conflict likelihood
(:mod:`ecograph.analysis.hotspots`). The database cannot score likelihoods; its twin
(``queries/conflict_load.cypher``) ranks actors by their conflict load now.
"""

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
    plural,
)

if TYPE_CHECKING:
    from ecograph.analysis.hotspots import Hotspot
    from ecograph.graph import EcoGraph

__all__ = ["QUESTION", "conflict_load"]


def _compute(inputs: Inputs) -> Sequence[Hotspot]:
    from ecograph.analysis.hotspots import hotspots

    return hotspots(inputs.assessment)


def _text(items: Sequence[Hotspot], v: TextView) -> None:
    v.say(f"[bold]{QUESTION.title}[/bold] -- where conflict is most likely")
    if not items:
        v.say("  none above the hotspot threshold")
    for h in v.head(items):
        v.say(f"  {v.n(h.a)} -- {v.n(h.b)}: [red]conflict {v.score(h.conflict)}[/red]")
        v.say(f"      {v.esc(h.now_words())}; {h.others_words(v.params.thresholds)}")
        for r in [d for d in h.reasons if d.rule != "current_state"][:3]:
            v.say("      - " + v.reason(r, "conflict"))
    v.more(len(items))


def conflict_load(graph: EcoGraph) -> list[Row]:
    """Rank actors by their conflict load (sum of conflict share x strength of present ties).

    The twin of ``queries/conflict_load.cypher``.

    Returns
    -------
    list of dict
        ``actor``, ``conflicts`` (present relationships whose dominant type is conflict),
        ``conflict_load``; only actors with a load above 0; by load descending, then id.
    """
    from ecograph.model import RelationType

    count: dict[str, int] = {}
    load: dict[str, float] = {}
    for rel, state in graph.states():
        share = state.mix.weights()[RelationType.CONFLICT] * state.strength
        for end in (rel.source, rel.target):
            count[end] = count.get(end, 0) + (state.type == RelationType.CONFLICT)
            load[end] = load.get(end, 0.0) + share
    rows = [
        {"actor": a, "conflicts": count[a], "conflict_load": round(load[a], 9)}
        for a in load
        if load[a] > 0
    ]
    return sorted(rows, key=lambda r: (-r["conflict_load"], r["actor"]))


def _database_text(answers: Sequence[list[Row]], v: DatabaseView) -> None:
    (rows,) = answers
    if not rows:
        v.say("  none: no present relationship holds any conflict")
    for r in v.head(rows):
        k = r["conflicts"]
        dominant = (
            f"conflict dominates {plural(k, 'relationship')}"
            if k
            else "conflict dominates none of its relationships (it is part of a mix)"
        )
        v.say(f"  {v.n(r['actor'])}: conflict load {r['conflict_load']:.2f}; {dominant}")
    v.more(len(rows))


QUESTION: Question[Sequence[Hotspot]] = Question(
    name="hotspots",
    title="Hotspots",
    asks="pairs ranked by conflict likelihood, related or not",
    rule="no_negotiation",
    compute=_compute,
    render_text=_text,
    scored=True,
    database=DatabaseTwin(
        asks="who carries the most conflict now (conflict load: the conflict share of each "
        "present relationship times its strength, summed)",
        queries=(Query("conflict_load", conflict_load, actors=("actor",)),),
        render_text=_database_text,
    ),
)
