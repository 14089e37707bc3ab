"""The text of ``ecograph analyze``: a summary first, then each section in plain words.

Scores are given in words first (likely, possible, unlikely) with the number beside; each reason
names its rule in words, says what it saw, and quotes the model. Ids, rule ids and feature names
stay in ``--json``. Lists stop at :data:`ROWS` rows unless ``--all`` is given. Used by
``ecograph analyze`` and by the database report (:mod:`ecograph.cli.db_render`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rich.markup import escape

from ecograph.analysis.likelihood import KINDS, score_words, scores_note
from ecograph.analysis.params import Params
from ecograph.cli.common import console

__all__ = ["ROWS", "TextView", "more", "pct", "render_report", "render_sections", "say"]

#: Rows shown per list in the text report (``--all`` or ``--json`` give everything).
ROWS = 10

_SCORED = ("hotspots", "bargaining", "tactics", "pairs")


def say(text: str) -> None:
    """Print one line; piped output is not wrapped (a line stays one line)."""
    console.print(text, soft_wrap=not console.is_terminal, highlight=False)


def pct(x: float) -> str:
    """Return a share as a whole percentage."""
    return f"{100 * x:.0f}%"


@dataclass(frozen=True)
class TextView:
    """How to write a report: names for ids, the words of scores, and how much to list.

    Attributes
    ----------
    n : callable
        Id -> display name.
    params : Params
        For the words of scores.
    show_all : bool
        List every row (``--all``) instead of the first :data:`ROWS`.
    """

    n: Callable[[Any], str]
    params: Params
    show_all: bool = False

    @property
    def rows(self) -> int | None:
        """How many rows of a list to show (None: all)."""
        return None if self.show_all else ROWS

    def head(self, items: list[Any]) -> list[Any]:
        """Return the rows of ``items`` to show."""
        return items if self.rows is None else items[: self.rows]

    def score(self, x: float) -> str:
        """Return a score in words with the number beside: ``likely (0.79)``."""
        return score_words(x, self.params.thresholds)

    def scores(self, lk: Mapping[str, float]) -> str:
        """Return the three scores of a pair in words."""
        return ", ".join(f"{k} {self.score(lk[k])}" for k in KINDS)


def more(total: int, view: TextView | None = None) -> None:
    """Say how many rows were left out of a list, and how to see them."""
    if (view is None or not view.show_all) and total > ROWS:
        say(f"  ... {total - ROWS} more (use --all or --json)")


def _reason_line(r: Any, toward: str | None = None) -> str:
    """One reason: the rule's name, what it adds and to which type, what it saw, the model."""
    return f'{escape(r.in_words(toward))} [dim]-- the model: "{escape(r.quote)}"[/dim]'


def render_report(report: Any, *, show_all: bool = False) -> None:
    """Print an :class:`~ecograph.analysis.report.AnalysisReport` as text."""
    names: dict[str, str] = report.names

    def n(x: Any) -> str:
        return escape(names.get(str(x), str(x)))

    if report.kind == "case":
        head = f"[bold]{escape(report.title)}[/bold]  (case {escape(report.case)})"
    else:
        head = (
            f"[bold]{escape(report.title)}[/bold]  (a signed network: structural sections only)"
        )
    if report.as_of:
        head += f" -- as of {report.as_of.isoformat()}"
    say(head)
    view = TextView(n, report.params, show_all)
    if any(s in report.sections for s in _SCORED):
        say(f"[dim]{escape(scores_note(report.params.thresholds))}[/dim]")
    if report.summary:
        say("")
        say("[bold]Act on now[/bold]")
        for i, p in enumerate(report.summary, 1):
            say(f"  {i}. {escape(p.action)}: {escape(p.reason)}")
    render_sections(report.sections, view)


def render_sections(sections: Mapping[str, Any], view: TextView) -> None:
    """Print each section of a report."""
    for name, value in sections.items():
        say("")
        getattr(_Sections, name)(value, view)


