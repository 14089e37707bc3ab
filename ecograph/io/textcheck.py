r"""Characters an exchange format cannot hold: found before anything is written.

XML 1.0 (GraphML, GEXF) cannot hold most control characters (NUL, U+0001..U+0008, vertical
tab, form feed, U+000E..U+001F), nor U+FFFE and U+FFFF: a file holding one is not XML, and
every tool refuses it. CSV can hold anything except NUL, which spreadsheets and ecograph's own
reader take as the sign of a binary file. :func:`check_writable` lists every such character with
the field that holds it (never the text around it), so an export either writes a file that reads
back or writes nothing.

Examples
--------
>>> from ecograph.model import Actor, Case
>>> case = Case(id="c", title="T", actors=[Actor(id="a", name="A\x01")])
>>> print(unwritable(case, "GraphML")[0].render())
actors[0].name: contains the control character U+0001, which GraphML cannot hold (expected ...)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from ecograph.errors import CaseFileError, Problem
from ecograph.io.problems import format_path
from ecograph.model import Case

__all__ = ["check_writable", "unwritable"]

TextFormat = Literal["GraphML", "GEXF", "CSV"]
#: What each format cannot hold: XML 1.0's excluded characters; NUL for CSV.
_FORBIDDEN: dict[str, re.Pattern[str]] = {
    "GraphML": re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"),
    "GEXF": re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"),
    "CSV": re.compile("\x00"),
}


def _strings(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield (*loc, "<key>"), str(k)
            yield from _strings(v, (*loc, str(k)))
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _strings(v, (*loc, i))


def unwritable(case: Case, fmt: TextFormat) -> list[Problem]:
    """Return one problem for each text field of ``case`` that ``fmt`` cannot hold.

    Parameters
    ----------
    case : Case
        The case to be written.
    fmt : {"GraphML", "GEXF", "CSV"}
        The format.

    Returns
    -------
    list of Problem
        Each names the field and the character (as ``U+XXXX``), never the text.
    """
    bad = _FORBIDDEN[fmt]
    found = []
    for loc, text in _strings(case.model_dump(mode="json", exclude_defaults=True), ()):
        m = bad.search(text)
        if m is not None:
            found.append(
                Problem(
                    f"contains the control character U+{ord(m.group()):04X}, which {fmt} "
                    "cannot hold",
                    field=format_path(loc),
                    expected="text without control characters: remove it from the case file, "
                    "or export to JSON",
                )
            )
    return found


def check_writable(case: Case, fmt: TextFormat) -> None:
    """Raise :class:`CaseFileError` listing every field ``fmt`` cannot hold.

    See :func:`unwritable`.
    """
    found = unwritable(case, fmt)
    if found:
        raise CaseFileError(found, source=f"{fmt} export of case {case.id!r}")
