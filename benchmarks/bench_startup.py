"""Start-up time of the command line, and the time to validate the 40-actor example.

Figures (each against a baseline measured in the same run):

* ``ecograph --help`` as a subprocess, median of several runs, against bare ``python -c pass``
  (the interpreter's own start-up): the ratio says what ecograph adds;
* ``ecograph validate examples/community-40.yaml`` as a subprocess, against the same baseline;
* validating community-40 in process (parse, model checks, invariants, graph build), against
  only parsing the YAML with PyYAML's safe loader: the ratio is the cost of checking.

Writes ``benchmarks/results/startup.json``. Run from the repository root::

    python benchmarks/bench_startup.py [--runs 11]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

try:  # run as a script (python benchmarks/bench_startup.py) or as a module
    from _common import ROOT, summary, time_command_cpu, time_runs, write_results
except ImportError:  # pragma: no cover
    from benchmarks._common import (
        ROOT,
        summary,
        time_command_cpu,
        time_runs,
        write_results,
    )

EXAMPLE = ROOT / "examples" / "community-40.yaml"


def ecograph_command() -> tuple[list[str], str]:
    """Return the argv prefix that starts the CLI, and how it was found.

    The installed console script next to this interpreter is preferred (it is what users run);
    otherwise ``python -m ecograph`` from the source tree.
    """
    beside = Path(sys.executable).with_name("ecograph")
    if beside.exists():
        return [str(beside)], "console script beside the interpreter"
    found = shutil.which("ecograph")
    if found:
        return [found], "console script on PATH"
    return [sys.executable, "-m", "ecograph"], "python -m ecograph (source tree)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs per figure (odd)")
    args = parser.parse_args()
    runs = args.runs

    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    cli, how = ecograph_command()

    baseline, baseline_cpu = time_command_cpu([sys.executable, "-c", "pass"], runs, env=env)
    help_, help_cpu = time_command_cpu([*cli, "--help"], runs, env=env)
    validate_cli, validate_cli_cpu = time_command_cpu(
        [*cli, "validate", str(EXAMPLE)], runs, env=env
    )

    sys.path.insert(0, str(ROOT))
    import yaml

    from ecograph import load_graph

    text = EXAMPLE.read_text(encoding="utf-8")
    parse_only = time_runs(lambda: yaml.safe_load(text), repeat=runs)
    validate = time_runs(lambda: load_graph(str(EXAMPLE)), repeat=runs)
    t0 = time.process_time()
    for _ in range(runs):
        load_graph(str(EXAMPLE))
    validate_cpu = (time.process_time() - t0) / runs
    g = load_graph(str(EXAMPLE))

    med = statistics.median
    results = {
        "cli": how,
        "python_pass": summary(baseline),
        "python_pass_cpu": summary(baseline_cpu),
        "ecograph_help": summary(help_),
        "ecograph_help_cpu": summary(help_cpu),
        "help_ratio_to_python": round(med(help_) / med(baseline), 2),
        "help_cpu_ratio_to_python": round(med(help_cpu) / max(med(baseline_cpu), 1e-6), 2),
        "help_added_s": round(med(help_) - med(baseline), 4),
        "ecograph_validate_community40": summary(validate_cli),
        "ecograph_validate_community40_cpu": summary(validate_cli_cpu),
        "validate_cli_ratio_to_python": round(med(validate_cli) / med(baseline), 2),
        "example": {
            "file": str(EXAMPLE.relative_to(ROOT)),
            "actors": len(g),
            "relationships": len(g.relationships()),
            "goals": len(g.goals()),
            "agreements": len(g.agreements()),
        },
        "yaml_parse_only": summary(parse_only),
        "validate_in_process": summary(validate),
        "validate_in_process_cpu_mean_s": round(validate_cpu, 6),
        "validate_ratio_to_parse": round(med(validate) / med(parse_only), 2),
    }
    path = write_results("startup", results)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; wall (CPU) medians")
    print(
        f"python -c pass        {med(baseline) * 1000:7.1f} ms ({med(baseline_cpu) * 1000:.0f} ms)"
    )
    print(
        f"ecograph --help       {med(help_) * 1000:7.1f} ms ({med(help_cpu) * 1000:.0f} ms)  "
        f"{results['help_ratio_to_python']}x bare python (CPU "
        f"{results['help_cpu_ratio_to_python']}x); {how}"
    )
    print(
        f"ecograph validate c40 {med(validate_cli) * 1000:7.1f} ms "
        f"({med(validate_cli_cpu) * 1000:.0f} ms)  subprocess"
    )
    print(
        f"validate c40 in-proc  {med(validate) * 1000:7.1f} ms ({validate_cpu * 1000:.0f} ms)  "
        f"({results['validate_ratio_to_parse']}x YAML parse alone, "
        f"{med(parse_only) * 1000:.1f} ms)"
    )
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
