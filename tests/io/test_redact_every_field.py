"""A redacted copy, field by field, of one case and one scenario that fill every field.

The Hypothesis tests in test_redact.py draw random cases; these pin one case that uses every
field the model has (a goal's stances, a relationship's terms, perceptions, mandate and
observations with their notes and recorders, an agreement's parties, convener and term, an
actor's attributes, joined date and position) and one scenario that uses every intervention, so
a field that is carried over instead of redacted, a reference that does not follow its actor or
a date that is not shifted shows here as a difference a reader of the copy would see.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ecograph.errors import InputError
from ecograph.io.casefile import dumps_case, loads_case
from ecograph.io.redact import Pseudonymizer, redact_case, redact_scenario_data, role_names
from ecograph.io.scenario import loads_scenario
from ecograph.model import Actor, Case

KEY = b"k" * 16 + b"teaching-key"

CASE = """\
ecograph: 1
id: jones-2026
title: Roberta Jones and the children's services team
description: Roberta Jones, 12 Elm Street, referred by Dr Patel
author: Susan Smith
start: 2026-01-05
end: 2026-12-20
actors:
  - {id: susan, name: Susan Smith, roles: [change_agent], power: 0.6, notes: Duty worker since May}
  - {id: jones, name: The Jones family, kind: family, roles: [client], voluntariness: involuntary}
  - id: roberta
    name: Roberta Jones
    member_of: [jones]
    joined: 2026-02-01
    expects_moderate_demands: true
    attributes: {age: 34, town: Wolverhampton, carer: true, phone: 447700900123}
    notes: Lives at 12 Elm Street
    position: {x: 0.25, y: 0.5}
  - {id: manager, name: Olivia Green, roles: [target], power: 0.8}
  - {id: nursery, name: Little Acorns Nursery, kind: organization, roles: [action], joined: 2026-03-15}
goals:
  - id: safe-home
    description: Roberta keeps the baby at home
    stances:
      - {actor: roberta, stance: 1.0}
      - {actor: manager, stance: -0.5, weight: 0.4}
relationships:
  - id: visits
    source: susan
    target: roberta
    type: conflict
    strength: 0.6
    basis: law
    mandated: [roberta]
    terms: Weekly visits ordered by the court
    notes: Roberta feels watched
    perceptions:
      - {by: roberta, type: conflict, strength: 0.9}
    history:
      - {date: 2026-02-02, type: conflict, strength: 0.5, note: First home visit, recorded_by: susan}
      - {date: 2026-04-06, mix: {agreement: 0.4, conflict: 0.6}, strength: 0.5, perceived_by: roberta, note: Still feels watched}
  - {source: nursery, target: jones, type: cooperation, strength: 0.7}
agreements:
  - id: plan
    parties:
      - {actor: roberta, gives: accepts weekly visits, gets: no unannounced visits}
      - {actor: susan, gives: plan reviewed in three months}
    basis: compromise
    terms: Roberta agrees to the visits
    start: 2026-05-01
    end: 2026-08-01
    status: kept
    convener: manager
"""  # noqa: E501

# What the copy holds, redacted with KEY, dates moved 30 days back, three attributes kept.
# Checked by hand: no name, place, note or number of the case is left; every reference names
# the pseudonym of the same actor as in the original; every date is 30 days earlier; what the
# analysis reads (roles, kinds, power, voluntariness, strengths, mixes, bases, mandates,
# stances, statuses, the order and spacing of observations) is as written.
REDACTED = """\
ecograph: 1
id: c-a2bgbtft4x
title: Case LF4YYEI4
start: 2025-12-06
end: 2026-11-20
actors:
- {id: a-bs5t223ywo, name: Social worker, roles: [change_agent], power: 0.6}
- {id: a-ivfy5ybq4q, name: Client family, kind: family, roles: [client], voluntariness: involuntary}
- id: a-gd5a3lyocs
  name: Family member
  member_of: [a-ivfy5ybq4q]
  joined: 2026-01-02
  expects_moderate_demands: true
  attributes: {age: 30..40, town: ZDW2K3JS, carer: true}
  position: {x: 0.25, y: 0.5}
- {id: a-334ed72zem, name: Target person, roles: [target], power: 0.8}
- {id: a-ssl6cf5roo, name: Action-system organization, kind: organization, roles: [action], joined: 2026-02-13}
goals:
- id: g-75ybho4n56
  description: Goal 63USQGWB
  stances:
  - {actor: a-gd5a3lyocs, stance: 1.0}
  - {actor: a-334ed72zem, stance: -0.5, weight: 0.4}
relationships:
- id: r-ilktjqymjz
  source: a-bs5t223ywo
  target: a-gd5a3lyocs
  type: conflict
  strength: 0.6
  basis: law
  mandated: [a-gd5a3lyocs]
  perceptions:
  - {by: a-gd5a3lyocs, type: conflict, strength: 0.9}
  history:
  - {date: 2026-01-03, type: conflict, strength: 0.5, recorded_by: a-bs5t223ywo}
  - {date: 2026-03-07, mix: {agreement: 0.4, conflict: 0.6}, strength: 0.5, perceived_by: a-gd5a3lyocs}
