"""Lines routed around actors where the page draws them (present mode).

Present mode draws the map wider than the layout and moves actors apart for its large type, so
the lines the server routed for the layout's places may pass over an actor there. The page
sends where it drew each actor and which lines it shows; the server routes them with the
figures' router (:func:`ecograph.plot.html.route_segments`) and answers each line's Cytoscape
``segments``. Nothing of the case is read or sent: only ids and numbers the page gave.
"""

from __future__ import annotations

import math
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ecograph.errors import InputError
from ecograph.workspace.requests import need, read_json

__all__ = ["routes", "parse_routing", "MAX_ACTORS", "MAX_LINES"]

#: The most actors and lines one request may ask to route.
MAX_ACTORS = 5000
MAX_LINES = 20000


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError("not a finite number", field=field, expected="a number")
    return float(value)


def parse_routing(
    data: Any,
) -> tuple[
    dict[str, tuple[float, float]], dict[str, float], dict[str, float], list[tuple[str, str]]
]:
    """Return the positions, clearances, half sizes and lines of a routing request.

    ``data`` is ``{"actors": [{"id", "x", "y", "clear", "half"}, ...], "lines": [[a, b],
    ...]}``: ``clear`` is the distance a line must keep from the actor's centre, ``half`` the
    actor's drawn half size (0 when left out), in the units of ``x`` and ``y``. Bad input
    raises :class:`~ecograph.errors.InputError` naming the field.
    """
    actors = need(data, "actors", list, "a list of actors with id, x, y and clear")
    lines = need(data, "lines", list, "a list of lines, each [source, target]")
    if len(actors) > MAX_ACTORS or len(lines) > MAX_LINES:
        raise InputError(
            "too many actors or lines to route",
            expected=f"at most {MAX_ACTORS} actors and {MAX_LINES} lines",
        )
    positions: dict[str, tuple[float, float]] = {}
    clearance: dict[str, float] = {}
    half: dict[str, float] = {}
    for i, a in enumerate(actors):
        where = f"actors[{i}]"
        ident = need(a, "id", str, "an actor id (text)")
        positions[ident] = (_number(a.get("x"), where + ".x"), _number(a.get("y"), where + ".y"))
        clear = _number(a.get("clear"), where + ".clear")
        if clear < 0:
            raise InputError("a negative clearance", field=where + ".clear", expected=">= 0")
        clearance[ident] = clear
        size = _number(a.get("half", 0), where + ".half")
        if size < 0:
            raise InputError("a negative half size", field=where + ".half", expected=">= 0")
        half[ident] = size
    pairs: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        ok = isinstance(line, list) and len(line) == 2 and all(x in positions for x in line)
        if not ok:
            raise InputError(
                "not a line between two of the actors given",
                field=f"lines[{i}]",
                expected="[source id, target id], both in actors",
            )
        pairs.append((line[0], line[1]))
    return positions, clearance, half, pairs


def routes() -> list[Route]:
    """Return the route ``POST /api/cases/{name}/routes`` (needs the right to view the case)."""

    async def route_lines(request: Request) -> Response:
        from ecograph.plot.html import route_segments

        positions, clearance, half, pairs = parse_routing(await read_json(request))
        segments = await run_in_threadpool(route_segments, positions, clearance, half, pairs)
        return JSONResponse({"segments": segments})

    return [Route("/api/cases/{name}/routes", route_lines, methods=["POST"])]
