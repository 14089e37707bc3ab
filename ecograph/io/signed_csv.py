"""Read signed edge lists (``source,target,sign[,weight][,time]``) and group files (``node,group``).

The format is the one of the real networks in ``/work/shared/data/signed``:

* a header row naming the columns; ``source``, ``target`` and ``sign`` are required, ``weight``
  and ``time`` optional, other columns are ignored;
* ``sign`` is ``1``/``+1`` or ``-1``;
* ``weight`` is the strength of the tie.  It may be given as a magnitude (``>= 0``) or as a
  signed rating whose sign agrees with ``sign`` (the Bitcoin OTC files store the rating
  -10..+10 there); ecograph keeps the magnitude and the sign separately;
* ``time`` is any number (for example seconds since the epoch).

Errors name the file, the line, the column, what was found and what is expected, and are
:class:`ecograph.errors.InputError`.
"""

from __future__ import annotations

import csv
import math
from os import PathLike

import networkx as nx

from ecograph.errors import InputError
from ecograph.io.problems import read_input_text

__all__ = ["read_groups", "read_signed_edges"]

REQUIRED = ("source", "target", "sign")
OPTIONAL = ("weight", "time")


def _open_rows(path: str | PathLike[str]) -> tuple[str, list[tuple[int, list[str]]], list[str]]:
    name = str(path)
    text = read_input_text(path, "CSV file", encoding="utf-8-sig", expected="a UTF-8 CSV file")
    reader = csv.reader(text.splitlines())
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for row in reader:
            if not row or all(not cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                continue
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", source=name, line=reader.line_num) from None
    if header is None:
        raise InputError("the file is empty", source=name, expected="a header row and data rows")
    return name, rows, header


def _column_index(
    name: str, header: list[str], required: tuple[str, ...], optional: tuple[str, ...]
) -> dict[str, int]:
    index: dict[str, int] = {}
    for col in (*required, *optional):
        if header.count(col) > 1:
            raise InputError(
                f"column {col!r} appears {header.count(col)} times in the header",
                source=name,
                line=1,
                field=col,
                expected="each column once",
            )
        if col in header:
            index[col] = header.index(col)
    missing = [col for col in required if col not in index]
    if missing:
        raise InputError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(header is {','.join(header)})",
            source=name,
            line=1,
            field=missing[0],
            expected="a header " + ",".join(required) + "".join(f"[,{c}]" for c in optional),
        )
    return index


def _cell(name: str, line: int, row: list[str], index: dict[str, int], col: str) -> str:
    pos = index[col]
    if pos >= len(row):
        raise InputError(
            f"the row has {len(row)} fields, so column {col!r} is missing",
            source=name,
            line=line,
            field=col,
            expected=f"at least {pos + 1} comma-separated fields",
        )
    return row[pos].strip()


