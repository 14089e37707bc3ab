"""Redaction: keyed stable pseudonyms, no free text, analysis unchanged up to renaming."""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from ecograph.analysis.balance import triangle_census
from ecograph.analysis.early_warning import early_warnings
from ecograph.analysis.likelihood import assess
from ecograph.analysis.signed_view import signed_graph
from ecograph.cli import app
from ecograph.errors import InputError
from ecograph.graph import EcoGraph
from ecograph.io.casefile import dumps_case, load_case
from ecograph.io.redact import Pseudonymizer, load_key, redact_case, role_names
from ecograph.model import (
    ActorKind,
    AgreementBasis,
    AgreementStatus,
    Case,
    RelationType,
    Role,
    Voluntariness,
)
from tests.conftest import EXAMPLES, example_files
from tests.strategies import cases

KEY = b"k" * 16 + b"teaching-key"
CP = EXAMPLES / "child-protection.yaml"


def free_text(case: Case) -> set[str]:
    """Every name, note and other free text of a case (what must not survive redaction)."""
    out = {case.title, case.description or "", case.author or "", case.id}
    for a in case.actors:
        out |= {a.id, a.name, a.notes or ""}
    for g in case.goals:
        out |= {g.id, g.description}
    for r in case.relationships:
        out |= {r.terms or "", r.notes or "", r.id or ""}
        out |= {o.note or "" for o in r.history} | {o.recorded_by or "" for o in r.history}
    for ag in case.agreements:
        out |= {ag.id, ag.terms or ""} | {p.gives or "" for p in ag.parties}
        out |= {p.gets or "" for p in ag.parties}
    vocab = {v.value.lower() for e in (ActorKind, Role, RelationType, AgreementBasis) for v in e}
    return {x for x in out if len(x) >= 4 and x.lower() not in vocab}


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_no_name_id_or_note_survives(path: Path):
    case = load_case(path)
    text = dumps_case(redact_case(case, key=KEY))
    for label in role_names(case, KEY).values():  # made from roles: "worker" is not a name here
        text = text.replace(f"name: {label}\n", "")
    leaked = [x for x in free_text(case) if x in text]
    assert leaked == []


def test_same_key_same_pseudonyms_across_files_other_key_different():
    case = load_case(CP)
    other = case.model_copy(update={"id": "another-case", "title": "Another file"})
    a, b = redact_case(case, key=KEY), redact_case(other, key=KEY)
    assert [x.id for x in a.actors] == [x.id for x in b.actors]
    assert [x.name for x in a.actors] == [x.name for x in b.actors]
    c = redact_case(case, key=b"another key of sixteen+ bytes")
    assert not {x.id for x in a.actors} & {x.id for x in c.actors}


def test_pseudonyms_depend_on_the_key_not_only_on_the_name():
    # Without the key, hashing the guessed name must not give the pseudonym.
    import base64
    import hashlib

    guess = base64.b32encode(hashlib.sha256(b"actor\x00roberta").digest()).decode()[:10].lower()
    assert Pseudonymizer(KEY).actor_id("roberta") != "a-" + guess


def test_dates_shift_by_a_constant_and_intervals_are_kept():
    case = load_case(CP)
    out = redact_case(case, key=KEY, shift_days=-365)
    assert out.start == case.start - dt.timedelta(days=365)
    for r0, r1 in zip(case.relationships, out.relationships, strict=True):
        assert [o.date - dt.timedelta(days=-365) for o in r1.history] == [o.date for o in r0.history]


def rename(case: Case):
    p = Pseudonymizer(KEY)
    return {a.id: p.actor_id(a.id) for a in case.actors}


def edges(g, m=None):
    m = m or {}
    return {
        frozenset((m.get(u, u), m.get(v, v))): (d["sign"], round(d["signed"], 12), d["type"])
        for u, v, d in g.edges(data=True)
    }


