"""Edit a case file in place: one validated, versioned, atomic change at a time.

The workspace (``ecograph serve``) and ``ecograph record`` change case files through this
module. Each change

* is checked by the same validation as ``ecograph validate``
  (:func:`ecograph.io.casefile.loads_case` on the text that would be written: the same
  messages, lines and rule quotes) before anything is written;
* is written atomically under the file's write lock (:mod:`ecograph.io.atomic`);
* keeps the rest of the file as it was: comments, key order, quoting and the layout of every
  line the change did not touch (YAML is edited round-trip with ruamel.yaml, then every
  untouched line is taken from the original text);
* carries the **version** of the file it was based on (a hash of its bytes) and is refused when
  the file has changed since (:class:`StaleVersionError`), so no update is lost.

Examples
--------
>>> import pathlib, tempfile
>>> from ecograph.io.edit import open_document, edit_file, PutActor
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> f = folder / "case.yaml"
>>> _ = f.write_text('''ecograph: 1   # format
... id: demo
... title: Demo
... actors:
...   - {id: worker, name: Worker, roles: [change_agent]}
... ''')
>>> doc = open_document(f)
>>> done = edit_file(f, [PutActor(id="client", fields={"name": "Client", "roles": ["client"]})],
...                  base_version=doc.version)
>>> print(f.read_text())
ecograph: 1   # format
id: demo
title: Demo
actors:
  - {id: worker, name: Worker, roles: [change_agent]}
  - {id: client, name: Client, roles: [client]}
<BLANKLINE>
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ecograph.errors import CaseFileError, EcographError, InputError, Problem
from ecograph.io.atomic import atomic_write, locked
from ecograph.io.casefile import (
    Format,
    data_to_case,
    format_of,
    parse_document,
    read_text,
)
from ecograph.model import Actor, Agreement, Case, Goal, Relationship
from ecograph.model.rules import check_case, suggest

__all__ = [
    "CaseDocument",
    "Edited",
    "StaleVersionError",
    "open_document",
    "reopen_document",
    "parse_document_text",
    "version_of",
    "indent_of",
    "edit_file",
    "apply_edits",
    "edits_between",
    "parse_edits",
    "Edit",
    "PutActor",
    "RemoveActor",
    "PutRelationship",
    "RemoveRelationship",
    "PutGoal",
    "RemoveGoal",
    "SetStance",
    "PutAgreement",
    "RemoveAgreement",
    "RecordObservation",
    "SetPosition",
    "SetCase",
]


class StaleVersionError(EcographError):
    """A change was based on a version of the case that is no longer the current one."""

    exit_code = 2

    def __init__(
        self, source: str, base: str, current: str, *, held_in: str = "the file"
    ) -> None:
        self.source = source
        self.base = base
        self.current = current
        super().__init__(
            f"{source}: the case was changed since you opened it (by another tab, another "
            f"person or another program); your change was not saved. Reload the case to see "
            f"the changes, then make your change again. (you had version {base}, {held_in} "
            f"is now at version {current})"
        )


def version_of(text: str) -> str:
    r"""Return the version of a case file's text: the first 16 hex digits of its SHA-256.

    Examples
    --------
    >>> version_of("ecograph: 1\n")
    '34de417360ebc8b8'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: How a YAML text indents its blocks: (mapping, sequence, dash offset), as ruamel names them.
Indent = tuple[int, int, int]

#: The examples' and the template's style; ``save_case`` and ``pull`` write offset 0.
DEFAULT_INDENT: Indent = (2, 4, 2)


def indent_of(text: str) -> Indent:
    r"""Return how ``text`` indents a mapping inside a mapping and a list inside a mapping.

    Edits are dumped in the file's own style, so that a changed line fits between the author's
    untouched lines (a list written flush with its key, as ``save_case`` writes it, or indented).

    Examples
    --------
    >>> indent_of("actors:\n- id: a\n  roles: {}\n")
    (2, 2, 0)
    >>> indent_of("case:\n    id: a\nactors:\n  - id: a\n")
    (4, 4, 2)
    """
    mapping: int | None = None
    offset: int | None = None
    lines = text.splitlines()
    for prev, line in zip(lines, lines[1:], strict=False):
        key = prev.lstrip()
        if key.startswith("#") or not key.rstrip().endswith(":"):
            continue
        start = len(prev) - len(key) + (2 if key.startswith("- ") else 0)
        body = line.lstrip()
        if not body or body.startswith("#"):
            continue
        step = len(line) - len(body) - start
        if body.startswith("- ") or body == "-":
            offset = step if offset is None else offset
        elif mapping is None:
            mapping = step
        if mapping is not None and offset is not None:
            break
    mapping = mapping if mapping is not None and 1 < mapping <= 8 else DEFAULT_INDENT[0]
    offset = offset if offset is not None and 0 <= offset <= 8 else DEFAULT_INDENT[2]
    return (mapping, offset + 2, offset)


def _yaml(indent: Indent = DEFAULT_INDENT) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    # wide enough never to fold a line the user wrote on one line
    y.width = 4096
    mapping, sequence, offset = indent
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _dump(data: Any, fmt: Format, indent: Indent = DEFAULT_INDENT) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    buf = io.StringIO()
    _yaml(indent).dump(data, buf)
    return buf.getvalue()


