"""The cases a workspace serves: the case files of one folder (or one case file).

Names are file names inside the folder, never paths: a name with a folder part, a hidden file
or another suffix is refused before any file is touched.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from ecograph.errors import EcographError, InputError, NotFoundError
from ecograph.io.atomic import atomic_write, locked
from ecograph.io.casefile import dumps_case, format_of, loads_case, read_text
from ecograph.io.edit import (
    CaseDocument,
    Edit,
    Edited,
    StaleVersionError,
    edit_file,
    open_document,
    parse_document_text,
    version_of,
)
from ecograph.model import Case

__all__ = ["CaseFolder", "CaseEntry", "CaseExistsError", "CASE_NAME", "undo_steps"]

#: A case name: a plain file name ending in .yaml, .yml or .json.
CASE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,150}\.(yaml|yml|json)$")

Template = Literal["blank", "starter"]

#: How many edits of a case can be undone.
UNDO_DEPTH = 200

T = TypeVar("T")


def undo_steps(
    steps: dict[str, tuple[list[T], list[T]]], name: str, redo: bool
) -> tuple[list[T], list[T]]:
    """Return case ``name``'s (steps to go back through, steps to go forth through).

    For an undo these are its undo and redo stacks; for a redo, the other way round.

    Raises
    ------
    InputError
        Nothing to undo (or redo).
    """
    back, forth = steps.get(name, ([], []))
    if redo:
        back, forth = forth, back
    if not back:
        raise InputError(
            f"nothing to {'redo' if redo else 'undo'}",
            expected="an edit made in this workspace since it started",
        )
    return back, forth

#: Seconds an edit waits for the folder's write lock. Every case of a folder shares the lock,
#: so with many people editing at once an edit may queue behind the others' writes; it waits
#: rather than failing (another program holding the lock longer still gets a clear refusal).
LOCK_WAIT = 60.0


class CaseExistsError(InputError):
    """A new case would replace one that exists; the page asks before it does."""

    def __init__(self) -> None:
        super().__init__(
            "a case with this name exists already", field="name", expected="a new name"
        )


@dataclass(frozen=True)
class CaseEntry:
    """One case file of the folder, as listed.

    Parameters
    ----------
    name : str
        The file name.
    id, title : str or None
        The case's id and title (None when the file is not a valid case).
    actors, relationships : int
        Counts (0 when not valid).
    problems : int
        How many problems ``ecograph validate`` finds (0 when valid).
    """

    name: str
    id: str | None
    title: str | None
    actors: int
    relationships: int
    problems: int

    def to_json(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        return dict(self.__dict__)


class CaseFolder:
    """The case files a workspace serves.

    Parameters
    ----------
    root : path-like
        A folder of case files, or one case file (then only that file is served).
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self._steps = {}
        self._read: dict[str, tuple[str, str, Case]] = {}
        self._docs: dict[str, CaseDocument] = {}
        self._editing: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        path = Path(root).resolve()
        if path.is_file():
            self.root = path.parent
            self.only: str | None = path.name
            format_of(path)
        elif path.is_dir():
            self.root, self.only = path, None
        else:
            raise InputError(
                "no such folder or case file",
                source=os.fspath(root),
                expected="a folder of case files or one case file (.yaml, .yml, .json)",
            )

    _steps: dict[str, tuple[list[str], list[str]]]

    @property
    def where(self) -> str:
        """Return the folder (and the one case file) served, for the launch message."""
        return f"{self.root}{' (' + self.only + ')' if self.only else ''}"

    def path(self, name: str, *, exists: bool = True) -> Path:
        """Return the file of case ``name``; refuse names that are not plain case-file names."""
        if not CASE_NAME.match(name) or (self.only is not None and name != self.only):
            raise InputError(
                "not a case name of this workspace",
                field="name",
                expected="a file name such as family.yaml (letters, digits, - _ . and spaces, "
                "ending in .yaml, .yml or .json)",
            )
        path = self.root / name
        if exists and not path.is_file():
            raise NotFoundError("no such case in this workspace")
        if not exists and path.exists():
            raise InputError(
                "a case with this name exists already", field="name", expected="a new name"
            )
        return path

    def entries(self) -> list[CaseEntry]:
        """Return the case files, by name (invalid ones with their number of problems)."""
        names = (
            [self.only]
            if self.only
            else sorted(
                p.name for p in self.root.iterdir() if p.is_file() and CASE_NAME.match(p.name)
            )
        )
        out = []
        for name in names:
            try:
                _, case = self.read(name)
            except EcographError as exc:
                count = len(getattr(exc, "problems", [None]))
                out.append(CaseEntry(name, None, None, 0, 0, max(count, 1)))
                continue
            out.append(
                CaseEntry(name, case.id, case.title, len(case.actors), len(case.relationships), 0)
            )
        return out

    def read(self, name: str) -> tuple[str, Case]:
        """Return the version and the case of ``name`` (checked; no editable document built).

        The file is read each time; it is checked again only when its text changed since the
        last read or edit here (the checked case of each text is kept in memory).
        """
        path = self.path(name)
        text = read_text(path)
        with self._guard:
            known = self._read.get(name)
        if known is not None and known[0] == text:
            return known[1], known[2]
        version, case = version_of(text), loads_case(text, fmt=format_of(path), source=name)
        self._remember(name, text, version, case)
        return version, case

    def _remember(self, name: str, text: str, version: str, case: Case) -> None:
        with self._guard:
            self._read[name] = (text, version, case)

    def open(self, name: str) -> CaseDocument:
        """Return the document of case ``name`` (checked as ``validate`` checks it)."""
        return open_document(self.path(name), source=name)

    def prepare(self, name: str) -> None:
        """Parse the editable document of case ``name`` ahead of its first edit (if not yet).

        Called once the page has what it shows; a file that is not a valid case is left alone
        (an edit then reports its problems).
        """
        try:
            path = self.path(name)
            text = read_text(path)
            with self._guard:
                doc = self._docs.get(name)
            if doc is not None and doc.text == text:
                return
            doc = parse_document_text(text, format_of(path), name)
        except EcographError:
            return
        with self._guard:  # an edit meanwhile keeps its own, newer document
            self._docs.setdefault(name, doc)

    def case_name(self, requested: str) -> str:
        """Return the name a case created as ``requested`` gets: the file name itself."""
        return requested

    def create(self, name: str, template: Template = "blank", title: str | None = None) -> Path:
        """Create case ``name``: an empty case, or the commented starter case."""
        if self.only is not None:
            raise InputError(
                "this workspace serves one case file",
                expected="start `ecograph serve FOLDER` to create cases",
            )
        path = self.path(name, exists=False)
        if template == "starter":
            if format_of(path) != "yaml":
                raise InputError(
                    "the starter case is YAML", field="name", expected="a name ending in .yaml"
                )
            text = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")
        else:
            case_id = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "case"
            case = Case(id=case_id, title=title or path.stem.replace("-", " ").capitalize())
            text = dumps_case(case, format_of(path))
        with locked(path):
            self.path(name, exists=False)
            atomic_write(path, text, lock=False)
        return path

    def duplicate(self, name: str, new_name: str) -> Path:
        """Copy case ``name`` to ``new_name`` (byte for byte: comments kept)."""
        src = self.path(name)
        if self.only is not None:
            raise InputError(
                "this workspace serves one case file",
                expected="start `ecograph serve FOLDER` to duplicate cases",
            )
        dst = self.path(new_name, exists=False)
        if format_of(src) != format_of(dst):
            raise InputError(
                "a copy keeps the format of its case",
                field="name",
                expected=f"a name ending in {src.suffix}",
            )
        with locked(dst):
            self.path(new_name, exists=False)
            tmp = dst.with_name(f".{dst.name}.copy")
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
        return dst

    def put_new(self, name: str, case: Case, *, replace: bool = False) -> str:
        """Write ``case`` as the new case file ``name``, atomically; return the name.

        Raises
        ------
        CaseExistsError
            If ``name`` is taken and ``replace`` is not given (the page asks first).
        InputError
            If ``name`` is not a case name, or the workspace serves one case file.
        """
        if self.only is not None:
            raise InputError(
                "this workspace serves one case file",
                expected="start `ecograph serve FOLDER` to add cases",
            )
        if not CASE_NAME.match(name):
            self.path(name, exists=False)  # raises: not a case name
        path = self.root / name
        text = dumps_case(case, format_of(path))
        with locked(path):
            if path.exists() and not replace:
                raise CaseExistsError()
            atomic_write(path, text, lock=False)
        self._steps.pop(name, None)  # a replaced case starts a new undo history
        return name

    def edit(self, name: str, edits: list[Edit], base_version: str | None) -> Edited:
        """Apply ``edits`` to case ``name`` (see :func:`ecograph.io.edit.edit_file`).

        The text before the edit is kept for :meth:`undo` (at most :data:`UNDO_DEPTH` steps).
        The parsed round-trip document of the file is kept in memory after each edit, and used
        for the next one while the file holds the same text byte for byte (otherwise the file is
        parsed anew): an edit parses the file at most once, and usually not at all.
        """
        path = self.path(name)
        # the file's write lock (shared by the folder) is taken by edit_file only to check and
        # write; the parse, the edits and the check run while other cases are written
        with self._one_at_a_time(name):
            before = read_text(path)
            with self._guard:
                doc = self._docs.pop(name, None)  # changed in place by the edit: taken out
            if doc is not None and doc.text != before:
                doc = None
            done = edit_file(
                path,
                edits,
                base_version=base_version,
                source=name,
                document=doc,
                timeout=LOCK_WAIT,
            )
            if done.document is not None:
                with self._guard:
                    self._docs[name] = done.document
            self._remember(name, done.text, done.version, done.case)
            if done.text != before:
                undo, redo = self._steps.setdefault(name, ([], []))
                undo.append(before)
                del undo[:-UNDO_DEPTH]
                redo.clear()
        return done

    def _one_at_a_time(self, name: str) -> threading.Lock:
        """Return the lock that lets one edit (or undo) of case ``name`` run at a time here."""
        with self._guard:
            return self._editing.setdefault(name, threading.Lock())

    def can_undo(self, name: str) -> tuple[bool, bool]:
        """Return whether case ``name`` has an edit to undo, and one to redo."""
        undo, redo = self._steps.get(name, ([], []))
        return bool(undo), bool(redo)

    def undo(self, name: str, base_version: str, *, redo: bool = False) -> Edited:
        """Put case ``name`` back as it was before its last edit (or redo an undone one).

        The file gets its earlier text back exactly (comments and all), checked like any edit,
        atomically, and only when it is still at ``base_version``.

        Raises
        ------
        StaleVersionError
            The file changed since ``base_version`` (another tab or program).
        InputError
            Nothing to undo (or redo).
        """
        path = self.path(name)
        back, forth = undo_steps(self._steps, name, redo)
        with self._one_at_a_time(name), locked(path):
            current = read_text(path)
            if version_of(current) != base_version:
                raise StaleVersionError(name, base_version, version_of(current))
            text = back[-1]
            case = loads_case(text, fmt=format_of(path), source=name)
            atomic_write(path, text, lock=False)
            back.pop()
            forth.append(current)
            with self._guard:
                self._docs.pop(name, None)
            self._remember(name, text, version_of(text), case)
        return Edited(case, version_of(text), text)
