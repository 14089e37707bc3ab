"""Which stored version of a case a case file is based on, kept beside the file.

A case in Neo4j has a version (one more on every push that changes it; see
:meth:`~ecograph.store.neo4j.Neo4jStore.save`). ``ecograph pull`` and ``ecograph push`` write
down, beside the case file, the version of the case the file now matches, per store URI: a
small JSON file named ``.NAME.ecograph-versions.json`` (``NAME`` is the case file's name; for a
symbolic link, beside the file it points to). The case file itself is not changed.

The next push of the file is based on that version. If someone else pushed the case in
between, the stored version has moved on, and the push is refused instead of deleting their
changes. A file with no record (never pulled from or pushed to that store) is based on
nothing: it may create the case, but not replace a stored one. ``--force`` pushes anyway.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> file = Path(tempfile.mkdtemp()) / "case.yaml"
>>> base_version(file, "bolt://127.0.0.1:7687", "demo")
0
>>> remember_version(file, "bolt://127.0.0.1:7687", "demo", 4)
>>> base_version(file, "bolt://127.0.0.1:7687", "demo")
4
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ecograph.io.atomic import atomic_write, real_path

__all__ = ["base_version", "remember_version", "versions_path"]


def versions_path(file: str | os.PathLike[str]) -> Path:
    """Return the path of the record kept beside the case file ``file``."""
    real = real_path(file)
    return real.parent / f".{real.name}.ecograph-versions.json"


def _read(file: str | os.PathLike[str]) -> dict[str, Any]:
    try:
        data = json.loads(versions_path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no record, or one that cannot be read: based on nothing
    return data if isinstance(data, dict) else {}


def base_version(file: str | os.PathLike[str], uri: str, case_id: str) -> int:
    """Return the version of ``case_id`` in the store ``uri`` that ``file`` is based on (or 0)."""
    stores = _read(file).get(uri)
    version = stores.get(case_id, 0) if isinstance(stores, dict) else 0
    return version if isinstance(version, int) and not isinstance(version, bool) else 0


def remember_version(file: str | os.PathLike[str], uri: str, case_id: str, version: int) -> None:
    """Write down that ``file`` matches version ``version`` of ``case_id`` in the store ``uri``.

    Raises
    ------
    InputError
        The record could not be written (a read-only folder): one line.
    """
    data = _read(file)
    stores = data.get(uri)
    data[uri] = {**(stores if isinstance(stores, dict) else {}), case_id: version}
    atomic_write(versions_path(file), json.dumps(data, indent=2, sort_keys=True) + "\n")
