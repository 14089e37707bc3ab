"""What the workspace has computed, kept per version of a case: each view made once.

A case's map and analysis depend only on its text (its version) and the date they are made for,
so the workspace keeps the latest few of them: the analysis the page asks for after an edit is
computed once however many tabs ask, and a second tab opening the same case gets it at once.
When two requests ask for the same view at the same time, one computes it and the other waits
for that result instead of computing it again.

Examples
--------
>>> cache = ViewCache(size=2)
>>> calls = []
>>> def compute():
...     calls.append(1)
...     return {"answer": 42}
>>> cache.get(("analysis", "case.yaml", "34de417360ebc8b8", None), compute)
{'answer': 42}
>>> cache.get(("analysis", "case.yaml", "34de417360ebc8b8", None), compute)
{'answer': 42}
>>> len(calls)
1
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["ViewCache", "VIEWS_KEPT"]

#: How many views (maps, analyses) are kept, the most recently used first.
VIEWS_KEPT = 64


class ViewCache:
    """The latest views of the cases, by key (kind, case name, version, date).

    Parameters
    ----------
    size : int
        How many views are kept; the least recently used goes first.
    """

    def __init__(self, size: int = VIEWS_KEPT) -> None:
        self.size = size
        self._views: OrderedDict[Hashable, Any] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Return the view for ``key``, computing it with ``compute`` the first time.

        The value is shared: callers must not change it.
        """
        with self._guard:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:  # one computes, the others wait for its result
            with self._guard:
                if key in self._views:
                    return self._views[key]
            try:
                value = compute()
            except BaseException:
                with self._guard:
                    self._computing.pop(key, None)
                raise
            with self._guard:
                self._views[key] = value
                while len(self._views) > self.size:
                    self._views.popitem(last=False)
                self._computing.pop(key, None)
            return value
