"""Commands on case files: validate, show, new, schema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ecograph.cli.common import AS_OF_OPTION, console, parse_date, print_json
from ecograph.errors import EcographError, InputError
from ecograph.io.atomic import atomic_write, check_output

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the case-file commands to ``app``."""
    app.command("validate")(validate)
    app.command("show")(show)
    app.command("new")(new)
    app.command("schema")(schema)


def validate(
    files: list[Path] = typer.Argument(
        ..., help="Case files (.yaml, .yml, .json), or what-if scenario files."
    ),
) -> None:
    """Check case files (or what-if scenarios); list every problem with line, field, expected."""
    # load_case checks every rule the graph keeps (check_case); building the graph as well
    # would only check them twice and import NetworkX.
    from ecograph.cli import report_error
    from ecograph.io.casefile import load_case
    from ecograph.io.scenario import is_scenario_file, load_scenario
    from ecograph.model import Case

    failed = 0
    cases: dict[str, Case] = {}
    # Case files first, so that a scenario is checked against its case when both are given.
    scenarios = [f for f in files if is_scenario_file(f)]
    for f in [f for f in files if f not in scenarios]:
        try:
            case = load_case(str(f))
        except EcographError as exc:
            failed += 1
            report_error(exc)
            continue
        cases.setdefault(case.id, case)
        typer.echo(
            f"{f}: valid (case {case.id!r}: {len(case.actors)} actors, "
            f"{len(case.relationships)} relationships, {len(case.goals)} goals, "
            f"{len(case.agreements)} agreements)"
        )
    for f in scenarios:
        from ecograph.graph import EcoGraph

        try:
            scenario = load_scenario(f)
            against = cases.get(scenario.case or "")
            if against is not None:
                load_scenario(f, EcoGraph.from_case(against))
        except EcographError as exc:
            failed += 1
            report_error(exc)
            continue
        n = len(scenario.interventions)
        checked = (
            f"; checked against case {scenario.case!r}"
            if against is not None
            else "; give its case file too, to check its actors and goals against it"
        )
        typer.echo(
            f"{f}: valid what-if scenario ({n} intervention{'s' if n != 1 else ''}{checked})"
        )
    if failed:
        raise typer.Exit(2)


def show(
    file: Path = typer.Argument(..., help="A case file."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    as_of: str | None = AS_OF_OPTION,
) -> None:
    """Summarise a case: actors by system, relationships by type, goals with stances."""
    from ecograph import load_graph
    from ecograph.summary import summarize

    data = summarize(load_graph(str(file)), parse_date(as_of))
    if as_json:
        print_json(data)
        return
    _render_summary(data)


def _render_summary(data: dict[str, Any]) -> None:
    names = {a["id"]: a["name"] for rows in data["actors_by_system"].values() for a in rows}
    console.print(f"[bold]{data['title']}[/bold]  (case {data['id']})")
    c = data["counts"]
    console.print(
        f"{c['actors']} actors, {c['relationships']} relationships"
        + (
            f" (and {c['relationships_absent']} ended or not yet begun)"
            if c["relationships_absent"]
            else ""
        )
        + f", {c['goals']} goals, "
        f"{c['agreements']} agreements" + (f" -- as of {data['as_of']}" if data["as_of"] else "")
    )
    t = Table(title="Actors by system")
    for col in ("system", "actor", "kind", "power", "voluntariness", "member of"):
        t.add_column(col)
    for system, rows in data["actors_by_system"].items():
        label = system.replace("_", " ")
        for a in rows:
            t.add_row(
                label,
                f"{a['name']} ({a['id']})" + (" *" if a["inherited"] else ""),
                a["kind"],
                f"{a['power']:.2f}",
                a["voluntariness"] or "",
                ", ".join(a["member_of"]),
            )
            label = ""
    console.print(t)
    console.print("  * in the system through the group it belongs to")
    t = Table(title="Relationships by type")
    for col in ("type", "between", "strength", "mix", "since", "history"):
        t.add_column(col)
    for kind, rows in data["relationships_by_type"].items():
        for r in rows:
            mix = " ".join(f"{k[:4]} {v:.2f}" for k, v in r["mix"].items() if v > 0)
            t.add_row(
                kind,
                f"{names.get(r['source'], r['source'])} -- {names.get(r['target'], r['target'])}",
                f"{r['strength']:.2f}",
                mix,
                r["since"] or "",
                str(r["observations"]),
            )
    console.print(t)
    if data["goals"]:
        t = Table(title="Goals and stances (-1 opposes ... +1 supports)")
        t.add_column("goal")
        t.add_column("stances")
        for g in data["goals"]:
            t.add_row(
                g["description"],
                ", ".join(
                    f"{names.get(s['actor'], s['actor'])} {s['stance']:+.1f}" for s in g["stances"]
                ),
            )
        console.print(t)
    if data["agreements"]:
        t = Table(title="Agreements")
        for col in ("agreement", "basis", "status", "in force", "parties"):
            t.add_column(col)
        for ag in data["agreements"]:
            t.add_row(
                ag["id"],
                ag["basis"],
                ag["status"],
                "yes" if ag["in_force"] else "no",
                ", ".join(ag["parties"]),
            )
        console.print(t)


def new(
    file: Path = typer.Argument(..., help="Where to write the starter case (.yaml)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter case file to edit."""
    if file.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(
            "the starter case is YAML", source=str(file), expected="a file name ending in .yaml"
        )
    check_output(file, overwrite=force, option=None)
    text = resources.files("ecograph").joinpath("data/starter.yaml").read_text("utf-8")
    atomic_write(file, text)
    typer.echo(f"wrote {file}; edit it, then run: ecograph validate {file}")


def case_schema() -> dict[str, Any]:
    """Return the JSON Schema of a case file (format 1)."""
    from ecograph.model import FORMAT_VERSION, Case

    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ecograph case file"
    schema["properties"] = {
        "ecograph": {"const": FORMAT_VERSION, "description": "Format version."},
        **schema["properties"],
    }
    schema["required"] = ["ecograph", *schema.get("required", [])]
    return schema


def schema(
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Print the JSON Schema of case files."""
    if output is not None:
        check_output(output, overwrite=force)
    text = json.dumps(case_schema(), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text)
        typer.echo(f"wrote {output}")
