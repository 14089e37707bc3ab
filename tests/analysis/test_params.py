from __future__ import annotations

import pytest

from ecograph.analysis.params import Params, load_params, loads_params
from ecograph.errors import CaseFileError, InputError


def test_defaults_documented() -> None:
    p = Params()
    for group in (p.weights, p.thresholds):
        for name, field in type(group).model_fields.items():
            assert field.description, name


def test_partial_config_keeps_defaults(tmp_path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("weights:\n  power_gap: 2.0\nsigns:\n  agreement: 0.25\n")
    p = load_params(f)
    assert p.weights.power_gap == 2.0
    assert p.signs.agreement == 0.25
    assert p.weights.trend == Params().weights.trend


def test_unknown_and_out_of_range_settings_are_listed() -> None:
    with pytest.raises(CaseFileError) as err:
        loads_params("weights: {powr_gap: 1}\nthresholds: {power_gap: 3}", source="p.yaml")
    text = str(err.value)
    assert "weights.powr_gap" in text and "unknown setting" in text
    assert "thresholds.power_gap" in text and "less than or equal to 1" in text


def test_bad_yaml_and_missing_file(tmp_path) -> None:
    with pytest.raises(InputError, match="not valid YAML"):
        loads_params("weights: [", source="p.yaml")
    with pytest.raises(InputError, match="not a mapping"):
        loads_params("- 1")
    with pytest.raises(InputError, match="file not found"):
        load_params(tmp_path / "nope.yaml")
