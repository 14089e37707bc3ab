"""CSV interchange: a case as spreadsheet-friendly tables (actors, relationships, and more).

Column names follow Kumu's where Kumu has one (``Label``, ``Type``, ``Description``, ``Tags``
for elements; ``From``, ``To``, ``Type``, ``Strength`` for connections), so the files import
into Kumu as they are. The full mapping is in ``docs/interchange.md``. Lists (roles, groups,
mandated ends) sit in one cell separated by ``|``, Kumu's own separator for multiple values.

Five files: ``actors.csv`` and ``relationships.csv`` (one row each), and, when wanted,
``relationship-history.csv`` (one row per dated observation), ``goals.csv`` (one row per stance) and
``agreements.csv`` (one row per party). They do not carry perceptions (one side's view without
a date) or the case's description, author and dates: :func:`not_carried` lists what an export
leaves behind.

Reading is as strict as case files: every problem is listed with the file, the line (the
spreadsheet row; the header is row 1), the column number and name, what is wrong, what is
expected and a suggestion for a near miss.

Examples
--------
>>> from ecograph.io.casefile import loads_case
>>> case = loads_case('''
... ecograph: 1
... id: demo
... title: Demo
... actors:
...   - {id: worker, name: Worker, roles: [change_agent]}
...   - {id: family, name: The family, kind: family, roles: [client, target]}
... relationships:
...   - {source: worker, target: family, type: agreement, basis: law, strength: 0.5}
... ''')
>>> tables = dumps_csv(case)
>>> print(tables["actors.csv"], end="")
ID,Label,Type,Tags,Power,Voluntariness,Member Of,Expects Moderate Demands,Joined,Description
worker,Worker,individual,change_agent,0.5,,,,,
family,The family,family,client|target,0.5,,,,,
>>> print(tables["relationships.csv"].splitlines()[1])
worker~family,worker,family,agreement,0.5,,,,law,,,
>>> loads_csv(tables["actors.csv"], tables["relationships.csv"], case_id="demo",
...           title="Demo") == case
True
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ecograph.errors import CaseFileError, InputError, Problem
from ecograph.io.atomic import atomic_write_set
from ecograph.io.problems import (
    clean_loc,
    decode_input_text,
    describe_value,
    parse_path,
    problem_from_error,
    read_input_bytes,
)
from ecograph.io.textcheck import check_writable
from ecograph.model import (
    Actor,
    Agreement,
    Case,
    Goal,
    Observation,
    Relationship,
    Stance,
    check_case,
    pair_key,
)
from ecograph.model.base import AttrValue
from ecograph.model.rules import suggest

__all__ = [
    "ACTOR_COLUMNS",
    "RELATIONSHIP_COLUMNS",
    "HISTORY_COLUMNS",
    "GOAL_COLUMNS",
    "AGREEMENT_COLUMNS",
    "FILE_NAMES",
    "dumps_csv",
    "write_csv",
    "loads_csv",
    "read_csv",
    "decode_csv",
    "not_carried",
]

#: List separator inside one cell (Kumu's separator for multi-valued fields).
SEP = "|"
#: File names written by :func:`write_csv`.
FILE_NAMES = (
    "actors.csv",
    "relationships.csv",
    "relationship-history.csv",
    "goals.csv",
    "agreements.csv",
)
#: Prefix of an attribute column whose plain name would be read as a known column.
ATTR_PREFIX = "attribute:"


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, the model field it fills and the other names accepted."""

    header: str
    field: str
    kind: str  # text, id, ids, number, enum, enums, date, bool
    aliases: tuple[str, ...] = ()
    help: str = ""


