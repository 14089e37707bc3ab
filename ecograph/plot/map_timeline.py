"""The analysis at every stop of the map's time slider, computed when the page is written.

The HTML map replays the dated history with a time slider. Everything the page shows beside
the lines -- the likelihoods with their reasons, the suggested tactics, the early warnings and
the factions -- must be as of the date the slider stands on, not of the latest state. The page
computes nothing: this module runs the one analysis (:func:`ecograph.analysis.likelihood.
assess_features`, :func:`ecograph.analysis.early_warning.early_warnings`,
:func:`ecograph.analysis.report.case_factions`) once per date stop, and the page picks the stop.

To keep the page small, what repeats is written once: the rules' titles and quotes sit in
``rules``, and each distinct pair assessment, tactic and warning sits once in a pool that the
stops point into (most pairs do not change from one date to the next).

Examples
--------
>>> import ecograph
>>> g = ecograph.load_graph("examples/child-protection.yaml")
>>> tl = analysis_timeline(g, [dt.date(2026, 5, 11), None])
>>> [s["date"] for s in tl["stops"]]
['2026-05-11', None]
>>> may = expand_pair(tl, tl["stops"][0]["pairs"], "susan", "roberta")
>>> may["current"], may["dominant"]
('conflict', 'conflict')
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ecograph.graph import EcoGraph

if TYPE_CHECKING:
    from ecograph.analysis.likelihood import PairAssessment

__all__ = ["analysis_timeline", "expand_pair", "TIMELINE_BUDGET"]

#: The analysis is computed at every date stop while actors x stops stays within this budget
#: (a 100-actor case with 50 dates); beyond it, at the stop the page opens on only, and the
#: page says so.
TIMELINE_BUDGET = 5000


class _Pool:
    """Distinct JSON values, each stored once; :meth:`add` returns its index."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[str, int] = {}

    def add(self, value: Any) -> int:
        key = json.dumps(value, sort_keys=True, default=str)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.items)
            self.items.append(value)
        return found


