"""Figure: the time commands -- warnings, what-if and record -- against loading the same case.

Baseline, measured in the same run: loading and validating the case (``load_graph``), the least
any command on it does. For ``record`` the baseline is load plus save (the read-modify-write it
must do), so the ratio shows the cost of the lock and the history bookkeeping.

Measured (in process, median after one warm-up):

* ``early_warnings`` on the date of the case's latest observation;
* ``what_if`` of an advocate scenario (copy, apply, two analyses) -- also against one
  ``analyze`` of the map, since a what-if is two analyses and a copy;
* ``record_in_file`` of one observation into a temporary copy of the file.

On examples/community-40.yaml and a generated community case (2,000 actors; 10,000 without
``--quick`` is left out on purpose: what-if runs the full analysis twice).

Run from the repository root::

    python benchmarks/bench_time.py
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, summary, time_runs, write_results  # noqa: E402
from community_case import community_case  # noqa: E402

from ecograph import load_graph  # noqa: E402
from ecograph.analysis.early_warning import early_warnings  # noqa: E402
from ecograph.analysis.report import analyze  # noqa: E402
from ecograph.analysis.whatif import COMPARED, scenario_date, what_if  # noqa: E402
from ecograph.io.casefile import load_case, save_case  # noqa: E402
from ecograph.io.record import record_in_file  # noqa: E402
from ecograph.model import Observation, Role  # noqa: E402
from ecograph.model.scenario import Scenario  # noqa: E402

EXAMPLE = ROOT / "examples" / "community-40.yaml"


def bench_file(path: Path, repeat: int) -> dict[str, object]:
    """Time warnings, what-if and record on one case file against loading it."""
    g = load_graph(str(path))
    client = next(a.id for a in g.actors() if Role.CLIENT in a.roles)
    agent = next(a.id for a in g.actors() if Role.CHANGE_AGENT in a.roles)
    scenario = Scenario.model_validate(
        {
            "id": "bench",
            "title": "An advocate",
            "interventions": [{"add_advocate": {"client": client, "toward": [agent]}}],
        }
    )
    day = scenario_date(g, scenario)
    load = summary(time_runs(lambda: load_graph(str(path)), repeat=repeat))
    warn = summary(time_runs(lambda: early_warnings(g, as_of=day), repeat=repeat))
    one = summary(time_runs(lambda: analyze(g, as_of=day, only=COMPARED), repeat=repeat))
    wif = summary(time_runs(lambda: what_if(g, scenario), repeat=repeat))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        rw = summary(time_runs(lambda: save_case(load_case(copy), copy), repeat=repeat))
        obs = Observation(date=day + dt.timedelta(days=1), type="conflict", strength=0.5)
        rec = summary(time_runs(lambda: record_in_file(copy, client, agent, obs), repeat=repeat))
    return {
        "case": g.case_id,
        "actors": len(g),
        "relationships": len(g.relationships()),
        "baseline_load": load,
        "warnings": warn,
        "ratio_warnings_to_load": round(warn["median_s"] / load["median_s"], 2),
        "analyze_compared_sections": one,
        "whatif": wif,
        "ratio_whatif_to_load": round(wif["median_s"] / load["median_s"], 2),
        "ratio_whatif_to_one_analyze": round(wif["median_s"] / one["median_s"], 2),
        "baseline_load_and_save": rw,
        "record": rec,
        "ratio_record_to_load_and_save": round(rec["median_s"] / rw["median_s"], 2),
    }


def main() -> None:
    results: dict[str, object] = {"example_40": bench_file(EXAMPLE, repeat=7)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "community-2000.yaml"
        save_case(community_case(2000, seed=0), path)
        results["community_2000"] = bench_file(path, repeat=3)
    out = write_results("time", results)
    for key, value in results.items():
        assert isinstance(value, dict)
        print(
            f"{key}: warnings {value['warnings']['median_s']:.3f} s "
            f"({value['ratio_warnings_to_load']}x load); whatif {value['whatif']['median_s']:.3f}"
            f" s ({value['ratio_whatif_to_load']}x load, {value['ratio_whatif_to_one_analyze']}x "
            f"one analysis); record {value['record']['median_s']:.3f} s "
            f"({value['ratio_record_to_load_and_save']}x load+save)"
        )
    print(f"wrote {out}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
