"""Scenario files (``ecograph-scenario: 1``): strict on load, with located errors like case files.

Every problem is listed at once with the file, line and column, the field path, what is wrong,
what is expected and a suggestion when a name is close to a valid one. Given the case, the
scenario's actor, goal and relationship references are checked against it too.

Examples
--------
>>> text = '''
... ecograph-scenario: 1
... id: demo
... title: What if?
... interventions:
...   - add_advocat: {client: roberta, toward: [susan]}
... '''
>>> loads_scenario(text, source="s.yaml")
Traceback (most recent call last):
...
ecograph.errors.CaseFileError: s.yaml: 1 problem found
s.yaml:6:5: interventions[0].add_advocat: unknown field 'add_advocat' (expected one of: \
add_advocate, family_group_conference, redistribute_authority, conclude_agreement, change_stance, \
end_relationship); did you mean 'add_advocate'?
"""

from __future__ import annotations

import os
import re
from typing import Any

from pydantic import ValidationError

from ecograph.errors import CaseFileError, Problem
from ecograph.graph import EcoGraph
from ecograph.io.casefile import (
    Format,
    duplicate_key_problems,
    format_of,
    locate_problem,
    parse_document,
    read_text,
    version_problem,
)
from ecograph.io.problems import parse_path, problem_from_error, sort_problems
from ecograph.model import Role
from ecograph.model.rules import ancestors, suggest
from ecograph.model.scenario import SCENARIO_FORMAT_VERSION, Scenario

__all__ = ["load_scenario", "loads_scenario", "check_scenario", "is_scenario_file", "VERSION_KEY"]

#: The top-level key holding the format version.
VERSION_KEY = "ecograph-scenario"


_VERSION_LINE = re.compile(r"""^\s*["']?ecograph-scenario["']?\s*:""", re.M)


def is_scenario_file(path: str | os.PathLike[str]) -> bool:
    """Return whether ``path`` is a scenario file: a top-level ``ecograph-scenario:`` key.

    Only the first 4 KB are read; a file that cannot be read is not one (its loader says why).
    """
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return _VERSION_LINE.search(head) is not None


def load_scenario(path: str | os.PathLike[str], graph: EcoGraph | None = None) -> Scenario:
    """Load a scenario file; with ``graph``, also check its references against the case.

    Raises
    ------
    CaseFileError
        Listing every problem, each with its line and column.
    """
    source = os.fspath(path)
    return loads_scenario(
        read_text(path, "scenario file"), fmt=format_of(path), source=source, graph=graph
    )


def loads_scenario(
    text: str,
    *,
    fmt: Format = "yaml",
    source: str | None = None,
    graph: EcoGraph | None = None,
) -> Scenario:
    """Parse and check scenario text (YAML or JSON); see :func:`load_scenario`."""
    name = source or "<input>"
    data, root = parse_document(text, fmt=fmt, source=name)
    problems = duplicate_key_problems(root, name)
    if not isinstance(data, dict):
        raise CaseFileError(
            [
                Problem(
                    "a scenario file must be a mapping of fields",
                    source=name,
                    expected=f"'{VERSION_KEY}: 1', 'id:', 'title:', 'interventions:' at the "
                    "top level",
                )
            ],
            source=name,
        )
    data = dict(data)
    vp = version_problem(data.pop(VERSION_KEY, None), SCENARIO_FORMAT_VERSION, VERSION_KEY)
    if vp is not None:
        problems.append(locate_problem(root, (VERSION_KEY,), name, vp))
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems.extend(
            locate_problem(root, e["loc"], name, problem_from_error(e, Scenario))
            for e in exc.errors()
        )
        raise CaseFileError(sort_problems(problems), source=name) from None
    if graph is not None:
        for p in check_scenario(scenario, graph):
            problems.append(locate_problem(root, _loc(p.field), name, p))
    if problems:
        raise CaseFileError(sort_problems(problems), source=name)
    return scenario


def _loc(field: str | None) -> tuple[str | int, ...]:
    return parse_path(field or "")


