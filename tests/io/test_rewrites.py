"""Rewriting a file loses nothing: links are followed, mode and owner kept, CSV sets all-or-nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecograph.io.atomic import FileLockedError
from ecograph.io.casefile import load_case
from ecograph.io.csvfiles import FILE_NAMES, write_csv
from ecograph.io.record import record_in_file
from ecograph.model import Observation
from tests.conftest import EXAMPLES

CP = EXAMPLES / "child-protection.yaml"
FC = EXAMPLES / "family-conflict.yaml"
SEEN = Observation(date=dt.date(2027, 3, 1), type="conflict", strength=0.5, note="via the link")


def _notes(path: Path) -> list[str | None]:
    return [o.note for r in load_case(path).relationships for o in r.history]


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """``a/link.yaml`` -> ``b/case.yaml``."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    target = tmp_path / "b" / "case.yaml"
    shutil.copy(CP, target)
    link = tmp_path / "a" / "link.yaml"
    link.symlink_to(Path("..") / "b" / "case.yaml")
    return link, target


def test_record_through_a_link_writes_the_target_in_place(linked: tuple[Path, Path]):
    link, target = linked
    record_in_file(link, "susan", "roberta", SEEN)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert "via the link" in _notes(target)
    assert sorted(p.name for p in link.parent.iterdir()) == ["link.yaml"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["case.yaml"]


@contextlib.contextmanager
def _held_by_another_process(path: Path) -> Iterator[None]:
    """Another process holds ecograph's write lock for ``path`` while the block runs."""
    code = (
        "import sys, time\n"
        "from ecograph.io.atomic import locked\n"
        "with locked(sys.argv[1]):\n"
        "    print('held', flush=True)\n"
        "    sys.stdin.read()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def test_record_through_a_link_locks_beside_the_target(linked: tuple[Path, Path]):
    link, target = linked
    with _held_by_another_process(target):  # another writer holds the target's folder
        with pytest.raises(FileLockedError):
            record_in_file(link, "susan", "roberta", SEEN, timeout=0.2)
    assert "via the link" not in _notes(target)
    with _held_by_another_process(link.parent / "other.yaml"):  # the link's folder is not the lock
        record_in_file(link, "susan", "roberta", SEEN, timeout=0.2)
    assert "via the link" in _notes(target)


def test_a_rewrite_keeps_the_mode_and_the_owner(tmp_path: Path):
    f = tmp_path / "case.yaml"
    shutil.copy(CP, f)
    f.chmod(0o640)
    owner = (1000, 1000) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(f, *owner)
    record_in_file(f, "susan", "roberta", SEEN)
    st = f.stat()
    assert "via the link" in _notes(f)
    assert oct(st.st_mode & 0o7777) == oct(0o640)
    assert (st.st_uid, st.st_gid) == owner


def test_csv_export_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """When one file of the set fails, every file of the earlier export is still whole."""
    import ecograph.io.csvfiles as csvfiles

    out = tmp_path / "csv"
    write_csv(load_case(CP), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = csvfiles.dumps_csv

    def goals_fail(case):  # goals.csv cannot be encoded: its write fails midway through the set
        texts = real(case)
        texts["goals.csv"] += "\ud800"
        return texts

    monkeypatch.setattr(csvfiles, "dumps_csv", goals_fail)
    with pytest.raises(UnicodeEncodeError):
        write_csv(load_case(FC), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    monkeypatch.setattr(csvfiles, "dumps_csv", real)
    write_csv(load_case(FC), out)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(after) == sorted(FILE_NAMES) and after != before


def test_a_new_csv_folder_appears_whole_or_not_at_all(tmp_path: Path, monkeypatch):
    import ecograph.io.csvfiles as csvfiles

    real = csvfiles.dumps_csv
    monkeypatch.setattr(
        csvfiles, "dumps_csv", lambda case: {**real(case), "agreements.csv": "\ud800"}
    )
    with pytest.raises(UnicodeEncodeError):
        write_csv(load_case(CP), tmp_path / "new" / "csv")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
