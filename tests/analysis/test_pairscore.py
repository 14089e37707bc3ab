"""The unrelated pairs scored in arrays equal the rule book run on each pair, to the last bit.

``assess`` scores most pairs of a big case with :mod:`ecograph.analysis.pairscore`; a user
must read the same scores, words, hotspots and tactics as when every pair runs the rule book
(``assess_features(f, batch=False)``). Checked on every example (on its present and on an
earlier date), on the benchmarks' generated dense and community cases, and on random small
cases with every feature the rules read.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ecograph import load_graph
from ecograph.analysis.features import CaseFeatures, case_features
from ecograph.analysis.hotspots import hotspots
from ecograph.analysis.likelihood import KINDS, PairList, assess_features
from ecograph.analysis.pairscore import BATCH_RULES, pair_grid, score_pairs
from ecograph.analysis.params import Params
from ecograph.analysis.rulebook import RULEBOOK, PairContext
from ecograph.errors import InvariantError
from ecograph.graph import EcoGraph
from ecograph.model import Case

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _generator(name: str) -> Callable[..., Case]:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    fn: Callable[..., Case] = getattr(mod, name)
    return fn


def _rule_book_scores(f: CaseFeatures, a: str, b: str) -> list[float]:
    """The log-odds of the pair as the rule book defines them: each rule's part, in order."""
    ctx = PairContext(f, a, b)
    scores = [0.0, 0.0, 0.0]
    for rule in RULEBOOK:
        fired = rule.score(ctx)
        if fired is not None:
            for kind, value in fired[1].items():
                scores[KINDS.index(kind)] += value
    return scores


