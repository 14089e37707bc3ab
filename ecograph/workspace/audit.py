"""The audit log of a workspace: who changed which case, when, and what kind of change.

One entry per change that was saved (an edit, an undo or redo, a new or copied case)::

    {"at": "2026-12-03T14:02:11Z", "user": "anna", "case": "family-a", "action": "edit",
     "version": "7", "changes": [{"op": "record", "ids": ["mother", "landlord"]}]}

Entries hold ids and kinds of change only -- the names of the fields changed, never their
values, notes or any other free text of the case. Two places keep them:

* :class:`FileAudit`: an append-only JSON-lines file (beside the case folder by default,
  ``.ecograph-audit.jsonl``), one line per entry, written with ``O_APPEND`` and flushed to disk;
* :class:`StoreAudit`: ``(:AuditEntry)`` nodes in the Neo4j database the cases are in, written
  in the change's own transaction (:meth:`StoreCases.audited
  <ecograph.workspace.store_cases.StoreCases.audited>`): the change and its entry are saved
  together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ecograph.io.edit import Edit

__all__ = ["AuditEntry", "AuditLog", "FileAudit", "StoreAudit", "changes_of", "AUDIT_FILE"]

#: The audit file's name in a served folder.
AUDIT_FILE = ".ecograph-audit.jsonl"
#: The attributes of an edit that name items of the case (ids), in the order they are logged.
_ID_FIELDS = ("id", "source", "target", "goal", "actor")


def changes_of(edits: Sequence[Edit]) -> list[dict[str, Any]]:
    """Return what each edit changes, as ids and field names only (no values).

    Examples
    --------
    >>> from ecograph.io.edit import PutActor
    >>> changes_of([PutActor(id="mother", fields={"name": "Roberta", "power": 0.4})])
    [{'op': 'put_actor', 'ids': ['mother'], 'fields': ['name', 'power']}]
    """
    out = []
    for e in edits:
        entry: dict[str, Any] = {
            "op": e.op,
            "ids": [getattr(e, k) for k in _ID_FIELDS if isinstance(getattr(e, k, None), str)],
        }
        fields = getattr(e, "fields", None)
        if isinstance(fields, dict) and fields:
            entry["fields"] = sorted(fields)
        out.append(entry)
    return out


@dataclass(frozen=True)
class AuditEntry:
    """One saved change.

    Parameters
    ----------
    user : str
        The account (``local`` in the loopback token mode).
    case : str
        The case's name (file name, or id in a store).
    action : str
        ``create``, ``duplicate``, ``import``, ``redact``, ``edit``, ``undo`` or ``redo``.
    version : str
        The case's version after the change.
    changes : list of dict
        For an edit, :func:`changes_of` its edits.
    at : str
        When, in UTC (ISO 8601, seconds).
    """

    user: str
    case: str
    action: str
    version: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def to_json(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data (``at`` first)."""
        data = asdict(self)
        return {"at": data.pop("at"), **data}


class AuditLog(Protocol):
    """Where audit entries go."""

    def write(self, entry: AuditEntry) -> None:
        """Keep ``entry`` (appended; entries are never changed)."""
        ...


class FileAudit:
    """An append-only JSON-lines audit file.

    Parameters
    ----------
    path : path-like
        The file; created (owner-only) on the first entry.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def write(self, entry: AuditEntry) -> None:
        """Append ``entry`` as one line and flush it to disk."""
        line = (json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=False) + "\n").encode()
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)

    def read(self) -> list[dict[str, Any]]:
        """Return every entry, oldest first."""
        if not self.path.exists():
            return []
        text = self.path.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]


class _Writer(Protocol):
    def write(self, work: Callable[[Any], Any], *, what: str, nothing: str = ...) -> Any: ...


#: One audit node; its properties are those of :class:`AuditEntry` (changes as JSON text).
_CREATE_ENTRY = (
    "CREATE (:AuditEntry {at: $at, user: $user, case_id: $case, action: $action, "
    "version: $version, changes: $changes})"
)


class StoreAudit:
    """Audit entries as ``(:AuditEntry)`` nodes in the Neo4j database of the cases.

    Parameters
    ----------
    store : Neo4jStore
        Any store with a ``write(work, what=...)`` transaction runner.
    """

    def __init__(self, store: _Writer) -> None:
        self.store = store

    def write(self, entry: AuditEntry) -> None:
        """Create the entry's node (a transaction of its own)."""
        self.store.write(
            lambda tx: self.write_in(tx, entry),
            what="writing the audit log",
            nothing="no entry was written",
        )

    @staticmethod
    def write_in(tx: Any, entry: AuditEntry) -> None:
        """Create the entry's node in the open transaction ``tx`` (the change's own)."""
        data = entry.to_json()
        params = {**data, "changes": json.dumps(data["changes"], ensure_ascii=False)}
        tx.run(_CREATE_ENTRY, **params).consume()
