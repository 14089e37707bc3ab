"""Tests of ``ecograph evaluate signs`` and ``ecograph evaluate factions`` (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from ecograph.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data"
EDGES = str(DATA / "highland_tribes_edges.csv")
GROUPS = str(DATA / "highland_tribes_groups.csv")


def run_json(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_factions_highland_tribes_json() -> None:
    data = run_json("evaluate", "factions", EDGES, "--groups", GROUPS)
    assert data["k"] == 3
    assert data["frustration"] == 2 and data["exact_frustration"] == 2
    assert data["ari"] == 1.0
    # signnet README: balance_score(tribes) = 0.8676471; frustration_exact(tribes) = 7
    assert data["balance_score"] == pytest.approx(0.8676471, abs=5e-8)
    assert data["frustration_index"] == 7
    assert set(data["groups"]) == {line.split(",")[0] for line in open(GROUPS).read().split()[1:]}
    assert sorted(map(sorted, data["frustrated"])) == [["MASIL", "NAGAM"], ["MASIL", "UHETO"]]


def test_factions_two_camps_and_generalized() -> None:
    two = run_json("evaluate", "factions", EDGES, "--k", "2")
    assert two["k"] == 2 and two["frustration"] == 7 and two["exact_frustration"] == 7
    assert two["ari"] is None
    gen = run_json("evaluate", "factions", EDGES, "--k", "3", "--balance", "generalized")
    assert gen["balance"] == "generalized" and gen["frustration"] == 2
    heur = run_json("evaluate", "factions", EDGES, "--k", "3", "--method", "heuristic")
    assert heur["method"] == "heuristic" and heur["frustration"] == 2
    assert heur["exact_frustration"] is None


def test_factions_readable_output() -> None:
    result = runner.invoke(app, ["evaluate", "factions", EDGES, "--groups", GROUPS])
    assert result.exit_code == 0, result.output
    assert "k = 3" in result.output and "ARI" in result.output
    assert "GAVEV" in result.output and "MASIL" in result.output


def test_signs_json_keys_and_values() -> None:
    data = run_json("evaluate", "signs", EDGES, "--folds", "5", "--seed", "0")
    for key in (
        "auc",
        "balanced_accuracy",
        "accuracy",
        "majority_baseline",
        "per_fold",
        "edges",
        "coefficients",
        "seconds",
        "baselines",
    ):
        assert key in data
    assert data["edges"] == 58 and len(data["per_fold"]) == 5
    assert data["auc"] > 0.85
    assert {"majority", "degree_only", "triad_only"} <= set(data["baselines"])
    assert "intercept" in data["coefficients"]
    assert data["protocol"].startswith("random k-fold")
    again = run_json("evaluate", "signs", EDGES, "--folds", "5", "--seed", "0")
    assert again["auc"] == data["auc"]  # seeded


def test_signs_readable_output() -> None:
    result = runner.invoke(app, ["evaluate", "signs", EDGES, "--folds", "4"])
    assert result.exit_code == 0, result.output
    assert "AUC" in result.output and "triad only" in result.output
    assert "Coefficients" in result.output
    assert "random 4-fold cross-validation" in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["evaluate", "signs", "missing.csv"], "missing.csv: file not found"),
        (["evaluate", "signs", EDGES, "--threshold", "2"], "--threshold"),
        (["evaluate", "signs", EDGES, "--folds", "1"], "folds"),
        (["evaluate", "factions", EDGES, "--balance", "weak"], "--balance"),
        (["evaluate", "factions", EDGES, "--method", "magic"], "--method"),
        (["evaluate", "signs", EDGES, "--split", "future"], "--split"),
        (["evaluate", "signs", EDGES, "--split", "time"], "has no time"),
    ],
)
def test_user_errors_exit_2_without_traceback(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output


def test_bad_rows_and_groups_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target,sign\na,b,1\nb,c,maybe\n")
    result = runner.invoke(app, ["evaluate", "factions", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3: sign" in result.output and "expected 1 or -1" in result.output
    groups = tmp_path / "groups.csv"
    groups.write_text("node,group\nGAVEV,1\n")
    result = runner.invoke(app, ["evaluate", "factions", EDGES, "--groups", str(groups)])
    assert result.exit_code == 2 and "have no group" in result.output


def test_help_for_every_command() -> None:
    for cmd in (["evaluate"], ["evaluate", "signs"], ["evaluate", "factions"]):
        result = runner.invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def write_dated(path: Path, g: nx.Graph) -> Path:
    rows = ["source,target,sign,weight,time"]
    rows += [f"{u},{v},{d['sign']},{d['weight'] * d['sign']:g},{float(d['time'])!r}" for u, v, d in g.edges(data=True)]
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture(scope="module")
def dated_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.dated_networks import dated_network

    return write_dated(tmp_path_factory.mktemp("dated") / "dated.csv", dated_network(200, 3000, 4))


def test_signs_time_split_json(dated_csv: Path, tmp_path: Path) -> None:
    png = tmp_path / "reliability.png"
    data = run_json("evaluate", "signs", str(dated_csv), "--split", "time", "--origins", "2",
                    "--plot", str(png))  # fmt: skip
    for key in ("auc", "brier", "brier_base_rate", "ece", "balanced_accuracy",
                "majority_baseline", "test_ties", "cut", "per_origin", "seconds"):  # fmt: skip
        assert key in data, key
    assert data["protocol"].startswith("time split")
    assert len(data["per_origin"]) == 2 and data["test_ties"] == 600
    assert set(data["baselines"]) == {"degree_only", "triad_only", "without_reciprocal"}
    for scores in data["baselines"].values():
        assert {"auc", "brier", "ece", "balanced_accuracy"} <= set(scores)
    assert data["auc"] > 0.7 and data["brier"] < data["brier_base_rate"]
    assert png.read_bytes()[:4] == b"\x89PNG" and data["plot"] == str(png)


def test_signs_time_split_leakage(dated_csv: Path, tmp_path: Path) -> None:
    """With the test period's signs replaced by random ones, the forecast is at chance."""
    from ecograph.io.signed_csv import read_signed_edges
    from tests.analysis.test_sign_forecast import randomise_after

    g = randomise_after(read_signed_edges(dated_csv), 0.2, 5)
    data = run_json("evaluate", "signs", str(write_dated(tmp_path / "r.csv", g)), "--split", "time")
    assert 0.45 <= data["auc"] <= 0.55


