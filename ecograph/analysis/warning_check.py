"""Do the early warnings come true?  The warning rules checked on a real dated signed network.

The early warnings of :mod:`ecograph.analysis.early_warning` read a case's dated history.  A
network of dated signed ties (who rated whom, positive or negative, when) is such a history:
every pair of actors is a relationship, every rating an observation -- cooperation when
positive, conflict when negative, with the rating's magnitude (scaled to 0..1) as strength.

At a cut (the time of the tie at position ``1 - test_share`` of the ties in time order) the
rules are run on the network as it stood then, and checked against what happened next: did the
warned actor give or receive a negative tie within ``horizon_days``?

The rules, as ``ecograph warnings`` applies them:

* **toward conflict** -- the pair's signed weight falls by at least ``thresholds.trend`` per 30
  days over its latest observations (:func:`ecograph.analysis.trend.relationship_trend`);
* **sustained hostility** -- the pair has been in conflict, without a break, for longer than
  ``hostile_days`` (a signed network has no roles, so the rule is not limited to mandated
  clients and change agents);
* **quiet cooperative tie** -- a cooperative pair with no contact for longer than
  ``quiet_days``.

An actor is warned when a warning names it.  Its *warning score* (to rank actors and compare
at equal recall) is the number of warnings that name it.  The yardstick is the naive rule:
warn whoever received a negative tie in the last 90 days.  A second yardstick, ``busiest``,
ranks actors by how many ties (of any sign) they had in the last 90 days: an actor who trades
more has more chances to meet a negative tie, so a rule that only counts ties must beat it.

The revised rules (what the data supported; see ``docs/analysis.md``): quiet ties no longer
warn of conflict (on Bitcoin OTC they name nearly every actor, and the warned are no likelier to
meet a negative tie than anyone: lift 0.98).  The score of an actor is the number of its pairs
in sustained hostility, plus its pairs moving toward conflict, plus its negative ties (given or
received) in the last ``recent_days``: "relationships never end, they just change", and an
actor in several conflicts at once is the likeliest to be in one next.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from ecograph.analysis.early_warning import WarningKind, WarningParams, relationship_warnings
from ecograph.analysis.sign_history import timed_ties
from ecograph.analysis.stages import StageKind, stages
from ecograph.errors import InputError
from ecograph.model import Observation, Relationship, RelationType

__all__ = ["RuleScore", "WarningCheck", "check_warnings"]

_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class RuleScore:
    """How one warning rule did against what happened within the horizon.

    Attributes
    ----------
    warned : int
        Actors warned.
    precision : float
        Share of warned actors that gave or received a negative tie within the horizon.
    recall : float
        Share of the actors with such a tie that were warned.
    lift : float
        Precision over the base rate.
    at_naive_recall : dict or None
        Ranking actors by the rule's score and warning the top ones until the naive rule's
        recall is reached: ``warned``, ``precision``, ``recall``; None when the rule never
        reaches it.
    """

    warned: int
    precision: float
    recall: float
    lift: float
    at_naive_recall: dict[str, float] | None = None

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "warned": self.warned,
            "precision": self.precision,
            "recall": self.recall,
            "lift": self.lift,
            "at_naive_recall": self.at_naive_recall,
        }


@dataclass(frozen=True)
class WarningCheck:
    """The warning rules at a cut, checked against the following ``horizon_days``.

    Attributes
    ----------
    cut : str
        Date of the cut.
    horizon_days : int
    actors : int
        Actors with a tie before the cut (the population).
    base_rate : float
        Share of them that gave or received a negative tie within the horizon.
    rules : dict
        Rule name -> :class:`RuleScore`: ``naive``, ``busiest``, ``warnings`` (the rules of
        ``ecograph warnings``, any of them), each kind alone, and ``revised``.
    seconds : float
    """

    cut: str
    horizon_days: int
    actors: int
    base_rate: float
    rules: dict[str, RuleScore]
    seconds: float

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        naive = self.rules["naive"]
        out: dict[str, Any] = {
            "protocol": "time split: rules run on the network before the cut, checked on the "
            "ties of the following horizon",
            "cut": self.cut,
            "horizon_days": self.horizon_days,
            "actors": self.actors,
            "base_rate": self.base_rate,
            "rules": {k: v.to_json() for k, v in self.rules.items()},
        }
        for name in ("warnings", "revised"):
            eq = self.rules[name].at_naive_recall
            out[f"{name}_vs_naive"] = (
                None
                if eq is None
                else {
                    "precision": eq["precision"],
                    "naive_precision": naive.precision,
                    "margin": eq["precision"] - naive.precision,
                    "recall": eq["recall"],
                    "naive_recall": naive.recall,
                }
            )
        out["seconds"] = self.seconds
        return out


def _to_date(t: float, day: float) -> dt.date:
    return _EPOCH + dt.timedelta(days=math.floor(t / day))


def _score(
    score: dict[int, float], outcome: set[int], population: int, naive_recall: float | None
) -> RuleScore:
    warned = {a for a, s in score.items() if s > 0}
    hits = len(warned & outcome)
    base = len(outcome) / population if population else float("nan")
    precision = hits / len(warned) if warned else float("nan")
    recall = hits / len(outcome) if outcome else float("nan")
    at: dict[str, float] | None = None
    if naive_recall is not None and outcome:
        ranked = sorted(warned, key=lambda a: -score[a])
        levels = sorted({score[a] for a in warned}, reverse=True)
        for level in levels:  # warn everyone at or above a score level, highest level first
            chosen = [a for a in ranked if score[a] >= level]
            got = len(set(chosen) & outcome)
            if got / len(outcome) >= naive_recall:
                at = {
                    "warned": len(chosen),
                    "precision": got / len(chosen),
                    "recall": got / len(outcome),
                    "score_at_least": level,
                }
                break
    return RuleScore(len(warned), precision, recall, precision / base if base else math.nan, at)


def check_warnings(
    g: nx.Graph,
    *,
    test_share: float = 0.2,
    horizon_days: int = 90,
    recent_days: int = 90,
    params: WarningParams | None = None,
    day: float = 86400.0,
) -> WarningCheck:
    """Run the warning rules at the cut and check them against the following horizon.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Signed graph whose every edge has a ``time`` (and optionally a ``weight``).
    test_share : float, default 0.2
        The cut is the time of the tie at position ``1 - test_share``.
    horizon_days : int, default 90
        How far after the cut an outcome counts.
    recent_days : int, default 90
        The naive rule's and the revised recent-conflict rule's look-back.
    params : WarningParams, optional
        The thresholds of ``ecograph warnings`` (quiet and hostile days, trend).
    day : float, default 86400
        Length of a day in the time column's unit.

    Returns
    -------
    WarningCheck

    Raises
    ------
    InputError
        If a tie has no time, or a parameter is out of range.
    """
    if not 0.0 < test_share < 1.0:
        raise InputError(
            f"test share is {test_share}", field="test_share", expected="0 < share < 1"
        )
    if horizon_days < 1 or recent_days < 1:
        raise InputError(
            f"horizon is {horizon_days} days, look-back {recent_days} days",
            field="horizon",
            expected="a number of days >= 1",
        )
    p = params or WarningParams()
    start = time.perf_counter()
    ties = timed_ties(g)
    m = ties.edges
    if m < 2:
        raise InputError(f"{m} ties cannot be split by time", field="edges", expected="2 or more")
    # one row per tie (arc of a directed network; an undirected tie's first arc)
    first = np.zeros(m, dtype=bool)
    first[np.unique(ties.edge, return_index=True)[1]] = True
    src, dst = ties.src[first], ties.dst[first]
    sign, weight, tm = ties.sign[first], ties.weight[first], ties.time[first]
    order = np.argsort(tm, kind="stable")
    cut_time = float(tm[order][min(int(round((1 - test_share) * m)), m - 1)])
    cut_day = _to_date(cut_time, day)
    horizon_end = cut_time + horizon_days * day
    before = tm < cut_time
    after = (tm >= cut_time) & (tm < horizon_end)
    population = set(src[before].tolist()) | set(dst[before].tolist())
    outcome = {
        int(a)
        for a in np.concatenate([src[after & (sign < 0)], dst[after & (sign < 0)]])
        if int(a) in population
    }
    # --- the rules of `ecograph warnings`, pair by pair, as the network stood at the cut
    scale = float(weight[before].max()) if before.any() and weight[before].max() > 0 else 1.0
    history: dict[tuple[int, int], list[Observation]] = defaultdict(list)
    for i in order[: int(before.sum())].tolist():
        a, b = int(src[i]), int(dst[i])
        key = (a, b) if a < b else (b, a)
        kind = RelationType.COOPERATION if sign[i] > 0 else RelationType.CONFLICT
        history[key].append(
            Observation(
                date=_to_date(float(tm[i]), day),
                type=kind,
                strength=min(1.0, float(weight[i]) / scale) if weight[i] > 0 else 1.0,
            )
        )
    kinds: dict[str, dict[int, float]] = {
        k: defaultdict(float) for k in ("toward_conflict", "sustained_hostility", "quiet_tie")
    }
    as_of = cut_day - dt.timedelta(days=1)  # strictly before the cut's day
    for (a, b), obs in history.items():
        rel = Relationship(source=f"n{a}", target=f"n{b}", history=obs)
        for w in relationship_warnings(rel, as_of, p):
            name = "toward_conflict" if w.kind is WarningKind.TOWARD_CONFLICT else "quiet_tie"
            kinds[name][a] += 1
            kinds[name][b] += 1
        if obs[-1].type is RelationType.CONFLICT:
            run = stages(rel, as_of)
            current = run[-1] if run else None
            if (
                current is not None
                and current.kind is StageKind.CONFLICT
                and current.start is not None
                and (as_of - current.start).days > p.hostile_days
            ):
                kinds["sustained_hostility"][a] += 1
                kinds["sustained_hostility"][b] += 1
    total: dict[int, float] = defaultdict(float)
    for per in kinds.values():
        for actor, c in per.items():
            total[actor] += c
    # --- the naive rule: received a negative tie in the last `recent_days`
    recent = before & (tm >= cut_time - recent_days * day)
    naive_score = {int(a): 1.0 for a in dst[recent & (sign < 0)]}
    naive = _score(naive_score, outcome, len(population), None)
    rules: dict[str, RuleScore] = {"naive": naive}
    # a second yardstick: the busiest actors (ties in the last `recent_days`, any sign)
    busy: dict[int, float] = defaultdict(float)
    for actor in np.concatenate([src[recent], dst[recent]]).tolist():
        busy[int(actor)] += 1.0
    rules["busiest"] = _score(busy, outcome, len(population), naive.recall)
    rules["warnings"] = _score(total, outcome, len(population), naive.recall)
    for name, per in kinds.items():
        rules[name] = _score(per, outcome, len(population), naive.recall)
    # --- revised: the two conflict rules counted per actor, plus each recent negative tie
    revised: dict[int, float] = defaultdict(float)
    for name in ("sustained_hostility", "toward_conflict"):
        for actor, c in kinds[name].items():
            revised[actor] += c
    fresh = recent & (sign < 0)
    for actor in np.concatenate([src[fresh], dst[fresh]]).tolist():
        revised[int(actor)] += 1.0
    rules["revised"] = _score(revised, outcome, len(population), naive.recall)
    return WarningCheck(
        cut=cut_day.isoformat() if day == 86400.0 else f"{cut_time:g}",
        horizon_days=horizon_days,
        actors=len(population),
        base_rate=len(outcome) / len(population) if population else float("nan"),
        rules=rules,
        seconds=time.perf_counter() - start,
    )
