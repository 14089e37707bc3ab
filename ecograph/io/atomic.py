"""Writing outputs safely: checked before the work, written atomically, never over an input.

* :func:`check_output` -- before any work, whether a command may write an output path: its
  folder exists and may be written, it is not a folder (or, for a set of files, not a file),
  it is none of the command's inputs, and it does not exist unless overwriting was asked for.
  Each refusal is one :class:`~ecograph.errors.InputError` line (exit status 2) naming the path,
  what is wrong and what to do.
* :func:`atomic_write` -- a temporary file in the same folder, then a rename; never a
  half-written file. A symbolic link is followed and its target rewritten in place; the
  rewritten file keeps its mode and, where the process may keep it, its owner.
* :func:`atomic_write_set` -- a set of files (a CSV export) written all or nothing.
* :func:`locked` -- the write lock of a file, taken on the folder of its real path.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from filelock import FileLock, Timeout

from ecograph.errors import EcographError, InputError
from ecograph.userdirs import cache_home

__all__ = [
    "atomic_write",
    "atomic_write_set",
    "check_output",
    "keep_mode_and_owner",
    "locked",
    "real_path",
    "FileLockedError",
]


class FileLockedError(EcographError):
    """Another process is writing the same file and did not finish in time."""

    exit_code = 3


_locks: dict[str, FileLock] = {}
#: The threads of this process that write in one folder queue here, each woken in turn, before
#: one of them waits for the folder's file lock (which other processes share).
_queues: dict[str, threading.RLock] = {}


def real_path(path: str | os.PathLike[str]) -> Path:
    """Return the file ``path`` names, symbolic links followed (the file itself if it is none).

    A rewrite replaces this file, so a link keeps pointing at the rewritten file.
    """
    return Path(os.path.realpath(path))


def _cannot_write(
    path: str | os.PathLike[str], message: str, expected: str, option: str | None
) -> InputError:
    return InputError(message, source=os.fspath(path), field=option, expected=expected)


def _os_error(path: Path, exc: OSError, option: str | None = None) -> InputError:
    """Say in one line why ``path`` could not be written (from the error the system gave)."""
    folder = path.parent
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _cannot_write(
            path,
            f"you may not write in the folder {folder}",
            "a folder you may write to (or ask its owner for the right to write)",
            option,
        )
    if exc.errno == errno.ENOENT:
        return _cannot_write(
            path,
            f"the folder {folder} does not exist",
            f"an existing folder; create it with mkdir -p {folder}, or choose another",
            option,
        )
    if exc.errno == errno.EISDIR:
        return _cannot_write(
            path, "the output is a folder", "a file name, e.g. inside that folder", option
        )
    if exc.errno == errno.ENOSPC:
        return _cannot_write(
            path, "the disk is full; nothing was written", "room on the disk", option
        )
    return _cannot_write(
        path,
        f"cannot write it ({exc.strerror or type(exc).__name__})",
        "a file you may write",
        option,
    )


def check_output(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
    overwrite: bool = False,
    option: str | None = "--output",
    files: Sequence[str] = (),
) -> Path:
    """Check, before any work, that a command may write its output ``path``.

    Parameters
    ----------
    path : path-like
        The output: a file, or with ``files`` a folder that will hold those files.
    inputs : iterable of path-like or None
        The command's input files; the output may be none of them (links followed), even with
        ``overwrite``. ``None`` entries (options not given) are skipped.
    overwrite : bool
        An existing output file (or, with ``files``, any of them) may be replaced
        (``--force``). Without it an existing one is kept and the command refuses.
    option : str, optional
        The option naming the output, shown in the message.
    files : sequence of str
        For a folder output: the names of the files it will hold. A missing folder is fine (it
        is created); its parent folder must exist.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    InputError
        One line (exit status 2): the path, what is wrong and what to do.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> check_output(folder / "case.yaml") == folder / "case.yaml"
    True
    >>> check_output(folder / "missing" / "case.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ecograph.errors.InputError: .../missing/case.yaml: --output: the folder .../missing does ...
    """
    out = Path(path)
    for given in inputs:
        if given is not None and _same_file(out, Path(given)):
            return _refuse(
                out,
                f"this is its own input {os.fspath(given)}; writing it would destroy the input",
                "another output file",
                option,
            )
    if files:
        if out.exists() and not out.is_dir():
            return _refuse(
                out,
                f"this writes {len(files)} files, so the output must be a folder, not a file",
                "a folder name (created if missing)",
                option,
            )
        if out.is_dir():
            there = [name for name in files if (out / name).exists()]
            if there and not overwrite:
                return _refuse(
                    out,
                    f"the folder holds {', '.join(there)} already",
                    "another folder, or --force to replace those files",
                    option,
                )
            _check_folder(out, out, option)
        else:
            parent = out.parent
            while not parent.exists() and parent != parent.parent:
                parent = parent.parent  # missing folders in between are created
            _check_folder(parent, out, option)
        return out
    if out.is_dir():
        return _refuse(
            out, "the output is a folder", f"a file name, e.g. {out / ('out' + out.suffix)}", option
        )
    _check_folder(out.parent, out, option)
    if out.exists() and not overwrite:
        return _refuse(
            out, "the file exists already", "a new name, or --force to overwrite it", option
        )
    return out


def _refuse(out: Path, message: str, expected: str, option: str | None) -> Path:
    raise _cannot_write(out, message, expected, option)


def _check_folder(folder: Path, out: Path, option: str | None) -> None:
    folder = folder if os.fspath(folder) else Path(".")
    if not folder.exists():
        raise _os_error(out, FileNotFoundError(errno.ENOENT, "missing"), option)
    if not folder.is_dir():
        raise _cannot_write(
            out, f"{folder} is a file, not a folder", "a path inside a folder", option
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _os_error(folder / out.name, PermissionError(errno.EACCES, "read-only"), option)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return os.path.realpath(a) == os.path.realpath(b)


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock for writing ``path`` (re-entrant in one process).

    The lock is taken on the file's folder, so it survives the rename of an atomic write. Its
    lock file lives in the user's cache (``<cache>/locks``, see
    :func:`ecograph.userdirs.cache_home`), named by a hash of the folder, so the user's folder
    gets no extra file. A second writer waits up to ``timeout`` seconds, then fails clearly.
    Use it around a read-modify-write (load, change, save) so no update is lost. The lock is
    the portable ``filelock`` one (Windows, macOS, Linux); the threads of one process (the
    workspace's clients) queue for it in turn, so none waits longer than the writes before it.
    """
    folder = os.fspath(real_path(path).parent)
    lock = _locks.get(folder)
    if lock is None:
        locks = cache_home() / "locks"
        try:
            locks.mkdir(parents=True, exist_ok=True)
        except OSError:  # no writable cache (a read-only home): the system's temp folder
            locks = Path(tempfile.gettempdir())
        name = hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        lock = _locks.setdefault(folder, FileLock(locks / f"{name}.lock"))
    # The file lock is polled; many threads polling it take turns by chance, and one may lose
    # for as long as it waits. Threads of this process queue first, woken one by one.
    queue = _queues.setdefault(folder, threading.RLock())
    start = time.monotonic()
    try:
        if not queue.acquire(timeout=timeout):
            raise Timeout(folder)
        try:
            left = max(0.0, timeout - (time.monotonic() - start))
            lock.acquire(timeout=left, poll_interval=0.05)
        except BaseException:
            queue.release()
            raise
    except Timeout:
        raise FileLockedError(
            f"{os.fspath(path)}: another process is writing this file; "
            f"waited {timeout:g} s. Try again when it has finished."
        ) from None
    try:
        yield
    finally:
        lock.release()
        queue.release()


def atomic_write(
    path: str | os.PathLike[str], data: str | bytes, *, lock: bool = True, timeout: float = 10.0
) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename).

    A symbolic link is followed: its target is rewritten in place, in the target's folder,
    and the link stays a link. A file that existed keeps its mode and, where the process may
    keep it, its owner and group (root may; another user keeps the group when it is one of
    theirs). A new file is private to its owner (mode 0600): case files hold case data.

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

    Raises
    ------
    InputError
        The folder is missing or may not be written, the path is a folder, or the disk is full:
        one line naming the path; nothing was changed.
    FileLockedError
        Another process held the lock longer than ``timeout``.
    """
    target = real_path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    ctx = locked(target, timeout) if lock else contextlib.nullcontext()
    with ctx:
        if target.is_dir():
            raise _os_error(target, IsADirectoryError(errno.EISDIR, "folder"))
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            raise _os_error(target, exc) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            keep_mode_and_owner(target, tmp)
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise _os_error(target, exc) from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def atomic_write_set(
    folder: str | os.PathLike[str], files: Mapping[str, str | bytes], *, timeout: float = 10.0
) -> list[Path]:
    """Write a set of files into ``folder``, all or nothing; return their paths.

    The set is written into a temporary folder first, each file flushed to disk. Only when
    every file is written does it replace the old set: a new folder appears by one rename; in
    an existing folder (which may hold other files, left alone) the files are moved in by one
    rename each, under the folder's write lock, after all the work that can fail (encoding,
    a full disk) is done. A failure before that leaves the earlier set whole and no temporary
    files behind.

    Parameters
    ----------
    folder : path-like
        Created (with its parents) if missing.
    files : mapping of str to str or bytes
        File name (no folder part) to content; text is written as UTF-8.
    timeout : float
        Seconds to wait for another writer of the folder.

    Raises
    ------
    InputError
        The folder is a file, or cannot be written (one line; nothing was changed).
    """
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise _os_error(out, NotADirectoryError(errno.ENOTDIR, "file"))
    new = not out.exists()
    try:
        if new:
            out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(
            tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent if new else out)
        )
    except OSError as exc:
        raise _os_error(out / next(iter(files), "file"), exc) from None
    try:
        for name, data in files.items():
            payload = data.encode("utf-8") if isinstance(data, str) else data
            fd = os.open(stage / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
        if new:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(stage, 0o777 & ~mask)
            os.rename(stage, out)
        else:
            with locked(out / next(iter(files), "file"), timeout):
                for name in files:
                    keep_mode_and_owner(out / name, stage / name)
                for name in files:
                    os.replace(stage / name, out / name)
            stage.rmdir()
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise _os_error(out / "file", exc) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return [out / name for name in files]


def keep_mode_and_owner(old: str | os.PathLike[str], new: str | os.PathLike[str]) -> None:
    """Give ``new`` the mode, and where allowed the owner and group, of ``old`` (if it exists).

    Root may give any owner; another user may keep the group when it is one of theirs, and
    otherwise the file becomes theirs (the system allows no more).
    """
    try:
        st = os.stat(old)
    except FileNotFoundError:
        return
    os.chmod(new, stat.S_IMODE(st.st_mode))
    for uid, gid in ((st.st_uid, st.st_gid), (-1, st.st_gid)):
        try:
            os.chown(new, uid, gid)
            return
        except PermissionError:
            continue