@dataclass
class CaseDocument:
    """A case file's text, its version and its round-trip data (comments kept).

    Parameters
    ----------
    source : str
        The file name, for messages.
    fmt : {"yaml", "json"}
        The file's format.
    text : str
        The text as read.
    data : Any
        The round-trip data (ruamel's commented maps for YAML, dicts for JSON), changed in place
        by the edits.
    plain : str or None
        The data dumped before any edit (to tell the dumper's own changes from the edits'), or
        None while no edit has needed it.
    case : Case, optional
        The case the text holds (as read, before any edit).
    indent : tuple of int
        How the text indents its blocks (:func:`indent_of`); edits are dumped the same way.
    parsed : Any, optional
        The text's data as the case-file reader builds it (plain dicts and lists), from which
        ``case`` was checked; an edit that rewrites only some items checks the new case from
        it, with only those items read again (see :func:`apply_edits`).
    """

    source: str
    fmt: Format
    text: str
    data: Any
    plain: str | None = ""
    case: Case | None = None
    indent: Indent = DEFAULT_INDENT
    parsed: Any = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def version(self) -> str:
        """Return the version of the text as read (see :func:`version_of`)."""
        return version_of(self.text)

    def render(self) -> str:
        """Return the text of the data as it now is, untouched lines as they were written."""
        return self.render_with_dump()[0]

    def render_with_dump(self) -> tuple[str, str]:
        """Return the text of the data as it now is, and the data dumped as it now is."""
        if self.plain is None:
            raise ValueError("the document's plain dump is missing (see apply_edits)")
        dumped = _dump(self.data, self.fmt, self.indent)
        return keep_untouched_lines(self.text, self.plain, dumped), dumped


def parse_document_text(text: str, fmt: Format, source: str) -> CaseDocument:
    """Return the document of a valid case file's text (checked as ``validate`` checks it).

    Raises
    ------
    CaseFileError
        The text is not a valid case (every problem listed, as by ``ecograph validate``).
    """
    parsed, root = parse_document(text, fmt=fmt, source=source)
    case = data_to_case(parsed, source=source, root=root)  # loads_case, keeping the data
    indent = indent_of(text) if fmt == "yaml" else DEFAULT_INDENT
    data = json.loads(text) if fmt == "json" else _yaml(indent).load(text)
    # the plain dump is made when an edit needs it (not for the edits rewritten item by item)
    return CaseDocument(source, fmt, text, data, None, case, indent, parsed)


def open_document(path: str | os.PathLike[str], *, source: str | None = None) -> CaseDocument:
    """Read and check the case file at ``path`` and return its editable document.

    ``source`` names the file in messages (default: ``path``).
    """
    return parse_document_text(read_text(path), format_of(path), source or os.fspath(path))


def reopen_document(path: str | os.PathLike[str], doc: CaseDocument) -> CaseDocument:
    """Return ``doc`` if the file at ``path`` still holds its text, else the file read anew.

    Parse a file before taking its write lock, then call this under the lock: the lock is held
    only for the change and the write, unless another writer changed the file meanwhile.
    """
    if read_text(path) == doc.text:
        return doc
    return open_document(path, source=doc.source)


def keep_untouched_lines(original: str, plain: str, edited: str) -> str:
    r"""Return ``edited`` with every line the edit did not change taken from ``original``.

    ``plain`` is the original data dumped without any change. Where the dumper writes a line
    differently from the original (a long text the author folded over two lines, JSON spacing),
    but the edit left that part alone, the author's own lines are kept.

    Examples
    --------
    >>> keep_untouched_lines("a:  1\nb: 2\n", "a: 1\nb: 2\n", "a: 1\nb: 3\n")
    'a:  1\nb: 3\n'
    """
    if plain == original:
        return edited
    o, p, e = original.splitlines(True), plain.splitlines(True), edited.splitlines(True)
    # how the original writes each run of the plain dump: (p1, p2, o1, o2, same)
    runs = [
        (i1, i2, j1, j2, tag == "equal")
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, p, o, autojunk=False).get_opcodes()
    ]
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, p, e, autojunk=False).get_opcodes():
        if tag != "equal":
            out.extend(e[j1:j2])
            continue
        for a1, a2, b1, b2, same in runs:
            if a1 == a2:  # lines only the original has, between two plain lines
                if i1 <= a1 < i2 or a1 == i2 == len(p):
                    out.extend(o[b1:b2])
                continue
            lo, hi = max(a1, i1), min(a2, i2)
            if lo >= hi:
                continue
            if same:
                out.extend(o[b1 + lo - a1 : b1 + hi - a1])
            elif lo == a1 and hi == a2:  # untouched as a whole: the author's lines
                out.extend(o[b1:b2])
            else:  # cut by the edit: the dumper's lines
                out.extend(e[j1 + lo - i1 : j1 + hi - i1])
    return "".join(out)


# ------------------------------------------------------------------------------ edits
class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Put(_Edit):
    id: str
    fields: dict[str, Any] = Field(default_factory=dict)


class _Remove(_Edit):
    id: str


class _Pair(_Edit):
    source: str
    target: str


class PutActor(_Put):
    """Add an actor (``id`` new) or change the given fields of one (``None`` removes a field).

    ``fields`` are case-file fields of an actor: name, kind, roles (change_agent, client,
    target, action, professional, problem_identification), power, voluntariness, member_of,
    attributes, notes, position. A new ``id`` in ``fields`` renames the actor everywhere.
    """

    op: Literal["put_actor"] = "put_actor"


