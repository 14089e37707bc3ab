"""``ecograph analyze``: where agreement or conflict is likely, why, and what to do about it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ecograph.analysis.questions import DATABASE, ON_REQUEST, SECTIONS
from ecograph.cli.common import AS_OF_OPTION, parse_date, print_json

if TYPE_CHECKING:
    from ecograph.analysis.params import Params

__all__ = ["register"]

# The sections, as the registry of questions lists them.
_ONLY_HELP = (
    f"Only these sections (repeat or comma-separate): {', '.join(SECTIONS)} (the text report "
    f"leaves {', '.join(ON_REQUEST)} out unless asked; --json includes them)."
)
_DATABASE = ", ".join(DATABASE)
_PYTHON_ONLY = ", ".join(s for s in SECTIONS if s not in DATABASE and s not in ON_REQUEST)


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` command to ``app``."""
    app.command("analyze")(analyze)


def analyze(
    file_or_case_id: str = typer.Argument(
        ...,
        help="A case file (.yaml, .yml, .json) or a signed edge list (.csv: "
        "source,target,sign[,weight]); with --store, the case's id.",
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON instead of a report: every section, the pairs included, and every row.",
    ),
    show_all: bool = typer.Option(
        False, "--all", help="List every row in the text report (lists stop at 10 otherwise)."
    ),
    only: list[str] = typer.Option(
        None,
        "--only",
        help=_ONLY_HELP,
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
        f"({_DATABASE}) are answered inside the database on the latest state of each "
        "relationship. Credentials come from NEO4J_USERNAME / NEO4J_PASSWORD.",
    ),
    full: bool = typer.Option(
        False,
        "--full",
        help="With a Neo4j --store: also pull the case and compute the sections with no "
        f"database twin ({_PYTHON_ONLY}) in Python.",
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
            show_all=show_all,
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

        # JSON has every section by default, the pairs (given in text only on request) too
        sections = only or (list(SECTIONS) if as_json else None)
        report = run(load_graph(str(file)), params=params, as_of=date, only=sections)
    if as_json:
        print_json(report.to_json())
        return
    from ecograph.cli.report_text import render_report

    render_report(report, show_all=show_all)


def _analyze_stored(
    uri: str,
    case_id: str,
    *,
    only: list[str] | None,
    full: bool,
    date: dt.date | None,
    params: Params,
    as_json: bool,
    show_all: bool,
) -> None:
    from ecograph.analysis.db_report import plan_sections
    from ecograph.analysis.report import AnalysisReport
    from ecograph.errors import NotFoundError
    from ecograph.store.questions import analyze_stored
    from ecograph.store.uri import answers_in_database, open_store

    in_database = answers_in_database(uri)
    if as_json and only is None and not in_database:
        only = list(SECTIONS)  # as for a file: JSON has every section, the pairs included
    # Input errors come before the connection is made.
    plan = plan_sections(only, in_database=in_database, full=full, as_of=date, params=params)
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
        from ecograph.cli.report_text import render_report

        render_report(report, show_all=show_all)
    else:
        from ecograph.cli.db_render import render_store

        render_store(report)
