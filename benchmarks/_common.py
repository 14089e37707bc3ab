"""Shared helpers for the benchmark scripts: timing, machine description, result files.

Every benchmark compares a figure against a baseline measured in the same run and writes a
JSON file to ``benchmarks/results/`` with the machine it ran on, so figures from different
machines are never compared by accident.

Use::

    from _common import machine, median_time, write_results

    t = median_time(lambda: work(), repeat=7)
    write_results("startup", {"median_s": t, ...})

Run a benchmark from the repository root: ``python benchmarks/bench_x.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = [
    "ROOT",
    "RESULTS",
    "machine",
    "median_time",
    "time_runs",
    "time_command",
    "time_command_cpu",
    "summary",
    "write_results",
]

#: The repository root (benchmarks/..).
ROOT = Path(__file__).resolve().parent.parent
#: Where result files go.
RESULTS = ROOT / "benchmarks" / "results"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _version(module: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    """Return a description of the machine and software the benchmark ran on."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "load_average": [round(x, 2) for x in load] if load else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "packages": {
            name: _version(name)
            for name in ("ecograph", "networkx", "pydantic", "numpy", "scipy", "typer", "neo4j")
        },
        "ci": os.environ.get("CI") == "true",
    }


def time_runs(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> list[float]:
    """Return the wall-clock seconds of ``repeat`` calls of ``fn`` (after ``warmup`` calls)."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def median_time(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Return the median wall-clock seconds of ``fn`` over ``repeat`` runs."""
    return statistics.median(time_runs(fn, repeat, warmup))


def time_command(
    argv: list[str], repeat: int = 7, warmup: int = 1, env: dict[str, str] | None = None
) -> list[float]:
    """Return the wall-clock seconds of running ``argv`` as a subprocess, ``repeat`` times.

    The command must succeed (exit 0); its output is discarded.
    """
    full_env = {**os.environ, **(env or {})}

    def run() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=full_env)

    return time_runs(run, repeat, warmup)


def time_command_cpu(
    argv: list[str], repeat: int = 7, warmup: int = 1, env: dict[str, str] | None = None
) -> tuple[list[float], list[float]]:
    """Return (wall seconds, CPU seconds) of running ``argv`` as a subprocess ``repeat`` times.

    CPU time (user + system of the child) hardly changes when other programs load the
    machine, so it is the steadier figure on a shared computer; wall time is what a user waits.
    """
    import resource

    full_env = {**os.environ, **(env or {})}
    for _ in range(warmup):
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=full_env)
    wall, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=full_env)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def timed_wall_cpu(
    fn: Callable[[], object], runs: int, *, warm_up: bool = True
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of ``runs`` calls, after one warm-up call if asked.

    CPU time is recorded beside wall time because the machine may be shared: wall time then
    includes waiting for a core, CPU time does not.
    """
    if warm_up:
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return wall, cpu


def summary(samples: list[float]) -> dict[str, Any]:
    """Return median, min, max and the raw samples (seconds, rounded to microseconds)."""
    return {
        "median_s": round(statistics.median(samples), 6),
        "min_s": round(min(samples), 6),
        "max_s": round(max(samples), 6),
        "runs": len(samples),
        "samples_s": [round(x, 6) for x in samples],
    }


def write_results(name: str, results: dict[str, Any], folder: Path | None = None) -> Path:
    """Write ``results`` with the machine description to ``benchmarks/results/<name>.json``.

    The file is written atomically (temporary file, then rename). Returns its path.
    """
    out_dir = folder or RESULTS
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    payload = {
        "benchmark": name,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": machine(),
        "results": results,
    }
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
