"""The map workspace (``ecograph serve``): opening a case, one edit, and many clients at once.

Each figure is measured against a real ``ecograph serve`` process (started like the tests start
it) and, where it says so, in headless Chromium (``/usr/bin/chromium`` via Playwright). Cases:
``examples/community-40.yaml`` and generated community cases (``community_case.py``, the
generator ``bench_time.py`` uses) written as YAML files.

* ``open`` -- **opening a case**: from navigation to a complete first paint in Chromium -- the
  map drawn (``map_ms``) and the analysis panel filled (``complete_ms``), each timed in the page
  (``performance.now()``, two animation frames after the page marks it, so the frame is
  painted). A fresh browser context per run (nothing cached). Goals: community-40 < 1 s,
  the generated 500-actor case < 2 s. Baseline in the same run: the same page for an empty
  folder (the page, its script and Cytoscape.js, no case) -- what any page of the workspace
  costs.
* ``server`` -- **the server's part of one edit**, in this process (the application through
  Starlette's test client: no network, no browser): ``POST .../edits`` then
  ``GET .../analysis``, wall and CPU seconds (CPU time hardly changes when other programs load
  the machine). Two edits: a relationship's strength, and an actor dragged on the map. Baseline
  in the same run: ``ecograph analyze FILE --json`` as a process (wall and CPU).
* ``edit`` -- **one edit**: in the opened page, the time from clicking *Save* on a relationship
  whose strength was changed, through the check and the atomic save, to the analysis panel
  refreshed (``browser``); and the same edit over HTTP without the browser (``POST .../edits``
  then ``GET .../analysis``: what the server does). Goals: median < 150 ms on community-40,
  < 1.5 s on the generated 2,000-actor case. Baseline in the same run: ``ecograph analyze FILE
  --json`` as a process on the same case (what a user of the command line waits for after
  editing the file by hand).
* ``load`` -- **under load**: 20 clients, each editing its own copy of community-40 on one
  server, for 60 s (each edit followed by the analysis); every error counted; p50 and p95 of an
  edit with its analysis. Baseline in the same run: one client alone (the median of ``edit``
  over HTTP on community-40).

Writes ``benchmarks/results/workspace.json``. Run from the repository root::

    PYTHONPATH=. .venv/bin/python benchmarks/bench_workspace.py [--runs 7] [--clients 20]
        [--seconds 60] [--only open,server,edit,load] [--timeout 120] [--no-large]

Every edit sets a strength the case has not had in the last 89 edits (:func:`_strength`), so
no edit finds its views already made. Each figure has the load average beside it (``uptime``).

A request or a page that does not answer within ``--timeout`` seconds is recorded as not
finished (``null``), so the benchmark ends on a slow build too. A run with ``--only`` keeps the
other parts' figures from the file, each with the date it was measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx

try:  # run as a script or as a module
    import _common
    from community_case import community_case
except ImportError:  # pragma: no cover
    from benchmarks import _common
    from benchmarks.community_case import community_case

RESULTS, ROOT, summary, write_results = (
    _common.RESULTS,
    _common.ROOT,
    _common.summary,
    _common.write_results,
)
time_command_cpu, timed_wall_cpu = _common.time_command_cpu, _common.timed_wall_cpu

sys.path.insert(0, str(ROOT))
from ecograph.io.casefile import dumps_case  # noqa: E402
from tests.workspace.conftest import served  # noqa: E402

EXAMPLE = ROOT / "examples" / "community-40.yaml"
#: The parts of the benchmark (``--only``), in the order they run.
PARTS = ("open", "server", "edit", "load")
CHROMIUM = Path("/usr/bin/chromium")
GOALS = {
    "open_s": {"community-40": 1.0, "generated-500": 2.0},
    "edit_median_s": {"community-40": 0.150, "generated-2000": 1.5},
}

# Marks, in the page, when the map is first drawn and when the analysis panel is first filled
# (two animation frames after the page sets body[data-version] / body[data-analysis-version]).
_MARKS = """
window.__marks = {};
new MutationObserver(function (records) {
  records.forEach(function (m) {
    var n = m.attributeName;
    if (m.target !== document.body || window.__marks[n] !== undefined) return;
    window.__marks[n] = null;
    requestAnimationFrame(function () { requestAnimationFrame(function () {
      window.__marks[n] = performance.now(); }); });
  });
}).observe(document, { attributes: true, subtree: true,
  attributeFilter: ['data-version', 'data-analysis-version'] });
