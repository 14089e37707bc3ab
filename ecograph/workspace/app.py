"""The workspace's web application: the page, its assets and the JSON API (Starlette).

Endpoints (every one behind :class:`ecograph.workspace.security.Guard`):

=======  =====================================  ==============================================
GET      ``/``                                  the page
GET      ``/assets/{name}``                     its script, style and the vendored Cytoscape.js
GET      ``/api/cases``                         the cases of the folder
POST     ``/api/cases``                         create one: ``{name, template: blank|starter}``
POST     ``/api/cases/{name}/duplicate``        copy it: ``{name}``
GET      ``/api/cases/{name}?as_of=``           its version, case and map (regions, positions)
POST     ``/api/cases/{name}/edits``            ``{version, edits: [...]}``: change it
GET      ``/api/cases/{name}/analysis?as_of=``  the analysis (as ``ecograph analyze --json``)
                                                and the early warnings
POST     ``/api/cases/{name}/undo`` (``/redo``)  ``{version}``: undo (redo) the last edit
POST     ``/api/cases/{name}/whatif?as_of=``    ``{interventions}``: before/after pair by pair
                                                (as ``ecograph whatif --json``) and the edits
                                                that keep the change
POST     ``/api/cases/{name}/routes``           ``{actors, lines}``: lines routed around the
                                                actors where the page drew them
                                                (:mod:`ecograph.workspace.routing`)
=======  =====================================  ==============================================

Import, export, redacted copies and the PNG and PDF downloads are listed in
:mod:`ecograph.workspace.exports`; a new case whose name is taken is refused (409) until the
request says ``replace``.

Errors are JSON ``{"error": {"message", "problems": [...]}}``: the problems of a bad edit are
those ``ecograph validate`` prints for the file it would make (422), a stale version is 409,
an unknown case 404; anything unexpected is a 500 that says nothing about the case.

With accounts (:mod:`ecograph.workspace.accounts`) an account lists and opens only its own
cases, a viewer's edit is 403, and every saved change goes to the audit log
(:mod:`ecograph.workspace.audit`) with the account's name, which also fills the "recorded by"
of an encounter recorded in the page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ecograph.errors import (
    CaseFileError,
    EcographError,
    InputError,
    NotFoundError,
    Problem,
    StoreError,
)
from ecograph.io.atomic import FileLockedError
from ecograph.io.edit import Edit, RecordObservation, StaleVersionError, parse_edits
from ecograph.workspace.accounts import AccountGate, Accounts, user_of
from ecograph.workspace.audit import AuditEntry, AuditLog, StoreAudit, changes_of
from ecograph.workspace.cache import ViewCache
from ecograph.workspace.exports import CaseExistsError
from ecograph.workspace.exports import routes as export_routes
from ecograph.workspace.requests import MAX_BODY
from ecograph.workspace.requests import as_of_date as _as_of
from ecograph.workspace.requests import need as _field
from ecograph.workspace.requests import read_json as _body
from ecograph.workspace.routing import routes as routing_routes
from ecograph.workspace.security import Guard, new_token
from ecograph.workspace.source import CaseSource
from ecograph.workspace.store_cases import StoreCases
from ecograph.workspace.view import analysis_json, analysis_key, map_view, whatif_view

__all__ = ["create_app", "MAX_BODY", "palette_css"]

log = logging.getLogger("ecograph.workspace")

_ASSETS = {
    "workspace.js": ("ecograph.workspace", "text/javascript; charset=utf-8"),
    "workspace.css": ("ecograph.workspace", "text/css; charset=utf-8"),
    "present.js": ("ecograph.workspace", "text/javascript; charset=utf-8"),
    "labels.js": ("ecograph.workspace", "text/javascript; charset=utf-8"),
    "present.css": ("ecograph.workspace", "text/css; charset=utf-8"),
    "cases-io.js": ("ecograph.workspace", "text/javascript; charset=utf-8"),
    "agreements.js": ("ecograph.workspace", "text/javascript; charset=utf-8"),
    "cytoscape.min.js": ("ecograph.plot", "text/javascript; charset=utf-8"),
}


def _asset(package: str, name: str) -> bytes:
    return (resources.files(package) / "assets" / name).read_bytes()


def palette_css() -> str:
    """Return the relationship colours of the figures and the map as CSS variables.

    The workspace's legend and labels use them, so every view shares one palette
    (:data:`ecograph.plot.palette.RELATION_COLOURS`); ``--present-text`` is present mode's
    smallest type, the projector style's (:data:`ecograph.plot._common.STYLES`).

    Examples
    --------
    >>> "--conflict: #8C2D04;" in palette_css()
    True
    """
    from ecograph.plot._common import get_style
    from ecograph.plot.palette import RELATION_COLOURS

    rows = "".join(f"  --{kind}: {colour};\n" for kind, colour in RELATION_COLOURS.items())
    # present mode's smallest type: the projector style's share of the screen height
    rows += f"  --present-text: {100 * get_style('projector').min_text:g}vh;\n"
    return ":root {\n" + rows + "}\n"


def _problem_json(p: Problem) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(p).items() if v is not None}


def _error(status: int, message: str, problems: list[Problem] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"message": message}
    if problems:
        body["problems"] = [_problem_json(p) for p in problems]
        body["text"] = "\n".join(p.render() for p in problems)
    return JSONResponse({"error": body}, status_code=status)


def _recorded_by(edits: list[Edit], user: str | None) -> list[Edit]:
    """Return ``edits`` with the account as "recorded by" of every encounter recorded."""
    if user is None:
        return edits
    return [
        e.model_copy(update={"observation": {**e.observation, "recorded_by": user}})
        if isinstance(e, RecordObservation)
        else e
        for e in edits
    ]


def create_app(
    folder: CaseSource,
    token: str | None = None,
    *,
    accounts: Accounts | None = None,
    audit: AuditLog | None = None,
) -> Guard:
    """Return the workspace application for ``folder``, guarded by ``token`` or by accounts.

    Parameters
    ----------
    folder : CaseSource
        The cases it serves: a :class:`~ecograph.workspace.folder.CaseFolder` or a
        :class:`~ecograph.workspace.store_cases.StoreCases`.
    token : str, optional
        The access token (a new random one by default; read it from ``app.token``). Not used
        with ``accounts``.
    accounts : Accounts, optional
        Sign in with accounts, and give each its rights per case, instead of the token (a
        shared workspace); any ``Host`` is then answered.
    audit : AuditLog, optional
        Where every saved change is logged.

    Returns
    -------
    ASGI application
        With ``token`` and ``folder`` attributes.
    """
    views = ViewCache()  # the map and the analysis of each version, made once

    def logged(request: Request, name: str, action: str, version: str, edits: Any = ()) -> None:
        if audit is None:
            return
        who = user_of(request.scope) or "local"
        try:
            audit.write(AuditEntry(who, name, action, version, changes_of(edits)))
        except Exception as exc:  # the change is saved: say so, and log that the entry is not
            log.error("the audit log could not be written (%s)", type(exc).__name__)

    def changing(request: Request, new_as: str = "import") -> tuple[CaseSource, bool]:
        """Return the cases to change for ``request``, and whether they log the change themselves.

        A Neo4j store with its audit log in the same database writes the entry in the change's
        own transaction (both or neither); otherwise :func:`logged` writes it after the change.
        """
        if isinstance(folder, StoreCases) and isinstance(audit, StoreAudit):
            if audit.store is folder.store:
                return folder.audited(audit, user_of(request.scope) or "local", new_as), True
        return folder, False

    def may_create(request: Request, name: str) -> None:
        user = user_of(request.scope)
        if accounts is not None and (user is None or not accounts.may(user, name, "edit")):
            raise InputError(
                "your account may not create a case with this name",
                field="name",
                expected="a name your account may edit (ask the workspace's administrator)",
            )

    async def page(request: Request) -> Response:
        return Response(_asset("ecograph.workspace", "index.html"), media_type="text/html")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "palette.css":
            return Response(palette_css(), media_type="text/css; charset=utf-8")
        if name not in _ASSETS:
            raise NotFoundError("no such file")
        package, media = _ASSETS[name]
        return Response(_asset(package, name), media_type=media)

    async def list_cases(request: Request) -> Response:
        entries = await run_in_threadpool(folder.entries)
        user = user_of(request.scope)
        if accounts is not None:
            entries = [e for e in entries if user and accounts.may(user, e.name, "view")]
        return JSONResponse(
            {
                "cases": [e.to_json() for e in entries],
                "single": folder.only is not None,
                "user": user,
            }
        )

    async def create_case(request: Request) -> Response:
        data = await _body(request)
        name = _field(data, "name", str, "a file name such as family.yaml")
        template = data.get("template", "blank")
        if template not in ("blank", "starter"):
            raise InputError(
                f"{str(template)[:40]!r} is not a template",
                field="template",
                expected="blank or starter",
            )
        title = data.get("title")
        if title is not None and not isinstance(title, str):
            raise InputError("the title is not text", field="title", expected="text")
        name = folder.case_name(name)
        may_create(request, name)
        source, itself = changing(request)
        await run_in_threadpool(source.create, name, template, title or None)
        if not itself:
            version, _ = await run_in_threadpool(folder.read, name)
            logged(request, name, "create", version)
        return JSONResponse({"name": name}, status_code=201)

    async def duplicate_case(request: Request) -> Response:
        data = await _body(request)
        new = folder.case_name(_field(data, "name", str, "a file name such as family-copy.yaml"))
        may_create(request, new)
        source, itself = changing(request)
        await run_in_threadpool(source.duplicate, request.path_params["name"], new)
        if not itself:
            version, _ = await run_in_threadpool(folder.read, new)
            logged(request, new, "duplicate", version)
        return JSONResponse({"name": new}, status_code=201)

    def _view(name: str, as_of: dt.date | None) -> dict[str, Any]:
        version, case = folder.read(name)
        return _answer(name, version, case, as_of)

    async def get_case(request: Request) -> Response:
        as_of = _as_of(request)
        return JSONResponse(await run_in_threadpool(_view, request.path_params["name"], as_of))

    async def edit_case(request: Request) -> Response:
        name = request.path_params["name"]
        as_of = _as_of(request)
        data = await _body(request)
        version = _field(data, "version", str, "the version the edit is based on")
        edits = parse_edits(data.get("edits"), source="request")
        edits = _recorded_by(edits, user_of(request.scope))

        source, itself = changing(request)

        def run() -> tuple[dict[str, Any], Any]:
            done = source.edit(name, edits, version)
            if done.version != version and not itself:
                logged(request, name, "edit", done.version, edits)
            return _answer(name, done.version, done.case, as_of), done

        answer, done = await run_in_threadpool(run)
        # the page asks for the analysis next: it is made while the page draws the map
        later = BackgroundTask(_warm, name, done.version, done.case, as_of)
        return JSONResponse(answer, background=later)

    def _warm(name: str, version: str, case: Any, as_of: dt.date | None) -> None:
        try:
            _analysis_text(name, version, case, as_of)
        except Exception as exc:  # the page's own request for it reports the error
            log.warning("the analysis made ahead failed (%s)", type(exc).__name__)

    def _analysis_text(name: str, version: str, case: Any, as_of: dt.date | None) -> str:
        """Return the analysis of the case's ``version`` as JSON text, made once.

        Made once per version and date, and once per content: versions that differ only in
        what the analysis does not read (where actors are drawn, comments) share it.
        """
        # without a date the warnings are read on today's date when nothing is dated
        day = (as_of, None if as_of else dt.date.today())
        return views.get(  # type: ignore[no-any-return]
            ("analysis", name, version, *day),
            lambda: views.get(
                ("analysis of", analysis_key(case), *day), lambda: analysis_json(case, as_of)
            ),
        )

    def _answer(name: str, version: str, case: Any, as_of: dt.date | None) -> dict[str, Any]:
        can_undo, can_redo = folder.can_undo(name)
        return {
            "name": name,
            "version": version,
            "can_undo": can_undo,
            "can_redo": can_redo,
            **views.get(("map", name, version, as_of), lambda: map_view(case, as_of)),
        }

    async def undo_case(request: Request) -> Response:
        name = request.path_params["name"]
        as_of = _as_of(request)
        data = await _body(request)
        version = _field(data, "version", str, "the version the undo is based on")
        redo = request.url.path.endswith("/redo")

        source, itself = changing(request)

        def run() -> dict[str, Any]:
            done = source.undo(name, version, redo=redo)
            if not itself:
                logged(request, name, "redo" if redo else "undo", done.version)
            return _answer(name, done.version, done.case, as_of)

        return JSONResponse(await run_in_threadpool(run))

    async def analysis(request: Request) -> Response:
        name = request.path_params["name"]
        as_of = _as_of(request)

        def run() -> str:
            version, case = folder.read(name)
            text = _analysis_text(name, version, case, as_of)
            # the analysis's JSON text as made once, after the case's name and version
            return '{"name":' + dumps(name) + ',"version":' + dumps(version) + "," + text[1:]

        body = await run_in_threadpool(run)
        # a case file's editable document is parsed after the page has its analysis
        prepare = getattr(folder, "prepare", None)
        later = BackgroundTask(prepare, name) if prepare is not None else None
        return Response(body, media_type="application/json", background=later)

    async def whatif(request: Request) -> Response:
        name = request.path_params["name"]
        as_of = _as_of(request)
        data = await _body(request)
        interventions = _field(data, "interventions", list, "a list of interventions")

        def run() -> dict[str, Any]:
            version, case = folder.read(name)
            return {"name": name, "version": version, **whatif_view(case, interventions, as_of)}

        return JSONResponse(await run_in_threadpool(run))

    routes = [
        Route("/", page),
        Route("/assets/{name}", asset),
        Route("/api/cases", list_cases, methods=["GET"]),
        Route("/api/cases", create_case, methods=["POST"]),
        Route("/api/cases/{name}/duplicate", duplicate_case, methods=["POST"]),
        Route("/api/cases/{name}", get_case, methods=["GET"]),
        Route("/api/cases/{name}/edits", edit_case, methods=["POST"]),
        Route("/api/cases/{name}/analysis", analysis, methods=["GET"]),
        Route("/api/cases/{name}/whatif", whatif, methods=["POST"]),
        Route("/api/cases/{name}/undo", undo_case, methods=["POST"]),
        Route("/api/cases/{name}/redo", undo_case, methods=["POST"]),
        *export_routes(folder, may_create=may_create, logged=logged, changing=changing),
        *routing_routes(),
    ]
    inner = Starlette(
        routes=routes,
        exception_handlers={
            EcographError: _handle,
            Exception: _handle,
            404: _not_found,
            405: _not_allowed,
        },
    )
    if accounts is not None:
        return Guard(AccountGate(inner, accounts), None, hosts=None, folder=folder)
    return Guard(inner, token or new_token(), folder=folder)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(404, "no such page")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return _error(405, "this address does not take that method")


async def _handle(request: Request, exc: Exception) -> Response:
    """Turn ecograph's errors into clear JSON answers; anything else into a bare 500."""
    if isinstance(exc, StaleVersionError):
        return _error(409, str(exc).split(": ", 1)[1] if ": " in str(exc) else str(exc))
    if isinstance(exc, NotFoundError):
        return _error(404, str(exc))
    if isinstance(exc, CaseExistsError):  # the page asks, then sends "replace"
        return _error(409, "a case with this name exists already", exc.problems)
    if isinstance(exc, StoreError):
        log.error("the store failed: %s", type(exc).__name__)
        return _error(503, f"{exc}; nothing was changed -- try again in a moment")
    if isinstance(exc, FileLockedError):
        return _error(503, "another program is writing this case; try again in a moment")
    if isinstance(exc, InputError):
        problems = exc.problems
        head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found"
        return _error(422 if isinstance(exc, CaseFileError) else 400, head, problems)
    if isinstance(exc, EcographError):
        return _error(400, str(exc))
    # no case data in logs or answers: the kind of error only
    log.error("internal error in the workspace: %s", type(exc).__name__)
    return _error(500, "internal error: the change was not saved; reload the case")


def dumps(data: Any) -> str:
    """Return ``data`` as compact JSON (what the API sends)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
