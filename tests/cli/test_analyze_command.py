import json
from pathlib import Path

from typer.testing import CliRunner

from ecograph.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
CASE = str(ROOT / "examples" / "child-protection.yaml")
TRIBES = str(ROOT / "tests" / "data" / "highland_tribes_edges.csv")
EXPIRED = str(ROOT / "tests" / "data" / "expired-written-plan.yaml")


def test_analyze_text_report_reads_like_the_case() -> None:
    r = runner.invoke(app, ["analyze", CASE, "--as-of", "2026-08-31"])
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    for heading in ("Hotspots", "Bargaining", "Tactics", "Influence paths", "Brokers", "Power",
                    "Isolated clients", "Factions", "Trend", "Balance"):
        assert heading in out
    # the mother-worker pair is the top hotspot, with the rule about mandated clients
    first = out.split("Hotspots")[1].split("Bargaining")[0]
    top = first.split("most likely")[1].split("conflict likely")[0]
    assert "Susan (social worker) -- Roberta (mother)" in top
    assert "neither side can walk away" in first
    assert "Roberta (mother) is involuntary, and lacks an advocate" in out


def test_analyze_json_has_case_id_first_and_every_default_section() -> None:
    r = runner.invoke(app, ["analyze", CASE, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert list(data)[0] == "case" and data["case"] == "child-protection-roberta"
    assert set(data["sections"]) == {
        "hotspots", "bargaining", "tactics", "influence_paths", "brokers", "power",
        "isolated_clients", "factions", "latent", "trend", "balance", "pairs"}
    roberta = next(t for t in data["sections"]["tactics"] if t["actor"] == "roberta")
    assert roberta["basis"] == "law" and roberta["conditions"]


def test_only_sections_and_pairs_on_request() -> None:
    r = runner.invoke(app, ["analyze", CASE, "--json", "--only", "pairs,trend", "--only", "power"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert list(data["sections"]) == ["power", "trend", "pairs"]
    pair = data["sections"]["pairs"][0]
    assert abs(sum(pair["likelihood"].values()) - 1) < 1e-3
    assert all({"rule", "quote", "features", "effect"} <= set(x) for x in pair["reasons"])


def test_as_of_changes_the_answer() -> None:
    def conflict(args):
        data = json.loads(runner.invoke(app, ["analyze", CASE, "--json", "--only", "pairs", *args]).output)
        p = next(p for p in data["sections"]["pairs"] if {p["a"], p["b"]} == {"susan", "roberta"})
        return p["likelihood"]["conflict"]

    assert conflict(["--as-of", "2026-08-31"]) > 0.8 > conflict([])


def test_a_written_agreement_past_its_end_is_not_binding_in_the_report_as_it_stands() -> None:
    # The repair plan (kept) ended on 2026-03-01; the latest observation is on 2026-06-12.
    now = runner.invoke(app, ["analyze", EXPIRED], env={"COLUMNS": "200"})
    feb = runner.invoke(app, ["analyze", EXPIRED, "--as-of", "2026-02-01"], env={"COLUMNS": "200"})
    assert now.exit_code == 0 and feb.exit_code == 0, now.output + feb.output
    assert "an exchange (written-plan) is in force with Mr Hale (landlord)" in feb.output
    assert "(written-plan)" not in now.output

    def binding(*args: str) -> list[float]:
        r = runner.invoke(app, ["analyze", EXPIRED, "--json", "--only", "pairs", *args])
        pairs = json.loads(r.output)["sections"]["pairs"]
        pair = next(p for p in pairs if {p["a"], p["b"]} == {"worker", "landlord"})
        return [
            x["features"]["agreements"]
            for x in pair["reasons"]
            if x["rule"] == "agreement_in_force"
        ]

    assert binding() == []
    assert binding("--as-of", "2026-02-01") == [1.0]
    assert binding("--as-of", "2026-03-01") == [1.0]  # the end day is still inside the term
    assert binding("--as-of", "2026-03-02") == []


def test_config_changes_weights(tmp_path: Path) -> None:
    cfg = tmp_path / "p.yaml"
    cfg.write_text("thresholds: {hotspot: 0.99}\n")
    data = json.loads(runner.invoke(app, ["analyze", CASE, "--json", "--only", "hotspots",
                                          "--config", str(cfg)]).output)
    assert data["sections"]["hotspots"] == []
    assert data["params"]["thresholds"]["hotspot"] == 0.99  # the settings used are reported


def test_bad_inputs_exit_2_without_traceback(tmp_path: Path) -> None:
    r = runner.invoke(app, ["analyze", CASE, "--only", "hotspot"])
    assert r.exit_code == 2 and "did you mean 'hotspots'" in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(app, ["analyze", CASE, "--as-of", "last week"])
    assert r.exit_code == 2 and "--as-of" in r.output
    cfg = tmp_path / "p.yaml"
    cfg.write_text("weights: {nope: 1}\n")
    r = runner.invoke(app, ["analyze", CASE, "--config", str(cfg)])
    assert r.exit_code == 2 and "weights.nope" in r.output
    r = runner.invoke(app, ["analyze", TRIBES, "--only", "hotspots"])
    assert r.exit_code == 2 and "needs a case file" in r.output
    r = runner.invoke(app, ["analyze", TRIBES, "--as-of", "2026-01-01"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["analyze", str(tmp_path / "missing.yaml")])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_signed_edge_list_runs_structural_sections() -> None:
    r = runner.invoke(app, ["analyze", TRIBES, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["kind"] == "signed_edges"
    assert set(data["sections"]) == {"factions", "brokers", "latent", "balance"}
    # published figure for Read's Highland Tribes (signnet): 0.8676471
    assert abs(data["sections"]["balance"]["balance_score"] - 0.8676471) < 1e-6
    r = runner.invoke(app, ["analyze", TRIBES])
    assert r.exit_code == 0 and "Factions" in r.output


def test_help_lists_options() -> None:
    r = runner.invoke(app, ["analyze", "--help"])
    assert r.exit_code == 0
    for opt in ("--json", "--only", "--as-of", "--config"):
        assert opt in r.output
