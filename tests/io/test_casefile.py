import json
import os
import textwrap
from pathlib import Path

import pytest

from ecograph.errors import CaseFileError, InputError
from ecograph.io.casefile import dumps_case, load_case, loads_case, save_case

GOOD = textwrap.dedent(
    """\
    ecograph: 1
    id: demo
    title: Demo
    actors:
      - {id: worker, name: Worker, roles: [change_agent]}
      - {id: family, name: Family, kind: family, roles: [client], voluntariness: mandated}
      - {id: landlord, name: Landlord, roles: [target], power: 0.8}
    goals:
      - id: g1
        description: Keep the flat
        stances:
          - {actor: family, stance: 1}
          - {actor: landlord, stance: -0.6}
    relationships:
      - {source: worker, target: family, type: agreement, basis: law, strength: 0.5}
      - source: worker
        target: landlord
        history:
          - {date: 2026-01-02, type: agreement, strength: 0.4}
          - {date: 2026-02-10, mix: {agreement: 0.3, conflict: 0.7}, note: refused repairs}
    """
)


def problems(text: str, fmt="yaml") -> list:
    with pytest.raises(CaseFileError) as err:
        loads_case(text, fmt=fmt, source="case.yaml")
    return err.value.problems


def test_loads_good_case():
    case = loads_case(GOOD)
    assert case.id == "demo" and len(case.relationships) == 2


def test_every_problem_listed_with_line_field_and_suggestion():
    bad = GOOD.replace("type: agreement, basis: law", "type: agrement, basis: lawful").replace(
        "power: 0.8", "power: 8"
    )
    found = problems(bad)
    by_field = {p.field: p for p in found}
    assert set(by_field) == {
        "actors[2].power",
        "relationships[0].type",
        "relationships[0].basis",
    }
    assert by_field["relationships[0].type"].suggestion == "agreement"
    assert by_field["relationships[0].type"].line == 15
    assert by_field["actors[2].power"].line == 7
    assert "less than or equal to 1" in by_field["actors[2].power"].message


def test_unknown_field_is_an_error_with_suggestion():
    (p,) = problems(GOOD.replace("power: 0.8", "powr: 0.8"))
    assert p.field == "actors[2].powr" and p.suggestion == "power" and p.line == 7


def test_dangling_reference_suggests_close_id():
    (p,) = problems(GOOD.replace("{actor: landlord", "{actor: landlrd"))
    assert p.field == "goals[0].stances[1].actor"
    assert p.suggestion == "landlord" and p.line == 13


def test_change_agent_in_client_system_names_the_rule():
    (p,) = problems(GOOD.replace("roles: [change_agent]", "roles: [change_agent, client]"))
    assert "never becomes part of any of these systems" in p.rule
    assert p.line == 5


def test_version_missing_newer_and_syntax_errors():
    (p,) = problems(GOOD.replace("ecograph: 1\n", ""))
    assert p.field == "ecograph" and "missing" in p.message
    (p,) = problems(GOOD.replace("ecograph: 1", "ecograph: 7"))
    assert "newer ecograph" in p.message
    (p,) = problems(GOOD.replace("title: Demo", "title: [Demo"))
    assert "not valid YAML" in p.message and p.line is not None
    (p,) = problems('{"ecograph": 1, "id": "x",', fmt="json")
    assert "not valid JSON" in p.message and p.line == 1


def test_duplicate_keys_are_reported():
    found = problems(GOOD.replace("title: Demo", "title: Demo\ntitle: Other"))
    assert any("given twice" in p.message and p.line == 4 for p in found)


def test_save_is_atomic_and_round_trips(tmp_path: Path):
    case = loads_case(GOOD)
    for name in ("c.yaml", "c.json"):
        path = tmp_path / name
        save_case(case, path)
        assert load_case(path) == case
    assert sorted(os.listdir(tmp_path)) == ["c.json", "c.yaml"]  # no temporary files left
    assert json.loads((tmp_path / "c.json").read_text())["ecograph"] == 1


def test_failed_save_leaves_previous_file_intact(tmp_path: Path, monkeypatch):
    path = tmp_path / "c.yaml"
    case = loads_case(GOOD)
    save_case(case, path)
    before = path.read_text()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(InputError, match="cannot write"):
        save_case(case.model_copy(update={"title": "Changed"}), path)
    assert path.read_text() == before
    assert sorted(os.listdir(tmp_path)) == ["c.yaml"]


def test_unknown_suffix_and_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="suffix"):
        load_case(tmp_path / "case.txt")
    with pytest.raises(InputError, match="not found"):
        load_case(tmp_path / "none.yaml")


def test_dump_starts_with_version():
    assert dumps_case(loads_case(GOOD)).startswith("ecograph: 1\n")
