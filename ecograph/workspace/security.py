"""Who may talk to a workspace: this machine, with the launch token, from its own pages.

Every request must

* name a loopback host (``127.0.0.1``, ``localhost``, ``[::1]``) in its ``Host`` header, so a
  web page that rebinds its own domain name to 127.0.0.1 (DNS rebinding) is refused;
* come from the workspace's own origin when the browser says where it comes from (``Origin``,
  or ``Sec-Fetch-Site: cross-site``), so another web site cannot make the browser send
  requests to it;
* carry the random token printed at launch: in the URL (``?token=...``, first visit), then in
  a cookie (``HttpOnly``, ``SameSite=Strict``) or an ``X-Ecograph-Token`` header.

Every answer carries a Content-Security-Policy that lets the page load and connect to nothing
but the workspace itself (no CDN, no web fonts), and is never cached; the token never leaves in
a ``Referer``.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "Guard",
    "header_map",
    "new_token",
    "refuse",
    "respond",
    "CSP",
    "LOOPBACK_HOSTS",
    "TOKEN_COOKIE",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Host names a local workspace answers to.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: The cookie that carries the token after the first visit.
TOKEN_COOKIE = "ecograph_token"
#: The one inline style the page needs: the stylesheet Cytoscape.js 3.34.4 adds to the page
#: (its hash; update it with the vendored Cytoscape -- the browser test fails otherwise).
CYTOSCAPE_STYLE = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='"
#: The page may load and connect to the workspace only.
CSP = (
    "default-src 'none'; script-src 'self'; "
    f"style-src 'self' {CYTOSCAPE_STYLE}; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"DENY"),
]


def header_map(scope: Scope) -> dict[str, str]:
    """Return a request's headers by lower-case name (the last one of a repeated name)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def new_token() -> str:
    """Return a new random token (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)


def _host_name(host: str) -> str:
    """Return the host name of a ``Host`` header or an origin's netloc (no port, no brackets)."""
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """ASGI middleware: refuse requests from elsewhere, add the security headers.

    Parameters
    ----------
    app : ASGI application
        The workspace.
    token : str or None
        The launch token; None when ``app`` signs people in itself
        (:class:`~ecograph.workspace.accounts.AccountGate`).
    hosts : frozenset of str or None
        Host names accepted in ``Host`` (loopback by default); None accepts any (a shared
        workspace with accounts: no request is answered without a session, and the session
        cookie is never sent from another site).
    folder : object, optional
        What the application serves (kept for the caller).
    """

    def __init__(
        self,
        app: ASGIApp,
        token: str | None,
        hosts: frozenset[str] | None = LOOPBACK_HOSTS,
        folder: Any = None,
    ) -> None:
        self.app = app
        self.token = token
        self.hosts = hosts
        self.folder = folder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI connection: refuse it, or pass it on with the security headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = header_map(scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refuse(send, *refusal, outermost=True)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        set_cookie = self.token is not None and bool(query.get("token"))

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(_HEADERS)
                if set_cookie:
                    extra.append(
                        (
                            b"set-cookie",
                            f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; "
                            "Path=/".encode(),
                        )
                    )
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_secure)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = _host_name(headers.get("host", ""))
        if self.hosts is not None and host not in self.hosts:
            return 421, "this workspace answers only to its own address (e.g. 127.0.0.1)"
        origin = headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or parts.netloc != headers.get("host"):
                return 403, "requests from other web sites are refused"
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "requests from other web sites are refused"
        if self.token is None:  # accounts: the gate inside checks the session
            return None
        given = self._token_of(scope, headers)
        if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
            return 401, (
                "open the workspace with the address printed when `ecograph serve` started "
                "(it carries the access token)"
            )
        return None

    @staticmethod
    def _token_of(scope: Scope, headers: dict[str, str]) -> str | None:
        raw: bytes = scope.get("query_string", b"")
        query = parse_qs(raw.decode("latin-1"))
        if query.get("token"):
            return query["token"][0]
        if headers.get("x-ecograph-token"):
            return headers["x-ecograph-token"]
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header: no token
            return None
        morsel = cookie.get(TOKEN_COOKIE)
        return str(morsel.value) if morsel is not None else None


async def respond(
    send: Send,
    status: int,
    body: bytes,
    content_type: str,
    headers: list[tuple[bytes, bytes]] | tuple[()] = (),
) -> None:
    """Send a whole answer: the status, its type and length, ``headers``, then the body."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def refuse(send: Send, status: int, message: str, *, outermost: bool = False) -> None:
    """Answer ``{"error": {"message": ...}}`` with ``status``.

    ``outermost``: the answer does not pass through :class:`Guard` (it is Guard's own), so
    the security headers are added here.
    """
    body = json.dumps({"error": {"message": message}}).encode()
    await respond(send, status, body, "application/json", _HEADERS if outermost else ())
