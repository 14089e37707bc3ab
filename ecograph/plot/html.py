"""The interactive map: one self-contained HTML file that works with no network at all.

The page inlines everything it needs -- the vendored Cytoscape.js (``plot/assets``), its own
script and style, and the case data as JSON in a ``<script type="application/json">`` element
-- and forbids every request with a Content-Security-Policy (``default-src 'none'``), so a map of
a confidential case can be opened in a meeting room without internet and sends nothing anywhere.

In the page: the four systems laid out as in the static figure (:mod:`ecograph.plot.layout`),
filters by system, relationship type and faction, details of an actor or a relationship on
click (its history, and the analysis's likelihoods with their reasons), a time slider that
replays the dated history, a legend, search by name, and export of the current view to PNG.

Case data is escaped: inside the JSON every ``<``, ``>`` and ``&`` (and the line separators
U+2028/9) is written as a JSON unicode escape, so no name or note can close the script element or
open a comment; the page's script puts text into the document only through ``textContent``.

Examples
--------
>>> from ecograph import load_graph
>>> page = render_html(load_graph("examples/child-protection.yaml"))
>>> page.startswith("<!DOCTYPE html>") and "default-src 'none'" in page
True
>>> "http://" in page.split("<script", 1)[0]  # nothing in the head can fetch
False
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import os
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ecograph.graph import EcoGraph
from ecograph.model import Relationship, RelationType
from ecograph.plot._common import get_style
from ecograph.plot.focus import Focus, focus_graph
from ecograph.plot.layout import Region, route_ties, system_layout
from ecograph.plot.palette import FACTION_COLOURS, RELATION_COLOURS, RELATION_LINES, SYSTEM_TINT
from ecograph.plot.palette import SYSTEM_INK as _INK

__all__ = [
    "map_data",
    "route_map",
    "route_segments",
    "render_html",
    "write_html",
    "TYPE_COLOURS",
    "SYSTEM_INK",
    "PX",
]

#: Pixels per layout unit (actors one unit apart are this far apart on the page).
PX = 70.0

#: Relationship colours and dash patterns, the same as the static figures
#: (:mod:`ecograph.plot.palette`).
TYPE_COLOURS: dict[str, dict[str, str]] = {
    t.value: {"colour": RELATION_COLOURS[t.value], "line": RELATION_LINES[t.value]}
    for t in RelationType
}

#: Region tint and node ink per system (the same as the static figures).
SYSTEM_INK: dict[str, dict[str, str]] = {
    k: {"tint": SYSTEM_TINT[k], "ink": _INK[k]} for k in SYSTEM_TINT
}

Analysis = Literal["auto", "full", "related", "none"]

#: ``analysis="auto"`` assesses every pair up to this many actors, present relationships only up
#: to :data:`RELATED_ANALYSIS_LIMIT` relationships, and leaves the likelihoods out above that
#: (assessing one pair takes longer the larger the map: about 10 ms at 300 actors, 45 ms at
#: 1,000 on the reference machine, so a 5,000-actor map would take hours).
FULL_ANALYSIS_LIMIT = 200
#: See :data:`FULL_ANALYSIS_LIMIT`.
RELATED_ANALYSIS_LIMIT = 500

_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; base-uri 'none'; form-action 'none'"
)


def _asset(name: str) -> str:
    return (resources.files("ecograph.plot") / "assets" / name).read_text(encoding="utf-8")


def _safe_json(data: Any) -> str:
    """Return JSON that can sit inside a ``<script>`` element whatever the strings hold.

    Examples
    --------
    >>> text = _safe_json({"name": "</script><!-- & x"})
    >>> "<" in text or ">" in text or "&" in text
    False
    >>> json.loads(text)["name"]
    '</script><!-- & x'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, esc)
    return text


def _inline_script(code: str, what: str) -> str:
    lowered = code.lower()
    if "</script" in lowered or "<!--" in code:
        raise ValueError(f"{what} cannot be inlined: it contains '</script' or '<!--'")
    return code


