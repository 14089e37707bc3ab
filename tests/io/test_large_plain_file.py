"""A large plain case file is not mistaken for an alias bomb (the 10,000-actor benchmark case)."""

import yaml

from ecograph.io import casefile


def test_plain_document_over_the_node_limit_is_accepted(monkeypatch) -> None:
    monkeypatch.setattr(casefile, "MAX_NODES", 3000)
    text = "".join(f"- {{a: {i}}}\n" for i in range(2000))  # about 6,000 nodes, no aliases
    casefile._check_shape(yaml.compose(text, Loader=yaml.SafeLoader), "big.yaml")


def test_alias_expansion_over_the_limit_is_still_refused(monkeypatch) -> None:
    import pytest

    from ecograph.errors import CaseFileError

    monkeypatch.setattr(casefile, "MAX_NODES", 3000)
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    text += "c: [" + ", ".join(["*b"] * 40) + "]\n"
    with pytest.raises(CaseFileError, match="expands to more than 3000 items"):
        casefile._check_shape(yaml.compose(text, Loader=yaml.SafeLoader), "bomb.yaml")


def test_plain_document_of_wide_records_is_accepted(monkeypatch) -> None:
    """Records with many fields: scalars outnumber the collections holding them more than
    ALIAS_EXPANSION times, yet nothing is expanded: every scalar is written in the file."""
    monkeypatch.setattr(casefile, "MAX_NODES", 3000)
    fields = ", ".join(f"f{j}: {j}" for j in range(15))
    text = "".join(f"- {{id: {i}, {fields}}}\n" for i in range(300))  # ~9,600 nodes, 301 maps
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    casefile._check_shape(root, "wide.yaml")