"""

# One edit as a user makes it: pick the first relationship, change its strength, Save; resolve
# when the analysis panel shows the new version (painted).
_EDIT = """
async (strength) => {
  window.ecographCy.edges('.rel')[0].emit('tap');
  document.getElementById('rel-strength').value = String(strength);
  const before = document.body.getAttribute('data-analysis-version');
  const t0 = performance.now();
  document.getElementById('rel-save').click();
  await new Promise((resolve) => {
    const ob = new MutationObserver(() => {
      const v = document.body.getAttribute('data-analysis-version');
      if (v && v !== before) { ob.disconnect(); resolve(); }
    });
    ob.observe(document.body, { attributes: true });
  });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}
"""


def _write_case(folder: Path, name: str, actors: int | None) -> Path:
    path = folder / name
    if actors is None:
        shutil.copy(EXAMPLE, path)
    else:
        path.write_text(dumps_case(community_case(actors), "yaml"), encoding="utf-8")
    return path


@contextmanager
def _browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


def _open_once(browser: Any, url: str, timeout_s: float, empty: bool = False) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(type(e).__name__))
        page.add_init_script(_MARKS)
        try:
            page.goto(url)
            if empty:  # the empty folder: the page asks for a new case
                page.wait_for_selector("#new-case-name")
                page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                return {"ready_ms": page.evaluate("() => performance.now()"), "errors": errors}
            page.wait_for_function(
                "() => window.__marks['data-version'] && window.__marks['data-analysis-version']"
            )
        except Exception as exc:  # noqa: BLE001 -- a page that never finishes is a result
            return {"map_ms": None, "complete_ms": None, "errors": [*errors, type(exc).__name__]}
        marks = page.evaluate("() => window.__marks")
        return {
            "map_ms": round(marks["data-version"], 1),
            "complete_ms": round(marks["data-analysis-version"], 1),
            "errors": errors,
        }
    finally:
        context.close()


def _median(values: list[float | None]) -> float | None:
    done = [v for v in values if v is not None]
    return round(statistics.median(done), 1) if done and len(done) == len(values) else None


def bench_open(folder: Path, runs: int, timeout_s: float, large: bool) -> dict[str, Any]:
    """Opening a case in Chromium: community-40, the generated 500-actor case, an empty folder."""
    out: dict[str, Any] = {}
    empty = folder / "empty"
    empty.mkdir()
    cases = {
        "community-40": _write_case(folder, "community-40.yaml", None),
    }
    if large:
        cases["generated-500"] = _write_case(folder, "generated-500.yaml", 500)
    with _browser() as browser:
        with served(empty) as url:
            base = [_open_once(browser, url, timeout_s, empty=True) for _ in range(runs + 1)][1:]
        base_ms = _median([b["ready_ms"] for b in base])
        out["baseline_empty_page"] = {"ready_ms": base_ms, "runs": base}
        for name, path in cases.items():
            with served(path) as url:
                _open_once(browser, url, timeout_s)  # warm-up: the server's first import
                rows = [_open_once(browser, url, timeout_s) for _ in range(runs)]
            complete = _median([r["complete_ms"] for r in rows])
            out[name] = {
                "map_ms": _median([r["map_ms"] for r in rows]),
                "complete_ms": complete,
                "goal_s": GOALS["open_s"][name],
                "goal_met": complete is not None and complete / 1000 < GOALS["open_s"][name],
                "ratio_to_empty_page": (
                    round(complete / base_ms, 2) if complete is not None and base_ms else None
                ),
                "runs": rows,
            }
            print(
                f"open {name}: map {out[name]['map_ms']} ms, complete {complete} ms "
                f"(empty page {base_ms} ms)"
            )
    return out


def _strength(i: int) -> float:
    """Return the strength edit ``i`` sets: a new value each time (0.05 to 0.94).

    Never the value of the edit before, nor of the last 89: every edit makes a case whose
    views the server has not made yet (toggling between two values would measure its cache).
    """
    return round(0.05 + 0.01 * (i % 90), 2)


def _strength_edit(version: str, rel: dict[str, Any], i: int) -> dict[str, Any]:
    """Return the request body of edit ``i``: the relationship's strength :func:`_strength`."""
    return {
        "version": version,
        "edits": [
            {
                "op": "put_relationship",
                "source": rel["source"],
                "target": rel["target"],
                "fields": {"strength": _strength(i)},
            }
        ],
    }