def assess_view(graph: EcoGraph, m=None, as_of=None):
    m = m or {}
    res = assess(graph, as_of=as_of)
    pairs = {
        frozenset((m.get(p.a, p.a), m.get(p.b, p.b))): (
            p.related,
            p.dominant,
            p.current,
            {k: round(v, 12) for k, v in p.likelihood.items()},
            [(r.rule, r.features, r.effect) for r in p.reasons],
        )
        for p in res.pairs
    }
    tactics = sorted(
        (m.get(t.actor, t.actor), t.tactic, t.basis, t.deliberate_conflict, t.risk)
        for t in res.tactics
    )
    return pairs, tactics


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_analysis_of_the_redacted_map_equals_the_original_up_to_renaming(path: Path):
    case = load_case(path)
    m = rename(case)
    g0 = EcoGraph.from_case(case)
    g1 = EcoGraph.from_case(redact_case(case, key=KEY))
    assert edges(signed_graph(g1)) == edges(signed_graph(g0), m)
    assert triangle_census(signed_graph(g1)).as_dict() == triangle_census(signed_graph(g0)).as_dict()
    assert assess_view(g1) == assess_view(g0, m)


def test_shifted_dates_give_the_same_warnings_on_the_shifted_day():
    case = load_case(CP)
    m = rename(case)
    day = dt.date(2026, 7, 1)
    shift = 40
    g0 = EcoGraph.from_case(case)
    g1 = EcoGraph.from_case(redact_case(case, key=KEY, shift_days=shift))
    w0 = early_warnings(g0, as_of=day)
    w1 = early_warnings(g1, as_of=day + dt.timedelta(days=shift))
    assert w0, "the example is expected to warn by July"
    moved = sorted(
        (w.kind, tuple(m[a] for a in w.actors), w.since + dt.timedelta(days=shift) if w.since else None)
        for w in w0
    )
    assert moved == sorted((w.kind, w.actors, w.since) for w in w1)
    assert assess_view(g1, as_of=day + dt.timedelta(days=shift)) == assess_view(g0, m, as_of=day)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(full=True))
def test_redaction_keeps_structure_of_any_case(case: Case):
    out = redact_case(case, key=KEY)
    m = rename(case)
    assert [m[a.id] for a in case.actors] == [a.id for a in out.actors]
    assert [(a.kind, a.roles, a.power, a.voluntariness, [m[g] for g in a.member_of]) for a in case.actors] == [
        (a.kind, a.roles, a.power, a.voluntariness, a.member_of) for a in out.actors
    ]
    for r0, r1 in zip(case.relationships, out.relationships, strict=True):
        assert (m[r0.source], m[r0.target]) == (r1.source, r1.target)
        assert r0.state() == r1.state()
    assert edges(signed_graph(EcoGraph.from_case(out))) == edges(signed_graph(EcoGraph.from_case(case)), m)


def test_key_from_env_or_file_never_printed(tmp_path: Path, monkeypatch):
    secret = "correct horse battery staple 42"
    monkeypatch.setenv("ECOGRAPH_TEST_KEY", secret)
    out = tmp_path / "red.yaml"
    r = CliRunner().invoke(app, ["redact", str(CP), "-o", str(out), "--key-env", "ECOGRAPH_TEST_KEY"])
    assert r.exit_code == 0, r.output
    assert secret not in r.output and secret not in out.read_text()
    keyfile = tmp_path / "key"
    keyfile.write_text(secret + "\n")
    out2 = tmp_path / "red2.yaml"
    r = CliRunner().invoke(app, ["redact", str(CP), "-o", str(out2), "--key-file", str(keyfile)])
    assert r.exit_code == 0, r.output
    assert out.read_text() == out2.read_text()  # same key from env or file: same copy
    assert "roberta" not in out.read_text().lower()


