"""``ecograph analyze``: where agreement or conflict is likely, why, and what to do about it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ecograph.cli.common import AS_OF_OPTION, console, parse_date, print_json

if TYPE_CHECKING:
    from ecograph.analysis.params import Params

__all__ = ["register"]

#: Rows shown per section in the text report (--json gives everything).
ROWS = 10


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` command to ``app``."""
    app.command("analyze")(analyze)


def analyze(
    file_or_case_id: str = typer.Argument(
        ...,
        help="A case file (.yaml, .yml, .json) or a signed edge list (.csv: "
        "source,target,sign[,weight]); with --store, the case's id.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a report."),
    only: list[str] = typer.Option(
        None,
        "--only",
        help="Only these sections (repeat or comma-separate): hotspots, bargaining, tactics, "
        "influence_paths, brokers, power, isolated_clients, factions, latent, trend, balance, "
        "pairs.",
    ),
    as_of: str | None = AS_OF_OPTION,
    config: Path | None = typer.Option(
        None, "--config", help="A YAML file of weights and thresholds (docs/analysis.md)."
    ),
    store: str | None = typer.Option(
        None,
        "--store",
        help="Analyze the case CASE_ID kept in a store: bolt://host:port, neo4j://..., "
        "neo4j+s://..., a case file, or memory:. In Neo4j the sections with a database twin "
        "(hotspots, influence_paths, brokers, power, isolated_clients, trend, balance) are "
        "answered inside the database on the latest state of each relationship. Credentials "
        "come from NEO4J_USERNAME / NEO4J_PASSWORD.",
    ),
    full: bool = typer.Option(
        False,
        "--full",
        help="With a Neo4j --store: also pull the case and compute the sections with no "
        "database twin (bargaining, tactics, factions, latent) in Python.",
    ),
) -> None:
    """Answer where agreement or conflict is likely, why, and which tactic fits.

    Every likelihood comes with the rules of the ecosystem model that moved it; every weight
    and threshold can be changed with --config. With --store, the case is read from a store;
    in Neo4j the database answers what it can without pulling the case.
    """
    from ecograph.analysis.params import Params, load_params
    from ecograph.errors import InputError

    params = load_params(config) if config is not None else Params()
    date = parse_date(as_of)
    if store is not None:
        _analyze_stored(
            store,
            file_or_case_id,
            only=only or None,
            full=full,
            date=date,
            params=params,
            as_json=as_json,
        )
        return
    from ecograph.analysis.report import analyze as run
    from ecograph.analysis.report import analyze_signed

    file = Path(file_or_case_id)
    if file.suffix.lower() == ".csv":
        from ecograph.io.signed_csv import read_signed_edges

        if date is not None:
            raise InputError(
                "--as-of needs a case file with dated histories; a signed edge list has none",
                source=str(file),
                field="--as-of",
                expected="no --as-of with a .csv edge list",
            )
        report = analyze_signed(
            read_signed_edges(file), name=file.name, params=params, only=only or None
        )
    else:
        from ecograph import load_graph

        report = run(load_graph(str(file)), params=params, as_of=date, only=only or None)
    if as_json:
        print_json(report.to_json())
        return
    _render(report)


def _analyze_stored(
    uri: str,
    case_id: str,
    *,
    only: list[str] | None,
    full: bool,
    date: dt.date | None,
    params: Params,
    as_json: bool,
) -> None:
    from ecograph.analysis.db_report import plan_sections
    from ecograph.analysis.report import AnalysisReport
    from ecograph.errors import NotFoundError
    from ecograph.store.base import NEO4J_SCHEMES, open_store
    from ecograph.store.questions import analyze_stored

    # Input errors come before the connection is made.
    plan = plan_sections(
        only, in_database=uri.startswith(NEO4J_SCHEMES), full=full, as_of=date, params=params
    )
    with open_store(uri) as st:
        try:
            report = analyze_stored(st, case_id, plan, as_of=date, params=params)
        except NotFoundError as exc:
            if Path(case_id).is_file():
                raise NotFoundError(
                    f"{exc}: with --store give the case's id, not a file (ecograph push "
                    f"{case_id} --to STORE stores the file first)"
                ) from None
            raise
    if as_json:
        print_json(report.to_json())
    elif isinstance(report, AnalysisReport):
        _render(report)
    else:
        from ecograph.cli.db_render import render_store

        render_store(report)


