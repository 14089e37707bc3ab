"""Editing on from the document the last edit left, item by item: the same bytes as before.

The workspace keeps the parsed document of a case in memory between edits (the file is parsed
again only when its text changed on disk), and an edit of whole items rewrites only those
items' lines. These tests check, on every example and on the starter template, that a series of
edits made that way writes exactly the bytes that parsing the file before each edit and dumping
it whole writes -- comments and untouched lines included -- and that a change on disk is
noticed.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from ecograph.errors import CaseFileError
from ecograph.io.casefile import dumps_case, load_case
from ecograph.io.edit import (
    Edit,
    PutActor,
    PutGoal,
    PutRelationship,
    RecordObservation,
    RemoveActor,
    RemoveRelationship,
    SetCase,
    SetPosition,
    SetStance,
    edit_file,
    open_document,
)

EXAMPLES = sorted(Path("examples").glob("*.yaml"))
STARTER = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")


def _copy(path: Path | str, to: Path) -> Path:
    if path == "starter":
        to.write_text(STARTER)
    elif path == "saved":  # as `save_case` writes a case: lists flush with their keys
        to.write_text(dumps_case(load_case("examples/community-40.yaml"), "yaml"))
    else:
        shutil.copy(path, to)
    return to


def _series(f: Path) -> list[list[Edit]]:
    case = load_case(f)
    first = case.actors[0].id
    rel = case.relationships[0] if case.relationships else None
    out: list[list[Edit]] = [
        [SetPosition(id=first, x=12.5, y=-3)],
        [PutActor(id="newcomer", fields={"name": "A newcomer", "roles": ["action"]})],
        [PutRelationship(source="newcomer", target=first, fields={"type": "cooperation"})],
        [
            RecordObservation(
                source="newcomer",
                target=first,
                observation={"date": "2026-05-01", "type": "conflict", "strength": 0.4},
            )
        ],
        [PutGoal(id="new-goal", fields={"description": "Something changes"})],
        [SetStance(goal="new-goal", actor="newcomer", stance=0.5)],
        [SetCase(fields={"title": "Renamed case"})],
        [PutActor(id="newcomer", fields={"id": "newcomer-2", "power": 0.3})],
        [RemoveRelationship(source="newcomer-2", target=first)],
        [RemoveActor(id="newcomer-2")],
    ]
    if rel is not None:
        out.insert(
            1,
            [
                PutRelationship(
                    source=rel.source,
                    target=rel.target,
                    fields={"type": "cooperation", "strength": 0.35},
                )
            ],
        )
        out.insert(
            2,
            [
                RecordObservation(
                    source=rel.source,
                    target=rel.target,
                    observation={"date": "2026-06-02", "type": "agreement", "note": "met"},
                )
            ],
        )
    return out


@pytest.mark.parametrize("path", [*EXAMPLES, "starter", "saved"], ids=lambda p: Path(p).stem)
def test_continued_edits_write_what_fresh_parses_write(path: Path | str, tmp_path: Path) -> None:
    fresh = _copy(path, tmp_path / "fresh.yaml")
    kept = _copy(path, tmp_path / "kept.yaml")
    doc = None
    for edits in _series(fresh):
        # the reference: parsed anew and dumped whole each time (as before documents were kept)
        a = edit_file(fresh, edits, base_version=open_document(fresh).version, targeted=False)
        b = edit_file(kept, edits, base_version=None, document=doc)
        assert b.text == a.text, f"{edits[0].op} differs"
        assert kept.read_bytes() == fresh.read_bytes()
        assert b.case == a.case
        doc = b.document
        assert doc is not None and doc.text == b.text


def test_a_change_on_disk_is_read_again(tmp_path: Path) -> None:
    f = _copy("starter", tmp_path / "case.yaml")
    done = edit_file(f, [SetPosition(id="worker", x=1, y=2)], base_version=None)
    # another program changes the file: the kept document is stale and must not be used
    f.write_text(f.read_text().replace("title:", "title: Changed by hand #", 1))
    by_hand = f.read_text()
    again = edit_file(
        f, [SetPosition(id="worker", x=3, y=4)], base_version=None, document=done.document
    )
    assert "Changed by hand" in again.text
    assert again.text.replace("x: 3.0, y: 4.0", "x: 1.0, y: 2.0") == by_hand


def test_a_refused_edit_leaves_the_file_and_needs_a_fresh_document(tmp_path: Path) -> None:
    f = _copy("starter", tmp_path / "case.yaml")
    before = f.read_text()
    with pytest.raises(CaseFileError):
        edit_file(f, [PutActor(id="school", fields={"power": 1.5})], base_version=None)
    assert f.read_text() == before
