"""ecograph: the social-work ecosystem model as a living graph.

Change agents, clients, targets and action systems are typed nodes; cooperation, agreement and
conflict are typed, dated edges. ecograph answers where agreement or conflict is likely, why,
and what could change it, and draws it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported on first use (fast start-up of the CLI)
    from ecograph.errors import (
        CaseFileError,
        EcographError,
        InputError,
        InvariantError,
        StoreError,
    )
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

#: Where each public name lives; importing ``ecograph`` loads none of them until used, so that
#: ``ecograph --help`` does not pay for pydantic, NetworkX and the models.
_LAZY = {
    "CaseFileError": "ecograph.errors",
    "EcographError": "ecograph.errors",
    "InputError": "ecograph.errors",
    "InvariantError": "ecograph.errors",
    "StoreError": "ecograph.errors",
    "EcoGraph": "ecograph.graph",
    "load_case": "ecograph.io.casefile",
    "loads_case": "ecograph.io.casefile",
    "save_case": "ecograph.io.casefile",
    "Actor": "ecograph.model",
    "Agreement": "ecograph.model",
    "Case": "ecograph.model",
    "Goal": "ecograph.model",
    "Mix": "ecograph.model",
    "Observation": "ecograph.model",
    "Relationship": "ecograph.model",
    "RelationType": "ecograph.model",
    "Role": "ecograph.model",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ecograph")
    except PackageNotFoundError:  # running from a source tree
        return "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'ecograph' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


def load_graph(path: str) -> EcoGraph:
    """Load a case file and return its :class:`EcoGraph` (every problem listed on failure).

    Examples
    --------
    >>> g = load_graph("examples/child-protection.yaml")
    >>> g.case_id
    'child-protection-roberta'
    """
    from ecograph.graph import EcoGraph
    from ecograph.io.casefile import load_case

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
