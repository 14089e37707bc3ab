"""The model's invariants as a user meets them: every broken rule listed, each at its field.

A social worker who mistypes an id reads these problems to find the line to fix, so each test
pins the whole problem: what is wrong, where (the field path), what is expected, and the
suggested spelling.
"""

from ecograph.model import Actor, Agreement, Case, Goal, Relationship
from ecograph.model.rules import (
    CHANGE_AGENT_RULE,
    ancestors,
    change_agent_problems,
    check_case,
    cycle_members,
    effective_roles,
    suggest,
)

UNKNOWN = "the id of an actor listed under actors"


def _rows(case: Case) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(p.message, p.field, p.expected, p.suggestion) for p in check_case(case)]


def _case(**parts: object) -> Case:
    return Case(id="c", title="C", **parts)  # type: ignore[arg-type]


def test_a_valid_case_has_no_problems():
    case = _case(
        actors=[
            Actor(id="worker", name="W", roles=["change_agent"]),
            Actor(id="family", name="F", roles=["client"]),
            Actor(id="mother", name="M", member_of=["family"]),
        ],
        goals=[Goal(id="g", description="d", stances=[{"actor": "family", "stance": 1}])],
        relationships=[Relationship(source="worker", target="family", type="cooperation")],
        agreements=[
            Agreement(
                id="a",
                parties=[{"actor": "worker"}, {"actor": "family"}],
                basis="exchange",
                convener="worker",
            )
        ],
    )
    assert check_case(case) == []


def test_duplicate_ids_name_both_places():
    case = _case(
        actors=[
            Actor(id="family", name="F"),
            Actor(id="school", name="S"),
            Actor(id="family", name="F2"),
        ],
        goals=[
            Goal(id="g", description="d"),
            Goal(id="h", description="e"),
            Goal(id="g", description="f"),
        ],
        relationships=[
            Relationship(id="r", source="family", target="school", type="conflict"),
            Relationship(id="r", source="school", target="family", type="cooperation"),
        ],
        agreements=[
            Agreement(id="a", parties=[{"actor": "family"}, {"actor": "school"}], basis="law"),
            Agreement(id="b", parties=[{"actor": "family"}, {"actor": "school"}], basis="law"),
            Agreement(id="a", parties=[{"actor": "family"}, {"actor": "school"}], basis="law"),
        ],
    )
    assert _rows(case) == [
        ("actor id 'family' is used twice (also actors[0])", "actors[2].id", "a unique id", None),
        ("goal id 'g' is used twice", "goals[2].id", None, None),
        ("relationship id 'r' is used twice", "relationships[1].id", None, None),
        (
            "'school' and 'family' already have a relationship (relationships[0])",
            "relationships[1]",
            "one relationship per pair; record changes as observations in its history",
            None,
        ),
        ("agreement id 'a' is used twice", "agreements[2].id", None, None),
    ]


def test_a_pair_is_reported_at_its_second_relationship_pointing_to_the_first():
    case = _case(
        actors=[Actor(id=x, name=x) for x in ("a", "b", "c")],
        relationships=[
            Relationship(source="a", target="b", type="conflict"),
            Relationship(source="b", target="c", type="conflict"),
            Relationship(source="c", target="b", type="cooperation"),
            Relationship(source="b", target="a", type="cooperation"),
        ],
    )
    assert [(m, f) for m, f, _, _ in _rows(case)] == [
        ("'c' and 'b' already have a relationship (relationships[1])", "relationships[2]"),
        ("'b' and 'a' already have a relationship (relationships[0])", "relationships[3]"),
    ]


def test_every_unknown_reference_is_listed_at_its_field_with_a_spelling_suggestion():
    case = _case(
        actors=[
            Actor(id="family", name="F"),
            Actor(id="school", name="S", member_of=["family", "famly", "nowhere"]),
        ],
        goals=[
            Goal(
                id="g",
                description="d",
                stances=[{"actor": "school", "stance": 1}, {"actor": "shcool", "stance": 0}],
            )
        ],
        relationships=[
            Relationship(source="family", target="school", type="conflict"),
            Relationship(source="familly", target="zzz", type="conflict"),
        ],
        agreements=[
            Agreement(
                id="a",
                parties=[{"actor": "family"}, {"actor": "schol"}],
                basis="law",
                convener="worker",
            )
        ],
    )
    assert _rows(case) == [
        ("group 'famly' is not an actor of this case", "actors[1].member_of[1]", UNKNOWN, "family"),
        ("group 'nowhere' is not an actor of this case", "actors[1].member_of[2]", UNKNOWN, None),
        (
            "stance by 'shcool' is not an actor of this case",
            "goals[0].stances[1].actor",
            UNKNOWN,
            "school",
        ),
        (
            "source 'familly' is not an actor of this case",
            "relationships[1].source",
            UNKNOWN,
            "family",
        ),
        ("target 'zzz' is not an actor of this case", "relationships[1].target", UNKNOWN, None),
        (
            "party 'schol' is not an actor of this case",
            "agreements[0].parties[1].actor",
            UNKNOWN,
            "school",
        ),
        ("convener 'worker' is not an actor of this case", "agreements[0].convener", UNKNOWN, None),
    ]


