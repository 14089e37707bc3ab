"""The text report of ``ecograph analyze CASE_ID --store bolt://...``: where each part was computed.

Imported only when such a report is printed (it needs the analysis modules).
"""

from __future__ import annotations

from typing import Any

from ecograph.analysis.db_questions import MAX_HOPS
from ecograph.analysis.db_report import (
    DATABASE_SECTIONS,
    READS,
    SECTION_RULES,
    StoreReport,
    census_score,
)
from ecograph.cli.common import console
from ecograph.cli.report_text import ROWS, TextView, more, pct, render_sections

__all__ = ["render_store"]

Row = dict[str, Any]


def render_store(report: StoreReport) -> None:
    """Print the report: the database's answers, the Python sections, what was not computed."""
    names = report.names

    def n(x: Any) -> str:
        return names.get(str(x), str(x))

    console.print(f"[bold]{report.title}[/bold]  (case {report.case})")
    if report.database is not None:
        console.print(
            f"Answers computed in the database at {report.store} by the queries in queries/ "
            f"(one read transaction); they read {READS}."
        )
        for section in report.plan.database:
            console.print()
            gap = report.params.thresholds.power_gap
            console.print(_HEADINGS[section].format(gap=gap))
            console.print(f"  [dim]rule: {SECTION_RULES[section]}[/dim]")
            rows = [report.database.rows[q] for q in DATABASE_SECTIONS[section]]
            getattr(_Sections, section)(*rows, report, n)
    py = report.python
    if py is not None:
        console.print()
        when = f" as of {py.as_of.isoformat()}" if py.as_of else ""
        console.print(
            f"These sections were computed in Python on the case pulled from {report.store}"
            f"{when}: {', '.join(py.sections)}."
        )
        render_sections(py.sections, TextView(n, report.params))
    if report.plan.skipped:
        console.print()
        console.print(
            f"Not computed in the database: {', '.join(report.plan.skipped)} (they need every "
            "pair's likelihoods, the goals and stances, or the whole signed map); add --full "
            "to pull the case and compute them in Python, or name them with --only."
        )


#: The heading of each section answered in the database: the question it answers.
_HEADINGS: dict[str, str] = {
    "hotspots": (
        "[bold]Hotspots[/bold] -- who carries the most conflict now (conflict load: the "
        "conflict share of each present relationship times its strength, summed)"
    ),
    "influence_paths": (
        "[bold]Influence paths[/bold] -- the shortest chain of cooperative ties from the "
        "change agent system to each target"
    ),
    "brokers": (
        "[bold]Brokers[/bold] -- positive ties (cooperation or agreement) to both sides of "
        "a present conflict: who could convene a negotiation"
    ),
    "power": (
        "[bold]Power[/bold] -- power imbalance on each present conflict, largest first "
        "(a gap is large from {gap:.2f}, thresholds.power_gap)"
    ),
    "isolated_clients": (
        "[bold]Isolated clients[/bold] -- no cooperative tie outside their own family or group"
    ),
    "trend": (
        "[bold]Trend[/bold] -- relationships whose shared history moves toward conflict "
        "(conflict share of the first and of the latest shared observation)"
    ),
    "balance": (
        "[bold]Balance[/bold] -- how many triangles of present relationships are balanced "
        "(+++, +--) or not (++-, ---); membership in a family or group does not count here"
    ),
}


def _plural(k: int, word: str) -> str:
    return f"{k} {word}" + ("" if k == 1 else "s")


