"""One storage contract and its in-memory and file implementations.

Every store keeps whole cases, addressed by the case's ``id``. The rest of the program talks to
a :class:`Store` only; which one is chosen by a URI (:func:`ecograph.store.uri.open_store`):

========================================  ==========================================
``memory:``                               :class:`MemoryStore` (NetworkX, this process)
``path/to/case.yaml`` (or ``.json``)      :class:`FileStore` (one case file)
``bolt://``, ``neo4j://``, ``neo4j+s://``  :class:`~ecograph.store.neo4j.Neo4jStore`
========================================  ==========================================

Credentials for Neo4j come only from ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD``.

What a store can do beyond the contract is declared by a protocol, not read from its class or
its URI: a :class:`QueryStore` answers the questions of ``queries/`` inside the database, and a
:class:`VersionedStore` reads a case with its version and refuses a stale push.

Examples
--------
>>> from ecograph.model import Actor, Case
>>> case = Case(id="demo", title="Demo", actors=[Actor(id="w", name="W", roles=["change_agent"])])
>>> with MemoryStore() as store:
...     report = store.save(case)
...     store.list_cases(), store.load("demo") == case, report.created
(['demo'], True, True)
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar, runtime_checkable

from ecograph.errors import InputError, NotFoundError
from ecograph.model import Case

__all__ = [
    "Store",
    "QueryStore",
    "VersionedStore",
    "SaveReport",
    "MemoryStore",
    "FileStore",
    "check_neo4j_uri",
    "NEO4J_SCHEMES",
]

#: URI schemes that select the Neo4j store.
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


@dataclass
class SaveReport:
    """What saving a case changed.

    Attributes
    ----------
    case_id : str
        The case saved.
    created : bool
        The case was not in the store before.
    added, changed, removed : dict of str to int
        Counts per kind of item (``actors``, ``relationships``, ...) that were added, changed
        or removed. All empty when the case was already stored as it is.
    version : int, optional
        The stored version after saving, for a store that counts versions (Neo4j); a save
        that changes nothing keeps the version.
    """

    case_id: str
    created: bool = False
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    version: int | None = None

    @property
    def unchanged(self) -> bool:
        """Whether nothing was written."""
        return not (
            self.created
            or any(self.added.values())
            or any(self.changed.values())
            or any(self.removed.values())
        )

    def summary(self) -> str:
        """Return a one-line summary, e.g. ``2 relationships changed, 1 actor added``."""
        if self.unchanged:
            return "unchanged"
        parts = []
        for verb, counts in (
            ("added", self.added),
            ("changed", self.changed),
            ("removed", self.removed),
        ):
            parts += [f"{n} {kind} {verb}" for kind, n in counts.items() if n]
        head = "created" if self.created else "updated"
        return head + (": " + ", ".join(parts) if parts else "")


@runtime_checkable
class Store(Protocol):
    """The storage contract every backend keeps.

    A store is a context manager; leaving the block closes it.
    """

    def list_cases(self) -> list[str]:
        """Return the ids of the stored cases, sorted."""
        ...

    def load(self, case_id: str) -> Case:
        """Return the case ``case_id`` (``NotFoundError`` if absent)."""
        ...

    def save(self, case: Case) -> SaveReport:
        """Store ``case`` as a whole, replacing its previous version all-or-nothing."""
        ...

    def delete(self, case_id: str) -> bool:
        """Remove the case; return whether it was there."""
        ...

    def close(self) -> None:
        """Release connections and files."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


_T = TypeVar("_T")


