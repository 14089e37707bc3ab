from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from ecograph.io.signed_csv import read_groups, read_signed_edges

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def tribes() -> nx.Graph:
    """Read's Highland Tribes (16 tribes, 58 signed ties), see tests/data/README.md."""
    return read_signed_edges(DATA / "highland_tribes_edges.csv")


@pytest.fixture(scope="session")
def tribes_groups() -> dict[str, str]:
    """The three alliance groups of Hage & Harary (1983)."""
    return read_groups(DATA / "highland_tribes_groups.csv")
