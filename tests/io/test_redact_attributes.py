"""Redaction drops free attributes and names (issue 15 item 17, issue 13 item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from ecograph.io.casefile import dumps_case, load_case, loads_case
from ecograph.io.redact import bucket, redact_case, role_names

KEY = b"k" * 16 + b"teaching-key"
runner = CliRunner()

CASE = """\
ecograph: 1
id: jones
title: Jones family
actors:
  - {id: susan, name: Susan Smith, roles: [change_agent]}
  - {id: jones, name: The Jones family, kind: family, roles: [client]}
  - id: roberta
    name: Roberta Jones
    member_of: [jones]
    attributes:
      nhs_number: 9434765919
      phone: 447700900123
      date_of_birth: 19850312
      "GP Dr Patel, Elm Street Surgery": true
      age: 34
      town: Wolverhampton
    expects_moderate_demands: true
  - {id: police, name: West Midlands Police, kind: organization, roles: [action]}
  - {id: nursery, name: Little Acorns Nursery, kind: organization, roles: [action]}
  - {id: dad, name: Darren Jones, roles: [target], member_of: [jones]}
relationships:
  - {source: susan, target: jones, type: conflict, strength: 0.6}
"""
SECRETS = [
    "9434765919", "447700900123", "19850312", "Patel", "Elm Street", "nhs_number", "phone",
    "date_of_birth", "Wolverhampton", "town", "Susan", "Roberta", "Jones", "Darren",
    "Midlands", "Acorns", "susan", "roberta", "police", "nursery",
]  # fmt: skip


def test_every_free_attribute_is_dropped_by_default_numbers_and_keys_included() -> None:
    red = redact_case(loads_case(CASE), key=KEY)
    text = dumps_case(red)
    assert [s for s in SECRETS if s in text] == []
    # no free attribute stays; what the analysis reads is a field, and it stays
    assert [a.attributes for a in red.actors if a.attributes] == []
    assert [a.expects_moderate_demands for a in red.actors].count(True) == 1


def test_kept_attributes_are_bucketed_or_pseudonymised() -> None:
    red = redact_case(loads_case(CASE), key=KEY, keep_attributes=["age", "town", "nhs_number"])
    attrs = next(a.attributes for a in red.actors if "age" in a.attributes)
    assert attrs["age"] == "30..40"
    assert attrs["nhs_number"] == "9e+09..1e+10"
    assert isinstance(attrs["town"], str) and "Wolver" not in attrs["town"]
    assert "phone" not in attrs and "date_of_birth" not in attrs


@pytest.mark.parametrize(
    ("value", "band"), [(34, "30..40"), (0.37, "0.3..0.4"), (-5, "-5..-4"), (100, "100..200")]
)
def test_bucket_is_the_band_of_the_first_significant_digit(value: float, band: str) -> None:
    assert bucket(value) == band


def test_names_are_readable_role_labels_without_trace_of_the_name() -> None:
    case = loads_case(CASE)
    names = role_names(case, KEY)
    assert names["susan"] == "Social worker"
    assert names["jones"] == "Client family"
    assert names["roberta"] == "Family member"
    assert names["dad"] == "Target person"
    assert sorted([names["police"], names["nursery"]]) == [
        "Action-system organization 1",
        "Action-system organization 2",
    ]
    # the numbering follows the key, not the file's order or the names
    orders = {
        tuple(role_names(case, bytes([i]) * 32)[x] for x in ("police", "nursery"))
        for i in range(12)
    }
    assert len(orders) == 2


def test_the_redacted_case_still_loads_and_keeps_its_structure(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(CASE)
    out = tmp_path / "r.yaml"
    r = runner.invoke(app, ["redact", str(src), "-o", str(out), "--keep-attribute", "age"])
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert [s for s in SECRETS if s in text] == []
    red = load_case(out)
    assert len(red.actors) == 6 and "30..40" in text
