"""Every weight and threshold of the analysis, with its meaning, settable from a YAML file.

The defaults are justified in ``docs/analysis.md``. A config file holds any subset of the
fields, nested as here; what it leaves out keeps its default.

Examples
--------
>>> p = Params()
>>> p.signs.agreement
0.5
>>> loads_params("thresholds: {power_gap: 0.4}").thresholds.power_gap
0.4
"""

from __future__ import annotations

import os
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from ecograph.errors import CaseFileError, Problem
from ecograph.model.base import Count, Number, Strict
from ecograph.model.sign import SignWeights

#: A weight of a rule: a number of log-odds, never negative.
Weight = Annotated[Number, Field(ge=0)]
#: A share or a score between 0 and 1.
Share = Annotated[Number, Field(ge=0, le=1)]

__all__ = ["FactionSettings", "Params", "RuleWeights", "Thresholds", "load_params", "loads_params"]


class RuleWeights(Strict):
    """How far each rule of the model moves the log-odds of a relationship type.

    The likelihood model is additive on log-odds: each rule that fires adds its weight times
    its feature value to the score of one or more types; the scores go through a softmax.
    A weight of 1 multiplies the odds of that type by e (about 2.7) at feature value 1.
    """

    current_state: Weight = Field(
        default=2.5,
        description="Existing relationship: each type's share of the current mix times its "
        "strength is added to that type's score ('relationships never end, they just change').",
    )
    first_stage: Weight = Field(
        default=0.6,
        description="Pair with no relationship yet: added to agreement ('agreement is the first "
        "stage of every relationship').",
    )
    role_action: Weight = Field(
        default=0.6,
        description="Change agent and action system: added to cooperation ('he cooperates with "
        "the action system').",
    )
    role_client: Weight = Field(
        default=0.5,
        description="Change agent and client system: added to agreement (the client contracts "
        "to cooperate on its situation).",
    )
    role_target: Weight = Field(
        default=0.3,
        description="Change agent or client and target system: added to agreement (the worker "
        "finds ways of influencing the target system).",
    )
    goal_alignment: Weight = Field(
        default=1.5,
        description="Times the goal alignment (-1..1): positive alignment to cooperation "
        "where the two have agreed (else to agreement, the first step), negative to conflict.",
    )
    joint_goal_threat: Weight = Field(
        default=2.0,
        description="Times the threat (0..1) the joint goals of worker and client pose to the "
        "other side: added to conflict.",
    )
    discrepancy: Weight = Field(
        default=1.0,
        description="Times the discrepancy (0..1) between the joint goals and the other side, "
        "when not a threat: added to agreement.",
    )
    negotiation: Weight = Field(
        default=1.2,
        description="Times the share (0..1) of the three conditions for negotiating that hold "
        "(channel, convener, moderate expectations): added to agreement.",
    )
    no_negotiation: Weight = Field(
        default=0.8,
        description="No condition for negotiating holds, and the sides disagree: added to "
        "conflict.",
    )
    power_gap: Weight = Field(
        default=1.2,
        description="Times the power gap (0..1) when it is large: taken from cooperation and "
        "half of it added to conflict.",
    )
    rebalanced: Weight = Field(
        default=1.0,
        description="A large power gap with something that rebalances it (advocate, family "
        "group conference, law, redistribution of authority): added to agreement.",
    )
    involuntary: Weight = Field(
        default=0.8,
        description="Mandated or involuntary client with a change agent: added to conflict.",
    )
    sustained_hostility: Weight = Field(
        default=0.6,
        description="Times the months of unbroken hostility (capped, scaled 0..1) of a mandated "
        "or involuntary client: added to conflict.",
    )
    law_basis: Weight = Field(
        default=0.6,
        description="Unequal power with a legal mandate: added to agreement ('parties of "
        "unequal power and status agree on the basis of law').",
    )
    voluntary: Weight = Field(
        default=0.8,
        description="Voluntary client with a change agent: added to cooperation.",
    )
    agreement_in_force: Weight = Field(
        default=1.0,
        description="An agreement in force binds both sides (or their groups): added to agreement.",
    )
    agreement_broken: Weight = Field(
        default=1.0,
        description="An agreement between both sides was broken: added to conflict.",
    )
    perception: Weight = Field(
        default=1.0,
        description="One side's own view of the relationship (recorded as perceived by it): "
        "each type's share times its strength, averaged over the sides that have a view.",
    )
    trend: Weight = Field(
        default=1.0,
        description="Times the trend of the signed weight (per 30 days, capped at 1): toward "
        "conflict adds to conflict, toward cooperation adds to cooperation.",
    )
    structural_pressure: Weight = Field(
        default=1.4,
        description="Times the structural pressure of the triads around the pair (-1..1): "
        "positive to cooperation where the two have agreed (else to agreement), negative to "
        "conflict; see thresholds.structural_balance. Calibrated on the time split of Bitcoin "
        "OTC (log-odds of a positive new tie per unit of past-only pressure, given the other "
        "evidence; median of 5 rolling origins 1.44, range 1.35-1.49); see docs/analysis.md.",
    )


