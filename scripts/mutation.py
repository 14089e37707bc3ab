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
    "ecograph/analysis/likelihood.py": [
        "tests/analysis/test_likelihood.py",
        "tests/analysis/test_likelihood_report.py",
        "tests/analysis/test_rule_corrections.py",
        "tests/analysis/test_joined.py",
        "tests/analysis/test_sections.py",
    ],
    "ecograph/analysis/early_warning.py": [
        "tests/analysis/test_early_warning.py",
        "tests/analysis/test_early_warning_text.py",
        "tests/analysis/test_warning_remedies.py",
        "tests/analysis/test_joined.py",
    ],
    "ecograph/analysis/factions.py": [
        "tests/analysis/test_factions.py",
        "tests/analysis/test_factions_bounds.py",
        "tests/analysis/test_sections.py",
    ],
    "ecograph/analysis/balance.py": [
        "tests/analysis/test_balance.py",
        "tests/analysis/test_balance_evidence.py",
    ],
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


def module_prefix(module: str) -> str:
    """Return the prefix of mutmut's names for the mutants of ``module``."""
    return module.removesuffix(".py").replace("/", ".") + "."


def run_module(
    module: str,
    equivalent: dict[str, str],
    names: list[str] | None = None,
    collect: Path | None = None,
) -> dict[str, object]:
    """Mutate one module in a scratch copy and return its row of the results file.

    ``names`` limits the run to these mutants (mutmut names or patterns, e.g.
    ``ecograph.analysis.factions.x__solve*``); the others are left unchecked and not counted.
    ``collect`` reads the verdicts of an earlier run kept in that folder (one stopped before
    the end, say) instead of running.
    """
    tests = TESTS_FOR.get(module)
    if tests is None:
        known = ", ".join(sorted(TESTS_FOR))
        raise SystemExit(
            f"error: no tests listed for {module} in scripts/mutation.py; known: {known}"
        )
    mutmut = Path(sys.executable).with_name("mutmut")
    prefix = module_prefix(module)
    keep = os.environ.get("ECOGRAPH_MUTATION_KEEP") == "1" or collect is not None
    work = collect or Path(tempfile.mkdtemp(prefix="ecograph-mutation-"))
    try:
        if collect is not None:
            pass
        elif keep:
            print(f"keeping the scratch copy: cd {work} && {mutmut} show NAME", flush=True)
        if collect is None:
            copy_tracked(work)
        config = (
            "\n[tool.mutmut]\n"
            'source_paths = ["ecograph"]\n'
            f"only_mutate = [{json.dumps(module)}]\n"
            f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
            f"also_copy = {json.dumps(ALSO_COPY)}\n"
            f"pytest_add_cli_args = {json.dumps(PYTEST_ARGS)}\n"
        )
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        if collect is None:
            with (work / "pyproject.toml").open("a", encoding="utf-8") as f:
                f.write(config)
            print(f"== {module}: mutmut run against {' '.join(tests)}", flush=True)
            subprocess.run(
                [str(mutmut), "run", "--max-children", "1", *(names or [])],
                cwd=work,
                env=env,
                check=True,
            )
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
    unchecked = 0
    for line in listing.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if not sep or status not in STATUS_COLUMN and status not in ("not checked", "skipped"):
            continue
        if status in ("not checked", "skipped"):
            unchecked += 1
            continue
        column = STATUS_COLUMN[status]
        if column == "survived" and name in equivalent:
            column = "equivalent"
            equivalent_here[name] = equivalent[name]
        elif column == "survived":
            survivors.append(name)
        counts[column] += 1
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
        **({"unchecked": unchecked} if unchecked else {}),
    }


def read_rows() -> dict[str, dict[str, object]]:
    """Return the per-module rows already in the results file."""
    if not RESULTS.exists():
        return {}
    old = json.loads(RESULTS.read_text(encoding="utf-8"))
    return dict(old.get("results", {}).get("modules", {}))


def merge_recheck(latest: dict[str, object], run: dict[str, object] | None) -> dict[str, object]:
    """Combine a run's counts with the recheck of its survivors."""
    run = run or {"killed": 0, "timeout": 0, "survived": 0, "equivalent": 0, "survivors": []}
    counts = {
        key: int(latest[key]) + int(run[key])  # type: ignore[call-overload]
        for key in ("killed", "timeout", "equivalent")
    }
    counts["survived"] = int(run["survived"])  # type: ignore[call-overload]
    mutants = int(latest["mutants"])  # type: ignore[call-overload]
    judged = mutants - counts["equivalent"]
    caught = counts["killed"] + counts["timeout"]
    equivalents = dict(latest.get("equivalent_mutants", {}))  # type: ignore[call-overload]
    equivalents.update(run.get("equivalent_mutants", {}))  # type: ignore[call-overload]
    return {
        "mutants": mutants,
        **counts,
        "score": round(caught / judged, 3) if judged else None,
        "survivors": run["survivors"],
        "equivalent_mutants": equivalents,
        "rechecked": len(latest["survivors"]),  # type: ignore[arg-type]
        # a recheck of a run stopped early still leaves its unchecked mutants unchecked
        **({"unchecked": latest["unchecked"]} if latest.get("unchecked") else {}),
    }


def main(argv: list[str]) -> int:
    """Run the modules named on the command line (default: all in TESTS_FOR).

    ``--before`` records the run as each module's baseline ("before"); otherwise it is the
    module's latest result ("after"), and the baseline already in the file is kept.
    ``--only=PATTERN`` (repeatable; mutmut names without the module prefix, e.g. ``x__solve*``)
    runs only the matching mutants: a partial run, which the row says in ``only``.
    ``--recheck`` runs only the survivors of the module's latest run, after tests were added,
    and counts the mutants killed before as still killed (adding tests cannot revive them);
    the row says so in ``rechecked``. ``--collect=DIR`` counts the verdicts of a run kept with
    ``ECOGRAPH_MUTATION_KEEP=1`` in DIR (one stopped early: the row gives ``unchecked``).
    """
    slot = "after"
    if "--before" in argv:
        slot = "before"
        argv = [a for a in argv if a != "--before"]
    recheck = "--recheck" in argv
    only = [a.removeprefix("--only=") for a in argv if a.startswith("--only=")]
    collect = next(
        (Path(a.removeprefix("--collect=")) for a in argv if a.startswith("--collect=")), None
    )
    argv = [a for a in argv if not a.startswith(("--only=", "--collect=")) and a != "--recheck"]
    modules = argv or sorted(TESTS_FOR)
    equivalent = load_equivalent()
    for module in modules:
        started = time.monotonic()
        previous = dict(read_rows().get(module, {}))
        latest = previous.get("after") or previous.get("before")
        if recheck and not (isinstance(latest, dict) and "survivors" in latest):
            raise SystemExit(f"error: --recheck needs an earlier run of {module} with survivors")
        if recheck:
            names = list(latest["survivors"])  # type: ignore[index]
        else:
            names = [module_prefix(module) + pattern for pattern in only]
        run = run_module(module, equivalent, names, collect) if not recheck or names else None
        if recheck:
            run = merge_recheck(latest, run)  # type: ignore[arg-type]
            run["tests"] = TESTS_FOR[module]
        elif only:
            run["only"] = only  # type: ignore[index]
        assert run is not None
        run["seconds"] = round(time.monotonic() - started)
        run["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        # read the file again now: another module's run may have written it meanwhile
        rows = read_rows()
        row = dict(rows.get(module, {}))
        run.pop("module", None)
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
