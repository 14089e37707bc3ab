"""docs/case-format.md stays in sync with the models, and its complete example is true."""

import datetime as dt
import re
from enum import StrEnum
from pathlib import Path

import pytest

from ecograph import EcoGraph
from ecograph.io.casefile import loads_case
from ecograph.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementBasis,
    AgreementStatus,
    Case,
    Goal,
    Mix,
    Observation,
    Party,
    Perception,
    Relationship,
    RelationType,
    Role,
    Stance,
    Voluntariness,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "case-format.md"
TEXT = DOC.read_text(encoding="utf-8")
FLAT = " ".join(TEXT.split())
MODELS = [Case, Actor, Goal, Stance, Relationship, Mix, Observation, Perception, Agreement, Party]
ENUMS = [ActorKind, Role, Voluntariness, RelationType, AgreementBasis, AgreementStatus]


def _example() -> str:
    part = TEXT.split("## A complete annotated example", 1)[1]
    return re.search(r"```yaml\n(.*?)```", part, re.S).group(1)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_documented(model):
    missing = [f for f in model.model_fields if f"`{f}`" not in TEXT]
    assert missing == [], f"{model.__name__} fields missing from docs/case-format.md"


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_vocabulary_word_is_documented(enum: type[StrEnum]):
    missing = [m.value for m in enum if f"`{m.value}`" not in TEXT]
    assert missing == []


def test_every_field_is_used_in_the_complete_example():
    example = _example()
    for model in MODELS:
        for name in model.model_fields:
            assert re.search(rf"\b{name}:", example), f"{model.__name__}.{name} not in the example"
    assert "ecograph: 1" in example


def test_the_complete_example_validates_and_says_what_ecograph_derives():
    case = loads_case(_example(), source="docs/case-format.md")
    g = EcoGraph.from_case(case)
    roles = g.effective_roles()
    assert roles["mother"] == {Role.CLIENT}
    assert roles["worker"] == {Role.CHANGE_AGENT, Role.PROFESSIONAL}
    rel = g.relationship("landlord", "worker")
    assert rel.key == "worker-landlord"
    assert rel.state().type == RelationType.AGREEMENT and rel.state().since == dt.date(2026, 6, 30)
    assert rel.state(dt.date(2026, 4, 1)).type == RelationType.CONFLICT
    assert rel.perceived_by("landlord", dt.date(2026, 3, 3)).type == RelationType.AGREEMENT
    lawyer = g.relationship("worker", "lawyer")
    assert lawyer.state(dt.date(2026, 7, 14)).ended is False
    assert lawyer.state(dt.date(2026, 7, 15)).ended is True
    present = {r.key for r, _ in g.states(dt.date(2026, 7, 15))}
    assert "worker~lawyer" not in present and "worker-landlord" in present
    (ag,) = g.agreements()
    assert ag.in_force(dt.date(2026, 6, 30)) and not ag.in_force(dt.date(2026, 6, 29))
    # as the map stands: the present is the latest observation, inside the settlement's term
    assert g.present_date() == dt.date(2026, 7, 15)
    assert ag.in_force(present=g.present_date())


def test_the_documented_tie_order_is_the_code():
    assert "conflict before agreement before cooperation" in FLAT
    assert Mix(cooperation=1, agreement=1).dominant() == RelationType.AGREEMENT
    assert Mix(agreement=1, conflict=1).dominant() == RelationType.CONFLICT


def test_documented_defaults_are_the_models_defaults():
    assert Actor.model_fields["power"].default == 0.5 and "| `0.5` |" in TEXT
    assert Actor.model_fields["kind"].default == ActorKind.INDIVIDUAL
    assert Stance.model_fields["weight"].default == 1.0
    assert Agreement.model_fields["status"].default == AgreementStatus.CONCLUDED
    assert Observation.model_fields["strength"].default == 1.0
    assert Relationship(source="a", target="b", type="conflict").state().strength == 1.0


def test_internal_links_point_to_headings():
    def slug(heading: str) -> str:  # GitHub's rule: lower case, drop punctuation, spaces to -
        return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")

    anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", TEXT, re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", TEXT))
    assert links and links <= anchors, sorted(links - anchors)


def test_every_spelling_variant_is_listed_in_the_doc():
    from ecograph.model.vocab import SPELLINGS

    part = TEXT.split("## Spelling variants", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|$", part, re.M))
    assert rows == SPELLINGS
