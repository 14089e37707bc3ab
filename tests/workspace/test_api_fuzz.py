"""Fuzz the workspace's JSON API: any request is answered clearly, never a 500, never a broken file."""

import os
import shutil
import tempfile
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from ecograph.io.casefile import load_case
from tests.workspace.conftest import fuzz_client

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

EXAMPLES = int(
    os.environ.get("ECOGRAPH_FUZZ_EXAMPLES", "1000" if os.environ.get("CI") == "true" else "150")
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=10),
    suppress_health_check=list(HealthCheck),
)
TOKEN = "fuzz-token"
STARTER = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")
OPS = [
    "put_actor",
    "remove_actor",
    "put_relationship",
    "remove_relationship",
    "put_goal",
    "remove_goal",
    "set_stance",
    "put_agreement",
    "remove_agreement",
    "record",
    "set_position",
    "set_case",
]
IDS = st.sampled_from(["worker", "family", "mother", "school", "attendance", "x", "", " a", "é"])
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | IDS
)
json_values = st.recursive(
    scalars,
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8) | IDS, kids, max_size=4)
    ),
    max_leaves=20,
)
FIELD_NAMES = st.sampled_from(
    [
        "name",
        "kind",
        "roles",
        "power",
        "voluntariness",
        "member_of",
        "type",
        "mix",
        "strength",
        "basis",
        "mandated",
        "description",
        "stances",
        "parties",
        "date",
        "title",
        "position",
        "id",
        "history",
        "start",
        "end",
        "note",
    ]
)
edits = st.fixed_dictionaries(
    {"op": st.sampled_from(OPS)},
    optional={
        "id": IDS,
        "source": IDS,
        "target": IDS,
        "goal": IDS,
        "actor": IDS,
        "stance": json_values,
        "x": json_values,
        "y": json_values,
        "fields": st.dictionaries(FIELD_NAMES, json_values, max_size=4),
        "observation": st.dictionaries(FIELD_NAMES, json_values, max_size=4),
    },
)


@pytest.fixture(scope="module")
def workspace():
    root = Path(tempfile.mkdtemp())
    (root / "case.yaml").write_text(STARTER)
    c = fuzz_client(root, TOKEN)
    yield c, root
    shutil.rmtree(root)


def _check(c: TestClient, root: Path, r) -> None:
    assert r.status_code in (200, 400, 404, 409, 422), (r.status_code, r.text)
    body = r.json()
    if r.status_code != 200:
        assert body["error"]["message"]
    load_case(root / "case.yaml")  # the file is always a valid case


@FUZZ
@given(body=json_values)
def test_any_json_body(workspace, body):
    c, root = workspace
    _check(c, root, c.post("/api/cases/case.yaml/edits", json=body))


@FUZZ
@given(batch=st.lists(edits, min_size=1, max_size=3))
def test_any_edits(workspace, batch):
    c, root = workspace
    version = c.get("/api/cases/case.yaml").json()["version"]
    r = c.post("/api/cases/case.yaml/edits", json={"version": version, "edits": batch})
    _check(c, root, r)
    if r.status_code == 200 and len(load_case(root / "case.yaml").actors) < 2:
        (root / "case.yaml").write_text(STARTER)  # keep something to edit


@FUZZ
@given(
    raw=st.binary(max_size=200),
    path=st.sampled_from(
        [
            "/api/cases",
            "/api/cases/case.yaml/edits",
            "/api/cases/case.yaml/duplicate",
            "/api/cases/case.yaml/undo",
        ]
    ),
)
def test_any_bytes(workspace, raw, path):
    c, root = workspace
    r = c.post(path, content=raw)
    _check(c, root, r)
    for p in root.iterdir():
        if p.name != "case.yaml":
            p.unlink()
