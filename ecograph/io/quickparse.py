r"""The quick reading of a case file: plain data built fast, or nothing when in any doubt.

Reading a big case file is mostly building Python objects: nodes, marks, dicts, models. This
module gives :func:`ecograph.io.casefile.loads_case` a fast path that builds the data of a
*plain* file (no anchors or aliases, no unusual tags, no key given twice, at most
``max_depth`` levels) and answers ``None`` for anything else. The caller then reads the text
again with the located reader, which reports every problem with its line and column. So the
fast path never decides what a file means: it only produces the same data as the located
reader, sooner, for the files where that is certain.

- YAML: the data is built straight from the events of libyaml's parser (the one the located
  reader composes its nodes from), without a node tree; scalars of the same text and tag are
  built once.
- JSON: Python's JSON parser, refusing (``None``) a key given twice, a number that YAML would
  read otherwise (``1e5`` is a text for YAML 1.1, which the located reader follows), ``NaN``
  and ``Infinity``, and escaped surrogate pairs.

:func:`ecograph.collector.collector_paused` holds the cyclic garbage collector off while a
file is read: building a million objects that live on triggers its full collections again
and again (they found no garbage, and took 60 % of the time of reading a 100,000-relationship
case).

Examples
--------
>>> quick_data("a: 1\nb: [x, 2026-01-02]\n", "yaml", max_depth=64)
{'a': 1, 'b': ['x', datetime.date(2026, 1, 2)]}
>>> quick_data("a: 1\na: 2\n", "yaml", max_depth=64) is None
True
>>> quick_data('{"strength": 1e-05}', "json", max_depth=64) is None
True
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

import yaml

__all__ = ["quick_data"]

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
#: The scalar tags whose values are built by PyYAML's safe constructor (and then shared).
_SCALARS = frozenset(_TAG + t for t in ("null", "bool", "int", "float", "timestamp"))
#: YAML 1.1's float (PyYAML's resolver): a JSON number must read the same under both.
_YAML_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?)$"
)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: libyaml's parser (PyYAML's CSafeLoader), when PyYAML has it; else no quick YAML path.
_C_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


class _Unsure(Exception):
    """The quick path cannot be sure of the data: the located reader reads the file."""


def quick_data(text: str, fmt: Literal["yaml", "json"], *, max_depth: int) -> Any:
    """Return the data of a plain case file, or None when the located reader must read it.

    Parameters
    ----------
    text : str
        The file's text.
    fmt : {"yaml", "json"}
        Its format.
    max_depth : int
        The deepest nesting the located reader accepts; deeper files get ``None``.

    Returns
    -------
    Any
        The same data as the located reader builds, or None.
    """
    try:
        if fmt == "json":
            return _json_data(text, max_depth)
        return _yaml_data(text, max_depth)
    except (_Unsure, yaml.YAMLError, ValueError, OverflowError, RecursionError, TypeError):
        return None


def _yaml_data(text: str, max_depth: int) -> Any:
    if _C_LOADER is None:
        raise _Unsure
    loader = _C_LOADER(text)
    try:
        return _from_events(loader, max_depth)
    finally:
        loader.dispose()


_NONE = object()


def _from_events(loader: Any, max_depth: int) -> Any:
    """Build the data from libyaml's parser events, one at a time (no node tree in memory).

    A collection is at level 1 (the document) and more inside; its items one level deeper,
    none deeper than ``max_depth`` (the located reader's rule).
    """
    get, resolve = loader.get_event, loader.resolve
    constructor = yaml.SafeLoader("")
    built: dict[tuple[str, str], Any] = {}
    if get().__class__ is not yaml.StreamStartEvent:
        raise _Unsure
    if get().__class__ is not yaml.DocumentStartEvent:
        raise _Unsure  # an empty file
    frames: list[tuple[Any, Any, set[str] | None]] = []  # the collections around this one
    top: Any = None  # the collection being filled (None: the document)
    key: Any = _NONE  # in a mapping, the key waiting for its value
    texts: set[str] | None = None  # in a mapping, its keys as written
    while True:
        event = get()
        kind = event.__class__
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or len(frames) >= max_depth:
                raise _Unsure
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag == _STR:
                value = event.value
            else:
                found = built.get((tag, event.value), _NONE)
                if found is _NONE:
                    if tag not in _SCALARS:
                        raise _Unsure
                    node = yaml.ScalarNode(tag, event.value)
                    found = constructor.yaml_constructors[tag](constructor, node)
                    built[(tag, event.value)] = found
                value = found
            if texts is not None and key is _NONE:  # a mapping's key
                if event.value in texts or value in top:
                    raise _Unsure  # a key given twice (as written, or once built)
                texts.add(event.value)
                key = value
                continue
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            mapping = kind is yaml.MappingStartEvent
            if event.anchor is not None or (texts is not None and key is _NONE):
                raise _Unsure  # an anchor, or a key that is a collection
            if event.tag not in (None, "!", _MAP if mapping else _SEQ):
                raise _Unsure
            frames.append((top, key, texts))
            if len(frames) > max_depth:
                raise _Unsure
            top, key, texts = ({}, _NONE, set()) if mapping else ([], _NONE, None)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = top
            top, key, texts = frames.pop()
        else:
            raise _Unsure  # an alias
        if top is None:
            break
        if texts is None:
            top.append(value)
        else:
            top[key] = value
            key = _NONE
    if get().__class__ is not yaml.DocumentEndEvent or get().__class__ is not yaml.StreamEndEvent:
        raise _Unsure  # more than one document
    return value


def _json_data(text: str, max_depth: int) -> Any:
    if _SURROGATE_ESCAPE.search(text):
        raise _Unsure
    data = json.loads(
        text,
        object_pairs_hook=_unique_object,
        parse_float=_yaml_float,
        parse_constant=_refuse,
    )
    if _depth(data) > max_depth:
        raise _Unsure
    return data


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Unsure
    return out


def _yaml_float(text: str) -> float:
    if not _YAML_FLOAT.match(text):
        raise _Unsure
    return float(text)


def _refuse(text: str) -> Any:
    raise _Unsure


def _depth(data: Any) -> int:
    """Return the located reader's depth of ``data`` (a scalar counts one level)."""
    if isinstance(data, dict):
        return 1 + max(map(_depth, data.values()), default=0)
    if isinstance(data, list):
        return 1 + max(map(_depth, data), default=0)
    return 1
