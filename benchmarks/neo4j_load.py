"""Neo4j: batched load vs one transaction per relationship; query latency vs NetworkX.

Loads a generated community graph of about 100,000 relationships (actors, goals with stances,
memberships, dated histories) into a fresh local Neo4j with the batched writer (one managed
transaction, ``UNWIND $rows`` batches), and, in the same run, loads a 5,000-relationship sample
of the same graph with one transaction per relationship (the baseline). Reports relationships
per second for both and the ratio; then the median latency of each query in ``queries/`` on the
big graph against its NetworkX twin on the same graph.

Two comparisons, each side writing the same content, so that the rates compare like with like:

* **whole graph**: batched, the whole case -- every actor (with its role labels and
  ``IN_CASE``), goal, stance, membership, relationship and observation -- timed from the case in
  memory to the commit; against one managed write transaction per relationship that merges its
  two end actors (properties only: no role labels, no ``IN_CASE``), creates the relationship
  with the same properties and creates its observations: what a loader without batching does.
* **relationships into stored actors**: the actors, goals and memberships are stored first
  (untimed); then batched, the push that adds every relationship with its history; against one
  transaction per relationship that creates it between its stored ends, with its observations.

Each load is timed over ``--rounds`` rounds (3) and compared by medians; the rows of each side
are built inside its timing (from the case in memory to the commit). Both run on a warm server:
the same case is pushed once first and deleted again, and 500 relationships are written one
transaction each, untimed. A freshly
started Java server compiles the Cypher runtime and the kernel paths on first use, which a
server that has been up for a while has already done; that first ("cold") push is timed and
reported too.

Run from the repository root::

    .venv/bin/python benchmarks/neo4j_load.py            # ~100,000 relationships
    .venv/bin/python benchmarks/neo4j_load.py --rels 20000 --sample 2000   # quicker

Results: ``benchmarks/results/neo4j_load.json``. Goal (issue 4): batched >= 20x the
per-relationship rate, 100,000 relationships in under 30 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, write_results  # noqa: E402
from community_graph import community_case  # noqa: E402

from ecograph.analysis.questions import QUERIES  # noqa: E402
from ecograph.model import Case  # noqa: E402
from ecograph.store import neo4j as store_module  # noqa: E402
from ecograph.store import neo4j_server as srv  # noqa: E402
from ecograph.store.neo4j import BATCH_SIZE, Neo4jStore, case_rows  # noqa: E402

#: One relationship with its ends and its history, in one statement (the baseline's unit).
_ONE_RELATIONSHIP = {
    t: "MERGE (a:Actor {case_id: $case, id: $a.id}) SET a = $a "
    "MERGE (b:Actor {case_id: $case, id: $b.id}) SET b = $b "
    f"CREATE (a)-[r:{t}]->(b) SET r = $rel "
    "WITH r UNWIND $obs AS o CREATE (n:Observation) SET n = o"
    for t in store_module.REL_TYPES.values()
}
#: One relationship and its history, its ends already stored.
_ONE_RELATIONSHIP_STORED_ENDS = {
    t: "MATCH (a:Actor {case_id: $case, id: $rel.source}) "
    "MATCH (b:Actor {case_id: $case, id: $rel.target}) "
    f"CREATE (a)-[r:{t}]->(b) SET r = $rel "
    "WITH r UNWIND $obs AS o CREATE (n:Observation) SET n = o"
    for t in store_module.REL_TYPES.values()
}


def _sample(case: Case, sample: int, suffix: str) -> Case:
    """Return the first ``sample`` relationships and all the actors as a case of their own."""
    rels = case.relationships[:sample]
    return case.model_copy(
        update={"id": case.id + suffix, "relationships": rels, "goals": [], "agreements": []}
    )


def _one_by_one(store: Neo4jStore, sub: Case, queries: dict[str, str]) -> float:
    """Write each relationship of ``sub`` in a managed write transaction of its own; seconds.

    Timed like the batched push: from the case in memory (its rows are built inside the
    timing too) to the last commit.
    """
    case_id = sub.id
    t0 = time.perf_counter()
    items = _per_relationship_items(sub, queries)
    with store._driver.session() as session:
        for query, params in items:
            session.execute_write(
                lambda tx, q=query, p=params: tx.run(q, case=case_id, **p).consume()
            )
    return time.perf_counter() - t0


def _per_relationship_items(sub: Case, queries: dict[str, str]) -> list[tuple[str, dict]]:
    rows = case_rows(sub)
    history: dict[str, list[dict]] = {}
    for (rel_id, _), obs in rows.observations.items():
        history.setdefault(rel_id, []).append(obs)
    items = []
    for key, props in rows.rels.items():
        rel = {k: v for k, v in props.items() if k != "_type"}
        a, b = rows.actors[props["source"]], rows.actors[props["target"]]
        params = {"a": a, "b": b, "rel": rel, "obs": history.get(key, [])}
        items.append((queries[props["_type"]], params))
    return items


def per_relationship_whole(store: Neo4jStore, case: Case, sample: int) -> float:
    """Load ``sample`` relationships with their ends and histories, one transaction each."""
    sub = _sample(case, sample, "-single")
    store.save(Case(id=sub.id, title="per-relationship baseline"))  # the (:Case) node only
    seconds = _one_by_one(store, sub, _ONE_RELATIONSHIP)
    store.delete(sub.id)
    return seconds


def per_relationship_stored_ends(store: Neo4jStore, case: Case, sample: int) -> float:
    """Write ``sample`` relationships with their histories between stored ends, one each."""
    sub = _sample(case, sample, "-edges")
    store.save(sub.model_copy(update={"relationships": []}))  # the actors, untimed
    seconds = _one_by_one(store, sub, _ONE_RELATIONSHIP_STORED_ENDS)
    store.delete(sub.id)
    return seconds


def batched_stored_ends(store: Neo4jStore, case: Case) -> float:
    """Store the case without relationships (untimed), then time the push that adds them."""
    big = case.model_copy(update={"id": case.id + "-rels"})
    store.save(big.model_copy(update={"relationships": []}))
    t0 = time.perf_counter()
    report = store.save(big)
    seconds = time.perf_counter() - t0
    assert report.added["relationships"] == len(case.relationships)
    store.delete(big.id)
    return seconds


def _comparison(label: str, n: int, batched: list[float], sample: int, single: list[float]) -> dict:
    """Print one comparison (medians of the rounds) and return its figures for the results."""
    batched_s, single_s = statistics.median(batched), statistics.median(single)
    batched_rate, single_rate = n / batched_s, sample / single_s
    print(
        f"{label}: batched {n:,} relationships in {batched_s:.1f} s = {batched_rate:,.0f} rel/s;"
        f" one transaction per relationship {single_rate:,.0f} rel/s; "
        f"ratio {batched_rate / single_rate:.1f}x (medians of {len(batched)} rounds; per round"
        f" {min(n / t for t in batched) / max(sample / t for t in single):.1f}x to"
        f" {max(n / t for t in batched) / min(sample / t for t in single):.1f}x at the extremes)"
    )
    return {
        "batched_relationships": n,
        "batched_s": round(batched_s, 3),
        "batched_s_rounds": [round(t, 3) for t in batched],
        "batched_relationships_per_s": round(batched_rate),
        "per_relationship_sample": sample,
        "per_relationship_s": round(single_s, 3),
        "per_relationship_s_rounds": [round(t, 3) for t in single],
        "per_relationship_per_s": round(single_rate),
        "ratio": round(batched_rate / single_rate, 1),
    }


def median_latency(fn, repeat: int) -> float:
    fn()  # warm-up (plan caching, JIT)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rels", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=5_000)
    ap.add_argument("--repeat", type=int, default=5, help="runs per query latency")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of each load")
    ap.add_argument("--uri", help="use this server (NEO4J_PASSWORD) instead of starting one")
    args = ap.parse_args()

    from ecograph.graph import EcoGraph

    t0 = time.perf_counter()
    case = community_case(args.rels, seed=1)
    graph = EcoGraph.from_case(case)
    n_obs = sum(len(r.history) for r in case.relationships)
    print(
        f"generated {len(case.actors)} actors, {len(case.relationships)} relationships, "
        f"{n_obs} observations, {len(case.goals)} goals in {time.perf_counter() - t0:.1f} s"
    )

    tmp = tempfile.TemporaryDirectory(prefix="ecograph-bench-neo4j-")
    password = "benchmark-password"
    data = Path(tmp.name)
    if args.uri:
        import os

        uri, password = args.uri, os.environ["NEO4J_PASSWORD"]
    else:
        t0 = time.perf_counter()
        st = srv.start(
            data,
            port=srv.free_port(),
            password=password,
            heap="3g",
            pagecache="512m",
            tx_memory="2500m",
            timeout=300,
        )
        print(f"server started in {time.perf_counter() - t0:.1f} s")
        assert st.uri is not None
        uri = st.uri
    try:
        with Neo4jStore(uri, user="neo4j", password=password) as store:
            store.ensure_schema()
            t0 = time.perf_counter()
            store.save(case)
            cold_s = time.perf_counter() - t0
            store.delete(case.id)
            print(f"cold (first push on a fresh server): {cold_s:.1f} s; deleted again")
            n = len(case.relationships)
            # Each side is timed over several rounds and compared by its median: one round
            # of the per-relationship baseline varied by half from run to run.
            # The per-relationship statements are warmed up too (untimed), as the cold push
            # warmed up the batched ones: their first few hundred transactions compile plans.
            per_relationship_whole(store, case, min(500, args.sample))
            per_relationship_stored_ends(store, case, min(500, args.sample))
            batched_runs, single_runs, batched_b_runs, single_b_runs = [], [], [], []
            for i in range(args.rounds):
                t0 = time.perf_counter()
                report = store.save(case)
                batched_runs.append(time.perf_counter() - t0)
                assert report.created
                if i < args.rounds - 1:
                    store.delete(case.id)
                single_runs.append(per_relationship_whole(store, case, args.sample))
                batched_b_runs.append(batched_stored_ends(store, case))
                single_b_runs.append(per_relationship_stored_ends(store, case, args.sample))
                print(
                    f"round {i + 1}/{args.rounds}: batched {batched_runs[-1]:.1f} s, "
                    f"per relationship {single_runs[-1]:.1f} s; into stored actors: batched "
                    f"{batched_b_runs[-1]:.1f} s, per relationship {single_b_runs[-1]:.1f} s"
                )
            t0 = time.perf_counter()
            again = store.save(case)
            idempotent_s = time.perf_counter() - t0
            assert again.unchanged
            batched_s = statistics.median(batched_runs)
            whole = _comparison("whole graph", n, batched_runs, args.sample, single_runs)
            ends = _comparison(
                "relationships into stored actors", n, batched_b_runs, args.sample, single_b_runs
            )
            print(f"re-push of the unchanged case: {idempotent_s:.1f} s")

            queries = {}
            for name, twin in ((n, q.twin) for n, q in QUERIES.items()):
                db_s = median_latency(lambda n=name: store.run_query(n, case.id), args.repeat)
                nx_s = median_latency(lambda t=twin: t(graph), args.repeat)
                rows = len(twin(graph))
                queries[name] = {
                    "neo4j_median_s": round(db_s, 6),
                    "networkx_median_s": round(nx_s, 6),
                    "neo4j_over_networkx": round(db_s / nx_s, 2),
                    "rows": rows,
                }
                print(
                    f"  {name:30s} neo4j {db_s * 1000:9.1f} ms   networkx "
                    f"{nx_s * 1000:9.1f} ms   ({rows} rows)"
                )
    finally:
        if not args.uri:
            srv.stop(data)
        tmp.cleanup()

    path = write_results(
        "neo4j_load",
        {
            "graph": {
                "actors": len(case.actors),
                "relationships": len(case.relationships),
                "observations": n_obs,
                "goals": len(case.goals),
            },
            "batched": {
                "seconds": round(batched_s, 3),
                "rounds": args.rounds,
                "relationships_per_s": round(n / batched_s),
                "batch_size": BATCH_SIZE,
                "transactions": 1,
            },
            "cold_first_push_s": round(cold_s, 3),
            "batched_repush_unchanged_s": round(idempotent_s, 3),
            "whole_graph": whole,
            "relationships_into_stored_actors": ends,
            "goals": {"ratio_at_least": 20, "batched_100k_under_s": 30},
            "queries": queries,
            "server": {"heap": "3g", "pagecache": "512m"},
        },
    )
    print(f"results written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