@runtime_checkable
class QueryStore(Store, Protocol):
    """A store that answers the questions of ``queries/`` inside the database (Neo4j).

    Attributes
    ----------
    uri : str
        Where the database is (it may hold ``user:password@``: show it through
        :func:`ecograph.analysis.db_report.display_uri`).
    """

    uri: str

    def read(self, work: Callable[[Any], _T]) -> _T:
        """Run ``work(transaction)`` in one read transaction and return what it returns."""
        ...

    def run_query(self, name: str, case_id: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named query of ``queries/`` on one case; return its rows."""
        ...


@runtime_checkable
class VersionedStore(Store, Protocol):
    """A store that keeps a version of each case and refuses a push based on a stale one."""

    def load_versioned(self, case_id: str) -> tuple[Case, int]:
        """Return the case and its stored version, read together."""
        ...

    def save(
        self,
        case: Case,
        *,
        progress: Callable[[int, int], None] | None = None,
        base_version: int | None = None,
        also: Callable[[Any, SaveReport], None] | None = None,
    ) -> SaveReport:
        """Store ``case``, refused if the stored version is not ``base_version``.

        ``progress(done, total)`` is called as it writes; ``also(transaction, report)`` writes
        more in the same transaction when the case changed (all or nothing).
        """
        ...


class _Closing:
    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _diff_report(old: Case | None, new: Case) -> SaveReport:
    report = SaveReport(new.id, created=old is None)
    if old is None:
        return report
    for kind in ("actors", "goals", "relationships", "agreements"):

        def key(x: object) -> str:
            return str(getattr(x, "key", None) or x.id)  # type: ignore[attr-defined]

        before = {key(x): x for x in getattr(old, kind)}
        after = {key(x): x for x in getattr(new, kind)}
        report.added[kind] = len(after.keys() - before.keys())
        report.removed[kind] = len(before.keys() - after.keys())
        report.changed[kind] = sum(1 for k in after.keys() & before.keys() if after[k] != before[k])
    meta_old = old.model_dump(exclude={"actors", "goals", "relationships", "agreements"})
    meta_new = new.model_dump(exclude={"actors", "goals", "relationships", "agreements"})
    report.changed["case"] = int(meta_old != meta_new)
    return report


class MemoryStore(_Closing):
    """Cases kept in this process (copies, so callers cannot change them behind its back)."""

    def __init__(self) -> None:
        self._cases: dict[str, Case] = {}

    def list_cases(self) -> list[str]:
        """Return the ids of the stored cases, sorted."""
        return sorted(self._cases)

    def load(self, case_id: str) -> Case:
        """Return a copy of the case ``case_id``."""
        try:
            return self._cases[case_id].model_copy(deep=True)
        except KeyError:
            raise NotFoundError(f"no case {case_id!r} in the memory store") from None

    def save(self, case: Case) -> SaveReport:
        """Store a copy of ``case``."""
        report = _diff_report(self._cases.get(case.id), case)
        self._cases[case.id] = case.model_copy(deep=True)
        return report

    def delete(self, case_id: str) -> bool:
        """Remove the case; return whether it was there."""
        return self._cases.pop(case_id, None) is not None


class FileStore(_Closing):
    """One case file (YAML or JSON) as a store holding at most one case.

    Parameters
    ----------
    path : path-like
        The case file; it need not exist yet. Writes are atomic.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def _read(self) -> Case | None:
        from ecograph.io.casefile import load_case

        return load_case(self.path) if self.path.exists() else None

    def list_cases(self) -> list[str]:
        """Return the id of the case in the file (none if the file does not exist)."""
        case = self._read()
        return [] if case is None else [case.id]

    def load(self, case_id: str) -> Case:
        """Return the case in the file if its id is ``case_id``."""
        case = self._read()
        if case is None or case.id != case_id:
            raise NotFoundError(f"no case {case_id!r} in {self.path}")
        return case

    def save(self, case: Case, *, replace_other: bool = False) -> SaveReport:
        """Write ``case`` to the file (atomically), replacing the same case's earlier version.

        Parameters
        ----------
        case : Case
            The case to write.
        replace_other : bool
            Replace the file even if it holds another case (or no valid case).

        Raises
        ------
        InputError
            The file holds another case (its id differs), unless ``replace_other``.
        """
        from ecograph.io.casefile import save_case

        try:
            old = self._read()
        except InputError:
            if not replace_other:
                raise
            old = None
        if old is not None and old.id != case.id and not replace_other:
            raise InputError(
                f"the file holds another case, {old.id!r}; pushing {case.id!r} would erase it",
                source=os.fspath(self.path),
                expected="the file of the same case, a new file, or --force to replace it",
            )
        report = _diff_report(old if old is not None and old.id == case.id else None, case)
        if not report.unchanged:
            save_case(case, self.path)
        return report

    def delete(self, case_id: str) -> bool:
        """Remove the file if it holds ``case_id``."""
        case = self._read()
        if case is None or case.id != case_id:
            return False
        self.path.unlink()
        return True


def check_neo4j_uri(text: str) -> None:
    """Refuse a Neo4j URI with credentials, a query or a bad port, without repeating it.

    A password may hide in the user part (``user:secret@host``) or in a query
    (``?password=secret``); neither is accepted, and no part of the URI is printed: give the
    credentials in ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD``.

    Raises
    ------
    InputError
        Saying which part of the URI is not accepted.

    Examples
    --------
    >>> check_neo4j_uri("bolt://127.0.0.1:7687")
    >>> try:
    ...     check_neo4j_uri("bolt://127.0.0.1:7687?password=s3cr3t")
    ... except InputError as exc:
    ...     print(exc.problem.message)
    a query (?...) in the store URI is not accepted, as it may hold credentials (not repeated here)
    """
    expected = (
        "a URI such as bolt://host:7687, with NEO4J_USERNAME / NEO4J_PASSWORD in the environment"
    )
    field = "--to/--store"
    rest = text.split("://", 1)[1]
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in netloc:
        raise InputError(
            "credentials in the store URI (user@ or user:password@) are not accepted "
            "(not repeated here)",
            field=field,
            expected=expected,
        )
    if "?" in rest or "#" in rest:
        what = "a query (?...)" if "?" in rest else "a fragment (#...)"
    else:
        try:
            port = urllib.parse.urlsplit(text).port
        except ValueError:
            port = -1
        if port == -1 or port == 0:
            raise InputError(
                "the port in the store URI is not a number from 1 to 65535 (URI not repeated)",
                field=field,
                expected=expected,
            )
        return
    raise InputError(
        f"{what} in the store URI is not accepted, as it may hold credentials (not repeated here)",
        field=field,
        expected=expected,
    )
