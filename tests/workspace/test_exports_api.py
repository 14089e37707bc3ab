"""The workspace's case-file endpoints: export, import CSV, redacted copies, PNG and PDF.

Each answer is compared with what the command line makes of the same case (one
implementation): ``ecograph export``, ``ecograph import``, ``ecograph redact``, ``ecograph plot``.
"""

import base64
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ecograph import load_graph
from ecograph.io.casefile import load_case
from ecograph.io.csvfiles import dumps_csv
from ecograph.io.export import EXPORT_FORMATS, export_files
from ecograph.plot import figure_bytes, plot_ecosystem
from ecograph.plot.conference import conference_lines
from ecograph.workspace import CaseFolder, create_app
from tests.workspace.test_browser_cases_io import pdf_pages_and_text, png_size

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TOKEN = "test-token-0123456789"
HOST = "http://127.0.0.1:8765"
KEY = "a-team-key-of-32-characters-long"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "cases"
    root.mkdir()
    shutil.copy("examples/child-protection.yaml", root / "roberta.yaml")
    shutil.copy("examples/housing-advocacy.yaml", root / "housing.yaml")
    return root


@pytest.fixture
def client(folder: Path) -> TestClient:
    c = TestClient(create_app(CaseFolder(folder), token=TOKEN), base_url=HOST)
    c.headers["X-Ecograph-Token"] = TOKEN
    return c


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ecograph", *args], capture_output=True, text=True, cwd=cwd
    )


def _upload(name: str, text: str | bytes) -> dict[str, str]:
    data = text.encode() if isinstance(text, str) else text
    return {"filename": name, "data": base64.b64encode(data).decode()}


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# ------------------------------------------------------------------ export
def test_the_formats_are_those_of_ecograph_export(client: TestClient):
    r = client.get("/api/export-formats")
    assert [f["value"] for f in r.json()["formats"]] == [f.value for f in EXPORT_FORMATS]
    help_text = _cli("export", "--help").stdout
    for f in r.json()["formats"]:
        assert f["value"] in help_text


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_an_export_is_the_file_the_command_line_writes(
    client: TestClient, folder: Path, tmp_path: Path, fmt: str
):
    r = client.get(f"/api/cases/roberta.yaml/export?to={fmt}")
    assert r.status_code == 200, r.text
    name = f"child-protection-roberta.{fmt}"
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert r.headers["content-type"].startswith(EXPORT_FORMATS[fmt].media_type)  # type: ignore[index]
    out = tmp_path / name
    done = _cli("export", str(folder / "roberta.yaml"), "--to", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert r.content == out.read_bytes()


def test_a_csv_export_is_the_five_tables_in_one_zip_with_the_note(client: TestClient, folder: Path):
    (folder / "roberta.yaml").write_text(
        (folder / "roberta.yaml").read_text().replace("author: ecograph examples", "author: Sam")
    )
    r = client.get("/api/cases/roberta.yaml/export?to=csv")
    assert r.status_code == 200
    assert r.headers["content-disposition"].endswith('filename="child-protection-roberta-csv.zip"')
    z = zipfile.ZipFile(io.BytesIO(r.content))
    tables = dumps_csv(load_case(folder / "roberta.yaml"))
    assert sorted(z.namelist()) == sorted(f"child-protection-roberta/{n}" for n in tables)
    for n, text in tables.items():
        assert z.read(f"child-protection-roberta/{n}").decode() == text
    # what CSV leaves behind, as the command line says it
    notes = json.loads(r.headers["x-ecograph-notes"])
    assert notes and "CSV does not carry" in notes[0] and "author" in notes[0]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/cases/roberta.yaml/export?to=pdf", 400, "graphml"),
        ("/api/cases/roberta.yaml/export", 400, "not an export format"),
        ("/api/cases/nobody.yaml/export?to=csv", 404, "no such case"),
        ("/api/cases/..%2Fsecret.yaml/export?to=csv", 404, ""),
        ("/api/cases/roberta.yaml/figure.png?as_of=yesterday", 400, "YYYY-MM-DD"),
        ("/api/cases/roberta.yaml/summary.pdf?as_of=2026-13-01", 400, "YYYY-MM-DD"),
        ("/api/cases/nobody.yaml/summary.pdf", 404, "no such case"),
    ],
)
def test_bad_downloads_are_refused_clearly(client: TestClient, path: str, status: int, words: str):
    r = client.get(path)
    assert r.status_code == status, r.text
    assert words in json.dumps(r.json())
    assert "Roberta" not in r.text


