"""Run small dense linear algebra on one BLAS thread.

The logistic-regression fits of :mod:`ecograph.analysis.signs` multiply matrices of some ten
thousand rows by a few dozen columns.  At that size OpenBLAS's thread pool costs more than it
gains, and on a machine shared with other jobs its spinning threads make a fit ten times slower
(measured: 10 folds on Bitcoin OTC, 12 s on one thread vs 118 s with the default pool at load
11 on 2 cores).  :func:`single_blas_thread` sets the thread count of every BLAS library loaded
in the process (OpenBLAS, MKL, BLIS, Accelerate, on any OS) to 1 and restores it afterwards,
through threadpoolctl; a BLAS that threadpoolctl does not know is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

__all__ = ["single_blas_thread"]


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Limit loaded BLAS libraries to one thread inside the ``with`` block."""
    import numpy  # noqa: F401  (make sure numpy's BLAS is loaded before looking for it)

    with threadpool_limits(limits=1, user_api="blas"):
        yield
