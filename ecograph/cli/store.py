"""``ecograph push``, ``ecograph pull`` and ``ecograph query``: cases in a store (Neo4j)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import typer

__all__ = ["register"]

_URI_HELP = (
    "Store URI: bolt://host:port, neo4j://..., neo4j+s://..., a case file, or memory:. "
    "Credentials come from NEO4J_USERNAME / NEO4J_PASSWORD."
)


def _status(what: str) -> AbstractContextManager[Any]:
    """Return a spinner saying ``what`` on a terminal (a big case takes a while), else nothing."""
    from contextlib import nullcontext

    from ecograph.cli.common import console

    return console.status(what) if console.is_terminal else nullcontext()


def _remember(file: Path, uri: str, case_id: str, version: int) -> None:
    """Note beside ``file`` the stored version it matches; say so if that cannot be done."""
    from ecograph.errors import InputError
    from ecograph.store.file_versions import remember_version, versions_path

    try:
        remember_version(file, uri, case_id, version)
    except InputError:
        typer.echo(
            f"note: could not write {versions_path(file)}, so the next push of {file} "
            f"is not known to be based on version {version} and will need --force",
            err=True,
        )


def register(app: typer.Typer) -> None:
    """Add ``push``, ``pull`` and ``query`` to ``app``."""

    @app.command("push")
    def push_cmd(
        file: Path = typer.Argument(..., help="The case file to store."),
        to: str = typer.Option(..., "--to", help=_URI_HELP),
        force: bool = typer.Option(
            False,
            "--force",
            help="A case file: replace the file even if it holds another case. Neo4j: replace "
            "the stored case even if it changed since this file was pulled or pushed.",
        ),
    ) -> None:
        """Store a case file in a store; only the difference is written, all-or-nothing.

        Neo4j keeps a version of each case. A push is based on the version the file was last
        pulled from or pushed to that database as (noted beside the file, in
        .FILE.ecograph-versions.json): if someone pushed the case in between, the push is
        refused rather than undoing their changes. Pull again and bring your changes in, or
        use --force.
        """
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from ecograph.cli.common import console
        from ecograph.io.atomic import check_output
        from ecograph.io.casefile import load_case
        from ecograph.store.base import FileStore, VersionedStore
        from ecograph.store.file_versions import base_version
        from ecograph.store.uri import open_store

        # A large case file takes a while to read (about 20 s for 100,000 relationships) and
        # the commit after the last batch too: say so on a terminal rather than look stuck.
        with _status(f"reading {file.name}"):
            case = load_case(file)
        with open_store(to) as store:
            if isinstance(store, VersionedStore):
                with Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=console,
                    transient=True,
                    disable=not console.is_terminal,
                ) as bar:
                    task = bar.add_task("pushing", total=None)

                    def progress(done: int, total: int) -> None:
                        what = "committing" if total and done >= total else "pushing"
                        bar.update(task, completed=done, total=total, description=what)

                    base = None if force else base_version(file, to, case.id)
                    report = store.save(case, progress=progress, base_version=base)
                if report.version is not None:
                    _remember(file, to, case.id, report.version)
            elif isinstance(store, FileStore):
                check_output(store.path, inputs=[file], overwrite=True, option="--to")
                report = store.save(case, replace_other=force)
            else:
                report = store.save(case)
        typer.echo(f"{case.id}: {report.summary()}")

    @app.command("pull")
    def pull_cmd(
        case_id: str = typer.Argument(..., help="The case's id."),
        source: str = typer.Option(..., "--from", help=_URI_HELP),
        output: Path = typer.Option(
            ..., "-o", "--output", help="Case file to write (.yaml or .json)."
        ),
        force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    ) -> None:
        """Write a stored case to a case file (atomically)."""
        from ecograph.io.atomic import check_output
        from ecograph.io.casefile import format_of, save_case
        from ecograph.store.base import VersionedStore
        from ecograph.store.uri import open_store

        format_of(output)
        check_output(output, inputs=[Path(source)], overwrite=force)
        version = None
        with open_store(source) as store, _status(f"reading case {case_id!r}"):
            if isinstance(store, VersionedStore):
                case, version = store.load_versioned(case_id)
            else:
                case = store.load(case_id)
        with _status(f"writing {output.name}"):
            save_case(case, output)
        if version is not None:
            _remember(output, source, case_id, version)
        typer.echo(f"{case_id}: written to {output}")

    @app.command("query")
    def query_cmd(
        name: str = typer.Argument(..., help="A query of queries/ (file name without .cypher)."),
        case_id: str = typer.Argument(..., help="The case's id."),
        source: str = typer.Option(..., "--store", "--from", help=_URI_HELP),
    ) -> None:
        """Answer a question of queries/ for a case: in the database for Neo4j, else in Python.

        Prints the rows as JSON.
        """
        from ecograph.analysis.questions import QUERIES
        from ecograph.cli.common import print_json
        from ecograph.errors import NotFoundError
        from ecograph.graph import EcoGraph
        from ecograph.store.base import QueryStore
        from ecograph.store.uri import open_store

        if name not in QUERIES:
            raise NotFoundError(f"no query {name!r} (known: {', '.join(sorted(QUERIES))})")
        with open_store(source) as store:
            if isinstance(store, QueryStore):
                rows = store.run_query(name, case_id)
            else:
                rows = QUERIES[name].twin(EcoGraph.from_case(store.load(case_id)))
        print_json(rows)