def _steps(rel: Relationship) -> list[list[Any]]:
    """Return the relationship's state at each date it changes: ``[date, type, strength, mix]``.

    ``date`` is None for a relationship without history (always present); ``type`` is None
    when the relationship is absent from that date (it ended).
    """
    if not rel.history:
        s = rel.state()
        if s is None:  # mandated, no state known yet
            return []
        return [[None, s.type.value, s.strength, _mix(s.mix.weights())]]
    out: list[list[Any]] = []
    declared = rel.declared_state()
    if declared is not None:  # the undated state before the first observation
        out.append([None, declared.type.value, declared.strength, _mix(declared.mix.weights())])
    for d in sorted({o.date for o in rel.history}):
        s = rel.state(d)
        if s is None:
            continue
        if s.ended:
            out.append([d.isoformat(), None, 0.0, None])
        else:
            out.append([d.isoformat(), s.type.value, s.strength, _mix(s.mix.weights())])
    return out


#: A node's diameter on the page: 12 px at power 0 to 36 px at power 1 (map.js draws it so).
def node_px(power: float) -> float:
    """Return the drawn diameter of an actor of ``power`` on the page, in pixels."""
    return 12.0 + 24.0 * power


#: Clear space between a line and a foreign actor's rim: half the widest line (8 px), the
#: node's white border (1.5 px) and a margin of 3 px.
CLEAR_PX = 4.0 + 1.5 + 3.0


def _segments(
    path: list[tuple[float, float]], ends: tuple[float, float] = (0.0, 0.0)
) -> dict[str, list[float]] | None:
    """Return Cytoscape's ``segment-weights`` and ``segment-distances`` for a routed path.

    A weight is how far along the source-target line a bend lies (0 at the source, 1 at the
    target), its distance how far off the line, positive to the left of source -> target
    with ``y`` down (Cytoscape's convention, checked in the browser test). ``ends`` are the
    half sizes of the two actors as drawn: a bend under an end actor is left out, since
    Cytoscape cannot find where such a line leaves the actor ("invalid endpoints") and
    draws nothing.
    """
    (sx, sy), (tx, ty) = path[0], path[-1]
    inner = [
        (x, y)
        for x, y in path[1:-1]
        if not (abs(x - sx) <= ends[0] + _UNDER and abs(y - sy) <= ends[0] + _UNDER)
        and not (abs(x - tx) <= ends[1] + _UNDER and abs(y - ty) <= ends[1] + _UNDER)
    ]
    dx, dy = tx - sx, ty - sy
    length2 = dx * dx + dy * dy
    if not inner or length2 == 0:
        return None
    length = length2**0.5
    weights, dists = [], []
    for px_, py_ in inner:
        vx, vy = px_ - sx, py_ - sy
        weights.append(round((vx * dx + vy * dy) / length2, 5))
        dists.append(round((dx * vy - dy * vx) / length, 2))
    return {"w": weights, "d": dists}


#: Pixels around an actor's drawn box (its white border and a little more) inside which a
#: line's bend counts as under the actor.
_UNDER = 3.0


def _stripes(band: Region) -> dict[str, str]:
    """Return the Cytoscape style that stripes a band in its two systems' inks (diagonally).

    The figures hatch a band in both systems' colours; the map and the workspace draw the
    same band as alternating stripes about 14 page pixels wide.
    """
    inks = [SYSTEM_INK[k]["ink"] for k in band.key.split("|")]
    n = max(4, 2 * round(math.hypot(band.x1 - band.x0, band.y1 - band.y0) * PX / 28))
    colours = [inks[i % 2] for i in range(n) for _ in (0, 1)]
    at = [f"{100 * (i + e) / n:.2f}%" for i in range(n) for e in (0, 1)]
    return {
        "background-fill": "linear-gradient",
        "background-gradient-direction": "to-bottom-right",
        "background-gradient-stop-colors": " ".join(colours),
        "background-gradient-stop-positions": " ".join(at),
    }