ACTOR_COLUMNS = (
    Column("ID", "id", "id", (), "stable id; Kumu files without it use the Label as id"),
    Column("Label", "name", "text", ("name",), "display name"),
    Column("Type", "kind", "enum", ("kind",), "individual, family, group, organization, community"),
    Column("Tags", "roles", "enums", ("roles", "role", "systems"), "systems, e.g. client|target"),
    Column("Power", "power", "number", (), "0..1"),
    Column("Voluntariness", "voluntariness", "enum", (), "voluntary, involuntary, mandated"),
    Column("Member Of", "member_of", "ids", ("groups",), "ids of groups, e.g. family|school"),
    Column(
        "Expects Moderate Demands",
        "expects_moderate_demands",
        "bool",
        (),
        "target counts on more moderate requirements: true or false",
    ),
    Column("Joined", "joined", "date", (), "YYYY-MM-DD: when the actor joined the case"),
    Column("Description", "notes", "text", ("notes",), "free text"),
)
RELATIONSHIP_COLUMNS = (
    Column("ID", "id", "id", (), "id; From~To when the case gives none"),
    Column("From", "source", "id", ("source",), "actor id"),
    Column("To", "target", "id", ("target",), "actor id"),
    Column("Type", "type", "enum", (), "cooperation, agreement or conflict"),
    Column("Strength", "strength", "number", (), "0..1"),
    Column("Cooperation", "mix.cooperation", "number", (), "mix weight"),
    Column("Agreement", "mix.agreement", "number", (), "mix weight"),
    Column("Conflict", "mix.conflict", "number", (), "mix weight"),
    Column("Basis", "basis", "enum", (), "culture, compromise, exchange, ..., law"),
    Column("Terms", "terms", "text", (), "what was agreed"),
    Column("Mandated", "mandated", "ids", (), "ends mandated into it, e.g. client"),
    Column("Description", "notes", "text", ("notes",), "free text"),
)
#: The history sheet starts with the relationship's ID and names its ends "Source Actor" and
#: "Target Actor", not From and To, so that neither Kumu nor a reader takes it for a
#: connections sheet (From and To are still read, as in older files).
HISTORY_COLUMNS = (
    Column("Relationship", "relationship", "id", (), "the relationship's ID in relationships.csv"),
    Column("Source Actor", "source", "id", ("from", "source"), "actor id"),
    Column("Target Actor", "target", "id", ("to", "target"), "actor id"),
    Column("Date", "date", "date", (), "YYYY-MM-DD"),
    Column("Type", "type", "enum", (), "cooperation, agreement or conflict"),
    Column("Strength", "strength", "number", (), "0..1"),
    Column("Cooperation", "mix.cooperation", "number", (), "mix weight"),
    Column("Agreement", "mix.agreement", "number", (), "mix weight"),
    Column("Conflict", "mix.conflict", "number", (), "mix weight"),
    Column("Perceived By", "perceived_by", "id", (), "id of the side whose view it is"),
    Column("Recorded By", "recorded_by", "text", (), "who recorded it"),
    Column("Ended", "ended", "bool", (), "true when the relationship ended here"),
    Column("Note", "note", "text", ("notes", "description"), "free text"),
)
GOAL_COLUMNS = (
    Column("Goal", "id", "id", ("goal id",), "goal id (one row per stance)"),
    Column("Description", "description", "text", (), "what is to be achieved"),
    Column("Actor", "actor", "id", (), "id of the actor taking the stance"),
    Column("Stance", "stance", "number", (), "-1 opposes ... +1 supports"),
    Column("Weight", "weight", "number", (), "0..1, how much the goal matters to the actor"),
)
AGREEMENT_COLUMNS = (
    Column("Agreement", "id", "id", ("agreement id",), "agreement id (one row per party)"),
    Column("Basis", "basis", "enum", (), "culture, compromise, exchange, ..., law"),
    Column("Status", "status", "enum", (), "proposed, concluded, kept, broken, ended"),
    Column("Terms", "terms", "text", (), "what was agreed"),
    Column("Start", "start", "date", (), "YYYY-MM-DD"),
    Column("End", "end", "date", (), "YYYY-MM-DD"),
    Column("Convener", "convener", "id", (), "id of the actor who convened it"),
    Column("Party", "actor", "id", (), "id of a party"),
    Column("Gives", "gives", "text", (), "what the party gives"),
    Column("Gets", "gets", "text", (), "what the party gets"),
)
_MIX = ("cooperation", "agreement", "conflict")


def _close(value: str, choices: Sequence[str], cutoff: float = 0.8) -> str | None:
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().lower())


# ------------------------------------------------------------------------------- writing
def _num(x: float | int | None) -> str:
    return "" if x is None else repr(x)


def _attr_text(v: AttrValue) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v if isinstance(v, str) else repr(v)


