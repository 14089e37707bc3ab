"""The edit layer: validated like `validate`, atomic, versioned, keeps the rest of the file."""

import datetime as dt
import difflib
import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.errors import CaseFileError, InputError
from ecograph.io.casefile import dumps_case, load_case
from ecograph.io.edit import (
    PutActor,
    PutGoal,
    PutRelationship,
    RecordObservation,
    RemoveActor,
    SetPosition,
    SetStance,
    StaleVersionError,
    edit_file,
    open_document,
    parse_edits,
)
from ecograph.model.rules import CHANGE_AGENT_RULE

EXAMPLES = sorted(Path("examples").glob("*.yaml"))
STARTER = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    f = tmp_path / "case.yaml"
    f.write_text(STARTER)
    return f


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    gone, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            gone.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return gone, added


@pytest.mark.parametrize("path", [*EXAMPLES, "starter"], ids=lambda p: Path(p).stem)
def test_an_edit_changes_only_its_own_lines(path, tmp_path: Path):
    f = tmp_path / "case.yaml"
    if path == "starter":
        f.write_text(STARTER)
    else:
        shutil.copy(path, f)
    before = f.read_text()
    doc = open_document(f)
    first = load_case(f).actors[0].id
    edit_file(f, [SetPosition(id=first, x=120.25, y=-40)], base_version=doc.version)
    after = f.read_text()
    gone, added = _changed_lines(before, after)
    # the actor's line may be rewritten (a one-line actor gains its position); nothing else
    assert len(gone) <= 1 and len(added) <= 2, (gone, added)
    assert any("x: 120.2" in a or "x: 120.3" in a for a in added), added
    assert load_case(f).actors[0].position.x == pytest.approx(120.2, abs=0.1)
    # every comment survives
    assert [c for c in before.splitlines() if "#" in c] == [
        c for c in after.splitlines() if "#" in c
    ] or all(c in after for c in before.splitlines() if c.lstrip().startswith("#"))


def test_putting_the_worker_in_the_client_system_is_refused_with_the_rule(starter: Path):
    before = starter.read_text()
    doc = open_document(starter)
    with pytest.raises(CaseFileError) as e:
        edit_file(
            starter,
            [PutActor(id="worker", fields={"roles": ["change_agent", "client"]})],
            base_version=doc.version,
        )
    # the same problem as `ecograph validate` gives for such a file
    assert any(p.rule == CHANGE_AGENT_RULE for p in e.value.problems)
    assert "actor 'worker' is a change agent and also in the client system" in str(e.value)
    assert starter.read_text() == before  # nothing written


def test_the_same_messages_as_validate(starter: Path, tmp_path: Path):
    doc = open_document(starter)
    with pytest.raises(CaseFileError) as e:
        edit_file(starter, [PutActor(id="school", fields={"power": 1.5})], base_version=doc.version)
    bad = tmp_path / "bad.yaml"
    bad.write_text(STARTER.replace("power: 0.7", "power: 1.5"))
    r = CliRunner().invoke(app, ["validate", str(bad)])
    assert r.exit_code == 2
    ours = [p.message for p in e.value.problems]
    assert ours and all(m in r.output for m in ours)


def test_a_stale_version_is_refused_and_nothing_written(starter: Path):
    doc = open_document(starter)
    done = edit_file(starter, [SetPosition(id="worker", x=1, y=2)], base_version=doc.version)
    text = starter.read_text()
    with pytest.raises(StaleVersionError) as e:
        edit_file(starter, [SetPosition(id="worker", x=5, y=5)], base_version=doc.version)
    assert "changed since you opened it" in str(e.value) and "Reload" in str(e.value)
    assert starter.read_text() == text
    # the new version works
    edit_file(starter, [SetPosition(id="worker", x=5, y=5)], base_version=done.version)


def test_build_a_case_from_an_empty_one(tmp_path: Path):
    f = tmp_path / "empty.yaml"
    f.write_text("ecograph: 1\nid: empty\ntitle: Empty\n")
    v = open_document(f).version
    edits = parse_edits(
        [
            {
                "op": "put_actor",
                "id": "worker",
                "fields": {"name": "Worker", "roles": ["change_agent"]},
            },
            {
                "op": "put_actor",
                "id": "family",
                "fields": {"name": "Family", "kind": "family", "roles": ["client"]},
            },
            {"op": "put_actor", "id": "son", "fields": {"name": "Son", "member_of": ["family"]}},
            {
                "op": "put_relationship",
                "source": "son",
                "target": "worker",
                "fields": {"mix": {"cooperation": 0.5, "conflict": 0.4}, "strength": 0.6},
            },
            {
                "op": "put_goal",
                "id": "school",
                "fields": {"description": "The son returns to school"},
            },
            {"op": "set_stance", "goal": "school", "actor": "worker", "stance": 1},
            {
                "op": "record",
                "source": "worker",
                "target": "family",
                "observation": {"date": "2026-03-01", "type": "agreement", "strength": 0.5},
            },
        ]
    )
    done = edit_file(f, edits, base_version=v)
    case = load_case(f)
    assert [a.id for a in case.actors] == ["worker", "family", "son"]
    assert "date: 2026-03-01" in f.read_text()  # a bare YAML date, not a quoted text
    assert case.goals[0].stances[0].actor == "worker"
    assert done.case == case