def test_membership_of_itself_is_one_problem_at_its_entry_not_also_a_cycle():
    case = _case(
        actors=[
            Actor(id="family", name="F"),
            Actor(id="mum", name="M", member_of=["family", "mum"]),
        ]
    )
    assert _rows(case) == [
        ("an actor cannot be a member of itself", "actors[1].member_of[1]", None, None)
    ]


def test_a_membership_cycle_is_reported_once_at_its_first_actor():
    case = _case(
        actors=[
            Actor(id="outside", name="O"),
            Actor(id="c", name="C", member_of=["a"]),
            Actor(id="a", name="A", member_of=["b"]),
            Actor(id="b", name="B", member_of=["c"]),
            Actor(id="x", name="X", member_of=["y"]),
            Actor(id="y", name="Y", member_of=["x"]),
        ]
    )
    expected = "groups nested without loops (a member cannot contain its group)"
    assert _rows(case) == [
        ("membership forms a cycle: a -> b -> c", "actors[1].member_of", expected, None),
        ("membership forms a cycle: x -> y", "actors[4].member_of", expected, None),
    ]


def test_cycle_members_finds_the_loop_through_the_start_only():
    member_of = {"a": ["x", "b"], "x": ["x2"], "x2": ["x"], "b": ["c"], "c": ["a"]}
    assert sorted(cycle_members("a", member_of)) == ["a", "b", "c"]
    assert cycle_members("x", member_of) == ["x", "x2"]
    # a group already visited on one route does not hide the loop behind the next group
    assert sorted(cycle_members("a", {"a": ["b"], "b": ["x", "c"], "c": ["x", "a"]})) == [
        "a",
        "b",
        "c",
    ]
    # a diamond without a loop: two routes to the same group are not a cycle
    assert cycle_members("m", {"m": ["f", "s"], "f": ["n"], "s": ["n"]}) == []


def test_a_change_agent_in_a_system_is_told_which_system_and_the_rule():
    case = _case(
        actors=[
            Actor(id="worker", name="W", roles=["change_agent", "target", "client"]),
            Actor(id="family", name="F", roles=["client", "action"]),
            Actor(id="street", name="S", roles=["target"]),
            Actor(id="club", name="C", roles=["professional"]),
            Actor(id="aide", name="A", roles=["change_agent"], member_of=["club", "family"]),
            Actor(id="home", name="H", member_of=["street"]),
            Actor(id="nurse", name="N", roles=["change_agent"], member_of=["home"]),
        ]
    )
    problems = check_case(case)
    assert [(p.message, p.field, p.expected) for p in problems] == [
        (
            "actor 'worker' is a change agent and also in the client system, target system",
            "actors[0].roles",
            "a change agent with no client, target or action role",
        ),
        (
            "change agent 'aide' is a member of 'family', which is in the client system, "
            "action system",
            "actors[4].member_of",
            "a change agent outside the client, target and action systems",
        ),
        (
            "change agent 'nurse' is a member of 'street', which is in the target system",
            "actors[6].member_of",
            "a change agent outside the client, target and action systems",
        ),
    ]
    assert all(p.rule == CHANGE_AGENT_RULE for p in problems)
    assert "never becomes part of any of these systems" in CHANGE_AGENT_RULE


def test_change_agent_problems_of_an_actor_who_is_no_change_agent_are_none():
    actor = Actor(id="mum", name="M", roles=["client"], member_of=["family"])
    assert (
        change_agent_problems(actor, "actors[0]", {"family": ["target"]}, {"mum": ["family"]}) == []
    )


def test_a_change_agent_in_a_group_not_yet_in_the_case_breaks_no_rule():
    # while a case is being edited, a group may be named before it is added
    agent = Actor(id="aide", name="A", roles=["change_agent"], member_of=["club"])
    assert (
        change_agent_problems(agent, "actors[0]", {"aide": agent.roles}, {"aide": ["club"]}) == []
    )


def test_ancestors_follow_every_route_once_and_stop_at_a_loop():
    member_of = {"m": ["f", "s"], "f": ["n"], "s": ["n"], "n": ["m", "city"]}
    assert sorted(ancestors("m", member_of)) == ["city", "f", "n", "s"]
    assert ancestors("nobody", member_of) == []


def test_effective_roles_a_member_without_roles_takes_those_of_every_group_above():
    case = _case(
        actors=[
            Actor(id="hood", name="H", roles=["target"]),
            Actor(id="family", name="F", roles=["client"], member_of=["hood"]),
            Actor(id="mum", name="M", member_of=["family"]),
            Actor(id="dad", name="D", roles=["action"], member_of=["family"]),
        ]
    )
    roles = {k: {r.value for r in v} for k, v in effective_roles(case).items()}
    assert roles == {
        "hood": {"target"},
        "family": {"client"},
        "mum": {"client", "target"},
        "dad": {"action"},  # her own role wins over her groups'
    }
    # a group named but not (yet) in the case gives no role
    lone = _case(actors=[Actor(id="kid", name="K", member_of=["school"])])
    assert effective_roles(lone) == {"kid": set()}


def test_suggest_offers_only_a_close_spelling():
    assert suggest("famly", ["family", "school"]) == "family"
    assert suggest("xyz", ["family", "school"]) is None
