"""The map workspace (``ecograph serve``): build, edit, record and analyse a map in the browser.

A small local web application over the library: the case files of a folder are changed through
:mod:`ecograph.io.edit` (validated, versioned, atomic, comments kept), the map is drawn with the
four-system layout and palette of the HTML map, and the analysis is the one ``ecograph analyze``
prints. See docs/workspace.md.
"""

from __future__ import annotations

import errno
import os
import socket
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ecograph.errors import InputError
from ecograph.workspace.accounts import Accounts
from ecograph.workspace.app import create_app
from ecograph.workspace.audit import AuditLog
from ecograph.workspace.folder import CaseFolder
from ecograph.workspace.source import CaseSource

__all__ = [
    "create_app",
    "CaseFolder",
    "CaseSource",
    "run_workspace",
    "HOST",
    "is_loopback",
    "check_host",
]

#: The address the workspace listens on by default (this computer only).
HOST = "127.0.0.1"


def is_loopback(host: str) -> bool:
    """Return whether ``host`` is an address only this computer can reach.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@contextmanager
def open_cases(
    where: str | os.PathLike[str],
    *,
    store: str | None = None,
    case: str | None = None,
    audit: str | os.PathLike[str] | None = None,
    with_accounts: bool = False,
) -> Iterator[tuple[CaseSource, AuditLog | None]]:
    """Open what ``ecograph serve`` serves, and where its audit log goes; close it after.

    Parameters
    ----------
    where : path-like
        A folder or a case file (when ``store`` is None; ``"."`` otherwise).
    store : str, optional
        A Neo4j URI: serve its cases (credentials from the environment or the prompt).
    case : str, optional
        With ``store``: serve this one case.
    audit : path-like, optional
        A JSON-lines audit file. Without it, with accounts the log is kept beside the folder
        (:data:`~ecograph.workspace.audit.AUDIT_FILE`) or in the database; else none.
    with_accounts : bool
        Whether people sign in with accounts.

    Yields
    ------
    (CaseSource, AuditLog or None)
    """
    from ecograph.store.uri import open_store
    from ecograph.workspace.audit import AUDIT_FILE, FileAudit, StoreAudit
    from ecograph.workspace.store_cases import ServedStore, StoreCases

    log: AuditLog | None = FileAudit(audit) if audit is not None else None
    if store is None:
        if case is not None:
            raise InputError(
                "--case is for a store", field="--case", expected="--store URI --case ID"
            )
        folder = CaseFolder(where)
        if log is None and with_accounts:
            log = FileAudit(folder.root / AUDIT_FILE)
        yield folder, log
        return
    if os.fspath(where) != ".":
        raise InputError(
            "give either a folder or --store, not both",
            field="--store",
            expected="ecograph serve --store URI [--case ID]",
        )
    with open_store(store) as opened:
        if not isinstance(opened, ServedStore):
            raise InputError(
                "the workspace serves a folder or a Neo4j database",
                field="--store",
                expected="bolt://, neo4j:// or neo4j+s:// (for case files: ecograph serve FOLDER)",
            )
        if log is None and with_accounts:
            log = StoreAudit(opened)
        yield StoreCases(opened, only=case), log


def check_host(host: str, with_accounts: bool) -> None:
    """Refuse to serve other computers without accounts.

    Raises
    ------
    InputError
        ``host`` is not a loopback address and there are no accounts.
    """
    if not is_loopback(host) and not with_accounts:
        raise InputError(
            "a workspace other computers can reach needs accounts",
            field="--host",
            expected="--users FILE (make one with: ecograph users add NAME --users FILE), "
            "or leave --host out to serve this computer only",
        )


def run_workspace(
    where: str | os.PathLike[str] | CaseSource,
    *,
    port: int = 8765,
    open_browser: bool = False,
    say: Callable[[str], None] = print,
    host: str = HOST,
    accounts: Accounts | None = None,
    audit: AuditLog | None = None,
) -> None:
    """Serve the workspace for ``where`` (a folder, a case file or a case source) until stopped.

    Parameters
    ----------
    where : path-like or CaseSource
        A folder of case files, one case file, or a case source (e.g. the cases of a store).
    port : int
        The port (0 for any free port).
    open_browser : bool
        Open the address in the default browser.
    say : callable
        Where the address is printed.
    host : str
        The address to listen on; one other than loopback needs ``accounts``.
    accounts : Accounts, optional
        Sign in with accounts instead of the launch token.
    audit : AuditLog, optional
        Where every saved change is logged.

    Raises
    ------
    InputError
        A host other than loopback without accounts; a port in use.
    """
    import uvicorn

    check_host(host, accounts is not None)
    folder = CaseFolder(where) if isinstance(where, (str, os.PathLike)) else where
    app = create_app(folder, accounts=accounts, audit=audit)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        in_use = exc.errno == errno.EADDRINUSE
        raise InputError(
            f"port {port} is in use" if in_use else f"cannot listen on {host} ({exc.strerror})",
            field="--port" if in_use else "--host",
            expected="a free port, e.g. --port 8766 (or --port 0 for any free one)"
            if in_use
            else "an address of this computer, e.g. 0.0.0.0 for all of them",
        ) from None
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{sock.getsockname()[1]}/"
    say(f"ecograph workspace for {folder.where}")
    if accounts is None:
        say(f"open: {address}?token={app.token}")
        say("(only this computer can reach it; stop with Ctrl+C)")
    else:
        count = len(accounts.users().users)
        say(f"open: {address}")
        say(f"(sign in with an account of {accounts.path}: {count} accounts; stop with Ctrl+C)")
    if open_browser:
        webbrowser.open(f"{address}?token={app.token}" if accounts is None else address)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
