"""What the server reuses between edits never changes an answer.

To make one edit fast (benchmarks/bench_workspace.py) the workspace makes the analysis while the
page draws the map, shares it between versions that differ only where actors are drawn, and
routes the map's lines once per geometry. Each test here checks that the answer is the one made
from scratch: the analysis that of ``ecograph analyze --json`` on the saved file, the map that
of :func:`~ecograph.workspace.view.map_view` with nothing kept.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import ecograph.workspace.app as app_module
import ecograph.workspace.view as view_module
from ecograph.io.casefile import load_case
from ecograph.workspace import CaseFolder, create_app
from ecograph.workspace.cache import ViewCache
from ecograph.workspace.view import map_view
from tests.workspace.test_api import HOST, TOKEN

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EXAMPLES = sorted(Path("examples").glob("*.yaml"))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the analyses the application makes (each one's case id)."""
    made: list[str] = []
    real = app_module.analysis_json

    def counting(case, as_of=None):  # type: ignore[no-untyped-def]
        made.append(case.id)
        return real(case, as_of)

    monkeypatch.setattr(app_module, "analysis_json", counting)
    return made


def _client(folder: Path) -> TestClient:
    c = TestClient(create_app(CaseFolder(folder), token=TOKEN), base_url=HOST)
    c.headers["X-Ecograph-Token"] = TOKEN
    return c


def _analyze(path: Path, *options: str) -> dict:
    cmd = [sys.executable, "-m", "ecograph", "analyze", str(path), "--json", *options]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def _edit(client: TestClient, name: str, version: str, edits: list[dict], q: str = "") -> dict:
    r = client.post(f"/api/cases/{name}/edits{q}", json={"version": version, "edits": edits})
    assert r.status_code == 200, r.text
    return r.json()


def test_the_analysis_is_made_while_the_page_draws_the_map(
    tmp_path: Path, counted: list[str]
) -> None:
    """After an edit the analysis is ready when the page asks: made once, and the right one."""
    shutil.copy("examples/housing-advocacy.yaml", tmp_path / "h.yaml")
    client = _client(tmp_path)
    d = client.get("/api/cases/h.yaml").json()
    rel = d["case"]["relationships"][0]
    put = {"op": "put_relationship", "source": rel["source"], "target": rel["target"]}
    done = _edit(client, "h.yaml", d["version"], [{**put, "fields": {"strength": 0.35}}])
    assert counted == [d["case"]["id"]]  # made after the answer to the edit was sent
    a = client.get("/api/cases/h.yaml/analysis").json()
    assert counted == [d["case"]["id"]]  # the page's request found it made
    assert a["version"] == done["version"]
    assert a["analysis"] == _analyze(tmp_path / "h.yaml")


def test_dragging_an_actor_keeps_the_analysis(tmp_path: Path, counted: list[str]) -> None:
    """A drag changes the file, not what the analysis reads: the analysis is not made again."""
    shutil.copy("examples/housing-advocacy.yaml", tmp_path / "h.yaml")
    client = _client(tmp_path)
    d = client.get("/api/cases/h.yaml").json()
    before = client.get("/api/cases/h.yaml/analysis").json()
    actor = d["map"]["actors"][0]
    move = {"op": "set_position", "id": actor["id"], "x": actor["x"] + 5, "y": actor["y"]}
    done = _edit(client, "h.yaml", d["version"], [move])
    after = client.get("/api/cases/h.yaml/analysis").json()
    assert len(counted) == 1
    assert after["version"] == done["version"] != before["version"]
    assert after["analysis"] == before["analysis"] == _analyze(tmp_path / "h.yaml")
    # the file has the new place
    saved = next(a for a in load_case(tmp_path / "h.yaml").actors if a.id == actor["id"])
    assert saved.position is not None and saved.position.x == actor["x"] + 5


def test_no_date_and_todays_date_are_two_analyses(tmp_path: Path) -> None:
    """Without a date the report is 'as of the latest records'; with today's date, as of it."""
    shutil.copy("examples/housing-advocacy.yaml", tmp_path / "h.yaml")
    client = _client(tmp_path)
    today = dt.date.today().isoformat()
    plain = client.get("/api/cases/h.yaml/analysis").json()
    dated = client.get(f"/api/cases/h.yaml/analysis?as_of={today}").json()
    assert plain["analysis"]["as_of"] is None
    assert dated["analysis"]["as_of"] == today
    assert dated["analysis"] == _analyze(tmp_path / "h.yaml", "--as-of", today)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_after_a_sequence_of_edits_every_answer_is_made_from_scratch(
    tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On every example: edits of a strength, a drag and a drag back, then each answer checked.

    The map's routes and the analysis the server kept between the edits equal the map made
    with nothing kept and ``ecograph analyze --json`` on the saved file.
    """
    shutil.copy(example, tmp_path / example.name)
    name = example.name
    client = _client(tmp_path)
    d = client.get(f"/api/cases/{name}").json()
    client.get(f"/api/cases/{name}/analysis")
    # a relationship whose written state has a type or mix (a strength alone is refused)
    rels = [r for r in d["case"].get("relationships", []) if "type" in r or "mix" in r]
    actor = d["map"]["actors"][0]
    steps: list[list[dict]] = [
        [{"op": "set_position", "id": actor["id"], "x": actor["x"] + 7, "y": actor["y"]}],
        [{"op": "set_position", "id": actor["id"], "x": actor["x"], "y": actor["y"]}],
    ]
    if rels:
        r0 = rels[0]
        steps.insert(
            0,
            [
                {
                    "op": "put_relationship",
                    "source": r0["source"],
                    "target": r0["target"],
                    "fields": {"strength": 0.42},
                }
            ],
        )
    version = d["version"]
    for edits in steps:
        done = _edit(client, name, version, edits)
        version = done["version"]
        a = client.get(f"/api/cases/{name}/analysis").json()
        assert a["version"] == version
        case = load_case(tmp_path / name)
        monkeypatch.setattr(view_module, "_ROUTES", ViewCache())  # nothing kept
        fresh = map_view(case)
        assert done["map"] == fresh["map"] and done["case"] == fresh["case"]
    assert a["analysis"] == _analyze(tmp_path / name)
