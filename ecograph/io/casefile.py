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

import dataclasses
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from ecograph.collector import collector_paused
from ecograph.errors import CaseFileError, InputError, Problem
from ecograph.io.atomic import atomic_write
from ecograph.io.problems import (
    Loc,
    clean_loc,
    format_path,
    parse_path,
    problem_from_error,
    read_input_text,
    sort_problems,
)
from ecograph.io.quickparse import quick_data
from ecograph.model import (
    FORMAT_VERSION,
    Actor,
    Agreement,
    Case,
    Goal,
    Relationship,
    check_case,
)

__all__ = [
    "load_case",
    "loads_case",
    "save_case",
    "dumps_case",
    "case_to_data",
    "data_to_case",
    "format_of",
    "read_text",
    "parse_document",
    "version_problem",
    "duplicate_key_problems",
    "locate_problem",
]

Format = Literal["yaml", "json"]


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
    fmt = format_of(path)
    return loads_case(read_text(path), fmt=fmt, source=os.fspath(path))


def read_text(path: str | os.PathLike[str], what: str = "case file") -> str:
    """Read a UTF-8 input file, or raise :class:`InputError` saying clearly why not."""
    return read_input_text(path, what)


def loads_case(text: str, *, fmt: Format = "yaml", source: str | None = None) -> Case:
    """Parse and check case-file text (YAML or JSON).

    A plain, valid file is read on the quick path (:mod:`ecograph.io.quickparse`); any other
    is read again by the located reader, which reports every problem with its position.
    """
    name = source or "<input>"
    with collector_paused():
        case = _quick_case(text, fmt)
        if case is not None:
            return case
        data, root = parse_document(text, fmt=fmt, source=name)
        return data_to_case(data, source=name, root=root)


def _quick_case(text: str, fmt: Format) -> Case | None:
    """Return the case of a plain file without a single problem, else None."""
    data = quick_data(text, fmt, max_depth=MAX_DEPTH)
    if not isinstance(data, dict) or _version_problem(data.pop("ecograph", None)) is not None:
        return None
    try:
        case = Case.model_validate(data)
    except ValidationError:
        return None
    return None if check_case(case) else case


def parse_document(
    text: str, *, fmt: Format = "yaml", source: str | None = None
) -> tuple[Any, yaml.Node | None]:
    """Parse YAML or JSON text safely; return the data and the YAML node tree (for positions).

    Shared by every file ecograph reads (case files, scenario files): refuses aliases that loop
    or expand too far and nesting that is too deep, and reports syntax errors with line and
    column as a :class:`CaseFileError`.
    """
    name = source or "<input>"
    try:
        root = _compose(text)
    except RecursionError:
        raise _unreadable(
            name, "not valid YAML: nested too deeply", f"at most {MAX_DEPTH} levels"
        ) from None
    _check_shape(root, name)
    # Merge keys (<<) are flattened in the nodes by construction; keep the nodes as written.
    data = _construct(root) if fmt == "yaml" and "<<" not in text else _NOT_BUILT
    if data is _NOT_BUILT:
        if fmt == "yaml":
            _raise_bad_scalar(root, name)
        data = _parse(text, fmt, name)
    return data, root


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
        problems.extend(
            _at(root, e["loc"], name, problem_from_error(e, Case)) for e in exc.errors()
        )
        # Still check the rules across the case on the items that are well-formed, so that a
        # misspelt word does not hide a dangling reference or a change agent in the wrong place.
        for p in _rule_problems_of_valid_parts(data):
            problems.append(_at(root, parse_path(p.field or ""), name, p))
        raise CaseFileError(sort_problems(problems), source=name) from None
    for p in check_case(case):
        problems.append(_at(root, parse_path(p.field or ""), name, p))
    if problems:
        raise CaseFileError(sort_problems(problems), source=name)
    return case


_SECTIONS: dict[str, type[BaseModel]] = {
    "goals": Goal,
    "relationships": Relationship,
    "agreements": Agreement,
}


