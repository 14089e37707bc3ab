"""What the workspace page shows of a case: the map and the analysis, as JSON-ready data.

Both are made by the library's own functions -- the map by the HTML map's
:func:`ecograph.plot.html.map_data` (the four-system layout and palette), the analysis by
:func:`ecograph.analysis.report.analyze` (the same JSON as ``ecograph analyze --json``) and the
warnings by :func:`ecograph.analysis.early_warning.early_warnings` -- so the page, the command
line and the pictures agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from ecograph.graph import EcoGraph
from ecograph.model import Case
from ecograph.workspace.cache import ViewCache

__all__ = [
    "map_view",
    "analysis_view",
    "analysis_json",
    "analysis_key",
    "whatif_view",
    "INTERVENTIONS",
]

#: The interventions ``ecograph whatif`` knows (docs/scenarios.md), offered by the what-if panel.
INTERVENTIONS = (
    "add_advocate",
    "family_group_conference",
    "redistribute_authority",
    "conclude_agreement",
    "change_stance",
    "end_relationship",
)


def _inside(x: float, y: float, region: dict[str, Any]) -> bool:
    return bool(region["x0"] <= x <= region["x1"] and region["y0"] <= y <= region["y1"])


def map_view(case: Case, as_of: dt.date | None = None) -> dict[str, Any]:
    """Return the case and its map on ``as_of``: regions, actors (positions), relationships.

    An actor's layout hint (``position``) is used when it lies in the region of one of the
    systems it is drawn in; otherwise (its systems changed, or the regions grew) the four-system
    layout places it.

    Returns
    -------
    dict
        ``case`` (the case as in its file, as JSON), ``map`` (see
        :func:`ecograph.plot.html.map_data`, without analysis), ``present`` (the date of the
        latest recorded event) and ``as_of``.
    """
    from ecograph.plot.html import map_data

    graph = EcoGraph.from_case(case)
    # routed below, once the positions the user dragged are in
    data = map_data(graph, as_of=as_of, analysis="none", factions=False, route=False)
    regions = {r["key"]: r for r in data["regions"]}
    hints = {a.id: a.position for a in case.actors if a.position is not None}
    for actor in data["actors"]:
        hint = hints.get(actor["id"])
        if hint is None:
            continue
        homes = [regions[k] for k in actor["home"] if k in regions]
        if any(_inside(hint.x, hint.y, r) for r in homes):
            actor["x"], actor["y"], actor["pinned"] = hint.x, hint.y, True
    if len(data["rels"]) + len(data["members"]) <= ROUTE_LIMIT:
        _route(data)  # no line through an actor it does not join
    states = {r.key: r.state(as_of) for r in graph.relationships()}
    for rel in data["rels"]:
        st = states.get(rel["id"])
        rel["state"] = (
            None
            if st is None or st.ended
            else {
                "type": st.type.value,
                "strength": st.strength,
                "mix": {t.value: round(w, 3) for t, w in st.mix.weights().items()},
                "since": st.since.isoformat() if st.since else None,
            }
        )
    present = case.present_date()
    return {
        "case": case.model_dump(mode="json", exclude_defaults=True),
        "map": data,
        "present": present.isoformat() if present else None,
        "as_of": as_of.isoformat() if as_of else None,
    }


#: The routes of the latest maps, by what routing reads (see :func:`_route`).
_ROUTES = ViewCache(size=16)


def _route(data: dict[str, Any]) -> None:
    """Route the map's lines (:func:`ecograph.plot.html.route_map`), once per geometry.

    Routing reads only the actors' places and sizes (power) and which actors each line joins;
    an edit that changes none of them (a strength, a note, a goal) gets the routes of the map
    before it, made once.
    """
    from ecograph.plot.html import route_map

    lines = [*data["rels"], *data["members"]]
    geometry = json.dumps(
        [
            [[a["id"], a["x"], a["y"], a["power"]] for a in data["actors"]],
            [[x["source"], x["target"]] for x in lines],
        ]
    )
    key = hashlib.sha256(geometry.encode("utf-8")).hexdigest()

    def routed() -> list[Any]:
        route_map(data)
        return [x["segments"] for x in lines]

    for line, segments in zip(lines, _ROUTES.get(key, routed), strict=True):
        line["segments"] = segments


#: Up to this many lines (relationships and memberships) the workspace map routes every line
#: around the actors it does not join; above it, lines are drawn straight (routing grows faster
#: than the number of lines, and a map that big is read with the focus views).
ROUTE_LIMIT = 400


def analysis_view(case: Case, as_of: dt.date | None = None) -> dict[str, Any]:
    """Return the analysis on ``as_of`` (exactly ``ecograph analyze --json``) and the warnings.

    ``plain`` gives the same results in plain words
    (:func:`ecograph.workspace.plain.plain_analysis`).

    The early warnings are read on ``as_of``, or on the case's present (its latest recorded
    event), or today when nothing is dated. See :func:`analysis_json`.
    """
    data: dict[str, Any] = json.loads(analysis_json(case, as_of))
    return data


def analysis_key(case: Case) -> str:
    """Return a digest of what the analysis reads of ``case``: all of it but the layout hints.

    Two versions of a case file that differ only in where actors are drawn (a drag on the
    map), in comments or in layout have the same key, and the same analysis.

    Examples
    --------
    >>> from ecograph.io.casefile import load_case
    >>> from ecograph.model.actor import Position
    >>> case = load_case("examples/housing-advocacy.yaml")
    >>> first = case.actors[0].model_copy(update={"position": Position(x=10, y=20)})
    >>> moved = case.model_copy(update={"actors": [first, *case.actors[1:]]})
    >>> analysis_key(case) == analysis_key(moved)
    True
    >>> analysis_key(case) == analysis_key(case.model_copy(update={"title": "Another"}))
    False
    """
    text = case.model_dump_json(exclude={"actors": {"__all__": {"position"}}})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def analysis_json(case: Case, as_of: dt.date | None = None) -> str:
    """Return :func:`analysis_view` as JSON text: ``{"analysis", "warnings", "warnings_as_of"}``.

    Written once, as the command line writes it (dates and numbers as ``analyze --json``
    writes them); the workspace sends this text as it is.
    """
    from ecograph.analysis.early_warning import early_warnings
    from ecograph.analysis.questions import SECTIONS
    from ecograph.analysis.report import analyze
    from ecograph.workspace.plain import plain_analysis

    graph = EcoGraph.from_case(case)
    # every section, the pairs included, as `analyze --json` gives them
    report = analyze(graph, as_of=as_of, only=list(SECTIONS))
    day = as_of or case.present_date() or dt.date.today()
    warnings = [w.to_json() for w in early_warnings(graph, as_of=day)]
    body = {
        "analysis": report.to_json(),
        # the same results in the text report's plain words, for the panel and present mode
        "plain": plain_analysis(report),
        "warnings": warnings,
        "warnings_as_of": day.isoformat(),
    }
    return json.dumps(body, ensure_ascii=False, default=str, separators=(",", ":"))


def whatif_view(
    case: Case, interventions: Any, as_of: dt.date | None = None, source: str = "what-if"
) -> dict[str, Any]:
    """Return what ``interventions`` would change (as ``ecograph whatif --json``) and the edits.

    The interventions are checked as a scenario file's are (same messages). ``edits`` are the
    edits that keep the change in the case file (:func:`ecograph.io.edit.edits_between`);
    ``lines`` the changed pairs in words (:func:`ecograph.workspace.plain.plain_whatif`), and
    ``rows`` the same before and after side by side (:func:`~ecograph.workspace.plain.whatif_rows`).
    """
    from ecograph.analysis.whatif import what_if
    from ecograph.io.edit import edits_between
    from ecograph.io.scenario import loads_scenario
    from ecograph.workspace.plain import plain_whatif, whatif_rows

    graph = EcoGraph.from_case(case)
    scenario = {
        "ecograph-scenario": 1,
        "id": "workspace",
        "title": "What if",
        "interventions": interventions,
    }
    if as_of is not None:
        scenario["date"] = as_of.isoformat()
    text = json.dumps(scenario, ensure_ascii=False, default=str)
    parsed = loads_scenario(text, fmt="json", source=source, graph=graph)
    result = what_if(graph, parsed, as_of=as_of)
    edits = edits_between(case, result.after_graph.to_case())
    return {
        "whatif": json.loads(json.dumps(result.to_json(), ensure_ascii=False, default=str)),
        "lines": plain_whatif(result),
        "rows": whatif_rows(result),
        "edits": [e.model_dump(mode="json") for e in edits],
    }
