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
    "SPELLINGS",
    "Vocabulary",
    "spelling_key",
]

#: Spelling variants accepted wherever a vocabulary word is read (case files, CSV, scenario
#: files), by the word they stand for. Besides these, a word is read without regard to case, and
#: with spaces or hyphens for its underscores (``Change agent``, ``authority-redistribution``).
#: Listed in ``docs/case-format.md`` (a test holds the two together).
SPELLINGS: dict[str, str] = {
    "organisation": "organization",
    "co-operation": "cooperation",
    "coöperation": "cooperation",
    "change agent system": "change_agent",
    "client system": "client",
    "target system": "target",
    "action system": "action",
    "professional system": "professional",
    "problem-identification system": "problem_identification",
}


def spelling_key(word: str) -> str:
    """Return the form in which a vocabulary word is compared.

    Examples
    --------
    >>> spelling_key(" Co-operation ")
    'co_operation'
    """
    return "_".join(word.strip().lower().replace("-", " ").replace("_", " ").split())


_ALIASES = {spelling_key(k): v for k, v in SPELLINGS.items()}


class Vocabulary(StrEnum):
    """A fixed vocabulary that also accepts the spelling variants of :data:`SPELLINGS`.

    Examples
    --------
    >>> ActorKind("Organisation"), RelationType("co-operation"), Role("Client system")
    (<ActorKind.ORGANIZATION: 'organization'>, <RelationType.COOPERATION: 'cooperation'>, \
<Role.CLIENT: 'client'>)
    """

    @classmethod
    def _missing_(cls, value: object) -> Vocabulary | None:
        if not isinstance(value, str):
            return None
        key = spelling_key(value)
        for member in cls:
            if member.value == key or member.value == _ALIASES.get(key):
                return member
        return None


class ActorKind(Vocabulary):
    """What an actor is: a client or a system can be any of these."""

    INDIVIDUAL = "individual"
    FAMILY = "family"
    GROUP = "group"
    ORGANIZATION = "organization"
    COMMUNITY = "community"


class Role(Vocabulary):
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


class Voluntariness(Vocabulary):
    """Whether an actor takes part of its own will."""

    VOLUNTARY = "voluntary"
    INVOLUNTARY = "involuntary"
    MANDATED = "mandated"


class RelationType(Vocabulary):
    """The three relationship types; all are present to a degree, one dominates."""

    COOPERATION = "cooperation"
    AGREEMENT = "agreement"
    CONFLICT = "conflict"


class AgreementBasis(Vocabulary):
    """M. Horn's reasons (bases) for concluding an agreement."""

    CULTURE = "culture"
    COMPROMISE = "compromise"
    EXCHANGE = "exchange"
    AUTHORITY_REDISTRIBUTION = "authority_redistribution"
    LAW = "law"


class AgreementStatus(Vocabulary):
    """Where an agreement (contract) stands."""

    PROPOSED = "proposed"
    CONCLUDED = "concluded"
    KEPT = "kept"
    BROKEN = "broken"
    ENDED = "ended"
