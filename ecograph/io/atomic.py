"""Atomic writes: a temporary file in the same folder, then a rename; never a half-written file."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ecograph.errors import EcographError

__all__ = ["atomic_write", "locked", "FileLockedError"]


class FileLockedError(EcographError):
    """Another process is writing the same file and did not finish in time."""

    exit_code = 3


_held: dict[str, int] = {}


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive advisory lock for writing ``path`` (re-entrant in one process).

    The lock is taken on the file's folder, so it survives the rename of an atomic write and
    leaves no lock file behind. A second writer waits up to ``timeout`` seconds, then fails
    clearly. Use it around a read-modify-write (load, change, save) so no update is lost.
    """
    folder = os.path.realpath(Path(path).parent)
    if _held.get(folder):
        _held[folder] += 1
        try:
            yield
        finally:
            _held[folder] -= 1
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise FileLockedError(
                        f"{os.fspath(path)}: another process is writing this file; "
                        f"waited {timeout:g} s. Try again when it has finished."
                    ) from None
                time.sleep(0.05)
        _held[folder] = 1
        try:
            yield
        finally:
            _held.pop(folder, None)
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def atomic_write(
    path: str | os.PathLike[str], data: str | bytes, *, lock: bool = True, timeout: float = 10.0
) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename).

    Parameters
    ----------
    path : path-like
        The destination. Its folder must exist.
    data : str or bytes
        Text is written as UTF-8.
    lock : bool
        Hold the write lock (see :func:`locked`) so that two processes take turns.
    timeout : float
        Seconds to wait for another writer.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    ctx = locked(target, timeout) if lock else contextlib.nullcontext()
    with ctx:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            if target.exists():
                os.chmod(tmp, target.stat().st_mode & 0o777)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
