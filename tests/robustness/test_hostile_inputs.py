"""The hostile test's reproducers (issue 15, items 9-15 and 18): each exits 2 with a message.

Every test here failed before its fix: a traceback, a garbage report with exit 0, a value
taken silently, or a secret printed back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import CaseFileError
from ecograph.io.casefile import loads_case
from tests.conftest import EXAMPLES

runner = CliRunner()
CP = EXAMPLES / "child-protection.yaml"
EDGES = Path(__file__).parents[1] / "data" / "highland_tribes_edges.csv"

CASE = """\
ecograph: 1
id: edge
title: Edge
actors:
  - {id: w, name: Worker, roles: [change_agent]}
  - {id: c, name: Client, roles: [client]}
relationships:
  - source: w
    target: c
    history:
      - {date: DATE, type: conflict, strength: 0.5}
"""


def run(*args: str) -> tuple[int, str]:
    r = runner.invoke(app, [str(a) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output
    return r.exit_code, r.output


@pytest.fixture
def case(tmp_path: Path) -> Path:
    f = tmp_path / "cp.yaml"
    shutil.copy(CP, f)
    return f


# ---------------------------------------------------------------- 9. dates at the edges
@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_history_date_outside_the_supported_range_is_a_located_error(
    tmp_path: Path, date: str
) -> None:
    f = tmp_path / "edge.yaml"
    f.write_text(CASE.replace("DATE", date))
    code, out = run("plot", f, "-k", "timeline", "-o", tmp_path / "t.png")
    assert code == 2
    assert "relationships[0].history[0].date" in out
    assert "1900-01-01..2199-12-31" in out
    assert not (tmp_path / "t.png").exists()


def test_supported_range_ends_are_accepted_and_plotted(tmp_path: Path) -> None:
    f = tmp_path / "edge.yaml"
    f.write_text(
        CASE.replace("DATE", "1900-01-01")
        + "      - {date: 2199-12-31, type: cooperation, strength: 0.5}\n"
    )
    code, out = run("plot", f, "-k", "timeline", "-o", tmp_path / "t.png")
    assert code == 0, out
    assert (tmp_path / "t.png").stat().st_size > 0


def test_record_date_outside_the_range_is_refused_and_the_file_is_unchanged(case: Path) -> None:
    before = case.read_bytes()
    code, out = run(
        "record", case, "--between", "susan", "roberta", "--type", "conflict",
        "--strength", "0.5", "--date", "0001-01-01",
    )  # fmt: skip
    assert code == 2 and "--date" in out and "outside the supported dates" in out
    assert case.read_bytes() == before


@pytest.mark.parametrize("days", ["1000000000", "-1000000000", "200000", "-60000"])
def test_redact_shift_days_that_leave_the_range_are_refused(
    case: Path, tmp_path: Path, days: str
) -> None:
    code, out = run("redact", case, "-o", tmp_path / "r.yaml", "--shift-days", days)
    assert code == 2 and "--shift-days" in out
    assert not (tmp_path / "r.yaml").exists()


def test_as_of_outside_the_range_is_refused(case: Path) -> None:
    code, out = run("analyze", case, "--as-of", "9999-12-31")
    assert code == 2 and "--as-of" in out and "outside the supported dates" in out


def test_scenario_date_outside_the_range_is_located(case: Path, tmp_path: Path) -> None:
    s = tmp_path / "s.yaml"
    s.write_text(
        "ecograph-scenario: 1\nid: s\ntitle: S\ndate: 9999-12-31\ninterventions:\n"
        "  - change_stance: {actor: roberta, goal: home-visits, stance: 0.2}\n"
    )
    code, out = run("whatif", case, "--scenario", s)
    assert code == 2 and "s.yaml:4" in out and "outside the supported dates" in out


# ---------------------------------------------------------------- 10. option values
@pytest.mark.parametrize("dpi", ["0", "-5", "5000"])
def test_plot_dpi_out_of_range_is_refused(case: Path, tmp_path: Path, dpi: str) -> None:
    code, out = run("plot", case, "-o", tmp_path / "x.png", "--dpi", dpi)
    assert code == 2 and "--dpi" in out
    assert not (tmp_path / "x.png").exists()


def test_plot_dpi_that_gives_too_many_pixels_is_refused_before_drawing(
    case: Path, tmp_path: Path
) -> None:
    code, out = run("plot", case, "-o", tmp_path / "x.png", "--dpi", "1200")
    assert code == 2 and "million pixels" in out and "--dpi" in out
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("k", ["100000", "0", "-1"])
def test_evaluate_factions_k_out_of_range_is_refused(k: str) -> None:
    code, out = run("evaluate", "factions", EDGES, "--k", k)
    assert code == 2 and "--k" in out


@pytest.mark.parametrize("l2", ["nan", "-1", "inf"])
def test_evaluate_signs_l2_must_be_finite_and_not_negative(l2: str) -> None:
    code, out = run("evaluate", "signs", EDGES, "--l2", l2)
    assert code == 2 and "--l2" in out


@pytest.mark.parametrize("port", ["70000", "-1", "0"])
def test_neo4j_start_port_out_of_range_is_refused(tmp_path: Path, port: str) -> None:
    code, out = run("neo4j", "start", "--port", port, "--data", tmp_path / "db")
    assert code == 2 and "--port" in out
    assert not (tmp_path / "db").exists()


@pytest.mark.parametrize("command", ["start", "stop", "status"])
def test_neo4j_data_naming_a_file_is_refused(tmp_path: Path, command: str) -> None:
    f = tmp_path / "a-file"
    f.write_text("x")
    code, out = run("neo4j", command, "--data", f)
    assert code == 2 and "is a file, not a folder" in out


# ---------------------------------------------------------------- 11. --config files
CONFIG_COMMANDS = [
    ["analyze", CP],
    ["plot", CP, "-k", "matrix", "-o", "OUT.png"],
    ["view", CP, "-o", "OUT.html"],
    ["warnings", CP],
    ["history", CP],
    ["whatif", CP, "--scenario", EXAMPLES / "scenarios" / "advocate.yaml"],
]
BAD_CONFIGS = {
    "binary": (b"\xff\xfe\x00w\x00e\x00i", "not UTF-8"),
    "utf16": ("weights: {power_gap: 1}".encode("utf-16"), "not UTF-8"),
    "deep": (("a: " + "[" * 10000 + "]" * 10000).encode(), "nested"),
    "infinite": (b"weights: {power_gap: .inf}\n", "weights.power_gap"),
    "nan": (b"thresholds:\n  support: .nan\n", "thresholds.support"),
    "out of range": (b"thresholds: {support: 3}\n", "thresholds.support"),
    "duplicate": (b"weights:\n  power_gap: 1\n  power_gap: 2\n", "given twice"),
    "boolean": (b"weights: {power_gap: yes}\n", "true/false is not a number"),
    "not a mapping": (b"- 1\n- 2\n", "not a mapping"),
}


@pytest.mark.parametrize("bad", sorted(BAD_CONFIGS))
@pytest.mark.parametrize("command", CONFIG_COMMANDS, ids=lambda c: str(c[0]))
def test_bad_config_is_a_located_error_in_every_command(
    tmp_path: Path, command: list[object], bad: str
) -> None:
    data, words = BAD_CONFIGS[bad]
    cfg = tmp_path / "c.yaml"
    cfg.write_bytes(data)
    args = [str(a).replace("OUT", str(tmp_path / "out")) for a in command]
    code, out = run(*args, "--config", cfg)
    assert code == 2, out
    assert "c.yaml" in out and words in out
    assert not list(tmp_path.glob("out*"))


def test_config_error_gives_line_and_column(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("weights:\n  power_gap: .inf\n")
    code, out = run("analyze", CP, "--config", cfg)
    assert code == 2 and "c.yaml:2:14: weights.power_gap" in out


# ---------------------------------------------------------------- 12. a scenario
@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("{client: roberta, toward: [susan], advocate: roberta}", "the advocate is the client"),
        ("{client: roberta, toward: [susan], advocate: susan}", "listed in toward"),
        ("{client: roberta, toward: [roberta]}", "the client is listed in toward"),
    ],
)
def test_add_advocate_for_itself_is_a_clear_error(
    case: Path, tmp_path: Path, spec: str, words: str
) -> None:
    s = tmp_path / "s.yaml"
    s.write_text(
        "ecograph-scenario: 1\nid: s\ntitle: S\ncase: child-protection-roberta\n"
        f"interventions:\n  - add_advocate: {spec}\n"
    )
    code, out = run("whatif", case, "--scenario", s)
    assert code == 2 and "s.yaml:6" in out and words in out
    assert "pydantic" not in out


# ---------------------------------------------------------------- 14. booleans
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("power: yes", "actors[1].power"),
        ("power: true", "actors[1].power"),
        ("power: .inf", "actors[1].power"),
        ("power: .nan", "actors[1].power"),
    ],
)
def test_booleans_and_non_finite_numbers_are_not_numbers(text: str, field: str) -> None:
    src = CASE.replace("DATE", "2026-01-05").replace(
        "{id: c, name: Client, roles: [client]}",
        "{id: c, name: Client, roles: [client], " + text + "}",
    )
    with pytest.raises(CaseFileError) as err:
        loads_case(src, source="b.yaml")
    assert "b.yaml:6" in str(err.value) and field in str(err.value)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("strength: 0.5", "strength: on", "relationships[0].history[0].strength"),
        ("type: conflict, strength: 0.5", "mix: {conflict: true}", "history[0].mix.conflict"),
    ],
)
def test_boolean_strength_and_mix_are_refused(old: str, new: str, field: str) -> None:
    with pytest.raises(CaseFileError) as err:
        loads_case(CASE.replace("DATE", "2026-01-05").replace(old, new))
    assert field in str(err.value) and "true/false is not a number" in str(err.value)


def test_boolean_stance_and_weight_are_refused() -> None:
    src = CASE.replace("DATE", "2026-01-05") + (
        "goals:\n  - {id: g, description: d, stances: [{actor: c, stance: yes, weight: true}]}\n"
    )
    with pytest.raises(CaseFileError) as err:
        loads_case(src)
    text = str(err.value)
    assert "goals[0].stances[0].stance: true/false" in text
    assert "goals[0].stances[0].weight: true/false" in text


# ---------------------------------------------------------------- 18. credentials in URIs
@pytest.mark.parametrize(
    "uri",
    [
        "bolt://127.0.0.1:7697?password=s3cr3t",
        "neo4j://127.0.0.1:7697/?auth=s3cr3t",
        "bolt://neo4j:s3cr3t@127.0.0.1:7697",
        "bolt://s3cr3t@127.0.0.1",
        "neo4j+s://127.0.0.1#s3cr3t",
    ],
)
@pytest.mark.parametrize("command", ["push", "pull", "analyze"])
def test_credentials_anywhere_in_a_uri_are_refused_unrepeated(
    case: Path, tmp_path: Path, uri: str, command: str
) -> None:
    args = {
        "push": ["push", case, "--to", uri],
        "pull": ["pull", "x", "--from", uri, "-o", tmp_path / "o.yaml"],
        "analyze": ["analyze", "x", "--store", uri],
    }[command]
    code, out = run(*args)
    assert code == 2, out
    assert "s3cr3t" not in out
    assert "not accepted" in out


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:notaport", "bolt://127.0.0.1:99999"])
def test_a_bad_port_in_a_uri_is_refused(case: Path, uri: str) -> None:
    code, out = run("push", case, "--to", uri)
    assert code == 2 and "port" in out


# ---------------------------------------------------------------- 15. duplicate keys in JSON
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"ecograph": 1, "id": "a", "id": "b", "title": "t\x7f", "actors": []}', "id"),
        (
            '{"ecograph": 1, "id": "a", "title": "t\x7f",'
            ' "actors": [{"id": "x", "name": "n", "name": "Roberta Jones"}]}',
            "name",
        ),
    ],
)
def test_duplicate_json_keys_are_found_beside_a_raw_del_character(text: str, field: str) -> None:
    with pytest.raises(CaseFileError) as err:
        loads_case(text, fmt="json", source="d.json")
    assert f"the field '{field}' is given twice" in str(err.value)
    assert "Roberta" not in str(err.value)


# ---------------------------------------------------------------- found by the fuzzer
@pytest.mark.parametrize(
    "args",
    [
        ["view", CP, "-o", "OUT.html"],
        ["plot", CP, "-o", "OUT.png"],
        ["export", CP, "--to", "json", "-o", "OUT.json"],
        ["neo4j", "status", "--data", "OUT"],
    ],
    ids=lambda a: str(a[0]) + (f" {a[1]}" if a[0] == "neo4j" else ""),
)
def test_an_output_name_too_long_for_the_system_is_a_one_line_error(
    tmp_path: Path, args: list[object]
) -> None:
    long = str(tmp_path / ("z" * 300))
    code, out = run(*[str(a).replace("OUT", long) for a in args])
    assert code == 2, out
    assert out.startswith("error:") and len(out.strip().splitlines()) <= 3
