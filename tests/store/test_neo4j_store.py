"""The store contract on every backend, and the Neo4j store against the real local server."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ecograph.analysis.questions import QUERIES
from ecograph.cli import app
from ecograph.errors import NotFoundError, StoreError
from ecograph.graph import EcoGraph
from ecograph.io.casefile import load_case
from ecograph.model import Actor, Case, Goal, Mix, Observation, Relationship, Stance, check_case
from ecograph.store.base import FileStore, MemoryStore, Store
from ecograph.store.neo4j import STORE_FORMAT_VERSION, Neo4jStore
from ecograph.store.uri import open_store
from tests.parity import assert_same_rows as _assert_same
from tests.parity import check_paths as _check_paths

#: Each query of queries/ and its Python twin.
QUESTIONS = {name: query.twin for name, query in QUERIES.items()}

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
runner = CliRunner()

# ------------------------------------------------------------------ random valid cases
_ROLE_SETS = [
    [],
    ["change_agent"],
    ["client"],
    ["target"],
    ["client", "target"],
    ["action"],
    ["action", "target"],
    ["problem_identification"],
    ["professional"],
]
_POWERS = [0.0, 0.2, 0.3, 0.5, 0.7, 0.85, 1.0]
_TYPES = ["cooperation", "agreement", "conflict"]


@st.composite
def mixes(draw: st.DrawFn) -> Mix:
    w = [draw(st.sampled_from([0.0, 0.2, 0.5, 0.7, 1.0])) for _ in range(3)]
    if sum(w) == 0:
        w[2] = 1.0
    return Mix(cooperation=w[0], agreement=w[1], conflict=w[2])


@st.composite
def observations(draw: st.DrawFn, ends: tuple[str, str]) -> Observation:
    day = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 300)))
    use_mix = draw(st.booleans())
    return Observation(
        date=day,
        type=None if use_mix else draw(st.sampled_from(_TYPES)),
        mix=draw(mixes()) if use_mix else None,
        strength=draw(st.sampled_from([0.2, 0.5, 0.8, 1.0])),
        perceived_by=draw(st.sampled_from([None, None, None, ends[0], ends[1]])),
        ended=draw(st.sampled_from([False, False, False, True])),
        note=draw(st.sampled_from([None, "a note"])),
    )


@st.composite
def cases(draw: st.DrawFn, case_id: str = "random-case") -> Case:
    n = draw(st.integers(2, 9))
    ids = [f"a{i}" for i in range(n)]
    actors = [
        Actor(
            id=i,
            name=f"Actor {i}",
            roles=draw(st.sampled_from(_ROLE_SETS)),
            power=draw(st.sampled_from(_POWERS)),
            # membership only of an earlier actor (no cycles); invalid mixes are rejected below
            member_of=[f"a{draw(st.integers(0, k - 1))}"] if k and draw(st.booleans()) else [],
        )
        for k, i in enumerate(ids)
    ]
    pairs = [(a, b) for k, a in enumerate(ids) for b in ids[k + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 18)))
    rels = []
    for a, b in chosen:
        if draw(st.booleans()):
            a, b = b, a
        if draw(st.integers(0, 2)) == 0:
            hist = draw(st.lists(observations((a, b)), min_size=1, max_size=4))
            rels.append(Relationship(source=a, target=b, history=hist))
        elif draw(st.booleans()):
            rels.append(
                Relationship(
                    source=a,
                    target=b,
                    type=draw(st.sampled_from(_TYPES)),
                    strength=draw(st.sampled_from([0.3, 0.6, 1.0])),
                )
            )
        else:
            rels.append(
                Relationship(
                    source=a,
                    target=b,
                    mix=draw(mixes()),
                    strength=draw(st.sampled_from([0.3, 0.6, 1.0])),
                )
            )
    case = Case(id=case_id, title="Random case", actors=actors, relationships=rels)
    assume(not check_case(case))  # only cases that keep the model's invariants
    return case


def fresh_id(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def renamed(case: Case, new_id: str) -> Case:
    return case.model_copy(update={"id": new_id}, deep=True)


@pytest.fixture
def neo4j_store(neo4j_server) -> Iterator[Neo4jStore]:
    with Neo4jStore(
        neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password
    ) as store:
        yield store


@pytest.fixture(params=["memory", "file", "neo4j"])
def any_store(request, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        yield MemoryStore()
    elif request.param == "file":
        yield FileStore(tmp_path / "case.yaml")
    else:
        request.applymarker(pytest.mark.neo4j)
        yield request.getfixturevalue("neo4j_store")


# ------------------------------------------------------------------ the contract, every store
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_contract_round_trip_idempotent_edit_delete(any_store: Store, example: Path):
    case = renamed(load_case(example), fresh_id("contract"))
    report = any_store.save(case)
    assert report.created and not report.unchanged
    assert case.id in any_store.list_cases()
    assert any_store.load(case.id) == case
    assert any_store.save(case).unchanged  # pushing the same case twice changes nothing

    edited = case.model_copy(deep=True)
    edited.actors[0].power = 0.123 if edited.actors[0].power != 0.123 else 0.456
    dropped = edited.relationships.pop()
    report = any_store.save(edited)
    assert not report.created
    assert report.changed["actors"] == 1
    assert report.removed["relationships"] == 1
    assert sum(report.added.values()) == 0
    assert any_store.load(case.id) == edited
    assert dropped not in any_store.load(case.id).relationships

    assert any_store.delete(case.id) is True
    assert case.id not in any_store.list_cases()
    with pytest.raises(NotFoundError):
        any_store.load(case.id)
    assert any_store.delete(case.id) is False


def test_open_store_chooses_by_uri(tmp_path: Path):
    assert isinstance(open_store("memory:"), MemoryStore)
    assert isinstance(open_store(tmp_path / "x.yaml"), FileStore)
    with pytest.raises(StoreError, match="unknown store URI scheme"):
        open_store("ftp://example")


# ------------------------------------------------------------------ neo4j specifics
pytestmark_neo4j = pytest.mark.neo4j


@pytest.mark.neo4j
def test_graph_model_labels_and_types(neo4j_store: Neo4jStore, neo4j_server):
    case = renamed(load_case(EXAMPLES[0]), fresh_id("model"))
    neo4j_store.save(case)
    try:
        with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as d:
            recs, _, _ = d.execute_query(
                "MATCH (a:Actor {case_id: $c}) RETURN a.id AS id, labels(a) AS labels", c=case.id
            )
            labels = {r["id"]: set(r["labels"]) for r in recs}
            recs, _, _ = d.execute_query(
                "MATCH (:Actor {case_id: $c})-[r]->() WHERE r.case_id = $c "
                "RETURN type(r) AS t, count(*) AS n",
                c=case.id,
            )
            types = {r["t"]: r["n"] for r in recs}
        for actor in case.actors:
            assert "Actor" in labels[actor.id]
            for role in actor.roles:
                assert {
                    "client": "ClientSystem",
                    "target": "TargetSystem",
                    "change_agent": "ChangeAgentSystem",
                    "action": "ActionSystem",
                }.get(role.value, "x") in labels[actor.id] or role.value not in (
                    "client",
                    "target",
                    "change_agent",
                    "action",
                )
        g = EcoGraph.from_case(case)
        for kind in ("cooperation", "agreement", "conflict"):
            expected = sum(1 for r in g.relationships() if r.state().type.value == kind)
            assert types.get(kind.upper(), 0) == expected
        assert types["MEMBER_OF"] == sum(len(a.member_of) for a in case.actors)
        assert types["STANCE"] == sum(len(x.stances) for x in case.goals)
    finally:
        neo4j_store.delete(case.id)


@pytest.mark.neo4j
def test_failure_midway_leaves_previous_version(neo4j_store: Neo4jStore):
    case = renamed(load_case(EXAMPLES[0]), fresh_id("atomic"))
    neo4j_store.save(case)
    edited = case.model_copy(deep=True)
    edited.relationships = edited.relationships[:2]
    edited.actors[1].name = "Renamed"

    calls = []

    def boom(done: int, total: int) -> None:
        calls.append(done)
        if done > 0:
            raise RuntimeError("simulated crash midway")

    try:
        with pytest.raises(RuntimeError, match="simulated crash"):
            neo4j_store.save(edited, progress=boom)
        assert len(calls) >= 2  # some writes had been sent before the crash
        assert neo4j_store.load(case.id) == case
    finally:
        neo4j_store.delete(case.id)


@pytest.mark.neo4j
def test_cases_are_kept_apart(neo4j_store: Neo4jStore):
    base = load_case(EXAMPLES[0])
    one, two = renamed(base, fresh_id("apart")), renamed(base, fresh_id("apart"))
    try:
        neo4j_store.save(one)
        neo4j_store.save(two)
        edited = two.model_copy(deep=True)
        edited.relationships = []
        neo4j_store.save(edited)
        assert neo4j_store.load(one.id) == one
        assert neo4j_store.load(two.id) == edited
    finally:
        neo4j_store.delete(one.id)
        neo4j_store.delete(two.id)


HOSTILE = [
    "it's",
    'say "hi"',
    "back`tick`",
    "}) DETACH DELETE n //",
    "x'}) MATCH (m) DETACH DELETE m //",
    "\\u0027; DROP",
    "$case",
    "Ünïcødé — 家族 🙂",
    "n" * 200,
]


@pytest.mark.neo4j
def test_hostile_ids_and_names_round_trip_and_inject_nothing(neo4j_store: Neo4jStore, neo4j_server):
    bystander = renamed(load_case(EXAMPLES[0]), fresh_id("bystander"))
    neo4j_store.save(bystander)
    actors = [Actor(id="worker", name="Worker", roles=["change_agent"])] + [
        Actor(
            id=h,
            name=(h + " " + "名" * 400)[:500],
            roles=["client"],
            notes=h * 50,
            attributes={h: h, "k": 1},
        )
        for h in HOSTILE
    ]
    rels = [
        Relationship(
            source="worker",
            target=h,
            id=f"rel {h}"[:200],
            history=[Observation(date="2026-01-01", type="conflict", note=h, recorded_by=h)],
        )
        for h in HOSTILE
    ]
    goals = [
        Goal(
            id="g " + HOSTILE[3],
            description=HOSTILE[4],
            stances=[Stance(actor=h, stance=-1) for h in HOSTILE],
        )
    ]
    case_id = "case " + HOSTILE[3] + " " + uuid.uuid4().hex[:6]
    case = Case(
        id=case_id,
        title=HOSTILE[4],
        description=HOSTILE[1],
        actors=actors,
        relationships=rels,
        goals=goals,
    )
    EcoGraph.from_case(case)  # a valid case
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as d:

        def counts():
            recs, _, _ = d.execute_query("CALL db.labels() YIELD label RETURN collect(label) AS l")
            labels = set(recs[0]["l"])
            recs, _, _ = d.execute_query(
                "CALL db.relationshipTypes() YIELD relationshipType "
                "RETURN collect(relationshipType) AS t"
            )
            return labels, set(recs[0]["t"])

        neo4j_store.save(case)  # once, so that the vocabulary exists
        before = counts()
        try:
            assert neo4j_store.save(case).unchanged
            assert neo4j_store.load(case_id) == case
            assert counts() == before
            assert all(h not in "".join(before[0] | before[1]) for h in HOSTILE[1:5])
            assert neo4j_store.load(bystander.id) == bystander
            rows = neo4j_store.run_query("clients_without_cooperation", case_id)
            assert [r["client"] for r in rows] == sorted(HOSTILE)
        finally:
            neo4j_store.delete(case_id)
            neo4j_store.delete(bystander.id)


@pytest.mark.neo4j
def test_newer_format_is_refused_with_one_line(neo4j_store: Neo4jStore, neo4j_server, monkeypatch):
    neo4j_store.ensure_schema()
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as d:
        d.execute_query(
            "MATCH (m:EcographMeta {key: 'ecograph'}) SET m.format_version = $v",
            v=STORE_FORMAT_VERSION + 1,
        )
        try:
            with pytest.raises(StoreError, match="newer ecograph") as info:
                Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
            assert "\n" not in str(info.value)
            monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
            r = runner.invoke(app, ["pull", "x", "--from", neo4j_server.uri, "-o", "x.yaml"])
            assert r.exit_code == 3 and "newer ecograph" in r.output
            assert "Traceback" not in r.output
        finally:
            d.execute_query(
                "MATCH (m:EcographMeta {key: 'ecograph'}) SET m.format_version = $v",
                v=STORE_FORMAT_VERSION,
            )


@pytest.mark.neo4j
def test_wrong_password_and_unreachable_exit_3(neo4j_server, monkeypatch, tmp_path: Path):
    from ecograph.store.neo4j_server import free_port

    monkeypatch.setenv("NEO4J_PASSWORD", "definitely-wrong")
    r = runner.invoke(
        app, ["pull", "x", "--from", neo4j_server.uri, "-o", str(tmp_path / "x.yaml")]
    )
    assert r.exit_code == 3
    assert "refused the credentials" in r.output and "definitely-wrong" not in r.output
    assert len(r.output.strip().splitlines()) == 1
    r = runner.invoke(app, ["push", str(EXAMPLES[0]), "--to", f"bolt://127.0.0.1:{free_port()}"])
    assert r.exit_code == 3 and "cannot reach Neo4j" in r.output
    assert len(r.output.strip().splitlines()) == 1
    monkeypatch.delenv("NEO4J_PASSWORD")
    r = runner.invoke(
        app, ["pull", "x", "--from", neo4j_server.uri, "-o", str(tmp_path / "x.yaml")]
    )
    assert r.exit_code == 3 and "NEO4J_PASSWORD" in r.output


@pytest.mark.neo4j
def test_cli_push_pull_round_trip(neo4j_server, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    case = renamed(load_case(EXAMPLES[0]), fresh_id("cli"))
    src = tmp_path / "in.yaml"
    from ecograph.io.casefile import save_case

    save_case(case, src)
    r = runner.invoke(app, ["push", str(src), "--to", neo4j_server.uri])
    assert r.exit_code == 0, r.output
    assert "created" in r.output and neo4j_server.password not in r.output
    r = runner.invoke(app, ["push", str(src), "--to", neo4j_server.uri])
    assert r.exit_code == 0 and "unchanged" in r.output
    out = tmp_path / "out.yaml"
    r = runner.invoke(app, ["pull", case.id, "--from", neo4j_server.uri, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert load_case(out) == case
    r = runner.invoke(app, ["query", "power_imbalance", case.id, "--from", neo4j_server.uri])
    assert r.exit_code == 0
    import json

    assert json.loads(r.output) == QUESTIONS["power_imbalance"](EcoGraph.from_case(case))
    with open_store(neo4j_server.uri) as store:
        store.delete(case.id)


@pytest.mark.neo4j
def test_cli_push_and_pull_on_a_terminal_say_what_they_are_doing(
    neo4j_server, monkeypatch, tmp_path: Path
):
    """On a terminal, a long push or pull never looks stuck: reading the file, the batches, the
    commit; reading the case from the database, writing the file."""
    import io

    from rich.console import Console

    from ecograph.io.casefile import save_case

    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr("ecograph.cli.common.console", terminal)
    case = renamed(load_case(EXAMPLES[0]), fresh_id("tty"))
    src = tmp_path / "neighbourhood.yaml"
    save_case(case, src)
    r = runner.invoke(app, ["push", str(src), "--to", neo4j_server.uri])
    assert r.exit_code == 0, r.output
    shown = screen.getvalue()
    assert "reading neighbourhood.yaml" in shown
    assert "committing" in shown  # the last frame of the bar, once every batch is sent
    assert neo4j_server.password not in shown
    screen.truncate(0)
    out = tmp_path / "pulled.yaml"
    r = runner.invoke(app, ["pull", case.id, "--from", neo4j_server.uri, "-o", str(out)])
    assert r.exit_code == 0, r.output
    shown = screen.getvalue()
    assert f"reading case '{case.id}'" in shown and "writing pulled.yaml" in shown
    assert load_case(out) == case
    with open_store(neo4j_server.uri) as store:
        store.delete(case.id)


# ------------------------------------------------------------------ parity
@pytest.mark.neo4j
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_parity_on_examples(neo4j_store: Neo4jStore, example: Path):
    case = renamed(load_case(example), fresh_id("parity"))
    graph = EcoGraph.from_case(case)
    neo4j_store.save(case)
    try:
        answered = 0
        for name, twin in QUESTIONS.items():
            db = neo4j_store.run_query(name, case.id)
            _assert_same(name, db, twin(graph))
            if name == "influence_paths":
                _check_paths(db, graph)
            answered += bool(db)
        assert answered >= 3  # the example exercises several questions, not only empty answers
    finally:
        neo4j_store.delete(case.id)


@pytest.mark.neo4j
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases(case_id="hypothesis-parity"))
def test_parity_and_round_trip_on_random_cases(neo4j_store: Neo4jStore, case: Case):
    graph = EcoGraph.from_case(case)
    neo4j_store.save(case)
    try:
        assert neo4j_store.load(case.id) == case
        for name, twin in QUESTIONS.items():
            db = neo4j_store.run_query(name, case.id)
            _assert_same(name, db, twin(graph))
            if name == "influence_paths":
                _check_paths(db, graph)
    finally:
        neo4j_store.delete(case.id)


@pytest.mark.neo4j
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=cases(case_id="hypothesis-diff"), second=cases(case_id="hypothesis-diff"))
def test_pushing_an_edited_case_applies_exactly_the_difference(
    neo4j_store: Neo4jStore, first: Case, second: Case
):
    try:
        neo4j_store.save(first)
        neo4j_store.save(second)
        assert neo4j_store.load(second.id) == second
        assert neo4j_store.save(second).unchanged
        # role labels, derived states and memberships were updated too, not only properties
        graph = EcoGraph.from_case(second)
        for name in (
            "clients_without_cooperation",
            "influence_paths",
            "isolated_clients",
            "conflict_hotspots",
        ):
            _assert_same(name, neo4j_store.run_query(name, second.id), QUESTIONS[name](graph))
    finally:
        neo4j_store.delete(first.id)


def _operators(plan: dict) -> list[str]:
    names = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        names += _operators(child)
    return names


@pytest.mark.neo4j
def test_push_statements_seek_by_index_without_eager(neo4j_store: Neo4jStore, neo4j_server):
    """Every statement of a push starts from an index seek on the case or from element ids read
    in the same transaction (never a scan of a label or of all nodes), and the statements that
    load a new case have no Eager barrier."""
    from ecograph.store import neo4j as store_module

    case = renamed(load_case(EXAMPLES[0]), fresh_id("plans"))
    neo4j_store.save(case)  # so that every label and type exists and has statistics
    creating = [
        *store_module._WRITE.values(),
        *store_module._WRITE_REL.values(),
        store_module._node_write("actors", True, ()),
        store_module._node_write("goals", True),
        store_module._node_write("agreements", True),
        store_module._node_write("observations", True),
    ]
    others = [
        *store_module._READ.values(),
        *store_module._DELETE.values(),
        store_module._node_write("actors", False, ()),
        store_module._node_write("observations", False),
        store_module._LOCK_CASE,
    ]
    try:
        with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as d:
            with d.session() as session:
                for query in [*creating, *others]:
                    plan = session.run("EXPLAIN " + query, case=case.id, rows=[], keys=[], ids=[])
                    ops = _operators(plan.consume().plan)
                    scans = [op for op in ops if "LabelScan" in op or "AllNodes" in op]
                    assert not scans, (query, ops)
                    if query in creating:
                        assert "Eager" not in ops, (query, ops)
    finally:
        neo4j_store.delete(case.id)


@pytest.mark.neo4j
def test_two_writers_of_one_case_take_turns(neo4j_server):
    """Two agencies push different edits of the same case at the same moment: both pushes
    succeed, the stored case is exactly one of the two versions (no relationship written twice,
    no observation lost or doubled), and pushing that version again changes nothing."""
    import threading

    base = renamed(load_case(EXAMPLES[0]), fresh_id("turns"))

    def edited(strength: float, note: str) -> Case:
        rels = [
            r.model_copy(update={"strength": strength, "notes": note})
            if not r.history
            else r.model_copy(
                update={
                    "history": [
                        *r.history,
                        Observation(date=dt.date(2027, 1, 1), type="conflict", note=note),
                    ]
                }
            )
            for r in base.relationships
        ]
        return base.model_copy(update={"relationships": rels}, deep=True)

    versions = [edited(0.25, "first agency"), edited(0.75, "second agency")]
    stores = [
        Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
        for _ in versions
    ]
    try:
        for _ in range(3):
            stores[0].save(base)
            start = threading.Barrier(len(versions))
            errors: list[BaseException] = []

            def push(
                store: Neo4jStore,
                version: Case,
                start: threading.Barrier = start,
                errors: list[BaseException] = errors,
            ) -> None:
                start.wait()
                try:
                    store.save(version)
                except BaseException as exc:  # reported below
                    errors.append(exc)

            threads = [
                threading.Thread(target=push, args=(s, v))
                for s, v in zip(stores, versions, strict=True)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
            assert not errors, errors
            stored = stores[0].load(base.id)
            assert stored in versions
            assert stores[0].save(stored).unchanged
            rels = stores[0].run_query("conflict_hotspots", base.id)
            assert rels == QUESTIONS["conflict_hotspots"](EcoGraph.from_case(stored))
    finally:
        stores[0].delete(base.id)
        for s in stores:
            s.close()