def _compact_pair(pair: PairAssessment, rules: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Return what the page shows of a pair: the scores and, per reason, its words and push.

    The numbers are those of :meth:`~ecograph.analysis.likelihood.PairAssessment.to_json`
    (four decimals; a reason's push to three), read without building the rest of it.
    """
    reasons = []
    for r in pair.reasons:
        rules.setdefault(r.rule, {"title": r.title or r.rule, "quote": r.quote})
        effect = {k: _four(v) for k, v in r.effect.items()}
        top = max(effect, key=lambda t: effect[t])
        reasons.append([r.rule, r.says or "", top, round(effect[top], 3)])
    return {
        "a": pair.a,
        "b": pair.b,
        "related": pair.related,
        "current": pair.current,
        "likelihood": {k: _four(v) for k, v in pair.likelihood.items()},
        "dominant": pair.dominant,
        "reasons": reasons,
    }


def _four(x: float) -> float:
    """Round as the analysis's JSON does (four decimals)."""
    return round(float(x), 4)


def expand_pair(
    timeline: dict[str, Any], indices: Sequence[int], a: str, b: str
) -> dict[str, Any] | None:
    """Return the pair ``a``--``b`` of one stop as the page shows it (None when not assessed).

    The inverse of the page's compact form: each reason gets back its rule's title and quote
    and its ``effect`` toward the type it pushes most.
    """
    for i in indices:
        p = timeline["pairs"][i]
        if {p["a"], p["b"]} == {a, b}:
            out = dict(p)
            out["reasons"] = [
                {
                    "rule": rule,
                    "title": timeline["rules"][rule]["title"],
                    "quote": timeline["rules"][rule]["quote"],
                    "says": says,
                    "effect": {top: push},
                }
                for rule, says, top, push in p["reasons"]
            ]
            return out
    return None


def _factions(
    graph: EcoGraph, day: dt.date | None, params: Any, seen: dict[Any, dict[str, Any]]
) -> dict[str, Any]:
    """Return the factions on ``day``, as :func:`~ecograph.analysis.structural.case_factions`.

    The search reads only the signed graph it partitions -- its actors and ties in order, each
    tie's sign, and its weight when the search is weighted -- so ``seen`` keeps each grouping
    by that graph, and a stop where only a strength or a mix changed reuses it.
    """
    from ecograph.analysis.params import Params
    from ecograph.analysis.structural import case_structural_graph, factions_of

    p = params or Params()
    plain = case_structural_graph(graph, as_of=day, params=p)
    weighted = p.factions.weighted
    key = (
        tuple(plain.nodes),
        tuple(
            (u, v, d["sign"], float(d.get("weight", 1.0)) if weighted else None)
            for u, v, d in plain.edges(data=True)
        ),
    )
    if key in seen:
        return seen[key]
    if plain.number_of_edges() == 0:
        seen[key] = {"k": 0, "groups": {}, "note": "no relationships on this date"}
        return seen[key]
    fac = factions_of(plain, p)
    seen[key] = {
        "k": fac.k,
        "groups": {str(a): int(c) + 1 for a, c in fac.groups.items()},  # numbered from 1
        "note": (
            f"{fac.k} factions found by {fac.method} (signed graph of the relationships and "
            f"memberships; {len(fac.frustrated)} ties break the balance), as 'ecograph analyze'"
        ),
    }
    return seen[key]


def analysis_timeline(
    graph: EcoGraph,
    stops: Sequence[dt.date | None],
    *,
    params: Any = None,
    scope: str = "full",
    factions: bool = True,
) -> dict[str, Any]:
    """Return the analysis at each date stop, in the page's compact form.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    stops : sequence of date or None
        The slider's stops; None is the latest state.
    params : Params, optional
        The analysis's weights and thresholds.
    scope : {"full", "related", "none"}
        ``full``: every pair the analysis assesses, with tactics; ``related``: present
        relationships only, no tactics; ``none``: no likelihoods (warnings and factions only).
    factions : bool
        Find the factions at each stop.

    Returns
    -------
    dict
        ``rules`` (rule id -> title and quote), the pools ``pairs``, ``tactics`` and
        ``warnings``, and ``stops``: per stop its ``date``, the indices of its pairs, tactics
        and warnings, the date its warnings are read on (``warnings_as_of``: the stop's date,
        or for the latest state the case's present, or today) and its ``factions``.
    """
    from ecograph.analysis.early_warning import WarningParams, early_warnings
    from ecograph.analysis.features import case_features
    from ecograph.analysis.likelihood import assess_features, assess_pair

    rules: dict[str, dict[str, str]] = {}
    pairs, tactics, warnings = _Pool(), _Pool(), _Pool()
    wparams = WarningParams(analysis=params) if params is not None else WarningParams()
    out_stops = []
    found: dict[Any, dict[str, Any]] = {}
    for day in stops:
        f = case_features(graph, params=params, as_of=day)
        p_idx: list[int] = []
        t_idx: list[int] = []
        if scope == "full":
            result = assess_features(f)
            p_idx = [pairs.add(_compact_pair(p, rules)) for p in result.pairs]
            t_idx = [tactics.add(t.to_json()) for t in result.tactics]
        elif scope == "related":
            seen: set[frozenset[str]] = set()
            for u, v in f.signed.edges():
                if (key := frozenset((u, v))) not in seen:
                    seen.add(key)
                    p_idx.append(pairs.add(_compact_pair(assess_pair(f, u, v), rules)))
        wday = day or graph.present_date() or dt.date.today()
        w_idx = [
            warnings.add(json.loads(json.dumps(w.to_json(), default=str)))
            for w in early_warnings(graph, as_of=wday, params=wparams)
        ]
        out_stops.append(
            {
                "date": day.isoformat() if day else None,
                "pairs": p_idx,
                "tactics": t_idx,
                "warnings": w_idx,
                "warnings_as_of": wday.isoformat(),
                "factions": _factions(graph, day, params, found) if factions else None,
            }
        )
    return {
        "rules": rules,
        "pairs": pairs.items,
        "tactics": tactics.items,
        "warnings": warnings.items,
        "stops": out_stops,
    }
