"""``ecograph plot``: draw a case as a static figure (PNG, SVG or PDF)."""

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
from ecograph.errors import InputError

__all__ = ["register", "plot"]

KIND_NAMES = ("ecosystem", "timeline", "matrix", "power", "factions")


def register(app: typer.Typer) -> None:
    """Add the ``plot`` command to ``app``."""
    app.command("plot")(plot)


def plot(
    file: Path = typer.Argument(..., help="A case file."),
    kind: str = typer.Option(
        "ecosystem", "--kind", "-k", help="ecosystem, timeline, matrix, power or factions."
    ),
    output: Path = typer.Option(..., "--output", "-o", help="OUT.png, OUT.svg or OUT.pdf."),
    as_of: str | None = AS_OF_OPTION,
    overlay_conflicts: bool = typer.Option(
        False,
        "--overlay-conflicts",
        help="ecosystem: also draw likely conflicts with no tie yet (dotted purple, '?').",
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        help="matrix / overlay / factions: a YAML file of weights and thresholds "
        "(docs/analysis.md).",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the faction search's random starts."),
    style: str = typer.Option(
        "screen",
        "--style",
        help="screen, print or projector (a 16:9 slide: big names, thick lines, few words).",
    ),
    dpi: int = typer.Option(
        150, "--dpi", min=10, max=1200, help="Resolution of PNG output (10..1200)."
    ),
    focus: str | None = FOCUS_OPTION,
    focus_system: str | None = FOCUS_SYSTEM_OPTION,
    only_ties: str | None = ONLY_TIES_OPTION,
) -> None:
    """Draw a figure of a case: the four systems, the history, likelihoods, power, factions."""
    if kind not in KIND_NAMES:
        raise InputError(
            f"unknown figure kind {kind!r}", field="--kind", expected=", ".join(KIND_NAMES)
        )
    if overlay_conflicts and kind != "ecosystem":
        raise InputError(
            "--overlay-conflicts applies to the ecosystem figure only",
            field="--overlay-conflicts",
            expected="--kind ecosystem",
        )
    focused = focus is not None or focus_system is not None or only_ties is not None
    if focused and kind != "ecosystem":
        raise InputError(
            "--focus, --focus-system and --only-ties apply to the ecosystem figure only",
            field="--kind",
            expected="--kind ecosystem",
        )
    date = parse_date(as_of)
    from ecograph.plot._common import apply_style, get_style

    get_style(style)  # an unknown style is refused before any work
    from ecograph import load_graph
    from ecograph.io.atomic import check_output
    from ecograph.plot import KINDS, save_figure

    if output.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError(
            f"cannot write a figure as {output.suffix or 'a file without suffix'!r}",
            field="--output",
            expected="a file name ending in .png, .svg or .pdf",
        )
    check_output(output, inputs=[file, config], overwrite=True)
    graph = load_graph(str(file))
    draw = KINDS[kind]
    options: dict[str, object] = {"seed": seed, "as_of": date}
    if kind == "ecosystem":
        options["overlay_conflicts"] = overlay_conflicts
        if focused:
            from ecograph.plot.focus import parse_focus

            options["focus"] = parse_focus(graph, actor=focus, system=focus_system, types=only_ties)
    if config is not None:
        if kind not in ("matrix", "ecosystem", "factions"):
            raise InputError(
                "--config applies to the matrix, the factions and the conflict overlay only",
                field="--config",
                expected="--kind matrix or factions, or --kind ecosystem --overlay-conflicts",
            )
        from ecograph.analysis.params import load_params

        options["params"] = load_params(config)
    if kind in ("ecosystem", "factions"):
        options["style"] = style  # names are placed at the style's size
    fig = apply_style(draw(graph, **options), style)
    save_figure(fig, output, dpi=dpi)
    typer.echo(f"wrote {output} ({kind} figure of case {graph.case_id!r})")