class RemoveActor(_Remove):
    """Remove an actor with its relationships, stances and memberships."""

    op: Literal["remove_actor"] = "remove_actor"


class PutRelationship(_Pair):
    """Add the relationship between two actors, or change the given fields of it.

    ``fields``: type or mix, strength, basis, terms, mandated, perceptions, notes. A type
    replaces a mix and a mix replaces a type unless both are given.
    """

    op: Literal["put_relationship"] = "put_relationship"
    fields: dict[str, Any] = Field(default_factory=dict)


class RemoveRelationship(_Pair):
    """Remove the relationship between two actors."""

    op: Literal["remove_relationship"] = "remove_relationship"


class PutGoal(_Put):
    """Add a goal or change the given fields of one (description, stances)."""

    op: Literal["put_goal"] = "put_goal"


class RemoveGoal(_Remove):
    """Remove a goal."""

    op: Literal["remove_goal"] = "remove_goal"


class SetStance(_Edit):
    """Set an actor's stance on a goal (-1 opposes ... +1 supports; ``None`` removes it)."""

    op: Literal["set_stance"] = "set_stance"
    goal: str
    actor: str
    stance: Any = None
    weight: Any = None


class PutAgreement(_Put):
    """Add an agreement or change the given fields of one (parties, basis, terms, dates...)."""

    op: Literal["put_agreement"] = "put_agreement"


class RemoveAgreement(_Remove):
    """Remove an agreement."""

    op: Literal["remove_agreement"] = "remove_agreement"


class RecordObservation(_Pair):
    """Record an encounter: append a dated observation to the history of two actors.

    ``observation``: date, type or mix, strength, note, recorded_by, perceived_by, ended. A
    pair with no relationship gets one. A declared state stays as written, undated: it is the
    state before the first observation.
    """

    op: Literal["record"] = "record"
    observation: dict[str, Any]


class SetPosition(_Edit):
    """Set an actor's layout hint (``x``, ``y`` in drawing units; ``None`` removes it)."""

    op: Literal["set_position"] = "set_position"
    id: str
    x: float | None = None
    y: float | None = None


class SetCase(_Edit):
    """Change the case's own fields: title, description, author, start, end."""

    op: Literal["set_case"] = "set_case"
    fields: dict[str, Any] = Field(default_factory=dict)


Edit = Annotated[
    PutActor
    | RemoveActor
    | PutRelationship
    | RemoveRelationship
    | PutGoal
    | RemoveGoal
    | SetStance
    | PutAgreement
    | RemoveAgreement
    | RecordObservation
    | SetPosition
    | SetCase,
    Field(discriminator="op"),
]

_EDITS: TypeAdapter[list[Edit]] = TypeAdapter(list[Edit])


_EDIT_EXPECTED = (
    'a list of edits such as {"op": "put_actor", "id": "mother", "fields": {"name": "Mother"}}; '
    "ops: put_actor, remove_actor, put_relationship, remove_relationship, put_goal, "
    "remove_goal, set_stance, put_agreement, remove_agreement, record, set_position, set_case"
)


def parse_edits(data: Any, source: str = "<request>") -> list[Edit]:
    """Check a list of edits given as plain data (from JSON); raise with every problem.

    Raises
    ------
    CaseFileError
        What is wrong with which edit, e.g. ``edits[0].op``.
    """
    from ecograph.errors import CaseFileError

    try:
        return _EDITS.validate_python(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors(include_input=False):
            loc = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in e["loc"])
            problems.append(
                Problem(
                    str(e["msg"]).removeprefix("Value error, "),
                    field="edits" + loc,
                    expected=_EDIT_EXPECTED,
                    source=source,
                )
            )
        raise CaseFileError(problems, source=source) from None


@dataclass(frozen=True)
class Edited:
    """The result of :func:`edit_file`.

    Parameters
    ----------
    case : Case
        The case as now written.
    version : str
        The new version of the file.
    text : str
        The new text of the file.
    document : CaseDocument, optional
        The document of the new text, ready for the next edit without parsing the file again
        (the edited data; see :func:`edit_file`'s ``document``).
    """

    case: Case
    version: str
    text: str
    document: CaseDocument | None = dataclasses.field(default=None, compare=False, repr=False)


