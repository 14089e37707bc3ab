"""One exception hierarchy for ecograph.

User errors carry where the problem is (file, line, column, field path), what is wrong and what
is expected, so that the command line can print them without a traceback.

Exit statuses used by the command line:

* 2 -- invalid input (:class:`InputError` and its subclasses);
* 3 -- a store or server could not be used (:class:`StoreError`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "EcographError",
    "InputError",
    "Problem",
    "CaseFileError",
    "InvariantError",
    "StoredCaseError",
    "NotFoundError",
    "StoreError",
    "StaleVersionError",
]


class EcographError(Exception):
    """Base class of every error ecograph raises on purpose."""

    exit_code: int = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    Parameters
    ----------
    message : str
        What is wrong, in the user's words.
    field : str, optional
        The field path, e.g. ``relationships[2].type``.
    expected : str, optional
        What would have been accepted.
    suggestion : str, optional
        A close valid value ("did you mean ...?").
    line, column : int, optional
        1-based position in the file, where the format gives one.
    source : str, optional
        The file (or other input) the problem was found in.
    rule : str, optional
        The model rule that was broken, in the model's own words.
    """

    message: str
    field: str | None = None
    expected: str | None = None
    suggestion: str | None = None
    line: int | None = None
    column: int | None = None
    source: str | None = None
    rule: str | None = None

    def location(self) -> str:
        """Return ``file:line:column`` as far as known."""
        parts = [self.source or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        """Render the problem as one or more human-readable lines.

        A problem with no file and no line (a command-line option) starts at its field.
        """
        parts = [] if self.source is None and self.line is None else [self.location()]
        if self.field:
            parts.append(self.field)
        text = ": ".join([*parts, self.message])
        if self.expected:
            text += f" (expected {self.expected})"
        if self.suggestion:
            text += f"; did you mean {self.suggestion!r}?"
        if self.rule:
            text += f"\n    rule: {self.rule}"
        return text


class InputError(EcographError, ValueError):
    """Invalid user input: a file, a row, a field.

    Parameters
    ----------
    message : str
        What is wrong.
    source, line, field : optional
        Where: the file, the 1-based line (or row) and the field or column name.
    expected : str, optional
        What would have been accepted.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        column: int | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.expected = expected
        self.column = column
        self.problem = Problem(
            message, field=field, expected=expected, line=line, column=column, source=source
        )
        super().__init__(self.problem.render())

    @property
    def problems(self) -> list[Problem]:
        """All problems carried by this error (one here)."""
        return [self.problem]


class CaseFileError(InputError):
    """A case (file or object) with one or more problems, all listed.

    Parameters
    ----------
    problems : sequence of Problem
        Every problem found, not only the first.
    source : str, optional
        The file name.
    """

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self._problems = list(problems)
        self.source = source
        self.line = self._problems[0].line if self._problems else None
        self.field = self._problems[0].field if self._problems else None
        self.expected = None
        self.column = None
        self.problem = self._problems[0] if self._problems else Problem("invalid case")
        count = len(self._problems)
        head = f"{source or 'case'}: {count} problem{'s' if count != 1 else ''} found"
        Exception.__init__(self, "\n".join([head, *(p.render() for p in self._problems)]))

    @property
    def problems(self) -> list[Problem]:
        """Every problem found."""
        return list(self._problems)


class InvariantError(CaseFileError):
    """An operation on the graph would break a rule of the ecosystem model."""


class StoredCaseError(CaseFileError):
    """A case read back from a store breaks the case-file rules (its data was edited by hand).

    Listed like a case file's problems; the exit status is 3, since the store holds bad data.
    """

    exit_code = 3


class NotFoundError(EcographError, KeyError):
    """An id (actor, goal, relationship, agreement, case) that does not exist."""

    exit_code = 2

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


@dataclass
class StoreError(EcographError):
    """A store or server could not be used (unreachable, refused, incompatible)."""

    message: str
    hints: list[str] = field(default_factory=list)
    exit_code: int = 3

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message)

    def __str__(self) -> str:
        return self.message


@dataclass
class StaleVersionError(StoreError):
    """A write based on a version of a case that is no longer the stored one (nothing written).

    Attributes
    ----------
    base : int
        The version the write was based on (0: the case was not stored then).
    stored : int
        The version stored now (0: the case is not stored).
    """

    base: int = 0
    stored: int = 0
