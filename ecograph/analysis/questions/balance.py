"""Balance: the signed triangle census, the balance score, and where the imbalance sits."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    from ecograph.graph import EcoGraph

__all__ = ["QUESTION", "BalanceSection", "census_score", "triangle_census_rows"]

#: How many rows of each list the balance section keeps.
LIMIT = 10


@dataclass(frozen=True)
class BalanceSection:
    """The balance section: census, score, and where the imbalance sits."""

    census: dict[str, int]
    score: float
    actors: list[tuple[Hashable, int, int]]
    triangles: list[tuple[list[Hashable], list[int]]]

    @property
    def triangle_count(self) -> int:
        """The number of triangles (0: the balance score means nothing)."""
        return sum(self.census.values())

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "census": dict(self.census),
            # no triangle is not balance: there is nothing to score
            "balance_score": round(self.score, 7) if self.triangle_count else None,
            "most_imbalanced_actors": [
                {"actor": a, "triangles": t, "unbalanced": u} for a, t, u in self.actors
            ],
            "unbalanced_triangles": [{"actors": n, "signs": s} for n, s in self.triangles],
        }


def _compute(inputs: Inputs) -> BalanceSection:
    from ecograph.analysis.balance import node_imbalance, triangle_census, unbalanced_triangles

    plain = inputs.structural
    census = triangle_census(plain)
    imb = node_imbalance(plain)
    worst = sorted(
        ((n, i.triangles, i.unbalanced) for n, i in imb.items() if i.unbalanced),
        key=lambda r: (-r[2], -r[1], str(r[0])),
    )[:LIMIT]
    tris = [(list(t.nodes), list(t.signs)) for t in unbalanced_triangles(plain, limit=LIMIT)]
    return BalanceSection(census.as_dict(), census.balance_score, worst, tris)


def _text(sec: BalanceSection, v: TextView) -> None:
    c = sec.census
    if not sum(c.values()):
        v.say(f"[bold]{QUESTION.title}[/bold] -- no triangles: nothing to score")
        return
    v.say(
        f"[bold]{QUESTION.title}[/bold] -- triangle balance score {sec.score:.3f} "
        f"(+++ {c['+++']}, +-- {c['+--']} balanced; ++- {c['++-']}, --- {c['---']} not)"
    )
    for a, tri, bad in sec.actors[:5]:
        v.say(f"  {v.n(a)} sits in {bad} unbalanced of {tri} triangles")


def triangle_census_rows(graph: EcoGraph) -> list[Row]:
    """Return the signed triangle census as the one row ``queries/triangle_census.cypher`` returns."""  # noqa: E501
    from ecograph.analysis.balance import triangle_census
    from ecograph.analysis.signed_view import signed_graph

    c = triangle_census(signed_graph(graph))
    return [{"ppp": c.ppp, "ppn": c.ppn, "pnn": c.pnn, "nnn": c.nnn}]


def census_score(row: Row) -> float:
    """Share of balanced triangles (+++ and +--) in a census row; 1.0 with no triangle.

    Examples
    --------
    >>> census_score({"ppp": 1, "ppn": 3, "pnn": 0, "nnn": 0})
    0.25
    """
    total = row["ppp"] + row["ppn"] + row["pnn"] + row["nnn"]
    return (row["ppp"] + row["pnn"]) / total if total else 1.0


def _database_text(answers: Sequence[list[Row]], v: DatabaseView) -> None:
    c = answers[0][0]
    total = c["ppp"] + c["ppn"] + c["pnn"] + c["nnn"]
    v.say(
        f"  triangle balance score {census_score(c):.3f} over {plural(total, 'triangle')}: "
        f"+++ {c['ppp']}, +-- {c['pnn']} balanced; ++- {c['ppn']}, --- {c['nnn']} not"
    )


QUESTION: Question[BalanceSection] = Question(
    name="balance",
    title="Balance",
    asks="signed triangle census, balance score, where the imbalance sits",
    rule="structural_pressure",
    compute=_compute,
    render_text=_text,
    structural=True,
    database=DatabaseTwin(
        asks="how many triangles of present relationships are balanced (+++, +--) or not "
        "(++-, ---); membership in a family or group does not count here",
        queries=(Query("triangle_census", triangle_census_rows),),
        render_text=_database_text,
    ),
)