def _rule_problems_of_valid_parts(data: dict[str, Any]) -> list[Problem]:
    """Return the rule problems (:func:`check_case`) among the well-formed items of ``data``.

    An actor that is not well-formed stands in as a bare actor with its id (no roles, no
    groups), so references to it are not reported as dangling and it cannot break a rule by
    itself; other items that are not well-formed are left out (their own problems are already
    reported). Field paths point into the file as written.
    """
    actors: list[Actor] = []
    raw_actors = data.get("actors")
    for item in raw_actors if isinstance(raw_actors, list) else []:
        try:
            actors.append(Actor.model_validate(item))
        except ValidationError:
            aid = item.get("id") if isinstance(item, dict) else None
            try:
                actors.append(Actor(id=aid, name="?"))
            except ValidationError:
                return []  # an actor without a usable id: indexes would not match the file
    parts: dict[str, list[Any]] = {}
    where: dict[str, list[int]] = {}
    for key, model in _SECTIONS.items():
        raw = data.get(key)
        parts[key], where[key] = [], []
        for i, item in enumerate(raw if isinstance(raw, list) else []):
            try:
                parts[key].append(model.model_validate(item))
                where[key].append(i)
            except ValidationError:
                continue
    case = Case.model_construct(
        id="-",
        title="-",
        actors=actors,
        goals=parts["goals"],
        relationships=parts["relationships"],
        agreements=parts["agreements"],
    )
    out = []
    for p in check_case(case):
        field = p.field or ""
        m = re.match(r"(goals|relationships|agreements)\[(\d+)\]", field)
        if m:
            field = f"{m.group(1)}[{where[m.group(1)][int(m.group(2))]}]" + field[m.end() :]
        out.append(dataclasses.replace(p, field=field))
    return out


def _version_problem(
    version: Any, current: int = FORMAT_VERSION, key: str = "ecograph"
) -> Problem | None:
    """Return the problem with the ``ecograph:`` (or ``key:``) format version, if any."""
    expected = f"{key}: {current}"
    if version is None:
        message, expected = "the format version is missing", f"'{expected}' as the first line"
    elif isinstance(version, bool) or not isinstance(version, int):
        message = f"the format version {version!r} is not a number"
    elif version > current:
        message = f"this file was written by a newer ecograph (format {version})"
        expected = f"format {current} or older: upgrade ecograph to read it"
    elif version < 1:
        message = f"unknown format version {version}"
    else:
        return None
    return Problem(message, field=key, expected=expected)


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
    return yaml_text(data, _Dumper)


def yaml_text(data: Any, dumper: type[yaml.SafeDumper]) -> str:
    """Return ``data`` as case-file YAML (key order kept, Unicode as is, lines of 100)."""
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\x85" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_str(text)


def case_dumper(emitter: type[yaml.SafeDumper]) -> type[yaml.SafeDumper]:
    """Return the case-file dumper on ``emitter`` (``yaml.SafeDumper`` or ``yaml.CSafeDumper``).

    The safe dumper, but text with a NEL character (U+0085) is written double-quoted: PyYAML
    writes NEL unescaped in plain and single-quoted text when ``allow_unicode`` is on, and reads
    it back as a line break (folded to a space), so such text would not round-trip.
    """
    dumper: type[yaml.SafeDumper] = type("CaseDumper", (emitter,), {})
    dumper.add_representer(str, _represent_str)
    return dumper


#: The dumper of case files: on libyaml's emitter when PyYAML has it (its wheels do); writing a
#: 100,000-relationship case took 35 s with the pure-Python one, 12 s with libyaml's.
_Dumper = case_dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper))


def save_case(case: Case, path: str | os.PathLike[str], fmt: Format | None = None) -> None:
    """Write a case file atomically (temporary file, then rename)."""
    atomic_write(path, dumps_case(case, fmt or format_of(path)))


# ---------------------------------------------------------------------------- parsing
#: The memory bound of reading a case file: reading and validating a file of N relationships
#: (YAML or JSON) peaks below this many bytes of resident memory times N, the Python process
#: included (docs/case-files.md; tests/io/test_read_memory.py checks it at 100,000).
READ_BYTES_PER_RELATIONSHIP = 6_000
#: Deepest nesting accepted (a case file needs about six levels).
MAX_DEPTH = 64
#: Most YAML nodes accepted once aliases are expanded (guards against "billion laughs").
MAX_NODES = 200_000
#: ... and only when aliases expand it to more than this many times the nodes written.
ALIAS_EXPANSION = 10


#: libyaml's parser when PyYAML has it (its wheels do): composing a 100,000-relationship case
#: file took 64 s with the pure-Python one. Its nodes carry the same line and column marks.
#: A text it cannot read goes to :func:`_parse`, which reads it again in pure Python and
#: reports the problem with its position, whichever parser came first.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    """Compose the YAML nodes; None when the text is not YAML (RecursionError passes through)."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, ValueError):
        return None


_NOT_BUILT = object()