def _join(ids: Sequence[str], what: str) -> str:
    for i in ids:
        if SEP in i:
            raise InputError(
                f"the {what} id {i!r} contains '{SEP}', which separates list items in CSV",
                field=what,
                expected=f"ids without '{SEP}' (rename it in the case file first)",
            )
    return SEP.join(ids)


def _attr_header(key: str, known: Sequence[Column]) -> str:
    names = [_norm(n) for c in known for n in (c.header, c.field, *c.aliases)]
    nk = _norm(key)
    clash = not nk or nk.startswith(_norm(ATTR_PREFIX)) or _close(nk, names) is not None
    return ATTR_PREFIX + key if clash else key


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    # Python's writer leaves a lone carriage return unquoted, which a reader then takes for the
    # end of the row: such a row is written with every cell quoted.
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    w.writerow(header)
    for row in rows:
        (quoted if any("\r" in cell for cell in row) else w).writerow(row)
    return buf.getvalue()


def dumps_csv(case: Case) -> dict[str, str]:
    """Return the CSV text of each file (see :data:`FILE_NAMES`).

    Parameters
    ----------
    case : Case
        The case to write.

    Returns
    -------
    dict of str to str
        File name to CSV text. Free attributes of actors become extra columns named by their
        key (prefixed ``attribute:`` where the plain key would read as a known column).

    Raises
    ------
    InputError
        If an id in a list cell contains ``|``, or a text holds NUL (see
        :mod:`ecograph.io.textcheck`).
    """
    check_writable(case, "CSV")
    keys: list[str] = []
    for a in case.actors:
        keys.extend(k for k in a.attributes if k not in keys)
    attr_headers = [_attr_header(k, ACTOR_COLUMNS) for k in keys]
    actors = [
        [
            a.id,
            a.name,
            a.kind.value,
            SEP.join(r.value for r in a.roles),
            _num(a.power),
            a.voluntariness.value if a.voluntariness else "",
            _join(a.member_of, "group"),
            ""
            if a.expects_moderate_demands is None
            else str(a.expects_moderate_demands).lower(),
            a.joined.isoformat() if a.joined else "",
            a.notes or "",
            *(_attr_text(a.attributes[k]) if k in a.attributes else "" for k in keys),
        ]
        for a in case.actors
    ]
    rels, hist = [], []
    for r in case.relationships:
        if r.history:
            state = r.state()
            assert state is not None
            kind, strength, mix = state.type.value, _num(state.strength), ["", "", ""]
        else:
            kind = r.type.value if r.type else ""
            strength = _num(r.strength)
            mix = [_num(getattr(r.mix, t)) if r.mix else "" for t in _MIX]
        rels.append(
            [
                r.key,  # Kumu needs an ID on every row; From~To is read back as no id
                r.source,
                r.target,
                kind,
                strength,
                *mix,
                r.basis.value if r.basis else "",
                r.terms or "",
                _join(r.mandated, "mandated"),
                r.notes or "",
            ]
        )
        for o in r.history:
            hist.append(
                [
                    r.key,
                    r.source,
                    r.target,
                    o.date.isoformat(),
                    o.type.value if o.type else "",
                    _num(o.strength),
                    *(_num(getattr(o.mix, t)) if o.mix else "" for t in _MIX),
                    o.perceived_by or "",
                    o.recorded_by or "",
                    "true" if o.ended else "",
                    o.note or "",
                ]
            )
    goals = []
    for g in case.goals:
        stances: list[Stance | None] = [*g.stances] or [None]
        for st in stances:
            goals.append(
                [g.id, g.description]
                + (["", "", ""] if st is None else [st.actor, _num(st.stance), _num(st.weight)])
            )
    agreements = []
    for ag in case.agreements:
        head = [
            ag.id,
            ag.basis.value,
            ag.status.value,
            ag.terms or "",
            ag.start.isoformat() if ag.start else "",
            ag.end.isoformat() if ag.end else "",
            ag.convener or "",
        ]
        for party in ag.parties:
            agreements.append(head + [party.actor, party.gives or "", party.gets or ""])
    return {
        "actors.csv": _table([c.header for c in ACTOR_COLUMNS] + attr_headers, actors),
        "relationships.csv": _table([c.header for c in RELATIONSHIP_COLUMNS], rels),
        "relationship-history.csv": _table([c.header for c in HISTORY_COLUMNS], hist),
        "goals.csv": _table([c.header for c in GOAL_COLUMNS], goals),
        "agreements.csv": _table([c.header for c in AGREEMENT_COLUMNS], agreements),
    }


