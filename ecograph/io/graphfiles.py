"""GraphML, GEXF and JSON node-link: a case for Gephi, Cytoscape and web tools.

Every actor is a node and every relationship an undirected edge. Attributes are flat values that
these tools can filter, colour and size by (the mapping is in ``docs/interchange.md``):

* nodes: ``label`` (the name), ``kind``, ``roles`` (``client|target``), ``system`` (the first of
  the four systems the actor is in, for colouring), ``power``, ``voluntariness``, ``member_of``
  (``|``-separated ids), ``notes``, ``attributes`` (JSON);
* edges: ``from`` (which end is the source), ``order`` (position in the case), ``rel_id``,
  the declared ``type``, ``strength`` and mix weights (``cooperation``, ``agreement``,
  ``conflict``) when declared, ``basis``, ``terms``, ``mandated``, ``notes``; the derived
  current ``state`` (dominant type), ``present``, ``sign`` (+1/-1), ``weight`` (magnitude)
  and ``signed`` (the signed weight of :func:`ecograph.model.sign.signed_value`);
  ``history`` and ``perceptions`` as JSON;
* the graph: ``case_id``, ``title``, ``description``, ``author``, ``start``, ``end``, and
  ``goals`` and ``agreements`` as JSON.

In GEXF the declared ``type`` is called ``declared_type`` (GEXF's own edge ``type`` means
directed or undirected) and the edge label is the current state.

GraphML carries all of it, so :func:`read_graphml` rebuilds the same case. GEXF and node-link
JSON are export-only (node-link JSON keeps history, goals and agreements as JSON structures).

Examples
--------
>>> from ecograph.io.casefile import load_case
>>> case = load_case("examples/child-protection.yaml")
>>> loads_graphml(dumps_graphml(case)) == case
True
>>> g = case_to_networkx(case)
>>> g.nodes["roberta"]["roles"], g.edges["susan", "roberta"]["state"]
('client|target', 'agreement')
"""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from xml.etree.ElementTree import ParseError

import networkx as nx
from pydantic import TypeAdapter, ValidationError

from ecograph.errors import CaseFileError, InputError, Problem
from ecograph.io.atomic import atomic_write
from ecograph.io.problems import clean_loc, format_path, problem_from_error, read_input_bytes
from ecograph.io.textcheck import check_writable
from ecograph.model import (
    PRIMARY_ROLES,
    Actor,
    Agreement,
    Case,
    Goal,
    Observation,
    Perception,
    Relationship,
    check_case,
    effective_roles,
)
from ecograph.model.actor import Position

__all__ = [
    "GraphFormat",
    "GraphImport",
    "LayoutHint",
    "LAYOUT_KEYS",
    "import_graphml",
    "read_graphml_import",
    "case_to_networkx",
    "dumps_graphml",
    "dumps_gexf",
    "dumps_node_link",
    "loads_graphml",
    "read_graphml",
    "write_graph",
]

GraphFormat = Literal["graphml", "gexf", "json"]
SEP = "|"
#: Written as the ``format`` graph attribute; checked on import.
FORMAT = "ecograph-graph 1"
_MIX = ("cooperation", "agreement", "conflict")
_META = ("description", "author", "start", "end")


def _dump_list(items: list[Any]) -> list[Any]:
    return [x.model_dump(mode="json", exclude_defaults=True) for x in items]


