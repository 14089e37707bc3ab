"""Text output on any console: what the console's encoding cannot show is written in ASCII.

A console that is not UTF-8 (``PYTHONIOENCODING=ascii``, an old Windows code page) cannot
encode typographic characters such as '…', '–' or '→', nor names such as 'José' or '王小明'.
Rather than crash, ecograph writes such characters as their nearest ASCII spelling ('...',
'-', '->', 'Jose') and anything else as '?'.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata

__all__ = ["ERRORS", "use_ascii_fallback"]

#: The name of the codec error handler registered by :func:`use_ascii_fallback`.
ERRORS = "ecograph-ascii"

_NEAREST = {
    "\u2026": "...",
    "\u2013": "-",
    "\u2014": "--",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2192": "->",
    "\u2190": "<-",
    "\u2194": "<->",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00b7": "-",
    "\u2022": "*",
    "\u00d7": "x",
    "\u00a0": " ",
}


def _nearest(char: str) -> str:
    if char in _NEAREST:
        return _NEAREST[char]
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return plain or "?"


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(_nearest(c) for c in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(ERRORS, _fallback)


def use_ascii_fallback() -> None:
    """Make standard output and error write what their encoding lacks as ASCII look-alikes.

    Streams that encode UTF-8 (or any UTF) are left as they are.

    Examples
    --------
    >>> "José … 王".encode("ascii", errors=ERRORS)
    b'Jose ... ?'
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding.startswith("utf") or reconfigure is None:
            continue
        reconfigure(errors=ERRORS)