def write_csv(case: Case, folder: str | os.PathLike[str]) -> list[Path]:
    """Write the five CSV files (see :data:`FILE_NAMES`) into ``folder``, all or nothing.

    The folder is created if needed. The set is written aside first and swapped in only when
    every file is written (:func:`~ecograph.io.atomic.atomic_write_set`), so a failure leaves
    the earlier export whole. Returns the paths.
    """
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise InputError(
            "CSV export writes several files, so the output must be a folder",
            source=os.fspath(out),
            expected="a folder name (created if missing)",
        )
    return atomic_write_set(out, dumps_csv(case))


def not_carried(case: Case) -> list[str]:
    """Return what a CSV export of ``case`` leaves behind, in words (empty if nothing).

    Examples
    --------
    >>> import datetime as dt
    >>> from ecograph.model import Case
    >>> not_carried(Case(id="c", title="T", start=dt.date(2026, 1, 1)))
    ["the case's start"]
    """
    out = []
    n = sum(len(r.perceptions) for r in case.relationships)
    if n:
        out.append(f"{n} undated perception(s)")
    meta = [k for k in ("description", "author", "start", "end") if getattr(case, k) is not None]
    if meta:
        out.append("the case's " + ", ".join(meta))
    return out


# ------------------------------------------------------------------------------- reading
@dataclass
class _Row:
    line: int
    cells: dict[str, tuple[int, str]]  # field -> (1-based column, raw text)
    extra: dict[str, tuple[int, str]] = field(default_factory=dict)  # attribute -> (col, text)


@dataclass
class _Sheet:
    name: str
    columns: Sequence[Column]
    header: dict[str, int] = field(default_factory=dict)  # field -> column number
    rows: list[_Row] = field(default_factory=list)

    def col(self, name: str) -> int | None:
        return self.header.get(name)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _parse_sheet(
    text: str,
    name: str,
    columns: Sequence[Column],
    problems: list[Problem],
    *,
    allow_extra: bool,
) -> _Sheet:
    sheet = _Sheet(name, columns)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        problems.append(Problem("contains NUL bytes: not a CSV text file", source=name))
        return sheet
    first = text.split("\n", 1)[0]
    # A cell may be as long as the text (a long note); the reader's default limit is 128 KB.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    lookup = {_norm(n): c for c in columns for n in (c.header, c.field, *c.aliases)}
    known = [c.header for c in columns]
    prev = 0
    header: list[str] | None = None
    extra: dict[int, str] = {}
    try:
        for cells in reader:
            line, prev = prev + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = cells
                for i, h in enumerate(cells, start=1):
                    key = _norm(h)
                    col = lookup.get(key)
                    if col is not None:
                        if col.field in sheet.header:
                            problems.append(
                                Problem(
                                    f"the column {col.header!r} is given twice "
                                    f"(also column {sheet.header[col.field]})",
                                    line=line,
                                    column=i,
                                    source=name,
                                    field=h.strip(),
                                    expected="each column once",
                                )
                            )
                        sheet.header[col.field] = i
                    elif not key:
                        if any(c.strip() for c in cells[i:]):
                            problems.append(
                                Problem(
                                    "a column has no name",
                                    line=line,
                                    column=i,
                                    source=name,
                                    expected="a header in every used column",
                                )
                            )
                    elif allow_extra and not _near_miss(h, known):
                        extra[i] = h.strip().removeprefix(ATTR_PREFIX).strip()
                    else:
                        problems.append(
                            Problem(
                                f"unknown column {h.strip()!r}",
                                line=line,
                                column=i,
                                source=name,
                                field=h.strip(),
                                expected="one of: "
                                + ", ".join(known)
                                + (
                                    " (other columns become free attributes)" if allow_extra else ""
                                ),
                                suggestion=_near_miss(h, known) or suggest(h.strip(), known),
                            )
                        )
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                problems.append(
                    Problem(
                        f"this row has {len(cells)} cells but the header names {len(header)}",
                        line=line,
                        column=len(header) + 1,
                        source=name,
                        expected="one cell per column (quote cells that contain the separator)",
                    )
                )
            row = _Row(line, {})
            for f, i in sheet.header.items():
                if i <= len(cells):
                    row.cells[f] = (i, cells[i - 1])
            for i, key in extra.items():
                if i <= len(cells) and cells[i - 1] != "":
                    row.extra[key] = (i, cells[i - 1])
            sheet.rows.append(row)
    except csv.Error as exc:
        problems.append(
            Problem(
                f"not valid CSV: {exc}",
                line=reader.line_num or None,
                source=name,
                expected='comma-separated cells, quoted with " where needed',
            )
        )
    if header is None:
        problems.append(
            Problem(
                "the file is empty",
                line=1,
                source=name,
                expected="a header row: " + ", ".join(known),
            )
        )
    return sheet


