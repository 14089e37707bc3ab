"""Record an encounter in a case file: append the observation in place -- under the lock.

The whole read-modify-write runs under the case file's write lock
(:func:`ecograph.io.atomic.locked`), so two workers recording at the same moment take turns
and neither observation is lost; the save is atomic (temporary file, then rename). The file is
changed through :mod:`ecograph.io.edit`: its comments, key order and every untouched line stay
as they were, and a relationship's declared state stays as written, undated (nothing invented).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ecograph.errors import InvariantError, Problem
from ecograph.graph import EcoGraph
from ecograph.io.atomic import atomic_write, locked
from ecograph.io.edit import RecordObservation, apply_edits, open_document, reopen_document
from ecograph.model import Observation, Relationship, RelationState
from ecograph.model.rules import suggest

__all__ = ["Recorded", "record_in_file"]


@dataclass(frozen=True)
class Recorded:
    """What recording did.

    Parameters
    ----------
    relationship : Relationship
        The relationship after the observation was appended.
    created : bool
        The pair had no relationship before.
    state : RelationState or None
        The current (latest) state derived from the history after recording.
    is_latest : bool
        The observation is the latest shared one, so it is now the current state.
    """

    relationship: Relationship
    created: bool
    state: RelationState | None
    is_latest: bool


def _check_actor(graph: EcoGraph, actor_id: str, field: str, source: str) -> None:
    if actor_id in graph:
        return
    known = [a.id for a in graph.actors()]
    raise InvariantError(
        [
            Problem(
                f"{actor_id!r} is not an actor of this case",
                field=field,
                expected="the id of an actor listed under actors",
                suggestion=suggest(actor_id, known),
                source=source,
            )
        ],
        source=source,
    )


def record_in_file(
    path: str | os.PathLike[str],
    a: str,
    b: str,
    observation: Observation,
    *,
    timeout: float = 10.0,
) -> Recorded:
    """Append ``observation`` to the history of ``a``--``b`` in the case file at ``path``.

    Parameters
    ----------
    path : path-like
        A case file (.yaml, .yml or .json); it is rewritten in the same format.
    a, b : str
        Actor ids. A pair with no relationship gets a new one.
    observation : Observation
        What was observed. ``perceived_by`` must be ``a`` or ``b``.
    timeout : float
        Seconds to wait for another writer of the same file.

    Returns
    -------
    Recorded

    Raises
    ------
    InputError
        The file cannot be read or is not a valid case.
    InvariantError
        An id is not an actor of the case (with a suggestion), or the pair is one actor.
    FileLockedError
        Another process held the file longer than ``timeout``.
    """
    source = os.fspath(path)
    doc = open_document(path)  # the slow parse, before taking the lock
    with locked(path, timeout):
        doc = reopen_document(path, doc)
        assert doc.case is not None
        graph = EcoGraph.from_case(doc.case, source=source)
        _check_actor(graph, a, "--between", source)
        _check_actor(graph, b, "--between", source)
        if a == b:
            raise InvariantError(
                [
                    Problem(
                        "a relationship needs two different actors",
                        field="--between",
                        source=source,
                    )
                ],
                source=source,
            )
        if observation.perceived_by is not None and observation.perceived_by not in (a, b):
            raise InvariantError(
                [
                    Problem(
                        f"{observation.perceived_by!r} is not one of the two ends",
                        field="--perceived-by",
                        expected=f"{a!r} or {b!r}",
                        suggestion=suggest(observation.perceived_by, [a, b]),
                        source=source,
                    )
                ],
                source=source,
            )
        created = graph.relationship(a, b) is None
        edit = RecordObservation(
            source=a,
            target=b,
            observation=observation.model_dump(mode="json", exclude_defaults=True),
        )
        done = apply_edits(doc, [edit])
        atomic_write(path, done.text, lock=False)
        rel = next(r for r in done.case.relationships if {r.source, r.target} == {a, b})
    later = [o for o in rel.history if o.perceived_by is None and o.date > observation.date]
    is_latest = observation.perceived_by is None and not later
    return Recorded(rel, created, rel.state(), is_latest)