def _number(name: str, line: int, col: str, text: str, expected: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(f"{col} is {text!r}", source=name, line=line, field=col, expected=expected)
    return value


def read_signed_edges(path: str | PathLike[str], *, directed: bool | None = None) -> nx.Graph:
    r"""Read a signed edge list into a signed graph.

    Parameters
    ----------
    path : str or path-like
        CSV file with the header ``source,target,sign[,weight][,time]``.
    directed : bool, optional
        Build a :class:`networkx.DiGraph` (True) or :class:`networkx.Graph` (False).  By default
        the file decides: it is directed when some pair appears in both orders (``a,b`` and
        ``b,a``), as undirected files list each pair once.  Pass ``directed=True`` for a directed
        network without reciprocated ties.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes are the ids as strings, in order of first appearance; every edge has ``sign``
        (+1/-1) and ``weight`` (the magnitude, 1.0 when the column is absent), and ``time``
        when the column is present.

    Raises
    ------
    InputError
        With the file, line and column of the first problem: a missing file or column, an empty
        id, a sign other than +1/-1, a weight or time that is not a finite number, a weight whose
        sign contradicts ``sign``, a self-loop, or a duplicate edge (with the line of the first).

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "e.csv")
    >>> _ = open(p, "w").write("source,target,sign,weight\na,b,1,3\nb,c,-1,-2\n")
    >>> g = read_signed_edges(p)
    >>> g.is_directed(), g["b"]["c"]
    (False, {'sign': -1, 'weight': 2.0})
    """
    name, rows, header = _open_rows(path)
    index = _column_index(name, header, REQUIRED, OPTIONAL)
    has_weight = "weight" in index
    has_time = "time" in index
    # the weight column holds signed ratings (as in Bitcoin OTC) when any weight is negative
    signed_ratings = has_weight and any(
        index["weight"] < len(row) and row[index["weight"]].strip().startswith("-")
        for _, row in rows
    )
    parsed: list[tuple[int, str, str, int, float, float | None]] = []
    for line, row in rows:
        src = _cell(name, line, row, index, "source")
        dst = _cell(name, line, row, index, "target")
        for col, value in (("source", src), ("target", dst)):
            if not value:
                raise InputError(
                    f"empty {col}", source=name, line=line, field=col, expected="a node id"
                )
        if src == dst:
            raise InputError(
                f"self-loop on node {src!r}",
                source=name,
                line=line,
                field="target",
                expected="a target different from the source",
            )
        sign_text = _cell(name, line, row, index, "sign")
        if sign_text in ("1", "+1", "1.0", "+1.0"):
            sign = 1
        elif sign_text in ("-1", "-1.0"):
            sign = -1
        else:
            raise InputError(
                f"sign is {sign_text!r}", source=name, line=line, field="sign", expected="1 or -1"
            )
        weight = 1.0
        if has_weight:
            weight = _number(
                name, line, "weight", _cell(name, line, row, index, "weight"), "a finite number"
            )
            if weight < 0:
                if sign > 0:
                    raise InputError(
                        f"weight {weight:g} is negative but sign is +1",
                        source=name,
                        line=line,
                        field="weight",
                        expected="a magnitude >= 0, or a signed rating with the same sign",
                    )
                weight = -weight
            elif weight > 0 and sign < 0 and signed_ratings:
                raise InputError(
                    f"weight {weight:g} is positive but sign is -1, while other rows store "
                    "signed ratings",
                    source=name,
                    line=line,
                    field="weight",
                    expected="a negative rating for a negative tie",
                )
        time: float | None = None
        if has_time:
            time = _number(
                name, line, "time", _cell(name, line, row, index, "time"), "a finite number"
            )
        parsed.append((line, src, dst, sign, weight, time))
    if directed is None:
        pairs = {(s, t) for _, s, t, *_ in parsed}
        directed = any((t, s) in pairs for s, t in pairs)
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    first_line: dict[tuple[str, str], int] = {}
    for line, src, dst, sign, weight, time in parsed:
        key = (src, dst) if directed else (min(src, dst), max(src, dst))
        if key in first_line:
            raise InputError(
                f"duplicate {'edge' if directed else 'pair'} {src} - {dst} "
                f"(first on line {first_line[key]})",
                source=name,
                line=line,
                field="target",
                expected="one row per " + ("ordered pair" if directed else "unordered pair"),
            )
        first_line[key] = line
        attrs: dict[str, float | int] = {"sign": sign, "weight": weight}
        if time is not None:
            attrs["time"] = time
        g.add_edge(src, dst, **attrs)
    return g


def read_groups(path: str | PathLike[str]) -> dict[str, str]:
    """Read a ground-truth group file with the header ``node,group``.

    Parameters
    ----------
    path : str or path-like
        CSV file.

    Returns
    -------
    dict
        Node id -> group label (both strings).

    Raises
    ------
    InputError
        For a missing file or column, an empty value, or a node listed twice.
    """
    name, rows, header = _open_rows(path)
    index = _column_index(name, header, ("node", "group"), ())
    groups: dict[str, str] = {}
    for line, row in rows:
        node = _cell(name, line, row, index, "node")
        group = _cell(name, line, row, index, "group")
        for col, value in (("node", node), ("group", group)):
            if not value:
                raise InputError(
                    f"empty {col}", source=name, line=line, field=col, expected="a value"
                )
        if node in groups:
            raise InputError(
                f"node {node!r} is listed twice",
                source=name,
                line=line,
                field="node",
                expected="one row per node",
            )
        groups[node] = group
    return groups
