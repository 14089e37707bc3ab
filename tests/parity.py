"""Parity of the database questions and their Python twins: the same rows, numbers within 1e-9.

Shared by the store tests (``run_query``) and the ``analyze --store`` tests (the JSON rows).
"""

from __future__ import annotations

import pytest

from ecograph.graph import EcoGraph


def comparable(name: str, rows: list[dict]) -> list[dict]:
    if name == "influence_paths":  # which of several shortest paths is shown is not defined
        return [{k: v for k, v in r.items() if k != "path"} for r in rows]
    return rows


def assert_same_rows(name: str, db: list[dict], py: list[dict]) -> None:
    db, py = comparable(name, db), comparable(name, py)
    assert len(db) == len(py), (name, db, py)
    for a, b in zip(db, py, strict=True):
        assert a.keys() == b.keys(), name
        for k in a:
            if isinstance(b[k], float):
                assert a[k] == pytest.approx(b[k], abs=1e-9), (name, k, a, b)
            else:
                assert a[k] == b[k], (name, k, a, b)


def check_paths(db: list[dict], graph: EcoGraph) -> None:
    from ecograph.model import RelationType

    coop = {
        frozenset((r.source, r.target))
        for r, s in graph.states()
        if s.type == RelationType.COOPERATION
    }
    for row in db:
        if row["path"] is None:
            continue
        path = row["path"]
        assert path[-1] == row["target"] and len(path) == row["hops"] + 1
        assert "change_agent" in graph.actor(path[0]).roles
        assert all(frozenset(p) in coop for p in zip(path, path[1:], strict=False))
