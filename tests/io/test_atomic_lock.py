"""The write lock: a second writer waits, then fails with a clear message (exit status 3)."""

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.io.atomic import FileLockedError, atomic_write, locked

HOLD = """
import sys
from pathlib import Path
from ecograph.io.atomic import locked
with locked(Path(sys.argv[1]) / "any.yaml"):
    print("locked", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def held(tmp_path: Path):
    """Another process holds the lock of tmp_path until the test ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield tmp_path
    proc.communicate("", timeout=10)


def test_second_writer_fails_clearly_and_leaves_the_file(held: Path):
    target = held / "case.yaml"
    target.write_text("before")
    with pytest.raises(FileLockedError) as err:
        atomic_write(target, "after", timeout=0.2)
    assert str(err.value) == (
        f"{target}: another process is writing this file; waited 0.2 s. "
        "Try again when it has finished."
    )
    assert err.value.exit_code == 3
    assert target.read_text() == "before"
    assert sorted(p.name for p in held.iterdir()) == ["case.yaml"]


def test_cli_reports_a_locked_file_with_exit_3(held: Path, monkeypatch: pytest.MonkeyPatch):
    import ecograph.io.atomic as atomic

    real = atomic.locked
    monkeypatch.setattr(atomic, "locked", lambda path, timeout=10.0: real(path, 0.2))
    r = CliRunner().invoke(app, ["new", str(held / "new.yaml")])
    assert r.exit_code == 3
    assert "another process is writing this file" in r.output and "Traceback" not in r.output


def test_lock_is_reentrant_in_one_process(tmp_path: Path):
    target = tmp_path / "c.yaml"
    with locked(target), locked(target):
        atomic_write(target, "x")
    assert target.read_text() == "x"


WITHOUT_FCNTL = """
import sys
sys.modules["fcntl"] = None  # as on Windows: there is no fcntl module
from pathlib import Path
from ecograph.io.atomic import atomic_write, locked
from ecograph.io.casefile import load_case, save_case
case = load_case(sys.argv[1])
target = Path(sys.argv[2]) / "copy.yaml"
with locked(target):
    save_case(case, target)
print(load_case(target).id)
"""


def test_case_files_load_and_save_without_fcntl(tmp_path: Path, examples_dir: Path):
    """Windows has no fcntl: loading and saving a case (with its write lock) must not need it."""
    r = subprocess.run(
        [sys.executable, "-c", WITHOUT_FCNTL, str(examples_dir / "child-protection.yaml"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "child-protection-roberta"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.yaml"]


def test_threads_of_one_process_take_the_lock_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A thread waits its turn behind the writer of its own process, not polling the file.

    Polling threads take the lock by chance, so under many writers (20 clients of one
    workspace) one could lose until its wait ran out; queued threads are woken in turn.
    """
    import threading

    from filelock import FileLock

    polls: list[str] = []
    real_acquire = FileLock.acquire

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        polls.append(threading.current_thread().name)
        return real_acquire(self, *args, **kwargs)

    monkeypatch.setattr(FileLock, "acquire", counted)
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with locked(tmp_path / "a.yaml", timeout=5):
            order.append("first")
            holding.set()
            release.wait(5)

    def second() -> None:
        with locked(tmp_path / "b.yaml", timeout=5):
            order.append("second")

    a = threading.Thread(target=first, name="first")
    b = threading.Thread(target=second, name="second")
    a.start()
    assert holding.wait(5)
    b.start()
    b.join(0.3)  # the second writer is waiting meanwhile
    assert b.is_alive() and "second" not in polls  # queued, not polling the lock file
    release.set()
    a.join(5)
    b.join(5)
    assert order == ["first", "second"] and "second" in polls
