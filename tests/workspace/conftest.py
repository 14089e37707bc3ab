"""A real `ecograph serve` process on a free port, for the tests that need one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


@contextmanager
def served(where: Path | None, *options: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `ecograph serve [WHERE] --port 0 [OPTIONS]`; yield the URL it prints.

    ``env`` adds variables to the server's environment (e.g. the Neo4j credentials).
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "ecograph", "serve", *([str(where)] if where else []), "--port", "0"]
        + list(options),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    try:
        assert proc.stdout is not None
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"ecograph serve stopped: exit {proc.poll()}")
            m = re.search(r"open: (http://\S+)", line)
            url = m.group(1) if m else None
        assert url, "no URL printed"
        while time.monotonic() < deadline:  # poll until it answers
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def fuzz_client(root: Path, token: str = "fuzz-token") -> Any:
    """Return a test client of a workspace on ``root`` that answers 500s instead of raising."""
    from starlette.testclient import TestClient

    from ecograph.workspace import CaseFolder, create_app

    c = TestClient(
        create_app(CaseFolder(root), token=token),
        base_url="http://127.0.0.1:8765",
        raise_server_exceptions=False,
    )
    c.headers["X-Ecograph-Token"] = token
    return c
