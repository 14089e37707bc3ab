"""Moving maps in and out: export, import (CSV, GraphML) and redact."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ecograph.errors import InputError
from ecograph.io.export import EXPORT_FORMATS, ExportFormat

if TYPE_CHECKING:
    from ecograph.model import Case

__all__ = ["register"]


#: ``--to``'s help, from the table of formats.
_FORMATS_HELP = "; ".join(f"{f.value}: {s.name}, {s.label}" for f, s in EXPORT_FORMATS.items())


def register(app: typer.Typer) -> None:
    """Add export, import and redact to ``app``."""
    app.command("export")(export)
    app.command("import")(import_)
    app.command("redact")(redact)


def _load(file: Path) -> Case:
    """Load a case file, or a GraphML file written by ``ecograph export``."""
    from ecograph.io.casefile import load_case

    if file.suffix.lower() == ".graphml":
        from ecograph.io.graphfiles import read_graphml

        return read_graphml(file)
    return load_case(file)


def export(
    file: Path = typer.Argument(..., help="A case file (.yaml, .yml, .json)."),
    to: ExportFormat = typer.Option(..., "--to", help=_FORMATS_HELP),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Output file; for csv a folder (five files are written)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite existing output files."),
) -> None:
    """Export a case: csv (spreadsheets, Kumu), graphml/gexf (Gephi, Cytoscape), json (web)."""
    from ecograph.io.atomic import check_output
    from ecograph.io.csvfiles import FILE_NAMES

    files = FILE_NAMES if to is ExportFormat.CSV else ()
    check_output(output, inputs=[file], overwrite=force, files=files)
    case = _load(file)
    if to is ExportFormat.CSV:
        from ecograph.io.csvfiles import write_csv
        from ecograph.io.export import export_notes

        paths = write_csv(case, output)
        typer.echo("wrote " + ", ".join(str(p) for p in paths))
        for note in export_notes(case, to):
            typer.echo(f"note: {note}", err=True)
        return
    from ecograph.io.graphfiles import write_graph

    write_graph(case, output, to.value)  # type: ignore[arg-type]
    typer.echo(f"wrote {output}")


def import_(
    actors: Path = typer.Argument(..., help="actors.csv, or a .graphml file."),
    relationships: Path | None = typer.Argument(None, help="relationships.csv (CSV only)."),
    output: Path = typer.Option(..., "-o", "--output", help="The case file to write."),
    case_id: str | None = typer.Option(None, "--id", help="Id of the new case (CSV: required)."),
    title: str | None = typer.Option(
        None, "--title", help="Title of the new case (CSV: required)."
    ),
    history: Path | None = typer.Option(
        None, "--history", help="relationship-history.csv: dated observations of the relationships."
    ),
    goals: Path | None = typer.Option(None, "--goals", help="goals.csv: one row per stance."),
    agreements: Path | None = typer.Option(
        None, "--agreements", help="agreements.csv: one row per party."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Build a case file from CSV (actors, relationships; history, goals, agreements) or GraphML."""
    from ecograph.io.atomic import check_output
    from ecograph.io.casefile import format_of, save_case

    format_of(output)  # a clear error for a wrong suffix before any work
    check_output(
        output, inputs=[actors, relationships, history, goals, agreements], overwrite=force
    )
    if actors.suffix.lower() == ".graphml":
        if any(x is not None for x in (relationships, history, goals, agreements)):
            raise InputError(
                "a GraphML file holds the whole map; give it alone", source=str(actors)
            )
        from ecograph.io.graphfiles import read_graphml_import

        found = read_graphml_import(actors, case_id=case_id, title=title)
        for note in found.notes:
            typer.echo(f"note: {note}", err=True)
        case = found.case
    else:
        if relationships is None:
            raise InputError(
                "CSV import needs two files",
                expected="ecograph import ACTORS.csv RELATIONSHIPS.csv -o CASE.yaml --id ID "
                "--title TITLE",
            )
        missing = [o for o, v in (("--id", case_id), ("--title", title)) if not v]
        if missing:
            raise InputError(
                "CSV does not carry the case's id and title",
                field=" and ".join(missing),
                expected="--id ID --title TITLE",
            )
        from ecograph.io.csvfiles import read_csv

        assert case_id is not None and title is not None
        case = read_csv(
            actors,
            relationships,
            history,
            goals=goals,
            agreements=agreements,
            case_id=case_id,
            title=title,
        )
    save_case(case, output)
    typer.echo(
        f"wrote {output} (case {case.id!r}: {len(case.actors)} actors, "
        f"{len(case.relationships)} relationships)"
    )


def redact(
    file: Path = typer.Argument(..., help="A case file."),
    output: Path = typer.Option(..., "-o", "--output", help="The redacted case file to write."),
    key_env: str | None = typer.Option(
        None, "--key-env", help="Environment variable holding the pseudonym key."
    ),
    key_file: Path | None = typer.Option(None, "--key-file", help="File holding the key."),
    shift_days: int = typer.Option(0, "--shift-days", help="Days added to every date."),
    keep_attribute: list[str] = typer.Option(
        [],
        "--keep-attribute",
        help="Keep this free attribute (repeat for more): yes/no as is, numbers as a band "
        "(34 -> 30..40), text as a pseudonym. Every other free attribute is dropped.",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Write a copy fit for teaching or a bug report: keyed pseudonyms, no notes, same structure.

    With the same key (--key-env or --key-file) a person gets the same pseudonym in every file;
    without one, a one-time random key is used. The key is never printed. A scenario file
    redacted with the case's key still applies to the redacted case.
    """
    from ecograph.io.atomic import check_output
    from ecograph.io.casefile import format_of, save_case
    from ecograph.io.redact import load_key, redact_case

    format_of(output)
    check_output(output, inputs=[file, key_file], overwrite=force)
    key, given = load_key(env=key_env, file=key_file)
    from ecograph.io.scenario import is_scenario_file

    if is_scenario_file(file):
        _redact_scenario(file, output, key, shift_days)
    else:
        case = redact_case(
            _load(file), key=key, shift_days=shift_days, keep_attributes=keep_attribute
        )
        save_case(case, output)
        typer.echo(f"wrote {output} (case {case.id!r}; names, ids and notes replaced)")
    if not given:
        typer.echo(
            "note: no key given, so a one-time random key was used: pseudonyms will not match "
            "other redactions (use --key-env VAR or --key-file FILE for stable ones)",
            err=True,
        )


def _redact_scenario(file: Path, output: Path, key: bytes, shift_days: int) -> None:
    import json

    import yaml

    from ecograph.io.atomic import atomic_write
    from ecograph.io.casefile import format_of
    from ecograph.io.redact import redact_scenario_data
    from ecograph.io.scenario import VERSION_KEY, load_scenario, loads_scenario

    scenario = load_scenario(file)  # checked first: a clear error for a broken file
    data = scenario.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["interventions"] = [
        item.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        for item in scenario.interventions
    ]
    body = {VERSION_KEY: 1, **redact_scenario_data(data, key=key, shift_days=shift_days)}
    if format_of(output) == "json":
        text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    loads_scenario(text, fmt=format_of(output), source=str(output))  # still a valid scenario
    atomic_write(output, text)
    typer.echo(f"wrote {output} (scenario {body['id']!r}; ids, names and text replaced)")