def _construct(root: yaml.Node | None) -> Any:
    """Build the data from the already composed YAML (parsing the text once, not twice).

    Returns ``_NOT_BUILT`` when that fails, so that :func:`_parse` reads the text again and
    reports the problem with its position.
    """
    if root is None:
        return _NOT_BUILT
    try:
        return yaml.SafeLoader("").construct_document(root)
    except (yaml.YAMLError, ValueError, RecursionError):
        return _NOT_BUILT


def _raise_bad_scalar(root: yaml.Node | None, name: str) -> None:
    """Raise a located error for a value PyYAML cannot build (2026-02-30, a huge number)."""
    if root is None:
        return
    builder = yaml.SafeLoader("")
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((v, (*loc, str(k.value))) for k, v in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, (*loc, i)) for i, v in reversed(list(enumerate(node.value))))
        elif node.tag.endswith((":timestamp", ":int", ":float")):
            try:
                builder.construct_object(node)
            except (ValueError, OverflowError) as exc:
                dated = node.tag.endswith(":timestamp")
                raise CaseFileError(
                    [
                        Problem(
                            f"not a real {'date' if dated else 'number'} ({_short_reason(exc)})",
                            field=format_path(loc) or None,
                            line=node.start_mark.line + 1,
                            column=node.start_mark.column + 1,
                            source=name,
                            expected="a date as YYYY-MM-DD"
                            if dated
                            else "a number of reasonable size",
                        )
                    ],
                    source=name,
                ) from None


