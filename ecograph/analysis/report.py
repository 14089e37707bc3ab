"""The questions users ask, answered together: ``ecograph analyze`` as a typed report.

Sections (each from its own module):

=================  ==========================================================================
hotspots           pairs ranked by conflict likelihood, related or not (:mod:`.hotspots`)
bargaining         where agreement is the fitting tactic, with M. Horn's basis (:mod:`.bargaining`)
tactics            the suggested tactic toward every target and action-system actor
influence_paths    the "use of connections": change agent to each target (:mod:`.paths`)
brokers            actors with cooperative ties into factions in conflict (:mod:`.brokers`)
power              largest power gaps on hostile ties; unsupported constrained clients
isolated_clients   clients with no cooperative tie outside their own system
factions           the partition that minimises frustration (:mod:`.factions`)
latent             latent conflicts and alliances of unrelated pairs, triads as evidence
trend              relationships whose history moves toward conflict (:mod:`.trend`)
balance            signed triangle census, balance score, where the imbalance sits
pairs              every pair's likelihoods and reasons
=================  ==========================================================================

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
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ecograph.analysis.params import Params
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

#: Every section, in report order.
SECTIONS: tuple[str, ...] = (
    "hotspots",
    "bargaining",
    "tactics",
    "influence_paths",
    "brokers",
    "power",
    "isolated_clients",
    "factions",
    "latent",
    "trend",
    "balance",
    "pairs",
)
#: The sections a plain signed edge list supports.
STRUCTURAL: tuple[str, ...] = ("factions", "brokers", "latent", "balance")
#: Sections left out of the default report (ask for them with ``only``).
ON_REQUEST: tuple[str, ...] = ("pairs",)

#: How many rows of each list the balance section keeps.
_LIMIT = 10


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
            "sections": {name: _section_json(name, v) for name, v in self.sections.items()},
        }


def _section_json(name: str, value: Any) -> Any:
    if isinstance(value, list):
        return [v.to_json() if hasattr(v, "to_json") else v for v in value]
    if hasattr(value, "to_json"):
        return value.to_json()
    return value


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


def _undirected(g: nx.Graph) -> nx.Graph:
    """Return the undirected skeleton (a pair's sign: that of its summed signed weights)."""
    if not g.is_directed():
        return g
    out = nx.Graph()
    out.add_nodes_from(g.nodes)
    for u, v, d in g.edges(data=True):
        s = d["sign"] * float(d.get("weight", 1.0))
        if out.has_edge(u, v):
            s += out.edges[u, v]["_sum"]
        out.add_edge(u, v, _sum=s)
    for _u, _v, d in out.edges(data=True):
        s = d.pop("_sum")
        d["sign"] = 1 if s > 0 else -1
        d["weight"] = abs(s)
    return out


@dataclass(frozen=True)
class FactionsSection:
    """The factions section: the partition and which factions are in conflict."""

    factions: Any
    in_conflict: dict[tuple[int, int], tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        f = self.factions
        return {
            "k": f.k,
            "balance": f.balance,
            "frustration": f.frustration,
            "exact": f.exact,
            "lower_bound": f.lower_bound,
            "method": f.method,
            # numbered from 1, as every view shows them
            "groups": {str(i + 1): sorted(map(str, m)) for i, m in enumerate(f.members())},
            "frustrated": [sorted(map(str, e)) for e in f.frustrated],
            "in_conflict": [
                {"factions": [c + 1, d + 1], "hostile_ties": h, "non_hostile_ties": p}
                for (c, d), (h, p) in self.in_conflict.items()
            ],
        }


@dataclass(frozen=True)
class LatentSection:
    """Latent conflicts and alliances (from :mod:`ecograph.analysis.latent`), most certain first."""

    predictions: list[Any]

    def to_json(self) -> list[dict[str, Any]]:
        """Return JSON-ready data."""
        return [
            {
                "a": p.u,
                "b": p.v,
                "kind": p.kind,
                "score": round(p.score, 4),
                "support": round(p.support, 4),
                "triads": [
                    {
                        "via": t.via,
                        "signs": [t.sign_u, t.sign_v],
                        "rule": t.rule,
                        "strength": round(t.strength, 4),
                    }
                    for t in p.triads
                ],
            }
            for p in self.predictions
        ]


@dataclass(frozen=True)
class BalanceSection:
    """The balance section: census, score, and where the imbalance sits."""

    census: dict[str, int]
    score: float
    actors: list[tuple[Hashable, int, int]]
    triangles: list[tuple[list[Hashable], list[int]]]

    @property
    def triangle_count(self) -> int:
        """The number of triangles (0: the balance score means nothing)."""
        return sum(self.census.values())

    def to_json(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "census": dict(self.census),
            # no triangle is not balance: there is nothing to score
            "balance_score": round(self.score, 7) if self.triangle_count else None,
            "most_imbalanced_actors": [
                {"actor": a, "triangles": t, "unbalanced": u} for a, t, u in self.actors
            ],
            "unbalanced_triangles": [{"actors": n, "signs": s} for n, s in self.triangles],
        }


def structural_graph(g: nx.Graph, members: dict[str, list[str]] | None = None) -> nx.Graph:
    """Return the undirected signed graph the structural sections read.

    Each pair's sign is that of its summed signed weights; with ``members`` (actor -> groups)
    each member also gets a positive tie to its group where it has none.
    """
    plain = nx.DiGraph() if g.is_directed() else nx.Graph()
    plain.add_edges_from(
        (u, v, {"sign": d["sign"], "weight": d.get("weight", 1.0)})
        for u, v, d in g.edges(data=True)
    )
    plain = _undirected(plain)
    if members:
        plain = plain.copy()
        for actor, groups in members.items():
            for grp in groups:
                if not plain.has_edge(actor, grp):
                    plain.add_edge(actor, grp, sign=1, weight=1.0)
    return plain


def factions_of(plain: nx.Graph, p: Params) -> Any:
    """Return the factions of a structural graph with the settings ``p.factions``."""
    from ecograph.analysis.factions import find_factions

    fs = p.factions
    large = plain.number_of_edges() > fs.large_ties
    return find_factions(
        plain,
        fs.k,
        balance=fs.balance,
        method=fs.method,
        weighted=fs.weighted,
        restarts=fs.large_restarts if large else fs.restarts,
    )


def case_factions(
    graph: EcoGraph, *, as_of: dt.date | None = None, params: Params | None = None
) -> Any:
    """Return the factions of a case -- the one computation every view shows.

    ``ecograph analyze``, ``ecograph plot --kind factions`` and the HTML map all call this:
    the signed view on ``as_of`` (with ``params.signs``), each member tied to its group when
    ``params.factions.membership_ties`` is on, and :func:`~ecograph.analysis.factions.
    find_factions` with ``params.factions``. The search is deterministic (fixed seed), so the
    same case, date and settings give the same grouping. Factions are numbered 0, 1, ... in
    the result (``groups``); every view shows them numbered from 1.

    Returns
    -------
    Factions or None
        None when the case has no relationships on that date.

    Examples
    --------
    >>> from ecograph import load_graph
    >>> g = load_graph("examples/child-protection.yaml")
    >>> case_factions(g).groups == case_factions(g).groups
    True
    """
    from ecograph.analysis.signed_view import signed_graph

    p = params or Params()
    members = (
        {a.id: list(a.member_of) for a in graph.actors()} if p.factions.membership_ties else None
    )
    plain = structural_graph(signed_graph(graph, as_of=as_of, weights=p.signs), members)
    if plain.number_of_edges() == 0:
        return None
    return factions_of(plain, p)


def _structural(
    g: nx.Graph,
    wanted: list[str],
    out: dict[str, Any],
    p: Params,
    members: dict[str, list[str]] | None = None,
) -> None:
    from ecograph.analysis.balance import node_imbalance, triangle_census, unbalanced_triangles
    from ecograph.analysis.brokers import brokers, factions_in_conflict
    ties_only = structural_graph(g)
    plain = structural_graph(g, members)
    if "factions" in wanted or "brokers" in wanted:
        fac = factions_of(plain, p)
        if "brokers" in wanted:
            out["brokers"] = brokers(plain, fac)
        if "factions" in wanted:
            out["factions"] = FactionsSection(fac, factions_in_conflict(plain, fac))
    if "latent" in wanted:
        from ecograph.analysis.latent import predict_pair_signs

        th = p.thresholds
        # on the relationships only: two members of one family are not a "latent alliance"
        preds = predict_pair_signs(
            ties_only, threshold=th.latent, enemy_of_enemy=th.enemy_of_enemy, weighted=True
        )
        out["latent"] = LatentSection([x for x in preds if x.sign != 0])
    if "balance" in wanted:
        census = triangle_census(plain)
        imb = node_imbalance(plain)
        worst = sorted(
            ((n, i.triangles, i.unbalanced) for n, i in imb.items() if i.unbalanced),
            key=lambda r: (-r[2], -r[1], str(r[0])),
        )[:_LIMIT]
        tris = [(list(t.nodes), list(t.signs)) for t in unbalanced_triangles(plain, limit=_LIMIT)]
        out["balance"] = BalanceSection(census.as_dict(), census.balance_score, worst, tris)


def _order(out: dict[str, Any]) -> dict[str, Any]:
    return {s: out[s] for s in SECTIONS if s in out}


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
    from ecograph.analysis.bargaining import bargaining
    from ecograph.analysis.features import case_features
    from ecograph.analysis.hotspots import hotspots
    from ecograph.analysis.isolated import isolated_clients
    from ecograph.analysis.likelihood import assess_features
    from ecograph.analysis.paths import influence_paths
    from ecograph.analysis.power import power_report
    from ecograph.analysis.trend import trends

    p = params or Params()
    wanted = select_sections(only)
    f = case_features(graph, params=p, as_of=as_of)
    out: dict[str, Any] = {}
    if {"hotspots", "bargaining", "tactics", "pairs"} & set(wanted):
        a = assess_features(f)
        if "hotspots" in wanted:
            out["hotspots"] = hotspots(a)
        if "bargaining" in wanted:
            out["bargaining"] = bargaining(a)
        if "tactics" in wanted:
            out["tactics"] = list(a.tactics)
        if "pairs" in wanted:
            out["pairs"] = list(a.pairs)
    if "influence_paths" in wanted:
        out["influence_paths"] = influence_paths(f)
    if "power" in wanted:
        out["power"] = power_report(f)
    if "isolated_clients" in wanted:
        out["isolated_clients"] = isolated_clients(f)
    if "trend" in wanted:
        out["trend"] = trends(graph, params=p, as_of=as_of)
    members = (
        {a: list(act.member_of) for a, act in f.actors.items()}
        if p.factions.membership_ties
        else None
    )
    _structural(f.signed, wanted, out, p, members)
    from ecograph.analysis.priorities import priorities

    names = {a.id: a.name for a in graph.actors()}
    return AnalysisReport(
        case=graph.case_id,
        title=graph.title,
        as_of=as_of,
        kind="case",
        params=p,
        sections=_order(out),
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
    wanted = select_sections(only, STRUCTURAL, "signed edge list")
    out: dict[str, Any] = {}
    p = params or Params()
    _structural(g, wanted, out, p)
    return AnalysisReport(
        case=name,
        title=name,
        as_of=None,
        kind="signed_edges",
        params=p,
        sections=_order(out),
    )
