"""The sign convention, written once: cooperation positive, agreement weaker, conflict negative.

A relationship's *signed weight* is its strength times the weighted sum of its mix (all three
types are present to a degree, one dominates), each type counted with its sign weight (by
default cooperation +1, agreement +0.5, conflict -1). Its *sign* is that of the signed weight,
and, when the weight is exactly 0, that of its dominant type. The signed view of the analysis
(:mod:`ecograph.analysis.signed_view`), the GraphML/GEXF files and the relationships stored in
Neo4j all read these two functions (signnet keeps a single ``sign`` of -1/+1 the same way).

Examples
--------
>>> from ecograph.model import Mix, RelationType
>>> signed_value(Mix(cooperation=0.4, conflict=0.6), 1.0)
-0.2
>>> sign_of(0.0, RelationType.AGREEMENT)
1
"""

from __future__ import annotations

from pydantic import Field

from ecograph.model.base import Number, Strict
from ecograph.model.relationship import Mix
from ecograph.model.vocab import RelationType

__all__ = ["SignWeights", "sign_of", "signed_value"]


class SignWeights(Strict):
    """How much each relationship type counts in the signed view.

    Parameters
    ----------
    cooperation : float
        Signed weight of pure cooperation (default +1: trust, a positive tie).
    agreement : float
        Signed weight of pure agreement (default +0.5: a bargain is a positive tie, but a
        weaker one than cooperation -- each side cedes something rather than give up).
    conflict : float
        Signed weight of pure conflict (default -1: a hostile tie).
    """

    cooperation: Number = Field(default=1.0, ge=-1.0, le=1.0)
    agreement: Number = Field(default=0.5, ge=-1.0, le=1.0)
    conflict: Number = Field(default=-1.0, ge=-1.0, le=1.0)

    def of(self, kind: RelationType) -> float:
        """Return the signed weight of one relationship type."""
        return float(getattr(self, kind.value))


def signed_value(mix: Mix, strength: float, weights: SignWeights | None = None) -> float:
    """Return the signed weight of a relationship with ``mix`` and ``strength``.

    Parameters
    ----------
    mix : Mix
        The weight of each type (normalised here).
    strength : float
        0..1, how strong the relationship is.
    weights : SignWeights, optional
        Sign weights (defaults: +1, +0.5, -1).

    Returns
    -------
    float
        ``strength * sum(share[t] * weights[t])``, in -1..1.

    Examples
    --------
    >>> signed_value(Mix(cooperation=1), 0.5)
    0.5
    """
    w = weights or SignWeights()
    total = sum(share * w.of(t) for t, share in mix.weights().items())
    return round(strength * total, 12)


def sign_of(value: float, dominant: RelationType, weights: SignWeights | None = None) -> int:
    """Return the sign (+1/-1) of a signed weight; at exactly 0, that of the dominant type.

    Examples
    --------
    >>> sign_of(-0.2, RelationType.COOPERATION), sign_of(0.0, RelationType.CONFLICT)
    (-1, -1)
    """
    if value > 0:
        return 1
    if value < 0:
        return -1
    return 1 if (weights or SignWeights()).of(dominant) >= 0 else -1
