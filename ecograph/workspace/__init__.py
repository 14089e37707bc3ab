"""The map workspace (``ecograph serve``): build, edit, record and analyse a map in the browser.

A small local web application over the library: the case files of a folder are changed through
:mod:`ecograph.io.edit` (validated, versioned, atomic, comments kept), the map is drawn with the
four-system layout and palette of the HTML map, and the analysis is the one ``ecograph analyze``
prints. See docs/workspace.md.
"""

from __future__ import annotations

import os
import socket
import webbrowser
from collections.abc import Callable

from ecograph.errors import InputError
from ecograph.workspace.app import create_app
from ecograph.workspace.folder import CaseFolder

__all__ = ["create_app", "CaseFolder", "run_workspace", "HOST"]

#: The only address the workspace listens on.
HOST = "127.0.0.1"


def run_workspace(
    where: str | os.PathLike[str],
    *,
    port: int = 8765,
    open_browser: bool = False,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the workspace for ``where`` (a folder or a case file) until interrupted.

    Parameters
    ----------
    where : path-like
        A folder of case files, or one case file.
    port : int
        The port on 127.0.0.1 (0 for any free port).
    open_browser : bool
        Open the address in the default browser.
    say : callable
        Where the address is printed.
    """
    import uvicorn

    folder = CaseFolder(where)
    app = create_app(folder)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError:
        sock.close()
        raise InputError(
            f"port {port} is in use",
            field="--port",
            expected="a free port, e.g. --port 8766 (or --port 0 for any free one)",
        ) from None
    url = f"http://{HOST}:{sock.getsockname()[1]}/?token={app.token}"
    say(f"ecograph workspace for {folder.root}{' (' + folder.only + ')' if folder.only else ''}")
    say(f"open: {url}")
    say("(only this computer can reach it; stop with Ctrl+C)")
    if open_browser:
        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