def case_to_networkx(case: Case, *, structured: bool = False) -> nx.Graph:
    """Return the case as an undirected NetworkX graph with flat, tool-friendly attributes.

    Parameters
    ----------
    case : Case
        The case.
    structured : bool
        Keep history, perceptions, attributes, goals and agreements as lists and dicts (for
        JSON); by default they are JSON text so that GraphML and GEXF can hold them.

    Returns
    -------
    networkx.Graph
        Nodes are actor ids, edges relationships; no attribute is ever None.
    """
    from ecograph.model.sign import sign_of, signed_value

    enc: Callable[[Any], Any] = (lambda x: x) if structured else _json
    g = nx.Graph()
    g.graph.update(format=FORMAT, case_id=case.id, title=case.title)
    for k in _META:
        v = getattr(case, k)
        if v is not None:
            g.graph[k] = v if isinstance(v, str) else v.isoformat()
    if case.goals:
        g.graph["goals"] = enc(_dump_list(case.goals))
    if case.agreements:
        g.graph["agreements"] = enc(_dump_list(case.agreements))
    roles = effective_roles(case)
    for a in case.actors:
        system = next((r.value for r in PRIMARY_ROLES if r in roles[a.id]), "none")
        data: dict[str, Any] = {
            "label": a.name,
            "kind": a.kind.value,
            "roles": SEP.join(r.value for r in a.roles),
            "system": system,
            "power": a.power,
            "member_of": _join(a.member_of),
        }
        if a.voluntariness is not None:
            data["voluntariness"] = a.voluntariness.value
        if a.expects_moderate_demands is not None:
            data["expects_moderate_demands"] = a.expects_moderate_demands
        if a.joined is not None:
            data["joined"] = a.joined.isoformat()
        if a.notes is not None:
            data["notes"] = a.notes
        if a.attributes:
            data["attributes"] = enc(a.attributes)
        if a.position is not None:  # the layout hint, as Gephi names a node's position
            data["x"], data["y"] = a.position.x, a.position.y
        g.add_node(a.id, **data)
    for order, r in enumerate(case.relationships):
        e: dict[str, Any] = {"from": r.source, "order": order, "mandated": _join(r.mandated)}
        for k in ("type", "basis"):
            v = getattr(r, k)
            if v is not None:
                e[k] = v.value
        if r.strength is not None:
            e["strength"] = r.strength
        if r.mix is not None:
            for t in _MIX:
                e[t] = getattr(r.mix, t)
        for k, out in (("id", "rel_id"), ("terms", "terms"), ("notes", "notes")):
            v = getattr(r, k)
            if v is not None:
                e[out] = v
        if r.history:
            e["history"] = enc(_dump_list(r.history))
        if r.perceptions:
            e["perceptions"] = enc(_dump_list(r.perceptions))
        state = r.state()
        e["present"] = state is not None and not state.ended
        if state is not None:
            value = signed_value(state.mix, state.strength)
            e["state"] = state.type.value
            e["signed"] = value
            e["weight"] = abs(value)
            e["sign"] = sign_of(value, state.type)
        g.add_edge(r.source, r.target, **e)
    return g


def _json(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False, sort_keys=False)


def _join(ids: list[str]) -> str:
    for i in ids:
        if SEP in i:
            raise InputError(
                f"the id {i!r} contains '{SEP}', which separates list items in graph attributes",
                expected=f"ids without '{SEP}'",
            )
    return SEP.join(ids)


def dumps_graphml(case: Case) -> str:
    """Return the GraphML text of ``case`` (for Gephi, Cytoscape, yEd).

    Raises
    ------
    CaseFileError
        If a text holds a character XML cannot hold (see :mod:`ecograph.io.textcheck`).
    """
    check_writable(case, "GraphML")
    buf = io.BytesIO()
    nx.write_graphml(case_to_networkx(case), buf, encoding="utf-8", named_key_ids=True)
    # A carriage return in text content would be read back as a line feed (XML end-of-line
    # handling); the writer puts none of its own, so every one left is in a value.
    return buf.getvalue().decode("utf-8").replace("\r", "&#13;")


#: GEXF 1.3, the version Gephi 0.9 and later write and read.
GEXF_NS = "http://gexf.net/1.3"
#: Every GEXF attribute, by class, with its GEXF type. The attribute ``id`` is its name, so a
#: column means the same in every file (Gephi matches columns by id).
_GEXF_ATTRIBUTES: dict[str, dict[str, str]] = {
    "node": {
        "kind": "string",
        "roles": "string",
        "system": "string",
        "power": "double",
        "voluntariness": "string",
        "expects_moderate_demands": "boolean",
        "joined": "string",
        "member_of": "string",
        "notes": "string",
        "attributes": "string",
    },
    "edge": {
        "from": "string",
        "order": "integer",
        "rel_id": "string",
        "declared_type": "string",
        "strength": "double",
        "cooperation": "double",
        "agreement": "double",
        "conflict": "double",
        "basis": "string",
        "terms": "string",
        "mandated": "string",
        "notes": "string",
        "state": "string",
        "present": "boolean",
        "signed": "double",
        "sign": "integer",
        "history": "string",
        "perceptions": "string",
    },
}


def _gexf_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v) if isinstance(v, float) else str(v)