def _tie_words(a: Any, b: Any, sign_a: int, sign_b: int, via: str) -> str:
    """Return what a shared contact's ties say, without calling anyone an enemy."""
    if sign_a > 0 and sign_b > 0:
        return f"both have friendly ties to {via}"
    if sign_a < 0 and sign_b < 0:
        return f"both are in conflict with {via}"
    friendly, hostile = (a, b) if sign_a > 0 else (b, a)
    return f"{friendly} is friendly with {via}, who is in conflict with {hostile}"


class _Sections:
    """One static method per section."""

    @staticmethod
    def hotspots(items: list[Any], v: TextView) -> None:
        say("[bold]Hotspots[/bold] -- where conflict is most likely")
        if not items:
            say("  none above the hotspot threshold")
        for h in v.head(items):
            say(f"  {v.n(h.a)} -- {v.n(h.b)}: [red]conflict {v.score(h.conflict)}[/red]")
            say(f"      {escape(h.now_words())}; {h.others_words(v.params.thresholds)}")
            for r in [d for d in h.drivers if d.rule != "current_state"][:3]:
                say("      - " + _reason_line(r, "conflict"))
        more(len(items), v)

    @staticmethod
    def bargaining(items: list[Any], v: TextView) -> None:
        say("[bold]Bargaining[/bold] -- where an agreement is the fitting tactic")
        if not items:
            say("  none")
        for b in v.head(items):
            say(
                f"  {v.n(b.actor)}: {b.basis.replace('_', ' ')} -- agreement "
                f"{v.score(b.agreement)} with {v.n(b.by)}"
            )
            if len(b.tactic.conditions) > 2:
                say(f"      {escape(b.tactic.conditions[2])}")
            if b.tactic.levers:
                say(
                    "      [yellow]agreement is unlikely now; what would change it:[/yellow] "
                    + escape("; ".join(b.tactic.levers))
                )
        more(len(items), v)

    @staticmethod
    def tactics(items: list[Any], v: TextView) -> None:
        say("[bold]Tactics[/bold] -- toward each target and action-system actor")
        for tc in v.head(items):
            what = tc.tactic + (f" ({tc.basis.replace('_', ' ')})" if tc.basis else "")
            if tc.deliberate_conflict:
                what = "[red]conflict as a deliberate tactic[/red]"
            say(f"  {v.n(tc.actor)}: {what}, for {v.n(tc.by)}")
            for c in tc.conditions:
                say(f"      - {escape(c)}")
            if tc.levers:
                say("      what would change it: " + escape("; ".join(tc.levers)))
            if tc.risk:
                say(f"      [yellow]risk:[/yellow] {escape(tc.risk)}")
        more(len(items), v)

    @staticmethod
    def influence_paths(items: list[Any], v: TextView) -> None:
        say("[bold]Influence paths[/bold] -- the use of connections, strongest first")
        if not items:
            say("  no target can be reached through a third party's non-hostile ties")
        for p in v.head(items):
            hops = v.n(p.path[0])
            for who, kind in zip(p.path[1:], p.ties, strict=True):
                hops += f" -({kind})-> {v.n(who)}"
            direct = f"; direct tie: {p.direct}" if p.direct else "; no direct tie"
            say(f"  {hops}  [dim](strength {p.strength:.2f}{direct})[/dim]")
        more(len(items), v)

    @staticmethod
    def brokers(items: list[Any], v: TextView) -> None:
        say("[bold]Brokers[/bold] -- cooperative ties into factions in conflict")
        if not items:
            say("  none")
        for b in v.head(items):
            reach = "; ".join(
                f"faction {k + 1}: {', '.join(v.n(x) for x in xs)}" for k, xs in b.reaches.items()
            )
            say(f"  {v.n(b.actor)} (faction {b.faction + 1}) reaches {reach}")
        more(len(items), v)

    @staticmethod
    def power(rep: Any, v: TextView) -> None:
        say("[bold]Power[/bold] -- largest gaps on hostile ties")
        if not rep.gaps:
            say("  no hostile tie with a large power gap")
        for g in v.head(rep.gaps):
            mand = f"; mandated: {', '.join(v.n(x) for x in g.mandated)}" if g.mandated else ""
            say(f"  {v.n(g.stronger)} over {v.n(g.weaker)}: gap {g.gap:.2f}{mand}")
        more(len(rep.gaps), v)
        for c in rep.unsupported:
            lacks = " and ".join(f"an {x}" if x[0] in "aeiou" else f"a {x}" for x in c.lacks)
            say(f"  [red]{v.n(c.actor)}[/red] is {c.constrained}, and lacks {escape(lacks)}")

    @staticmethod
    def isolated_clients(items: list[Any], v: TextView) -> None:
        say("[bold]Isolated clients[/bold] -- no cooperative tie outside their system")
        if not items:
            say("  none: every client has someone outside who cooperates with it")
        for c in v.head(items):
            ties = ", ".join(f"{k} {t}" for t, k in c.ties.items() if k)
            extra = f"; {c.constrained}" if c.constrained else ""
            say(f"  {v.n(c.actor)} ({ties or 'no ties'}{extra})")
        more(len(items), v)

    @staticmethod
    def factions(sec: Any, v: TextView) -> None:
        f = sec.factions
        exact = "exact" if f.exact else f"{f.method}"
        say(
            f"[bold]Factions[/bold] -- {f.k} factions, {f.frustration:g} frustrated "
            f"tie(s) ({exact}, {f.balance} balance)"
        )
        for i, members in enumerate(f.members(), 1):
            shown = ", ".join(v.n(x) for x in members[:12])
            extra = f" and {len(members) - 12} more" if len(members) > 12 else ""
            say(f"  {i}: {shown}{extra}")
        for (c, d), (h, p) in sec.in_conflict.items():
            say(f"  factions {c + 1} and {d + 1} are in conflict: {h} hostile, {p} other ties")

    @staticmethod
    def latent(sec: Any, v: TextView) -> None:
        items = sec.predictions
        say(
            "[bold]Latent[/bold] -- no relationship yet, but the ties they share point one way"
        )
        if not items:
            say("  none")
        for p in v.head(items):
            colour = "red" if p.sign < 0 else "green"
            why = "; ".join(
                _tie_words(v.n(p.u), v.n(p.v), t.sign_u, t.sign_v, v.n(t.via))
                for t in [t for t in p.triads if t.strength > 0][:3]
            )
            say(
                f"  [{colour}]{p.kind}[/{colour}] {v.n(p.u)} -- {v.n(p.v)} "
                f"(score {p.score:+.2f}): {why}"
            )
        more(len(items), v)

    @staticmethod
    def trend(items: list[Any], v: TextView) -> None:
        say("[bold]Trend[/bold] -- relationships moving toward conflict (scale -1 to 1)")
        if not items:
            say("  none")
        for t in v.head(items):
            say(
                f"  {v.n(t.a)} -- {v.n(t.b)}: {t.slope:+.2f} a month, from "
                f"{t.first.isoformat()} ({t.start:+.2f}) to {t.last.isoformat()} ({t.end:+.2f})"
            )
        more(len(items), v)

    @staticmethod
    def balance(sec: Any, v: TextView) -> None:
        c = sec.census
        if not sum(c.values()):
            say("[bold]Balance[/bold] -- no triangles: nothing to score")
            return
        say(
            f"[bold]Balance[/bold] -- triangle balance score {sec.score:.3f} "
            f"(+++ {c['+++']}, +-- {c['+--']} balanced; ++- {c['++-']}, --- {c['---']} not)"
        )
        for a, tri, bad in sec.actors[:5]:
            say(f"  {v.n(a)} sits in {bad} unbalanced of {tri} triangles")

    @staticmethod
    def pairs(items: list[Any], v: TextView) -> None:
        say("[bold]Pairs[/bold] -- every pair's scores and the rule behind each reason")
        for p in v.head(items):
            say(f"  {v.n(p.a)} -- {v.n(p.b)}: mostly {p.dominant}; {v.scores(p.likelihood)}")
            for r in p.reasons:
                say("      - " + _reason_line(r))
        more(len(items), v)