def test_short_or_missing_key_is_a_clear_error_without_the_key(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SHORTKEY", "tiny-secret")
    with pytest.raises(InputError) as err:
        load_key(env="SHORTKEY")
    assert "tiny-secret" not in str(err.value) and "too short" in str(err.value)
    r = CliRunner().invoke(app, ["redact", str(CP), "-o", str(tmp_path / "x.yaml"), "--key-env", "UNSET_VAR_X"])
    assert r.exit_code == 2 and "UNSET_VAR_X" in r.output
    assert not (tmp_path / "x.yaml").exists()


def test_without_a_key_a_random_key_is_used_and_said():
    key1, given1 = load_key()
    key2, _ = load_key()
    assert not given1 and key1 != key2 and len(key1) >= 16
    _ = (json, os)


def _renamer(case: Case, key: bytes = KEY):
    """Return a function that puts the original ids and names back into redacted output.

    (This direction is safe: a pseudonym such as ``a-yolgwhaasb`` never collides with a word
    of the analysis' own text, while an original id such as ``worker`` may.)
    """
    import re

    p = Pseudonymizer(key)
    subs = {role_names(case, key)[a.id]: a.name for a in case.actors}
    subs |= {p.actor_id(a.id): a.id for a in case.actors}
    subs |= {"Goal " + p.code("goal-text", g.description, 8): g.description for g in case.goals}
    subs |= {p.other_id("goal", g.id): g.id for g in case.goals}
    subs |= {p.other_id("agreement", ag.id): ag.id for ag in case.agreements}
    keys = sorted(subs, key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(k)}(?![\w-])" for k in keys))

    def text(s: str) -> str:
        return subs[s] if s in subs else pattern.sub(lambda m: subs[m.group(0)], s)

    return text


def _canonical(value, text=lambda s: s):
    """JSON data with strings rewritten and lists sorted (order follows ids, which change)."""
    if isinstance(value, dict):
        return {text(str(k)): _canonical(v, text) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v, text) for v in value]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, default=str))
    if isinstance(value, str):
        return text(value)
    if isinstance(value, float):
        return round(value, 9)
    return value


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_full_analysis_report_is_unchanged_up_to_renaming(path: Path):
    from ecograph.analysis.report import analyze

    case = load_case(path)
    red = redact_case(case, key=KEY)
    before = analyze(EcoGraph.from_case(case)).to_json()
    after = analyze(EcoGraph.from_case(red)).to_json()
    for d in (before, after):
        d.pop("case"), d.pop("title")
    assert _canonical(after, _renamer(case)) == _canonical(before)


def _strings(value):
    """Yield the string values (not the field names) of dumped data."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(full=True))
def test_no_free_text_of_any_case_survives_in_any_field(case: Case):
    import re

    made = re.compile(r"[a-z]-[a-z2-7]{10}|[A-Z][a-z]+ [A-Z2-7]{8}|[A-Z2-7]{8}")  # pseudonyms
    labels = set(role_names(case, KEY).values())
    vocab = {v.value for e in (ActorKind, Role, RelationType, AgreementBasis) for v in e}
    vocab |= {v.value for e in (AgreementStatus, Voluntariness) for v in e}
    dumped = redact_case(case, key=KEY).model_dump(mode="json")
    leaves = [
        x for x in _strings(dumped) if not made.fullmatch(x) and x not in vocab | labels
    ]
    secrets_ = {s for s in free_text(case) if len(s.strip()) >= 5 and s not in vocab}
    for attr in (a.attributes for a in case.actors):
        secrets_ |= {v for v in attr.values() if isinstance(v, str) and len(v.strip()) >= 5}
    leaked = {s for s in secrets_ for leaf in leaves if s in leaf}
    assert leaked == set()


def test_scenario_redacted_with_the_case_key_gives_the_same_what_if(tmp_path: Path):
    key = tmp_path / "key"
    key.write_text("a teaching key of enough length\n")
    scen = EXAMPLES / "scenarios" / "advocate.yaml"
    rc, rs = tmp_path / "case.yaml", tmp_path / "scen.yaml"
    for src, out in ((CP, rc), (scen, rs)):
        r = CliRunner().invoke(app, ["redact", str(src), "-o", str(out), "--key-file", str(key)])
        assert r.exit_code == 0, r.output
    text = rs.read_text()
    assert "roberta" not in text and "Roberta" not in text and "advocate-in-june" not in text

    def whatif(case: Path, scenario: Path) -> dict:
        r = CliRunner().invoke(app, ["whatif", str(case), "--scenario", str(scenario), "--json"])
        assert r.exit_code == 0, r.output
        data = json.loads(r.output)
        for k in ("case", "scenario", "title"):
            data.pop(k)
        return data

    rename = _renamer(load_case(CP), b"a teaching key of enough length")
    import re

    def ordered(text: str) -> str:  # "b / a / c" and "b -- a" list ids in id order
        for sep in (" / ", " -- "):
            pat = rf"[\w-]+(?:{re.escape(sep)}[\w-]+)+"
            text = re.sub(pat, lambda m, sep=sep: sep.join(sorted(m.group(0).split(sep))), text)
        return text

    after = _canonical(whatif(rc, rs), lambda x: ordered(rename(x)))
    assert after == _canonical(whatif(CP, scen), ordered)