def _move_edit(version: str, actor: dict[str, Any], i: int) -> dict[str, Any]:
    """Return the request body of edit ``i``: the actor dragged to a new place on the map."""
    return {
        "version": version,
        "edits": [{"op": "set_position", "id": actor["id"], "x": actor["x"] + i, "y": actor["y"]}],
    }


def _load() -> list[float]:
    """Return the machine's load average (1, 5, 15 minutes), as ``uptime`` prints it."""
    return [round(x, 2) for x in os.getloadavg()]


def _http_edits(url: str, name: str, runs: int, timeout_s: float) -> list[float | None]:
    times: list[float | None] = []
    with httpx.Client(timeout=timeout_s) as client:
        client.get(url)  # the cookie
        base = "{0.scheme}://{0.netloc}/api/cases/{1}".format(urlsplit(url), name)
        try:
            case = client.get(base).json()
        except httpx.TimeoutException:
            return [None]
        rel = case["case"]["relationships"][0]
        version = case["version"]
        for i in range(runs + 1):
            t0 = time.perf_counter()
            try:
                r = client.post(base + "/edits", json=_strength_edit(version, rel, i))
                r.raise_for_status()
                version = r.json()["version"]
                client.get(base + "/analysis").raise_for_status()
            except httpx.TimeoutException:
                times.append(None)
                break
            if i:  # the first is a warm-up
                times.append(time.perf_counter() - t0)
    return times


def _browser_edits(browser: Any, url: str, runs: int, timeout_s: float) -> list[float | None]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    times: list[float | None] = []
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        page.add_init_script(_MARKS)
        try:
            page.goto(url)
            page.wait_for_function("() => window.__marks['data-analysis-version']")
            for i in range(runs + 1):
                ms = page.evaluate(_EDIT, _strength(i))
                if i:
                    times.append(ms / 1000)
        except Exception:  # noqa: BLE001 -- not finished in time
            times.append(None)
    finally:
        context.close()
    return times


def _stats(samples: list[float | None]) -> dict[str, Any]:
    if not samples or None in samples:
        return {"median_s": None, "finished": [s for s in samples if s is not None]}
    return summary([s for s in samples if s is not None])


