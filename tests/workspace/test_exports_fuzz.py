"""Fuzz the case-file endpoints: any request is answered clearly, never a 500, never a bad file."""

import base64
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecograph.io.casefile import load_case
from ecograph.io.export import export_files
from tests.workspace.conftest import fuzz_client
from tests.workspace.test_api_fuzz import EXAMPLES, FUZZ, json_values

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
TOKEN = "fuzz-token"
ANSWERS = (200, 201, 400, 404, 409, 422)
NAMES = st.sampled_from(["new.yaml", "case.yaml", "x.json", "../x.yaml", "", "a/b.yaml", "é.yaml"])
#: Drawing a picture takes about a second: fewer examples where a valid date may draw one.
SLOW = settings(FUZZ, max_examples=max(10, EXAMPLES // 10))


@pytest.fixture(scope="module")
def workspace():
    root = Path(tempfile.mkdtemp())
    shutil.copy("examples/housing-advocacy.yaml", root / "case.yaml")
    c = fuzz_client(root, TOKEN)
    yield c, root
    shutil.rmtree(root)


def _check(root: Path, r) -> None:
    assert r.status_code in ANSWERS, (r.status_code, r.text)
    if r.status_code >= 400:
        assert r.json()["error"]["message"]
    for p in root.iterdir():  # every file written is a whole, valid case; no temporary left
        assert not p.name.startswith("."), p.name
        load_case(p)
    for p in root.iterdir():
        if p.name != "case.yaml":
            p.unlink()
    if load_case(root / "case.yaml").id != "housing-advocacy-osei":  # replaced: put it back
        shutil.copy("examples/housing-advocacy.yaml", root / "case.yaml")


@FUZZ
@given(
    body=json_values
    | st.fixed_dictionaries(
        {"name": NAMES},
        optional={
            "key": st.text(max_size=40) | json_values,
            "shift_days": st.integers(-(10**7), 10**7) | json_values,
            "keep_attributes": st.lists(st.text(max_size=8), max_size=3) | json_values,
            "replace": st.booleans() | json_values,
        },
    )
)
def test_any_redaction_request(workspace, body):
    c, root = workspace
    _check(root, c.post("/api/cases/case.yaml/redact", json=body))


TABLES = export_files(load_case("examples/housing-advocacy.yaml"), "csv")


def _mangled(text: str, data: st.DataObject) -> bytes:
    raw = text.encode()
    if data.draw(st.booleans()):
        return data.draw(st.binary(max_size=200))
    cut = data.draw(st.integers(0, len(raw)))
    return raw[:cut] + data.draw(st.binary(max_size=20)) + raw[cut:]


@FUZZ
@given(data=st.data(), name=NAMES, replace=st.booleans())
def test_any_uploaded_csv(workspace, data, name, replace):
    c, root = workspace
    files = {}
    for key, file in (("actors", "actors.csv"), ("relationships", "relationships.csv")):
        raw = _mangled(TABLES[file], data)
        files[key] = {"filename": file, "data": base64.b64encode(raw).decode()}
    body = {"name": name, "id": "fuzz", "title": "Fuzz", "files": files, "replace": replace}
    _check(root, c.post("/api/import", json=body))


@FUZZ
@given(body=json_values)
def test_any_import_body(workspace, body):
    c, root = workspace
    _check(root, c.post("/api/import", json=body))


@FUZZ
@given(
    raw=st.binary(max_size=200),
    path=st.sampled_from(["/api/import", "/api/cases/case.yaml/redact"]),
)
def test_any_bytes(workspace, raw, path):
    c, root = workspace
    _check(root, c.post(path, content=raw))


@FUZZ
@given(to=st.text(max_size=12) | st.sampled_from(["csv", "graphml", "gexf", "json"]))
def test_any_export_format(workspace, to):
    c, root = workspace
    _check(root, c.get("/api/cases/case.yaml/export", params={"to": to}))


@SLOW
@given(
    as_of=st.text(max_size=12) | st.dates().map(str),
    what=st.sampled_from(["figure.png", "summary.pdf"]),
)
def test_any_date_for_the_pictures(workspace, as_of, what):
    c, root = workspace
    _check(root, c.get(f"/api/cases/case.yaml/{what}", params={"as_of": as_of}))
