"""Property tests over generated cases (Hypothesis).

* Valid cases -- actors with memberships, goals with stances, relationships with mixes, dated
  histories and perceptions, agreements binding several parties -- survive a round trip through
  YAML, JSON and the graph unchanged.
* Each kind of invalid change to a valid case (a dangling reference, a duplicate id, an
  out-of-range power or stance, an unknown field, a change agent in the client system, a
  membership cycle, a misspelt vocabulary word) is always rejected, with at least one problem
  naming the field that was changed.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ecograph import EcoGraph
from ecograph.errors import CaseFileError
from ecograph.io.casefile import case_to_data, dumps_case, load_case, loads_case, save_case
from ecograph.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementBasis,
    AgreementStatus,
    Case,
    Goal,
    Mix,
    Observation,
    Party,
    Perception,
    Relationship,
    RelationType,
    Role,
    Stance,
    Voluntariness,
)
from ecograph.model.rules import ancestors, check_case

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EXCLUDED = {Role.CLIENT, Role.TARGET, Role.ACTION}

# ---------------------------------------------------------------------------- strategies
# Ids include words that YAML would read as booleans, nulls, numbers or dates if unquoted.
TRICKY_IDS = ["yes", "no", "null", "true", "1", "0.5", "2026-01-01", "~", "on", "x: y", "#a"]
# Any character but surrogates: line breaks, tabs, NEL (U+0085), quotes, control characters.
ANY_CHAR = st.characters(exclude_categories=["Cs"])
ids = st.one_of(
    st.sampled_from(TRICKY_IDS),
    st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True),
    st.text(ANY_CHAR, min_size=1, max_size=6).filter(lambda x: re.fullmatch(r"\S(.*\S)?", x)),
)
texts = st.text(ANY_CHAR, min_size=1, max_size=30)
unit = st.floats(0, 1, allow_nan=False)
signed = st.floats(-1, 1, allow_nan=False)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))
attr_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)


@st.composite
def mixes(draw: st.DrawFn) -> Mix:
    weights = draw(st.lists(st.floats(0, 10, allow_nan=False), min_size=3, max_size=3))
    assume(sum(weights) > 0)
    return Mix(cooperation=weights[0], agreement=weights[1], conflict=weights[2])


@st.composite
def readings(draw: st.DrawFn) -> dict[str, Any]:
    """A type, a mix, or both (consistent), with an optional strength."""
    how = draw(st.sampled_from(["type", "mix", "both"]))
    out: dict[str, Any] = {}
    if how in ("mix", "both"):
        out["mix"] = draw(mixes())
    if how == "type":
        out["type"] = draw(st.sampled_from(list(RelationType)))
    if how == "both":
        out["type"] = out["mix"].dominant()
    if draw(st.booleans()):
        out["strength"] = draw(unit)
    return out


@st.composite
def actors_strategy(draw: st.DrawFn) -> list[Actor]:
    """Actors with memberships (only in earlier actors: no cycles) keeping the change-agent rule."""
    actor_ids = draw(st.lists(ids, min_size=2, max_size=9, unique=True))
    actors: list[Actor] = []
    member_of: dict[str, list[str]] = {}
    roles_of: dict[str, set[Role]] = {}
    for i, aid in enumerate(actor_ids):
        agent = draw(st.booleans()) if i else True
        if agent:
            roles = [Role.CHANGE_AGENT] + draw(
                st.lists(
                    st.sampled_from([Role.PROFESSIONAL, Role.PROBLEM_IDENTIFICATION]),
                    unique=True,
                    max_size=2,
                )
            )
        else:
            roles = draw(st.lists(st.sampled_from(list(Role)[1:]), unique=True, max_size=3))
        earlier = actor_ids[:i]
        groups = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        if agent:  # a change agent only joins groups outside the client, target, action systems
            groups = [
                g
                for g in groups
                if not any(roles_of[x] & EXCLUDED for x in [g, *ancestors(g, member_of)])
            ]
        member_of[aid] = groups
        roles_of[aid] = set(roles)
        fields: dict[str, Any] = {"id": aid, "name": draw(texts), "roles": roles}
        if groups:
            fields["member_of"] = groups
        if draw(st.booleans()):
            fields["kind"] = draw(st.sampled_from(list(ActorKind)))
        if draw(st.booleans()):
            fields["power"] = draw(unit)
        if not agent and draw(st.booleans()):
            fields["voluntariness"] = draw(st.sampled_from(list(Voluntariness)))
        if draw(st.booleans()):
            fields["attributes"] = draw(
                st.dictionaries(
                    st.from_regex(r"[a-z_]{1,8}", fullmatch=True), attr_values, max_size=3
                )
            )
        if draw(st.booleans()):
            fields["notes"] = draw(texts)
        actors.append(Actor(**fields))
    return actors


@st.composite
def observations(draw: st.DrawFn, ends: tuple[str, str]) -> Observation:
    fields = draw(readings())
    fields["date"] = draw(dates)
    if draw(st.booleans()):
        fields["note"] = draw(texts)
    if draw(st.booleans()):
        fields["recorded_by"] = draw(texts)
    if draw(st.integers(0, 3)) == 0:
        fields["perceived_by"] = draw(st.sampled_from(ends))
    if draw(st.integers(0, 5)) == 0:
        fields["ended"] = True
    return Observation(**fields)


@st.composite
def relationships_strategy(draw: st.DrawFn, actor_ids: list[str]) -> list[Relationship]:
    pairs = [(a, b) for i, a in enumerate(actor_ids) for b in actor_ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(8, len(pairs))))
    out = []
    for a, b in chosen:
        if draw(st.booleans()):
            a, b = b, a
        fields: dict[str, Any] = {"source": a, "target": b}
        if draw(st.booleans()):
            fields["history"] = draw(st.lists(observations((a, b)), min_size=1, max_size=4))
        else:
            fields.update(draw(readings()))
        if draw(st.booleans()):
            fields["basis"] = draw(st.sampled_from(list(AgreementBasis)))
            fields["terms"] = draw(texts)
        if draw(st.booleans()):
            fields["mandated"] = draw(st.lists(st.sampled_from([a, b]), unique=True, max_size=2))
        if draw(st.integers(0, 2)) == 0:
            fields["perceptions"] = [
                Perception(by=draw(st.sampled_from([a, b])), **draw(readings()))
            ]
        if draw(st.integers(0, 3)) == 0:
            fields["id"] = draw(ids)
        if draw(st.integers(0, 3)) == 0:
            fields["notes"] = draw(texts)
        out.append(Relationship(**fields))
    keys = [r.key for r in out]
    assume(len(set(keys)) == len(keys))
    return out


@st.composite
def goals_strategy(draw: st.DrawFn, actor_ids: list[str]) -> list[Goal]:
    goal_ids = draw(st.lists(ids, unique=True, max_size=3))
    out = []
    for gid in goal_ids:
        who = draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=len(actor_ids)))
        stances = [
            Stance(
                actor=a,
                stance=draw(signed),
                **({"weight": draw(unit)} if draw(st.booleans()) else {}),
            )
            for a in who
        ]
        out.append(Goal(id=gid, description=draw(texts), stances=stances))
    return out


@st.composite
def agreements_strategy(draw: st.DrawFn, actor_ids: list[str]) -> list[Agreement]:
    agreement_ids = draw(st.lists(ids, unique=True, max_size=3))
    out = []
    for aid in agreement_ids:
        who = draw(st.lists(st.sampled_from(actor_ids), unique=True, min_size=2, max_size=4))
        parties = [
            Party(
                actor=a,
                **({"gives": draw(texts)} if draw(st.booleans()) else {}),
                **({"gets": draw(texts)} if draw(st.booleans()) else {}),
            )
            for a in who
        ]
        fields: dict[str, Any] = {
            "id": aid,
            "parties": parties,
            "basis": draw(st.sampled_from(list(AgreementBasis))),
        }
        start, end = draw(st.one_of(st.none(), dates)), draw(st.one_of(st.none(), dates))
        if start and end and end < start:
            start, end = end, start
        fields.update({k: v for k, v in (("start", start), ("end", end)) if v})
        if draw(st.booleans()):
            fields["status"] = draw(st.sampled_from(list(AgreementStatus)))
        if draw(st.booleans()):
            fields["terms"] = draw(texts)
        if draw(st.booleans()):
            fields["convener"] = draw(st.sampled_from(actor_ids))
        out.append(Agreement(**fields))
    return out


@st.composite
def cases(draw: st.DrawFn) -> Case:
    actors = draw(actors_strategy())
    actor_ids = [a.id for a in actors]
    fields: dict[str, Any] = {
        "id": draw(ids),
        "title": draw(texts),
        "actors": actors,
        "goals": draw(goals_strategy(actor_ids)),
        "relationships": draw(relationships_strategy(actor_ids)),
        "agreements": draw(agreements_strategy(actor_ids)),
    }
    for key in ("description", "author"):
        if draw(st.booleans()):
            fields[key] = draw(texts)
    if draw(st.booleans()):
        start, end = sorted([draw(dates), draw(dates)])
        fields.update(start=start, end=end)
    case = Case(**fields)
    assert check_case(case) == [], "the generator makes valid cases"
    return case


# ---------------------------------------------------------------------------- round trips
@SETTINGS
@given(cases())
def test_yaml_and_json_round_trip(case: Case) -> None:
    assert loads_case(dumps_case(case, "yaml"), fmt="yaml") == case
    assert loads_case(dumps_case(case, "json"), fmt="json") == case


@SETTINGS
@given(cases())
def test_graph_round_trip(case: Case) -> None:
    g = EcoGraph.from_case(case)
    assert g.to_case() == case
    assert g.copy().to_case() == case


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=cases())
def test_save_then_load_files(tmp_path_factory: pytest.TempPathFactory, case: Case) -> None:
    folder = tmp_path_factory.mktemp("rt")
    for name in ("c.yaml", "c.json"):
        save_case(case, folder / name)
        assert load_case(folder / name) == case


# ---------------------------------------------------------------------------- mutations
def _rejected(data: dict[str, Any], fmt: str = "yaml") -> list[Any]:
    text = (
        json.dumps(data)
        if fmt == "json"
        else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    )
    with pytest.raises(CaseFileError) as err:
        loads_case(text, fmt=fmt, source="m." + fmt)  # type: ignore[arg-type]
    return err.value.problems


def _refs(data: dict[str, Any]) -> list[tuple[list[str | int], str]]:
    """Every place that names an actor, as (path, field text)."""
    out: list[tuple[list[str | int], str]] = []
    for i, a in enumerate(data.get("actors", [])):
        for j, _ in enumerate(a.get("member_of", [])):
            out.append((["actors", i, "member_of", j], f"actors[{i}].member_of[{j}]"))
    for i, g in enumerate(data.get("goals", [])):
        for j, _ in enumerate(g.get("stances", [])):
            out.append((["goals", i, "stances", j, "actor"], f"goals[{i}].stances[{j}].actor"))
    for i, _ in enumerate(data.get("relationships", [])):
        for end in ("source", "target"):
            out.append((["relationships", i, end], f"relationships[{i}].{end}"))
    for i, ag in enumerate(data.get("agreements", [])):
        for j, _ in enumerate(ag["parties"]):
            out.append(
                (["agreements", i, "parties", j, "actor"], f"agreements[{i}].parties[{j}].actor")
            )
        if "convener" in ag:
            out.append((["agreements", i, "convener"], f"agreements[{i}].convener"))
    return out


def _set(data: Any, path: list[str | int], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _fields(problems: list[Any]) -> list[str | None]:
    return [p.field for p in problems]


@SETTINGS
@given(case=cases(), data=st.data())
def test_dangling_reference_is_rejected(case: Case, data: st.DataObject) -> None:
    d = case_to_data(case)
    refs = _refs(d)
    assume(refs)
    path, field = data.draw(st.sampled_from(refs))
    ghost = "ghost-" + "-".join(a.id for a in case.actors)[:40]
    _set(d, path, ghost)
    for fmt in ("yaml", "json"):
        problems = _rejected(copy.deepcopy(d), fmt)
        hits = [p for p in problems if p.field == field]
        if not hits:
            # a relationship end that was also mandated or had a perception is refused by the
            # relationship itself (those must name one of its two ends) before references are
            # checked across the case
            parent = field.rsplit(".", 1)[0]
            hits = [p for p in problems if p.field == parent and "of the two ends" in p.message]
            assert hits, _fields(problems)
        else:
            assert all("is not an actor of this case" in p.message for p in hits)


@SETTINGS
@given(case=cases(), data=st.data())
def test_duplicate_id_is_rejected(case: Case, data: st.DataObject) -> None:
    d = case_to_data(case)
    i, j = data.draw(
        st.lists(st.integers(0, len(d["actors"]) - 1), min_size=2, max_size=2, unique=True).map(
            sorted
        )
    )
    d["actors"][j]["id"] = d["actors"][i]["id"]
    problems = _rejected(d)
    assert any(p.field == f"actors[{j}].id" and "used twice" in p.message for p in problems), (
        _fields(problems)
    )


@SETTINGS
@given(
    case=cases(), data=st.data(), bad=st.one_of(st.floats(1.0001, 1e6), st.floats(-1e6, -0.0001))
)
def test_out_of_range_power_or_stance_is_rejected(
    case: Case, data: st.DataObject, bad: float
) -> None:
    d = case_to_data(case)
    places = [(["actors", i, "power"], f"actors[{i}].power") for i in range(len(d["actors"]))]
    for i, g in enumerate(d.get("goals", [])):
        for j, _ in enumerate(g.get("stances", [])):
            places.append((["goals", i, "stances", j, "stance"], f"goals[{i}].stances[{j}].stance"))
    path, field = data.draw(st.sampled_from(places))
    if path[-1] == "stance" and -1 <= bad <= 1:
        bad = 2.0
    _set(d, path, bad)
    for fmt in ("yaml", "json"):
        problems = _rejected(copy.deepcopy(d), fmt)
        assert any(p.field == field and "than or equal to" in p.message for p in problems), _fields(
            problems
        )


@SETTINGS
@given(case=cases(), data=st.data(), name=st.from_regex(r"[a-z]{3,10}_x", fullmatch=True))
def test_unknown_field_is_rejected(case: Case, data: st.DataObject, name: str) -> None:
    d = case_to_data(case)
    places: list[tuple[Any, str]] = [(d, name)]
    places += [(a, f"actors[{i}].{name}") for i, a in enumerate(d["actors"])]
    places += [(r, f"relationships[{i}].{name}") for i, r in enumerate(d.get("relationships", []))]
    places += [(g, f"goals[{i}].{name}") for i, g in enumerate(d.get("goals", []))]
    places += [(a, f"agreements[{i}].{name}") for i, a in enumerate(d.get("agreements", []))]
    target, field = data.draw(st.sampled_from(places))
    target[name] = 1
    problems = _rejected(d)
    assert any(p.field == field and "unknown field" in p.message for p in problems), _fields(
        problems
    )


@SETTINGS
@given(case=cases(), data=st.data(), role=st.sampled_from(sorted(EXCLUDED)))
def test_change_agent_in_another_system_is_rejected(
    case: Case, data: st.DataObject, role: Role
) -> None:
    d = case_to_data(case)
    agents = [i for i, a in enumerate(case.actors) if Role.CHANGE_AGENT in a.roles]
    i = data.draw(st.sampled_from(agents))
    d["actors"][i]["roles"] = [*d["actors"][i]["roles"], role.value]
    problems = _rejected(d)
    hits = [p for p in problems if p.field == f"actors[{i}].roles" and p.rule]
    assert hits and "never becomes part of any of these systems" in hits[0].rule


@SETTINGS
@given(case=cases(), data=st.data())
def test_membership_cycle_is_rejected(case: Case, data: st.DataObject) -> None:
    d = case_to_data(case)
    n = len(d["actors"])
    i, j = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    for x, y in ((i, j), (j, i)):
        groups = d["actors"][x].setdefault("member_of", [])
        if d["actors"][y]["id"] not in groups:
            groups.append(d["actors"][y]["id"])
    problems = _rejected(d)
    assert any(
        p.field in (f"actors[{i}].member_of", f"actors[{j}].member_of") and "cycle" in p.message
        for p in problems
    ), _fields(problems)


def _misspell(word: str, k: int) -> str:
    k %= len(word)
    return word[:k] + word[k + 1 :] if len(word) > 4 else word + "x"


@SETTINGS
@given(case=cases(), data=st.data(), k=st.integers(0, 30))
def test_misspelt_word_is_rejected_with_a_suggestion(
    case: Case, data: st.DataObject, k: int
) -> None:
    d = case_to_data(case)
    places: list[tuple[list[str | int], str]] = []
    for i, a in enumerate(d["actors"]):
        places += [
            (["actors", i, "roles", j], f"actors[{i}].roles[{j}]")
            for j in range(len(a.get("roles", [])))
        ]
        if "kind" in a:
            places.append((["actors", i, "kind"], f"actors[{i}].kind"))
    for i, r in enumerate(d.get("relationships", [])):
        if "type" in r:
            places.append((["relationships", i, "type"], f"relationships[{i}].type"))
        if "basis" in r:
            places.append((["relationships", i, "basis"], f"relationships[{i}].basis"))
    for i, _ in enumerate(d.get("agreements", [])):
        places.append((["agreements", i, "basis"], f"agreements[{i}].basis"))
    assume(places)
    path, field = data.draw(st.sampled_from(places))
    holder: Any = d
    for part in path[:-1]:
        holder = holder[part]
    word = holder[path[-1]]
    wrong = _misspell(word, k)
    holder[path[-1]] = wrong
    problems = _rejected(d)
    hits = [p for p in problems if p.field == field]
    assert hits, _fields(problems)
    assert f"{wrong!r} is not" in hits[0].message and word in (hits[0].expected or "")


@pytest.mark.parametrize(
    "text", ["\x85", "a\x85b", "line\nbreak", "\u2028", " lead", "tab\tx", "'\"", "#x: y"]
)
def test_awkward_text_round_trips(text: str) -> None:
    # PyYAML alone writes NEL (U+0085) unescaped and reads it back as a space
    case = Case(id="c", title=text, actors=[Actor(id="a", name=text, notes=text)])
    for fmt in ("yaml", "json"):
        assert loads_case(dumps_case(case, fmt), fmt=fmt) == case  # type: ignore[arg-type]