def _ends(power: dict[str, float], a: str, b: str) -> tuple[float, float]:
    """Return the drawn half sizes of the actors ``a`` and ``b`` (pixels)."""
    return node_px(power[a]) / 2, node_px(power[b]) / 2


def _route(
    positions: dict[str, tuple[float, float]],
    power: dict[str, float],
    ties: list[tuple[str, str]],
) -> list[list[tuple[float, float]]]:
    clearance = {k: node_px(p) / 2 + CLEAR_PX for k, p in power.items()}
    return route_ties(positions, ties, clearance=clearance)


def route_map(data: dict[str, Any]) -> None:
    """Route the lines of map data (from :func:`map_data`) again, for its actors' ``x``, ``y``.

    For a page that moves actors after :func:`map_data` placed them (the workspace keeps the
    positions a user dragged): every relationship and membership line gets the ``segments``
    that take it around the actors it does not join, as :func:`map_data` gives them.
    """
    positions = {a["id"]: (float(a["x"]), float(a["y"])) for a in data["actors"]}
    power = {a["id"]: float(a["power"]) for a in data["actors"]}
    lines = [*data["rels"], *data["members"]]
    routed = _route(positions, power, [(x["source"], x["target"]) for x in lines])
    for line, path in zip(lines, routed, strict=True):
        line["segments"] = _segments(path, _ends(power, line["source"], line["target"]))


def route_segments(
    positions: dict[str, tuple[float, float]],
    clearance: dict[str, float],
    half: dict[str, float],
    ties: list[tuple[str, str]],
) -> list[dict[str, list[float]] | None]:
    """Route ``ties`` around the actors they do not join; return each one's ``segments``.

    For a page that draws actors where the server did not place them (present mode spreads
    large names): ``positions``, ``clearance`` (an actor's drawn radius plus half a line and
    a margin) and ``half`` (the actor's drawn half size: a bend under an end actor is left
    out) are the page's, in one unit on both axes (see
    :func:`ecograph.plot.layout.route_ties`). ``None`` for a tie drawn straight.
    """
    paths = route_ties(positions, ties, clearance=clearance)
    return [_segments(p, (half[a], half[b])) for p, (a, b) in zip(paths, ties, strict=True)]


def _mix(weights: dict[RelationType, float]) -> dict[str, float]:
    return {t.value: round(w, 3) for t, w in weights.items()}


def _analysis(
    graph: EcoGraph, mode: Analysis, as_of: dt.date | None, params: Any
) -> dict[str, Any]:
    from ecograph.analysis.features import case_features
    from ecograph.analysis.likelihood import assess_features, assess_pair

    if mode == "auto":
        if len(graph) <= FULL_ANALYSIS_LIMIT:
            mode = "full"
        elif len(graph.relationships()) <= RELATED_ANALYSIS_LIMIT:
            mode = "related"
        else:
            mode = "none"
            why = (
                f"likelihoods left out: the case has {len(graph)} actors and "
                f"{len(graph.relationships())} relationships, too many to assess while the "
                "page is written; 'ecograph view --analysis related' includes them (slow), "
                "'ecograph analyze' reports the hotspots"
            )
            return {"scope": "none", "as_of": None, "pairs": [], "tactics": [], "note": why}
    if mode == "none":
        return {
            "scope": "none",
            "as_of": None,
            "pairs": [],
            "tactics": [],
            "note": "likelihoods left out (--analysis none)",
        }
    f = case_features(graph, params=params, as_of=as_of)
    if mode == "full":
        result = assess_features(f)
        data = result.to_json()
        note = (
            "every present relationship and every change-agent-or-client x target-or-action "
            "pair, with a suggested tactic toward each target and action actor"
        )
    else:
        seen: set[frozenset[str]] = set()
        pairs = []
        for u, v in f.signed.edges():
            key = frozenset((u, v))
            if key not in seen:
                seen.add(key)
                pairs.append(assess_pair(f, u, v).to_json())
        data = {"pairs": pairs, "tactics": []}
        note = (
            f"present relationships only (the case has {len(graph)} actors; "
            "'ecograph view --analysis full' assesses every pair and suggests tactics)"
        )
    return {
        "scope": mode,
        "as_of": as_of.isoformat() if as_of else None,
        "pairs": data["pairs"],
        "tactics": data["tactics"],
        "note": note,
        # the words of the scores (likely from, unlikely below), as in the text report
        "words": {"likely": f.params.thresholds.likely, "unlikely": f.params.thresholds.unlikely},
    }


