"""Formats: case files (YAML/JSON) and, in their own modules, CSV, GraphML/GEXF, redaction."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecograph.io.atomic import atomic_write, locked
    from ecograph.io.casefile import dumps_case, load_case, loads_case, save_case

__all__ = ["atomic_write", "dumps_case", "load_case", "loads_case", "locked", "save_case"]

# Imported on first use: ``ecograph.io.atomic`` alone must not load pydantic and the models.
_LAZY = {
    "atomic_write": "ecograph.io.atomic",
    "locked": "ecograph.io.atomic",
    "dumps_case": "ecograph.io.casefile",
    "load_case": "ecograph.io.casefile",
    "loads_case": "ecograph.io.casefile",
    "save_case": "ecograph.io.casefile",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'ecograph.io' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