def _edit_cases(folder: Path, prefix: str, runs: int, large: bool) -> dict[str, tuple[Path, int]]:
    """Return the cases one edit is measured on, each with its number of runs."""
    cases = {"community-40": (_write_case(folder, f"{prefix}-40.yaml", None), runs)}
    if large:
        big = _write_case(folder, f"{prefix}-2000.yaml", 2000)
        cases["generated-2000"] = (big, max(3, runs // 2))
    return cases


def _analyze_process(path: Path) -> dict[str, Any]:
    """Return the wall and CPU seconds of ``ecograph analyze PATH --json`` as a process."""
    cmd = [sys.executable, "-m", "ecograph", "analyze", str(path), "--json"]
    wall, cpu = time_command_cpu(cmd, repeat=3)
    return {"wall": summary(wall), "cpu": summary(cpu)}


def bench_edit(folder: Path, runs: int, timeout_s: float, large: bool) -> dict[str, Any]:
    """One edit to the analysis refreshed, in the browser and over HTTP, against `analyze`."""
    out: dict[str, Any] = {}
    with _browser() as browser:
        for name, (path, n) in _edit_cases(folder, "edit", runs, large).items():
            process = _analyze_process(path)["wall"]
            with served(path) as url:
                http = _stats(_http_edits(url, path.name, n, timeout_s))
                in_page = _stats(_browser_edits(browser, url, n, timeout_s))
            med = in_page["median_s"]
            goal = GOALS["edit_median_s"][name]
            out[name] = {
                "load_average": _load(),
                "browser": in_page,
                "http": http,
                "analyze_as_a_process": process,
                "ratio_process_over_edit": (round(process["median_s"] / med, 2) if med else None),
                "goal_median_s": goal,
                "goal_met": med is not None and med < goal,
            }
            print(
                f"edit {name}: in the page {med} s, over HTTP {http['median_s']} s, "
                f"analyze as a process {process['median_s']} s (goal < {goal} s; "
                f"load {out[name]['load_average']})"
            )
    return out


def _server_edits(path: Path, runs: int, move: bool) -> dict[str, Any]:
    """One edit and its analysis through the application in this process: wall and CPU s.

    What the server does for one edit in the page -- ``POST .../edits`` (check, atomic save,
    the map) then ``GET .../analysis`` -- without the network, the browser or another
    process; CPU seconds beside wall seconds, since CPU time hardly changes when other
    programs load the machine. ``move`` drags an actor instead of changing a strength.
    """
    from starlette.testclient import TestClient

    from ecograph.workspace import CaseFolder, create_app

    token = "bench-token-0123456789"
    client = TestClient(create_app(CaseFolder(path), token=token), base_url="http://127.0.0.1")
    client.headers["X-Ecograph-Token"] = token
    base = f"/api/cases/{path.name}"
    case = client.get(base).json()
    client.get(base + "/analysis")  # the case as opened
    state = {"version": case["version"], "i": 0}
    rel = case["case"]["relationships"][0]
    actor = next(a for a in case["map"]["actors"])

    def one() -> None:
        state["i"] += 1
        i, version = state["i"], state["version"]
        body = _move_edit(version, actor, i) if move else _strength_edit(version, rel, i)
        r = client.post(base + "/edits", json=body)
        r.raise_for_status()
        state["version"] = r.json()["version"]
        client.get(base + "/analysis").raise_for_status()

    wall, cpu = timed_wall_cpu(one, runs)
    client.close()
    return {"wall": summary(wall), "cpu": summary(cpu)}


def bench_server(folder: Path, runs: int, large: bool) -> dict[str, Any]:
    """The server's part of one edit (in this process), against ``analyze`` as a process."""
    out: dict[str, Any] = {}
    for name, (path, n) in _edit_cases(folder, "server", runs, large).items():
        process = _analyze_process(path)
        strength = _server_edits(path, n, move=False)
        moved = _server_edits(path, n, move=True)
        ratio = process["cpu"]["median_s"] / strength["cpu"]["median_s"]
        out[name] = {
            "goal_median_s": GOALS["edit_median_s"][name],
            "strength_edit": strength,
            "drag_edit": moved,
            "analyze_as_a_process": process,
            "ratio_process_over_edit_cpu": round(ratio, 2),
            "load_average": _load(),
        }
        print(
            f"server {name}: strength edit {strength['wall']['median_s']} s "
            f"(CPU {strength['cpu']['median_s']} s), drag {moved['wall']['median_s']} s "
            f"(CPU {moved['cpu']['median_s']} s); analyze as a process "
            f"{process['wall']['median_s']} s (CPU {process['cpu']['median_s']} s); "
            f"load {out[name]['load_average']}"
        )
    return out


async def _client(
    base: str, cookies: httpx.Cookies, name: str, until: float, timeout_s: float
) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    async with httpx.AsyncClient(timeout=timeout_s, cookies=cookies) as client:
        path = f"{base}/api/cases/{name}"
        case = (await client.get(path)).json()
        rel = case["case"]["relationships"][0]
        version = case["version"]
        i = 0
        while time.perf_counter() < until:
            i += 1
            body = _strength_edit(version, rel, i)
            t0 = time.perf_counter()
            try:
                r = await client.post(path + "/edits", json=body)
                if r.status_code != 200:
                    errors.append(f"edit {r.status_code}")
                    version = (await client.get(path)).json()["version"]
                    continue
                version = r.json()["version"]
                a = await client.get(path + "/analysis")
                if a.status_code != 200:
                    errors.append(f"analysis {a.status_code}")
                    continue
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
                continue
            times.append(time.perf_counter() - t0)
    return times, errors


def bench_load(folder: Path, clients: int, seconds: float, timeout_s: float) -> dict[str, Any]:
    """``clients`` clients editing their own case on one server for ``seconds``."""
    cases = folder / "load"
    cases.mkdir()
    names = [_write_case(cases, f"case-{i:02d}.yaml", None).name for i in range(clients)]
    with served(cases) as url:
        single = _stats(_http_edits(url, names[0], 7, timeout_s))
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        cookies = httpx.get(url).cookies

        async def run() -> list[tuple[list[float], list[str]]]:
            until = time.perf_counter() + seconds
            return await asyncio.gather(
                *(_client(base, cookies, n, until, timeout_s) for n in names)
            )

        t0 = time.perf_counter()
        results = asyncio.run(run())
        wall = time.perf_counter() - t0
    times = sorted(t for ts, _ in results for t in ts)
    errors = [e for _, es in results for e in es]
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else None
    out = {
        "load_average": _load(),
        "clients": clients,
        "seconds": round(wall, 1),
        "edits": len(times),
        "edits_per_second": round(len(times) / wall, 2),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "p50_s": round(statistics.median(times), 3) if times else None,
        "p95_s": round(p95, 3) if p95 is not None else None,
        "max_s": round(times[-1], 3) if times else None,
        "one_client_alone": single,
        "ratio_p95_over_one_client": (
            round(p95 / single["median_s"], 1) if p95 and single["median_s"] else None
        ),
    }
    print(
        f"load: {clients} clients, {out['edits']} edits in {out['seconds']} s, "
        f"{out['errors']} errors, p50 {out['p50_s']} s, p95 {out['p95_s']} s "
        f"(one client alone {single['median_s']} s; load {out['load_average']})"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", default=",".join(PARTS))
    parser.add_argument(
        "--no-large", action="store_true", help="community-40 only (no generated cases)"
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    results: dict[str, Any] = {"goals": GOALS}
    folder = Path(tempfile.mkdtemp())
    try:
        if "open" in parts:
            results["open"] = bench_open(folder, args.runs, args.timeout, not args.no_large)
        if "server" in parts:
            results["server"] = bench_server(folder, args.runs, not args.no_large)
        if "edit" in parts:
            results["edit"] = bench_edit(folder, args.runs, args.timeout, not args.no_large)
        if "load" in parts:
            results["load"] = bench_load(folder, args.clients, args.seconds, args.timeout)
    finally:
        shutil.rmtree(folder)
    earlier = RESULTS / "workspace.json"
    if parts != set(PARTS) and earlier.exists():
        # a partial run keeps the other parts' figures of the last run (with their own date)
        old = json.loads(earlier.read_text(encoding="utf-8"))
        for part in set(PARTS) - parts:
            if part in old["results"]:
                results[part] = {"measured": old["when"], **old["results"][part]}
    path = write_results("workspace", results)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
