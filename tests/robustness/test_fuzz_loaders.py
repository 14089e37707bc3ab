"""Fuzz the loaders: every input is loaded or rejected with an EcographError, never a crash or hang.

With FUZZ_EXAMPLES = N (3000 in CI, where ``CI=true``; 300 locally unless
``ECOGRAPH_FUZZ_EXAMPLES`` says otherwise) each loader gets at least 2N/3 generated inputs:
YAML case files N/2 text mutations + N/4 structural changes + N/3 arbitrary texts; JSON case
files N/3 + N/3 arbitrary texts; CSV (all five files) 2N/3; scenario files (loaded against the
child-protection case and, when valid, applied to it) N/2 + N/4; GraphML N/5. Every single input
has a deadline, so a hang fails the test instead of stalling the suite. About three to four
minutes in CI on two shared cores.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecograph.errors import EcographError
from ecograph.graph import EcoGraph
from ecograph.io.casefile import case_to_data, loads_case
from ecograph.io.csvfiles import dumps_csv, loads_csv
from ecograph.io.graphfiles import dumps_graphml, loads_graphml
from ecograph.io.scenario import loads_scenario
from tests.conftest import EXAMPLES

FUZZ_EXAMPLES = int(
    os.environ.get("ECOGRAPH_FUZZ_EXAMPLES", "3000" if os.environ.get("CI") == "true" else "300")
)
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,  # each test below takes its share with settings(FUZZ, ...)
    deadline=timedelta(seconds=5),
    suppress_health_check=list(HealthCheck),
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.fuzz,
    pytest.mark.timeout(900),
    pytest.mark.filterwarnings("ignore:No key type for id:UserWarning"),  # broken GraphML keys
]

# A small case that uses every part of the format, so mutations reach every field.
SEED = """\
ecograph: 1
id: seed
title: Seed case
start: 2026-01-05
actors:
  - {id: w, name: Worker, roles: [change_agent], power: 0.7}
  - {id: fam, name: Family, kind: family, roles: [client, target], voluntariness: mandated}
  - {id: mum, name: Mum, member_of: [fam], attributes: {age: 30, lead: true}}
  - {id: pol, name: Police, kind: organization, roles: [action], power: 0.9}
goals:
  - id: g1
    description: Keep the baby at home
    stances: [{actor: fam, stance: 1}, {actor: pol, stance: -0.5, weight: 0.5}]
relationships:
  - source: w
    target: fam
    mandated: [fam]
    history:
      - {date: 2026-01-05, type: conflict, strength: 0.6, note: first visit}
      - {date: 2026-02-01, mix: {agreement: 0.4, conflict: 0.6}, perceived_by: fam}
  - {source: w, target: pol, type: agreement, basis: law, strength: 0.5,
     perceptions: [{by: pol, type: cooperation}]}
agreements:
  - id: a1
    parties: [{actor: w, gives: visits}, {actor: fam, gets: support}]
    basis: compromise
    start: 2026-02-01
    convener: pol
"""
SEED_DATA = yaml.safe_load(SEED)
SEED_CASE = loads_case(SEED)
SEED_JSON = json.dumps(case_to_data(SEED_CASE), indent=1, default=str)
SEED_CSV = dumps_csv(SEED_CASE)
SEED_GRAPHML = dumps_graphml(SEED_CASE)

# A scenario for examples/child-protection.yaml with every kind of intervention.
SCENARIO = """\
ecograph-scenario: 1
id: all
title: Every intervention
case: child-protection-roberta
date: 2026-06-30
interventions:
  - add_advocate: {client: roberta, toward: [susan], strength: 0.8, authority: 0.5}
  - family_group_conference: {family: family, agencies: [cs-team, nursery], coordinator: fgc,
                              start: 2026-06-01, end: 2026-09-01}
  - redistribute_authority: {giver: police, receiver: cs-team, amount: 0.2, start: 2026-05-01}
  - conclude_agreement: {parties: [susan, roberta], basis: law, terms: visits, strength: 0.6}
  - change_stance: {actor: roberta, goal: home-visits, stance: 0.2, weight: 0.5}
  - end_relationship: {between: [nursery, roberta], date: 2026-06-15}