# ------------------------------------------------------------------ PNG and PDF
def test_the_png_is_the_map_on_the_date_on_screen(client: TestClient, folder: Path):
    graph = load_graph(str(folder / "roberta.yaml"))
    early, late = dt.date(2026, 1, 20), dt.date(2026, 6, 1)
    shown = {}
    for day in (early, late):
        r = client.get(f"/api/cases/roberta.yaml/figure.png?as_of={day}")
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        assert r.headers["content-disposition"].endswith(f'-map-{day}.png"')
        shown[day] = r.content
    fig = plot_ecosystem(graph, as_of=late)
    w, h = fig.get_size_inches()
    width, height = png_size(shown[late])
    assert abs(width - w * 150) <= 1 and abs(height - h * 150) <= 1
    # the figure `ecograph plot` draws on that date, pixel for pixel; another date differs
    assert shown[late] == figure_bytes(fig, "png", dpi=150)
    assert shown[early] != shown[late]


def test_the_pdf_is_one_page_with_the_top_warnings_and_the_tactics(
    client: TestClient, folder: Path
):
    day = dt.date(2026, 6, 1)
    r = client.get(f"/api/cases/roberta.yaml/summary.pdf?as_of={day}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    pages, drawn = pdf_pages_and_text(r.content)
    assert pages == 1
    lines, _ = conference_lines(load_graph(str(folder / "roberta.yaml")), day)
    items = [ln for ln in lines if ln.indent == 0 and not ln.head]
    warnings = [ln.text for ln in items if ln.section == "warnings"]
    tactics = [ln.text for ln in items if ln.section == "tactics"]
    assert (
        warnings[0]
        == "sustained hostility: Olivia (team manager) -- Roberta (mother), since 2026-01-05"
    )
    assert warnings[0] in drawn and tactics[0] in drawn and tactics[1] in drawn
    assert "Early warnings on 2026-06-01 (8 in all)" in drawn
    assert "more (ecograph warnings lists all)" in drawn
    # the date on screen matters: in January the conflict had not lasted 90 days yet
    r = client.get("/api/cases/roberta.yaml/summary.pdf?as_of=2026-01-20")
    assert "sustained hostility" not in pdf_pages_and_text(r.content)[1]


def test_a_case_with_nothing_yet_still_makes_a_one_page_summary(client: TestClient, folder: Path):
    client.post("/api/cases", json={"name": "empty.yaml"})
    r = client.get("/api/cases/empty.yaml/summary.pdf")
    pages, drawn = pdf_pages_and_text(r.content)
    assert pages == 1 and "no warnings" in drawn and "no target or action-system actor yet" in drawn


# ------------------------------------------------------------------ redacted copy
def test_a_redacted_copy_is_what_ecograph_redact_writes(
    client: TestClient, folder: Path, tmp_path: Path
):
    r = client.post(
        "/api/cases/roberta.yaml/redact",
        json={"name": "teaching.yaml", "key": KEY, "shift_days": -10},
    )
    assert r.status_code == 201, r.text
    assert r.json()["notes"] == [] and KEY not in r.text
    key_file = tmp_path / "key"
    key_file.write_text(KEY)
    out = tmp_path / "cli.yaml"
    done = _cli(
        "redact", str(folder / "roberta.yaml"), "-o", str(out),
        "--key-file", str(key_file), "--shift-days", "-10",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (folder / "teaching.yaml").read_text() == out.read_text()
    text = out.read_text()
    for a in load_case(folder / "roberta.yaml").actors:
        assert a.name not in text
    assert "name: Social worker 1" in text and "name: Client family" in text


def test_without_a_key_the_copy_says_its_pseudonyms_are_one_time(client: TestClient, folder: Path):
    r = client.post("/api/cases/roberta.yaml/redact", json={"name": "once.json"})
    assert r.status_code == 201
    assert "one-time random key" in r.json()["notes"][0]
    assert load_case(folder / "once.json").actors[0].name != "Children's services team"


def test_a_taken_name_is_asked_about_before_it_is_replaced(client: TestClient, folder: Path):
    before = (folder / "housing.yaml").read_bytes()
    body = {"name": "housing.yaml", "key": KEY}
    r = client.post("/api/cases/roberta.yaml/redact", json=body)
    assert r.status_code == 409
    assert r.json()["error"]["message"] == "a case with this name exists already"
    assert (folder / "housing.yaml").read_bytes() == before
    r = client.post("/api/cases/roberta.yaml/redact", json={**body, "replace": True})
    assert r.status_code == 201
    assert load_case(folder / "housing.yaml").title != load_case(folder / "roberta.yaml").title
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x.yaml", "key": "k3y-SECRET"}, "key"),
        ({"name": "x.yaml", "shift_days": "ten"}, "shift_days"),
        ({"name": "x.yaml", "shift_days": True}, "shift_days"),
        ({"name": "x.yaml", "shift_days": 10**9}, None),
        ({"name": "x.yaml", "keep_attributes": "age"}, "keep_attributes"),
        ({"name": "x.yaml", "replace": "yes"}, "replace"),
        ({"name": "../x.yaml"}, "name"),
        ({"name": "x.txt"}, "name"),
        ({"name": ""}, "name"),
        ({}, "name"),
        ([], "name"),
    ],
)
def test_bad_redaction_requests_are_refused_and_write_nothing(
    client: TestClient, folder: Path, body, field
):
    before = _names(folder)
    r = client.post("/api/cases/roberta.yaml/redact", json=body)
    assert r.status_code == 400, r.text
    problems = r.json()["error"].get("problems", [])
    if field:
        assert problems[0]["field"] == field
    assert "SECRET" not in r.text  # the key is never echoed
    assert _names(folder) == before


