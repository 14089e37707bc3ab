"""Turning validation failures into located :class:`~ecograph.errors.Problem` objects.

Shared by every loader (case files, CSV, GraphML, scenario files): a pydantic error becomes a
problem with the field path, what is wrong, what is expected and a suggestion when a name is
close to a valid one. The loader then adds where it is (file, line, column).

Privacy: a problem never repeats the value of a free-text field (names, notes, descriptions,
terms, free attributes). Ids and vocabulary words are shown, since they are needed to find and
fix the problem.

Examples
--------
>>> from pydantic import ValidationError
>>> from ecograph.model import Actor
>>> try:
...     Actor.model_validate({"id": "a", "name": "Secret Name", "kind": "familly",
...                           "roles": ["clent"], "power": 2})
... except ValidationError as exc:
...     for p in problems_from_validation(exc, Actor):
...         print(p.field, "|", p.message, "|", p.suggestion)
kind | 'familly' is not an actor kind | family
roles[0] | 'clent' is not a role | client
power | Input should be less than or equal to 1 (got 2) | None
"""

from __future__ import annotations

import datetime as dt
import os
import re
import types
import typing
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ecograph.errors import InputError, Problem
from ecograph.model.rules import suggest

__all__ = [
    "Loc",
    "TEXT_FIELDS",
    "format_path",
    "parse_path",
    "problem_from_error",
    "problems_from_validation",
    "is_private",
    "sort_problems",
    "describe_value",
    "is_word_field",
    "WORD_FIELDS",
]

Loc = tuple[str | int, ...]

#: Fields whose values are free text about people; never repeated in an error message.
TEXT_FIELDS = frozenset(
    {
        "name",
        "notes",
        "note",
        "description",
        "terms",
        "title",
        "author",
        "gives",
        "gets",
        "recorded_by",
        "attributes",
    }
)

_FIELD_NAMES = {
    "type": "relationship type",
    "kind": "actor kind",
    "roles": "role",
    "basis": "agreement basis",
    "status": "agreement status",
    "voluntariness": "voluntariness",
    "perceived_by": "actor",
}


_TAG = re.compile(r"[a-z][a-z0-9_-]*\[.*\]")


def parse_path(path: str) -> Loc:
    """Return the location tuple of a field path.

    Examples
    --------
    >>> parse_path("relationships[2].history[0].type")
    ('relationships', 2, 'history', 0, 'type')
    """
    out: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        out.append(int(part[1:-1]) if part.startswith("[") else part)
    return tuple(out)


def format_path(loc: Sequence[str | int]) -> str:
    """Return the field path of a location tuple (the inverse of :func:`parse_path`).

    Examples
    --------
    >>> format_path(("actors", 3, "member_of", 0))
    'actors[3].member_of[0]'
    """
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def is_tag(part: str | int) -> bool:
    """Return whether a location part is a pydantic union tag rather than a field name."""
    return isinstance(part, str) and (
        _TAG.fullmatch(part) is not None or part in {"str", "int", "float", "bool"}
    )


def clean_loc(loc: Iterable[str | int]) -> Loc:
    """Return a pydantic location without its union tags."""
    return tuple(x for x in loc if not is_tag(x))