def _check_shape(root: yaml.Node | None, name: str) -> None:
    """Refuse YAML whose aliases loop, expand too far, or that nests too deeply.

    Walks the composed node graph once (iteratively, memoising shared nodes), so a file whose
    aliases would expand to billions of items is rejected in time proportional to its size.
    """
    if root is None or isinstance(root, yaml.ScalarNode):
        return
    # Scalars (most of the nodes) are never pushed: each counts 1 item, 1 level, where used.
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    scalars = 0  # scalars written in the collections measured so far
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    while stack:
        node, kids = stack.pop()
        key = id(node)
        if kids is not None:  # every child collection is measured: measure this one
            total, deepest = 1, 0
            for k in kids:
                if isinstance(k, yaml.ScalarNode):
                    total += 1
                    scalars += 1
                    deepest = deepest or 1
                else:
                    total += size[id(k)]
                    deepest = max(deepest, depth[id(k)])
            size[key], depth[key] = total, deepest + 1
            on_path.discard(key)
            # a plain file expands to exactly its own nodes, however large; only aliases
            # make the expanded size outgrow the nodes actually written
            blown = total > MAX_NODES and total > ALIAS_EXPANSION * (len(size) + scalars)
            if blown or depth[key] > MAX_DEPTH:
                what = (
                    f"nests deeper than {MAX_DEPTH} levels"
                    if depth[key] > MAX_DEPTH
                    else f"expands to more than {MAX_NODES} items (through aliases)"
                )
                raise _shape_error(node, name, f"the document {what}")
            continue
        if key in size:
            continue
        if key in on_path:
            raise _shape_error(node, name, "an alias refers to itself (a loop)")
        on_path.add(key)
        kids = _children(node)
        stack.append((node, kids))
        stack.extend(
            (k, None) for k in kids if not isinstance(k, yaml.ScalarNode) and id(k) not in size
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [x for kv in node.value for x in kv]
    return []


def _shape_error(node: yaml.Node, name: str, message: str) -> CaseFileError:
    mark = node.start_mark
    return CaseFileError(
        [
            Problem(
                message,
                line=mark.line + 1,
                column=mark.column + 1,
                source=name,
                expected="a plain case file (anchors and aliases used sparingly, without loops)",
            )
        ],
        source=name,
    )


def _unreadable(name: str, what: str, expected: str) -> CaseFileError:
    return CaseFileError([Problem(what, source=name, expected=expected)], source=name)


def _parse(text: str, fmt: Format, name: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text, object_pairs_hook=_UniqueKeys(name))
        except CaseFileError:
            raise
        except RecursionError:
            raise _unreadable(
                name, "not valid JSON: nested too deeply", f"at most {MAX_DEPTH} levels"
            ) from None
        except json.JSONDecodeError as exc:
            raise CaseFileError(
                [
                    Problem(
                        f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno, source=name
                    )
                ],
                source=name,
            ) from None
        except ValueError as exc:  # e.g. a number with thousands of digits
            raise _unreadable(
                name, f"not valid JSON: {_short_reason(exc)}", "numbers of reasonable size"
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = (exc.problem or "syntax error").strip()
        what = _plain_yaml(problem)
        expected = "indentation with spaces, 'key: value' pairs, '- ' list items"
        quoted = _colon_in_text(text, mark, problem)
        if quoted is not None:
            what = (
                f"a ':' inside the text of '{quoted}', which is not in quotes: put the "
                f"{_TEXT_WORDS.get(quoted, 'text')} in quotes"
            )
            expected = f'{quoted}: "text with: a colon"'
        raise CaseFileError(
            [
                Problem(
                    f"not valid YAML: {what}",
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                    source=name,
                    expected=expected,
                )
            ],
            source=name,
        ) from None
    except yaml.YAMLError as exc:
        raise CaseFileError([Problem(f"not valid YAML: {exc}", source=name)], source=name) from None
    except RecursionError:
        raise _unreadable(
            name, "not valid YAML: nested too deeply", f"at most {MAX_DEPTH} levels"
        ) from None
    except ValueError as exc:
        # PyYAML builds dates and numbers itself: 2026-02-30 or a 5000-digit number fail here.
        raise _unreadable(
            name,
            f"not valid YAML: a value cannot be read ({_short_reason(exc)})",
            "real dates as YYYY-MM-DD and numbers of reasonable size",
        ) from None


class _UniqueKeys:
    """``object_pairs_hook`` of the JSON parser: a key given twice in an object is an error.

    Used when the YAML composer could not read the JSON text (e.g. it holds a control character
    that JSON allows and YAML does not), so its duplicate keys are still found; the JSON parser
    gives no positions, so the problem names the key.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise CaseFileError(
                    [
                        Problem(
                            f"the field {_short_key(key)} is given twice",
                            field=key if len(key) <= 40 else None,
                            source=self.source,
                            expected="each field once",
                        )
                    ],
                    source=self.source,
                )
            out[key] = value
        return out


def _short_key(key: str) -> str:
    return repr(key) if len(key) <= 40 else repr(key[:37] + "...")


#: PyYAML's parser words for the usual slips, and what they mean to someone editing a case.
_YAML_PLAIN = (
    ("expected <block end>, but found", "this line's indentation does not match the lines above"),
    (
        "mapping values are not allowed here",
        "a ':' where no field can start (put text with ': ' in quotes)",
    ),
    ("found character '\\t' that cannot start any token", "a tab character (indent with spaces)"),
    ("could not find expected ':'", "a line without 'field: value' (or a text that needs quotes)"),
    (
        "expected ',' or '}', but got",
        "a one-line {...} mapping that is not closed or has a stray character",
    ),
    (
        "expected ',' or ']', but got",
        "a one-line [...] list that is not closed or has a stray character",
    ),
)


#: Free-text fields, named as a user would name them in "put the ... in quotes".
_TEXT_WORDS = {
    "notes": "note",
    "note": "note",
    "description": "description",
    "title": "title",
    "terms": "terms",
    "gives": "text",
    "gets": "text",
    "name": "name",
}


def _colon_in_text(text: str, mark: Any, problem: str) -> str | None:
    """Return the field whose unquoted text holds the ``': '`` the parser stumbled on, if any.

    Examples
    --------
    >>> class Mark:
    ...     line, column = 0, 18
    >>> _colon_in_text("    notes: Meeting: went badly", Mark(), "mapping values are not allowed here")
    'notes'
    """
    if mark is None or not (
        problem.startswith("mapping values are not allowed here")
        or problem.startswith("expected ',' or '}', but got ':'")
    ):
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    keys = re.findall(r"([A-Za-z_][\w-]*)\s*:\s", lines[mark.line][: mark.column])
    return keys[-1] if keys else None


def _plain_yaml(problem: str) -> str:
    """Return the parser's problem with plain words first (the parser's own words after)."""
    for words, plain in _YAML_PLAIN:
        if problem.startswith(words):
            return f"{plain} [{problem}]"
    return problem


def _short_reason(exc: Exception) -> str:
    return str(exc).split(";")[0][:120]


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
    where = clean_loc(loc)
    pos = _locate(root, where)
    field = p.field if p.field is not None else format_path(where)
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


def version_problem(version: Any, current: int, key: str) -> Problem | None:
    """Return the problem with a file's format version under ``key`` (None when readable)."""
    return _version_problem(version, current, key)


def duplicate_key_problems(root: yaml.Node | None, source: str) -> list[Problem]:
    """Return a problem for every mapping key given twice in the YAML node tree."""
    return [] if root is None else _duplicate_keys(root, source)


def locate_problem(
    root: yaml.Node | None, loc: Sequence[str | int], source: str, problem: Problem
) -> Problem:
    """Return ``problem`` placed at the line and column of ``loc`` in the YAML node tree."""
    return _at(root, loc, source, problem)