class Thresholds(Strict):
    """When a rule fires, how features are scaled, and how scores are put into words."""

    @property
    def enemy_of_enemy(self) -> float:
        """The weight of 'the enemy of an enemy becomes a friend': 1 strict, 0 weak balance."""
        return 1.0 if self.structural_balance == "strict" else 0.0

    support: Share = Field(
        default=0.5,
        description="A stance at or above this supports a goal (joint goals are those a change "
        "agent and a client both support).",
    )
    alignment: Share = Field(
        default=0.1,
        description="The goal-alignment rule fires when |alignment| reaches this.",
    )
    threat: Share = Field(
        default=0.1,
        description="The joint-goal threat rule fires when the threat reaches this.",
    )
    inevitable: Share = Field(
        default=0.7,
        description="A threat at or above this makes conflict 'inevitable': agreement is no "
        "longer sought through the discrepancy rule, and conflict may be a deliberate tactic.",
    )
    discrepancy: Share = Field(
        default=0.25,
        description="The discrepancy is 'noticeable' from this value (0..1).",
    )
    moderate_demands: Share = Field(
        default=0.5,
        description="A side whose opposition to the joint goals is above 0 and at most this "
        "'counts on more moderate requirements'.",
    )
    channel_hops: Count = Field(
        default=3,
        ge=1,
        description="A channel for negotiating is a path of at most this many non-hostile ties.",
    )
    power_gap: Share = Field(
        default=0.3,
        description="A power gap (difference of the actors' power, 0..1) at or above this is "
        "large.",
    )
    hostile_months_cap: Number = Field(
        default=6.0,
        gt=0,
        description="Months of unbroken hostility at which the sustained-hostility feature "
        "reaches 1.",
    )
    trend: Weight = Field(
        default=0.05,
        description="The trend rule fires when the slope of the signed weight reaches this "
        "per 30 days.",
    )
    trend_window: Count = Field(
        default=4,
        ge=2,
        description="The trend is the least-squares slope over at most this many latest "
        "observations.",
    )
    pressure: Share = Field(
        default=0.1,
        description="The structural-pressure rule fires when |pressure| reaches this.",
    )
    cooperation_tactic: Share = Field(
        default=0.5,
        description="Suggest cooperation when its likelihood reaches this and it dominates.",
    )
    culture_share: Share = Field(
        default=0.6,
        description="A goal is a common cause of the community when at least this share of "
        "the actors with a stance on it support it.",
    )
    latent: Share = Field(
        default=0.5,
        description="An unrelated pair is a latent conflict (alliance) when the mean vote of "
        "its triads is at or below minus (at or above) this.",
    )
    structural_balance: Literal["weak", "strict"] = Field(
        default="weak",
        description="Which balance theory the structural pressure and the latent ties follow. "
        "weak (Davis): an all-hostile triangle is balanced -- the enemy of an enemy need not "
        "become a friend; strict (Heider): it is unbalanced, and the enemy of an enemy becomes "
        "a friend. Weak by default: the model makes cooperation depend on agreement about the "
        "efforts to achieve change, and a common opponent is no such agreement.",
    )
    likely: Number = Field(
        default=0.5,
        gt=0,
        le=1,
        description="A rule score at or above this is shown as 'likely'.",
    )
    unlikely: Number = Field(
        default=0.2,
        ge=0,
        lt=1,
        description="A rule score below this is shown as 'unlikely' (between the two: "
        "'possible'); bargaining toward a side whose agreement score is below it says what "
        "would change it.",
    )
    hotspot: Share = Field(
        default=0.4,
        description="Pairs at or above this conflict likelihood are listed as hotspots.",
    )


