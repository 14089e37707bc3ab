"""Accounts for a shared workspace: a users file, sign-in, sessions and rights per case.

A workspace reachable from other computers (``ecograph serve --host 0.0.0.0``) needs accounts:
``--users FILE`` names a users file (YAML), written by ``ecograph users``::

    ecograph-users: 1
    users:
      anna:
        password: $argon2id$v=19$m=65536,t=3,p=4$...   # a hash, never the password
        cases:
          family-a.yaml: edit
          "north-*": view          # a pattern: every case whose name starts with north-

Rights per case: ``view`` (open, analyse, try a what-if), ``edit`` (also change and record),
``admin`` (also duplicate). An account sees only the cases it has a right to; any other case
answers "no such case", as a case that does not exist does. A new case may be created under a
name the account may edit. Passwords are hashed with Argon2id (argon2-cffi); a wrong name and a
wrong password get the same answer, after the same work.

:class:`AccountGate` is the ASGI layer that signs people in and checks every request to
``/api/cases/NAME...`` by its method: reading needs ``view``, a POST needs ``edit``
(``/whatif`` and ``/routes`` only ``view``, ``/duplicate`` ``admin``). New endpoints under a
case get these rights without more code; a handler that creates a case checks
:meth:`Accounts.right` itself.
"""

from __future__ import annotations

import fnmatch
import hmac
import html
import os
import re
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ecograph.errors import InputError
from ecograph.io.atomic import atomic_write, locked
from ecograph.workspace.security import (
    ASGIApp,
    Message,
    Receive,
    Scope,
    Send,
    header_map,
    refuse,
    respond,
)

__all__ = [
    "Accounts",
    "AccountGate",
    "Right",
    "RIGHTS",
    "SESSION_COOKIE",
    "USER_KEY",
    "User",
    "UsersFile",
    "change_users",
    "hash_password",
    "read_users",
    "user_of",
]

Right = Literal["view", "edit", "admin"]
#: The rights, weakest first: each includes the ones before it.
RIGHTS: tuple[Right, ...] = ("view", "edit", "admin")
#: The cookie that carries a signed-in session.
SESSION_COOKIE = "ecograph_session"
#: Where the signed-in account's name is kept in the ASGI scope.
USER_KEY = "ecograph.user"
#: How long a session lasts without a request (seconds).
SESSION_IDLE = 8 * 3600
#: Failed sign-ins from one address before it must wait, and how long (seconds).
MAX_FAILURES, LOCKOUT = 5, 60.0
#: A user name: letters, digits and . _ - (it is written in the audit log and in observations).
USER_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class User(BaseModel):
    """One account: its password hash and its rights per case (name or pattern)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    password: str = Field(min_length=1)
    cases: dict[str, Right] = Field(default_factory=dict)


class UsersFile(BaseModel):
    """The users file: ``ecograph-users: 1`` and the accounts by name."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    format: Literal[1] = Field(1, alias="ecograph-users")
    users: dict[str, User] = Field(default_factory=dict)

    def dump(self) -> str:
        """Return the file's YAML text."""
        import yaml

        data = self.model_dump(mode="json", by_alias=True)
        head = "# ecograph users file: written by `ecograph users` (docs/workspace.md)\n"
        return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """Return the Argon2id hash of ``password`` (argon2-cffi's default parameters)."""
    return str(_hasher().hash(password))


