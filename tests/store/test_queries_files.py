"""queries/ is the one copy of the Cypher questions, shipped as ecograph.queries; every file
documents itself."""

from __future__ import annotations

from pathlib import Path

from ecograph.analysis.questions import QUERIES
from ecograph.store.neo4j import load_query, query_names

#: Each query of queries/ and its Python twin.
QUESTIONS = {name: query.twin for name, query in QUERIES.items()}

ROOT = Path(__file__).resolve().parents[2]


def test_the_queries_are_read_from_the_one_top_level_folder():
    assert not (ROOT / "ecograph" / "queries").exists(), "a second copy of the queries"
    top = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "queries").glob("*.cypher")}
    assert top, "queries/ is empty"
    assert set(query_names()) == {n[: -len(".cypher")] for n in top}
    for name, text in top.items():
        assert load_query(name[: -len(".cypher")]) == text, name


def test_each_query_has_a_header_and_a_python_twin():
    for name in query_names():
        text = load_query(name)
        header = [line for line in text.splitlines() if line.startswith("//")]
        joined = "\n".join(header)
        for word in ("Question:", "Parameters:", "Columns:"):
            assert word in joined, (name, word)
        assert "$case" in text
        assert name in QUESTIONS, name
        # the header names the twin the parity tests compare it with
        twin = QUESTIONS[name]
        assert f"// Python twin: {twin.__module__}.{twin.__name__}" in text, name
