"""What goes in and out of the workspace's cases: import CSV, export, redacted copies, pictures.

Every download is made on the server by the code the command line uses:

* exports by :func:`ecograph.io.export.export_files` (the table of ``ecograph export --to``);
  CSV's five tables come as one ZIP file;
* the current view as PNG by :func:`ecograph.plot.plot_ecosystem` on the date on screen;
* the one-page case-conference summary (PDF) by :func:`ecograph.plot.conference.plot_conference`.

New cases -- an imported CSV set (:func:`ecograph.io.csvfiles.loads_csv`, the same checks and
messages as ``ecograph import``, located by file and line) or a redacted copy
(:func:`ecograph.io.redact.redact_case`, as ``ecograph redact``) -- are written atomically into
the folder. A name that is already taken is refused with :class:`CaseExistsError` unless the
request says ``replace`` (the page asks first).

Endpoints (added to the app by :func:`routes`):

=======  ==========================================  =======================================
GET      ``/api/export-formats``                     the formats, as ``ecograph export`` has
GET      ``/api/cases/{name}/export?to=``            the case as a download
POST     ``/api/cases/{name}/redact``                ``{name, key?, shift_days?,
                                                     keep_attributes?, replace?}``
POST     ``/api/import``                             ``{name, id, title, files: {actors:
                                                     {filename, data (base64)}, ...},
                                                     replace?}``
GET      ``/api/cases/{name}/figure.png?as_of=``     the map on that date
GET      ``/api/cases/{name}/summary.pdf?as_of=``    the one-page summary on that date
=======  ==========================================  =======================================
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import re
import threading
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ecograph.errors import InputError
from ecograph.graph import EcoGraph
from ecograph.io.export import EXPORT_FORMATS, ExportFormat, export_files, export_notes
from ecograph.model import Case
from ecograph.workspace.folder import CaseExistsError
from ecograph.workspace.requests import MAX_UPLOAD, as_of_date, need, read_json
from ecograph.workspace.source import CaseSource

__all__ = [
    "CaseExistsError",
    "Download",
    "IMPORT_FILES",
    "export_download",
    "figure_png",
    "import_csv",
    "redact_copy",
    "routes",
    "summary_pdf",
    "write_case",
    "TakesNewCases",
]

#: The files of a CSV import, by the key the request gives them, in ``ecograph import``'s
#: order (actors and relationships are required), with their usual names.
IMPORT_FILES = {
    "actors": "actors.csv",
    "relationships": "relationships.csv",
    "history": "relationship-history.csv",
    "goals": "goals.csv",
    "agreements": "agreements.csv",
}
#: Resolution of the PNG of the map.
PNG_DPI = 150

# Matplotlib's text layout is not made for threads: one picture at a time.
_DRAWING = threading.Lock()


@dataclass(frozen=True)
class Download:
    """A file for the browser to save.

    Attributes
    ----------
    filename : str
        The name it is offered under.
    media_type : str
        Its media type.
    body : bytes
        Its content.
    notes : list of str
        What the user should know (e.g. what CSV does not carry).
    """

    filename: str
    media_type: str
    body: bytes
    notes: list[str] = field(default_factory=list)

    def response(self) -> Response:
        """Return it as an attachment (notes in the ``X-Ecograph-Notes`` header, as JSON)."""
        import json

        headers = {"Content-Disposition": f'attachment; filename="{self.filename}"'}
        if self.notes:
            headers["X-Ecograph-Notes"] = json.dumps(self.notes)
        return Response(self.body, media_type=self.media_type, headers=headers)


def _stem(case: Case) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", case.id).strip("-.") or "case"


def export_download(case: Case, fmt: ExportFormat | str) -> Download:
    """Return ``case`` exported as ``fmt``, as ``ecograph export --to fmt`` writes it.

    CSV's five tables come as one ZIP file holding a folder named after the case.
    """
    files = export_files(case, fmt)
    notes = export_notes(case, fmt)
    kind = ExportFormat(fmt)
    stem = _stem(case)
    if kind is ExportFormat.CSV:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                z.writestr(f"{stem}/{name}", text)
        return Download(f"{stem}-csv.zip", "application/zip", buf.getvalue(), notes)
    ((_, text),) = files.items()
    spec = EXPORT_FORMATS[kind]
    return Download(stem + spec.suffix, spec.media_type, text.encode("utf-8"), notes)


@runtime_checkable
class TakesNewCases(Protocol):
    """A case source that can take a whole new case (a folder, a store)."""

    def put_new(self, name: str, case: Case, *, replace: bool = False) -> str:
        """Store ``case`` as the new case ``name`` (refuse a taken name unless ``replace``)."""
        ...


def write_case(folder: CaseSource, name: str, case: Case, *, replace: bool = False) -> str:
    """Add ``case`` to ``folder`` as ``name``, all or nothing; return the name it got.

    Raises
    ------
    CaseExistsError
        If ``name`` is taken and ``replace`` is not given.
    InputError
        If ``name`` is not a case name, or the source takes no new cases.
    """
    if not isinstance(folder, TakesNewCases):
        raise InputError(
            "this workspace cannot add a case from an import or a redaction",
            expected="a folder of case files or a database",
        )
    return folder.put_new(name, case, replace=replace)


def _upload(files: Any) -> dict[str, tuple[str, bytes]]:
    if not isinstance(files, dict):
        raise InputError(
            "'files' is missing or not an object",
            field="files",
            expected="the CSV files by kind: actors, relationships, ...",
        )
    out: dict[str, tuple[str, bytes]] = {}
    for key, item in files.items():
        if key not in IMPORT_FILES:
            raise InputError(
                f"{str(key)[:40]!r} is not a file of a CSV import",
                field="files",
                expected=", ".join(IMPORT_FILES),
            )
        if item is None:
            continue
        if not isinstance(item, dict) or not isinstance(item.get("data"), str):
            raise InputError(
                f"the {key} file is not an upload",
                field=f"files.{key}",
                expected="{filename, data}: the file's bytes in base64",
            )
        raw_name = item.get("filename")
        shown = IMPORT_FILES[key]
        if isinstance(raw_name, str) and raw_name.strip():
            # the name the user chose, without any folder part, for the messages only
            shown = re.sub(r"[^\w .()+-]", "_", raw_name.replace("\\", "/").rsplit("/", 1)[-1])
            shown = shown.strip()[:80] or IMPORT_FILES[key]
        try:
            data = base64.b64decode(item["data"], validate=True)
        except (binascii.Error, ValueError):
            raise InputError(
                "the upload is damaged (not base64)", source=shown, field=f"files.{key}"
            ) from None
        out[key] = (shown, data)
    for key in ("actors", "relationships"):
        if key not in out:
            raise InputError(
                f"CSV import needs the {key} file",
                field=f"files.{key}",
                expected=f"{IMPORT_FILES[key]} (as `ecograph import ACTORS.csv RELATIONSHIPS.csv`)",
            )
    return out


def import_csv(
    folder: CaseSource,
    name: str,
    files: Mapping[str, tuple[str, bytes]],
    *,
    case_id: str,
    title: str,
    replace: bool = False,
) -> tuple[str, Case]:
    """Build case ``name`` from uploaded CSV files, as ``ecograph import`` does.

    Parameters
    ----------
    folder : CaseSource
        Where the new case is written.
    name : str
        Its file name (.yaml, .yml or .json).
    files : mapping
        By key of :data:`IMPORT_FILES`: the file's name (for messages) and its bytes.
    case_id, title : str
        The new case's id and title (CSV does not carry them).
    replace : bool
        Replace an existing case of that name (the page asks first).

    Returns
    -------
    (str, Case)
        The name the new case got, and the case.

    Raises
    ------
    CaseFileError
        Every problem of the files, located by file, line and column (as the command line).
    """
    from ecograph.io.csvfiles import decode_csv, loads_csv

    texts = {key: decode_csv(data, shown) for key, (shown, data) in files.items()}
    sources = [files[k][0] if k in files else IMPORT_FILES[k] for k in IMPORT_FILES]
    case = loads_csv(
        texts["actors"],
        texts["relationships"],
        texts.get("history"),
        goals=texts.get("goals"),
        agreements=texts.get("agreements"),
        case_id=case_id,
        title=title,
        sources=sources,
    )
    return write_case(folder, name, case, replace=replace), case


def redact_copy(
    folder: CaseSource,
    name: str,
    new_name: str,
    *,
    key: str | None = None,
    shift_days: int = 0,
    keep_attributes: list[str] | None = None,
    replace: bool = False,
) -> tuple[str, Case, list[str]]:
    """Write a redacted copy of case ``name`` as ``new_name``, as ``ecograph redact`` does.

    Actors are named by their role (``Social worker``, ``Client family``, ``Family member 2``),
    ids become keyed pseudonyms, notes and free text go (:func:`ecograph.io.redact.redact_case`).

    Parameters
    ----------
    key : str, optional
        The pseudonym key (at least 16 characters; the same key gives the same pseudonyms in
        every copy). Without one a one-time random key is used. Never stored or echoed.
    shift_days : int
        Days added to every date.
    keep_attributes : list of str, optional
        Free attributes to keep (made safe); every other one is dropped.

    Returns
    -------
    (str, Case, list of str)
        The name the copy got, the redacted case and notes for the user.
    """
    import secrets

    from ecograph.io.redact import check_key, redact_case

    if key:
        secret = check_key(key.encode("utf-8"), "the key field", field="key")
        notes: list[str] = []
    else:
        secret = secrets.token_bytes(32)
        notes = [
            "no key given, so a one-time random key was used: pseudonyms will not match "
            "other redactions (give a key for stable ones)"
        ]
    _, case = folder.read(name)
    out = redact_case(
        case, key=secret, shift_days=shift_days, keep_attributes=keep_attributes or []
    )
    return write_case(folder, new_name, out, replace=replace), out, notes


def figure_png(case: Case, as_of: dt.date | None = None) -> Download:
    """Return the map of ``case`` on ``as_of`` as a PNG (the figure ``ecograph plot`` draws)."""
    from ecograph.plot import figure_bytes, plot_ecosystem

    with _DRAWING:
        fig = plot_ecosystem(EcoGraph.from_case(case), as_of=as_of)
        body = figure_bytes(fig, "png", dpi=PNG_DPI)
    day = f"-{as_of.isoformat()}" if as_of else ""
    return Download(f"{_stem(case)}-map{day}.png", "image/png", body)


def summary_pdf(case: Case, as_of: dt.date | None = None) -> Download:
    """Return the one-page case-conference summary of ``case`` on ``as_of`` as a PDF."""
    from ecograph.plot import figure_bytes
    from ecograph.plot.conference import plot_conference

    with _DRAWING:
        fig = plot_conference(EcoGraph.from_case(case), as_of=as_of)
        body = figure_bytes(fig, "pdf")
    day = f"-{as_of.isoformat()}" if as_of else ""
    return Download(f"{_stem(case)}-summary{day}.pdf", "application/pdf", body)


def _flag(data: Any, key: str) -> bool:
    value = data.get(key, False) if isinstance(data, dict) else False
    if not isinstance(value, bool):
        raise InputError(f"{key!r} is not true or false", field=key, expected="true or false")
    return value


def _text(data: Any, key: str, what: str, *, required: bool = True) -> str | None:
    if not required and (not isinstance(data, dict) or data.get(key) in (None, "")):
        return None
    value = need(data, key, str, what)
    if not value.strip():
        raise InputError(f"{key!r} is empty", field=key, expected=what)
    return str(value)


def routes(
    folder: CaseSource,
    *,
    may_create: Callable[[Request, str], None] | None = None,
    logged: Callable[[Request, str, str, str], None] | None = None,
    changing: Callable[[Request, str], tuple[CaseSource, bool]] | None = None,
) -> list[Route]:
    """Return the routes of the import, export, redaction and picture endpoints.

    Parameters
    ----------
    folder : CaseSource
        The cases served.
    may_create : callable, optional
        ``may_create(request, name)`` refuses a new case the request's account may not make.
    logged : callable, optional
        ``logged(request, name, action, version)`` writes a new case to the audit log.
    changing : callable, optional
        ``changing(request, action)`` gives the cases to write a new case to and whether they
        log it themselves, in the same transaction (then ``logged`` is not called).
    """

    def threaded(fn: Callable[..., Any]) -> Callable[..., Any]:
        async def run(*args: Any, **kwargs: Any) -> Any:
            return await run_in_threadpool(fn, *args, **kwargs)

        return run

    def through(request: Request, action: str) -> tuple[CaseSource, bool]:
        return changing(request, action) if changing is not None else (folder, False)

    def added(request: Request, name: str, action: str, itself: bool) -> None:
        if logged is not None and not itself:
            version, _ = folder.read(name)
            logged(request, name, action, version)

    def allowed(request: Request, name: str) -> None:
        if may_create is not None:
            may_create(request, folder.case_name(name))

    async def formats(request: Request) -> Response:
        return JSONResponse(
            {
                "formats": [
                    {"value": f.value, "name": s.name, "label": s.label}
                    for f, s in EXPORT_FORMATS.items()
                ]
            }
        )

    async def export(request: Request) -> Response:
        to = request.query_params.get("to", "")
        name = request.path_params["name"]

        def run() -> Download:
            _, case = folder.read(name)
            return export_download(case, to)

        done: Download = await run_in_threadpool(run)
        return done.response()

    async def picture(request: Request) -> Response:
        as_of = as_of_date(request)
        name = request.path_params["name"]
        make = summary_pdf if request.url.path.endswith(".pdf") else figure_png

        def run() -> Download:
            _, case = folder.read(name)
            return make(case, as_of)

        done: Download = await run_in_threadpool(run)
        return done.response()

    async def redact(request: Request) -> Response:
        data = await read_json(request)
        new = _text(data, "name", "a file name such as family-redacted.yaml")
        key = _text(data, "key", "a key of at least 16 characters", required=False)
        shift = data.get("shift_days", 0)
        if isinstance(shift, bool) or not isinstance(shift, int):
            raise InputError(
                "'shift_days' is not a whole number",
                field="shift_days",
                expected="a whole number of days, e.g. -30 or 0",
            )
        keep = data.get("keep_attributes", [])
        if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
            raise InputError(
                "'keep_attributes' is not a list of names",
                field="keep_attributes",
                expected='attribute names, e.g. ["age"]',
            )
        replace = _flag(data, "replace")
        assert new is not None
        allowed(request, new)
        source, itself = through(request, "redact")
        new, case, notes = await threaded(redact_copy)(
            source,
            request.path_params["name"],
            new,
            key=key,
            shift_days=shift,
            keep_attributes=keep,
            replace=replace,
        )
        await threaded(added)(request, new, "redact", itself)
        return JSONResponse({"name": new, "case": case.id, "notes": notes}, status_code=201)

    async def import_(request: Request) -> Response:
        data = await read_json(request, limit=MAX_UPLOAD)
        name = _text(data, "name", "a file name such as family.yaml")
        case_id = _text(data, "id", "the new case's id, e.g. family-a")
        title = _text(data, "title", "the new case's title")
        replace = _flag(data, "replace")
        files = _upload(data.get("files"))
        assert name is not None and case_id is not None and title is not None
        allowed(request, name)
        source, itself = through(request, "import")
        name, case = await threaded(import_csv)(
            source, name, files, case_id=case_id, title=title, replace=replace
        )
        await threaded(added)(request, name, "import", itself)
        return JSONResponse(
            {"name": name, "actors": len(case.actors), "relationships": len(case.relationships)},
            status_code=201,
        )

    return [
        Route("/api/export-formats", formats, methods=["GET"]),
        Route("/api/import", import_, methods=["POST"]),
        Route("/api/cases/{name}/export", export, methods=["GET"]),
        Route("/api/cases/{name}/redact", redact, methods=["POST"]),
        Route("/api/cases/{name}/figure.png", picture, methods=["GET"]),
        Route("/api/cases/{name}/summary.pdf", picture, methods=["GET"]),
    ]