#: The order an observation's fields are written in (as in the examples and the template).
_OBSERVATION_ORDER = (
    "date",
    "type",
    "mix",
    "strength",
    "perceived_by",
    "ended",
    "note",
    "recorded_by",
)
_DATE_KEYS = {"date", "start", "end"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _value(v: Any, key: str | None = None) -> Any:
    """Return a JSON value ready for the document (ISO dates as dates, so YAML writes them bare)."""
    if isinstance(v, str) and key in _DATE_KEYS and _ISO_DATE.match(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return v
    if isinstance(v, dict):
        return {k: _value(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


class _Editor:
    """Applies edits to a document's data in place."""

    def __init__(self, doc: CaseDocument) -> None:
        self.doc = doc
        self.data = doc.data
        self.yaml = doc.fmt == "yaml"
        #: the top-level items an edit looked up (and so may have changed in place)
        self.touched: set[int] = set()

    # ---------------------------------------------------------------- helpers
    def _map(self, values: dict[str, Any], like: Any = None, flow: bool | None = None) -> Any:
        if not self.yaml:
            return dict(values)
        m = CommentedMap()
        for k, v in values.items():
            m[k] = self._node(_value(v, k))
        if flow is None:
            flow = like is not None and isinstance(like, CommentedMap) and like.fa.flow_style()
        if flow:
            m.fa.set_flow_style()
        return m

    def _node(self, v: Any) -> Any:
        if not self.yaml:
            return v
        if isinstance(v, dict):
            m = CommentedMap()
            for k, x in v.items():
                m[k] = self._node(x)
            m.fa.set_flow_style()
            return m
        if isinstance(v, list):
            s = CommentedSeq(self._node(x) for x in v)
            s.fa.set_flow_style()
            return s
        return v

    def _section(self, key: str) -> Any:
        seq = self.data.get(key)
        if seq is None:
            seq = CommentedSeq() if self.yaml else []
            self.data[key] = seq
        if not isinstance(seq, list):
            raise _problem(f"the case's {key!r} is not a list", key)
        return seq

    def _find(self, key: str, item_id: str) -> tuple[int, Any] | None:
        for i, item in enumerate(self.data.get(key) or []):
            if isinstance(item, dict) and item.get("id") == item_id:
                self.touched.add(id(item))
                return i, item
        return None

    def _need(self, key: str, item_id: str, what: str) -> tuple[int, Any]:
        hit = self._find(key, item_id)
        if hit is None:
            known = [str(x.get("id")) for x in self.data.get(key) or [] if isinstance(x, dict)]
            raise _problem(
                f"there is no {what} {item_id!r} in this case",
                f"{key}",
                expected=f"the id of one of its {key}",
                suggestion=suggest(item_id, known),
            )
        return hit

    def _pair(self, a: str, b: str) -> tuple[int, Any] | None:
        for i, r in enumerate(self.data.get("relationships") or []):
            if isinstance(r, dict) and {r.get("source"), r.get("target")} == {a, b}:
                self.touched.add(id(r))
                return i, r
        return None

    def _merge(self, item: Any, fields: dict[str, Any]) -> None:
        for k, v in fields.items():
            if v is None:
                item.pop(k, None)
            else:
                item[k] = self._node(_value(v, k) if self.yaml else v)

    def _add(self, key: str, values: dict[str, Any]) -> None:
        seq = self._section(key)
        like = seq[-1] if len(seq) else None
        seq.append(self._map(values, like, flow=None if like is not None else key != "actors"))

    def _actor_ids(self) -> list[str]:
        return [str(a.get("id")) for a in self.data.get("actors") or [] if isinstance(a, dict)]

    def _need_actor(self, actor_id: str, field: str) -> None:
        if actor_id not in self._actor_ids():
            raise _problem(
                f"{actor_id!r} is not an actor of this case",
                field,
                expected="the id of an actor listed under actors",
                suggestion=suggest(actor_id, self._actor_ids()),
            )

    # ---------------------------------------------------------------- edits
    def apply(self, edit: Edit) -> None:
        handler: Callable[[Any], None] = getattr(self, "_" + edit.op)
        handler(edit)

    def _put_actor(self, e: PutActor) -> None:
        hit = self._find("actors", e.id)
        if hit is None:
            if not e.fields.get("name"):
                raise _problem(
                    f"a new actor {e.id!r} needs a name", "name", expected="a name such as Mother"
                )
            self._add(
                "actors", {"id": e.id, **{k: v for k, v in e.fields.items() if v is not None}}
            )
            return
        fields = dict(e.fields)
        new_id = fields.pop("id", None)
        self._merge(hit[1], fields)
        if new_id is not None and new_id != e.id:
            self._rename(e.id, str(new_id))

    def _rename(self, old: str, new: str) -> None:
        if new in self._actor_ids():
            raise _problem(f"the id {new!r} is already used by another actor", "id")
        for a in self.data.get("actors") or []:
            if a.get("id") == old:
                a["id"] = new
            groups = a.get("member_of")
            if isinstance(groups, list):
                for i, g in enumerate(groups):
                    if g == old:
                        groups[i] = new
        for r in self.data.get("relationships") or []:
            for k in ("source", "target"):
                if r.get(k) == old:
                    r[k] = new
            refs: tuple[tuple[Any, str | None], ...] = (
                (r.get("mandated"), None),
                (r.get("perceptions"), "by"),
                (r.get("history"), "perceived_by"),
            )
            for lst, key in refs:
                for i, x in enumerate(lst or []):
                    if key is None and x == old:
                        lst[i] = new
                    elif key is not None and isinstance(x, dict) and x.get(key) == old:
                        x[key] = new
        for g in self.data.get("goals") or []:
            for s in g.get("stances") or []:
                if s.get("actor") == old:
                    s["actor"] = new
        for ag in self.data.get("agreements") or []:
            for p in ag.get("parties") or []:
                if p.get("actor") == old:
                    p["actor"] = new
            if ag.get("convener") == old:
                ag["convener"] = new

    def _remove_actor(self, e: RemoveActor) -> None:
        i, _ = self._need("actors", e.id, "actor")
        del self.data["actors"][i]
        rels = self.data.get("relationships") or []
        for j in reversed(range(len(rels))):
            if e.id in (rels[j].get("source"), rels[j].get("target")):
                del rels[j]
        for a in self.data.get("actors") or []:
            groups = a.get("member_of")
            if isinstance(groups, list) and e.id in groups:
                groups.remove(e.id)
                if not groups:
                    del a["member_of"]
        for g in self.data.get("goals") or []:
            stances = g.get("stances") or []
            for j in reversed(range(len(stances))):
                if stances[j].get("actor") == e.id:
                    del stances[j]

    def _put_relationship(self, e: PutRelationship) -> None:
        for end, field in ((e.source, "source"), (e.target, "target")):
            self._need_actor(end, field)
        fields = dict(e.fields)
        if "type" in fields and "mix" not in fields:
            fields["mix"] = None
        elif "mix" in fields and "type" not in fields:
            fields["type"] = None
        hit = self._pair(e.source, e.target)
        if hit is None:
            self._add(
                "relationships",
                {
                    "source": e.source,
                    "target": e.target,
                    **{k: v for k, v in fields.items() if v is not None},
                },
            )
            return
        self._merge(hit[1], fields)

    def _remove_relationship(self, e: RemoveRelationship) -> None:
        hit = self._pair(e.source, e.target)
        if hit is None:
            raise _problem(
                f"there is no relationship between {e.source!r} and {e.target!r}", "relationships"
            )
        del self.data["relationships"][hit[0]]

    def _put_goal(self, e: PutGoal) -> None:
        hit = self._find("goals", e.id)
        if hit is None:
            self._add("goals", {"id": e.id, **_given(e.fields)})
        else:
            self._merge(hit[1], e.fields)

    def _remove_goal(self, e: RemoveGoal) -> None:
        i, _ = self._need("goals", e.id, "goal")
        del self.data["goals"][i]

    def _set_stance(self, e: SetStance) -> None:
        _, goal = self._need("goals", e.goal, "goal")
        self._need_actor(e.actor, "actor")
        stances = goal.get("stances")
        if stances is None:
            stances = CommentedSeq() if self.yaml else []
            goal["stances"] = stances
        for j, s in enumerate(stances):
            if s.get("actor") == e.actor:
                if e.stance is None:
                    del stances[j]
                else:
                    s["stance"] = e.stance
                    if e.weight is not None:
                        s["weight"] = e.weight
                return
        if e.stance is not None:
            values = {"actor": e.actor, "stance": e.stance}
            if e.weight is not None:
                values["weight"] = e.weight
            stances.append(self._map(values, stances[-1] if len(stances) else None, flow=True))

    def _put_agreement(self, e: PutAgreement) -> None:
        hit = self._find("agreements", e.id)
        if hit is None:
            self._add(
                "agreements", {"id": e.id, **{k: v for k, v in e.fields.items() if v is not None}}
            )
        else:
            self._merge(hit[1], e.fields)

    def _remove_agreement(self, e: RemoveAgreement) -> None:
        i, _ = self._need("agreements", e.id, "agreement")
        del self.data["agreements"][i]

    def _record(self, e: RecordObservation) -> None:
        self._need_actor(e.source, "source")
        self._need_actor(e.target, "target")
        if e.source == e.target:
            raise _problem("a relationship needs two different actors", "target")
        given = _given(e.observation)
        obs = {k: given.pop(k) for k in _OBSERVATION_ORDER if k in given} | given
        hit = self._pair(e.source, e.target)
        if hit is None:
            self._add("relationships", {"source": e.source, "target": e.target})
            rel = self.data["relationships"][-1]
        else:
            rel = hit[1]
        history = rel.get("history")
        if history is None:
            history = CommentedSeq() if self.yaml else []
            rel["history"] = history
        history.append(self._map(obs, history[-1] if len(history) else None, flow=True))

    def _set_position(self, e: SetPosition) -> None:
        _, actor = self._need("actors", e.id, "actor")
        if e.x is None or e.y is None:
            actor.pop("position", None)
        else:
            actor["position"] = self._node({"x": round(e.x, 1), "y": round(e.y, 1)})

    def _set_case(self, e: SetCase) -> None:
        for k in ("ecograph", "actors", "relationships", "goals", "agreements"):
            if k in e.fields:
                raise _problem(f"{k!r} is not changed with set_case", k)
        self._merge(self.data, e.fields)


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _problem(
    message: str, field: str, expected: str | None = None, suggestion: str | None = None
) -> InputError:
    text = message + (f"; did you mean {suggestion!r}?" if suggestion else "")
    return InputError(text, field=field, expected=expected)


def _changed(old: dict[str, Any], new: dict[str, Any], keep: Sequence[str] = ()) -> dict[str, Any]:
    """Return the fields of ``new`` that differ from ``old`` (None for a field removed)."""
    out = {k: new.get(k) for k in {*old, *new} if old.get(k) != new.get(k) and k not in keep}
    return dict(sorted(out.items()))


def edits_between(before: Case, after: Case) -> list[Edit]:
    """Return the edits that turn ``before`` into ``after`` (actors, relationships, goals...).

    Used to keep a what-if: the changed copy of the case becomes edits of the case file, so the
    file keeps its comments and every part the scenario did not touch.

    Examples
    --------
    >>> from ecograph.model import Actor
    >>> a = Case(id="c", title="C", actors=[Actor(id="w", name="Worker")])
    >>> b = Case(id="c", title="C", actors=[Actor(id="w", name="Worker", power=0.8)])
    >>> edits_between(a, b)
    [PutActor(id='w', fields={'power': 0.8}, op='put_actor')]
    """

    def dumped(items: Sequence[BaseModel], key: Callable[[Any], Any]) -> dict[Any, dict[str, Any]]:
        return {key(x): x.model_dump(mode="json", exclude_defaults=True) for x in items}

    out: list[Edit] = []
    sections: list[tuple[str, Any, Any, Any]] = [
        ("actors", PutActor, RemoveActor, None),
        ("goals", PutGoal, RemoveGoal, None),
        ("agreements", PutAgreement, RemoveAgreement, None),
    ]
    for section, put, remove, _ in sections:
        old = dumped(getattr(before, section), lambda x: x.id)
        new = dumped(getattr(after, section), lambda x: x.id)
        for item_id, fields in new.items():
            if item_id not in old:
                out.append(put(id=item_id, fields={k: v for k, v in fields.items() if k != "id"}))
            elif old[item_id] != fields:
                out.append(put(id=item_id, fields=_changed(old[item_id], fields, ("id",))))
        out.extend(remove(id=i) for i in old if i not in new)
    old_r = dumped(before.relationships, lambda r: r.pair)
    new_r = dumped(after.relationships, lambda r: r.pair)
    ends = ("source", "target")
    for pair, fields in new_r.items():
        src, tgt = fields["source"], fields["target"]
        if pair not in old_r:
            rest = {k: v for k, v in fields.items() if k not in ends}
            out.append(PutRelationship(source=src, target=tgt, fields=rest))
        elif old_r[pair] != fields:
            changed = _changed(old_r[pair], fields, ends)
            if "type" in changed or "mix" in changed:
                changed |= {"type": fields.get("type"), "mix": fields.get("mix")}
            out.append(PutRelationship(source=src, target=tgt, fields=changed))
    out.extend(
        RemoveRelationship(source=f["source"], target=f["target"])
        for pair, f in old_r.items()
        if pair not in new_r
    )
    return out


def apply_edits(doc: CaseDocument, edits: Sequence[Edit], *, targeted: bool = True) -> Edited:
    """Apply ``edits`` to ``doc`` and return the new text, checked as ``validate`` checks it.

    Nothing is written. The document's data is changed in place.

    With ``targeted`` (the default), an edit that changes, adds or removes whole items of the
    case (an actor's fields, a relationship, a record, a goal, a stance, an agreement) rewrites
    only those items' lines: each changed item is dumped alone and its untouched lines are taken
    from the file, as :func:`keep_untouched_lines` does for the whole file. Other edits (a
    rename, removing an actor, the case's own fields), and files whose layout the targeted
    rewrite does not recognise, dump the whole file -- which ``targeted=False`` always does (the
    reference the targeted rewrite is tested against: the same bytes).

    Raises
    ------
    CaseFileError
        The case would not be valid; the problems are those ``ecograph validate`` would print
        for the new text (line numbers refer to it).
    InputError
        An edit names an actor, goal, agreement or relationship the case does not have.
    """
    items = _ItemLines.of(doc) if targeted and _targetable(edits) else None
    if items is None and doc.plain is None:
        doc.plain = _dump(doc.data, doc.fmt, doc.indent)
    before = items.identities() if items is not None else None
    editor = _Editor(doc)
    for e in edits:
        try:
            editor.apply(e)
        except InputError as exc:
            raise InputError(
                exc.problem.message,
                field=f"{e.op}.{exc.field}" if exc.field else e.op,
                expected=exc.expected,
                source=doc.source,
            ) from None
    text = None
    dumped: str | None = None
    if items is not None and before is not None:
        text = items.render(before, editor.touched)
    if text is None:
        if doc.plain is None:  # edited already: the plain dump of the text as read
            doc.plain = _dump(_yaml(doc.indent).load(doc.text), doc.fmt, doc.indent)
        text, dumped = doc.render_with_dump()
    checked = items.check() if items is not None else None
    if checked is None:  # the whole text read and checked, as `ecograph validate` does
        parsed, root = parse_document(text, fmt=doc.fmt, source=doc.source)
        checked = (parsed, data_to_case(parsed, source=doc.source, root=root))
    parsed, case = checked
    after = CaseDocument(doc.source, doc.fmt, text, doc.data, dumped, case, doc.indent, parsed)
    return Edited(case, version_of(text), text, after)


#: The edits a targeted rewrite leaves to a whole dump (they change items all over the case).
_WHOLE_FILE_OPS = {"remove_actor", "set_case"}
#: The top-level lists whose items a targeted rewrite rewrites one by one.
_ITEM_SECTIONS = ("actors", "relationships", "goals", "agreements")
_TOP_KEY = re.compile(r"^([^\s#\-][^:#]*?)\s*:(?:\s|$)")


def _targetable(edits: Sequence[Edit]) -> bool:
    for e in edits:
        if e.op in _WHOLE_FILE_OPS:
            return False
        if isinstance(e, PutActor) and "id" in e.fields and e.fields["id"] != e.id:
            return False  # a rename changes references all over the case
    return True


@dataclass
class _ItemLines:
    """Where each top-level item of a YAML case file is written (line numbers, 0-based).

    ``starts[key]`` are the first lines of the items of the block list ``key``, ``ends[key]``
    the line after its last item (the next top-level key, or the end of the file). Built only
    when the text's layout is recognised beyond doubt: the top-level keys found are the data's,
    in order, and each list has as many item lines as items.
    """

    doc: CaseDocument
    lines: list[str]
    starts: dict[str, list[int]]
    ends: dict[str, int]
    #: After :meth:`render`: each rewritten list's items, an index of an item kept as written
    #: or the text of an item written anew.
    rewritten: dict[str, list[int | str]] | None = None

    @classmethod
    def of(cls, doc: CaseDocument) -> _ItemLines | None:
        data = doc.data
        if doc.fmt != "yaml" or not isinstance(data, CommentedMap):
            return None
        lines = doc.text.splitlines(True)
        keys: list[tuple[str, int]] = []
        for i, line in enumerate(lines):
            if line[:1] in ("", " ", "\t", "#", "-", "\n", "\r"):
                if line.startswith(("---", "...")):
                    return None  # document markers: not a plain single document
                continue
            m = _TOP_KEY.match(line)
            if m is None:
                return None
            keys.append((m.group(1), i))
        if [k for k, _ in keys] != [str(k) for k in data]:
            return None
        dash = " " * doc.indent[2] + "-"
        starts: dict[str, list[int]] = {}
        ends: dict[str, int] = {}
        for n, (key, line_no) in enumerate(keys):
            if key not in _ITEM_SECTIONS:
                continue
            seq = data[key]
            if not isinstance(seq, CommentedSeq) or not len(seq) or seq.fa.flow_style():
                continue
            end = keys[n + 1][1] if n + 1 < len(keys) else len(lines)
            found = [
                i
                for i in range(line_no + 1, end)
                if lines[i].startswith(dash) and lines[i][len(dash) : len(dash) + 1] in (" ", "\n")
            ]
            if len(found) != len(seq):
                return None
            starts[key], ends[key] = found, end
        return cls(doc, lines, starts, ends)

    def identities(self) -> dict[str, list[Any]]:
        """Return the top-level keys and the identities of each list's items, before edits."""
        data = self.doc.data
        out: dict[str, list[Any]] = {"keys": list(data)}
        for key in _ITEM_SECTIONS:
            if key in data:
                seq = data[key]
                out[key] = [id(x) for x in seq] if isinstance(seq, list) else [id(seq)]
        return out

    def _trailing_note(self, key: str, n: int) -> bool:
        """Return whether item ``n`` of list ``key`` ends in a blank or comment-only line."""
        starts = self.starts[key]
        stop = starts[n + 1] if n + 1 < len(starts) else self.ends[key]
        last = self.lines[stop - 1].strip()
        return not last or last.startswith("#")

    def _dump_item(self, key: str, item: Any) -> str | None:
        wrapper = CommentedMap()
        wrapper[key] = CommentedSeq([item])
        text = _dump(wrapper, "yaml", self.doc.indent)
        head = f"{key}:\n"
        return text[len(head) :] if text.startswith(head) else None

    def render(self, before: dict[str, list[Any]], touched: set[int]) -> str | None:
        """Return the new text, rewriting only the changed items; None if it cannot."""
        data = self.doc.data
        if list(data) != before["keys"]:
            return None  # a section created: the whole file is dumped
        for key in _ITEM_SECTIONS:
            if key in self.starts or key not in data:
                continue
            # a list this rewrite does not split into items (flow style, empty) must be as it was
            seq = data[key]
            ids = [id(x) for x in seq] if isinstance(seq, list) else [id(seq)]
            if ids != before[key] or touched.intersection(ids):
                return None
        for key in self.starts:
            if not isinstance(data[key], CommentedSeq) or not len(data[key]):
                return None  # emptied: written as [] by the dumper
        pieces: list[tuple[int, int, str]] = []  # (first line, end line, new text)
        rewritten: dict[str, list[int | str]] = {}
        for key in self.starts:
            ids = before[key]
            starts, end = self.starts[key], self.ends[key]
            old = {i: n for n, i in enumerate(ids)}
            seq = data[key]
            if [id(x) for x in seq] == ids and not any(i in touched for i in ids):
                continue
            out: list[str] = []
            kept = [old[id(x)] for x in seq if id(x) in old]
            if kept != sorted(kept):
                return None  # reordered: not an edit of this module
            gone = [n for n, i in enumerate(ids) if n not in kept or i in touched]
            if any(self._trailing_note(key, n) for n in gone) or (
                len(seq) > len(kept) and self._trailing_note(key, len(ids) - 1)
            ):
                # blank or comment lines after an item's last field: where they go is the
                # dumper's call (they belong to the item or to what follows); dump it whole
                return None
            items: list[int | str] = []
            rewritten[key] = items
            for item in seq:
                n = old.get(id(item))
                if n is None:
                    dumped = self._dump_item(key, item)
                    if dumped is None:
                        return None
                    out.append(dumped)
                    items.append(dumped)
                    continue
                stop = starts[n + 1] if n + 1 < len(starts) else end
                written = "".join(self.lines[starts[n] : stop])
                if id(item) not in touched:
                    out.append(written)
                    items.append(n)
                    continue
                original = _yaml(self.doc.indent).load(f"{key}:\n{written}")
                plain = self._dump_item(key, original[key][0])
                dumped = self._dump_item(key, item)
                if plain is None or dumped is None:
                    return None
                out.append(keep_untouched_lines(written, plain, dumped))
                items.append(out[-1])
            pieces.append((starts[0], end, "".join(out)))
        text: list[str] = []
        at = 0
        for first, end, new in sorted(pieces):
            text.extend(self.lines[at:first])
            text.append(new)
            at = end
        text.extend(self.lines[at:])
        self.rewritten = rewritten
        return "".join(text)

    def check(self) -> tuple[Any, Case] | None:
        """Return the data and the case of the text :meth:`render` made, reading only new items.

        The text is the one read with some items rewritten: its other items, read before, are
        taken as they were (their data and their checked models), the rewritten ones are read
        and checked alone, then the rules across the case are checked on the whole
        (:func:`~ecograph.model.rules.check_case`) -- the same data and case as reading the
        whole text. None when that cannot be relied on or a problem is found: the caller then
        reads the whole text, which reports the problems with their lines as ``validate`` does.
        """
        doc, rewritten = self.doc, self.rewritten
        if rewritten is None or doc.case is None or not isinstance(doc.parsed, dict):
            return None
        if _SHARED.search(doc.text) or any(
            isinstance(x, str) and _SHARED.search(x) for xs in rewritten.values() for x in xs
        ):
            return None  # anchors, aliases or merge keys: an item may not read alone
        parsed = dict(doc.parsed)
        update: dict[str, list[Any]] = {}
        for key, items in rewritten.items():
            before, models = doc.parsed.get(key), getattr(doc.case, key)
            if not isinstance(before, list) or len(before) != len(models):
                return None
            data: list[Any] = []
            update[key] = []
            for item in items:
                if isinstance(item, int):
                    data.append(before[item])
                    update[key].append(models[item])
                    continue
                try:
                    one, root = parse_document(f"{key}:\n{item}", fmt="yaml", source=doc.source)
                    if not isinstance(one, dict) or list(one) != [key] or len(one[key]) != 1:
                        return None
                    if _repeated_key(root):
                        return None
                    update[key].append(_ITEM_MODELS[key].model_validate(one[key][0]))
                except (CaseFileError, ValidationError, TypeError):
                    return None
                data.append(one[key][0])
            parsed[key] = data
        case = doc.case.model_copy(update=update)
        if check_case(case):
            return None
        return parsed, case


#: The model of an item of each list of a case.
_ITEM_MODELS: dict[str, type[BaseModel]] = {
    "actors": Actor,
    "relationships": Relationship,
    "goals": Goal,
    "agreements": Agreement,
}
#: An anchor (&a), an alias (*a) or a merge key (<<) in YAML text (or a note that looks like one).
_SHARED = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]|<<", re.MULTILINE)


def _repeated_key(root: Any) -> bool:
    """Return whether any mapping of a YAML node tree has a key twice."""
    import yaml

    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if len(keys) != len(set(keys)):
                return True
            stack.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def edit_file(
    path: str | os.PathLike[str],
    edits: Sequence[Edit],
    *,
    base_version: str | None,
    timeout: float = 10.0,
    source: str | None = None,
    document: CaseDocument | None = None,
    targeted: bool = True,
) -> Edited:
    """Apply ``edits`` to the case file at ``path``: checked, versioned, atomic.

    Parameters
    ----------
    path : path-like
        A case file (.yaml, .yml or .json).
    edits : sequence of Edit
        Applied in order; all or nothing.
    base_version : str or None
        The version the edits were made on (:attr:`CaseDocument.version`); None skips the
        check (for a command such as ``ecograph record`` that reads and writes under one lock).
    timeout : float
        Seconds to wait for another writer.
    source : str, optional
        How messages name the file (default: ``path``).
    document : CaseDocument, optional
        The file's document as parsed before (e.g. :attr:`Edited.document` of the last edit):
        used when the file still holds its text byte for byte, so the file is not parsed again.
        Its data is changed in place: do not use it again after this call (use the returned
        ``document``; after an error, parse the file anew).
    targeted : bool
        Rewrite only the changed items where it can (see :func:`apply_edits`).

    Raises
    ------
    StaleVersionError
        The file changed since ``base_version``; nothing is written.
    CaseFileError
        The result would not be a valid case; nothing is written.
    """
    # The parse, the edits and the check are done before taking the lock (the folder's write
    # lock is then held only to see that the file is unchanged and to write it); if another
    # writer got in between, the edit is made again under the lock, or refused as stale.
    doc = document if document is not None else open_document(path, source=source)
    doc = reopen_document(path, doc)
    if base_version is not None and base_version != doc.version:
        raise StaleVersionError(doc.source, base_version, doc.version)
    done = apply_edits(doc, edits, targeted=targeted)
    with locked(path, timeout):
        if read_text(path) != doc.text:
            doc = open_document(path, source=doc.source)
            if base_version is not None and base_version != doc.version:
                raise StaleVersionError(doc.source, base_version, doc.version)
            done = apply_edits(doc, edits, targeted=targeted)
        if done.text != doc.text:
            atomic_write(path, done.text, lock=False)
        return done