def test_signs_time_split_readable(dated_csv: Path) -> None:
    result = runner.invoke(app, ["evaluate", "signs", str(dated_csv), "--split", "time"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # the terminal wraps lines
    assert "time split" in text and "strictly earlier ties only" in text
    assert "triad only" in text and "why it may matter" in text


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--test-share", "0.9"], "--test-share"),
        (["--origins", "0"], "--origins"),
        (["--calibration", "magic"], "--calibration"),
        (["--time-unit", "years"], "--time-unit"),
        (["--plot", "out.gif"], "--plot"),
    ],
)
def test_signs_time_split_errors(dated_csv: Path, extra: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["evaluate", "signs", str(dated_csv), "--split", "time", *extra])
    assert result.exit_code == 2, result.output
    assert fragment in result.output and "Traceback" not in result.output


def test_warnings_command(tmp_path: Path) -> None:
    from tests.analysis.test_warning_check import STORY

    path = tmp_path / "story.csv"
    path.write_text(
        "source,target,sign,time\n" + "".join(f"{u},{v},{s},{t}\n" for u, v, s, t in STORY)
    )
    args = ["evaluate", "warnings", str(path), "--split", "time", "--test-share", "0.25",
            "--time-unit", "days"]  # fmt: skip
    data = run_json(*args)
    assert data["cut"] == "230" and data["actors"] == 9
    assert data["rules"]["naive"]["precision"] == 1.0
    assert data["warnings_vs_naive"]["naive_recall"] == 0.5
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "quiet" in text and "naive rule at equal recall" in text
    assert "do not beat" in text  # the rules of ecograph warnings, on this story
    for bad, fragment in (
        (["--horizon", "0"], "--horizon"),
        (["--split", "kfold"], "--split"),
        (["--time-unit", "weeks"], "--time-unit"),
    ):
        result = runner.invoke(app, [*args, *bad])
        assert result.exit_code == 2 and fragment in result.output, result.output
    no_time = tmp_path / "no_time.csv"
    no_time.write_text("source,target,sign\na,b,1\nb,c,-1\n")
    result = runner.invoke(app, ["evaluate", "warnings", str(no_time)])
    assert result.exit_code == 2 and "has no time" in result.output