def _near_miss(header: str, known: Sequence[str]) -> str | None:
    return _close(header.strip(), known) if not header.strip().startswith(ATTR_PREFIX) else None


def _required(sheet: _Sheet, fields: Sequence[str], problems: list[Problem]) -> bool:
    missing = [c.header for c in sheet.columns if c.field in fields and c.field not in sheet.header]
    for h in missing:
        problems.append(
            Problem(
                f"the column {h!r} is missing",
                line=1,
                source=sheet.name,
                expected="a header row with "
                + ", ".join(c.header for c in sheet.columns if c.field in fields),
            )
        )
    return not missing


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def _convert(col: Column, text: str) -> Any:
    """Return the cell as model input (None when empty); ValueError with a message if bad."""
    raw = text if col.kind == "text" else text.strip()
    if raw.strip() == "":
        return None
    if col.kind in ("id", "text"):
        return raw
    if col.kind == "number":
        value = raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw
        if not _NUMBER.match(value) and value.lower() not in ("nan", "inf", "-inf"):
            raise ValueError("not a number")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return number
    if col.kind == "enum":
        return raw  # the vocabulary reads case and spelling variants, and errors echo the cell
    if col.kind == "enums":
        return [x.strip() for x in raw.split(SEP) if x.strip()]
    if col.kind == "ids":
        return [x.strip() for x in raw.split(SEP) if x.strip()]
    if col.kind == "bool":
        low = raw.lower()
        if low in ("true", "yes", "y", "1", "x"):
            return True
        if low in ("false", "no", "n", "0"):
            return False
        raise ValueError("not true or false")
    return raw  # date: pydantic parses it


def _sniff(text: str) -> AttrValue:
    """Return an attribute cell as a bool, an int, a float or the text itself."""
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    if re.fullmatch(r"[+-]?\d{1,15}", text.strip()):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", text.strip()):
        number = float(text)
        return number if math.isfinite(number) else text
    return text


def _row_data(sheet: _Sheet, row: _Row, problems: list[Problem]) -> dict[str, Any] | None:
    """Return the row as nested model input, or None if a cell could not be read."""
    data: dict[str, Any] = {}
    ok = True
    by_field = {c.field: c for c in sheet.columns}
    for f, (i, text) in row.cells.items():
        col = by_field[f]
        try:
            value = _convert(col, text)
        except ValueError as exc:
            ok = False
            word = col.kind in ("id", "ids", "enum", "enums", "date")
            shown = (
                "" if col.kind == "text" else f" (got {describe_value(text.strip(), word=word)})"
            )
            problems.append(
                Problem(
                    f"{exc}{shown}",
                    field=col.header,
                    line=row.line,
                    column=i,
                    source=sheet.name,
                    expected=col.help or None,
                )
            )
            continue
        if value is None:
            continue
        if f.startswith("mix."):
            data.setdefault("mix", {})[f[4:]] = value
        else:
            data[f] = value
    return data if ok else None


def _locate(sheet: _Sheet, row: _Row, p: Problem, loc: Sequence[str | int]) -> Problem:
    """Place a model problem at its row and column (the first field of ``loc`` names it)."""
    fields = [x for x in loc if isinstance(x, str)]
    col: Column | None = None
    for c in sheet.columns:
        if fields and (c.field == fields[0] or c.field == ".".join(fields[:2])):
            col = c
            break
    number = row.cells.get(col.field, (None, ""))[0] if col else None
    if col is None and fields and fields[0] == "attributes" and len(fields) > 1:
        number = row.extra.get(fields[1], (None, ""))[0]
    return Problem(
        p.message,
        field=col.header if col else (".".join(fields) or None),
        expected=p.expected,
        suggestion=p.suggestion,
        line=row.line,
        column=number,
        source=sheet.name,
        rule=p.rule,
    )


