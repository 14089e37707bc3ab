"""Mutation testing of chosen modules with mutmut, one module at a time (issue 17).

Run through ``bash scripts/mutation.sh [MODULE...]``. For each module the script

1. copies the tracked files of the repository into a scratch folder (the worktree gets no
   ``mutants/`` folder and no edited configuration),
2. appends a ``[tool.mutmut]`` section to the copy's pyproject.toml that mutates only that module
   and runs only the tests that cover it (``TESTS_FOR`` below),
3. runs ``mutmut run`` there (one worker, to leave the shared machine its other core),
4. reads the verdict of every mutant, moves the ones listed in tests/mutation_equivalent.toml
   from "survived" to "equivalent", and
5. writes the module's counts to benchmarks/results/mutation.json (the layout of
   ``benchmarks/_common.write_results``: machine, date, command), as its "after" result, or as
   its "before" baseline with ``--before``; rows and baselines of other runs are kept.

The score is killed / (mutants - equivalent); a timeout counts as killed (the mutant made the
tests hang, which a user would notice), as mutmut does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "mutation.json"
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.toml"

sys.path.insert(0, str(ROOT / "benchmarks"))
from _common import write_results  # noqa: E402  (the benchmarks' result-file layout)

# Which tests cover which module: only these run against the module's mutants.
TESTS_FOR: dict[str, list[str]] = {
    # rules.py is reached through loading and editing a case, so its tests are those of the loader
    "ecograph/model/rules.py": [
        "tests/model/test_model.py",
        "tests/model/test_rules.py",
        "tests/model/test_spelling_variants.py",
        "tests/test_graph.py",
        "tests/io/test_casefile.py",
        "tests/io/test_casefile_hardening.py",
        "tests/io/test_error_messages.py",
        "tests/io/test_errors_point_to_fix.py",
    ],
    "ecograph/io/redact.py": [
        "tests/io/test_redact.py",
        "tests/io/test_redact_attributes.py",
        "tests/io/test_redact_contract.py",
        "tests/io/test_redact_every_field.py",
        # the two Hypothesis tests take ~45 s a mutant (60-80 random cases each); the tests above
        # assert the same outcomes on fixed cases, so a run ends in the machine's time
        "--deselect=tests/io/test_redact.py::test_redaction_keeps_structure_of_any_case",
        "--deselect=tests/io/test_redact.py::test_no_free_text_of_any_case_survives_in_any_field",
    ],
    "ecograph/io/casefile.py": [
        "tests/io/test_casefile.py",
        "tests/io/test_casefile_messages.py",
        "tests/io/test_casefile_emitters.py",
        "tests/io/test_casefile_hardening.py",
        "tests/io/test_error_messages.py",
        "tests/io/test_casefile_slips.py",
    ],
    "ecograph/analysis/likelihood.py": ["tests/analysis/test_likelihood.py"],
    "ecograph/analysis/early_warning.py": ["tests/analysis/test_early_warning.py"],
    "ecograph/analysis/factions.py": ["tests/analysis/test_factions.py"],
    "ecograph/analysis/balance.py": ["tests/analysis/test_balance.py"],
}

# What the tests read besides the package, copied beside the mutants.
ALSO_COPY = ["queries", "tests", "examples", "docs", "scripts", "README.md", "benchmarks"]
PYTEST_ARGS = ["-p", "no:cacheprovider", "-q", "-o", "addopts=--import-mode=importlib"]

# mutmut's verdicts, folded into the columns of the results file.
STATUS_COLUMN = {
    "killed": "killed",
    "caught by type check": "killed",
    "timeout": "timeout",
    "survived": "survived",
    "no tests": "survived",
    "suspicious": "survived",
    "segfault": "killed",
}


def load_equivalent() -> dict[str, str]:
    """Return the mutants recorded as equivalent, by mutmut name, with their reasons."""
    if not EQUIVALENT.exists():
        return {}
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for entry in data.get("mutant", []):
        reason = str(entry.get("reason", "")).strip()
        if not reason:
            raise SystemExit(f"{EQUIVALENT}: mutant {entry.get('name')!r} has no reason")
        out[str(entry["name"])] = reason
    return out


def copy_tracked(dest: Path) -> None:
    """Copy the files git tracks (plus untracked, not ignored ones) into ``dest``."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        src = ROOT / name
        if not src.is_file():
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)


