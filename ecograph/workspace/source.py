"""What a workspace serves: a *case source*, the one interface the web application talks to.

Two sources keep it: :class:`~ecograph.workspace.folder.CaseFolder` (the case files of a folder,
the default) and :class:`~ecograph.workspace.store_cases.StoreCases` (the cases of a Neo4j
database, ``ecograph serve --store``). Both check an edit as ``ecograph validate`` checks a file,
save it at once (a file rename, or one Neo4j transaction), and refuse an edit based on a version
that is no longer the current one (:class:`ecograph.io.edit.StaleVersionError`).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ecograph.io.edit import Edit, Edited
from ecograph.model import Case
from ecograph.workspace.folder import CaseEntry, Template

__all__ = ["CaseSource"]


@runtime_checkable
class CaseSource(Protocol):
    """The cases a workspace serves, addressed by name (a file name, or a case id in a store).

    Attributes
    ----------
    only : str or None
        The one case served (``ecograph serve CASE_FILE``), or None for all of them.
    where : str
        What is served, for the launch message (a folder, or a store URI).
    """

    only: str | None

    @property
    def where(self) -> str:
        """Return what is served, for the launch message."""
        ...

    def entries(self) -> list[CaseEntry]:
        """Return the cases, by name (a case with problems says how many)."""
        ...

    def read(self, name: str) -> tuple[str, Case]:
        """Return the version and the case ``name`` (``NotFoundError`` if absent)."""
        ...

    def case_name(self, requested: str) -> str:
        """Return the name a case created as ``requested`` gets (a store drops ``.yaml``)."""
        ...

    def create(self, name: str, template: Template = "blank", title: str | None = None) -> object:
        """Create case ``name``: an empty case, or the starter case."""
        ...

    def duplicate(self, name: str, new_name: str) -> object:
        """Copy case ``name`` to ``new_name``."""
        ...

    def edit(self, name: str, edits: list[Edit], base_version: str | None) -> Edited:
        """Apply ``edits`` to case ``name`` all or nothing, if it is still at ``base_version``."""
        ...

    def can_undo(self, name: str) -> tuple[bool, bool]:
        """Return whether case ``name`` has an edit to undo, and one to redo."""
        ...

    def undo(self, name: str, base_version: str, *, redo: bool = False) -> Edited:
        """Put case ``name`` back as before its last edit (or redo an undone one)."""
        ...