def read_users(path: str | os.PathLike[str]) -> UsersFile:
    """Read and check a users file.

    Raises
    ------
    InputError
        The file is missing or not a users file: which field, what is expected (never a hash).
    """
    import yaml

    source = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            "no such users file",
            source=source,
            expected="a users file made with: ecograph users add NAME --users FILE",
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read the users file ({exc.strerror})", source=source) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise InputError("not valid YAML", source=source, expected="a users file") from None
    try:
        users = UsersFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        first = exc.errors(include_input=False)[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(
            str(first["msg"]),
            source=source,
            field=where or None,
            expected="ecograph-users: 1 and users: {NAME: {password: HASH, cases: {CASE: "
            "view|edit|admin}}}",
        ) from None
    for name in users.users:
        if not re.match(USER_NAME, name):
            raise InputError(
                "not a user name",
                source=source,
                field=f"users.{name[:20]}",
                expected="letters, digits and . _ - (at most 64)",
            )
    return users


def change_users(
    path: str | os.PathLike[str],
    name: str,
    *,
    password: str | None = None,
    grants: Iterable[tuple[str, Right | None]] = (),
    remove: bool = False,
) -> UsersFile:
    """Add or change account ``name`` in the users file (created if missing), under its lock.

    Parameters
    ----------
    password : str, optional
        A new password (stored as its hash).
    grants : iterable of (case pattern, right or None)
        Rights to set; None takes the right away.
    remove : bool
        Remove the account.
    """
    if not re.match(USER_NAME, name):
        raise InputError(
            "not a user name", field="NAME", expected="letters, digits and . _ - (at most 64)"
        )
    with locked(path):
        users = read_users(path) if Path(path).exists() else UsersFile()
        if remove:
            if users.users.pop(name, None) is None:
                raise InputError("no such user", field="NAME", expected="a user of the file")
        else:
            user = users.users.get(name)
            if user is None:
                if password is None:
                    raise InputError(
                        "a new user needs a password",
                        field="--password",
                        expected="a password at the prompt or in ECOGRAPH_USER_PASSWORD",
                    )
                user = User(password=hash_password(password))
            elif password is not None:
                user = user.model_copy(update={"password": hash_password(password)})
            cases = dict(user.cases)
            for pattern, right in grants:
                if right is None:
                    cases.pop(pattern, None)
                else:
                    cases[pattern] = right
            users.users[name] = user.model_copy(update={"cases": cases})
        atomic_write(path, users.dump(), lock=False)
        os.chmod(path, 0o600)
    return users


class Accounts:
    """The accounts of a users file, read again when the file changes; and their sessions.

    Parameters
    ----------
    path : path-like
        The users file (see the module's docstring).
    secure : bool
        Mark the session cookie ``Secure`` (the workspace is reached over https, through a
        proxy that adds it).
    """

    def __init__(self, path: str | os.PathLike[str], *, secure: bool = False) -> None:
        self.path = Path(path)
        self.secure = secure
        self._users = read_users(self.path)
        self._stamp = self._mtime()
        self._sessions: dict[str, tuple[str, float]] = {}
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._dummy = hash_password(secrets.token_urlsafe(12))

    def _mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    def users(self) -> UsersFile:
        """Return the accounts as the file now holds them (kept if it became unreadable)."""
        stamp = self._mtime()
        if stamp != self._stamp:
            try:
                self._users = read_users(self.path)
                self._stamp = stamp
            except InputError:
                pass  # a file being edited by hand: keep the last good one
        return self._users

    # ------------------------------------------------------------------ rights
    def right(self, user: str, case: str) -> Right | None:
        """Return ``user``'s right on case ``case``: the strongest of the grants that match it."""
        account = self.users().users.get(user)
        if account is None:
            return None
        best: Right | None = None
        for pattern, right in account.cases.items():
            if fnmatch.fnmatchcase(case, pattern):
                if best is None or RIGHTS.index(right) > RIGHTS.index(best):
                    best = right
        return best

    def may(self, user: str, case: str, need: Right) -> bool:
        """Return whether ``user`` has at least right ``need`` on case ``case``."""
        right = self.right(user, case)
        return right is not None and RIGHTS.index(right) >= RIGHTS.index(need)

    # ------------------------------------------------------------------ signing in
    def sign_in(self, name: str, password: str, client: str) -> str | None:
        """Return a new session id if ``name`` and ``password`` match, else None.

        The same work is done for an unknown name as for a wrong password (no enumeration).
        After :data:`MAX_FAILURES` failures from ``client`` it must wait :data:`LOCKOUT` s.

        Raises
        ------
        InputError
            Too many failed attempts from this address just now.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        now = time.monotonic()
        with self._lock:
            count, since = self._failures.get(client, (0, now))
            if count >= MAX_FAILURES and now - since < LOCKOUT:
                raise InputError(
                    "too many failed sign-ins from this computer",
                    expected=f"wait {int(LOCKOUT)} seconds, then try again",
                )
        account = self.users().users.get(name)
        stored = account.password if account is not None else self._dummy
        try:
            ok = bool(_hasher().verify(stored, password)) and account is not None
        except (VerificationError, InvalidHashError):
            ok = False
        with self._lock:
            if not ok:
                count, since = self._failures.get(client, (0, now))
                if now - since >= LOCKOUT:
                    count, since = 0, now
                self._failures[client] = (count + 1, since)
                return None
            self._failures.pop(client, None)
            for known, (_, seen) in list(self._sessions.items()):  # forget idle sessions
                if now - seen > SESSION_IDLE:
                    del self._sessions[known]
            sid = secrets.token_urlsafe(32)
            self._sessions[sid] = (name, now)
            return sid

    def session_user(self, sid: str | None) -> str | None:
        """Return the account of session ``sid`` (and keep it alive), or None."""
        if not sid:
            return None
        now = time.monotonic()
        with self._lock:
            found = None
            for known, (user, seen) in self._sessions.items():
                if hmac.compare_digest(known.encode(), sid.encode()):
                    found = (known, user, seen)
            if found is None:
                return None
            known, user, seen = found
            if now - seen > SESSION_IDLE or user not in self.users().users:
                del self._sessions[known]
                return None
            self._sessions[known] = (user, now)
            return user

    def sign_out(self, sid: str | None) -> None:
        """End session ``sid``."""
        with self._lock:
            if sid:
                self._sessions.pop(sid, None)


def user_of(scope: Scope) -> str | None:
    """Return the signed-in account of a request's scope (None in the loopback token mode)."""
    user = scope.get(USER_KEY)
    return user if isinstance(user, str) else None


@dataclass(frozen=True)
class _Need:
    case: str
    right: Right


def _need(method: str, path: str) -> _Need | None:
    """Return the case and right a request to ``path`` needs (None: not a request on a case)."""
    if not path.startswith("/api/cases/"):
        return None
    rest = path[len("/api/cases/") :]
    name, _, tail = rest.partition("/")  # the ASGI path is decoded already: decode no more
    if method in ("GET", "HEAD") or tail in ("whatif", "routes"):
        return _Need(name, "view")
    return _Need(name, "admin" if tail == "duplicate" else "edit")


def _cookie(headers: dict[str, str], key: str) -> str | None:
    from http.cookies import SimpleCookie

    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header: no session
        return None
    morsel = jar.get(key)
    return str(morsel.value) if morsel is not None else None


#: The sign-in page. Its referrer policy is ``same-origin`` (the page's own; every other answer
#: says ``no-referrer``): with ``no-referrer`` a browser sends ``Origin: null`` with the form,
#: which :class:`~ecograph.workspace.security.Guard` refuses as it would another site's. Its
#: address carries nothing secret.
_LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="same-origin">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in - ecograph workspace</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/workspace.css"></head>
<body class="login"><main class="login-box"><h1>ecograph workspace</h1>
<form method="post" action="/login">
<p><label>Name <input id="login-name" name="name" autocomplete="username" required
 autofocus></label></p>
<p><label>Password <input id="login-password" name="password" type="password"
 autocomplete="current-password" required></label></p>
<p role="alert" id="login-message">{message}</p>
<p><button id="login-submit" type="submit">Sign in</button></p>
</form></main></body></html>
"""


class AccountGate:
    """ASGI layer: sign people in, keep their session, check their right on each case.

    Parameters
    ----------
    app : ASGI application
        The workspace.
    accounts : Accounts
        The users file and the sessions.
    """

    def __init__(self, app: ASGIApp, accounts: Accounts) -> None:
        self.app = app
        self.accounts = accounts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request: the sign-in page, a refusal, or the workspace as the account."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = header_map(scope)
        path, method = scope["path"], scope["method"]
        sid = _cookie(headers, SESSION_COOKIE)
        if path == "/login":
            if method == "POST":
                await self._sign_in(scope, receive, send)
            else:
                await self._page(send, 200, "")
            return
        if path == "/logout" and method == "POST":
            self.accounts.sign_out(sid)
            await _redirect(send, "/login", self._cookie_header("", 0))
            return
        if path == "/assets/workspace.css":  # the sign-in page's style: no case data
            await self.app(scope, receive, send)
            return
        user = self.accounts.session_user(sid)
        if user is None:
            if method == "GET" and path == "/":
                await _redirect(send, "/login")
            else:
                await refuse(send, 401, "sign in first: open the workspace's address")
            return
        need = _need(method, path)
        if need is not None:
            right = self.accounts.right(user, need.case)
            if right is None:  # as a case that does not exist: no enumeration
                await refuse(send, 404, "no such case in this workspace")
                return
            if RIGHTS.index(right) < RIGHTS.index(need.right):
                await refuse(
                    send,
                    403,
                    f"your account may {right} this case, not {_VERB[need.right]}; nothing "
                    "was changed (ask the workspace's administrator for more rights)",
                )
                return
        await self.app({**scope, USER_KEY: user}, receive, send)

    def _cookie_header(self, value: str, max_age: int | None = None) -> tuple[bytes, bytes]:
        parts = [f"{SESSION_COOKIE}={value}", "HttpOnly", "SameSite=Strict", "Path=/"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if self.accounts.secure:
            parts.append("Secure")
        return b"set-cookie", "; ".join(parts).encode()

    async def _page(self, send: Send, status: int, message: str) -> None:
        body = _LOGIN_PAGE.replace("{message}", html.escape(message)).encode()
        await respond(send, status, body, "text/html; charset=utf-8")

    async def _sign_in(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = b""
        more = True
        while more:
            message: Message = await receive()
            raw += message.get("body", b"")
            more = bool(message.get("more_body")) and len(raw) <= 10_000
        form = parse_qs(raw[:10_000].decode("utf-8", "replace"))
        name = (form.get("name") or [""])[0].strip()
        password = (form.get("password") or [""])[0]
        client = (scope.get("client") or ("?", 0))[0]
        from starlette.concurrency import run_in_threadpool

        try:
            sid = await run_in_threadpool(self.accounts.sign_in, name, password, client)
        except InputError as exc:
            await self._page(send, 429, f"{exc.problem.message}: {exc.expected}")
            return
        if sid is None:
            await self._page(send, 401, "wrong name or password")
            return
        await _redirect(send, "/", self._cookie_header(sid))


_VERB: dict[Right, str] = {"view": "view it", "edit": "change it", "admin": "duplicate it"}


async def _redirect(send: Send, where: str, *headers: tuple[bytes, bytes]) -> None:
    await respond(send, 303, b"", "text/plain", [(b"location", quote(where).encode()), *headers])