def run_module(module: str, equivalent: dict[str, str]) -> dict[str, object]:
    """Mutate one module in a scratch copy and return its row of the results file."""
    tests = TESTS_FOR.get(module)
    if tests is None:
        known = ", ".join(sorted(TESTS_FOR))
        raise SystemExit(
            f"error: no tests listed for {module} in scripts/mutation.py; known: {known}"
        )
    mutmut = Path(sys.executable).with_name("mutmut")
    keep = os.environ.get("ECOGRAPH_MUTATION_KEEP") == "1"
    work = Path(tempfile.mkdtemp(prefix="ecograph-mutation-"))
    try:
        if keep:
            print(f"keeping the scratch copy: cd {work} && {mutmut} show NAME", flush=True)
        copy_tracked(work)
        config = (
            "\n[tool.mutmut]\n"
            'source_paths = ["ecograph"]\n'
            f"only_mutate = [{json.dumps(module)}]\n"
            f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
            f"also_copy = {json.dumps(ALSO_COPY)}\n"
            f"pytest_add_cli_args = {json.dumps(PYTEST_ARGS)}\n"
        )
        with (work / "pyproject.toml").open("a", encoding="utf-8") as f:
            f.write(config)
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        print(f"== {module}: mutmut run against {' '.join(tests)}", flush=True)
        subprocess.run([str(mutmut), "run", "--max-children", "1"], cwd=work, env=env, check=True)
        listing = subprocess.run(
            [str(mutmut), "results", "--all", "true"],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    counts = {"killed": 0, "survived": 0, "timeout": 0, "equivalent": 0}
    survivors: list[str] = []
    equivalent_here: dict[str, str] = {}
    for line in listing.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if not sep or status not in STATUS_COLUMN and status not in ("not checked", "skipped"):
            continue
        if status in ("not checked", "skipped"):
            continue
        column = STATUS_COLUMN[status]
        if column == "survived" and name in equivalent:
            column = "equivalent"
            equivalent_here[name] = equivalent[name]
        elif column == "survived":
            survivors.append(name)
        counts[column] += 1
    prefix = module.removesuffix(".py").replace("/", ".") + "."
    seen = {line.strip().rpartition(": ")[0] for line in listing.splitlines()}
    for name in sorted(n for n in equivalent if n.startswith(prefix) and n not in seen):
        # mutmut numbers the mutants of a function in order, so an edit can renumber them
        print(f"warning: {EQUIVALENT.name} lists {name}, which mutmut no longer makes", flush=True)
    mutants = sum(counts.values())
    judged = mutants - counts["equivalent"]
    caught = counts["killed"] + counts["timeout"]
    return {
        "module": module,
        "tests": tests,
        "mutants": mutants,
        **counts,
        "score": round(caught / judged, 3) if judged else None,
        "survivors": sorted(survivors),
        "equivalent_mutants": equivalent_here,
    }


def main(argv: list[str]) -> int:
    """Run the modules named on the command line (default: all in TESTS_FOR).

    ``--before`` records the run as each module's baseline ("before"); otherwise it is the
    module's latest result ("after"), and the baseline already in the file is kept.
    """
    slot = "after"
    if "--before" in argv:
        slot = "before"
        argv = [a for a in argv if a != "--before"]
    modules = argv or sorted(TESTS_FOR)
    equivalent = load_equivalent()
    for module in modules:
        started = time.monotonic()
        run = run_module(module, equivalent)
        run["seconds"] = round(time.monotonic() - started)
        run["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        # read the file again now: another module's run may have written it meanwhile
        rows: dict[str, dict[str, object]] = {}
        if RESULTS.exists():
            old = json.loads(RESULTS.read_text(encoding="utf-8"))
            rows = dict(old.get("results", {}).get("modules", {}))
        row = dict(rows.get(module, {}))
        run.pop("module")
        row["tests"] = run.pop("tests")
        row[slot] = run
        rows[module] = row
        print(
            f"{module} ({slot}): {run['mutants']} mutants, {run['killed']} killed, "
            f"{run['timeout']} timed out, "
            f"{run['survived']} survived, {run['equivalent']} equivalent; score {run['score']}",
            flush=True,
        )
        write_results(
            "mutation",
            {
                "tool": f"mutmut {version('mutmut')}",
                "score": "(killed + timeout) / (mutants - equivalent)",
                "modules": {k: rows[k] for k in sorted(rows)},
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
