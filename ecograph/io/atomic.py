"""Atomic writes: a temporary file in the same folder, then a rename; never a half-written file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from ecograph.errors import EcographError
from ecograph.userdirs import cache_home

__all__ = ["atomic_write", "locked", "FileLockedError"]


class FileLockedError(EcographError):
    """Another process is writing the same file and did not finish in time."""

    exit_code = 3


_locks: dict[str, FileLock] = {}


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock for writing ``path`` (re-entrant in one process).

    The lock is taken on the file's folder, so it survives the rename of an atomic write. Its
    lock file lives in the user's cache (``<cache>/locks``, see
    :func:`ecograph.userdirs.cache_home`), named by a hash of the folder, so the user's folder
    gets no extra file. A second writer waits up to ``timeout`` seconds, then fails clearly.
    Use it around a read-modify-write (load, change, save) so no update is lost. The lock is
    the portable ``filelock`` one (Windows, macOS, Linux).
    """
    folder = os.path.realpath(Path(path).parent)
    lock = _locks.get(folder)
    if lock is None:
        locks = cache_home() / "locks"
        try:
            locks.mkdir(parents=True, exist_ok=True)
        except OSError:  # no writable cache (a read-only home): the system's temp folder
            locks = Path(tempfile.gettempdir())
        name = hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        lock = _locks.setdefault(folder, FileLock(locks / f"{name}.lock"))
    try:
        lock.acquire(timeout=timeout, poll_interval=0.05)
    except Timeout:
        raise FileLockedError(
            f"{os.fspath(path)}: another process is writing this file; "
            f"waited {timeout:g} s. Try again when it has finished."
        ) from None
    try:
        yield
    finally:
        lock.release()


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