def test_a_single_case_workspace_writes_no_new_case(folder: Path):
    c = TestClient(create_app(CaseFolder(folder / "roberta.yaml"), token=TOKEN), base_url=HOST)
    c.headers["X-Ecograph-Token"] = TOKEN
    r = c.post("/api/cases/roberta.yaml/redact", json={"name": "x.yaml"})
    assert r.status_code == 400 and "serve FOLDER" in r.text
    assert c.get("/api/cases/roberta.yaml/export?to=graphml").status_code == 200


# ------------------------------------------------------------------ import CSV
def _tables(folder: Path) -> dict[str, str]:
    return export_files(load_case(folder / "roberta.yaml"), "csv")


def test_an_import_is_what_ecograph_import_writes(client: TestClient, folder: Path, tmp_path: Path):
    tables = _tables(folder)
    keys = {"actors": "actors.csv", "relationships": "relationships.csv",
            "history": "relationship-history.csv", "goals": "goals.csv",
            "agreements": "agreements.csv"}  # fmt: skip
    files = {k: _upload(n, tables[n]) for k, n in keys.items()}
    r = client.post(
        "/api/import", json={"name": "from-csv.yaml", "id": "r2", "title": "R2", "files": files}
    )
    assert r.status_code == 201, r.text
    assert r.json()["actors"] == len(load_case(folder / "roberta.yaml").actors)
    for n, text in tables.items():
        (tmp_path / n).write_text(text)
    done = _cli(
        "import", "actors.csv", "relationships.csv", "-o", "cli.yaml", "--id", "r2",
        "--title", "R2", "--history", "relationship-history.csv", "--goals", "goals.csv",
        "--agreements", "agreements.csv", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (folder / "from-csv.yaml").read_text() == (tmp_path / "cli.yaml").read_text()


@pytest.mark.parametrize(
    ("broken", "where"),
    [("actors", "my actors.csv:2:5: Power: not a number"), ("relationships", "rels.csv:2:")],
)
def test_import_problems_are_the_command_lines_located_by_file_and_line(
    client: TestClient, folder: Path, tmp_path: Path, broken: str, where: str
):
    tables = _tables(folder)
    actors, rels = tables["actors.csv"], tables["relationships.csv"]
    if broken == "actors":
        actors = actors.replace(",0.85,", ",lots,", 1)
    else:
        first = rels.splitlines()[1].split(",")[1]  # the first row's source
        rels = rels.replace(f",{first},", f",{first}x,", 1)
    files = {"actors": _upload("my actors.csv", actors), "relationships": _upload("rels.csv", rels)}
    before = _names(folder)
    r = client.post("/api/import", json={"name": "x.yaml", "id": "x", "title": "X", "files": files})
    assert r.status_code == 422
    error = r.json()["error"]
    assert _names(folder) == before
    (tmp_path / "my actors.csv").write_text(actors)
    (tmp_path / "rels.csv").write_text(rels)
    done = _cli("import", "my actors.csv", "rels.csv", "-o", "x.yaml", "--id", "x",
                "--title", "X", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2
    said = [ln.strip() for ln in done.stderr.splitlines()[1:]]
    assert said == [ln.strip() for ln in error["text"].splitlines()]
    assert error["text"].startswith(where), error["text"]


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"actors": {"filename": "a.csv", "data": "@@not base64@@"}}, "not base64"),
        ({"actors": None}, "needs the actors file"),
        ({"people": None}, "not a file of a CSV import"),
        ("actors.csv", "not an object"),
        ({"actors": "YWJj"}, "not an upload"),
    ],
)
def test_broken_uploads_are_refused(client: TestClient, folder: Path, files, words):
    before = _names(folder)
    body = {"name": "x.yaml", "id": "x", "title": "X", "files": files}
    r = client.post("/api/import", json=body)
    assert r.status_code == 400, r.text
    assert words in r.text
    assert _names(folder) == before


