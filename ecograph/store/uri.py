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

from ecograph.errors import StoreError
from ecograph.store.base import NEO4J_SCHEMES, FileStore, MemoryStore, Store, check_neo4j_uri

__all__ = ["STORE_SCHEMES", "open_store"]


def _neo4j(uri: str, **options: object) -> Store:
    check_neo4j_uri(uri)
    from ecograph.store.neo4j import Neo4jStore  # the driver is imported only when needed

    return Neo4jStore(uri, **options)  # type: ignore[arg-type]


def _memory(uri: str, **options: object) -> Store:
    return MemoryStore()


#: URI scheme (``bolt://``...) or whole URI (``memory:``) -> the factory of its store. Anything
#: else without ``://`` is a case file (:class:`~ecograph.store.base.FileStore`).
STORE_SCHEMES: dict[str, Callable[..., Store]] = {
    **{scheme: _neo4j for scheme in NEO4J_SCHEMES},
    "memory:": _memory,
}


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
    for prefix, factory in STORE_SCHEMES.items():
        if text.startswith(prefix) if prefix.endswith("://") else text == prefix:
            return factory(text, **options)
    if "://" in text:
        raise StoreError(
            f"unknown store URI scheme in {text.split('://', 1)[0] + '://'!r}",
            hints=["use a case file path, memory:, bolt://, neo4j:// or neo4j+s://"],
        )
    return FileStore(text)
