"""ecograph: the social-work ecosystem model as a living graph.

Change agents, clients, targets and action systems are typed nodes; cooperation, agreement and
conflict are typed, dated edges. ecograph answers where agreement or conflict is likely, why,
and what could change it, and draws it.
"""

from importlib.metadata import PackageNotFoundError, version

from ecograph.errors import CaseFileError, EcographError, InputError, InvariantError, StoreError
from ecograph.graph import EcoGraph
from ecograph.io.casefile import load_case, loads_case, save_case
from ecograph.model import (
    Actor,
    Agreement,
    Case,
    Goal,
    Mix,
    Observation,
    Relationship,
    RelationType,
    Role,
)

try:
    __version__ = version("ecograph")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"


def load_graph(path: str) -> EcoGraph:
    """Load a case file and return its :class:`EcoGraph`."""
    return EcoGraph.from_case(load_case(path), source=path)


__all__ = [
    "Actor",
    "Agreement",
    "Case",
    "CaseFileError",
    "EcoGraph",
    "EcographError",
    "Goal",
    "InputError",
    "InvariantError",
    "Mix",
    "Observation",
    "RelationType",
    "Relationship",
    "Role",
    "StoreError",
    "__version__",
    "load_case",
    "load_graph",
    "loads_case",
    "save_case",
]
