"""Errors that point to the fix (issue 14, point 10)."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import CaseFileError
from ecograph.io.casefile import loads_case
from tests.conftest import EXAMPLES

HEAD = "ecograph: 1\nid: t\ntitle: T\n"
ACTORS = "actors:\n  - {id: a, name: A, roles: [change_agent]}\n  - {id: b, name: B, roles: [client]}\n"


def test_date_on_a_relationship_points_to_history():
    text = HEAD + ACTORS + "relationships:\n  - {source: a, target: b, type: conflict, date: 2026-01-05}\n"
    with pytest.raises(CaseFileError) as err:
        loads_case(text, source="c.yaml")
    (p,) = err.value.problems
    assert p.field == "relationships[0].date" and p.suggestion == "history"
    assert "history: [{date: 2026-01-05" in p.expected
    assert "mandated" not in str(err.value)


@pytest.mark.parametrize(
    "actor",
    [
        "  - id: a\n    name: A\n    notes: Meeting: went badly\n",
        "  - {id: a, name: A, notes: Meeting: went badly}\n",
    ],
    ids=["block", "one-line"],
)
def test_colon_in_an_unquoted_note_says_put_the_note_in_quotes(actor: str):
    with pytest.raises(CaseFileError) as err:
        loads_case(HEAD + "actors:\n" + actor, source="c.yaml")
    (p,) = err.value.problems
    assert "put the note in quotes" in p.message and p.line == 7 - actor.startswith("  - {") * 2
    assert "went badly" not in str(err.value)  # the note itself is not echoed


def test_validate_recognises_a_scenario_file(tmp_path: Path):
    runner = CliRunner()
    good = EXAMPLES / "scenarios" / "advocate.yaml"
    res = runner.invoke(app, ["validate", str(good)])
    assert res.exit_code == 0, res.output
    assert "valid what-if scenario (1 intervention; give its case file too" in res.output
    bad = tmp_path / "s.yaml"
    bad.write_text(good.read_text().replace("add_advocate", "add_advocat"))
    res = runner.invoke(app, ["validate", str(bad)])
    assert res.exit_code == 2
    assert "did you mean 'add_advocate'" in res.stderr
    assert "format version" not in res.stderr and "ecograph-scenario'" not in res.stderr


def test_validate_checks_a_scenario_against_its_case_given_alongside(tmp_path: Path):
    runner = CliRunner()
    good = EXAMPLES / "scenarios" / "advocate.yaml"
    case = EXAMPLES / "child-protection.yaml"
    res = runner.invoke(app, ["validate", str(good), str(case)])
    assert res.exit_code == 0, res.output
    assert "checked against case 'child-protection-roberta'" in res.output
    bad = tmp_path / "s.yaml"
    bad.write_text(good.read_text().replace("client: roberta", "client: robreta"))
    res = runner.invoke(app, ["validate", str(bad), str(case)])
    assert res.exit_code == 2
    assert "client 'robreta' is not an actor of case 'child-protection-roberta'" in res.stderr