# ------------------------------------------------------------------------------ rendering
def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _render(report: Any) -> None:
    names: dict[str, str] = report.names

    def n(x: Any) -> str:
        return names.get(str(x), str(x))

    if report.kind == "case":
        head = f"[bold]{report.title}[/bold]  (case {report.case})"
    else:
        head = f"[bold]{report.title}[/bold]  (a signed network: structural sections only)"
    if report.as_of:
        head += f" -- as of {report.as_of.isoformat()}"
    console.print(head)
    _render_sections(report.sections, n)


def _render_sections(sections: dict[str, Any], n: Any) -> None:
    for name, value in sections.items():
        console.print()
        getattr(_Renderer, name)(value, n)


def _more(total: int) -> None:
    if total > ROWS:
        console.print(f"  ... {total - ROWS} more (use --json for all)")


def _likelihoods(lk: dict[str, float]) -> str:
    return (
        f"coop {_pct(lk['cooperation'])} / agree {_pct(lk['agreement'])} / "
        f"conflict {_pct(lk['conflict'])}"
    )


def _features(feats: dict[str, float]) -> str:
    parts = []
    for k, v in feats.items():
        if k.startswith("share_") or (v == 0 and k not in ("threat", "gap", "alignment")):
            continue
        parts.append(f"{k.replace('_', ' ')} {v:.2f}".rstrip("0").rstrip("."))
    return ", ".join(parts)


