"""Factions: the partition of the signed map that minimises frustration (:mod:`ecograph.analysis.factions`)."""  # noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecograph.analysis.questions.base import Inputs, Question, TextView

if TYPE_CHECKING:
    from ecograph.analysis.factions import Factions

__all__ = ["QUESTION", "FactionsSection"]


@dataclass(frozen=True)
class FactionsSection:
    """The factions section: the partition and which factions are in conflict.

    Attributes
    ----------
    factions : Factions
    in_conflict : dict
        (faction, faction) -> (hostile ties, other ties) between them, for the pairs of
        factions in conflict (numbered from 0).
    """

    factions: Factions
    in_conflict: dict[tuple[int, int], tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        f = self.factions
        return {
            "k": f.k,
            "balance": f.balance,
            "frustration": f.frustration,
            "exact": f.exact,
            "lower_bound": f.lower_bound,
            "method": f.method,
            # numbered from 1, as every view shows them
            "groups": {str(i + 1): sorted(map(str, m)) for i, m in enumerate(f.members())},
            "frustrated": [sorted(map(str, e)) for e in f.frustrated],
            "in_conflict": [
                {"factions": [c + 1, d + 1], "hostile_ties": h, "non_hostile_ties": p}
                for (c, d), (h, p) in self.in_conflict.items()
            ],
        }


def _compute(inputs: Inputs) -> FactionsSection:
    from ecograph.analysis.brokers import factions_in_conflict

    return FactionsSection(
        inputs.factions, factions_in_conflict(inputs.structural, inputs.factions)
    )


def _text(sec: FactionsSection, v: TextView) -> None:
    f = sec.factions
    exact = "exact" if f.exact else f"{f.method}"
    v.say(
        f"[bold]{QUESTION.title}[/bold] -- {f.k} factions, {f.frustration:g} frustrated "
        f"tie(s) ({exact}, {f.balance} balance)"
    )
    for i, members in enumerate(f.members(), 1):
        shown = ", ".join(v.n(x) for x in members[:12])
        extra = f" and {len(members) - 12} more" if len(members) > 12 else ""
        v.say(f"  {i}: {shown}{extra}")
    for (c, d), (h, p) in sec.in_conflict.items():
        v.say(f"  factions {c + 1} and {d + 1} are in conflict: {h} hostile, {p} other ties")


QUESTION: Question[FactionsSection] = Question(
    name="factions",
    title="Factions",
    asks="the partition that minimises frustration",
    rule="structural_pressure",
    compute=_compute,
    render_text=_text,
    structural=True,
)
