"""Run small dense linear algebra on one BLAS thread.

The logistic-regression fits of :mod:`ecograph.analysis.signs` multiply matrices of some ten
thousand rows by a few dozen columns.  At that size OpenBLAS's thread pool costs more than it
gains, and on a machine shared with other jobs its spinning threads make a fit ten times slower
(measured: 10 folds on Bitcoin OTC, 12 s on one thread vs 118 s with the default pool at load
11 on 2 cores).  :func:`single_blas_thread` sets the thread count of every OpenBLAS library
loaded in the process to 1 and restores it afterwards; where the library or its symbols cannot be
found (another BLAS, another OS) it does nothing.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["single_blas_thread"]

_SETTERS = (
    "scipy_openblas_set_num_threads64_",
    "scipy_openblas_set_num_threads",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)
_GETTERS = (
    "scipy_openblas_get_num_threads64_",
    "scipy_openblas_get_num_threads",
    "openblas_get_num_threads64_",
    "openblas_get_num_threads",
)


def _openblas_controls() -> list[tuple[Any, Any]]:
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            maps = fh.read()
    except OSError:
        return []
    found = []
    for path in sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", maps))):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        setter = next((getattr(lib, s) for s in _SETTERS if hasattr(lib, s)), None)
        getter = next((getattr(lib, g) for g in _GETTERS if hasattr(lib, g)), None)
        if setter is not None and getter is not None:
            setter.argtypes = [ctypes.c_int]
            setter.restype = None
            getter.restype = ctypes.c_int
            found.append((setter, getter))
    return found


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Limit loaded OpenBLAS libraries to one thread inside the ``with`` block."""
    import numpy  # noqa: F401  (make sure numpy's BLAS is loaded before looking for it)

    controls = _openblas_controls()
    before = [int(get()) for _, get in controls]
    for setter, _ in controls:
        setter(1)
    try:
        yield
    finally:
        for (setter, _), count in zip(controls, before, strict=True):
            setter(count)
