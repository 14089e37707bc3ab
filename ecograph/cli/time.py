"""Commands on a case through time: record, history, warnings, whatif."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from ecograph.cli.common import AS_OF_OPTION, console, parse_date, print_json
from ecograph.errors import InputError

__all__ = ["register", "parse_mix"]

_TYPES = ("cooperation", "agreement", "conflict")


def _spelled(word: str) -> str:
    """Return the relationship type a spelling variant (``co-operation``) stands for."""
    from ecograph.model import RelationType

    try:
        return RelationType(word).value
    except ValueError:
        return word


def register(app: typer.Typer) -> None:
    """Add the time commands to ``app``."""
    app.command("record")(record)
    app.command("history")(history)
    app.command("warnings")(warnings)
    app.command("whatif")(whatif)


def parse_mix(text: str) -> dict[str, float]:
    """Parse ``coop=0.4,conflict=0.6`` (any unambiguous prefix of a type) into weights.

    Examples
    --------
    >>> parse_mix("coop=0.4,conflict=0.6")
    {'cooperation': 0.4, 'conflict': 0.6}
    """
    out: dict[str, float] = {}
    for part in [p.strip() for p in text.split(",") if p.strip()]:
        name, eq, value = part.partition("=")
        name = _spelled(name.strip().lower()) if name.strip() else ""
        hits = [t for t in _TYPES if t.startswith(name)] if name else []
        if not eq or len(hits) != 1:
            what = "is ambiguous" if len(hits) > 1 else "is not a relationship type"
            raise InputError(
                f"{name or part!r} {what}" if eq else f"{part!r} has no '=weight'",
                field="--mix",
                expected="type=weight pairs such as coop=0.4,conflict=0.6 "
                "(types: cooperation, agreement, conflict)",
            )
        try:
            weight = float(value)
        except ValueError:
            raise InputError(
                f"{value!r} is not a number", field="--mix", expected="a weight such as 0.4"
            ) from None
        if not weight >= 0 or weight == float("inf"):
            raise InputError(
                f"the weight of {hits[0]} is {value}", field="--mix", expected="a weight >= 0"
            )
        out[hits[0]] = weight
    if not out or sum(out.values()) <= 0:
        raise InputError(
            "the mix has no positive weight", field="--mix", expected="e.g. coop=0.4,conflict=0.6"
        )
    return out


def _name(graph: Any, actor_id: str) -> str:
    return f"{graph.actor(actor_id).name} [{actor_id}]" if actor_id in graph else actor_id


def _say(text: str) -> None:
    """Print one line without hard wrapping (long lines stay whole for copying)."""
    console.print(text, soft_wrap=True)


def record(
    file: Path = typer.Argument(..., help="The case file to add the observation to."),
    between: tuple[str, str] = typer.Option(
        ..., "--between", help="The two actors (ids), e.g. --between susan roberta."
    ),
    type_: str | None = typer.Option(
        None, "--type", help="cooperation, agreement or conflict (or give --mix)."
    ),
    strength: float = typer.Option(
        ..., "--strength", min=0.0, max=1.0, help="How strong the relationship was, 0..1."
    ),
    date: str | None = typer.Option(
        None, "--date", help="When it was observed (YYYY-MM-DD; default today)."
    ),
    note: str | None = typer.Option(None, "--note", help="What happened (removed by redact)."),
    mix: str | None = typer.Option(
        None, "--mix", help="A weight for each type, e.g. coop=0.4,conflict=0.6."
    ),
    perceived_by: str | None = typer.Option(
        None, "--perceived-by", help="Whose view this is, when only one side sees it so."
    ),
    ended: bool = typer.Option(
        False, "--ended", help="The relationship ended here because its purpose was met."
    ),
    recorded_by: str | None = typer.Option(None, "--recorded-by", help="Who recorded it."),
) -> None:
    """Record an encounter: append a dated observation to a relationship's history.

    The current state of every relationship is derived from its history (the latest shared
    observation; see docs/time.md). The file is rewritten atomically under a write lock, so
    two people recording at once take turns and nothing is lost.
    """
    from pydantic import ValidationError

    from ecograph.io.record import record_in_file
    from ecograph.model import Observation
    from ecograph.model.rules import suggest

    try:
        day = parse_date(date, "--date") if date is not None else dt.date.today()
    except InputError as exc:
        raise InputError(
            exc.problem.message, field="--date", expected=exc.expected, source=str(file)
        ) from None
    if type_ is not None:
        type_ = _spelled(type_)
    if type_ is not None and type_ not in _TYPES:
        hint = suggest(type_, _TYPES)
        raise InputError(
            f"{type_!r} is not a relationship type" + (f"; did you mean {hint!r}?" if hint else ""),
            field="--type",
            expected="cooperation, agreement or conflict",
            source=str(file),
        )
    try:
        weights = parse_mix(mix) if mix is not None else None
    except InputError as exc:
        raise InputError(
            exc.problem.message, field="--mix", expected=exc.expected, source=str(file)
        ) from None
    if type_ is None and weights is None:
        raise InputError(
            "say what was observed",
            field="--type",
            expected="--type TYPE or --mix WEIGHTS",
            source=str(file),
        )
    try:
        obs = Observation(
            date=day,
            type=type_,
            mix=weights,
            strength=strength,
            note=note,
            recorded_by=recorded_by,
            perceived_by=perceived_by,
            ended=ended,
        )
    except ValidationError as exc:
        msg = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise InputError(msg, field="--mix" if weights else "--type", source=str(file)) from None
    done = record_in_file(file, between[0], between[1], obs)
    rel = done.relationship
    what = obs.dominant().value
    if weights:
        what += " (mix " + ", ".join(f"{k} {v:g}" for k, v in weights.items()) + ")"
    side = f", as {perceived_by} sees it" if perceived_by else ""
    _say(
        f"recorded in {escape(str(file))}: {escape(between[0])} -- {escape(between[1])} on "
        f"{day}: {what}, strength {strength:.2f}{side}" + ("; ended" if ended else "")
    )
    if done.created:
        _say("  (a new relationship: this pair had none before)")
    s = done.state
    if s is not None:
        status = "ended (termination)" if s.ended else f"{s.type.value}, strength {s.strength:.2f}"
        _say(
            f"  current state: {status} since {s.since} -- derived from "
            f"{len(rel.history)} observation{'s' if len(rel.history) != 1 else ''}"
        )
    if not done.is_latest:
        shared = any(o.perceived_by is None for o in rel.history)
        if not perceived_by:
            _say("  note: a later observation stays the current state; this one enters the history")
        elif shared:
            _say(
                "  note: a one-sided view does not replace the shared state; it is kept as "
                f"{escape(perceived_by)}'s perception"
            )


def _analysis_params(path: Path | None) -> Any:
    from ecograph.analysis.params import Params, load_params

    return Params() if path is None else load_params(path)


PARAMS_OPTION = typer.Option(
    None,
    "--config",
    help="A YAML file of analysis weights and thresholds (see docs/analysis.md).",
)


def warnings(
    file: Path = typer.Argument(..., help="A case file."),
    as_of: str | None = AS_OF_OPTION,
    quiet_days: int = typer.Option(
        60, "--quiet-days", min=1, help="A cooperative tie with no contact for longer is quiet."
    ),
    hostile_days: int = typer.Option(
        90,
        "--hostile-days",
        min=1,
        help="A mandated/involuntary client's conflict with a change agent lasting longer is "
        "sustained hostility.",
    ),
    params_file: Path | None = PARAMS_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Early warnings, each with its dates and numbers.

    Pairs moving toward conflict, quiet cooperative ties, sustained hostility with mandated or
    involuntary clients, and clients with no cooperative tie.
    """
    from ecograph import load_graph
    from ecograph.analysis.early_warning import WarningParams, early_warnings

    graph = load_graph(str(file))
    day = parse_date(as_of) or dt.date.today()
    params = WarningParams(
        quiet_days=quiet_days,
        hostile_days=hostile_days,
        analysis=_analysis_params(params_file),
    )
    found = early_warnings(graph, as_of=day, params=params)
    if as_json:
        print_json(
            {
                "case": graph.case_id,
                "as_of": day.isoformat(),
                "params": {"quiet_days": quiet_days, "hostile_days": hostile_days},
                "warnings": [w.to_json() for w in found],
            }
        )
        return
    _say(
        f"[bold]Early warnings[/bold] for {escape(graph.title)} (case {escape(graph.case_id)}) "
        f"as of {day}"
    )
    _say(
        f"  quiet after {quiet_days} days, sustained hostility after {hostile_days} days, "
        f"toward conflict from a slope of {params.analysis.thresholds.trend:g} per 30 days"
    )
    if not found:
        _say("no warnings.")
        return
    kind = None
    for w in found:
        if w.kind != kind:
            kind = w.kind
            _say(f"\n[bold]{w.kind.value.upper()}[/bold]  -- {escape(w.why)}")
        who = " -- ".join(_name(graph, a) for a in w.actors)
        since = f", since {w.since}" if w.since else ""
        _say(f"  * {escape(who)}{since}")
        _say(f"      {escape(w.reason)}")
    _say(f"\n{len(found)} warning{'s' if len(found) != 1 else ''}.")


