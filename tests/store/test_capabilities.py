"""What a store can do is declared by a protocol, and the URI table says the same before connecting."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecograph.store.base import QueryStore, Store, VersionedStore
from ecograph.store.uri import STORE_SCHEMES, answers_in_database, open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("uri", ["memory:", str(ROOT / "examples" / "child-protection.yaml")])
def test_memory_and_file_stores_answer_no_question_in_a_database(uri: str) -> None:
    with open_store(uri) as store:
        assert isinstance(store, Store)
        assert not isinstance(store, QueryStore) and not isinstance(store, VersionedStore)
    assert answers_in_database(uri) is False


def test_every_scheme_that_answers_questions_is_a_neo4j_scheme() -> None:
    # the only store that answers questions in the database is Neo4j; memory: does not
    assert {s for s, k in STORE_SCHEMES.items() if k.answers_questions} == {
        s for s in STORE_SCHEMES if s != "memory:"
    }


@pytest.mark.neo4j
def test_the_neo4j_store_is_a_query_store_as_its_scheme_declares(neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    with open_store(neo4j_server.uri) as store:
        assert isinstance(store, QueryStore) and isinstance(store, VersionedStore)
    assert answers_in_database(neo4j_server.uri) is True