def _factions(graph: EcoGraph, as_of: dt.date | None, params: Any) -> dict[str, Any]:
    """Return the case's factions (:func:`ecograph.analysis.structural.case_factions`), from 1."""
    from ecograph.analysis.structural import case_factions

    fac = case_factions(graph, as_of=as_of, params=params)
    if fac is None:
        return {"k": 0, "groups": {}, "frustration": 0.0, "note": "no relationships"}
    return {
        "k": fac.k,
        "groups": {str(a): int(c) + 1 for a, c in fac.groups.items()},
        "frustration": round(float(fac.frustration), 4),
        "note": (
            f"{fac.k} factions found by {fac.method} (signed graph of the relationships and "
            f"memberships; {len(fac.frustrated)} ties break the balance), as 'ecograph analyze'"
        ),
    }


def _timeline(
    graph: EcoGraph,
    dates: list[str],
    as_of: dt.date | None,
    scope: str,
    factions: bool,
    params: Any,
) -> dict[str, Any]:
    """Return the analysis at every stop of the time slider (or at the opening one only).

    See :mod:`ecograph.plot.map_timeline`; ``moves`` says whether the analysis follows the
    slider (false when actors x stops exceeds :data:`~ecograph.plot.map_timeline.
    TIMELINE_BUDGET`).
    """
    from ecograph.plot.map_timeline import TIMELINE_BUDGET, analysis_timeline

    stops: list[dt.date | None] = [dt.date.fromisoformat(d) for d in dates] + [None]
    moves = len(graph) * len(stops) <= TIMELINE_BUDGET
    if not moves:
        stops = [as_of]
    out = analysis_timeline(graph, stops, params=params, scope=scope, factions=factions)
    out["moves"] = moves
    return out