class _Renderer:
    """One static method per section."""

    @staticmethod
    def hotspots(items: list[Any], n: Any) -> None:
        console.print("[bold]Hotspots[/bold] -- where conflict is most likely")
        if not items:
            console.print("  none above the hotspot threshold")
        for h in items[:ROWS]:
            tie = "no relationship yet"
            now = h.pair.reason("current_state")
            if h.related and now is not None:
                mix = ", ".join(
                    f"{k} {_pct(now.features['share_' + k])}"
                    for k in ("cooperation", "agreement", "conflict")
                    if now.features["share_" + k]
                )
                tie = f"now {mix}, strength {now.features['strength']:.2f}"
            console.print(
                f"  [red]{_pct(h.conflict)}[/red] conflict  {n(h.a)} -- {n(h.b)}  ({tie}; "
                f"{_likelihoods(h.pair.likelihood)})"
            )
            for r in [d for d in h.drivers if d.rule != "current_state"][:4]:
                feats = _features(r.features)
                console.print(
                    f"      +{100 * r.effect['conflict']:.0f} pts: {r.quote}"
                    + (f" [dim]({feats})[/dim]" if feats else "")
                )
        _more(len(items))

    @staticmethod
    def bargaining(items: list[Any], n: Any) -> None:
        console.print("[bold]Bargaining[/bold] -- where an agreement is the fitting tactic")
        if not items:
            console.print("  none")
        for b in items[:ROWS]:
            console.print(
                f"  {n(b.actor)}: {b.basis.replace('_', ' ')} (agreement {_pct(b.agreement)} "
                f"with {n(b.by)}) -- " + ("; ".join(b.tactic.conditions[2:3]) or "")
            )
        _more(len(items))

    @staticmethod
    def tactics(items: list[Any], n: Any) -> None:
        console.print("[bold]Tactics[/bold] -- toward each target and action-system actor")
        for tc in items:
            what = tc.tactic + (f" ({tc.basis.replace('_', ' ')})" if tc.basis else "")
            if tc.deliberate_conflict:
                what = "[red]conflict as a deliberate tactic[/red]"
            console.print(f"  {n(tc.actor)}: {what}  [dim](for {n(tc.by)})[/dim]")
            for c in tc.conditions[1:]:
                console.print(f"      - {c}")
            if tc.risk:
                console.print(f"      [yellow]risk:[/yellow] {tc.risk}")

    @staticmethod
    def influence_paths(items: list[Any], n: Any) -> None:
        console.print("[bold]Influence paths[/bold] -- the use of connections, strongest first")
        if not items:
            console.print("  no target can be reached through a third party's non-hostile ties")
        for p in items[: 2 * ROWS]:
            hops = n(p.path[0])
            for who, kind in zip(p.path[1:], p.ties, strict=True):
                hops += f" -({kind})-> {n(who)}"
            direct = f"; direct tie: {p.direct}" if p.direct else "; no direct tie"
            console.print(f"  {hops}  [dim](strength {p.strength:.2f}{direct})[/dim]")

    @staticmethod
    def brokers(items: list[Any], n: Any) -> None:
        console.print("[bold]Brokers[/bold] -- cooperative ties into factions in conflict")
        if not items:
            console.print("  none")
        for b in items[:ROWS]:
            reach = "; ".join(
                f"faction {k + 1}: {', '.join(n(x) for x in v)}" for k, v in b.reaches.items()
            )
            console.print(f"  {n(b.actor)} (faction {b.faction + 1}) reaches {reach}")
        _more(len(items))

    @staticmethod
    def power(rep: Any, n: Any) -> None:
        console.print("[bold]Power[/bold] -- largest gaps on hostile ties")
        if not rep.gaps:
            console.print("  no hostile tie with a large power gap")
        for g in rep.gaps[:ROWS]:
            mand = f"; mandated: {', '.join(n(x) for x in g.mandated)}" if g.mandated else ""
            console.print(f"  {n(g.stronger)} over {n(g.weaker)}: gap {g.gap:.2f}{mand}")
        _more(len(rep.gaps))
        for c in rep.unsupported:
            console.print(
                f"  [red]{n(c.actor)}[/red] is {c.constrained}, with no advocate and no "
                "cooperative tie outside its own family or group"
            )

    @staticmethod
    def isolated_clients(items: list[Any], n: Any) -> None:
        console.print("[bold]Isolated clients[/bold] -- no cooperative tie outside their system")
        if not items:
            console.print("  none: every client has someone outside who cooperates with it")
        for c in items:
            ties = ", ".join(f"{v} {k}" for k, v in c.ties.items() if v)
            extra = f"; {c.constrained}" if c.constrained else ""
            console.print(f"  {n(c.actor)} ({ties or 'no ties'}{extra})")

    @staticmethod
    def factions(sec: Any, n: Any) -> None:
        f = sec.factions
        exact = "exact" if f.exact else f"{f.method}"
        console.print(
            f"[bold]Factions[/bold] -- {f.k} factions, {f.frustration:g} frustrated "
            f"tie(s) ({exact}, {f.balance} balance)"
        )
        for i, members in enumerate(f.members()):
            shown = ", ".join(n(x) for x in members[:12])
            more = f" and {len(members) - 12} more" if len(members) > 12 else ""
            console.print(f"  {i + 1}: {shown}{more}")
        for (c, d), (h, p) in sec.in_conflict.items():
            console.print(
                f"  factions {c + 1} and {d + 1} are in conflict: {h} hostile, {p} other ties"
            )

    @staticmethod
    def latent(sec: Any, n: Any) -> None:
        items = sec.predictions
        console.print(
            "[bold]Latent[/bold] -- no relationship yet, but the triads around the pair "
            "point one way"
        )
        if not items:
            console.print("  none")
        for p in items[:ROWS]:
            colour = "red" if p.sign < 0 else "green"
            why = "; ".join(f"{t.rule} (via {n(t.via)})" for t in p.triads[:3])
            console.print(
                f"  [{colour}]{p.kind}[/{colour}] {n(p.u)} -- {n(p.v)} "
                f"(score {p.score:+.2f}): {why}"
            )
        _more(len(items))

    @staticmethod
    def trend(items: list[Any], n: Any) -> None:
        console.print("[bold]Trend[/bold] -- relationships moving toward conflict")
        if not items:
            console.print("  none")
        for t in items[:ROWS]:
            console.print(
                f"  {n(t.a)} -- {n(t.b)}: {t.slope:+.2f} per 30 days from "
                f"{t.first.isoformat()} ({t.start:+.2f}) to {t.last.isoformat()} ({t.end:+.2f})"
            )
        _more(len(items))

    @staticmethod
    def balance(sec: Any, n: Any) -> None:
        c = sec.census
        console.print(
            f"[bold]Balance[/bold] -- triangle balance score {sec.score:.3f} "
            f"(+++ {c['+++']}, +-- {c['+--']} balanced; ++- {c['++-']}, --- {c['---']} not)"
        )
        for a, tri, bad in sec.actors[:5]:
            console.print(f"  {n(a)} sits in {bad} unbalanced of {tri} triangles")

    @staticmethod
    def pairs(items: list[Any], n: Any) -> None:
        console.print("[bold]Pairs[/bold] -- every pair's likelihoods and reasons")
        for p in items:
            console.print(f"  {n(p.a)} -- {n(p.b)}: {p.dominant}  ({_likelihoods(p.likelihood)})")
            for r in p.reasons:
                eff = ", ".join(f"{k} {100 * v:+.0f}" for k, v in r.effect.items())
                console.print(f"      [{r.rule}] {eff} pts  [dim]{_features(r.features)}[/dim]")
