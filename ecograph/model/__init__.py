"""The ecosystem model as typed objects (pydantic v2)."""

from ecograph.model.actor import Actor
from ecograph.model.agreement import Agreement, Party
from ecograph.model.case import FORMAT_VERSION, Case
from ecograph.model.goal import Goal, Stance
from ecograph.model.relationship import (
    Mix,
    Observation,
    Perception,
    Relationship,
    RelationState,
    pair_key,
)
from ecograph.model.rules import CHANGE_AGENT_RULE, check_case, effective_roles
from ecograph.model.vocab import (
    PRIMARY_ROLES,
    ROLE_LABELS,
    ActorKind,
    AgreementBasis,
    AgreementStatus,
    RelationType,
    Role,
    Voluntariness,
)

__all__ = [
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementBasis",
    "AgreementStatus",
    "CHANGE_AGENT_RULE",
    "Case",
    "FORMAT_VERSION",
    "Goal",
    "Mix",
    "Observation",
    "PRIMARY_ROLES",
    "Party",
    "Perception",
    "ROLE_LABELS",
    "RelationState",
    "RelationType",
    "Relationship",
    "Role",
    "Stance",
    "Voluntariness",
    "check_case",
    "effective_roles",
    "pair_key",
]