class FactionSettings(Strict):
    """How the report finds factions (see :func:`ecograph.analysis.factions.find_factions`)."""

    method: Literal["auto", "exact", "heuristic"] = Field(
        default="heuristic",
        description="heuristic: fast local search (about 0.06 s for 40 actors); auto: proves "
        "the least frustration exactly for small maps (about 1 s for 40 actors).",
    )
    k: Count | None = Field(
        default=None, ge=1, description="Number of factions; chosen when left out."
    )
    balance: Literal["strict", "generalized"] = Field(
        default="strict",
        description="strict: hostile ties only between factions; generalized: a faction may "
        "also be hostile inside (a group of mutual enemies).",
    )
    weighted: bool = Field(
        default=False,
        description="Count frustrated ties by their weight instead of their number.",
    )
    restarts: Count = Field(
        default=8,
        ge=0,
        description="Random starts of the heuristic (besides the spectral one) on maps of at "
        "most large_ties ties.",
    )
    large_ties: Count = Field(
        default=5000,
        ge=0,
        description="Above this many ties the heuristic uses large_restarts random starts.",
    )
    large_restarts: Count = Field(
        default=1,
        ge=0,
        description="Random starts on large maps (each start is a full local search).",
    )
    membership_ties: bool = Field(
        default=True,
        description="In a case, count membership (a mother in her family, a worker in her "
        "team) as a cooperative tie for factions, brokers and balance: systems are made of "
        "people.",
    )


class Params(Strict):
    """Every weight and threshold of the analysis (see docs/analysis.md).

    Parameters
    ----------
    signs : SignWeights
        Signed weight of each relationship type in the signed view.
    weights : RuleWeights
        How far each rule moves the log-odds.
    thresholds : Thresholds
        When rules fire and how features are scaled.
    factions : FactionSettings
        How factions are found.
    """

    signs: SignWeights = Field(default_factory=SignWeights)
    weights: RuleWeights = Field(default_factory=RuleWeights)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    factions: FactionSettings = Field(default_factory=FactionSettings)


def loads_params(text: str, *, source: str = "<config>") -> Params:
    """Parse parameters from YAML text, as strictly as a case file.

    The text goes through the case-file parser (no aliases that expand too far, no nesting
    deeper than a case file allows, no duplicate keys); every number must be finite, within
    its range and not true/false.

    Raises
    ------
    CaseFileError
        Listing every problem with its line, column and field path.

    Examples
    --------
    >>> loads_params("weights: {power_gap: .inf}", source="c.yaml")
    Traceback (most recent call last):
    ...
    ecograph.errors.CaseFileError: c.yaml: 1 problem found
    c.yaml:1:22: weights.power_gap: Input should be a finite number (got inf)
    """
    from ecograph.io.casefile import duplicate_key_problems, locate_problem, parse_document
    from ecograph.io.problems import problem_from_error, sort_problems

    data, root = parse_document(text, fmt="yaml", source=source)
    problems = duplicate_key_problems(root, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CaseFileError(
            [
                Problem(
                    "the config is not a mapping of settings",
                    source=source,
                    line=1,
                    expected="a YAML mapping of settings, e.g. 'weights: {power_gap: 1.2}'",
                )
            ],
            source=source,
        )
    try:
        params = Params.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            p = problem_from_error(err, Params)
            if err["type"] == "extra_forbidden":
                p = Problem(
                    "unknown setting",
                    field=p.field,
                    suggestion=p.suggestion,
                    expected="a setting listed in docs/analysis.md",
                )
            problems.append(locate_problem(root, err["loc"], source, p))
    if problems:
        raise CaseFileError(sort_problems(problems), source=source)
    return params


def load_params(path: str | os.PathLike[str]) -> Params:
    """Load parameters from a UTF-8 YAML file (see :func:`loads_params`)."""
    from ecograph.io.problems import read_input_text

    name = os.fspath(path)
    return loads_params(read_input_text(path, "config file"), source=name)
