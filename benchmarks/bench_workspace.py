"""One edit in the workspace: from changing a relationship, through the save, to the analysis.

Figures (each against a baseline in the same run), on community-40 (goal: median < 150 ms):

* **one edit**: against a running ``ecograph serve``, the time from sending an edit that changes
  one relationship's strength (``POST .../edits``: checked like ``validate``, written atomically,
  the new map back) to the analysis for the page's date received (``GET .../analysis``) -- what
  the page waits for before the panel is refreshed (the browser's own drawing is not counted);
* **baseline**: running ``ecograph analyze FILE --json`` as a process on the same case (what a
  user of the command line waits for after editing the file by hand).

Writes ``benchmarks/results/workspace.json``. Run from the repository root::

    PYTHONPATH=. .venv/bin/python benchmarks/bench_workspace.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx2 as httpx

try:  # run as a script or as a module
    from _common import ROOT, summary, time_command, write_results
except ImportError:  # pragma: no cover
    from benchmarks._common import ROOT, summary, time_command, write_results

sys.path.insert(0, str(ROOT))
from tests.workspace.conftest import served  # noqa: E402

EXAMPLE = ROOT / "examples" / "community-40.yaml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    shutil.copy(EXAMPLE, folder / "case.yaml")
    edits: list[float] = []
    with served(folder) as url, httpx.Client(timeout=60) as client:
        client.get(url)  # the cookie
        base = "{0.scheme}://{0.netloc}/api/cases/case.yaml".format(urlsplit(url))
        case = client.get(base).json()
        rel = case["case"]["relationships"][0]
        src, tgt = rel["source"], rel["target"]
        version = case["version"]
        for i in range(args.runs + 1):
            strength = 0.3 + 0.4 * (i % 2)
            t0 = time.perf_counter()
            r = client.post(
                base + "/edits",
                json={
                    "version": version,
                    "edits": [
                        {
                            "op": "put_relationship",
                            "source": src,
                            "target": tgt,
                            "fields": {"strength": strength},
                        }
                    ],
                },
            )
            r.raise_for_status()
            version = r.json()["version"]
            client.get(base + "/analysis").raise_for_status()
            if i:  # the first is a warm-up
                edits.append(time.perf_counter() - t0)
    cmd = [sys.executable, "-m", "ecograph", "analyze", str(folder / "case.yaml"), "--json"]
    baseline = time_command(cmd, repeat=max(5, args.runs // 3))
    shutil.rmtree(folder)
    e, b = summary(edits), summary(baseline)
    results = {
        "case": "examples/community-40.yaml",
        "one_edit_to_analysis": e,
        "analyze_as_a_process": b,
        "ratio_process_over_edit": round(b["median_s"] / e["median_s"], 2),
        "goal_median_seconds": 0.150,
    }
    path = write_results("workspace", results)
    print(
        f"one edit -> saved -> analysis: median {e['median_s'] * 1000:.0f} ms "
        f"(goal < 150 ms); ecograph analyze as a process: {b['median_s'] * 1000:.0f} ms "
        f"({results['ratio_process_over_edit']}x the edit); wrote {path}"
    )


if __name__ == "__main__":
    main()
