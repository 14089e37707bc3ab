"""Small helpers shared by the command modules."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import typer
from rich.console import Console

from ecograph.errors import InputError

__all__ = [
    "console",
    "finite",
    "parse_date",
    "print_json",
    "AS_OF_OPTION",
    "FOCUS_OPTION",
    "FOCUS_SYSTEM_OPTION",
    "ONLY_TIES_OPTION",
]

console = Console()


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    """Parse a YYYY-MM-DD option value; a clear error otherwise."""
    if value is None:
        return None
    from ecograph.model.base import check_date  # pydantic: not loaded for --help

    try:
        return check_date(dt.date.fromisoformat(value))
    except ValueError as exc:
        if "supported" in str(exc):
            raise InputError(str(exc), field=option) from None
        raise InputError(
            f"{value!r} is not a date", field=option, expected="a date as YYYY-MM-DD"
        ) from None


def finite(value: float | None) -> float | None:
    """Option callback: refuse nan and infinity (click's ranges let nan through)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number")
    return value


def print_json(data: Any) -> None:
    """Print data as indented JSON on standard output (no colour, no wrapping)."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


AS_OF_OPTION = typer.Option(
    None, "--as-of", help="Answer as the map stood on this date (YYYY-MM-DD)."
)
#: Focus views of ``plot`` and ``view`` (ecograph.plot.focus): one actor, one system, some types.
FOCUS_OPTION = typer.Option(
    None,
    "--focus",
    metavar="ACTOR",
    help="Draw one actor's own network: the actor (id or name), everyone it has a "
    "relationship with, and the relationships among them.",
)
FOCUS_SYSTEM_OPTION = typer.Option(
    None,
    "--focus-system",
    metavar="SYSTEM",
    help="Draw one system's ties: change_agent, client, target, action, professional or "
    "problem_identification.",
)
ONLY_TIES_OPTION = typer.Option(
    None,
    "--only-ties",
    metavar="TYPES",
    help="Draw only relationships of these types: conflict, agreement, cooperation "
    "(several: conflict,agreement).",
)