def check_scenario(scenario: Scenario, graph: EcoGraph) -> list[Problem]:
    """Return every reference in ``scenario`` that does not fit the case (empty when all do)."""
    problems: list[Problem] = []
    known = [a.id for a in graph.actors()]
    roles = graph.effective_roles()
    member_of = {a.id: a.member_of for a in graph.actors()}

    def actor(value: str, path: str, what: str = "actor") -> bool:
        if value in graph:
            return True
        problems.append(
            Problem(
                f"{what} {value!r} is not an actor of case {graph.case_id!r}",
                field=path,
                expected="the id of an actor of the case",
                suggestion=suggest(value, known),
            )
        )
        return False

    if scenario.case is not None and scenario.case != graph.case_id:
        problems.append(
            Problem(
                f"the scenario is written for case {scenario.case!r}, not {graph.case_id!r}",
                field="case",
                expected=f"case: {graph.case_id}, or no 'case:' line",
            )
        )
    for i, item in enumerate(scenario.interventions):
        at = f"interventions[{i}].{item.kind}"
        spec: Any = item.spec
        if item.kind == "add_advocate":
            if actor(spec.client, f"{at}.client", "client") and Role.CLIENT not in roles.get(
                spec.client, set()
            ):
                problems.append(
                    Problem(
                        f"{spec.client!r} is not in the client system",
                        field=f"{at}.client",
                        expected="a client (an advocate speaks for a client)",
                    )
                )
            for j, t in enumerate(spec.toward):
                actor(t, f"{at}.toward[{j}]", "target")
            if spec.advocate in graph and Role.CHANGE_AGENT in roles.get(spec.advocate, set()):
                problems.append(
                    Problem(
                        f"{spec.advocate!r} is a change agent and cannot be the client's advocate",
                        field=f"{at}.advocate",
                        expected="a new id, or an actor of the action system",
                        rule="the change agent never becomes part of the client, target or "
                        "action system",
                    )
                )
        elif item.kind == "family_group_conference":
            if actor(spec.family, f"{at}.family", "family"):
                members = [m for m in member_of if spec.family in ancestors(m, member_of)]
                if spec.members is None and not graph.members(spec.family):
                    problems.append(
                        Problem(
                            f"{spec.family!r} has no members to take part",
                            field=f"{at}.family",
                            expected="a group actor with members, or a 'members:' list",
                        )
                    )
                for j, m in enumerate(spec.members or []):
                    if actor(m, f"{at}.members[{j}]", "member") and m not in members:
                        problems.append(
                            Problem(
                                f"{m!r} is not a member of {spec.family!r}",
                                field=f"{at}.members[{j}]",
                                expected="a member of the family (member_of)",
                                suggestion=suggest(m, members),
                            )
                        )
            for j, a in enumerate(spec.agencies):
                actor(a, f"{at}.agencies[{j}]", "agency")
            if spec.coordinator in graph and Role.CHANGE_AGENT in roles.get(
                spec.coordinator, set()
            ):
                problems.append(
                    Problem(
                        f"{spec.coordinator!r} is a change agent; a conference coordinator is "
                        "part of the action system",
                        field=f"{at}.coordinator",
                        expected="a new id, or an actor of the action system",
                    )
                )
        elif item.kind == "redistribute_authority":
            actor(spec.giver, f"{at}.giver")
            actor(spec.receiver, f"{at}.receiver")
        elif item.kind == "conclude_agreement":
            for j, p in enumerate(spec.parties):
                actor(p, f"{at}.parties[{j}]", "party")
            if spec.id is not None and any(a.id == spec.id for a in graph.agreements()):
                problems.append(
                    Problem(
                        f"agreement id {spec.id!r} is already used in the case",
                        field=f"{at}.id",
                        expected="a new agreement id",
                    )
                )
        elif item.kind == "change_stance":
            actor(spec.actor, f"{at}.actor")
            goals = [g.id for g in graph.goals()]
            if spec.goal not in goals:
                problems.append(
                    Problem(
                        f"{spec.goal!r} is not a goal of case {graph.case_id!r}",
                        field=f"{at}.goal",
                        expected="one of: " + ", ".join(goals) if goals else "a goal of the case",
                        suggestion=suggest(spec.goal, goals),
                    )
                )
        elif item.kind == "end_relationship":
            a, b = spec.between
            ok = actor(a, f"{at}.between[0]") & actor(b, f"{at}.between[1]")
            if ok and graph.relationship(a, b) is None:
                problems.append(
                    Problem(
                        f"{a!r} and {b!r} have no relationship to end",
                        field=f"{at}.between",
                        expected="two actors with a relationship",
                    )
                )
    return problems
