"""The questions users ask, answered together: ``ecograph analyze`` as a typed report.

The sections, in report order, are the questions of the registry
(:mod:`ecograph.analysis.questions`); docs/analysis.md lists them with what each asks.

A plain signed edge list (no roles, goals or power) supports the structural sections only:
``factions``, ``brokers``, ``latent`` and ``balance``. These run on the signed ties; actors without
any tie are left out of them. In a case, membership (a mother in her family) counts as a
cooperative tie for factions, brokers and balance unless ``factions.membership_ties`` is off;
latent signs are predicted from the relationships only.

Examples
--------
>>> from ecograph import load_graph
>>> r = analyze(load_graph("examples/child-protection.yaml"), only=["hotspots", "power"])
>>> data = r.to_json()
>>> list(data)[:2], sorted(data["sections"])
(['case', 'title'], ['hotspots', 'power'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ecograph.analysis.params import Params
from ecograph.analysis.questions import ON_REQUEST, REGISTRY, SECTIONS, STRUCTURAL
from ecograph.analysis.questions.base import Inputs
from ecograph.analysis.structural import case_factions, factions_of, structural_graph
from ecograph.collector import collector_paused
from ecograph.errors import InputError
from ecograph.graph import EcoGraph

__all__ = [
    "SECTIONS",
    "STRUCTURAL",
    "ON_REQUEST",
    "AnalysisReport",
    "analyze",
    "analyze_signed",
    "case_factions",
    "factions_of",
    "select_sections",
    "structural_graph",
]


@dataclass
class AnalysisReport:
    """The answers for one case (or signed network) on one date.

    Attributes
    ----------
    case : str
        The case id (the file name for a signed edge list).
    title : str
    as_of : date or None
    kind : {"case", "signed_edges"}
    params : Params
    sections : dict
        Section name -> its typed result (see the module docstring).
    names : dict
        Actor id -> display name (empty for a signed edge list).
    summary : list
        The few things to act on now, each with its reason
        (:func:`ecograph.analysis.priorities.priorities`; empty for a signed edge list).
    """

    case: str
    title: str
    as_of: dt.date | None
    kind: str
    params: Params
    sections: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    summary: list[Any] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data: the case id first, then each section."""
        return {
            "case": self.case,
            "title": self.title,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "kind": self.kind,
            "params": self.params.model_dump(mode="json"),
            "summary": [p.to_json() for p in self.summary],
            "sections": {name: REGISTRY[name].to_json(v) for name, v in self.sections.items()},
        }


def select_sections(
    only: Iterable[str] | None, allowed: tuple[str, ...] = SECTIONS, kind: str = "case"
) -> list[str]:
    """Return the sections asked for, in report order.

    Parameters
    ----------
    only : iterable of str or None
        Section names, or comma-separated lists of them (``-`` may stand for ``_``); None asks
        for every allowed section but those given only on request (``pairs``).
    allowed : tuple of str
        The sections the input supports.
    kind : str
        What the input is, for the message when a section is not allowed.

    Raises
    ------
    InputError
        For an unknown section name (with the closest known one) or one not allowed.

    Examples
    --------
    >>> select_sections(["power,hotspots", "power"])
    ['hotspots', 'power']
    """
    if only is None:
        return [s for s in allowed if s not in ON_REQUEST]
    picked = []
    for raw in only:
        for name in (x.strip().replace("-", "_") for x in raw.split(",")):
            if not name:
                continue
            if name not in SECTIONS:
                from ecograph.model.rules import suggest

                hint = suggest(name, SECTIONS)
                raise InputError(
                    f"unknown section {name!r}" + (f"; did you mean {hint!r}?" if hint else ""),
                    field="--only",
                    expected="one of: " + ", ".join(SECTIONS),
                )
            if name not in allowed:
                raise InputError(
                    f"section {name!r} needs a case file (roles, goals, power); a {kind} "
                    "has only signed ties",
                    field="--only",
                    expected="one of: " + ", ".join(allowed),
                )
            if name not in picked:
                picked.append(name)
    return [s for s in SECTIONS if s in picked]


def _answer(wanted: list[str], inputs: Inputs) -> dict[str, Any]:
    """Ask each wanted question, in report order; what they share is computed once."""
    return {name: REGISTRY[name].compute(inputs) for name in wanted}


def analyze(
    graph: EcoGraph,
    *,
    params: Params | None = None,
    as_of: dt.date | None = None,
    only: Iterable[str] | None = None,
) -> AnalysisReport:
    """Answer the users' questions about a case.

    Parameters
    ----------
    graph : EcoGraph
        The case.
    params : Params, optional
        Weights and thresholds (docs/analysis.md).
    as_of : date, optional
        Read the map as it stood on this date.
    only : iterable of str, optional
        Section names (or comma-separated lists of them); default: every section but
        ``pairs``.

    Returns
    -------
    AnalysisReport

    Raises
    ------
    InputError
        For an unknown section name.
    """
    p = params or Params()
    with collector_paused():
        out = _answer(select_sections(only), Inputs(p, graph=graph, as_of=as_of))
        from ecograph.analysis.priorities import priorities

        names = {a.id: a.name for a in graph.actors()}
        return AnalysisReport(
            case=graph.case_id,
            title=graph.title,
            as_of=as_of,
            kind="case",
            params=p,
            sections=out,
            names=names,
            summary=priorities(out, names, p),
        )


def analyze_signed(
    g: nx.Graph,
    *,
    name: str = "signed network",
    params: Params | None = None,
    only: Iterable[str] | None = None,
) -> AnalysisReport:
    """Answer the structural questions about a plain signed network.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        ``sign`` (+1/-1) and optionally ``weight`` on every edge (e.g. from
        :func:`ecograph.io.signed_csv.read_signed_edges`). A DiGraph is read as its undirected
        skeleton.
    name : str
        What to call it in the report (the file name).
    params : Params, optional
    only : iterable of str, optional
        Among ``factions``, ``brokers``, ``balance`` (default: all three).

    Raises
    ------
    InputError
        For a section that needs a case file.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> for u, v, s in [("a", "b", 1), ("b", "c", -1), ("a", "c", -1)]:
    ...     g.add_edge(u, v, sign=s)
    >>> analyze_signed(g).to_json()["sections"]["balance"]["balance_score"]
    1.0
    """
    p = params or Params()
    out = _answer(select_sections(only, STRUCTURAL, "signed edge list"), Inputs(p, signed=g))
    return AnalysisReport(
        case=name,
        title=name,
        as_of=None,
        kind="signed_edges",
        params=p,
        sections=out,
    )