def _validate(
    model: type[BaseModel],
    data: Mapping[str, Any],
    sheet: _Sheet,
    row: _Row,
    problems: list[Problem],
) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            loc = clean_loc(e["loc"])
            problems.append(_locate(sheet, row, problem_from_error(e, model), loc))
        return None


def loads_csv(
    actors: str,
    relationships: str,
    history: str | None = None,
    *,
    case_id: str,
    title: str,
    goals: str | None = None,
    agreements: str | None = None,
    sources: Sequence[str] = FILE_NAMES,
) -> Case:
    """Build a case from the text of the CSV files; raise with every problem found.

    Parameters
    ----------
    actors, relationships : str
        The text of the actors and relationships files.
    history : str, optional
        The text of the history file (dated observations).
    goals, agreements : str, optional
        The text of the goals file (one row per stance) and of the agreements file (one row
        per party).
    case_id, title : str
        The id and title of the new case (CSV does not carry them).
    sources : sequence of str
        File names used in error messages.

    Returns
    -------
    Case
        The checked case.

    Raises
    ------
    CaseFileError
        Listing every problem, each with file, line (row), column and what is expected.
    """
    problems: list[Problem] = []
    a_sheet = _parse_sheet(actors, sources[0], ACTOR_COLUMNS, problems, allow_extra=True)
    r_sheet = _parse_sheet(
        relationships, sources[1], RELATIONSHIP_COLUMNS, problems, allow_extra=False
    )
    h_sheet = (
        _parse_sheet(history, sources[2], HISTORY_COLUMNS, problems, allow_extra=False)
        if history is not None
        else None
    )
    if a_sheet.rows and "id" not in a_sheet.header:
        _required(a_sheet, ["name"], problems)
    if r_sheet.rows:
        _required(r_sheet, ["source", "target"], problems)
    if h_sheet is not None and h_sheet.rows:
        _required(h_sheet, ["source", "target", "date"], problems)
    g_sheet = ag_sheet = None
    if goals is not None:
        g_sheet = _parse_sheet(goals, sources[3], GOAL_COLUMNS, problems, allow_extra=False)
        if g_sheet.rows:
            _required(g_sheet, ["id"], problems)
    if agreements is not None:
        ag_sheet = _parse_sheet(
            agreements, sources[4], AGREEMENT_COLUMNS, problems, allow_extra=False
        )
        if ag_sheet.rows:
            _required(ag_sheet, ["id", "actor"], problems)
    used = [actors, relationships, history, goals, agreements]
    if problems:
        raise CaseFileError(problems, source=_joined(sources, used))

    actor_list: list[Actor] = []
    actor_rows: list[_Row] = []
    for row in a_sheet.rows:
        data = _row_data(a_sheet, row, problems)
        if data is None:
            continue
        if "id" not in data and "name" in data:
            data["id"] = data["name"].strip()  # Kumu: the label is the id
        for key, (_, text) in row.extra.items():
            data.setdefault("attributes", {})[key] = _sniff(text)
        actor = _validate(Actor, data, a_sheet, row, problems)
        if actor is not None:
            actor_list.append(actor)
            actor_rows.append(row)

    observations: dict[tuple[str, str], list[tuple[Observation, _Row, tuple[str, str]]]] = {}
    if h_sheet is not None:
        by_id = _ends_by_id(r_sheet)
        for row in h_sheet.rows:
            data = _row_data(h_sheet, row, problems)
            if data is None:
                continue
            rel_id = str(data.pop("relationship", ""))
            ends = (str(data.pop("source", "")), str(data.pop("target", "")))
            if not all(ends) and rel_id in by_id:
                ends = by_id[rel_id]
            obs = _validate(Observation, data, h_sheet, row, problems)
            if obs is not None and all(ends):
                observations.setdefault(pair_key(*ends), []).append((obs, row, ends))

    rel_list: list[Relationship] = []
    rel_rows: list[tuple[_Sheet, _Row]] = []
    for row in r_sheet.rows:
        data = _row_data(r_sheet, row, problems)
        if data is None:
            continue
        ends = (str(data.get("source", "")), str(data.get("target", "")))
        if data.get("id") == f"{ends[0]}~{ends[1]}":
            del data["id"]  # the default id, written so that every Kumu row has one
        obs_rows = observations.pop(pair_key(*ends), [])
        if obs_rows:
            for k in ("type", "mix", "strength"):  # derived from the history
                data.pop(k, None)
            data["history"] = [o for o, _, _ in obs_rows]
        rel = _rel(data, r_sheet, row, obs_rows, h_sheet, problems)
        if rel is not None:
            rel_list.append(rel)
            rel_rows.append((r_sheet, row))
    for obs_rows in observations.values():  # history without a relationship row
        assert h_sheet is not None
        source, target = obs_rows[0][2]
        data = {"source": source, "target": target, "history": [o for o, _, _ in obs_rows]}
        rel = _rel(data, h_sheet, obs_rows[0][1], obs_rows, h_sheet, problems)
        if rel is not None:
            rel_list.append(rel)
            rel_rows.append((h_sheet, obs_rows[0][1]))

    goal_list, goal_rows = _grouped(
        g_sheet, Goal, "stances", ("actor", "stance", "weight"), problems
    )
    agr_list, agr_rows = _grouped(
        ag_sheet, Agreement, "parties", ("actor", "gives", "gets"), problems
    )
    if problems:
        raise CaseFileError(problems, source=_joined(sources, used))
    try:
        case = Case(
            id=case_id,
            title=title,
            actors=actor_list,
            relationships=rel_list,
            goals=goal_list,
            agreements=agr_list,
        )
    except ValidationError as exc:
        raise CaseFileError(
            [
                Problem(p.message, field="--" + (p.field or "id"), expected=p.expected)
                for p in (problem_from_error(e, Case) for e in exc.errors())
            ],
            source="options",
        ) from None
    for p in check_case(case):
        loc = parse_path(p.field or "")
        if len(loc) >= 2 and loc[0] == "actors" and isinstance(loc[1], int):
            problems.append(_locate(a_sheet, actor_rows[loc[1]], p, loc[2:]))
        elif len(loc) >= 2 and loc[0] == "relationships" and isinstance(loc[1], int):
            sheet, row = rel_rows[loc[1]]
            problems.append(_locate(sheet, row, p, loc[2:]))
        elif len(loc) >= 2 and loc[0] in ("goals", "agreements") and isinstance(loc[1], int):
            grouped = goal_rows if loc[0] == "goals" else agr_rows
            sheet_g = g_sheet if loc[0] == "goals" else ag_sheet
            assert sheet_g is not None
            problems.append(_locate_grouped(sheet_g, grouped[loc[1]], p, loc[2:]))
        else:
            problems.append(p)
    if problems:
        raise CaseFileError(problems, source=_joined(sources, used))
    return case


