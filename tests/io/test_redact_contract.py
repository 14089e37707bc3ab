"""What a redacted copy promises its reader, item by item.

* The same key gives the same pseudonyms in every file and with every release of ecograph, so a
  teacher who redacts a case now and a scenario next year with the same key gets files that
  still fit together: the known-answer pseudonyms below pin that.
* A redacted scenario refers to the redacted case's actors, goals and agreements, with its
  dates shifted like the case's, and carries none of the original text.
* Kept attributes are made safe (bands, pseudonyms) and shifts of dates stay in range, with a
  clear message when they do not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ecograph.errors import InputError
from ecograph.io.redact import (
    MAX_SHIFT_DAYS,
    MIN_KEY_BYTES,
    Pseudonymizer,
    bucket,
    check_shift,
    load_key,
    redact_case,
    redact_scenario_data,
    role_label,
    shift_date,
)
from ecograph.model import Actor, ActorKind, Case, Goal
from ecograph.model.base import MAX_DATE, MIN_DATE

KEY = b"k" * 16 + b"teaching-key"
D = dt.date


def test_pseudonyms_are_the_same_in_every_release_for_the_same_key():
    p = Pseudonymizer(KEY)
    assert p.actor_id("roberta") == "a-gd5a3lyocs"
    assert p.other_id("goal", "g1") == "g-7uwya6xmze"
    assert p.other_id("agreement", "plan") == "a-pqxiwgcas5"
    assert p.other_id("case", "c") == "c-vdoxcesxde"
    assert p.name("individual", "Ann Advocate") == "Individual 2AQC6MYR"
    case = Case(
        id="c",
        title="T",
        actors=[Actor(id="roberta", name="R", attributes={"town": "Wolverhampton", "ok": True})],
    )
    red = redact_case(case, key=KEY, keep_attributes=["town", "ok"])
    assert red.actors[0].attributes == {"town": "ZDW2K3JS", "ok": True}


def test_kept_attributes_yes_no_as_is_numbers_banded_text_pseudonymised_alike():
    actors = [
        Actor(id="a", name="A", attributes={"town": "Leeds", "carer": True, "age": 34}),
        Actor(id="b", name="B", attributes={"town": "Leeds", "carer": False, "age": 1}),
        Actor(id="c", name="C", attributes={"town": "York", "age": 0.7, "gone": None}),
    ]
    red = redact_case(
        Case(id="c", title="T", actors=actors),
        key=KEY,
        keep_attributes=["town", "carer", "age", "gone"],
    )
    a, b, c = (x.attributes for x in red.actors)
    assert (a["carer"], b["carer"]) == (True, False)
    assert (a["age"], b["age"], c["age"]) == ("30..40", "1..2", "0.7..0.8")
    assert c["gone"] is None
    # the same town gives the same pseudonym, another town another; never the name itself
    assert a["town"] == b["town"] != c["town"]
    assert all(len(t) == 8 and t.isupper() for t in (a["town"], c["town"]))
    assert "Leeds" not in a["town"]


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "0"),
        (1, "1..2"),
        (0.7, "0.7..0.8"),
        (-0.7, "-0.7..-0.6"),
        (-0.05, "-0.05..-0.04"),
        (3.4e-13, "3e-13..4e-13"),
        (9.99, "9..10"),
        (1e300, "1e+300..2e+300"),
    ],
)
def test_a_number_falls_in_the_band_that_contains_it(value: float, band: str):
    assert bucket(value) == band


@pytest.mark.parametrize(
    ("actor", "kinds", "label"),
    [
        (Actor(id="x", name="Jo", roles=["client"]), {}, "Client"),
        (Actor(id="x", name="Jo", roles=["target"]), {}, "Target person"),
        (Actor(id="x", name="Jo", roles=["action"]), {}, "Action-system member"),
        (Actor(id="x", name="Jo", roles=["client", "change_agent"]), {}, "Social worker"),
        (Actor(id="x", name="Jo", member_of=["g"]), {"g": ActorKind.INDIVIDUAL}, "Member"),
        (Actor(id="x", name="Jo", member_of=["g"]), {}, "Group member"),
        (
            Actor(id="x", name="Jo", member_of=["s", "f"]),
            {"s": ActorKind.COMMUNITY},
            "Community member",
        ),
        (Actor(id="x", name="Jo"), {}, "Person"),
        (Actor(id="x", name="Jo", kind="community"), {}, "Community"),
        (Actor(id="x", name="Jo", kind="family", roles=["target"]), {}, "Target family"),
        (Actor(id="x", name="Jo", kind="group", roles=["action"]), {}, "Action-system group"),
    ],
)
def test_a_redacted_name_says_what_the_actor_is_in_the_model(actor, kinds, label):
    assert role_label(actor, kinds) == label


def test_the_widest_shift_is_accepted_and_one_day_more_is_refused():
    check_shift(MAX_SHIFT_DAYS)
    check_shift(-MAX_SHIFT_DAYS)
    with pytest.raises(InputError) as err:
        check_shift(MAX_SHIFT_DAYS + 1)
    assert str(err.value) == (
        f"--shift-days: a shift of {MAX_SHIFT_DAYS + 1} days leaves the supported dates "
        f"(expected at most {MAX_SHIFT_DAYS} days either way "
        f"(dates are {MIN_DATE.isoformat()}..{MAX_DATE.isoformat()}))"
    )


def test_a_shift_that_moves_a_date_out_of_range_names_the_date():
    assert shift_date(MAX_DATE - dt.timedelta(days=3), 3) == MAX_DATE
    assert shift_date(MIN_DATE + dt.timedelta(days=2), -2) == MIN_DATE
    with pytest.raises(InputError) as err:
        shift_date(MAX_DATE, 1)
    moved = (MAX_DATE + dt.timedelta(days=1)).isoformat()
    assert str(err.value) == (
        f"--shift-days: shifting a date by 1 days gives {moved}, outside the supported dates "
        f"(expected dates that stay within {MIN_DATE.isoformat()}..{MAX_DATE.isoformat()})"
    )


SCENARIO = {
    "ecograph-scenario": 1,
    "id": "advocate-in-june",
    "title": "What if Roberta had an advocate?",
    "case": "c",
    "description": "Roberta's story",
    "date": "2026-06-30",
    "interventions": [
        {
            "add_advocate": {
                "client": "roberta",
                "end": None,  # an empty field is left out, and the fields after it stay
                "advocate": "ann",
                "name": "Ann Advocate",
                "toward": ["susan"],
                "strength": 0.8,
                "notes": "met Roberta at home",
                "start": D(2026, 7, 1),
            }
        },
        {"conclude": {"id": "plan", "goal": "g1", "parties": ["susan", "roberta"],
                      "terms": "Roberta pays", "date": "2026-07-02"}},
        "not a mapping",
    ],
}  # fmt: skip


def test_a_redacted_scenario_fits_the_redacted_case_and_keeps_no_text():
    case = Case(
        id="c",
        title="T",
        actors=[Actor(id=x, name=x) for x in ("roberta", "ann", "susan")],
        goals=[Goal(id="g1", description="d")],
    )
    red_case = redact_case(case, key=KEY, shift_days=10)
    red_ids = {a.id: r.id for a, r in zip(case.actors, red_case.actors, strict=True)}
    out = redact_scenario_data(SCENARIO, key=KEY, shift_days=10)
    p = Pseudonymizer(KEY)
    assert out == {
        "ecograph-scenario": 1,
        "id": p.other_id("scenario", "advocate-in-june"),
        "title": "Scenario " + p.code("scenario-title", SCENARIO["title"], 8),
        "case": red_case.id,
        "date": "2026-07-10",
        "interventions": [
            {
                "add_advocate": {
                    "client": red_ids["roberta"],
                    "advocate": red_ids["ann"],
                    "name": "Individual 2AQC6MYR",
                    "toward": [red_ids["susan"]],
                    "strength": 0.8,
                    "start": "2026-07-11",
                }
            },
            {
                "conclude": {
                    "id": p.other_id("agreement", "plan"),
                    "goal": red_case.goals[0].id,
                    "parties": [red_ids["susan"], red_ids["roberta"]],
                    "date": "2026-07-12",
                }
            },
        ],
    }
    assert "Roberta" not in repr(out) and "roberta" not in repr(out)


def test_a_scenario_without_a_shift_keeps_its_dates_as_written():
    out = redact_scenario_data(SCENARIO, key=KEY)
    assert out["date"] == "2026-06-30"
    assert out["interventions"][0]["add_advocate"]["start"] == D(2026, 7, 1)


def test_key_problems_say_where_the_key_was_looked_for(tmp_path: Path, monkeypatch):
    with pytest.raises(InputError) as err:
        load_key(env="X", file=tmp_path / "k")
    assert str(err.value) == "give the key once (expected either --key-env or --key-file)"
    monkeypatch.setenv("EMPTY_KEY", "")
    with pytest.raises(InputError) as err:
        load_key(env="EMPTY_KEY")
    assert str(err.value) == (
        "--key-env: the environment variable EMPTY_KEY is not set or empty "
        f"(expected export EMPTY_KEY=<a secret of at least {MIN_KEY_BYTES} characters>)"
    )
    with pytest.raises(InputError) as err:
        load_key(file=tmp_path / "missing")
    assert (
        str(err.value)
        == f"{tmp_path / 'missing'}: cannot read the key file: No such file or directory"
    )
    short = tmp_path / "short"
    short.write_bytes(b"x" * (MIN_KEY_BYTES - 1) + b"\r\n")
    with pytest.raises(InputError) as err:
        load_key(file=short)
    assert str(err.value).startswith(
        f"the key in the key file {short} is too short ({MIN_KEY_BYTES - 1} bytes) "
        f"(expected at least {MIN_KEY_BYTES} bytes, e.g. from: python -c"
    )
    exact = tmp_path / "exact"
    exact.write_bytes(b"y" * MIN_KEY_BYTES + b"\r\n")
    assert load_key(file=exact) == (b"y" * MIN_KEY_BYTES, True)
    monkeypatch.setenv("GOOD_KEY", "z" * MIN_KEY_BYTES)
    assert load_key(env="GOOD_KEY") == (b"z" * MIN_KEY_BYTES, True)
