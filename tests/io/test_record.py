import datetime as dt
import multiprocessing as mp
import shutil
from pathlib import Path

import pytest

from ecograph.errors import InvariantError
from ecograph.io.casefile import load_case
from ecograph.io.record import record_in_file
from ecograph.model import Observation

EXAMPLE = Path("examples/child-protection.yaml").resolve()


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    f = tmp_path / "case.yaml"
    shutil.copy(EXAMPLE, f)
    return f


def _writer(path: str, who: str, n: int) -> None:
    for i in range(n):
        record_in_file(
            path,
            "susan",
            "roberta",
            Observation(
                date=dt.date(2027, 1, 1) + dt.timedelta(days=i),
                type="conflict",
                strength=0.5,
                recorded_by=who,
                note=f"{who}-{i}",
            ),
        )


def test_two_concurrent_writers_lose_nothing(case_file: Path):
    before = len(load_case(case_file).relationships[0].history)
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(case_file), w, 8)) for w in ("p1", "p2")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    rel = next(r for r in load_case(case_file).relationships if r.pair == ("roberta", "susan"))
    notes = {o.note for o in rel.history}
    assert len(rel.history) == before + 16
    assert {f"p{w}-{i}" for w in (1, 2) for i in range(8)} <= notes
    assert not list(case_file.parent.glob(".*.tmp"))  # no temporary files left behind


def test_unknown_actor_is_rejected_and_file_untouched(case_file: Path):
    text = case_file.read_text()
    with pytest.raises(InvariantError) as e:
        record_in_file(
            case_file,
            "susan",
            "robreta",
            Observation(date=dt.date(2026, 3, 2), type="conflict", note="private"),
        )
    assert "did you mean 'roberta'" in str(e.value)
    assert "private" not in str(e.value)
    assert case_file.read_text() == text


def test_declared_relationship_keeps_its_state_undated_nothing_invented(case_file: Path):
    done = record_in_file(
        case_file,
        "police",
        "roberta",
        Observation(date=dt.date(2026, 7, 1), type="agreement", strength=0.5),
    )
    rel = done.relationship
    # only what was recorded is in the history: no observation dated the day before
    assert [o.date for o in rel.history] == [dt.date(2026, 7, 1)]
    # the declared state stays as written, undated, as the state before the first observation
    assert rel.type.value == "conflict" and rel.declared_state().since is None
    assert rel.state(dt.date(2026, 6, 30)).type.value == "conflict"
    assert done.state.type.value == "agreement" and done.is_latest and not done.created


def test_recording_keeps_comments_and_untouched_lines(tmp_path: Path):
    from importlib import resources

    f = tmp_path / "case.yaml"
    text = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")
    f.write_text(text)
    record_in_file(
        f, "worker", "family", Observation(date=dt.date(2026, 3, 1), type="conflict", strength=0.4)
    )
    after = f.read_text()
    old, new = text.splitlines(), after.splitlines()
    # every line of the template is still there, in order, comments included
    assert [line for line in new if line in old] == old
    added = [line for line in new if line not in old]
    assert added == [
        "    history:",
        "      - {date: 2026-03-01, type: conflict, strength: 0.4}",
    ]


def test_json_case_file_stays_json(tmp_path: Path):
    from ecograph.io.casefile import dumps_case
    from ecograph.io.casefile import load_case as lc

    f = tmp_path / "case.json"
    f.write_text(dumps_case(lc(EXAMPLE), "json"))
    record_in_file(f, "gp", "roberta", Observation(date=dt.date(2026, 7, 1), type="cooperation"))
    assert f.read_text().lstrip().startswith("{")
    assert any(r.pair == ("gp", "roberta") for r in lc(f).relationships)
