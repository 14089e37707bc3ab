"""``POST /api/cases/{name}/routes``: present mode's lines routed where the page drew the actors.

A line whose straight way passes over another actor comes back bent around it (Cytoscape's
``segments``); a clear one comes back ``null`` (drawn straight). Bad input is refused with the
field that is wrong and what is expected, as every other request is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.workspace.conftest import fuzz_client

ACTORS = [
    {"id": "a", "x": 0, "y": 0, "clear": 10},
    {"id": "b", "x": 200, "y": 0, "clear": 10},
    {"id": "c", "x": 100, "y": 2, "clear": 10},  # on the way from a to b
    {"id": "d", "x": 100, "y": 150, "clear": 10},
]


@pytest.fixture
def client(tmp_path: Path):
    shutil.copy("examples/housing-advocacy.yaml", tmp_path / "housing.yaml")
    return fuzz_client(tmp_path)


def _bends(seg: dict, s: tuple[float, float], t: tuple[float, float]) -> np.ndarray:
    a, b = np.array(s, float), np.array(t, float)
    d = b - a
    n = np.array([-d[1], d[0]]) / np.hypot(*d)
    return np.array([a + w * d + dist * n for w, dist in zip(seg["w"], seg["d"], strict=True)])


def test_a_line_through_an_actor_comes_back_around_it(client):
    r = client.post(
        "/api/cases/housing.yaml/routes",
        json={"actors": ACTORS, "lines": [["a", "b"], ["c", "d"]]},
    )
    assert r.status_code == 200
    around, straight = r.json()["segments"]
    assert straight is None  # c-d passes nobody
    path = np.vstack([[0, 0], _bends(around, (0, 0), (200, 0)), [200, 0]])
    seg_a, seg_b = path[:-1], path[1:]
    c = np.array([100.0, 2.0])
    t = np.clip(((c - seg_a) * (seg_b - seg_a)).sum(1) / ((seg_b - seg_a) ** 2).sum(1), 0, 1)
    nearest = np.hypot(*(seg_a + t[:, None] * (seg_b - seg_a) - c).T).min()
    assert nearest >= 10 - 1e-6  # kept its clearance from c


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lines": []}, "actors"),
        ({"actors": [{"id": "a", "x": "1", "y": 0, "clear": 1}], "lines": []}, "actors[0].x"),
        ({"actors": [{"id": "a", "x": 1, "y": 0, "clear": -1}], "lines": []}, "actors[0].clear"),
        ({"actors": [{"id": "a", "x": 1, "y": 0, "clear": 1, "half": None}], "lines": []},
         "actors[0].half"),  # fmt: skip
        ({"actors": ACTORS, "lines": [["a", "nobody"]]}, "lines[0]"),
        ({"actors": ACTORS, "lines": [["a"]]}, "lines[0]"),
    ],
)
def test_bad_routing_input_names_the_field(client, body, field):
    r = client.post("/api/cases/housing.yaml/routes", json=body)
    assert r.status_code in (400, 422), r.text
    problems = r.json()["error"]["problems"]
    assert any(p.get("field") == field and p.get("expected") for p in problems), problems
