"""Time to write the interactive HTML map, and the browser's time to first render.

Cases: the 40-actor example (``examples/community-40.yaml``) and a generated 5,000-actor case
(``html_case.py``: 5,000 actors, 8,000 relationships, a third with a dated history).

Measured in this process (wall clock, median of ``--runs`` after a warm-up):

* ``html``: ``write_html(graph, path)`` with the defaults a user gets from ``ecograph view``
  (layout, factions, likelihoods when the case is small enough, the page, the atomic write);
  with a breakdown of its parts (``layout``, ``factions``, ``page_data``, ``assemble``);
* ``baseline``: writing the raw case as JSON (``json.dumps(case_to_data(case))`` + the same
  atomic write) -- the least any export of the same case costs; the ratio says what the map
  adds over it.

Measured in headless Chromium (``/usr/bin/chromium`` via Playwright; skipped with a note when
missing):

* ``first_render_ms``: from navigation start to Cytoscape's first ``render`` event
  (``performance.now()`` in the page);
* ``ready_wall_s``: from ``page.goto`` to the page saying it is ready, seen from Python;
* ``filter_ms`` / ``slider_ms``: one filter change (hide conflict) and one slider move (to the
  first date), timed in the page -- whether the map stays responsive.

Goal (issue 5): the HTML for the 5,000-actor case in under 5 s.
Writes ``benchmarks/results/html_map.json``. Run from the repository root::

    python benchmarks/bench_html_map.py [--runs 3] [--actors 5000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # ecograph from this tree

try:  # run as a script (python benchmarks/bench_...py) or as a module
    from _common import ROOT, summary, write_results
    from html_case import html_case
except ImportError:  # pragma: no cover
    from benchmarks._common import ROOT, summary, write_results
    from benchmarks.html_case import html_case

from ecograph import load_graph
from ecograph.graph import EcoGraph
from ecograph.io.atomic import atomic_write
from ecograph.io.casefile import case_to_data
from ecograph.plot import html as H
from ecograph.plot.layout import system_layout

GOAL_S = 5.0


def _runs(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def _browser(path: Path) -> dict[str, Any]:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return {"skipped": f"{chromium} is missing"}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            results: dict[str, list[float]] = {
                "first_render_ms": [],
                "ready_wall_s": [],
                "filter_ms": [],
                "slider_ms": [],
            }
            errors: list[str] = []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.on("pageerror", lambda e: errors.append(str(e)))
                t = time.perf_counter()
                page.goto(path.resolve().as_uri())
                page.wait_for_selector("body[data-ready='1']", timeout=120_000)
                results["ready_wall_s"].append(time.perf_counter() - t)
                results["first_render_ms"].append(page.evaluate("() => ecographTiming.firstRender"))
                results["filter_ms"].append(
                    page.evaluate(
                        "() => { const c = document.querySelector("
                        "'input[name=type][value=conflict]'); const t = performance.now();"
                        " c.click(); return performance.now() - t; }"
                    )
                )
                results["slider_ms"].append(
                    page.evaluate(
                        "() => { const t = performance.now(); ecographMap.setDateIndex(0);"
                        " return performance.now() - t; }"
                    )
                )
                page.close()
            out: dict[str, Any] = {k: round(statistics.median(v), 3) for k, v in results.items()}
            out["samples"] = {k: [round(x, 3) for x in v] for k, v in results.items()}
            out["page_errors"] = errors
            out["browser"] = browser.version
            return out
        finally:
            browser.close()


def measure(name: str, graph: EcoGraph, runs: int, folder: Path) -> dict[str, Any]:
    out = folder / f"{name}.html"
    raw = folder / f"{name}.json"
    html_s = _runs(lambda: H.write_html(graph, out), runs)
    base_s = _runs(
        lambda: atomic_write(raw, json.dumps(case_to_data(graph.to_case()), ensure_ascii=False)),
        runs,
    )
    parts = {
        "layout": summary(_runs(lambda: system_layout(graph), runs)),
        "factions": summary(_runs(lambda: H._factions(graph, None, None), runs)),
        "page_data": summary(_runs(lambda: H.map_data(graph), runs)),
    }
    data = H.map_data(graph)
    parts["assemble"] = summary(_runs(lambda: H.page_from_data(data), runs))
    median_html = statistics.median(html_s)
    median_base = statistics.median(base_s)
    return {
        "actors": len(graph),
        "relationships": len(graph.relationships()),
        "analysis_scope": data["analysis"]["scope"],
        "html_bytes": out.stat().st_size,
        "raw_json_bytes": raw.stat().st_size,
        "html": summary(html_s),
        "baseline_raw_json": summary(base_s),
        "ratio_html_to_baseline": round(median_html / median_base, 2),
        "parts": parts,
        "browser": _browser(out),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--actors", type=int, default=5000)
    args = parser.parse_args()
    results: dict[str, Any] = {"goal_s": {f"generated-{args.actors}": GOAL_S}, "cases": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = {
            "community-40": lambda: load_graph(str(ROOT / "examples" / "community-40.yaml")),
            f"generated-{args.actors}": lambda: html_case(args.actors, 0),
        }
        for name, make in cases.items():
            t = time.perf_counter()
            graph = make()
            made = time.perf_counter() - t
            r = measure(name, graph, args.runs, folder)
            r["case_built_s"] = round(made, 3)
            results["cases"][name] = r
            b = r["browser"]
            nan = float("nan")
            print(
                f"{name}: {r['actors']} actors, {r['relationships']} relationships; "
                f"HTML {r['html']['median_s']:.2f} s ({r['html_bytes'] / 1e6:.1f} MB, "
                f"likelihoods: {r['analysis_scope']}), "
                f"raw JSON {r['baseline_raw_json']['median_s']:.3f} s, "
                f"ratio {r['ratio_html_to_baseline']}; "
                f"first render {b.get('first_render_ms', nan):.0f} ms, "
                f"ready {b.get('ready_wall_s', nan):.2f} s, "
                f"filter {b.get('filter_ms', nan):.0f} ms, slider {b.get('slider_ms', nan):.0f} ms"
            )
    big = results["cases"][f"generated-{args.actors}"]
    results["goal_met"] = big["html"]["median_s"] < GOAL_S
    path = write_results("html_map", results)
    print(
        f"goal (< {GOAL_S:g} s for {args.actors} actors) met: {results['goal_met']}; wrote {path}"
    )


if __name__ == "__main__":
    main()
