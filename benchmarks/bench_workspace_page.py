"""The workspace page in Chromium: opening a case, and the page's part of one edit.

``bench_workspace.py`` measures the workspace as a whole (server and page together); this one
takes the page apart, and compares two builds of it in the same run: the code of another
tree (``--before DIR``, e.g. ``git archive main | tar -x -C DIR``) and this one. Each figure
is measured in headless Chromium (``/usr/bin/chromium`` via Playwright) against a real
``ecograph serve`` process, and carries the load average (``os.getloadavg``, as ``uptime``
prints it) read just before it: the machine is shared, and a figure under load is slower.

* ``open`` -- from navigation to a complete first paint (the map and the analysis panel drawn,
  two animation frames after the page marks each, ``performance.now()``), a fresh browser
  context each run. Split into the server's part (the Resource Timing of the two requests
  that carry the map and the analysis: request sent to last byte) and the rest (the page: its
  scripts, drawing the map, filling the panel, painting). Also the size of the answers.
  Baseline in the same run: the page for an empty folder (its scripts and styles, no case).
* ``edit`` -- one edit as a user makes it (a relationship's strength changed, Save), from the
  click to the analysis panel refreshed and painted; the server's part (the edit's POST and
  the analysis's GET, Resource Timing) and the page's part (the rest). Baseline in the same
  run: one request to the server and back in the page, then two frames (``GET /api/cases``:
  the least any change that goes to the server can cost).

Writes ``benchmarks/results/workspace_page.json``. Run from the repository root::

    git archive main | tar -x -C /tmp/main-tree
    PYTHONPATH=. .venv/bin/python benchmarks/bench_workspace_page.py --before /tmp/main-tree \\
        [--runs 5] [--no-large]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

try:  # run as a script or as a module
    from _common import ROOT, write_results
    from bench_workspace import _EDIT, _MARKS, _browser, _write_case
except ImportError:  # pragma: no cover
    from benchmarks._common import ROOT, write_results
    from benchmarks.bench_workspace import _EDIT, _MARKS, _browser, _write_case

sys.path.insert(0, str(ROOT))
from tests.workspace.conftest import served  # noqa: E402

GOALS = {"open_s": {"community-40": 1.0, "generated-500": 2.0}, "edit_page_s": 0.150}

# The requests of the case (map) and of its analysis, as the page's Resource Timing saw them.
_REQUESTS = """() => performance.getEntriesByType('resource')
  .filter(e => /\\/api\\/cases\\/[^/]+(\\/analysis|\\/edits)?(\\?|$)/.test(e.name))
  .map(e => ({ what: /\\/analysis/.test(e.name) ? 'analysis'
                      : /\\/edits/.test(e.name) ? 'edit' : 'map',
               ms: e.responseEnd - e.startTime, bytes: e.encodedBodySize }))"""

# The least a change that goes to the server costs in the page: one request, then two frames.
_ROUND_TRIP = """async () => {
  const t0 = performance.now();
  await (await fetch('/api/cases', { credentials: 'same-origin' })).json();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _open(browser: Any, url: str, timeout_s: float, empty: bool = False) -> dict[str, Any]:
    load = _load()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        page.add_init_script(_MARKS)
        page.goto(url)
        if empty:
            page.wait_for_selector("#new-case-name")
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            return {"complete_ms": page.evaluate("() => performance.now()"), "load": load}
        page.wait_for_function(
            "() => window.__marks['data-version'] && window.__marks['data-analysis-version']"
        )
        marks = page.evaluate("() => window.__marks")
        requests = page.evaluate(_REQUESTS)
    finally:
        context.close()
    complete = max(marks["data-version"], marks["data-analysis-version"])
    server = {r["what"]: r["ms"] for r in requests}
    # the two requests run side by side: the server's part is the longer
    server_ms = max(server.get("map", 0.0), server.get("analysis", 0.0))
    return {
        "complete_ms": round(complete, 1),
        "map_ms": round(marks["data-version"], 1),
        "server_ms": round(server_ms, 1),
        "page_ms": round(complete - server_ms, 1),
        "bytes": {r["what"]: r["bytes"] for r in requests},
        "load": load,
    }


def _edits(browser: Any, url: str, runs: int, timeout_s: float) -> list[dict[str, Any]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    out = []
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        page.add_init_script(_MARKS)
        page.goto(url)
        page.wait_for_function("() => window.__marks['data-analysis-version']")
        for i in range(runs + 1):
            load = _load()
            page.evaluate("() => performance.clearResourceTimings()")
            base = page.evaluate(_ROUND_TRIP)
            page.evaluate("() => performance.clearResourceTimings()")
            # a new strength every time: a value seen before finds its analysis made already
            total = page.evaluate(_EDIT, round(0.31 + 0.01 * i, 2))
            server = sum(r["ms"] for r in page.evaluate(_REQUESTS))
            if i:  # the first is a warm-up
                out.append(
                    {
                        "total_ms": round(total, 1),
                        "server_ms": round(server, 1),
                        "page_ms": round(total - server, 1),
                        "round_trip_ms": round(base, 1),
                        "load": load,
                    }
                )
    finally:
        context.close()
    return out


def _summary(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        **{f"{k}_median": _median([r[k] for r in rows]) for k in keys},
        "load_median": _median([r["load"] for r in rows]),
        "runs": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a tree of the code to compare with")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--no-large", action="store_true", help="community-40 only")
    args = parser.parse_args()
    builds: dict[str, dict[str, str]] = {"this tree": {}}
    if args.before:
        builds = {"before": {"PYTHONPATH": str(args.before.resolve())}, **builds}
    folder = Path(tempfile.mkdtemp())
    # the server runs `python -m ecograph` from the current folder: not this tree's, so that
    # PYTHONPATH picks the build
    os.chdir(folder)
    results: dict[str, Any] = {"goals": GOALS, "builds": {"before": str(args.before)}}
    try:
        empty = folder / "empty"
        empty.mkdir()
        cases = {"community-40": _write_case(folder, "community-40.yaml", None)}
        if not args.no_large:
            cases["generated-500"] = _write_case(folder, "generated-500.yaml", 500)
        with _browser() as browser:
            for build, env in builds.items():
                with served(empty, env=env) as url:
                    _open(browser, url, args.timeout, empty=True)
                    rows = [_open(browser, url, args.timeout, True) for _ in range(args.runs)]
                results.setdefault("open", {}).setdefault("empty page", {})[build] = _summary(
                    rows, ("complete_ms",)
                )
            for name, path in cases.items():
                for build, env in builds.items():
                    with served(path, env=env) as url:
                        _open(browser, url, args.timeout)  # warm-up: the server's imports
                        rows = [_open(browser, url, args.timeout) for _ in range(args.runs)]
                    s = _summary(rows, ("complete_ms", "map_ms", "server_ms", "page_ms"))
                    base = results["open"]["empty page"][build]["complete_ms_median"]
                    s["ratio_to_empty_page"] = round(s["complete_ms_median"] / base, 2)
                    s["goal_met"] = s["complete_ms_median"] / 1000 < GOALS["open_s"][name]
                    results["open"].setdefault(name, {})[build] = s
                    print(f"open {name} [{build}]: {s['complete_ms_median']} ms (page "
                          f"{s['page_ms_median']} ms, server {s['server_ms_median']} ms; empty "
                          f"page {base} ms; load {s['load_median']})")  # fmt: skip
            for build, env in builds.items():
                with served(cases["community-40"], env=env) as url:
                    rows = _edits(browser, url, args.runs, args.timeout)
                s = _summary(rows, ("total_ms", "server_ms", "page_ms", "round_trip_ms"))
                s["ratio_page_to_round_trip"] = round(
                    s["page_ms_median"] / s["round_trip_ms_median"], 2
                )
                s["goal_page_met"] = s["page_ms_median"] / 1000 < GOALS["edit_page_s"]
                results.setdefault("edit", {}).setdefault("community-40", {})[build] = s
                print(f"edit community-40 [{build}]: {s['total_ms_median']} ms, of which the "
                      f"page {s['page_ms_median']} ms and the server {s['server_ms_median']} ms "
                      f"(a bare round trip {s['round_trip_ms_median']} ms; load "
                      f"{s['load_median']})")  # fmt: skip
    finally:
        shutil.rmtree(folder)
    print(f"wrote {write_results('workspace_page', results)}")


if __name__ == "__main__":
    main()
