"""The ``serve`` command (the map workspace in the browser) and ``users`` (its accounts)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ecograph.workspace.accounts import Right, User

__all__ = ["register"]

#: The environment variable a new password may come from (instead of the prompt).
PASSWORD_ENV = "ECOGRAPH_USER_PASSWORD"

users_app = typer.Typer(
    help="Accounts of a shared workspace (ecograph serve --users FILE).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command and the ``users`` group to ``app``."""
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")


def serve(
    where: Path = typer.Argument(
        Path("."), help="A folder of case files (default: this one), or one case file."
    ),
    store: str | None = typer.Option(
        None,
        "--store",
        help="Serve the cases of a Neo4j database instead (bolt://, neo4j://, neo4j+s://); "
        "credentials from NEO4J_USERNAME / NEO4J_PASSWORD or asked for.",
    ),
    case: str | None = typer.Option(
        None, "--case", help="With --store: serve this one case (its id) only."
    ),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="The port (0: any free one)."),
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="The address to listen on. Any other than this computer's (127.0.0.1) needs --users.",
    ),
    users: Path | None = typer.Option(
        None,
        "--users",
        help="Sign in with the accounts of this users file (see: ecograph users add).",
    ),
    https: bool = typer.Option(
        False,
        "--behind-https",
        help="The workspace is reached over https (a proxy in front): session cookies are "
        "marked Secure.",
    ),
    audit: Path | None = typer.Option(
        None,
        "--audit",
        help="Log every saved change to this JSON-lines file. With --users the log is on "
        "anyway: beside the folder (.ecograph-audit.jsonl) or in the database.",
    ),
    open_it: bool = typer.Option(False, "--open", help="Open the workspace in the browser."),
) -> None:
    """Build, edit, record and analyse maps in the browser (a web server).

    By default it listens on 127.0.0.1 only and prints the address to open: it carries a random
    access token, new at each launch, without which nothing is answered. Every edit is checked
    like `ecograph validate` and saved at once: to the case file, keeping its comments, or with
    --store in one database transaction. With --users, people sign in and see only their cases.
    """
    from ecograph.workspace import check_host, open_cases, run_workspace
    from ecograph.workspace.accounts import Accounts

    check_host(host, users is not None)
    accounts = Accounts(users, secure=https) if users is not None else None
    with open_cases(
        where, store=store, case=case, audit=audit, with_accounts=accounts is not None
    ) as (source, log):
        run_workspace(
            source,
            port=port,
            open_browser=open_it,
            say=typer.echo,
            host=host,
            accounts=accounts,
            audit=log,
        )


def _new_password() -> str:
    """Return a new password: from ECOGRAPH_USER_PASSWORD, or asked twice at the terminal."""
    from ecograph.errors import InputError

    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    try:
        first = typer.prompt("New password", hide_input=True)
        again = typer.prompt("The same password again", hide_input=True)
    except typer.Abort:
        raise InputError(
            "no password given", field="password", expected=f"a password, or {PASSWORD_ENV}"
        ) from None
    if first != again:
        raise InputError("the two passwords differ; nothing was changed", field="password")
    if len(first) < 8:
        raise InputError("the password is too short", field="password", expected="8 or more")
    return str(first)


def _grants(values: list[str]) -> list[tuple[str, Right | None]]:
    """Parse ``CASE:RIGHT`` options (``CASE:none`` takes a right away)."""
    from ecograph.errors import InputError
    from ecograph.workspace.accounts import RIGHTS

    out: list[tuple[str, Right | None]] = []
    for value in values:
        pattern, _, right = value.rpartition(":")
        if not pattern or right not in (*RIGHTS, "none"):
            raise InputError(
                "not a right on a case",
                field="--case",
                expected="CASE:view, CASE:edit, CASE:admin or CASE:none (CASE a name or a "
                "pattern such as north-*)",
            )
        out.append((pattern, None if right == "none" else right))  # type: ignore[arg-type]
    return out


_USERS_FILE = typer.Option(..., "--users", help="The users file (created if missing).")
_CASES = typer.Option(
    [], "--case", help="A right on a case: CASE:view|edit|admin|none (repeatable; * patterns)."
)


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="The account's name (letters, digits, . _ -)."),
    users: Path = _USERS_FILE,
    case: list[str] = _CASES,
) -> None:
    """Add an account; its password is asked for (or read from ECOGRAPH_USER_PASSWORD)."""
    from ecograph.errors import InputError
    from ecograph.workspace.accounts import change_users, read_users

    if users.exists() and name in read_users(users).users:
        raise InputError(
            "this user exists already", field="NAME", expected="a new name, or: ecograph users set"
        )
    change_users(users, name, password=_new_password(), grants=_grants(case))
    typer.echo(f"{name}: added to {users}")


@users_app.command("set")
def users_set(
    name: str = typer.Argument(..., help="The account's name."),
    users: Path = _USERS_FILE,
    case: list[str] = _CASES,
    password: bool = typer.Option(False, "--password", help="Set a new password (asked for)."),
) -> None:
    """Change an account's rights, or its password."""
    from ecograph.errors import InputError
    from ecograph.workspace.accounts import change_users

    if not users.exists() or name not in _read(users):
        raise InputError("no such user", field="NAME", expected="a user of the file")
    change_users(users, name, password=_new_password() if password else None, grants=_grants(case))
    typer.echo(f"{name}: changed in {users}")


@users_app.command("remove")
def users_remove(
    name: str = typer.Argument(..., help="The account's name."),
    users: Path = _USERS_FILE,
) -> None:
    """Remove an account (its sessions end at its next request)."""
    from ecograph.workspace.accounts import change_users

    change_users(users, name, remove=True)
    typer.echo(f"{name}: removed from {users}")


@users_app.command("list")
def users_list(users: Path = _USERS_FILE) -> None:
    """List the accounts and their rights (never the password hashes)."""
    for name, user in _read(users).items():
        rights = ", ".join(f"{p}: {r}" for p, r in user.cases.items()) or "no cases"
        typer.echo(f"{name}  {rights}")


def _read(path: Path) -> dict[str, User]:
    from ecograph.workspace.accounts import read_users

    return read_users(path).users