def dumps_gexf(case: Case) -> str:
    """Return the GEXF 1.3 text of ``case`` (Gephi's own format), valid against the GEXF schema.

    Attribute ids are the attribute names (``state``, ``power``), so a column is the same in
    every file. The edge ``weight`` is the magnitude of the signed weight; the declared
    relationship type is ``declared_type`` (GEXF's own edge ``type`` means directed or not).

    Raises
    ------
    CaseFileError
        If a text holds a character XML cannot hold (see :mod:`ecograph.io.textcheck`).
    """
    from xml.etree import ElementTree as ET

    from ecograph import __version__

    check_writable(case, "GEXF")
    g = case_to_networkx(case)
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = f"ecograph {__version__}"
    ET.SubElement(meta, "description").text = case.title
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "undirected", "mode": "static"})
    nodes = [(str(n), d) for n, d in g.nodes(data=True)]
    edges = []
    for u, v, d in g.edges(data=True):
        d = dict(d)
        if "type" in d:
            d["declared_type"] = d.pop("type")
        edges.append((u, v, d))
    for cls, items in (("node", [d for _, d in nodes]), ("edge", [d for *_, d in edges])):
        used = {k for d in items for k in d}
        table = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
        for name, kind in _GEXF_ATTRIBUTES[cls].items():
            if name in used:
                ET.SubElement(table, "attribute", {"id": name, "title": name, "type": kind})
    xnodes = ET.SubElement(graph, "nodes", {"count": str(len(nodes))})
    for n, d in nodes:
        node = ET.SubElement(xnodes, "node", {"id": n, "label": d["label"]})
        _gexf_attvalues(node, d, "node")
        if "x" in d:  # GEXF 1.3 schema: <position> in the GEXF namespace
            ET.SubElement(node, "position", {"x": repr(d["x"]), "y": repr(d["y"])})
    xedges = ET.SubElement(graph, "edges", {"count": str(len(edges))})
    for u, v, d in edges:
        first = d["from"]
        attrs = {"id": str(d["order"]), "source": first, "target": v if first == u else u}
        if "state" in d:
            attrs["label"] = d["state"]
            attrs["weight"] = repr(float(d["weight"]))
        edge = ET.SubElement(xedges, "edge", attrs)
        _gexf_attvalues(edge, d, "edge")
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text.replace("\r", "&#13;") + "\n"


def _gexf_attvalues(element: Any, d: Mapping[str, Any], cls: str) -> None:
    from xml.etree import ElementTree as ET

    values = [(k, d[k]) for k in _GEXF_ATTRIBUTES[cls] if k in d]
    if values:
        box = ET.SubElement(element, "attvalues")
        for k, v in values:
            ET.SubElement(box, "attvalue", {"for": k, "value": _gexf_value(v)})


def dumps_node_link(case: Case) -> str:
    """Return node-link JSON (``{"graph", "nodes", "links"}``) as d3 and other web tools read."""
    data = nx.node_link_data(case_to_networkx(case, structured=True), edges="links")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_graph(case: Case, path: str | os.PathLike[str], fmt: GraphFormat) -> None:
    """Write ``case`` as GraphML, GEXF or node-link JSON, atomically."""
    dump = {"graphml": dumps_graphml, "gexf": dumps_gexf, "json": dumps_node_link}[fmt]
    atomic_write(path, dump(case))


# ------------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class LayoutHint:
    """Where a drawing tool put an actor, and how it drew it (not part of the case).

    Parameters
    ----------
    x, y : float, optional
        The position.
    size : float, optional
        The node size.
    colour : str, optional
        ``#rrggbb``, from the ``r``, ``g``, ``b`` attributes Gephi writes.
    """

    x: float | None = None
    y: float | None = None
    size: float | None = None
    colour: str | None = None


@dataclass(frozen=True)
class GraphImport:
    """What a GraphML import gave: the case, the layout hints, and what was read differently.

    Parameters
    ----------
    case : Case
        The case.
    layout : dict of str to LayoutHint
        Layout hints by actor id (from ``x``, ``y``, ``size``, ``r``, ``g``, ``b``).
    notes : list of str
        What the reader did that the user should know, in words (no case data).
    """

    case: Case
    layout: dict[str, LayoutHint] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


#: Node attributes that drawing tools write (Gephi: x, y, z, size, r, g, b): layout hints.
LAYOUT_KEYS = ("x", "y", "z", "size", "r", "g", "b")


def read_graphml(
    path: str | os.PathLike[str], *, case_id: str | None = None, title: str | None = None
) -> Case:
    """Read a case from a GraphML file (as written by :func:`dumps_graphml`, Gephi or igraph).

    ``case_id`` and ``title`` replace those in the file (a file from another tool has none).
    See :func:`read_graphml_import` for the layout hints and notes.
    """
    return read_graphml_import(path, case_id=case_id, title=title).case


