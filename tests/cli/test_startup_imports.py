"""Start-up stays light: the CLI does not import the heavy libraries until a command needs them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("matplotlib", "scipy", "neo4j")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=ENV,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_importing_the_cli_does_not_import_heavy_libraries():
    loaded = _modules_after("import ecograph.cli")
    assert "ecograph.cli" in loaded and "typer" in loaded  # the probe really ran
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == [], f"imported at start-up: {heavy[:10]}"


def test_help_does_not_load_the_models_or_the_graph_library():
    # `ecograph --help` stays fast (benchmarks/bench_startup.py): command modules import
    # pydantic, NetworkX, NumPy and the models inside the command bodies.
    loaded = _modules_after("import ecograph.cli")
    early = sorted(
        m for m in loaded if m.split(".")[0] in ("pydantic", "networkx", "numpy", "yaml")
    )
    assert early == [], f"move these imports into the command bodies: {early[:8]}"


def test_importtime_report_names_no_heavy_library():
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import ecograph.cli"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=ENV,
    )
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in out.stderr.splitlines()}
    assert "ecograph" in names
    assert not names & set(HEAVY)


def test_python_dash_m_ecograph_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "ecograph", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
    )
    assert out.returncode == 0 and out.stdout.startswith("ecograph ")


def test_importing_the_package_is_lazy_but_every_public_name_resolves():
    loaded = _modules_after("import ecograph")
    assert not {"networkx", "pydantic", "yaml"} & {m.split(".")[0] for m in loaded}
    loaded = _modules_after(
        "import ecograph\nfor name in ecograph.__all__: getattr(ecograph, name)"
    )
    assert "networkx" in loaded and "pydantic" in loaded


def test_unknown_attribute_is_an_attribute_error():
    import ecograph

    try:
        ecograph.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
    assert "EcoGraph" in dir(ecograph) and ecograph.__version__
