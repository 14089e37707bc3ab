"""Open the store a URI names: a table from URI scheme to the factory of its store.

Examples
--------
>>> from ecograph.store.uri import open_store
>>> type(open_store("memory:")).__name__
'MemoryStore'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ecograph.errors import StoreError
from ecograph.store.base import NEO4J_SCHEMES, FileStore, MemoryStore, Store, check_neo4j_uri

__all__ = ["STORE_SCHEMES", "Scheme", "answers_in_database", "open_store"]


def _neo4j(uri: str, **options: object) -> Store:
    check_neo4j_uri(uri)
    from ecograph.store.neo4j import Neo4jStore  # the driver is imported only when needed

    return Neo4jStore(uri, **options)  # type: ignore[arg-type]


def _memory(uri: str, **options: object) -> Store:
    return MemoryStore()


@dataclass(frozen=True)
class Scheme:
    """How to open the stores of one URI scheme, and what they can do.

    Attributes
    ----------
    open : callable
        (uri, **options) -> the store.
    answers_questions : bool
        Its stores are :class:`~ecograph.store.base.QueryStore`: they answer the questions of
        ``queries/`` inside the database (a test holds this to what the opened store is), so
        that a command can plan its work, and refuse bad options, before it connects.
    """

    open: Callable[..., Store]
    answers_questions: bool = False


#: URI scheme (``bolt://``...) or whole URI (``memory:``) -> how to open its store. Anything
#: else without ``://`` is a case file (:class:`~ecograph.store.base.FileStore`).
STORE_SCHEMES: dict[str, Scheme] = {
    **{scheme: Scheme(_neo4j, answers_questions=True) for scheme in NEO4J_SCHEMES},
    "memory:": Scheme(_memory),
}


def _scheme(text: str) -> Scheme | None:
    for prefix, scheme in STORE_SCHEMES.items():
        if text.startswith(prefix) if prefix.endswith("://") else text == prefix:
            return scheme
    return None


def answers_in_database(uri: str | os.PathLike[str]) -> bool:
    """Return whether the store ``uri`` names answers the questions of ``queries/`` itself.

    Examples
    --------
    >>> answers_in_database("bolt://db.example:7687"), answers_in_database("case.yaml")
    (True, False)
    """
    scheme = _scheme(os.fspath(uri))
    return scheme is not None and scheme.answers_questions


def open_store(uri: str | os.PathLike[str], **options: object) -> Store:
    """Open the store a URI names.

    Parameters
    ----------
    uri : str or path-like
        ``memory:``, a case file path, or a Neo4j URI (``bolt://``, ``neo4j://``,
        ``neo4j+s://``...).
    **options
        Passed to the Neo4j store (``database``, ``user``, ``password``); credentials default to
        ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD``.

    Returns
    -------
    Store
        A store, to be used as a context manager.

    Raises
    ------
    StoreError
        For a Neo4j server that cannot be reached or refuses the credentials.
    InputError
        For a Neo4j URI with a ``user:password@`` part (the message does not repeat it).
    """
    text = os.fspath(uri)
    scheme = _scheme(text)
    if scheme is not None:
        return scheme.open(text, **options)
    if "://" in text:
        raise StoreError(
            f"unknown store URI scheme in {text.split('://', 1)[0] + '://'!r}",
            hints=["use a case file path, memory:, bolt://, neo4j:// or neo4j+s://"],
        )
    return FileStore(text)
