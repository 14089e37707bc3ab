"""Fixed vocabularies of the ecosystem model (the only words labels are ever made from)."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ActorKind",
    "Role",
    "Voluntariness",
    "RelationType",
    "AgreementBasis",
    "AgreementStatus",
    "PRIMARY_ROLES",
    "ROLE_LABELS",
]


class ActorKind(StrEnum):
    """What an actor is: a client or a system can be any of these."""

    INDIVIDUAL = "individual"
    FAMILY = "family"
    GROUP = "group"
    ORGANIZATION = "organization"
    COMMUNITY = "community"


class Role(StrEnum):
    """The systems of Pincus & Minahan's model, plus Compton & Galaway's two optional ones."""

    CHANGE_AGENT = "change_agent"
    CLIENT = "client"
    TARGET = "target"
    ACTION = "action"
    PROFESSIONAL = "professional"
    PROBLEM_IDENTIFICATION = "problem_identification"


#: The four systems of the textbook figure, in drawing order.
PRIMARY_ROLES: tuple[Role, ...] = (Role.CHANGE_AGENT, Role.CLIENT, Role.TARGET, Role.ACTION)

#: How each system is named in the model's own words.
ROLE_LABELS: dict[Role, str] = {
    Role.CHANGE_AGENT: "change agent system",
    Role.CLIENT: "client system",
    Role.TARGET: "target system",
    Role.ACTION: "action system",
    Role.PROFESSIONAL: "professional system",
    Role.PROBLEM_IDENTIFICATION: "problem-identification system",
}


class Voluntariness(StrEnum):
    """Whether an actor takes part of its own will."""

    VOLUNTARY = "voluntary"
    INVOLUNTARY = "involuntary"
    MANDATED = "mandated"


class RelationType(StrEnum):
    """The three relationship types; all are present to a degree, one dominates."""

    COOPERATION = "cooperation"
    AGREEMENT = "agreement"
    CONFLICT = "conflict"


class AgreementBasis(StrEnum):
    """M. Horn's reasons (bases) for concluding an agreement."""

    CULTURE = "culture"
    COMPROMISE = "compromise"
    EXCHANGE = "exchange"
    AUTHORITY_REDISTRIBUTION = "authority_redistribution"
    LAW = "law"


class AgreementStatus(StrEnum):
    """Where an agreement (contract) stands."""

    PROPOSED = "proposed"
    CONCLUDED = "concluded"
    KEPT = "kept"
    BROKEN = "broken"
    ENDED = "ended"
