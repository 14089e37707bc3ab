"""The cases of a Neo4j database as a workspace's case source (``ecograph serve --store``).

A case is named by its id. An edit is made as in a case file -- the stored case is written out
as case-file data, the edits applied and the result checked as ``ecograph validate`` checks a
file (the same messages) -- and the new case is saved in one write transaction by
:meth:`ecograph.store.neo4j.Neo4jStore.save`. The version of a case is the store's own (one
more on every save that changes it), and the check that a write is based on the stored version
is the store's, the one ``ecograph push`` uses: inside the write transaction, after the case's
write lock is taken, so that of two editors who opened the same version, one is refused.

With an audit log in the same database (:meth:`StoreCases.audited`), the entry of a change is
written in the change's own transaction: both are committed, or neither.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import threading
from collections.abc import Callable
from importlib import resources
from typing import Any, Protocol, runtime_checkable

from ecograph.errors import CaseFileError, InputError, NotFoundError
from ecograph.errors import StaleVersionError as StoredVersionError
from ecograph.io.casefile import dumps_case, loads_case
from ecograph.io.edit import (
    Edit,
    Edited,
    StaleVersionError,
    apply_edits,
    parse_document_text,
)
from ecograph.model import Case
from ecograph.store.base import SaveReport, VersionedStore
from ecograph.workspace.audit import AuditEntry, StoreAudit, changes_of
from ecograph.workspace.folder import (
    UNDO_DEPTH,
    CaseEntry,
    CaseExistsError,
    Template,
    undo_steps,
)

__all__ = ["StoreCases", "ServedStore", "STORE_CASE_NAME"]

#: The id of a case created in the workspace (it is also its address in the page).
STORE_CASE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,150}$")
#: A case-file suffix the page may add to a new name; a store keeps the id without it.
_SUFFIX = re.compile(r"\.(yaml|yml|json)$", re.IGNORECASE)


@runtime_checkable
class ServedStore(VersionedStore, Protocol):
    """A versioned store the workspace can serve: with its address and a transaction runner.

    The address names it in the launch message; the transaction runner writes the audit log
    (:class:`~ecograph.workspace.audit.StoreAudit`). The Neo4j store is one.
    """

    uri: str

    def write(self, work: Callable[[Any], Any], *, what: str, nothing: str = ...) -> Any:
        """Run ``work`` in one write transaction."""
        ...


def _without_lines(exc: CaseFileError) -> CaseFileError:
    """Return the problems without line numbers: they would point into text nobody sees."""
    problems = [dataclasses.replace(p, line=None, column=None) for p in exc.problems]
    return CaseFileError(problems, source=exc.source)


class StoreCases:
    """The cases of a versioned store (Neo4j), served by the workspace.

    Parameters
    ----------
    store : ServedStore
        An open store; the caller closes it.
    only : str, optional
        Serve this one case only.

    Examples
    --------
    See tests/workspace/test_store_cases.py (against the real local Neo4j).
    """

    def __init__(self, store: ServedStore, only: str | None = None) -> None:
        self.store = store
        self.only = only
        self._steps: dict[str, tuple[list[Case], list[Case]]] = {}
        self._lock = threading.Lock()
        self._audit: _Auditing | None = None
        if only is not None:
            self.read(only)

    def audited(self, audit: StoreAudit, user: str, new_as: str = "import") -> StoreCases:
        """Return these cases, changed by ``user``: each change is logged in its own transaction.

        The entry goes to ``audit`` (which must write to this store's database) in the write
        transaction that saves the change: if either fails, neither is kept.

        Parameters
        ----------
        audit : StoreAudit
            The audit log in this store's database.
        user : str
            Who makes the changes (the account).
        new_as : str
            The action a new case from :meth:`put_new` is logged as (``import``, ``redact``).

        Returns
        -------
        StoreCases
            The same cases (the same undo steps), for this one user's changes.
        """
        if audit.store is not self.store:
            raise ValueError("the audit log must be in the database of the cases")
        view = copy.copy(self)  # shares the store, the undo steps and their lock
        view._audit = _Auditing(user, new_as)
        return view

    @property
    def where(self) -> str:
        """Return the store's URI (no credentials: a URI with them is refused at start)."""
        return f"{self.store.uri}{' (case ' + self.only + ')' if self.only else ''}"

    # ------------------------------------------------------------------ reading
    def _check_name(self, name: str) -> None:
        if self.only is not None and name != self.only:
            raise NotFoundError("no such case in this workspace")

    def read(self, name: str) -> tuple[str, Case]:
        """Return the stored version (as text) and the case ``name``, read in one transaction."""
        self._check_name(name)
        try:
            case, version = self.store.load_versioned(name)
        except NotFoundError:
            raise NotFoundError("no such case in this workspace") from None
        return str(version), case

    def entries(self) -> list[CaseEntry]:
        """Return the stored cases by id (a case that breaks the rules with its problem count)."""
        out = []
        for name in [self.only] if self.only else self.store.list_cases():
            try:
                _, case = self.read(name)
            except NotFoundError:
                continue  # deleted meanwhile
            except CaseFileError as exc:
                out.append(CaseEntry(name, name, None, 0, 0, max(len(exc.problems), 1)))
                continue
            out.append(
                CaseEntry(name, case.id, case.title, len(case.actors), len(case.relationships), 0)
            )
        return out

    # ------------------------------------------------------------------ writing
    def case_name(self, requested: str) -> str:
        """Return the id a case created as ``requested`` gets: without a case-file suffix."""
        return _SUFFIX.sub("", requested)

    def _new_name(self, name: str) -> str:
        if self.only is not None:
            raise InputError(
                "this workspace serves one case",
                expected="start `ecograph serve --store URI` without a case to create cases",
            )
        case_id = _SUFFIX.sub("", name)
        if not STORE_CASE_NAME.match(case_id):
            raise InputError(
                "not a case id this workspace can create",
                field="name",
                expected="an id such as family-a (letters, digits, - _ and .)",
            )
        return case_id

    def _save(
        self, name: str, case: Case, base: int, action: str, edits: list[Edit] | None = None
    ) -> SaveReport:
        """Save ``case`` if the stored version is still ``base`` (the store checks it).

        With :meth:`audited`, the audit entry of ``action`` is written in the same transaction.
        """
        auditing = self._audit

        def log(tx: Any, report: SaveReport) -> None:
            assert auditing is not None
            entry = AuditEntry(
                auditing.user, name, action, str(report.version), changes_of(edits or [])
            )
            StoreAudit.write_in(tx, entry)

        try:
            return self.store.save(case, base_version=base, also=log if auditing else None)
        except StoredVersionError as exc:
            if base == 0:
                raise InputError(
                    "a case with this id exists already", field="name", expected="a new id"
                ) from None
            raise StaleVersionError(
                name, str(exc.base), str(exc.stored), held_in="the database"
            ) from None

    def create(self, name: str, template: Template = "blank", title: str | None = None) -> str:
        """Create case ``name`` (its id): an empty case, or the starter case; return the id."""
        case_id = self._new_name(name)
        if template == "starter":
            text = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")
            case = loads_case(text, source="starter.yaml").model_copy(update={"id": case_id})
        else:
            case = Case(id=case_id, title=title or case_id.replace("-", " ").capitalize())
        self._save(case_id, case, 0, "create")
        return case_id

    def duplicate(self, name: str, new_name: str) -> str:
        """Copy case ``name`` to a new case ``new_name``; return the new id."""
        _, case = self.read(name)
        case_id = self._new_name(new_name)
        self._save(case_id, case.model_copy(update={"id": case_id}), 0, "duplicate")
        return case_id

    def put_new(self, name: str, case: Case, *, replace: bool = False) -> str:
        """Store ``case`` as the new case ``name`` (its id) in one transaction; return the id.

        Raises
        ------
        CaseExistsError
            If a case with that id is stored and ``replace`` is not given (the page asks first).
        """
        case_id = self._new_name(name)
        try:
            _, stored = self.store.load_versioned(case_id)
        except NotFoundError:
            stored = 0
        if stored and not replace:
            raise CaseExistsError()
        new_as = self._audit.new_as if self._audit else "import"
        self._save(case_id, case.model_copy(update={"id": case_id}), stored, new_as)
        return case_id

    def _base(self, name: str, base_version: str | None, stored: int) -> int:
        if base_version is None:
            return stored
        if not base_version.isdigit():
            raise StaleVersionError(name, base_version[:20], str(stored), held_in="the database")
        return int(base_version)

    def edit(self, name: str, edits: list[Edit], base_version: str | None) -> Edited:
        """Apply ``edits`` to case ``name`` and save it in one transaction.

        Raises
        ------
        StaleVersionError
            The stored case changed since ``base_version``; nothing is written.
        CaseFileError
            The result would not be a valid case (the problems ``validate`` finds; no lines).
        """
        version, case = self.read(name)
        stored = int(version)
        base = self._base(name, base_version, stored)
        if base != stored:  # known stale already: no need to apply the edits
            raise StaleVersionError(name, str(base), version, held_in="the database")
        doc = parse_document_text(dumps_case(case, "json"), "json", source=name)
        try:
            done = apply_edits(doc, edits)
        except CaseFileError as exc:
            raise _without_lines(exc) from None
        if done.case == case:
            return Edited(case, version, done.text)
        report = self._save(name, done.case, base, "edit", edits)
        with self._lock:
            undo, redo = self._steps.setdefault(name, ([], []))
            undo.append(case)
            del undo[:-UNDO_DEPTH]
            redo.clear()
        return Edited(done.case, str(report.version), done.text)

    def can_undo(self, name: str) -> tuple[bool, bool]:
        """Return whether case ``name`` has an edit to undo, and one to redo."""
        undo, redo = self._steps.get(name, ([], []))
        return bool(undo), bool(redo)

    def undo(self, name: str, base_version: str, *, redo: bool = False) -> Edited:
        """Put case ``name`` back as before its last edit here (or redo an undone one).

        Raises
        ------
        StaleVersionError
            The stored case changed since ``base_version``.
        InputError
            Nothing to undo (or redo).
        """
        version, case = self.read(name)
        base = self._base(name, base_version, int(version))
        with self._lock:
            back, forth = undo_steps(self._steps, name, redo)
            target = back[-1]
            report = self._save(name, target, base, "redo" if redo else "undo")
            back.pop()
            forth.append(case)
        return Edited(target, str(report.version), dumps_case(target, "json"))


@dataclasses.dataclass(frozen=True)
class _Auditing:
    """Who changes the cases, and what a new case from ``put_new`` is logged as."""

    user: str
    new_as: str