def map_data(
    graph: EcoGraph,
    *,
    as_of: dt.date | None = None,
    params: Any = None,
    analysis: Analysis = "auto",
    factions: bool = True,
    style: str = "screen",
    focus: Focus | None = None,
    route: bool = True,
) -> dict[str, Any]:
    """Return everything the page shows, as JSON-ready data.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    as_of : date, optional
        The date the page opens on (the time slider's position) and the analysis's date.
    params : Params, optional
        The analysis's weights and thresholds.
    analysis : {"auto", "full", "related", "none"}
        Which pairs the likelihoods are computed for: ``full`` every pair the analysis
        assesses (and the tactics), ``related`` present relationships only, ``auto`` full
        unless that is more than :data:`FULL_ANALYSIS_LIMIT` pairs.
    factions : bool
        Find factions (for the faction filter).
    style : {"screen", "print", "projector"}
        ``projector``: names at least 18 screen pixels at any zoom, thicker lines, larger
        panel text (``screen``: names at least 12 pixels).
    focus : Focus, optional
        Draw one part of the case only (:mod:`ecograph.plot.focus`); the likelihoods,
        tactics, warnings and factions stay those of the whole case.
    route : bool
        Route the ties around other actors (``segments``). The workspace, which draws its own
        lines, leaves it out: routing grows faster than the number of ties.

    Returns
    -------
    dict
        ``case``, ``regions``, ``bands`` (the strips across a border that hold the actors
        in two systems, keyed ``"client|target"``), ``actors``, ``rels``, ``members``
        (member -> group lines), ``dates``, ``analysis`` (at the date the page opens on),
        ``timeline`` (the analysis, warnings and factions at every date stop:
        :func:`ecograph.plot.map_timeline.analysis_timeline`; None with no analysis and no
        factions), ``factions``, ``styles``; positions in page pixels (``y`` down). A
        relationship or member line that would pass over another actor is routed
        around it (:func:`ecograph.plot.layout.route_ties`); its ``segments`` give the bends.
    """
    whole = graph  # the analysis, the warnings and the factions are the whole case's
    if focus:
        graph = focus_graph(whole, focus, as_of=as_of)
    lay = system_layout(graph)
    x0, _, _, y1 = lay.bounds
    eff = graph.effective_roles()

    def px(x: float, y: float) -> tuple[float, float]:
        return round((x - x0) * PX, 1), round((y1 - y) * PX, 1)

    def box(reg: Region) -> dict[str, Any]:
        (ax, ay), (bx, by) = px(reg.x0, reg.y1), px(reg.x1, reg.y0)
        return {"key": reg.key, "label": reg.label, "x0": ax, "y0": ay, "x1": bx, "y1": by}

    regions = [box(reg) for reg in lay.regions.values()]
    # the bands across a border holding the actors in two systems ("client|target")
    bands = [{**box(reg), "stripes": _stripes(reg)} for reg in lay.bands.values()]

    fac = _factions(whole, as_of, params) if factions else None
    stances: dict[str, list[dict[str, Any]]] = {}
    for goal in graph.goals():
        for s in goal.stances:
            stances.setdefault(s.actor, []).append(
                {"goal": goal.description, "stance": s.stance, "weight": s.weight}
            )
    joined = whole.joined_dates()
    actors = []
    for a in graph.actors():
        x, y = px(*lay.positions[a.id])
        actors.append(
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind.value,
                "roles": [r.value for r in a.roles],
                "systems": sorted(r.value for r in eff.get(a.id, set())),
                "home": list(lay.home[a.id]),
                "power": a.power,
                "voluntariness": a.voluntariness.value if a.voluntariness else None,
                "member_of": list(a.member_of),
                "attributes": a.attributes,
                "notes": a.notes,
                "stances": stances.get(a.id, []),
                "faction": None if fac is None else fac["groups"].get(a.id),
                "joined": joined[a.id].isoformat() if a.id in joined else None,
                "x": x,
                "y": y,
            }
        )
    positions = {a.id: px(*lay.positions[a.id]) for a in graph.actors()}
    rel_list = graph.relationships()
    member_pairs = [
        (a.id, g) for a in graph.actors() for g in a.member_of if g in positions and g != a.id
    ]
    ties = [(r.source, r.target) for r in rel_list] + member_pairs
    power = {a.id: a.power for a in graph.actors()}
    routed = (
        _route(positions, power, ties) if route else [[positions[a], positions[b]] for a, b in ties]
    )
    members = [
        {"source": m, "target": g, "segments": _segments(path, _ends(power, m, g))}
        for (m, g), path in zip(member_pairs, routed[len(rel_list) :], strict=True)
    ]
    rels = []
    dates: set[str] = set()
    for r, path in zip(rel_list, routed, strict=False):
        dates.update(o.date.isoformat() for o in r.history)
        rels.append(
            {
                "id": r.key,
                "source": r.source,
                "target": r.target,
                "basis": r.basis.value if r.basis else None,
                "terms": r.terms,
                "notes": r.notes,
                "mandated": list(r.mandated),
                "perceptions": [
                    {"by": p.by, "type": p.dominant().value, "strength": p.strength}
                    for p in r.perceptions
                ],
                "history": [
                    {
                        "date": o.date.isoformat(),
                        "type": o.dominant().value,
                        "mix": _mix(o.effective_mix().weights()) if o.mix else None,
                        "strength": o.strength,
                        "note": o.note,
                        "perceived_by": o.perceived_by,
                        "ended": o.ended,
                    }
                    for o in r.sorted_history()
                ],
                "steps": _steps(r),
                "segments": _segments(path, _ends(power, r.source, r.target)),
            }
        )
    # the slider stops where an actor joins the case, too (its analysis changes there)
    dates.update(d.isoformat() for d in graph.joined_dates().values())
    if as_of is not None:
        dates.add(as_of.isoformat())  # the slider can stand on the date the page opens on
    agreements = [
        {
            "id": ag.id,
            "basis": ag.basis.value,
            "terms": ag.terms,
            "status": ag.status.value,
            "start": ag.start.isoformat() if ag.start else None,
            "end": ag.end.isoformat() if ag.end else None,
            "parties": [p.actor for p in ag.parties],
            "convener": ag.convener,
        }
        for ag in graph.agreements()
    ]
    analysed = _analysis(whole, analysis, as_of, params)
    return {
        "case": {
            "id": graph.case_id,
            "title": graph.title,
            "description": graph.meta.get("description"),
            "as_of": as_of.isoformat() if as_of else None,
            "style": get_style(style).name,
            "focus": focus.describe(whole) if focus else None,
            "focus_actors": len(graph),
            "actors_in_case": len(whole),
        },
        "regions": regions,
        "bands": bands,
        "actors": actors,
        "rels": rels,
        "members": members,
        "agreements": agreements,
        "dates": sorted(dates),
        "analysis": analysed,
        # the workspace (no analysis, no factions) has its own analysis panel: no timeline
        "timeline": None
        if analysis == "none" and not factions
        else _timeline(whole, sorted(dates), as_of, analysed["scope"], factions, params),
        # every actor's name, for the cards of a focused map (they name actors not drawn)
        "names": {a.id: a.name for a in whole.actors()},
        "factions": fac,
        "styles": {"types": TYPE_COLOURS, "systems": SYSTEM_INK, "factions": list(FACTION_COLOURS)},
    }


