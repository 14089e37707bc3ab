"""Small helpers shared by the command modules."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import typer
from rich.console import Console

from ecograph.errors import InputError

__all__ = ["console", "parse_date", "print_json", "AS_OF_OPTION"]

console = Console()


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    """Parse a YYYY-MM-DD option value; a clear error otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{value!r} is not a date", field=option, expected="a date as YYYY-MM-DD"
        ) from None


def print_json(data: Any) -> None:
    """Print data as indented JSON on standard output (no colour, no wrapping)."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


AS_OF_OPTION = typer.Option(
    None, "--as-of", help="Answer as the map stood on this date (YYYY-MM-DD)."
)
