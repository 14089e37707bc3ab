import datetime as dt

from ecograph import load_graph
from ecograph.analysis.stages import StageKind, stage_on, stages
from ecograph.model import Observation, Relationship

D = dt.date


def rel(*obs: Observation) -> Relationship:
    return Relationship(source="worker", target="client", history=list(obs))


def test_contract_then_cooperation_then_termination():
    r = rel(
        Observation(date=D(2026, 1, 5), type="agreement", strength=0.5),
        Observation(date=D(2026, 2, 1), type="cooperation", strength=0.7),
        Observation(date=D(2026, 3, 1), type="cooperation", strength=0.8),
        Observation(date=D(2026, 6, 1), type="cooperation", strength=0.6, ended=True),
    )
    st = stages(r)
    assert [s.kind for s in st] == [
        StageKind.AGREEMENT,
        StageKind.COOPERATION,
        StageKind.TERMINATION,
    ]
    assert st[1].start == D(2026, 2, 1) and st[1].end == D(2026, 6, 1)
    assert st[1].observations == 2 and st[1].strength == 0.8
    assert st[-1].end is None
    assert st[1].days() == 120
    assert "purpose was met" in st[-1].meaning


def test_reopened_after_termination_is_a_new_stage():
    r = rel(
        Observation(date=D(2026, 1, 5), type="cooperation"),
        Observation(date=D(2026, 2, 1), type="cooperation", ended=True),
        Observation(date=D(2026, 5, 1), type="conflict", strength=0.4),
    )
    assert [s.kind.value for s in stages(r)] == ["cooperation", "termination", "conflict"]


def test_as_of_cuts_history_and_stage_on():
    r = rel(
        Observation(date=D(2026, 1, 5), type="agreement"),
        Observation(date=D(2026, 3, 1), type="conflict"),
    )
    assert [s.kind.value for s in stages(r, D(2026, 2, 1))] == ["agreement"]
    assert stage_on(r, D(2026, 2, 1)).kind is StageKind.AGREEMENT
    assert stage_on(r, D(2026, 3, 5)).kind is StageKind.CONFLICT
    assert stage_on(r, D(2025, 12, 1)) is None


def test_one_sided_views_follow_the_derivation_rule():
    # only one-sided observations: the state averages the sides' latest views
    r = rel(
        Observation(date=D(2026, 1, 5), type="cooperation", perceived_by="worker"),
        Observation(date=D(2026, 1, 6), type="conflict", perceived_by="client"),
    )
    kinds = [s.kind.value for s in stages(r)]
    # Jan 5: only the worker's view (cooperation); Jan 6: cooperation+conflict tie -> conflict
    assert kinds == ["cooperation", "conflict"]


def test_declared_relationship_has_one_undated_stage():
    r = Relationship(source="a", target="b", type="agreement", strength=0.5)
    (s,) = stages(r)
    assert s.kind is StageKind.AGREEMENT and s.start is None and s.days() is None


def test_example_susan_roberta_stages():
    g = load_graph("examples/child-protection.yaml")
    st = stages(g.relationship("susan", "roberta"))
    # months of conflict, then the contract stage after the advocate and the conference
    assert st[0].kind is StageKind.CONFLICT and st[0].start == D(2026, 1, 5)
    assert st[1].kind is StageKind.AGREEMENT and st[1].start == D(2026, 10, 26)
    assert (st[0].end - st[0].start).days > 250