def read_graphml_import(
    path: str | os.PathLike[str], *, case_id: str | None = None, title: str | None = None
) -> GraphImport:
    """Read a GraphML file: the case, the layout hints and notes (see :func:`loads_graphml`)."""
    source = os.fspath(path)
    data = read_input_bytes(path, "GraphML file")
    return import_graphml(data, source=source, case_id=case_id, title=title)


def loads_graphml(
    text: str | bytes,
    *,
    source: str = "<graphml>",
    case_id: str | None = None,
    title: str | None = None,
) -> Case:
    """Build a case from GraphML text; raise :class:`CaseFileError` listing every problem.

    Nodes need no more than an id (the ``label`` becomes the name); an edge needs a ``type``,
    a mix, a ``history`` or at least a ``state`` (its current dominant type, with ``weight`` as
    strength). Unknown node attributes become free attributes; unknown edge attributes are
    ignored (drawing tools add their own, such as colours). What other tools write back is read
    too: an empty value is a missing one; where a tool renamed the nodes (igraph: ``n0``,
    ``n1``...) the ``id`` attribute gives the actor id; ``x``, ``y``, ``size`` and ``r``, ``g``,
    ``b`` are layout hints, not actor attributes (see :func:`import_graphml`). A file that
    would lose data is refused: two graphs, a graph nested in a node, or an edge to a node the
    file does not declare.
    """
    return import_graphml(text, source=source, case_id=case_id, title=title).case


def import_graphml(
    text: str | bytes,
    *,
    source: str = "<graphml>",
    case_id: str | None = None,
    title: str | None = None,
) -> GraphImport:
    """Build a case from GraphML text, with layout hints and notes (see :func:`loads_graphml`)."""
    from xml.etree import ElementTree as ET

    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        root = ET.fromstring(raw)
        _check_structure(root, source)
        g = nx.read_graphml(io.BytesIO(raw), node_type=str)
    except ParseError as exc:
        line, col = exc.position
        raise CaseFileError(
            [Problem(f"not valid XML: {exc.msg}", line=line, column=col + 1, source=source)],
            source=source,
        ) from None
    except (
        nx.NetworkXError, ValueError, KeyError, TypeError, AttributeError, LookupError,
        IndexError, RecursionError,
    ) as exc:  # fmt: skip
        if isinstance(exc, CaseFileError):
            raise
        raise CaseFileError(
            [
                Problem(
                    f"not a GraphML graph ecograph can read: {str(exc)[:120]}",
                    source=source,
                    expected="GraphML with <graph>, <node id=...> and <edge source=... target=...>",
                )
            ],
            source=source,
        ) from None
    if g.is_multigraph():
        _fail(source, "the graph has parallel edges", "one edge per pair of actors")
    problems: list[Problem] = []
    notes: list[str] = []
    meta = _present(g.graph)
    ids, layout = _node_ids_and_layout(g, source, problems, notes)
    fields: dict[str, Any] = {
        "id": case_id or meta.get("case_id") or Path(source).stem or "imported",
        "title": title or meta.get("title") or "Imported from GraphML",
    }
    for k in _META:
        if k in meta:
            fields[k] = meta[k]
    for k, model in (("goals", Goal), ("agreements", Agreement)):
        if k in meta:
            fields[k] = _load_json(meta[k], model, f"graph.{k}", source, problems)
    if meta.get("format") != FORMAT and "goals" not in meta and "agreements" not in meta:
        notes.append(
            "the file holds no goals and no agreements: drawing tools such as Gephi do not "
            "keep the graph attributes ecograph writes them in, so the imported case has none"
        )
    actors = [_actor(ids[n], _present(d), source, problems) for n, d in g.nodes(data=True)]
    actors = [_placed(a, layout.get(a.id)) if a is not None else None for a in actors]
    edges = sorted(g.edges(data=True), key=lambda e: _order(e[2].get("order")))
    rels = [_relationship(ids[u], ids[v], _present(d), source, problems) for u, v, d in edges]
    if problems:
        raise CaseFileError(problems, source=source)
    fields["actors"] = actors
    fields["relationships"] = rels
    try:
        case = Case.model_validate(fields)
    except ValidationError as exc:
        raise CaseFileError(
            [
                Problem(p.message, field="graph." + (p.field or ""), source=source)
                for p in (problem_from_error(e, Case) for e in exc.errors())
            ],
            source=source,
        ) from None
    found = check_case(case)
    if found:
        raise CaseFileError(
            [_where(p, case, source) for p in found],
            source=source,
        )
    return GraphImport(case, layout, notes)