def is_private(loc: Sequence[str | int]) -> bool:
    """Return whether a location points into free text (whose value must not be shown)."""
    return any(isinstance(x, str) and x in TEXT_FIELDS for x in loc)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems in file order (line, then column)."""
    return sorted(problems, key=lambda p: (p.source or "", p.line or 0, p.column or 0))


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is not type(None):
                return _unwrap(arg)
    return tp


def _model_at(loc: Sequence[str | int], root: type[BaseModel]) -> type[BaseModel] | None:
    """Return the model class whose field the location ends in (for suggestions)."""
    model: Any = root
    for part in loc[:-1]:
        if isinstance(part, int) or is_tag(part):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _unwrap(info.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _enum_at(loc: Sequence[str | int], root: type[BaseModel]) -> type[Enum] | None:
    loc = list(loc)
    while loc and isinstance(loc[-1], int):  # an item of a list of enum values
        loc.pop()
    parent = _model_at(loc, root)
    last = [x for x in loc if isinstance(x, str) and not is_tag(x)]
    if parent is None or not last:
        return None
    info = parent.model_fields.get(last[-1])
    if info is None:
        return None
    tp = _unwrap(info.annotation)
    return tp if isinstance(tp, type) and issubclass(tp, Enum) else None


_DATED = (
    "the date in the relationship's history, one entry a date: "
    "history: [{date: 2026-01-05, type: conflict, strength: 0.6}]"
)
#: Fields written where the model keeps the fact elsewhere: (model, field) -> (the field to
#: use, what to write). A plain near-miss suggestion would point to an unrelated field.
_MISPLACED: dict[tuple[str, str], tuple[str, str]] = {
    ("Relationship", key): ("history", _DATED)
    for key in ("date", "dates", "dated", "when", "since", "start", "end")
}


def problem_from_error(err: Any, root: type[BaseModel]) -> Problem:
    """Return the :class:`Problem` for one pydantic error (an item of ``exc.errors()``).

    Parameters
    ----------
    err : dict
        The error, with ``loc``, ``type``, ``msg`` and ``input``.
    root : type of BaseModel
        The model that was validated (to name the valid fields and vocabulary words).

    Returns
    -------
    Problem
        With the field path, message, expected values and a suggestion; no position.
    """
    loc = list(clean_loc(err["loc"]))
    kind = err["type"]
    value = err.get("input")
    field = format_path(loc)
    if kind == "extra_forbidden":
        unknown = str(err["loc"][-1]) if err["loc"] else "?"
        if not loc or loc[-1] != unknown:
            loc.append(unknown)
            field = format_path(loc)
        parent = _model_at(loc, root)
        names = list(parent.model_fields) if parent else []
        message = f"unknown field {_short(unknown)}"
        if not _WORD.fullmatch(unknown) or len(unknown) > 40:
            # Not a field name but text (often the tail of a text cut at a comma): do not echo
            # it (it may be a note about a person); the line and column show where it is.
            field = format_path(loc[:-1])
            message = "unknown field (not repeated here: it is not a single word)"
        if value is None:
            # In a one-line {...} mapping, a comma in unquoted text starts a new, empty field.
            message += (
                " with no value; if it is the end of a text after a comma, put the whole text "
                'in quotes ("...")'
            )
        hint = _MISPLACED.get((parent.__name__ if parent else "", unknown.strip().lower()))
        if hint is not None:
            return Problem(message, field=field, expected=hint[1], suggestion=hint[0])
        return Problem(
            message,
            field=field,
            expected="one of: " + ", ".join(names) if names else None,
            suggestion=suggest(unknown, names) if names else None,
        )
    if kind == "missing":
        return Problem("this required field is missing", field=field)
    if kind == "enum":
        enum = _enum_at(loc, root)
        choices = [str(m.value) for m in enum] if enum else []
        last = next((x for x in reversed(loc) if isinstance(x, str)), "value")
        what = _FIELD_NAMES.get(str(last), str(last))
        article = "an" if what[:1] in "aeiou" else "a"
        return Problem(
            f"{describe_value(value, word=True)} is not {article} {what}",
            field=field,
            expected="one of: " + ", ".join(choices) if choices else None,
            suggestion=suggest(str(value), choices) if choices else None,
        )
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind != "value_error" and not is_private(loc):
        msg = f"{msg} (got {describe_value(value, word=is_word_field(loc))})"
    expected, suggestion = _hint(kind, value, loc)
    return Problem(msg, field=field, expected=expected, suggestion=suggestion)


#: Fields whose values are ids or words of the vocabulary (or dates): a one-word value there is
#: repeated in a message, since it is needed to find the problem ("did you mean ...?").
WORD_FIELDS = frozenset(
    {
        "id", "source", "target", "actor", "by", "perceived_by", "member_of", "mandated",
        "convener", "recorded_by", "type", "kind", "roles", "basis", "status", "voluntariness",
        "ecograph", "client", "toward", "advocate", "family", "members", "agencies",
        "coordinator", "giver", "receiver", "between", "goal", "case", "parties", "date",
        "start", "end", "as_of", "method", "balance",
    }
)  # fmt: skip
_WORD = re.compile(r"[\w.:+/@-]{1,60}")
#: A number written as text ("0,7", "1e5"): shown, since it is no one's name.
_NUMBERISH = re.compile(r"[-+]?[\d.,]*\d[\d.,]*([eE][-+]?\d+)?")


def describe_value(value: Any, *, word: bool = False) -> str:
    """Return how a message shows a value it refuses, without repeating free text.

    Numbers, true/false and dates are shown as they are, and so is a number written as text;
    other text only when ``word`` is true (an id or a vocabulary word) and it is one word; any
    other text, list or mapping only by its kind and size.

    Examples
    --------
    >>> describe_value(2), describe_value(True), describe_value("clent", word=True)
    ('2', 'true', "'clent'")
    >>> describe_value("Baby stays at home with Roberta Jones", word=True)
    'a text of 37 characters'
    >>> describe_value("Roberta"), describe_value(["a", "b"]), describe_value({"a": 1})
    ('a text of 7 characters', 'a list of 2 items', 'a mapping')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _short(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if (word and _WORD.fullmatch(value)) or _NUMBERISH.fullmatch(value):
            return repr(value)
        return f"a text of {len(value)} character{'s' if len(value) != 1 else ''}"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return "a value"


def is_word_field(loc: Sequence[str | int]) -> bool:
    """Return whether a location ends in an id or vocabulary field (see :data:`WORD_FIELDS`)."""
    last = next((x for x in reversed(loc) if isinstance(x, str) and not is_tag(x)), None)
    return last in WORD_FIELDS and not is_private(loc)


def _hint(kind: str, value: Any, loc: Sequence[str | int]) -> tuple[str | None, str | None]:
    """Return (expected, suggestion) for the common slips: a list, a decimal comma, a date."""
    if kind == "string_type" and isinstance(value, bool | int | float | dt.date):
        # YAML reads yes/no/on/off as true/false, 2026 as a number, 2026-01-31 as a date
        read_as = (
            "true/false"
            if isinstance(value, bool)
            else "a date"
            if isinstance(value, dt.date)
            else "a number"
        )
        return f'text; YAML read this as {read_as}: put it in quotes, e.g. "no" or "2026"', None
    if is_private(loc):
        return None, None
    if kind == "list_type" and isinstance(value, str | int | float):
        if isinstance(value, str) and not (is_word_field(loc) and _WORD.fullmatch(value)):
            return "a list in brackets, e.g. [a, b]", None
        return f"a list in brackets, e.g. [{value}]", None
    if kind in ("float_parsing", "float_type") and isinstance(value, str):
        fixed = value.strip().replace(",", ".", 1)
        try:
            float(fixed)
        except ValueError:
            return "a number with a decimal point, e.g. 0.5", None
        return "a number with a decimal point, e.g. 0.5", fixed
    if kind.startswith(("date_", "datetime_")):
        return "a date as YYYY-MM-DD, e.g. 2026-01-31", None
    return None, None


def problems_from_validation(exc: ValidationError, root: type[BaseModel]) -> list[Problem]:
    """Return one :class:`Problem` for each error of a pydantic ``ValidationError``."""
    return [problem_from_error(e, root) for e in exc.errors()]


def _short(value: Any, limit: int = 80) -> str:
    """Return ``repr(value)``, cut to ``limit`` characters (a huge value is not echoed)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_input_bytes(path: str | os.PathLike[str], what: str) -> bytes:
    """Read an input file, or raise :class:`InputError` saying clearly why not.

    Parameters
    ----------
    path : path-like
        The file.
    what : str
        What the file should be ("case file", "CSV file"), for the message.
    """
    source = os.fspath(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", source=source) from None
    except IsADirectoryError:
        raise InputError(f"is a folder, not a {what}", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=source) from None


def read_input_text(
    path: str | os.PathLike[str],
    what: str,
    *,
    encoding: str = "utf-8",
    expected: str = "a UTF-8 text file",
) -> str:
    """Read a UTF-8 input file as text (see :func:`read_input_bytes`).

    ``encoding="utf-8-sig"`` also accepts the byte-order mark that spreadsheets write.
    """
    data = read_input_bytes(path, what)
    return decode_input_text(data, os.fspath(path), encoding=encoding, expected=expected)


def decode_input_text(
    data: bytes, source: str, *, encoding: str = "utf-8", expected: str = "a UTF-8 text file"
) -> str:
    r"""Return the text of an input file's bytes, or raise saying where it is not UTF-8.

    Examples
    --------
    >>> decode_input_text(b"\xef\xbb\xbfID", "actors.csv", encoding="utf-8-sig")
    'ID'
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", source=source, expected=expected
        ) from None