def test_remove_actor_takes_its_relationships_stances_and_memberships(starter: Path):
    doc = open_document(starter)
    edit_file(starter, [RemoveActor(id="family")], base_version=doc.version)
    case = load_case(starter)
    assert "family" not in [a.id for a in case.actors]
    assert all("family" not in (r.source, r.target) for r in case.relationships)
    assert all(s.actor != "family" for g in case.goals for s in g.stances)
    assert case.actor("mother").member_of == []
    assert "# An ecograph case file" in starter.read_text()


def test_rename_an_actor_everywhere(starter: Path):
    doc = open_document(starter)
    edit_file(starter, [PutActor(id="worker", fields={"id": "sw"})], base_version=doc.version)
    case = load_case(starter)
    assert {r.source for r in case.relationships} == {"sw"}
    assert case.goals[0].stances[0].actor == "sw"


def test_unknown_actor_gets_a_suggestion(starter: Path):
    doc = open_document(starter)
    with pytest.raises(InputError) as e:
        edit_file(
            starter,
            [PutRelationship(source="wroker", target="school", fields={"type": "conflict"})],
            base_version=doc.version,
        )
    assert "'wroker' is not an actor of this case" in str(e.value)
    assert "did you mean 'worker'" in str(e.value)


def test_type_replaces_mix(starter: Path):
    doc = open_document(starter)
    done = edit_file(
        starter,
        [PutRelationship(source="family", target="worker", fields={"mix": {"conflict": 1}})],
        base_version=doc.version,
    )
    rel = next(r for r in done.case.relationships if r.pair == ("family", "worker"))
    assert rel.type is None and rel.mix.conflict == 1


def test_bad_edits_say_which_and_what(starter: Path):
    with pytest.raises(CaseFileError) as e:
        parse_edits([{"op": "put_actr", "id": "x"}])
    assert "edits[0]" in str(e.value)
    with pytest.raises(CaseFileError):
        parse_edits({"op": "put_actor"})


def test_goal_and_stance_edits_keep_flow_style(starter: Path):
    doc = open_document(starter)
    edit_file(
        starter,
        [
            PutGoal(id="flat", fields={"description": "The family keeps its flat"}),
            SetStance(goal="attendance", actor="mother", stance=0.5),
        ],
        base_version=doc.version,
    )
    text = starter.read_text()
    assert "      - {actor: mother, stance: 0.5}" in text


def test_json_files_stay_json(tmp_path: Path):
    f = tmp_path / "case.json"
    f.write_text(dumps_case(load_case("examples/child-protection.yaml"), "json"))
    doc = open_document(f)
    edit_file(
        f,
        [
            RecordObservation(
                source="gp",
                target="roberta",
                observation={"date": "2026-07-01", "type": "cooperation"},
            )
        ],
        base_version=doc.version,
    )
    assert f.read_text().startswith("{")
    rel = next(r for r in load_case(f).relationships if r.pair == ("gp", "roberta"))
    assert rel.history[-1].date == dt.date(2026, 7, 1)


def test_one_recorded_conflict_invents_no_history(starter: Path):
    """The issue's report: after one recorded conflict, no made-up cooperation or slope."""
    r = CliRunner().invoke(
        app,
        [
            "record",
            str(starter),
            "--between",
            "worker",
            "family",
            "--type",
            "conflict",
            "--strength",
            "0.7",
            "--date",
            "2026-11-20",
        ],
    )
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["history", str(starter), "--json"])
    assert r.exit_code == 0, r.output
    assert "2026-11-19" not in r.output
    r = CliRunner().invoke(app, ["warnings", str(starter)])
    assert "slope -27" not in r.output and "2026-11-19" not in r.output


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: Path(p).stem)
def test_a_file_written_by_save_case_or_pull_can_be_recorded_into(path, tmp_path: Path):
    """``save_case`` (and so ``pull``) writes lists flush with their key; an edit keeps that style."""
    f = tmp_path / "case.yaml"
    case = load_case(path)
    f.write_text(dumps_case(case))
    rel = case.relationships[len(case.relationships) // 2]
    r = CliRunner().invoke(
        app,
        ["record", str(f), "--between", rel.source, rel.target, "--type", "conflict",
         "--strength", "0.5", "--date", "2027-03-01"],
    )
    assert r.exit_code == 0, r.output
    gone, added = _changed_lines(dumps_case(case), f.read_text())
    assert not gone and 1 <= len(added) <= 6, (gone, added)
    after = {(r.source, r.target): r for r in load_case(f).relationships}
    assert after[rel.source, rel.target].history[-1].date == dt.date(2027, 3, 1)
