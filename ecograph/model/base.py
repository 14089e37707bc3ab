"""Shared pydantic configuration and small types.

Numbers are finite and never true/false (YAML reads ``yes``/``no``/``on``/``off`` as
true/false, which pydantic would otherwise take as 1 and 0); dates lie within
:data:`MIN_DATE`..:data:`MAX_DATE` (see docs/case-format.md, "Dates").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

__all__ = [
    "Strict",
    "Id",
    "Number",
    "Count",
    "Unit",
    "Signed",
    "AttrValue",
    "Date",
    "MIN_DATE",
    "MAX_DATE",
    "check_date",
]


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, assignments are validated.

    Numbers must be finite: ``.inf`` and ``.nan`` are refused in every field.
    """

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, frozen=False, allow_inf_nan=False
    )


def not_true_false(value: Any) -> Any:
    """Refuse true/false where a number is expected (pydantic would read them as 1 and 0).

    Examples
    --------
    >>> not_true_false(0.5)
    0.5
    >>> not_true_false(True)
    Traceback (most recent call last):
    ...
    ValueError: true/false is not a number (YAML reads yes/no/on/off as true/false)
    """
    if isinstance(value, bool):
        raise ValueError("true/false is not a number (YAML reads yes/no/on/off as true/false)")
    return value


#: The earliest date ecograph accepts (in a case, a scenario, an option).
MIN_DATE = dt.date(1900, 1, 1)
#: The latest date ecograph accepts.
MAX_DATE = dt.date(2199, 12, 31)


def check_date(value: dt.date) -> dt.date:
    """Return ``value`` if it lies within :data:`MIN_DATE`..:data:`MAX_DATE`.

    Raises
    ------
    ValueError
        Saying the supported range.

    Examples
    --------
    >>> check_date(dt.date(2026, 1, 5))
    datetime.date(2026, 1, 5)
    >>> check_date(dt.date(1, 1, 1))
    Traceback (most recent call last):
    ...
    ValueError: 0001-01-01 is outside the supported dates, 1900-01-01..2199-12-31
    """
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(
            f"{value.isoformat()} is outside the supported dates, "
            f"{MIN_DATE.isoformat()}..{MAX_DATE.isoformat()}"
        )
    return value


#: An identifier: non-empty, no surrounding whitespace, at most 200 characters.
Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=False, pattern=r"^\S(.*\S)?$"),
]
#: A finite number (not true/false).
Number = Annotated[float, BeforeValidator(not_true_false)]
#: A whole number (not true/false).
Count = Annotated[int, BeforeValidator(not_true_false)]
#: A number in 0..1.
Unit = Annotated[float, BeforeValidator(not_true_false), Field(ge=0.0, le=1.0)]
#: A number in -1..1.
Signed = Annotated[float, BeforeValidator(not_true_false), Field(ge=-1.0, le=1.0)]
#: A date within MIN_DATE..MAX_DATE.
Date = Annotated[dt.date, AfterValidator(check_date)]
#: Value of a free attribute.
AttrValue = str | int | float | bool | None
