"""Case files are written and read with libyaml when PyYAML has it, and nothing shows it:
the text written and the data read are those of the pure-Python emitter and parser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ecograph.io import casefile
from ecograph.io.casefile import case_to_data, dumps_case, load_case, loads_case

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


_PURE_PYTHON = casefile.case_dumper(yaml.SafeDumper)


def test_pyyaml_here_has_libyaml():
    # The speed (100,000 relationships: written in 11 s instead of 35, read in 22 instead of
    # 80) depends on it; PyYAML's wheels for Linux, macOS and Windows all carry it.
    assert yaml.__with_libyaml__
    assert issubclass(casefile._Dumper, yaml.CSafeDumper)
    assert casefile._FAST_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_written_text_is_the_pure_python_emitters(example: Path):
    case = load_case(example)
    pure = casefile.yaml_text(case_to_data(case), _PURE_PYTHON)
    assert dumps_case(case) == pure
    assert loads_case(pure, source=example.name) == case


def test_odd_text_round_trips_through_the_fast_emitter():
    odd = [
        "a\x85b",
        "tab\there",
        "ünïcødé ✓",
        "two\nlines",
        "  lead",
        "x: y",
        "'q'",
        '"dq"',
        "\u2028sep",
        "#not a comment",
        "- not a list",
        "yes",
        "null",
        "2026-01-05",
    ]
    for text in odd:
        written = yaml.dump({"t": text}, Dumper=casefile._Dumper, allow_unicode=True)
        assert yaml.safe_load(written)["t"] == text, written
