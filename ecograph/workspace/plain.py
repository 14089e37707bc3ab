"""The analysis panel and present mode in plain words, written on the server.

The words are the text report's (``ecograph analyze``): scores in words first with the number
beside (:func:`ecograph.analysis.likelihood.score_words`), each reason as its rule's name, what
it adds and what it saw (:meth:`ecograph.analysis.likelihood.Reason.in_words`), names instead
of ids. The page only lays the lines out, so the panel, the text report and the summary cannot
drift apart.
"""

from __future__ import annotations

from typing import Any

from ecograph.analysis.likelihood import likelihood_word, score_words, scores_note

__all__ = ["plain_analysis", "plain_whatif", "whatif_rows", "ROWS", "WHATIF_ROWS"]

#: How many rows of each list the panel shows.
ROWS = 6

#: How many changed pairs the what-if panel shows.
WHATIF_ROWS = 8


def plain_analysis(report: Any) -> dict[str, Any]:
    """Return what the analysis panel and present mode show of ``report``, in plain words.

    Parameters
    ----------
    report : AnalysisReport
        From :func:`ecograph.analysis.report.analyze` (every section).

    Returns
    -------
    dict
        ``note`` (what the scores are), ``summary`` (what to act on now), ``hotspots`` (each
        with ``names``, ``conflict`` in words, ``word``, ``now``, ``others``, ``reasons`` and
        the ``main`` reason), ``tactics`` (``text``, ``conditions``, ``risk``), ``factions``
        (lists of names, only when the case splits) and ``gaps`` (lines).

    Examples
    --------
    >>> from ecograph import load_graph
    >>> from ecograph.analysis.report import SECTIONS, analyze
    >>> r = analyze(load_graph("examples/child-protection.yaml"), only=list(SECTIONS))
    >>> top = plain_analysis(r)["hotspots"][0]
    >>> top["names"], top["conflict"]
    (["Children's services team", "Roberta's family"], 'likely (0.79)')
    >>> top["main"]["title"]
    'no way to negotiate'
    """
    names: dict[str, str] = report.names
    th = report.params.thresholds
    s = report.sections

    def n(x: Any) -> str:
        return names.get(str(x), str(x))

    hotspots = []
    for h in s.get("hotspots", [])[:ROWS]:
        main = h.main_reason
        hotspots.append(
            {
                "a": h.a,
                "b": h.b,
                "names": [n(h.a), n(h.b)],
                "current": h.pair.current if h.related else None,
                "conflict": score_words(h.conflict, th),
                "word": likelihood_word(h.conflict, th),
                "now": h.now_words(),
                "others": h.others_words(th),
                "reasons": [
                    {"text": r.in_words("conflict"), "quote": r.quote}
                    for r in [d for d in h.reasons if d.rule != "current_state"][:2]
                ],
                "main": None if main is None else {"title": main.title, "says": main.says},
            }
        )
    tactics = []
    for t in s.get("tactics", [])[:ROWS]:
        what = t.tactic + (f", basis: {t.basis.replace('_', ' ')}" if t.basis else "")
        if t.deliberate_conflict:
            what = "conflict as a deliberate tactic"
        tactics.append(
            {
                "by": t.by,
                "actor": t.actor,
                "text": f"{n(t.by)} \u2192 {n(t.actor)}: {what}",
                "conditions": list(t.conditions[:2]),
                "risk": t.risk,
            }
        )
    factions: list[list[str]] = []
    sec = s.get("factions")
    if sec is not None and sec.factions.k > 1:
        factions = [[n(x) for x in members] for members in sec.factions.members()]
    power = s.get("power")
    gaps = [
        f"{n(g.stronger)} over {n(g.weaker)}: a power gap of {g.gap:.2f}"
        + (f" (mandated: {', '.join(n(x) for x in g.mandated)})" if g.mandated else "")
        for g in (power.gaps[:ROWS] if power is not None else [])
    ]
    return {
        "note": scores_note(th),
        "summary": [{"action": p.action, "reason": p.reason} for p in report.summary],
        "hotspots": hotspots,
        "tactics": tactics,
        "factions": factions,
        "gaps": gaps,
    }


def plain_whatif(result: Any, params: Any = None) -> list[str]:
    """Return each changed pair of a what-if, before -> after, in words (names, not ids).

    The rows of :func:`whatif_rows` (same parameters), each as one line:
    ``"Son (15) -- Advocate: conflict no assessment -> unlikely (0.04), cooperation ..."``.
    """
    return [
        f"{r['pair']}: "
        + ", ".join(f"{k} {r[k][0]} \u2192 {r[k][1]}" for k in ("conflict", "cooperation"))
        for r in whatif_rows(result, params)
    ]


def whatif_rows(result: Any, params: Any = None) -> list[dict[str, Any]]:
    """Return each changed pair of a what-if with its words before and after, side by side.

    Parameters
    ----------
    result : WhatIf
        From :func:`ecograph.analysis.whatif.what_if`.
    params : Params, optional
        For the words of the scores.

    Returns
    -------
    list of dict
        ``{"pair": "Son (15) -- Advocate", "conflict": [before, after], "cooperation":
        [before, after]}``, the first :data:`WHATIF_ROWS` pairs, largest move first.
    """
    th = params.thresholds if params is not None else None
    names = {a.id: a.name for a in result.after_graph.to_case().actors}
    names.update({a.id: a.name for a in result.before_graph.to_case().actors})

    def w(pa: Any, kind: str) -> str:
        return "not assessed" if pa is None else score_words(pa.likelihood[kind], th)

    return [
        {
            "pair": f"{names.get(p.a, p.a)} \u2014 {names.get(p.b, p.b)}",
            **{k: [w(p.before, k), w(p.after, k)] for k in ("conflict", "cooperation")},
        }
        for p in result.pairs[:WHATIF_ROWS]
    ]