def test_a_csv_that_is_not_utf8_is_named_with_its_byte(client: TestClient, folder: Path):
    tables = _tables(folder)
    files = {
        "actors": _upload("C:\\Users\\sam\\actors.csv", tables["actors.csv"].encode() + b"\xff"),
        "relationships": _upload("relationships.csv", tables["relationships.csv"]),
    }
    r = client.post("/api/import", json={"name": "x.yaml", "id": "x", "title": "X", "files": files})
    assert r.status_code == 400
    problem = r.json()["error"]["problems"][0]
    assert problem["source"] == "actors.csv"  # the file's name, no folder of the user's machine
    assert problem["message"].startswith("not UTF-8 text (byte ")
    assert "CSV UTF-8" in problem["expected"]


def test_an_import_onto_a_taken_name_asks_first(client: TestClient, folder: Path):
    tables = _tables(folder)
    files = {
        "actors": _upload("a.csv", tables["actors.csv"]),
        "relationships": _upload("r.csv", tables["relationships.csv"]),
    }
    body = {"name": "housing.yaml", "id": "h", "title": "H", "files": files}
    before = (folder / "housing.yaml").read_bytes()
    assert client.post("/api/import", json=body).status_code == 409
    assert (folder / "housing.yaml").read_bytes() == before
    assert client.post("/api/import", json={**body, "replace": True}).status_code == 201
    assert load_case(folder / "housing.yaml").id == "h"
