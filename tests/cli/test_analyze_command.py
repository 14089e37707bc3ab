import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph import load_graph
from ecograph.analysis.rulebook import RULEBOOK
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


# ------------------------------------------------------------------ the text a worker reads
COMMUNITY = str(ROOT / "examples" / "community-40.yaml")
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _text(*args: str) -> str:
    r = runner.invoke(app, ["analyze", *args])
    assert r.exit_code == 0, r.output
    return r.output


def test_the_report_starts_with_three_things_to_act_on_each_with_its_reason() -> None:
    out = _text(CASE)
    lines = out.splitlines()
    start = lines.index("Act on now")
    assert start < 5  # before any section
    items = lines[start + 1 : start + 4]
    assert [x.split(".")[0].strip() for x in items] == ["1", "2", "3"]
    assert all(": " in x and len(x.split(": ", 1)[1]) > 20 for x in items)
    data = json.loads(_text(CASE, "--json"))
    assert len(data["summary"]) == 3 and all(s["reason"] for s in data["summary"])


def test_scores_are_words_first_and_said_to_be_rule_scores() -> None:
    out = _text(CASE, "--only", "hotspots,bargaining")
    assert "not from measured probabilities" in out
    assert re.search(r"conflict (likely|possible|unlikely) \(0\.\d\d\)", out)
    assert re.search(r"agreement (likely|possible|unlikely) \(0\.\d\d\)", out)
    assert "coop " not in out and "%" not in out.split("Bargaining")[0]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_internal_names_and_no_enemy_in_the_text(example: Path) -> None:
    out = _text(str(example), "--all")
    for internal in ("current_state", "triads 1", "pressure -", "saw:", "moved:", " pts"):
        assert internal not in out
    assert "enemy" not in out.lower()
    # names, not ids: no id with a hyphen (housing-assoc, worker-tomas) is printed
    actors = load_graph(str(example)).actors()
    ids = {a.id for a in actors if "-" in a.id and not any(a.id in b.name for b in actors)}
    for line in out.splitlines():
        words = set(re.findall(r"[\w'-]+", line))
        assert not (ids & words), (line, ids & words)


def test_only_pairs_names_the_rule_on_each_line() -> None:
    out = _text(CASE, "--only", "pairs")
    titles = [r.title for r in RULEBOOK]
    reasons = [x.strip() for x in out.splitlines() if x.startswith("      - ")]
    assert len(reasons) > 20
    for line in reasons:
        assert any(line.startswith(f"- {t} (") for t in titles), line


def test_lists_stop_at_ten_and_all_lists_everything() -> None:
    short, full = _text(CASE, "--only", "latent"), _text(CASE, "--only", "latent", "--all")
    rows = lambda out: [x for x in out.splitlines() if x.startswith("  latent")]  # noqa: E731
    assert len(rows(short)) == 10 and len(rows(full)) > 10
    assert f"... {len(rows(full)) - 10} more (use --all or --json)" in short
    assert "more (use" not in full


def test_influence_paths_are_listed_strongest_first() -> None:
    out = _text(COMMUNITY, "--only", "influence_paths", "--all")
    strengths = [float(s) for s in re.findall(r"\(strength (\d\.\d\d)", out)]
    assert len(strengths) > 5 and strengths == sorted(strengths, reverse=True)


def test_piped_output_keeps_each_line_whole() -> None:
    out = _text(COMMUNITY, "--only", "hotspots")
    quote = "conflict arises when the parties cannot reach agreement"
    lines = [x for x in out.splitlines() if "the model:" in x]
    assert lines and all(x.rstrip().endswith('"') for x in lines)
    assert any(quote in x for x in lines)
