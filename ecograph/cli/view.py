"""The ``view`` command: write the interactive HTML map of a case (and open it)."""

from __future__ import annotations

from pathlib import Path

import typer

from ecograph.cli.common import (
    AS_OF_OPTION,
    FOCUS_OPTION,
    FOCUS_SYSTEM_OPTION,
    ONLY_TIES_OPTION,
    parse_date,
)

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``view`` command to ``app``."""
    app.command("view")(view)


def view(
    file: Path = typer.Argument(..., help="A case file (.yaml, .yml, .json)."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="The HTML file to write (one self-contained page)."
    ),
    open_it: bool = typer.Option(False, "--open", help="Open the map in the default browser."),
    as_of: str | None = AS_OF_OPTION,
    analysis: str = typer.Option(
        "auto",
        "--analysis",
        help="Likelihoods for: full (every pair the analysis assesses, with tactics), related "
        "(present relationships only), none, or auto (full unless the case is large).",
    ),
    config: Path | None = typer.Option(
        None, "--config", help="A YAML file of analysis weights and thresholds."
    ),
    style: str = typer.Option(
        "screen", "--style", help="screen, print or projector (big names, thick lines)."
    ),
    focus: str | None = FOCUS_OPTION,
    focus_system: str | None = FOCUS_SYSTEM_OPTION,
    only_ties: str | None = ONLY_TIES_OPTION,
) -> None:
    """Write an interactive map that works offline: filters, history slider, likelihoods."""
    from ecograph import load_graph
    from ecograph.errors import InputError
    from ecograph.io.atomic import check_output
    from ecograph.plot.html import write_html

    if analysis not in ("auto", "full", "related", "none"):
        raise InputError(
            f"{analysis!r} is not a kind of analysis",
            field="--analysis",
            expected="auto, full, related or none",
        )
    from ecograph.plot._common import get_style

    get_style(style)  # an unknown style is refused before any work
    check_output(output, inputs=[file, config], overwrite=True)
    date = parse_date(as_of)
    params = None
    if config is not None:
        from ecograph.analysis.params import load_params

        params = load_params(config)
    graph = load_graph(str(file))
    from ecograph.plot.focus import parse_focus

    chosen = parse_focus(graph, actor=focus, system=focus_system, types=only_ties)
    out = write_html(
        graph,
        output,
        as_of=date,
        params=params,
        analysis=analysis,  # type: ignore[arg-type]
        style=style,
        focus=chosen,
    )
    what = f"focus: {chosen.describe(graph)}; " if chosen else ""
    typer.echo(
        f"wrote {out} ({what}{len(graph)} actors, {len(graph.relationships())} relationships "
        "in the case)"
    )
    if open_it:
        import webbrowser

        webbrowser.open(out.resolve().as_uri())