def render_html(
    graph: EcoGraph,
    *,
    as_of: dt.date | None = None,
    params: Any = None,
    analysis: Analysis = "auto",
    factions: bool = True,
    style: str = "screen",
    focus: Focus | None = None,
) -> str:
    """Return the self-contained HTML page of ``graph`` (see :func:`map_data` for options)."""
    options = {"analysis": analysis, "factions": factions, "style": style, "focus": focus}
    return page_from_data(map_data(graph, as_of=as_of, params=params, **options))  # type: ignore[arg-type]


def page_from_data(data: dict[str, Any]) -> str:
    """Return the page for data made by :func:`map_data`."""
    title = html.escape(f"{data['case']['title']} -- ecograph map", quote=True)
    cytoscape = _inline_script(_asset("cytoscape.min.js"), "cytoscape.min.js")
    script = _inline_script(_asset("map.js"), "map.js")
    style = _asset("map.css")
    if "</style" in style.lower():
        raise ValueError("map.css cannot be inlined: it contains '</style'")
    body = _asset("map.html")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{style}\n</style>\n</head>\n<body>\n"
        f"{body}\n"
        f'<script type="application/json" id="ecograph-data">{_safe_json(data)}</script>\n'
        f"<script>\n{cytoscape}\n</script>\n<script>\n{script}\n</script>\n"
        "</body>\n</html>\n"
    )


def write_html(
    graph: EcoGraph,
    path: str | os.PathLike[str],
    *,
    as_of: dt.date | None = None,
    params: Any = None,
    analysis: Analysis = "auto",
    factions: bool = True,
    style: str = "screen",
    focus: Focus | None = None,
) -> Path:
    """Write the map of ``graph`` to ``path`` atomically and return the path.

    Raises
    ------
    InputError
        When ``path`` cannot be written (a missing or read-only folder; see
        :func:`~ecograph.io.atomic.atomic_write`).
    """
    from ecograph.io.atomic import atomic_write

    out = Path(path)
    options = {"analysis": analysis, "factions": factions, "style": style, "focus": focus}
    atomic_write(out, render_html(graph, as_of=as_of, params=params, **options))  # type: ignore[arg-type]
    return out
