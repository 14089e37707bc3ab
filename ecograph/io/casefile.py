"""Case files: YAML and JSON, versioned (``ecograph: 1``), strict on load, atomic on save.

Every problem in a file is reported at once, each with the file, the line and column, the
field path, what is wrong, what is expected, and a suggestion when a name is close to a valid
one.

Examples
--------
>>> from ecograph.io.casefile import loads_case, dumps_case
>>> text = '''
... ecograph: 1
... id: demo
... title: Demo
... actors:
...   - {id: worker, name: Worker, roles: [change_agent]}
...   - {id: client, name: Client, roles: [client]}
... relationships:
...   - {source: worker, target: client, type: cooperation, strength: 0.8}
... '''
>>> case = loads_case(text)
>>> loads_case(dumps_case(case)) == case
True
>>> loads_case(text.replace("cooperation", "cooperatoin"), source="demo.yaml")
Traceback (most recent call last):
...
ecograph.errors.CaseFileError: demo.yaml: 1 problem found
demo.yaml:9:44: relationships[0].type: 'cooperatoin' is not a relationship type (expected one of: cooperation, agreement, conflict); did you mean 'cooperation'?
"""

from __future__ import annotations

import json
import os
import re
import types
import typing
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from ecograph.errors import CaseFileError, InputError, Problem
from ecograph.io.atomic import atomic_write
from ecograph.model import FORMAT_VERSION, Case, check_case
from ecograph.model.rules import suggest

__all__ = [
    "load_case",
    "loads_case",
    "save_case",
    "dumps_case",
    "case_to_data",
    "data_to_case",
    "format_of",
]

Format = Literal["yaml", "json"]
Loc = tuple[str | int, ...]

_FIELD_NAMES = {
    "type": "relationship type",
    "kind": "actor kind",
    "roles": "role",
    "basis": "agreement basis",
    "status": "agreement status",
    "voluntariness": "voluntariness",
    "perceived_by": "actor",
}


