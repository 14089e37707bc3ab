"""Per-user folders of ecograph: the cache (the built local Neo4j, write locks)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["cache_home"]


def cache_home() -> Path:
    """Return the per-user cache folder of ecograph (not created here).

    ``$XDG_CACHE_HOME/ecograph`` when the variable is set; otherwise the platform's cache folder
    (``%LOCALAPPDATA%`` on Windows, ``~/Library/Caches`` on macOS, ``~/.cache`` elsewhere).

    Examples
    --------
    >>> import os
    >>> os.environ["XDG_CACHE_HOME"] = "/tmp/c"
    >>> cache_home().as_posix()
    '/tmp/c/ecograph'
    >>> del os.environ["XDG_CACHE_HOME"]
    """
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        base = Path(xdg)
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path.home() / ".cache"
    return base / "ecograph"
