import json
from pathlib import Path

from typer.testing import CliRunner

from ecograph.cli import app

runner = CliRunner()


def test_new_then_validate_then_show_json(tmp_path: Path):
    f = tmp_path / "mine.yaml"
    r = runner.invoke(app, ["new", str(f)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["validate", str(f)])
    assert r.exit_code == 0 and "valid" in r.output
    r = runner.invoke(app, ["show", str(f), "--json"])
    data = json.loads(r.output)
    assert data["id"] == "my-case"
    assert [a["id"] for a in data["actors_by_system"]["client"]] == ["family", "mother"]
    assert data["counts"]["relationships"] == 2


def test_validate_change_agent_in_client_system_exits_2_and_names_rule(tmp_path: Path):
    f = tmp_path / "bad.yaml"
    runner.invoke(app, ["new", str(f)])
    f.write_text(f.read_text().replace("roles: [client]", "roles: [client, change_agent]"))
    r = runner.invoke(app, ["validate", str(f)])
    assert r.exit_code == 2
    assert "never becomes part of any of these systems" in r.output
    assert "Traceback" not in r.output


def test_validate_misspelt_type_suggests(tmp_path: Path):
    f = tmp_path / "bad.yaml"
    runner.invoke(app, ["new", str(f)])
    f.write_text(f.read_text().replace("type: agreement", "type: agrement"))
    r = runner.invoke(app, ["validate", str(f)])
    assert r.exit_code == 2
    assert "did you mean 'agreement'?" in r.output
    assert f"{f}:" in r.output  # the file and line are named


def test_show_missing_file_is_a_clear_error(tmp_path: Path):
    r = runner.invoke(app, ["show", str(tmp_path / "nope.yaml")])
    assert r.exit_code == 2 and "file not found" in r.output


def test_new_refuses_to_overwrite(tmp_path: Path):
    f = tmp_path / "x.yaml"
    f.write_text("keep me")
    r = runner.invoke(app, ["new", str(f)])
    assert r.exit_code == 2 and f.read_text() == "keep me"


def test_schema_has_version_and_actor_definition():
    r = runner.invoke(app, ["schema"])
    schema = json.loads(r.output)
    assert schema["properties"]["ecograph"]["const"] == 1
    assert "Actor" in schema["$defs"]


def test_version_and_help():
    assert runner.invoke(app, ["--version"]).output.startswith("ecograph ")
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0 and "validate" in r.output


def test_show_counts_relationships_absent_on_the_date():
    ex = Path(__file__).resolve().parents[2] / "examples" / "probation-law.yaml"
    data = json.loads(runner.invoke(app, ["show", str(ex), "--json"]).output)
    assert data["counts"]["relationships"] == 14 and data["counts"]["relationships_absent"] == 1
    r = runner.invoke(app, ["show", str(ex)], terminal_width=200)
    assert "14 relationships (and 1 ended or not yet begun)" in r.output
    early = json.loads(
        runner.invoke(app, ["show", str(ex), "--json", "--as-of", "2026-02-01"]).output
    )
    assert early["counts"]["relationships"] + early["counts"]["relationships_absent"] == 15


def test_validate_counts_everything_and_checks_several_files(tmp_path: Path):
    ex = Path(__file__).resolve().parents[2] / "examples" / "community-40.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        ex.read_text().replace(
            "roles: [change_agent], member_of: [cw-team]",
            "roles: [change_agent], member_of: [northgate]",
            1,
        )
    )
    r = runner.invoke(app, ["validate", str(ex), str(bad)])
    assert r.exit_code == 2
    assert (
        f"{ex}: valid (case 'community-northgate': 47 actors, 68 relationships, 6 goals, 6 agreements)"
        in r.output
    )
    assert (
        "change agent 'worker-amara' is a member of 'northgate', which is in the client system"
        in r.output
    )


def test_show_says_which_agreements_are_in_force_on_the_date():
    ex = Path(__file__).resolve().parents[2] / "examples" / "micro-district.yaml"
    r = runner.invoke(app, ["show", str(ex), "--as-of", "2026-05-01"], env={"COLUMNS": "200"})
    rows = {
        line.split("│")[1].strip(): line for line in r.output.splitlines() if line.count("│") >= 5
    }
    assert "│ yes " in rows["task-group"] and "│ no " in rows["residents-council"]


def test_show_says_an_agreement_past_its_end_is_not_in_force_as_the_case_stands():
    # The repair plan (kept) ended on 2026-03-01; the latest observation is on 2026-06-12.
    case = Path(__file__).resolve().parents[1] / "data" / "expired-written-plan.yaml"

    def in_force(*args: str) -> tuple[bool, str]:
        data = json.loads(runner.invoke(app, ["show", str(case), "--json", *args]).output)
        r = runner.invoke(app, ["show", str(case), *args], env={"COLUMNS": "200"})
        (row,) = [line for line in r.output.splitlines() if "│ written-plan " in line]
        (ag,) = data["agreements"]
        return ag["in_force"], row.split("│")[4].strip()

    assert in_force() == (False, "no")
    assert in_force("--as-of", "2026-02-01") == (True, "yes")
