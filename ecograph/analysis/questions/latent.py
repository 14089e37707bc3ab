"""Latent: conflicts and alliances of unrelated pairs, with the triads as evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecograph.analysis.questions.base import Inputs, Question, TextView

if TYPE_CHECKING:
    from ecograph.analysis.latent import PairPrediction

__all__ = ["QUESTION", "LatentSection"]


@dataclass(frozen=True)
class LatentSection:
    """Latent conflicts and alliances (from :mod:`ecograph.analysis.latent`), most certain first."""

    predictions: list[PairPrediction]

    def to_json(self) -> list[dict[str, Any]]:
        """Return JSON-ready data."""
        return [
            {
                "a": p.u,
                "b": p.v,
                "kind": p.kind,
                "score": round(p.score, 4),
                "support": round(p.support, 4),
                "triads": [
                    {
                        "via": t.via,
                        "signs": [t.sign_u, t.sign_v],
                        "rule": t.rule,
                        "strength": round(t.strength, 4),
                    }
                    for t in p.triads
                ],
            }
            for p in self.predictions
        ]


def _compute(inputs: Inputs) -> LatentSection:
    from ecograph.analysis.latent import predict_pair_signs

    th = inputs.params.thresholds
    # on the relationships only: two members of one family are not a "latent alliance"
    preds = predict_pair_signs(
        inputs.ties_only, threshold=th.latent, enemy_of_enemy=th.enemy_of_enemy, weighted=True
    )
    return LatentSection([x for x in preds if x.sign != 0])


def _tie_words(a: str, b: str, sign_a: int, sign_b: int, via: str) -> str:
    """Return what a shared contact's ties say, without calling anyone an enemy."""
    if sign_a > 0 and sign_b > 0:
        return f"both have friendly ties to {via}"
    if sign_a < 0 and sign_b < 0:
        return f"both are in conflict with {via}"
    friendly, hostile = (a, b) if sign_a > 0 else (b, a)
    return f"{friendly} is friendly with {via}, who is in conflict with {hostile}"


def _text(sec: LatentSection, v: TextView) -> None:
    items = sec.predictions
    v.say(
        f"[bold]{QUESTION.title}[/bold] -- no relationship yet, but the ties they share point "
        "one way"
    )
    if not items:
        v.say("  none")
    for p in v.head(items):
        colour = "red" if p.sign < 0 else "green"
        why = "; ".join(
            _tie_words(v.n(p.u), v.n(p.v), t.sign_u, t.sign_v, v.n(t.via))
            for t in [t for t in p.triads if t.strength > 0][:3]
        )
        v.say(
            f"  [{colour}]{p.kind}[/{colour}] {v.n(p.u)} -- {v.n(p.v)} "
            f"(score {p.score:+.2f}): {why}"
        )
    v.more(len(items))


QUESTION: Question[LatentSection] = Question(
    name="latent",
    title="Latent",
    asks="latent conflicts and alliances of unrelated pairs, triads as evidence",
    rule="structural_pressure",
    compute=_compute,
    render_text=_text,
    structural=True,
)