- {source: a-ssl6cf5roo, target: a-ivfy5ybq4q, type: cooperation, strength: 0.7}
agreements:
- id: a-pqxiwgcas5
  parties:
  - {actor: a-gd5a3lyocs}
  - {actor: a-bs5t223ywo}
  basis: compromise
  start: 2026-04-01
  end: 2026-07-02
  status: kept
  convener: a-334ed72zem
"""  # noqa: E501

ORIGINAL_TEXT = [
    "Roberta", "roberta", "Jones", "jones", "Susan", "susan", "Olivia", "Green", "manager",
    "Acorns", "nursery", "Elm Street", "Patel", "Wolverhampton", "447700900123", "phone",
    "Duty worker", "baby", "court", "watched", "home visit", "weekly visits", "unannounced",
    "three months", "agrees", "safe-home", "visits", "plan", "jones-2026", "children",
]  # fmt: skip


def test_a_redacted_case_keeps_every_structural_field_and_no_text_of_the_original():
    case = loads_case(CASE)
    red = redact_case(case, key=KEY, shift_days=-30, keep_attributes=["age", "town", "carer"])
    assert red == loads_case(REDACTED)
    text = dumps_case(red)
    assert [s for s in ORIGINAL_TEXT if s in text] == []
    assert case == loads_case(CASE)  # the original is left as it was


def test_the_day_an_actor_joined_moves_with_the_other_dates():
    # an actor that joined before the shift stays joined on the shifted day of its first tie
    case = loads_case(CASE)
    for shift in (-30, 365):
        red = redact_case(case, key=KEY, shift_days=shift)
        assert [a.joined for a in red.actors] == [
            None if a.joined is None else a.joined + dt.timedelta(days=shift) for a in case.actors
        ]


def test_without_a_shift_every_date_is_as_written():
    case = loads_case(CASE)
    red = redact_case(case, key=KEY)
    assert (red.start, red.end) == (case.start, case.end)
    assert [o.date for o in red.relationships[0].history] == [
        o.date for o in case.relationships[0].history
    ]
    assert (red.agreements[0].start, red.agreements[0].end) == (
        dt.date(2026, 5, 1),
        dt.date(2026, 8, 1),
    )
    assert [a.joined for a in red.actors] == [a.joined for a in case.actors]


def test_a_shift_that_moves_any_date_of_the_case_out_of_range_is_refused_whole():
    # the latest date of the case is its end, 2026-12-20: 63,198 days on is 2199-12-31, the
    # last supported day; one day more is refused, though every other date would still fit
    case = loads_case(CASE)
    assert redact_case(case, key=KEY, shift_days=63_198).end == dt.date(2199, 12, 31)
    with pytest.raises(InputError) as err:
        redact_case(case, key=KEY, shift_days=63_199)
    assert str(err.value).startswith(
        "--shift-days: shifting a date by 63199 days gives 2200-01-01, outside the supported"
    )


def test_actors_that_share_a_label_are_numbered_by_their_keyed_pseudonyms():
    # the numbers are fixed for a key (the same in every release) and follow neither the
    # file's order nor the names
    clients = [Actor(id=f"c{i}", name=f"Client {i}", roles=["client"]) for i in range(6)]
    case = Case(id="c", title="t", actors=clients)
    names = role_names(case, KEY)
    assert names == {
        "c0": "Client 3", "c1": "Client 5", "c2": "Client 6",
        "c3": "Client 2", "c4": "Client 1", "c5": "Client 4",
    }  # fmt: skip
    backwards = Case(id="c", title="t", actors=clients[::-1])
    assert role_names(backwards, KEY) == names
    assert [a.name for a in redact_case(case, key=KEY).actors] == [names[a.id] for a in clients]
    # one actor of a kind keeps the bare label, with no number
    alone = Case(id="c", title="t", actors=[clients[0], Actor(id="w", name="W", roles=["action"])])
    assert role_names(alone, KEY) == {"c0": "Client", "w": "Action-system member"}


def test_two_ids_with_the_same_pseudonym_are_refused_not_merged():
    class Colliding(Pseudonymizer):
        def code(self, kind: str, value: str, length: int = 10) -> str:
            return "same"

    p = Colliding(KEY)
    assert p.actor_id("roberta") == "a-same"
    assert p.actor_id("roberta") == "a-same"  # the same id again is no collision
    with pytest.raises(InputError) as err:
        p.actor_id("susan")
    assert str(err.value) == "two ids got the same pseudonym; use another key"


SCENARIO = {
    "ecograph-scenario": 1,
    "id": "everything",
    "title": "Every intervention for Roberta",
    "case": "jones-2026",
    "description": "Roberta's story",
    "date": "2026-06-30",
    "as_of": dt.date(2026, 7, 31),
    "interventions": [
        {"add_advocate": {"client": "roberta", "toward": ["manager"], "advocate": "susan",
                          "name": "Ann Advocate", "date": "2026-07-01", "power": 0.7}},
        {"family_group_conference": {"family": "jones", "members": ["roberta"],
                                     "agencies": ["nursery"], "coordinator": "susan",
                                     "start": "2026-07-02", "end": "2026-07-09",
                                     "notes": "at the grandmother's flat"}},
        {"redistribute_authority": {"giver": "manager", "receiver": "roberta", "amount": 0.3}},
        {"conclude_agreement": {"id": "plan2", "parties": ["roberta", "susan"],
                                "basis": "compromise", "terms": "Roberta pays rent"}},
        {"change_stance": {"actor": "manager", "goal": "safe-home", "stance": 0.5}},
        {"end_relationship": {"between": ["susan", "roberta"], "date": "2026-07-20"}},
    ],
}  # fmt: skip


def test_a_redacted_scenario_names_the_redacted_actors_in_every_intervention():
    case = loads_case(CASE)
    red_case = redact_case(case, key=KEY, shift_days=-30)
    ids = {a.id: r.id for a, r in zip(case.actors, red_case.actors, strict=True)}
    out = redact_scenario_data(SCENARIO, key=KEY, shift_days=-30)
    p = Pseudonymizer(KEY)
    assert out == {
        "ecograph-scenario": 1,
        "id": p.other_id("scenario", "everything"),
        "title": "Scenario " + p.code("scenario-title", SCENARIO["title"], 8),
        "case": red_case.id,
        "date": "2026-05-31",
        "as_of": "2026-07-01",
        "interventions": [
            {"add_advocate": {"client": ids["roberta"], "toward": [ids["manager"]],
                              "advocate": ids["susan"], "name": p.name("individual", "Ann Advocate"),
                              "date": "2026-06-01", "power": 0.7}},
            {"family_group_conference": {"family": ids["jones"], "members": [ids["roberta"]],
                                         "agencies": [ids["nursery"]], "coordinator": ids["susan"],
                                         "start": "2026-06-02", "end": "2026-06-09"}},
            {"redistribute_authority": {"giver": ids["manager"], "receiver": ids["roberta"],
                                        "amount": 0.3}},
            {"conclude_agreement": {"id": p.other_id("agreement", "plan2"),
                                    "parties": [ids["roberta"], ids["susan"]],
                                    "basis": "compromise"}},
            {"change_stance": {"actor": ids["manager"], "goal": red_case.goals[0].id,
                               "stance": 0.5}},
            {"end_relationship": {"between": [ids["susan"], ids["roberta"]], "date": "2026-06-20"}},
        ],
    }  # fmt: skip
    text = repr(out)
    assert [s for s in ("Roberta", "roberta", "susan", "manager", "grandmother", "rent",
                        "Ann", "everything", "safe-home", "plan2") if s in text] == []  # fmt: skip
    # and it is a scenario file ecograph reads, for the redacted case
    scenario = loads_scenario(json_text(out), fmt="json")
    assert scenario.case == red_case.id


def json_text(data: dict[str, object]) -> str:
    import json

    return json.dumps(data)


def test_free_text_inside_an_intervention_is_dropped_whatever_its_field():
    # data not yet checked may carry a description or notes in an intervention: never copied
    data = {
        "id": "s",
        "title": "t",
        "interventions": [
            {"add_advocate": {"client": "roberta", "toward": ["susan"],
                              "description": "Roberta's flat", "notes": "Ann's phone",
                              "terms": "Roberta pays"}},
        ],
    }  # fmt: skip
    out = redact_scenario_data(data, key=KEY)
    body = out["interventions"][0]["add_advocate"]
    assert sorted(body) == ["client", "toward"]
    assert "Roberta" not in repr(out) and "Ann" not in repr(out)


def test_the_band_of_the_largest_numbers_is_written_as_a_number_not_inf():
    # 1.7e308 lies in 1e308..2e308; 2e308 is past the largest float, and is still written
    from ecograph.io.redact import bucket

    assert bucket(1.7e308) == "1e+308..2e+308"
    assert bucket(-1.7e308) == "-2e+308..-1e+308"


def test_a_key_from_a_file_loses_only_its_line_end(tmp_path):
    # the same secret given in a file and in the environment gives the same pseudonyms, so only
    # the line end a text editor adds is dropped: spaces and letters at the end are the key's
    from ecograph.io.redact import load_key

    for written, key in [(b" X \t\r\n", b" X \t"), (b"X\r\n", b"X"), (b"\n", b"")]:
        f = tmp_path / "key"
        f.write_bytes(b"k" * 16 + written)
        assert load_key(file=f) == (b"k" * 16 + key, True)


def test_a_short_key_names_where_it_came_from_and_the_field(monkeypatch):
    from ecograph.io.redact import check_key, load_key

    monkeypatch.setenv("SHORT_KEY", "abc")
    with pytest.raises(InputError) as err:
        load_key(env="SHORT_KEY")
    assert str(err.value).startswith(
        "the key in the environment variable SHORT_KEY is too short (3 bytes) (expected at least"
    )
    assert "abc" not in str(err.value)
    with pytest.raises(InputError) as err:
        check_key(b"abcd", "the key field", field="key")
    assert str(err.value).startswith(
        "key: the key in the key field is too short (4 bytes) (expected at least 16 bytes"
    )
