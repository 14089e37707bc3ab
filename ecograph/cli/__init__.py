"""The ``ecograph`` command line: thin commands over the library (Typer + Rich).

Each area of the program registers its commands from its own module listed in ``_AREAS``.
User errors (:class:`~ecograph.errors.EcographError`) are printed without a traceback and exit
with their status: 2 for invalid input, 3 for a store or server that cannot be used.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from typing import Any

import typer
from typer.core import TyperGroup

from ecograph.cli.encoding import use_ascii_fallback
from ecograph.errors import CaseFileError, EcographError

__all__ = ["app", "main", "report_error"]

#: Modules under ``ecograph.cli`` that add commands; each defines ``register(app)``.
_AREAS = [
    "case",
    "neo4j",
    "time",
    "interchange",
    "evaluate",
    "plot",
    "analyze",
    "store",
    "view",
    "serve",
]


def report_error(exc: EcographError) -> None:
    """Print a user error to standard error, one problem a line, no traceback."""
    if isinstance(exc, CaseFileError):
        lines = str(exc).splitlines()
        typer.echo(f"error: {lines[0]}", err=True)
        for line in lines[1:]:
            typer.echo(f"  {line}", err=True)
    else:
        typer.echo(f"error: {exc}", err=True)
    hints = getattr(exc, "hints", None)
    for hint in hints or []:
        typer.echo(f"  hint: {hint}", err=True)


_python_showwarning = warnings.showwarning


def _show_warning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
    """Print ecograph's own warnings as one plain line ("warning: ..."), others as Python does."""
    if getattr(category, "__module__", "").startswith("ecograph."):
        typer.echo(f"warning: {message}", err=True)
    else:
        _python_showwarning(message, category, *args, **kwargs)


class _Group(TyperGroup):
    """The root group: turns ecograph's own errors into a message and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except EcographError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)
        except OSError as exc:
            # A path the system refuses where no check caught it first (a name too long):
            # the file and the system's reason on one line, exit 2, never a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            typer.echo(f"error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(2)


app = typer.Typer(
    name="ecograph",
    cls=_Group,
    help="The social-work ecosystem model as a living graph: map a case, see where "
    "agreement or conflict is likely and why, and draw it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


def _show_version(value: bool) -> None:
    if value:
        from ecograph import __version__

        typer.echo(f"ecograph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Map a case with the ecosystem model; see where agreement or conflict is likely."""
    use_ascii_fallback()
    warnings.showwarning = _show_warning


for _area in _AREAS:
    importlib.import_module(f"ecograph.cli.{_area}").register(app)


def main() -> None:
    """Entry point of the ``ecograph`` console script."""
    use_ascii_fallback()
    try:
        app()
    except EcographError as exc:  # raised outside a command (e.g. while parsing options)
        report_error(exc)
        sys.exit(exc.exit_code)
