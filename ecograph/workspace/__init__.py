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
from collections.abc import Callable

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