def _present(d: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty values: igraph writes ``<data></data>`` (or NaN) where a value is missing."""
    return {k: v for k, v in d.items() if v != "" and not (isinstance(v, float) and math.isnan(v))}


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _check_structure(root: Any, source: str) -> None:
    """Refuse GraphML that networkx would read with nodes dropped or added, saying why."""
    problems = []
    graphs = [c for c in root if _local(c.tag) == "graph"]
    if len(graphs) > 1:
        problems.append(
            Problem(
                f"the file holds {len(graphs)} graphs; ecograph reads one map from a file",
                source=source,
                expected="one <graph> element (save each map as its own file)",
            )
        )
    declared: set[str] = set()
    for graph in graphs:
        for el in graph.iter():
            if _local(el.tag) == "node" and el.get("id") is not None:
                declared.add(str(el.get("id")))
    for graph in graphs:
        for el in graph.iter():
            tag = _local(el.tag)
            if tag in ("node", "edge") and any(_local(c.tag) == "graph" for c in el):
                what = f"node {el.get('id')!r}" if tag == "node" else "an edge"
                problems.append(
                    Problem(
                        f"{what} holds a nested graph, which ecograph cannot read without "
                        "losing its nodes",
                        source=source,
                        expected="a flat graph (ungroup or flatten it in the tool that wrote it)",
                    )
                )
            elif tag == "hyperedge":
                problems.append(
                    Problem(
                        "the file holds a hyperedge (an edge between more than two nodes)",
                        source=source,
                        expected="edges between two actors",
                    )
                )
            elif tag == "edge":
                for end in ("source", "target"):
                    node = el.get(end)
                    if node is not None and node not in declared:
                        problems.append(
                            Problem(
                                f"an edge's {end} is the node {node!r}, which the file does "
                                "not declare",
                                source=source,
                                expected="a <node id=...> element for each end of every edge",
                            )
                        )
    if problems:
        raise CaseFileError(problems, source=source)


def _node_ids_and_layout(
    g: nx.Graph, source: str, problems: list[Problem], notes: list[str]
) -> tuple[dict[Any, str], dict[str, LayoutHint]]:
    """Return the actor id of each node and the layout hints, taking them out of the nodes."""
    ids: dict[Any, str] = {}
    renamed = 0
    for n, d in g.nodes(data=True):
        given = d.pop("id", None)
        if isinstance(given, str) and given.strip():
            ids[n] = given
            renamed += given != str(n)
        else:
            ids[n] = str(n)
    seen: dict[str, Any] = {}
    for n, actor in ids.items():
        if actor in seen:
            problems.append(
                Problem(
                    f"two nodes have the actor id {actor!r}",
                    field="node.id",
                    source=source,
                    expected="one node per actor id",
                )
            )
        seen[actor] = n
    if renamed:
        notes.append(
            f"{renamed} node ids were renamed by the tool that wrote the file: the actor ids "
            "were taken from the nodes' 'id' attribute"
        )
    layout: dict[str, LayoutHint] = {}
    for n, d in g.nodes(data=True):
        found = {k: d.pop(k) for k in LAYOUT_KEYS if k in d}
        nums = {k: float(v) for k, v in found.items() if _is_number(v)}
        if not found:
            continue
        colour = None
        if all(k in nums for k in "rgb"):
            colour = "#" + "".join(f"{min(255, max(0, round(nums[k]))):02x}" for k in "rgb")
        layout[ids[n]] = LayoutHint(nums.get("x"), nums.get("y"), nums.get("size"), colour)
    if layout:
        notes.append(
            f"positions, sizes and colours ({', '.join(LAYOUT_KEYS)}) of {len(layout)} nodes "
            "were read as layout hints, not as actor attributes (x and y as the actor's position)"
        )
    return ids, layout


def _placed(actor: Actor, hint: LayoutHint | None) -> Actor:
    """Return ``actor`` with the position of ``hint`` as its layout hint, if it has one."""
    if hint is None or hint.x is None or hint.y is None:
        return actor
    return actor.model_copy(update={"position": Position(x=hint.x, y=hint.y)})


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _order(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 1e18


def _where(p: Problem, case: Case, source: str) -> Problem:
    """Rename ``actors[3].x`` as ``node 'id'.x`` and ``relationships[2]`` as ``edge a--b``."""
    field = p.field or ""
    names = {
        "actors": [f"node {a.id!r}" for a in case.actors],
        "relationships": [f"edge {r.source}--{r.target}" for r in case.relationships],
    }
    for prefix, labels in names.items():
        head = f"{prefix}["
        if field.startswith(head):
            index, _, rest = field[len(head) :].partition("]")
            if index.isdigit() and int(index) < len(labels):
                field = labels[int(index)] + rest
    return Problem(
        p.message,
        field=field,
        expected=p.expected,
        suggestion=p.suggestion,
        source=source,
        rule=p.rule,
    )


def _fail(source: str, message: str, expected: str) -> Case:
    raise CaseFileError([Problem(message, source=source, expected=expected)], source=source)


_ACTOR_KEYS = {
    "label",
    "kind",
    "roles",
    "system",
    "power",
    "voluntariness",
    "expects_moderate_demands",
    "joined",
    "member_of",
    "notes",
    "attributes",
}
_SCALARS = (str, int, float, bool)


def _actor(node: str, d: Mapping[str, Any], source: str, problems: list[Problem]) -> Actor | None:
    where = f"node {node!r}"
    data: dict[str, Any] = {"id": node, "name": d.get("label") or node}
    for k in ("kind", "voluntariness", "notes", "power", "expects_moderate_demands", "joined"):
        if d.get(k) not in (None, ""):
            data[k] = d[k]
    for k in ("roles", "member_of"):
        if d.get(k):
            data[k] = [x for x in str(d[k]).split(SEP) if x]
    attrs: dict[str, Any] = {}
    if "attributes" in d:
        loaded = _load_json(d["attributes"], None, f"{where}.attributes", source, problems)
        if isinstance(loaded, dict):
            attrs.update(loaded)
    for k, v in d.items():
        if k not in _ACTOR_KEYS and isinstance(v, _SCALARS):
            attrs[k] = v
    if attrs:
        data["attributes"] = attrs
    actor: Actor | None = _validate(Actor, data, where, source, problems)
    return actor


def _relationship(
    u: str, v: str, d: Mapping[str, Any], source: str, problems: list[Problem]
) -> Relationship | None:
    first = str(d.get("from", u))
    other = v if first == u else u
    where = f"edge {first}--{other}"
    data: dict[str, Any] = {"source": first, "target": other}
    for k, key in (
        ("rel_id", "id"),
        ("type", "type"),
        ("basis", "basis"),
        ("terms", "terms"),
        ("notes", "notes"),
        ("strength", "strength"),
    ):
        if d.get(k) not in (None, ""):
            data[key] = d[k]
    if any(t in d for t in _MIX):
        data["mix"] = {t: d[t] for t in _MIX if t in d}
    if d.get("mandated"):
        data["mandated"] = [x for x in str(d["mandated"]).split(SEP) if x]
    for k, model in (("history", Observation), ("perceptions", Perception)):
        if k in d:
            data[k] = _load_json(d[k], model, f"{where}.{k}", source, problems)
    if not any(k in data for k in ("type", "mix", "history")) and d.get("state"):
        data["type"] = d["state"]  # written by another tool: take the current state
        if "strength" not in data and isinstance(d.get("weight"), int | float):
            data["strength"] = min(1.0, abs(float(d["weight"])))
    rel: Relationship | None = _validate(Relationship, data, where, source, problems)
    return rel


def _validate(model: Any, data: Any, where: str, source: str, problems: list[Problem]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            p = problem_from_error(e, model)
            field = f"{where}.{format_path(clean_loc(e['loc']))}".rstrip(".")
            problems.append(
                Problem(
                    p.message,
                    field=field,
                    expected=p.expected,
                    suggestion=p.suggestion,
                    source=source,
                )
            )
        return None


def _load_json(text: Any, model: Any, where: str, source: str, problems: list[Problem]) -> Any:
    try:
        value = json.loads(text) if isinstance(text, str) else text
    except (ValueError, RecursionError) as exc:
        problems.append(
            Problem(
                f"not valid JSON: {str(exc)[:80]}",
                field=where,
                source=source,
                expected="the JSON text ecograph writes in this attribute",
            )
        )
        return None
    if model is None:
        return value
    try:
        return TypeAdapter(list[model]).validate_python(value)
    except ValidationError as exc:
        for e in exc.errors():
            p = problem_from_error({**e, "loc": e["loc"][1:]}, model)
            index = e["loc"][0] if e["loc"] else ""
            problems.append(
                Problem(
                    p.message,
                    field=f"{where}[{index}].{p.field}".rstrip("."),
                    expected=p.expected,
                    suggestion=p.suggestion,
                    source=source,
                )
            )
        return None
