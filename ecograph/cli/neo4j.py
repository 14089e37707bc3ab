"""``ecograph neo4j start|stop|status``: the local Neo4j 5.26 server."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from ecograph.errors import InputError

__all__ = ["register"]

_DATA_HELP = "Data folder of the server (database, pid file, log)."
_PORT_HELP = "Bolt port on 127.0.0.1."


def _check_folder(data: Path) -> None:
    """Refuse a --data path that exists but is not a folder."""
    try:
        is_file = data.exists() and not data.is_dir()
        data.resolve()
    except (OSError, ValueError) as exc:  # a name too long, a NUL character
        reason = getattr(exc, "strerror", None) or "not a usable folder name"
        raise InputError(
            f"cannot use this folder: {reason}", field="--data", expected="a folder name"
        ) from None
    if is_file:
        raise InputError(
            "is a file, not a folder", source=str(data), expected="--data naming a folder"
        )


def register(app: typer.Typer) -> None:
    """Add the ``neo4j`` command group to ``app``."""
    group = typer.Typer(
        help="Run the local Neo4j 5.26 Community server (built from Maven Central on first use).",
        no_args_is_help=True,
    )

    @group.command("start")
    def start_cmd(
        port: int = typer.Option(7687, "--port", min=1, max=65535, help=_PORT_HELP),
        data: Path = typer.Option(Path(".neo4j"), "--data", help=_DATA_HELP),
        heap: str = typer.Option("1g", "--heap", help="Maximum Java heap, e.g. 1g."),
        pagecache: str = typer.Option("256m", "--pagecache", help="Page cache size, e.g. 256m."),
        tx_memory: str | None = typer.Option(
            None,
            "--tx-memory",
            help="Most memory all open transactions may use together, part of the heap "
            "(default: 70% of --heap). A push is one transaction: a case of 100,000 "
            "relationships needs about 2 GB (e.g. --heap 3g --tx-memory 2500m).",
        ),
    ) -> None:
        """Build if needed, start in the background, and wait until Bolt answers.

        The password of the user neo4j is taken from NEO4J_PASSWORD.
        """
        from ecograph.neo4jlocal import server as srv

        _check_folder(data)
        before = srv.status(data)
        if before.running:
            typer.echo(f"already running: {before.uri} (pid {before.pid}, data {before.data})")
            return
        if not srv.is_built():
            typer.echo(
                f"building the local Neo4j with Maven in {srv.tools_dir()} (first use)...",
                err=True,
            )
        t0 = time.monotonic()
        st = srv.start(data, port=port, heap=heap, pagecache=pagecache, tx_memory=tx_memory)
        typer.echo(
            f"started: {st.uri} (pid {st.pid}, data {st.data}) in {time.monotonic() - t0:.1f} s"
        )

    @group.command("stop")
    def stop_cmd(
        data: Path = typer.Option(Path(".neo4j"), "--data", help=_DATA_HELP),
        port: int | None = typer.Option(
            None,
            "--port",
            min=1,
            max=65535,
            help=_PORT_HELP + " Optional: checked against the server of --data.",
        ),
    ) -> None:
        """Stop the server of the data folder cleanly (the --data it was started with)."""
        from ecograph.neo4jlocal import server as srv

        _check_folder(data)
        if srv.stop(data, port=port):
            typer.echo(f"stopped (data {Path(data).resolve()})")
        else:
            typer.echo(f"not running (data {Path(data).resolve()})")

    @group.command("status")
    def status_cmd(
        data: Path = typer.Option(Path(".neo4j"), "--data", help=_DATA_HELP),
        port: int | None = typer.Option(
            None,
            "--port",
            min=1,
            max=65535,
            help=_PORT_HELP + " Optional: checked against the server of --data.",
        ),
    ) -> None:
        """Report whether the server of the data folder runs (exit 1 if not)."""
        from ecograph.neo4jlocal import server as srv

        _check_folder(data)
        st = srv.status(data)
        srv.check_port(st, port)
        if st.running:
            typer.echo(f"running: {st.uri} (pid {st.pid}, data {st.data})")
        else:
            typer.echo(f"not running (data {st.data})")
            raise typer.Exit(1)

    app.add_typer(group, name="neo4j")
