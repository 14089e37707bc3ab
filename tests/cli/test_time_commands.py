import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.io.casefile import load_case

runner = CliRunner()
EXAMPLE = "examples/child-protection.yaml"


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    f = tmp_path / "case.yaml"
    shutil.copy(EXAMPLE, f)
    return f


def history_of(f: Path, a: str, b: str):
    return next(r for r in load_case(f).relationships if {r.source, r.target} == {a, b}).history


def test_record_appends_and_reports_the_derived_state(case_file: Path):
    before_comments = case_file.read_text().count("#")
    r = runner.invoke(
        app,
        [
            "record",
            str(case_file),
            "--between",
            "susan",
            "roberta",
            "--type",
            "conflict",
            "--strength",
            "0.6",
            "--date",
            "2026-12-02",
            "--note",
            "Door closed",
            "--recorded-by",
            "susan",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "current state: conflict, strength 0.60 since 2026-12-02" in r.output
    h = history_of(case_file, "susan", "roberta")
    assert h[-1].note == "Door closed" and h[-1].recorded_by == "susan"
    assert "comments in the file were not kept" not in r.output
    assert case_file.read_text().count("#") >= before_comments


def test_record_mix_perceived_and_ended(case_file: Path):
    r = runner.invoke(
        app,
        [
            "record",
            str(case_file),
            "--between",
            "roberta",
            "susan",
            "--mix",
            "coop=0.4,conflict=0.6",
            "--strength",
            "0.5",
            "--date",
            "2026-12-03",
            "--perceived-by",
            "roberta",
        ],
    )
    assert r.exit_code == 0, r.output
    o = history_of(case_file, "susan", "roberta")[-1]
    assert o.perceived_by == "roberta" and o.mix.conflict == 0.6 and o.mix.cooperation == 0.4
    assert "kept as roberta's perception" in r.output
    r = runner.invoke(
        app,
        [
            "record",
            str(case_file),
            "--between",
            "fgc",
            "family",
            "--type",
            "cooperation",
            "--strength",
            "0.7",
            "--date",
            "2026-12-10",
            "--ended",
        ],
    )
    assert r.exit_code == 0 and "ended (termination)" in r.output


def test_record_older_date_does_not_change_current_state(case_file: Path):
    r = runner.invoke(
        app,
        [
            "record",
            str(case_file),
            "--between",
            "susan",
            "roberta",
            "--type",
            "cooperation",
            "--strength",
            "0.6",
            "--date",
            "2026-02-01",
        ],
    )
    assert r.exit_code == 0
    assert "a later observation stays the current state" in r.output


@pytest.mark.parametrize(
    "args, says",
    [
        (["--between", "susan", "robreta", "--type", "conflict"], "did you mean 'roberta'?"),
        (["--between", "susan", "roberta", "--type", "confict"], "did you mean 'conflict'?"),
        (
            ["--between", "susan", "roberta", "--type", "conflict", "--date", "2026-02-30"],
            "'2026-02-30' is not a date",
        ),
        (["--between", "susan", "roberta", "--mix", "co=1"], "'co' is ambiguous"),
        (["--between", "susan", "roberta", "--mix", "coop=x"], "'x' is not a number"),
        (["--between", "susan", "roberta"], "say what was observed"),
        (
            ["--between", "susan", "roberta", "--type", "cooperation", "--mix", "conflict=1"],
            "contradicts the mix",
        ),
        (
            ["--between", "susan", "roberta", "--type", "conflict", "--perceived-by", "police"],
            "'police' is not one of the two ends",
        ),
        (["--between", "susan", "susan", "--type", "conflict"], "two different actors"),
    ],
)
def test_record_bad_input_is_a_clear_error_and_file_is_untouched(case_file, args, says):
    before = case_file.read_text()
    r = runner.invoke(
        app, ["record", str(case_file), *args, "--strength", "0.5", "--note", "SECRET NOTE"]
    )
    assert r.exit_code == 2, r.output
    assert says in r.output
    assert "Traceback" not in r.output and "SECRET NOTE" not in r.output
    assert case_file.read_text() == before


def test_record_strength_out_of_range(case_file):
    r = runner.invoke(
        app,
        [
            "record",
            str(case_file),
            "--between",
            "susan",
            "roberta",
            "--type",
            "conflict",
            "--strength",
            "1.5",
        ],
    )
    assert r.exit_code == 2 and "strength" in r.output


def test_warnings_fire_on_the_example_before_the_advocate():
    r = runner.invoke(app, ["warnings", EXAMPLE, "--as-of", "2026-06-30"])
    assert r.exit_code == 0, r.output
    out = r.output
    assert "SUSTAINED HOSTILITY" in out and "TOWARD CONFLICT" in out
    assert "Susan (social worker) [susan] -- Roberta (mother) [roberta], since 2026-01-05" in out
    assert "176 days" in out
    assert "8 warnings." in out


def test_warnings_json_and_settings():
    r = runner.invoke(
        app,
        [
            "warnings",
            EXAMPLE,
            "--as-of",
            "2026-06-30",
            "--json",
            "--quiet-days",
            "200",
            "--hostile-days",
            "30",
        ],
    )
    data = json.loads(r.output)
    assert data["case"] == "child-protection-roberta" and data["as_of"] == "2026-06-30"
    kinds = [w["kind"] for w in data["warnings"]]
    assert "quiet cooperative tie" not in kinds
    assert data["params"]["hostile_days"] == 30
    pairs = {tuple(w["actors"]) for w in data["warnings"] if w["kind"] == "sustained hostility"}
    assert ("susan", "roberta") in pairs


def test_warnings_before_the_case_starts_only_declared_ties_count():
    # declared ties (no dates) count as present throughout; nothing dated has happened yet
    r = runner.invoke(app, ["warnings", EXAMPLE, "--as-of", "2025-12-01", "--json"])
    kinds = [w["kind"] for w in json.loads(r.output)["warnings"]]
    assert kinds == ["no cooperative tie"]


def test_warnings_none(tmp_path: Path):
    f = tmp_path / "calm.yaml"
    f.write_text(
        "ecograph: 1\nid: calm\ntitle: Calm\nactors:\n"
        "  - {id: w, name: Worker, roles: [change_agent]}\n"
        "  - {id: c, name: Client, roles: [client]}\n"
        "relationships:\n"
        "  - {source: w, target: c, history: [{date: 2026-01-01, type: cooperation}]}\n"
    )
    r = runner.invoke(app, ["warnings", str(f), "--as-of", "2026-02-01"])
    assert r.exit_code == 0 and "no warnings." in r.output
    r = runner.invoke(app, ["warnings", str(f), "--as-of", "2026-04-01"])
    assert "QUIET COOPERATIVE TIE" in r.output and "1 warning." in r.output


def test_warnings_bad_date():
    r = runner.invoke(app, ["warnings", EXAMPLE, "--as-of", "30/06/2026"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output


def test_history_shows_stages_and_trend():
    r = runner.invoke(app, ["history", EXAMPLE, "--between", "roberta", "susan"])
    assert r.exit_code == 0, r.output
    assert "conflict     from 2026-01-05 to 2026-10-26" in r.output
    assert "agreement    from 2026-10-26 ongoing" in r.output
    r = runner.invoke(app, ["history", EXAMPLE, "--json", "--as-of", "2026-06-30"])
    data = json.loads(r.output)
    pairs = {(x["source"], x["target"]) for x in data["relationships"]}
    assert ("advocate", "roberta") not in pairs  # not begun by then
    assert ("susan", "police") in pairs  # declared, no dates


def test_history_unknown_pair():
    r = runner.invoke(app, ["history", EXAMPLE, "--between", "susan", "grandmther"])
    assert r.exit_code == 2 and "did you mean 'grandmother'?" in r.output
    r = runner.invoke(app, ["history", EXAMPLE, "--between", "baby", "police"])
    assert r.exit_code == 2 and "no relationship" in r.output


SCENARIO = "examples/scenarios/advocate.yaml"


def test_whatif_advocate_in_one_command(tmp_path: Path):
    out = tmp_path / "advocate.png"
    before = Path(EXAMPLE).read_bytes()
    r = runner.invoke(app, ["whatif", EXAMPLE, "--scenario", SCENARIO, "--plot", str(out)])
    assert r.exit_code == 0, r.output
    text = r.output
    assert "compared as of 2026-06-30; the case file is not changed" in text
    assert "Parents' advocate becomes the advocate of Roberta (mother)" in text
    assert "power gap roberta -- susan (0.50, weaker roberta): rebalanced by nothing -> advocate" in text
    assert "Susan (social worker) [susan] -- Roberta (mother) [roberta]" in text
    assert "+ rebalanced: what rebalances power: an advocate for the client" in text
    # the mother-worker conflict eases clearly (numbers follow docs/analysis.md's weights)
    import re

    m = re.search(r"roberta -- susan: likelihood of conflict (0\.\d+) -> (0\.\d+)", text)
    assert m and float(m.group(1)) > 0.9 and float(m.group(1)) - float(m.group(2)) > 0.1
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert Path(EXAMPLE).read_bytes() == before


def test_whatif_json_and_as_of():
    r = runner.invoke(app, ["whatif", EXAMPLE, "--scenario", SCENARIO, "--json"])
    data = json.loads(r.output)
    assert data["case"] == "child-protection-roberta" and data["as_of"] == "2026-06-30"
    pair = next(p for p in data["pairs"] if {p["a"], p["b"]} == {"susan", "roberta"})
    assert pair["change"]["conflict"] < -0.1
    assert "rebalanced" in [x["rule"] for x in pair["reasons_added"]]
    r = runner.invoke(app, ["whatif", EXAMPLE, "--scenario", SCENARIO, "--json",
                            "--as-of", "2026-05-01"])
    assert json.loads(r.output)["pairs"] == []  # the advocate is not there yet


def test_whatif_bad_scenario_is_located(tmp_path: Path):
    f = tmp_path / "s.yaml"
    f.write_text(Path(SCENARIO).read_text().replace("client: roberta", "client: robreta"))
    r = runner.invoke(app, ["whatif", EXAMPLE, "--scenario", str(f)])
    assert r.exit_code == 2
    assert f"{f}:13:15: interventions[0].add_advocate.client" in r.output
    assert "did you mean 'roberta'?" in r.output and "Traceback" not in r.output


def test_whatif_plot_to_bad_suffix(tmp_path: Path):
    r = runner.invoke(app, ["whatif", EXAMPLE, "--scenario", SCENARIO, "--plot",
                            str(tmp_path / "x.gif")])
    assert r.exit_code == 2 and ".png, .svg or .pdf" in r.output


@pytest.mark.parametrize("example", sorted(Path("examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_warnings_and_history_run_on_every_example(example: Path):
    r = runner.invoke(app, ["warnings", str(example), "--as-of", "2026-06-30", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    for w in data["warnings"]:
        assert w["reason"] and w["why"] and w["actors"]
    r = runner.invoke(app, ["history", str(example), "--json"])
    assert r.exit_code == 0, r.output


def test_two_users_recording_at_once_through_the_command_line(case_file: Path):
    import subprocess
    import sys

    def start(who: str, day: int) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "ecograph", "record", str(case_file), "--between", "susan",
             "roberta", "--type", "conflict", "--strength", "0.5", "--date", f"2027-01-{day:02d}",
             "--recorded-by", who],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    before = len(history_of(case_file, "susan", "roberta"))
    procs = [start(who, day) for day in range(1, 4) for who in ("anna", "ben")]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    h = history_of(case_file, "susan", "roberta")
    assert len(h) == before + 6
    assert sorted(o.recorded_by for o in h[before:]) == ["anna"] * 3 + ["ben"] * 3


def test_warnings_and_whatif_take_the_analysis_config(tmp_path: Path):
    cfg = tmp_path / "params.yaml"
    cfg.write_text("thresholds: {trend: 5.0}\n")
    r = runner.invoke(app, ["warnings", EXAMPLE, "--as-of", "2026-06-30", "--json",
                            "--config", str(cfg)])
    kinds = [w["kind"] for w in json.loads(r.output)["warnings"]]
    assert "toward conflict" not in kinds and "sustained hostility" in kinds
    cfg.write_text("thresholds: {trend: oops}\n")
    r = runner.invoke(app, ["whatif", EXAMPLE, "--scenario", SCENARIO, "--config", str(cfg)])
    assert r.exit_code == 2 and "trend" in r.output and "Traceback" not in r.output