def format_of(path: str | os.PathLike[str]) -> Format:
    """Return the format of a case file from its suffix (.yaml/.yml or .json)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    raise InputError(
        f"cannot tell the format from the suffix {suffix or '(none)'!r}",
        source=os.fspath(path),
        expected="a file ending in .yaml, .yml or .json",
    )


def load_case(path: str | os.PathLike[str]) -> Case:
    """Load and check a case file; raise :class:`CaseFileError` listing every problem."""
    source = os.fspath(path)
    fmt = format_of(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", source=source) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a case file", source=source) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", source=source, expected="a UTF-8 text file"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=source) from None
    return loads_case(text, fmt=fmt, source=source)


def loads_case(text: str, *, fmt: Format = "yaml", source: str | None = None) -> Case:
    """Parse and check case-file text (YAML or JSON)."""
    name = source or "<input>"
    root = _compose(text)
    data = _parse(text, fmt, name)
    return data_to_case(data, source=name, root=root)


def data_to_case(data: Any, *, source: str | None = None, root: yaml.Node | None = None) -> Case:
    """Check parsed data (dicts and lists) and return the Case, or raise with every problem."""
    name = source or "<input>"
    problems: list[Problem] = []
    if root is not None:
        problems.extend(_duplicate_keys(root, name))
    if not isinstance(data, dict):
        raise CaseFileError(
            [
                Problem(
                    "a case file must be a mapping of fields",
                    source=name,
                    expected="'ecograph: 1', 'id:', 'title:', 'actors:' ... at the top level",
                )
            ],
            source=name,
        )
    data = dict(data)
    version_problem = _version_problem(data.pop("ecograph", None))
    if version_problem is not None:
        problems.append(_at(root, ("ecograph",), name, version_problem))
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        problems.extend(_at(root, e["loc"], name, _problem(e)) for e in exc.errors())
        raise CaseFileError(_sorted(problems), source=name) from None
    for p in check_case(case):
        problems.append(_at(root, _parse_path(p.field or ""), name, p))
    if problems:
        raise CaseFileError(_sorted(problems), source=name)
    return case


def _version_problem(version: Any) -> Problem | None:
    """Return the problem with the ``ecograph:`` format version, if any."""
    expected = f"ecograph: {FORMAT_VERSION}"
    if version is None:
        message, expected = "the format version is missing", f"'{expected}' as the first line"
    elif version is True or not isinstance(version, int):
        message = f"the format version {version!r} is not a number"
    elif version > FORMAT_VERSION:
        message = f"this file was written by a newer ecograph (format {version})"
        expected = f"format {FORMAT_VERSION} or older: upgrade ecograph to read it"
    elif version < 1:
        message = f"unknown format version {version}"
    else:
        return None
    return Problem(message, field="ecograph", expected=expected)


def case_to_data(case: Case) -> dict[str, Any]:
    """Return the case as plain data for a file, ``ecograph: 1`` first, defaults left out."""
    body = case.model_dump(mode="json", exclude_defaults=True)
    body["id"] = case.id
    body["title"] = case.title
    return {"ecograph": FORMAT_VERSION, **body}


def dumps_case(case: Case, fmt: Format = "yaml") -> str:
    """Return the text of a case file."""
    data = case_to_data(case)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def save_case(case: Case, path: str | os.PathLike[str], fmt: Format | None = None) -> None:
    """Write a case file atomically (temporary file, then rename)."""
    atomic_write(path, dumps_case(case, fmt or format_of(path)))


# ---------------------------------------------------------------------------- parsing
def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _parse(text: str, fmt: Format, name: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CaseFileError(
                [
                    Problem(
                        f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno, source=name
                    )
                ],
                source=name,
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        what = (exc.problem or "syntax error").strip()
        raise CaseFileError(
            [
                Problem(
                    f"not valid YAML: {what}",
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                    source=name,
                    expected="indentation with spaces, 'key: value' pairs, '- ' list items",
                )
            ],
            source=name,
        ) from None
    except yaml.YAMLError as exc:
        raise CaseFileError([Problem(f"not valid YAML: {exc}", source=name)], source=name) from None


def _duplicate_keys(node: yaml.Node, name: str, path: str = "") -> list[Problem]:
    out: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k, v in node.value:
            key = str(k.value)
            where = f"{path}.{key}" if path else key
            if key in seen:
                out.append(
                    Problem(
                        f"the field {key!r} is given twice",
                        field=where,
                        line=k.start_mark.line + 1,
                        column=k.start_mark.column + 1,
                        source=name,
                        expected="each field once",
                    )
                )
            seen.add(key)
            out.extend(_duplicate_keys(v, name, where))
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out.extend(_duplicate_keys(v, name, f"{path}[{i}]"))
    return out


def _parse_path(path: str) -> Loc:
    out: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        out.append(int(part[1:-1]) if part.startswith("[") else part)
    return tuple(out)


def _path(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _locate(root: yaml.Node | None, loc: Sequence[str | int]) -> tuple[int, int] | None:
    """Return the 1-based (line, column) of the deepest node on ``loc``."""
    if root is None:
        return None
    node = root
    best = node.start_mark
    for part in loc:
        nxt: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if k.value == part:
                    nxt = v
                    best = k.start_mark if not isinstance(v, yaml.ScalarNode) else v.start_mark
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                nxt = node.value[part]
                best = nxt.start_mark
        if nxt is None:
            if isinstance(part, str) and not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
                continue  # a union member tag in pydantic's location
            if isinstance(part, str) and isinstance(node, yaml.MappingNode):
                continue
            break
        node = nxt
    return best.line + 1, best.column + 1


def _at(root: yaml.Node | None, loc: Sequence[str | int], name: str, p: Problem) -> Problem:
    pos = _locate(root, [x for x in loc if not _is_tag(x)])
    field = p.field if p.field is not None else _path([x for x in loc if not _is_tag(x)])
    return Problem(
        p.message,
        field=field or None,
        expected=p.expected,
        suggestion=p.suggestion,
        line=pos[0] if pos else None,
        column=pos[1] if pos else None,
        source=name,
        rule=p.rule,
    )


def _is_tag(part: str | int) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float", "bool"})


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    """Return the model class whose field the location ends in (for suggestions)."""
    model: Any = Case
    for part in loc[:-1]:
        if isinstance(part, int) or _is_tag(part):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _unwrap(info.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is not type(None):
                return _unwrap(arg)
    return tp


def _enum_at(loc: Sequence[str | int]) -> type[Enum] | None:
    parent = _model_at(loc)
    last = [x for x in loc if isinstance(x, str) and not _is_tag(x)]
    if parent is None or not last:
        return None
    info = parent.model_fields.get(last[-1])
    if info is None:
        return None
    tp = _unwrap(info.annotation)
    return tp if isinstance(tp, type) and issubclass(tp, Enum) else None


def _problem(err: Any) -> Problem:
    loc = [x for x in err["loc"] if not _is_tag(x)]
    kind = err["type"]
    value = err.get("input")
    field = _path(loc)
    if kind == "extra_forbidden":
        parent = _model_at(loc)
        names = list(parent.model_fields) if parent else []
        return Problem(
            f"unknown field {loc[-1]!r}",
            field=field,
            expected="one of: " + ", ".join(names) if names else None,
            suggestion=suggest(str(loc[-1]), names) if names else None,
        )
    if kind == "missing":
        return Problem("this required field is missing", field=field)
    if kind == "enum":
        enum = _enum_at(loc)
        choices = [str(m.value) for m in enum] if enum else []
        last = next((x for x in reversed(loc) if isinstance(x, str)), "value")
        what = _FIELD_NAMES.get(str(last), str(last))
        return Problem(
            f"{value!r} is not a {what}",
            field=field,
            expected="one of: " + ", ".join(choices) if choices else None,
            suggestion=suggest(str(value), choices) if choices else None,
        )
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    shown = value if not isinstance(value, dict | list) else None
    if shown is not None and kind not in ("value_error",):
        msg = f"{msg} (got {shown!r})"
    return Problem(msg, field=field)
