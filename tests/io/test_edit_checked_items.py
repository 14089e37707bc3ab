"""An edit of a few items reads only those items again, and checks the same case as a full read.

An edit that rewrites whole items of a YAML case file (a relationship's strength, a recorded
encounter, an actor dragged on the map) takes the other items as they were read before, reads
the rewritten ones alone, and checks the rules across the case on the whole. These tests hold it
to the full read on every example: after each edit of a series, the case and the data are those
of reading the new text as ``ecograph validate`` does, and the whole text was not read again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ecograph.io.edit as edit_module
from ecograph.errors import CaseFileError
from ecograph.io.casefile import loads_case, parse_document
from ecograph.io.edit import PutActor, PutRelationship, edit_file
from ecograph.model.rules import CHANGE_AGENT_RULE
from tests.io.test_edit_continued import EXAMPLES, _copy, _series


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text the edit layer reads as YAML."""
    seen: list[int] = []
    real = edit_module.parse_document

    def spy(text, **kw):  # type: ignore[no-untyped-def]
        seen.append(len(text))
        return real(text, **kw)

    monkeypatch.setattr(edit_module, "parse_document", spy)
    return seen


@pytest.mark.parametrize("path", [*EXAMPLES, "starter", "saved"], ids=lambda p: Path(p).stem)
def test_each_edit_checks_the_case_a_full_read_checks(
    path: Path | str, tmp_path: Path, reads: list[int]
) -> None:
    f = _copy(path, tmp_path / "case.yaml")
    doc = None
    alone: list[bool] = []
    for edits in _series(f):
        reads.clear()
        done = edit_file(f, edits, base_version=None, document=doc)
        data, _root = parse_document(done.text)
        assert done.case == loads_case(done.text), f"{edits[0].op}: not the case of the text"
        assert done.document is not None and done.document.parsed == data
        alone.append(doc is not None and len(done.text) not in reads)
        doc = done.document
    # a relationship's strength and an encounter recorded on it (the 2nd and 3rd edits) read
    # only that relationship again
    assert alone[1:3] == [True, True]


def test_a_strength_edit_reads_the_relationship_alone(tmp_path: Path, reads: list[int]) -> None:
    f = _copy(Path("examples/community-40.yaml"), tmp_path / "case.yaml")
    first = edit_file(f, [PutActor(id="newcomer", fields={"name": "N"})], base_version=None)
    case = first.case
    rel = case.relationships[0]
    reads.clear()
    done = edit_file(
        f,
        [PutRelationship(source=rel.source, target=rel.target, fields={"strength": 0.44})],
        base_version=None,
        document=first.document,
    )
    assert len(reads) == 1 and reads[0] < len(done.text) / 20  # one relationship's lines
    assert next(r for r in done.case.relationships if r.key == rel.key).strength == 0.44
    assert done.case == loads_case(done.text)


def test_a_broken_rule_is_reported_as_validate_reports_it(tmp_path: Path) -> None:
    """Found on the items read alone, the problem is reported from the whole text, with lines."""
    f = _copy("starter", tmp_path / "case.yaml")
    first = edit_file(f, [PutActor(id="worker", fields={"power": 0.6})], base_version=None)
    before = f.read_text()
    bad = [PutActor(id="worker", fields={"roles": ["change_agent", "client"]})]
    with pytest.raises(CaseFileError) as e:
        edit_file(f, bad, base_version=None, document=first.document)
    assert any(p.rule == CHANGE_AGENT_RULE and p.line for p in e.value.problems)
    assert f.read_text() == before


def test_anchors_and_aliases_are_read_whole(tmp_path: Path, reads: list[int]) -> None:
    """Items that share YAML anchors cannot be read alone: the whole text is read."""
    f = tmp_path / "case.yaml"
    f.write_text(
        "ecograph: 1\nid: shared\ntitle: Shared\nactors:\n"
        "- id: a\n  name: A\n  roles: [client]\n  attributes: &same {area: north}\n"
        "- id: b\n  name: B\n  roles: [target]\n  attributes: *same\n"
        "relationships:\n- source: a\n  target: b\n  type: conflict\n  strength: 0.5\n"
    )
    first = edit_file(f, [PutActor(id="a", fields={"power": 0.4})], base_version=None)
    reads.clear()
    done = edit_file(
        f,
        [PutRelationship(source="a", target="b", fields={"strength": 0.7})],
        base_version=None,
        document=first.document,
    )
    assert len(done.text) in reads
    assert done.case == loads_case(done.text)