def _check_same(
    graph: EcoGraph, *, as_of: dt.date | None = None, params: Params | None = None
) -> int:
    """Assert both ways of assessing give the same; return how many pairs were scored in arrays."""
    each = assess_features(case_features(graph, params=params, as_of=as_of), batch=False)
    f = case_features(graph, params=params, as_of=as_of)
    batch = assess_features(f)
    assert isinstance(batch.pairs, PairList)
    assert len(batch.pairs) == len(each.pairs)
    for p, q in zip(each.pairs, batch.pairs, strict=True):
        assert (q.a, q.b, q.related, q.current, q.dominant) == (
            p.a,
            p.b,
            p.related,
            p.current,
            p.dominant,
        )
        assert q.likelihood == p.likelihood, (p.a, p.b)
    # the scores themselves, bit for bit, against each rule's own function
    _head, seen = _related(f)
    grid = pair_grid(f, seen)
    rows = np.flatnonzero(grid.batch)
    scores = score_pairs(f, grid)
    for (a, b), row in zip(grid.names(rows), scores.tolist(), strict=True):
        assert row == _rule_book_scores(f, a, b), (a, b)
    # what the user reads: hotspots (ranked, with reasons), tactics, a pair's reasons
    assert [(h.a, h.b, h.conflict) for h in hotspots(batch)] == [
        (h.a, h.b, h.conflict) for h in hotspots(each)
    ]
    for h, k in zip(hotspots(batch)[:5], hotspots(each)[:5], strict=True):
        assert h.to_json() == k.to_json()
    assert [t.to_json() for t in batch.tactics] == [t.to_json() for t in each.tactics]
    for p in list(each.pairs)[:: max(1, len(each.pairs) // 25)]:
        assert batch.pair(p.b, p.a).to_json() == p.to_json()
    return len(rows)


def _related(f: CaseFeatures) -> tuple[list[tuple[str, str]], set[frozenset[str]]]:
    seen: set[frozenset[str]] = {frozenset((u, v)) for u, v in f.signed.edges()}
    seen |= {frozenset(r.pair) for r in f.graph.relationships() if r.mandated}
    return [], seen


def test_the_batch_covers_the_whole_rule_book() -> None:
    # a rule added to the rule book must be added to the batch too (or the batch is not used)
    assert tuple(r.id for r in RULEBOOK) == BATCH_RULES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_scores_the_same(path: Path) -> None:
    graph = load_graph(path)
    _check_same(graph)
    present = graph.present_date()
    if present is not None:
        _check_same(graph, as_of=present - dt.timedelta(days=60))


def test_generated_dense_and_community_cases_score_the_same() -> None:
    scored = _check_same(EcoGraph.from_case(_generator("dense_case")(160, seed=3)))
    assert scored > 1000  # most pairs of a dense case are scored in arrays
    _check_same(EcoGraph.from_case(_generator("community_case")(400, seed=2)))


def test_thresholds_at_their_edges_score_the_same() -> None:
    graph = EcoGraph.from_case(_generator("dense_case")(120, seed=5))
    edges = Params.model_validate(
        {"thresholds": {"alignment": 0.0, "threat": 0.0, "pressure": 0.0, "power_gap": 0.0}}
    )
    _check_same(graph, params=edges)


_ROLES = ["change_agent", "client", "target", "action", "professional"]
_D0 = dt.date(2026, 1, 1)


@st.composite
def _cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(4, 14))
    ids = [f"a{i}" for i in range(n)]
    actors: list[dict[str, Any]] = []
    for i, x in enumerate(ids):
        actor: dict[str, Any] = {
            "id": x,
            "name": f"Actor {i}",
            "kind": draw(st.sampled_from(["individual", "organization", "family", "group"])),
            "roles": draw(
                st.sampled_from([["change_agent"], []])
                | st.lists(st.sampled_from(_ROLES[1:]), max_size=2, unique=True)
            ),
            "power": draw(st.sampled_from([0.1, 0.2, 0.5, 0.55, 0.8, 0.9])),
        }
        if i >= 2 and draw(st.booleans()):
            actor["member_of"] = [ids[draw(st.integers(0, i - 1))]]
        vol = draw(st.sampled_from([None, "voluntary", "involuntary", "mandated"]))
        if vol is not None:
            actor["voluntariness"] = vol
        moderate = draw(st.sampled_from([None, True, False]))
        if moderate is not None:
            actor["expects_moderate_demands"] = moderate
        actors.append(actor)
    goals = []
    for g in range(draw(st.integers(0, 3))):
        stances = [
            {
                "actor": x,
                "stance": draw(st.sampled_from([-1.0, -0.5, -0.1, 0.0, 0.3, 0.6, 1.0])),
                "weight": draw(st.sampled_from([0.25, 0.5, 1.0])),
            }
            for x in draw(st.lists(st.sampled_from(ids), unique=True, max_size=n))
        ]
        goals.append({"id": f"g{g}", "description": f"Goal {g}", "stances": stances})
    rels: dict[frozenset[str], dict[str, Any]] = {}
    for u, v in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=12)):
        if u == v or frozenset((u, v)) in rels:
            continue
        kind = draw(st.sampled_from(["cooperation", "agreement", "conflict"]))
        rel: dict[str, Any] = {"source": u, "target": v}
        if draw(st.booleans()):
            day = draw(st.integers(0, 300))
            rel["history"] = [
                {"date": (_D0 + dt.timedelta(days=day)).isoformat(), "type": kind, "strength": 0.7}
            ]
        else:
            rel.update(type=kind, strength=0.6)
        if draw(st.integers(0, 5)) == 0:
            rel["mandated"] = [v]
        rels[frozenset((u, v))] = rel
    agreements = []
    for k in range(draw(st.integers(0, 2))):
        parties = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
        agreement: dict[str, Any] = {
            "id": f"ag{k}",
            "parties": [{"actor": p} for p in parties],
            "basis": draw(st.sampled_from(["law", "exchange", "compromise"])),
            "status": draw(st.sampled_from(["concluded", "proposed", "broken"])),
        }
        if draw(st.booleans()):
            agreement["convener"] = draw(st.sampled_from(ids))
        agreements.append(agreement)
    return Case.model_validate(
        {
            "id": "random",
            "title": "Random case",
            "actors": actors,
            "goals": goals,
            "relationships": list(rels.values()),
            "agreements": agreements,
        }
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_random_small_cases_score_the_same(case: Case) -> None:
    try:
        graph = EcoGraph.from_case(case)
    except InvariantError:
        assume(False)
    _check_same(graph)


@pytest.mark.parametrize(("per_target", "max_hops"), [(3, 4), (1, 2), (2, 3)])
def test_influence_paths_sifted_by_cost_equal_every_path_read(
    monkeypatch: pytest.MonkeyPatch, per_target: int, max_hops: int
) -> None:
    # influence_paths reads only the paths that may rank in a target's top (by cost); the
    # answer must be what reading every reachable path gives
    from ecograph.analysis import paths

    graph = EcoGraph.from_case(_generator("dense_case")(300, seed=4))
    f = case_features(graph)
    sifted = [
        p.to_json() for p in paths.influence_paths(f, per_target=per_target, max_hops=max_hops)
    ]
    every = paths._candidates

    def read_all(*args: Any) -> list[tuple[int, int]]:
        return every(*args[:-1], False)

    monkeypatch.setattr(paths, "_candidates", read_all)
    full = [p.to_json() for p in paths.influence_paths(f, per_target=per_target, max_hops=max_hops)]
    assert sifted == full
    assert len(full) > 5