def _ends_by_id(sheet: _Sheet) -> dict[str, tuple[str, str]]:
    """Return the ends of each relationship row by its ID (given, or the default From~To)."""
    out: dict[str, tuple[str, str]] = {}
    for row in sheet.rows:
        ends = tuple(row.cells.get(f, (0, ""))[1].strip() for f in ("source", "target"))
        given = row.cells.get("id", (0, ""))[1].strip()
        if all(ends):
            out[given or f"{ends[0]}~{ends[1]}"] = (ends[0], ends[1])
    return out


def _rel(
    data: dict[str, Any],
    sheet: _Sheet,
    row: _Row,
    obs_rows: list[tuple[Observation, _Row, tuple[str, str]]],
    h_sheet: _Sheet | None,
    problems: list[Problem],
) -> Relationship | None:
    try:
        return Relationship.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            loc = clean_loc(e["loc"])
            p = problem_from_error(e, Relationship)
            if len(loc) >= 2 and loc[0] == "history" and isinstance(loc[1], int) and h_sheet:
                problems.append(_locate(h_sheet, obs_rows[loc[1]][1], p, loc[2:]))
            else:
                problems.append(_locate(sheet, row, p, loc))
        return None


def _joined(sources: Sequence[str], used: Sequence[str | None]) -> str:
    return " + ".join(s for s, text in zip(sources, used, strict=False) if text is not None)


