"""The ``serve`` command: the map workspace in the browser, on this machine only."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to ``app``."""
    app.command("serve")(serve)


def serve(
    where: Path = typer.Argument(
        Path("."), help="A folder of case files (default: this one), or one case file."
    ),
    store: str | None = typer.Option(
        None, "--store", help="Serve the cases of a store (bolt://, neo4j://): not available yet."
    ),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="The port (0: any free one)."),
    open_it: bool = typer.Option(False, "--open", help="Open the workspace in the browser."),
) -> None:
    """Build, edit, record and analyse maps in the browser (a local web server).

    Listens on 127.0.0.1 only and prints the address to open: it carries a random access token,
    new at each launch, without which nothing is answered. Every edit is checked like
    `ecograph validate` and saved to the case file at once, keeping its comments.
    """
    from ecograph.errors import InputError
    from ecograph.workspace import run_workspace

    if store is not None:
        raise InputError(
            "serving the cases of a store is not available yet",
            field="--store",
            expected="a folder of case files or a case file (pull the case first: ecograph pull)",
        )
    run_workspace(where, port=port, open_browser=open_it, say=typer.echo)