"""
CP_GRAPH = EcoGraph.from_case(loads_case((EXAMPLES / "child-protection.yaml").read_text()))
SCENARIO_DATA = yaml.safe_load(SCENARIO)

# Characters and words that matter to the parsers.
TOKENS = st.sampled_from(
    [":", "-", "- ", "[", "]", "{", "}", ",", "&a", "*a", "!!", "!!python/object", "|", ">",
     "'", '"', "#", "%", "@", "`", "\n", "\t", "  ", "\\", "\x00", "\ufeff", "~", "null", "true",
     "1e999", "-0", "nan", ".inf", "2026-02-30", "2026-13-01", "9" * 50, "<<: *a", "? ",
     "ecograph: 2", "type: conflit", "cooperation", "change_agent", "client", "id", "source",
     "target", "history", "<", ">", "&amp;", "<!ENTITY", "]]>", ";", "\r\n", "é", "😀"]
)  # fmt: skip
INSERT = st.lists(TOKENS | st.text(max_size=4), max_size=4).map("".join)


@st.composite
def mutated(draw: Any, text: str) -> str:
    """Apply a few random edits (delete, insert, duplicate or drop lines) to ``text``."""
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "dup_line", "drop_line"]))
        if op in ("dup_line", "drop_line"):
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines[i : i + 1] = [lines[i], lines[i]] if op == "dup_line" else []
            text = "\n".join(lines)
            continue
        i = draw(st.integers(0, len(text)))
        n = draw(st.integers(0, 12)) if op != "insert" else 0
        new = draw(INSERT) if op != "delete" else ""
        text = text[:i] + new + text[i + n :]
    return text


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    | st.dates().map(str) | st.sampled_from(["cooperation", "client", "w", "fam", "2026-01-01"]),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4),
    max_leaves=12,
)  # fmt: skip


@st.composite
def replaced(draw: Any, seed: Any = SEED_DATA) -> Any:
    """Return the seed data with the value at one random path replaced by random data."""
    data = json.loads(json.dumps(seed, default=str))
    node: Any = data
    for _ in range(draw(st.integers(0, 5))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            key = draw(st.integers(0, len(node) - 1))
        else:
            break
        if not isinstance(node[key], dict | list) or draw(st.booleans()):
            node[key] = draw(JSONISH)
            return data
        node = node[key]
    if isinstance(node, dict):
        node[draw(st.text(max_size=8))] = draw(JSONISH)
    elif isinstance(node, list):
        node.append(draw(JSONISH))
    return data


def must_load_or_reject(load: Any, *args: Any, **kwargs: Any) -> None:
    try:
        load(*args, **kwargs)
    except EcographError as exc:
        text = str(exc)
        assert text.strip(), "an error must say what is wrong"
        assert "Traceback" not in text


def share(fraction: float) -> settings:
    return settings(FUZZ, max_examples=max(50, int(FUZZ_EXAMPLES * fraction)))


@share(1 / 2)
@given(mutated(SEED))
def test_yaml_case_text_mutations(text: str):
    must_load_or_reject(loads_case, text, fmt="yaml", source="fuzz.yaml")


@share(1 / 4)
@given(replaced())
def test_yaml_case_structure(data: Any):
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True)
    must_load_or_reject(loads_case, text, fmt="yaml", source="fuzz.yaml")


@share(1 / 3)
@given(mutated(SEED_JSON) | replaced().map(lambda d: json.dumps(d)))
def test_json_case_files(text: str):
    must_load_or_reject(loads_case, text, fmt="json", source="fuzz.json")


@share(1 / 3)
@given(st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_arbitrary_text_as_case_file(text: str):
    must_load_or_reject(loads_case, text, fmt="yaml", source="fuzz.yaml")
    must_load_or_reject(loads_case, text, fmt="json", source="fuzz.json")


@share(2 / 3)
@given(
    mutated(SEED_CSV["actors.csv"]),
    mutated(SEED_CSV["relationships.csv"]),
    st.none() | mutated(SEED_CSV["relationship-history.csv"]),
    st.none() | mutated(SEED_CSV["goals.csv"]),
    st.none() | mutated(SEED_CSV["agreements.csv"]),
)
def test_csv_files(
    actors: str, relationships: str, history: str | None, goals: str | None, agreements: str | None
):
    must_load_or_reject(
        loads_csv, actors, relationships, history, goals=goals, agreements=agreements,
        case_id="c", title="T",
    )  # fmt: skip


@share(1 / 5)
@given(mutated(SEED_GRAPHML))
def test_graphml_files(text: str):
    must_load_or_reject(loads_graphml, text, source="fuzz.graphml")


def load_and_apply(text: str) -> None:
    """Load a scenario against the case and, when it loads, apply it to a copy of the case."""
    from ecograph.analysis.whatif import apply_scenario

    scenario = loads_scenario(text, source="fuzz-scenario.yaml", graph=CP_GRAPH)
    apply_scenario(CP_GRAPH, scenario)


@share(1 / 2)
@given(mutated(SCENARIO))
def test_scenario_text_mutations(text: str):
    must_load_or_reject(load_and_apply, text)


@share(1 / 4)
@given(replaced(SCENARIO_DATA))
def test_scenario_structure(data: Any):
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True)
    must_load_or_reject(load_and_apply, text)