#: Rows of one goal or agreement: its first row, then the row of each stance or party.
_Group = tuple[_Row, list[_Row]]


def _grouped(
    sheet: _Sheet | None,
    model: type[BaseModel],
    items: str,
    item_fields: tuple[str, ...],
    problems: list[Problem],
) -> tuple[list[Any], list[_Group]]:
    """Build goals (or agreements) from rows grouped by their id, one row per stance (party).

    The goal-level (agreement-level) cells may be repeated on every row of the group or given
    once; two different values are an error.
    """
    if sheet is None:
        return [], []
    groups: dict[str, tuple[dict[str, Any], dict[str, tuple[Any, _Row]], list[_Row], _Row]] = {}
    for row in sheet.rows:
        data = _row_data(sheet, row, problems)
        if data is None:
            continue
        gid = str(data.pop("id", ""))
        if not gid:
            continue  # reported by _required or an empty id cell below
        item = {k: data.pop(k) for k in item_fields if k in data}
        if gid not in groups:
            groups[gid] = ({"id": gid, items: []}, {}, [], row)
        body, first_seen, item_rows, _ = groups[gid]
        for k, v in data.items():
            if k in first_seen and first_seen[k][0] != v:
                col = next(c for c in sheet.columns if c.field == k)
                problems.append(
                    Problem(
                        f"differs from the value given on line {first_seen[k][1].line} for the "
                        f"same {sheet.columns[0].header.lower()} id",
                        field=col.header,
                        line=row.line,
                        column=row.cells[k][0],
                        source=sheet.name,
                        expected="the same value on every row of one id, or the value once",
                    )
                )
            elif k not in first_seen:
                first_seen[k] = (v, row)
                body[k] = v
        if item:
            body[items].append(item)
            item_rows.append(row)
        elif any(k in row.cells and row.cells[k][1].strip() for k in item_fields):
            pass  # an item cell that could not be read was reported by _row_data
    out: list[Any] = []
    rows: list[_Group] = []
    for body, _, item_rows, first in groups.values():
        try:
            out.append(model.model_validate(body))
            rows.append((first, item_rows))
        except ValidationError as exc:
            for e in exc.errors():
                loc = clean_loc(e["loc"])
                problems.append(
                    _locate_grouped(sheet, (first, item_rows), problem_from_error(e, model), loc)
                )
    return out, rows


def _locate_grouped(sheet: _Sheet, group: _Group, p: Problem, loc: Sequence[str | int]) -> Problem:
    """Place a problem of a goal (agreement) at the row of its stance (party) or its first row."""
    first, item_rows = group
    if len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(item_rows):
        return _locate(sheet, item_rows[loc[1]], p, loc[2:] or ("actor",))
    return _locate(sheet, first, p, loc)


def decode_csv(data: bytes, source: str) -> str:
    """Return the text of a CSV file's bytes (UTF-8, with or without the spreadsheet's BOM).

    Raises
    ------
    InputError
        If it is not UTF-8, with the file (``source``) and the first bad byte.
    """
    return decode_input_text(
        data,
        source,
        encoding="utf-8-sig",
        expected="a CSV saved as UTF-8 (in a spreadsheet: 'CSV UTF-8')",
    )


def _read(path: str | os.PathLike[str]) -> str:
    return decode_csv(read_input_bytes(path, "CSV file"), os.fspath(path))


def read_csv(
    actors: str | os.PathLike[str],
    relationships: str | os.PathLike[str],
    history: str | os.PathLike[str] | None = None,
    *,
    case_id: str,
    title: str,
    goals: str | os.PathLike[str] | None = None,
    agreements: str | os.PathLike[str] | None = None,
) -> Case:
    """Read a case from CSV files (see :func:`loads_csv`); every problem located."""
    paths = [actors, relationships, history, goals, agreements]
    texts = [None if p is None else _read(p) for p in paths]
    assert texts[0] is not None and texts[1] is not None
    return loads_csv(
        texts[0],
        texts[1],
        texts[2],
        goals=texts[3],
        agreements=texts[4],
        case_id=case_id,
        title=title,
        sources=[FILE_NAMES[i] if p is None else os.fspath(p) for i, p in enumerate(paths)],
    )
