"""The shared benchmark helpers write a self-describing result file."""

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _common():
    spec = importlib.util.spec_from_file_location(
        "_bench_common", ROOT / "benchmarks" / "_common.py"
    )
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_write_results_records_machine_and_results(tmp_path: Path):
    common = _common()
    path = common.write_results("demo", {"ratio": 1.5}, folder=tmp_path)
    data = json.loads(path.read_text())
    assert path == tmp_path / "demo.json"
    assert data["benchmark"] == "demo" and data["results"] == {"ratio": 1.5}
    m = data["machine"]
    assert m["cpus"] >= 1 and m["python"].count(".") == 2 and "networkx" in m["packages"]
    assert [p.name for p in tmp_path.iterdir()] == ["demo.json"]  # no temporary file left


def test_time_command_and_summary():
    common = _common()
    samples = common.time_command([sys.executable, "-c", "pass"], repeat=3, warmup=0)
    assert len(samples) == 3 and all(s > 0 for s in samples)
    s = common.summary(samples)
    assert s["min_s"] <= s["median_s"] <= s["max_s"] and s["runs"] == 3


def test_time_command_cpu_measures_the_child():
    common = _common()
    busy = "x = 0\nfor i in range(3_000_000): x += i"
    wall, cpu = common.time_command_cpu([sys.executable, "-c", busy], repeat=2, warmup=0)
    idle_wall, idle_cpu = common.time_command_cpu(
        [sys.executable, "-c", "pass"], repeat=2, warmup=0
    )
    assert len(wall) == len(cpu) == 2
    assert min(cpu) > max(idle_cpu)  # the busy child's CPU time is counted, not ours
