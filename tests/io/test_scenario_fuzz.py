"""Fuzz the scenario loader: every input is loaded or rejected with a clear error, never a crash.

Two generators: scenario-shaped documents built from the fields and vocabulary of the format
with wrong types, unknown keys and bad values mixed in (so most inputs get deep into the
checks), and arbitrary text. Accepted scenarios are also applied to the case.
"""

import datetime as dt
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecograph import load_graph
from ecograph.analysis.whatif import apply_scenario
from ecograph.errors import EcographError
from ecograph.io.scenario import loads_scenario
from ecograph.model.scenario import Scenario

GRAPH = load_graph("examples/child-protection.yaml")
IDS = ["roberta", "susan", "family", "police", "advocate", "fgc", "cs-team", "nobody", "grandmother"]
KINDS = ["add_advocate", "family_group_conference", "redistribute_authority",
         "conclude_agreement", "change_stance", "end_relationship", "add_advocat"]
FIELDS = ["client", "toward", "advocate", "name", "power", "strength", "authority", "date",
          "family", "members", "agencies", "coordinator", "start", "end", "giver", "receiver",
          "amount", "parties", "basis", "id", "terms", "actor", "goal", "stance", "weight",
          "between", "extra"]

scalars = st.one_of(
    st.sampled_from(IDS),
    st.sampled_from(["law", "exchange", "culture", "lw", "safe-care", "home-visits"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-5, 5),
    st.booleans(),
    st.none(),
    st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)).map(str),
    st.text(max_size=8),
)
values = st.one_of(scalars, st.lists(scalars, max_size=4))
spec = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)
item = st.one_of(
    st.dictionaries(st.sampled_from(KINDS), spec, min_size=1, max_size=2),
    scalars,
)
document = st.fixed_dictionaries(
    {
        "ecograph-scenario": st.sampled_from([1, 1, 1, 2, "1", None]),
        "id": st.sampled_from(["s", "", " x"]),
        "title": st.sampled_from(["T", ""]),
        "interventions": st.lists(item, max_size=4),
    },
    optional={
        "date": st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)).map(str),
        "case": st.sampled_from(["child-protection-roberta", "other"]),
        "as_of": scalars,
        "bogus": scalars,
    },
)

FUZZ = settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))


def _check(text: str, fmt: str = "yaml") -> None:
    try:
        s = loads_scenario(text, fmt=fmt, source="fuzz.yaml", graph=GRAPH)  # type: ignore[arg-type]
    except EcographError as exc:
        assert str(exc).startswith("fuzz.yaml"), str(exc)
        assert "Traceback" not in str(exc)
        return
    assert isinstance(s, Scenario)
    try:
        apply_scenario(GRAPH, s)
    except EcographError:
        pass  # a rule of the model refused it, with a clear error


@FUZZ
@given(document)
def test_scenario_shaped_documents(doc):
    _check(yaml.safe_dump(doc, sort_keys=False))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(document)
def test_scenario_shaped_json(doc):
    _check(json.dumps(doc), fmt="json")


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=200))
def test_arbitrary_text(text):
    _check(text)
