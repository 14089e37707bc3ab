"""The registry of questions: every list of sections is read from it, and it is complete.

Each test fails when a question is only half defined: a module not in the registry, a question
without a renderer or the model's words, a query file without a twin (or the reverse), a column
of actor ids the database report would leave as ids, a section the CLI help or the docs forget.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
from pathlib import Path

import pytest
from rich.console import Console

import ecograph.analysis.questions as questions_pkg
from ecograph import load_graph
from ecograph.analysis.db_report import DATABASE_SECTIONS, PYTHON_SECTIONS, mentioned
from ecograph.analysis.params import Params
from ecograph.analysis.questions import QUERIES, REGISTRY, SECTIONS, STRUCTURAL
from ecograph.analysis.questions.base import DatabaseView, TextView
from ecograph.analysis.questions.table import question_table, replace_question_table
from ecograph.analysis.report import analyze
from ecograph.store.neo4j import query_names

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _modules() -> list[str]:
    return [
        m.name
        for m in pkgutil.iter_modules(questions_pkg.__path__)
        if m.name not in ("base", "table")
    ]


def test_every_question_module_is_registered_under_its_own_name() -> None:
    for name in _modules():
        module = importlib.import_module(f"ecograph.analysis.questions.{name}")
        q = module.QUESTION
        assert q.name == name, f"{name}.py defines the question {q.name!r}"
        assert REGISTRY[name] is q, f"{name}.py is not listed in REGISTRY"
    assert sorted(REGISTRY) == sorted(_modules())


@pytest.mark.parametrize("name", SECTIONS)
def test_every_question_is_whole(name: str) -> None:
    q = REGISTRY[name]
    assert q.title and q.asks, name
    assert len(q.model_words) > 20, f"{name}: no words of the model"
    assert callable(q.compute) and callable(q.render_text) and callable(q.to_json)
    if q.database is not None:
        assert q.database.asks and q.database.queries and callable(q.database.render_text)


def test_the_query_files_and_the_twins_are_the_same_set() -> None:
    assert sorted(QUERIES) == sorted(query_names())
    assert all(callable(x.twin) for x in QUERIES.values())


def test_the_database_report_reads_its_sections_from_the_registry() -> None:
    assert list(DATABASE_SECTIONS) == [n for n in SECTIONS if REGISTRY[n].database]
    assert set(PYTHON_SECTIONS) == set(SECTIONS) - set(DATABASE_SECTIONS)


@pytest.mark.parametrize("case", EXAMPLES[:4], ids=lambda p: p.stem)
def test_every_actor_id_in_a_twin_row_is_in_a_declared_column(case: Path) -> None:
    # The database report looks up names only for the declared columns: an undeclared column
    # of actor ids would print ids where users expect names.
    graph = load_graph(str(case))
    ids = {a.id for a in graph.actors()}
    for query in QUERIES.values():
        for row in query.twin(graph):
            for column, value in row.items():
                values = value if isinstance(value, list) else [value]
                if any(isinstance(x, str) and x in ids for x in values):
                    assert column in query.actors, f"{query.name}.{column} holds actor ids"


def _printed(render: object, value: object, view_type: type[TextView], **extra: object) -> str:
    out = io.StringIO()
    console = Console(file=out, width=200)
    names = {"susan": "Susan Hall"}
    view = view_type(lambda x: names.get(str(x), str(x)), Params(), console.print, **extra)
    render(value, view)  # type: ignore[operator]
    return out.getvalue()


def test_every_question_writes_text_and_json_for_a_case() -> None:
    graph = load_graph(str(ROOT / "examples" / "child-protection.yaml"))
    report = analyze(graph, only=list(SECTIONS))
    data = report.to_json()["sections"]
    assert list(data) == list(SECTIONS)
    for name, value in report.sections.items():
        q = REGISTRY[name]
        text = _printed(q.render_text, value, TextView)
        assert text.startswith(q.title), name  # the heading names the section
        assert data[name] == q.to_json(value)


def test_every_database_twin_writes_its_rows_with_names() -> None:
    graph = load_graph(str(ROOT / "examples" / "child-protection.yaml"))
    naming = []
    for name in DATABASE_SECTIONS:
        twin = REGISTRY[name].database
        assert twin is not None
        rows = [x.twin(graph) for x in twin.queries]
        text = _printed(twin.render_text, rows, DatabaseView)
        assert text.strip(), name
        actors, _ = mentioned({x.name: r for x, r in zip(twin.queries, rows, strict=True)})
        if "susan" in actors:
            naming.append(name)
            assert "Susan Hall" in text and "susan" not in text, name
    assert len(naming) >= 2  # the mother is in the hotspots and the power rows at least


def test_the_cli_help_lists_every_section() -> None:
    from typer.testing import CliRunner

    from ecograph.cli import app

    out = CliRunner().invoke(app, ["analyze", "--help"], env={"COLUMNS": "400"}).output
    flat = " ".join(out.split())
    for name in SECTIONS:
        assert name in flat, name
    for name in STRUCTURAL:
        assert name in flat


def test_the_question_table_in_the_docs_is_generated_from_the_registry() -> None:
    doc = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    assert question_table() in doc, (
        "docs/analysis.md is out of date: python -m ecograph.analysis.questions.table "
        "docs/analysis.md"
    )
    assert replace_question_table(doc) == doc
    for name in SECTIONS:
        assert f"| `{name}`" in question_table()
