"""The quick reading of case files (ecograph/io/quickparse.py) gives what the located reader gives.

The quick path may only ever say "not sure" (None): whatever it returns must be the data the
located reader (``parse_document``) builds from the same text, and ``loads_case`` must return
the same case, or raise the same located errors, either way.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecograph.errors import CaseFileError
from ecograph.io.casefile import MAX_DEPTH, data_to_case, dumps_case, loads_case, parse_document
from ecograph.io.quickparse import quick_data
from tests.conftest import EXAMPLES as EXAMPLES_DIR
from tests.strategies import cases

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


def located(text: str, fmt: str) -> object:
    data, _ = parse_document(text, fmt=fmt, source="x")  # type: ignore[arg-type]
    return data


def same(a: object, b: object) -> bool:
    return a == b and repr(a) == repr(b)  # repr: 1 and 1.0 and True are told apart


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_read_quickly_to_the_same_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for fmt, body in (("yaml", text), ("json", dumps_case(loads_case(text), "json"))):
        quick = quick_data(body, fmt, max_depth=MAX_DEPTH)  # type: ignore[arg-type]
        assert quick is not None, f"{path.name} as {fmt} missed the quick path"
        assert same(quick, located(body, fmt))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(full=True, goals=True))
def test_generated_cases_read_the_same_either_way(case) -> None:
    for fmt in ("yaml", "json"):
        text = dumps_case(case, fmt)
        quick = quick_data(text, fmt, max_depth=MAX_DEPTH)  # type: ignore[arg-type]
        data, root = parse_document(text, fmt=fmt, source="x")  # type: ignore[arg-type]
        if quick is not None:
            assert same(quick, data)
        assert loads_case(text, fmt=fmt) == data_to_case(data, root=root) == case  # type: ignore[arg-type]


SCALAR = st.text(alphabet="0123456789.:-+_eEoxbTtrueFfalsYyNnOo~ ", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(value=SCALAR)
def test_plain_scalars_are_built_as_the_located_reader_builds_them(value: str) -> None:
    text = f"a: {value}\nb: [{value}]\n"
    try:
        expected = located(text, "yaml")
    except CaseFileError:
        assert quick_data(text, "yaml", max_depth=MAX_DEPTH) is None
        return
    quick = quick_data(text, "yaml", max_depth=MAX_DEPTH)
    assert quick is None or same(quick, expected)


@settings(max_examples=200, deadline=None)
@given(number=st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_json_numbers_are_read_as_the_located_reader_reads_them(number: float) -> None:
    text = json.dumps({"v": number})
    quick = quick_data(text, "json", max_depth=MAX_DEPTH)
    assert quick is None or same(quick, located(text, "json"))


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("a: &x [1]\nb: *x\n", "yaml"),  # an alias
        ("a: {<<: {b: 1}}\n", "yaml"),  # a merge key
        ("a: 1\na: 2\n", "yaml"),  # a key given twice
        ("a: 1\n'a': 2\n", "yaml"),
        ("a: !!set {x}\n", "yaml"),  # an unusual tag
        ("? [1]\n: 2\n", "yaml"),  # a key that is a list
        ("=: 1\n", "yaml"),  # YAML 1.1's value key
        ("a: 2026-02-30\n", "yaml"),  # not a real date
        ("[" * 65 + "]" * 65, "yaml"),  # deeper than the located reader accepts
        ('{"a": 1, "a": 2}', "json"),
        ('{"v": 1e5}', "json"),  # a text for YAML 1.1
        ('{"v": NaN}', "json"),
        ('{"v": "\\ud83d\\ude00"}', "json"),
        ("[" * 65 + "]" * 65, "json"),
        ("", "yaml"),
    ],
)
def test_anything_not_plain_goes_to_the_located_reader(text: str, fmt: str) -> None:
    assert quick_data(text, fmt, max_depth=MAX_DEPTH) is None  # type: ignore[arg-type]


def test_nesting_up_to_the_limit_is_read_quickly() -> None:
    text = "[" * 64 + "]" * 64  # the deepest the located reader accepts
    assert same(quick_data(text, "yaml", max_depth=MAX_DEPTH), located(text, "yaml"))
    assert same(quick_data(text, "json", max_depth=MAX_DEPTH), located(text, "json"))


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(enabled: bool) -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        loads_case(text)
        assert gc.isenabled() is enabled
        with pytest.raises(CaseFileError):
            loads_case(text.replace("ecograph: 1", "ecograph: 9", 1))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