class _Sections:
    """One static method per section answered in the database: its question, then its rows."""

    @staticmethod
    def hotspots(rows: list[Row], report: StoreReport, n: Any) -> None:
        if not rows:
            console.print("  none: no present relationship holds any conflict")
        for r in rows[:ROWS]:
            k = r["conflicts"]
            dominant = (
                f"conflict dominates {_plural(k, 'relationship')}"
                if k
                else "conflict dominates none of its relationships (it is part of a mix)"
            )
            console.print(f"  {n(r['actor'])}: conflict load {r['conflict_load']:.2f}; {dominant}")
        more(len(rows))

    @staticmethod
    def influence_paths(rows: list[Row], report: StoreReport, n: Any) -> None:
        if not rows:
            console.print("  no actor holds the target role")
        for r in rows[:ROWS]:
            if r["hops"] is None:
                console.print(
                    f"  {n(r['target'])}: no chain of cooperative ties from the change agent "
                    f"system (of at most {MAX_HOPS} ties)"
                )
            else:
                chain = " -(cooperation)-> ".join(n(x) for x in r["path"])
                console.print(f"  {n(r['target'])}: {_plural(r['hops'], 'tie')}: {chain}")
        more(len(rows))

    @staticmethod
    def brokers(rows: list[Row], report: StoreReport, n: Any) -> None:
        ends = report.database.ends if report.database else {}
        if not rows:
            console.print("  none: no one has positive ties to both sides of a conflict")
        for r in rows[:ROWS]:
            pairs = "; ".join(
                " -- ".join(n(x) for x in ends[rel]) if rel in ends else rel for rel in r["bridged"]
            )
            console.print(
                f"  {n(r['broker'])} has positive ties to both sides of "
                f"{_plural(r['conflicts_bridged'], 'conflict')}: {pairs}"
            )
        more(len(rows))

    @staticmethod
    def power(rows: list[Row], report: StoreReport, n: Any) -> None:
        gap = report.params.thresholds.power_gap
        powers = report.database.powers if report.database else {}
        if not rows:
            console.print("  no present relationship where conflict dominates")
        for r in rows[:ROWS]:
            s, w = r["stronger"], r["weaker"]
            mark = ": a large gap" if r["imbalance"] >= gap else ""
            mandated = r.get("mandated") or []
            mand = (
                f"; mandated, cannot walk away: {', '.join(n(x) for x in mandated)}"
                if mandated
                else ""
            )
            console.print(
                f"  {n(s)} over {n(w)}: imbalance {r['imbalance']:.2f} "
                f"(power {powers.get(s, 0.0):.2f} vs {powers.get(w, 0.0):.2f}{mark}){mand}"
            )
        more(len(rows))

    @staticmethod
    def isolated_clients(
        isolated: list[Row], without: list[Row], report: StoreReport, n: Any
    ) -> None:
        if not isolated:
            console.print("  none: every client has someone outside who cooperates with it")
        for r in isolated:
            outside = ", ".join(f"{r[k]} {k}" for k in ("agreement", "conflict") if r[k])
            console.print(
                f"  {n(r['actor'])} (outside its family or group: {outside or 'no ties'}; "
                f"inside: {_plural(r['inside'], 'tie')})"
            )
        if without:
            listed = ", ".join(f"{n(r['client'])} ({_plural(r['ties'], 'tie')})" for r in without)
            console.print(f"  no cooperative tie at all, inside or outside: {listed}")

    @staticmethod
    def trend(rows: list[Row], report: StoreReport, n: Any) -> None:
        if not rows:
            console.print("  none")
        for r in rows[:ROWS]:
            console.print(
                f"  {n(r['source'])} -- {n(r['target'])}: conflict share "
                f"{pct(r['first_conflict'])} -> {pct(r['last_conflict'])} "
                f"({100 * r['change']:+.0f} pts)"
            )
        more(len(rows))

    @staticmethod
    def balance(rows: list[Row], report: StoreReport, n: Any) -> None:
        c = rows[0]
        total = c["ppp"] + c["ppn"] + c["pnn"] + c["nnn"]
        console.print(
            f"  triangle balance score {census_score(c):.3f} over {_plural(total, 'triangle')}: "
            f"+++ {c['ppp']}, +-- {c['pnn']} balanced; ++- {c['ppn']}, --- {c['nnn']} not"
        )