def history(
    file: Path = typer.Argument(..., help="A case file."),
    between: tuple[str, str] | None = typer.Option(
        None, "--between", help="Only this pair (two actor ids)."
    ),
    as_of: str | None = AS_OF_OPTION,
    params_file: Path | None = PARAMS_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show each relationship's stages and trend, from its dated history.

    Stages: agreement (the contract stage), cooperation, conflict, termination (ended because
    its purpose was met).
    """
    from ecograph import load_graph
    from ecograph.analysis.stages import stages
    from ecograph.analysis.trend import PERIOD_DAYS, relationship_trend
    from ecograph.errors import NotFoundError
    from ecograph.model.rules import suggest

    graph = load_graph(str(file))
    day = parse_date(as_of)
    ap = _analysis_params(params_file)
    if between is not None:
        rel = graph.relationship(*between)
        if rel is None:
            for end in between:
                if end not in graph:
                    hint = suggest(end, [a.id for a in graph.actors()])
                    raise InputError(
                        f"{end!r} is not an actor of this case"
                        + (f"; did you mean {hint!r}?" if hint else ""),
                        source=str(file),
                        field="--between",
                    )
            raise NotFoundError(f"no relationship between {between[0]!r} and {between[1]!r}")
        rels = [rel]
    else:
        rels = graph.relationships()
    rows = []
    for r in rels:
        st = stages(r, day)
        tr = relationship_trend(r, as_of=day, weights=ap.signs, window=ap.thresholds.trend_window)
        if day is not None and r.history and not st:
            continue  # not yet begun on that date
        rows.append((r, st, tr))
    if as_json:
        print_json(
            {
                "case": graph.case_id,
                "as_of": day.isoformat() if day else None,
                "relationships": [
                    {
                        "source": r.source,
                        "target": r.target,
                        "stages": [s.to_json() for s in st],
                        "trend": None
                        if tr is None
                        else {
                            "slope_per_30_days": tr.slope,
                            "first": tr.first.isoformat(),
                            "last": tr.last.isoformat(),
                            "start": round(tr.start, 4),
                            "end": round(tr.end, 4),
                            "observations": tr.points,
                        },
                    }
                    for r, st, tr in rows
                ],
            }
        )
        return
    for r, st, tr in rows:
        _say(f"[bold]{escape(_name(graph, r.source))} -- {escape(_name(graph, r.target))}[/bold]")
        for s in st:
            if s.start is None:
                _say(f"  {s.kind.value:<12} declared, no dated history")
                continue
            until = f"to {s.end}" if s.end else "ongoing"
            n = s.observations
            _say(
                f"  {s.kind.value:<12} from {s.start} {until} "
                f"({n} dated state{'s' if n != 1 else ''}, strength {s.strength:.2f})"
            )
        if tr is not None:
            th = ap.thresholds.trend
            way = "steady" if abs(tr.slope) < th or tr.slope == 0 else f"toward {tr.toward}"
            _say(
                f"  trend: {way}; signed weight {tr.start:+.2f} on {tr.first} -> "
                f"{tr.end:+.2f} on {tr.last}, slope {tr.slope:+.3f} per {PERIOD_DAYS} days "
                f"over the latest {tr.points} shared observations"
            )


def _fmt_effect(effect: dict[str, float]) -> str:
    parts = [f"{k} {v:+.2f}" for k, v in effect.items() if abs(v) >= 0.005]
    return ", ".join(parts) or "no effect"


def _fmt_features(features: dict[str, float]) -> str:
    return ", ".join(
        f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in features.items()
    )


def whatif(
    file: Path = typer.Argument(..., help="A case file."),
    scenario_file: Path = typer.Option(
        ..., "--scenario", help="A scenario file (see docs/scenarios.md)."
    ),
    as_of: str | None = AS_OF_OPTION,
    params_file: Path | None = PARAMS_OPTION,
    plot: Path | None = typer.Option(
        None, "--plot", help="Also draw the map before and after (png, svg or pdf)."
    ),
    top: int = typer.Option(10, "--top", min=1, help="How many changed pairs to show."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Apply a scenario's interventions to a copy of the map and show what changes (what-if).

    Compares the analysis before and after on one date (the scenario's date unless --as-of is
    given): overall (balance, hotspots, isolated clients, power gaps) and pair by pair, with
    the rules behind each change. The case file is not changed.
    """
    from ecograph import load_graph
    from ecograph.analysis.whatif import what_if
    from ecograph.io.atomic import check_output
    from ecograph.io.scenario import load_scenario

    if plot is not None:
        check_output(
            plot, inputs=[file, scenario_file, params_file], overwrite=True, option="--plot"
        )
    graph = load_graph(str(file))
    scenario = load_scenario(scenario_file, graph)
    result = what_if(graph, scenario, as_of=parse_date(as_of), params=_analysis_params(params_file))
    if plot is not None:
        from ecograph.plot._common import save_figure
        from ecograph.plot.whatif import plot_whatif

        save_figure(plot_whatif(result), plot)
    if as_json:
        data = result.to_json()
        if plot is not None:
            data["plot"] = str(plot)
        print_json(data)
        return
    sc = result.scenario
    _say(f"[bold]{escape(sc.title)}[/bold]")
    _say(
        f"  scenario {escape(sc.id)} on case {escape(result.case_id)}, compared as of "
        f"{result.as_of}; the case file is not changed"
    )
    _say("\n[bold]Interventions[/bold]")
    for i, step in enumerate(result.applied, 1):
        _say(f"  {i}. {step.kind}: {escape(step.summary)}")
        for c in step.changes:
            _say(f"       {escape(c)}")
    _say("\n[bold]Overall[/bold]")
    for line in result.overall:
        _say(f"  {escape(line)}")
    _say(
        f"\n[bold]Pair by pair[/bold] (likelihood before -> after; + rule now fires, - no "
        f"longer fires, ~ fires differently); {len(result.pairs)} pairs changed"
    )
    for pc in result.pairs[:top]:
        g = result.after_graph
        now_b = pc.before.current if pc.before else None
        now_a = pc.after.current if pc.after else None
        present = f"present tie: {now_b or 'none'} -> {now_a or 'none'}"
        _say(f"  [bold]{escape(_name(g, pc.a))} -- {escape(_name(g, pc.b))}[/bold]  ({present})")
        cells = []
        for t in ("cooperation", "agreement", "conflict"):
            b = pc.before.likelihood[t] if pc.before else 0.0
            a = pc.after.likelihood[t] if pc.after else 0.0
            cells.append(f"{t} {b:.2f} -> {a:.2f}")
        lik_b = pc.before.dominant if pc.before else "-"
        lik_a = pc.after.dominant if pc.after else "-"
        _say(f"    {'   '.join(cells)}   likeliest: {lik_b} -> {lik_a}")
        for r in pc.reasons_added:
            _say(f"    + {r.rule}: {escape(r.quote)}")
            _say(f"        ({escape(_fmt_features(r.features))}; {_fmt_effect(r.effect)})")
        for r in pc.reasons_removed:
            _say(f"    - {r.rule}: {escape(r.quote)}")
            _say(f"        (was {_fmt_effect(r.effect)})")
        for rb, ra in pc.reasons_changed:
            _say(f"    ~ {ra.rule}: {_fmt_effect(rb.effect)} -> {_fmt_effect(ra.effect)}")
    if len(result.pairs) > top:
        _say(f"  ... and {len(result.pairs) - top} more (--top N, or --json for all)")
    if plot is not None:
        _say(f"\nwrote {escape(str(plot))}")
