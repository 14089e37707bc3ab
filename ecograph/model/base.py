"""Shared pydantic configuration and small types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["Strict", "Id", "Unit", "Signed", "AttrValue"]


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


#: An identifier: non-empty, no surrounding whitespace, at most 200 characters.
Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=False, pattern=r"^\S(.*\S)?$"),
]
#: A number in 0..1.
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
#: A number in -1..1.
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
#: Value of a free attribute.
AttrValue = str | int | float | bool | None
