"""Formats: case files (YAML/JSON) and, in their own modules, CSV, GraphML/GEXF, redaction."""

from ecograph.io.atomic import atomic_write, locked
from ecograph.io.casefile import dumps_case, load_case, loads_case, save_case

__all__ = ["atomic_write", "dumps_case", "load_case", "loads_case", "locked", "save_case"]
