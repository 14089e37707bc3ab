"""Reading a workspace request: its JSON body, a required field, the "as of" date.

Every problem is an :class:`~ecograph.errors.InputError` naming the field and what is expected,
so the API answers bad input as ``ecograph validate`` answers a bad file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request

from ecograph.errors import CaseFileError, InputError, Problem
from ecograph.io.casefile import parse_document

__all__ = ["MAX_BODY", "MAX_UPLOAD", "read_json", "need", "as_of_date"]

#: The largest request body accepted (bytes).
MAX_BODY = 2_000_000
#: The largest upload accepted (bytes): an imported set of CSV files, base64-encoded.
MAX_UPLOAD = 30_000_000


def as_of_date(request: Request) -> dt.date | None:
    """Return the ``as_of`` query parameter as a date (None when absent)."""
    value = request.query_params.get("as_of")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("not a date", field="as_of", expected="a date as YYYY-MM-DD") from None


async def read_json(request: Request, limit: int = MAX_BODY) -> Any:
    """Return the request's JSON body (at most ``limit`` bytes, UTF-8)."""
    raw = await request.body()
    if len(raw) > limit:
        raise InputError("the request is too large", expected=f"at most {limit // 1_000_000} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the request is not UTF-8 text", expected="JSON in UTF-8") from None
    data, _ = parse_document(text, fmt="json", source="request")
    if data is None:
        raise CaseFileError(
            [Problem("not valid JSON: the request is empty", source="request")], source="request"
        )
    return data


def need(data: Any, key: str, kind: type, what: str) -> Any:
    """Return ``data[key]``, refusing a body that is not an object or lacks it (of ``kind``)."""
    if not isinstance(data, dict) or not isinstance(data.get(key), kind):
        raise InputError(f"{key!r} is missing or not {what}", field=key, expected=what)
    return data[key]
