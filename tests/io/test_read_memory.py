"""Reading a big case file stays within the stated memory bound (docs/performance... see below).

The bound, stated in docs/case-files.md ("Big case files"): reading and validating a case file
of N relationships peaks below ``READ_BYTES_PER_RELATIONSHIP * N`` bytes of resident memory
(the process's own VmHWM, Python and ecograph included). Checked here on a generated case of
100,000 relationships, YAML and JSON, each read in a fresh process. Memory, not time: speed is
measured in benchmarks/bench_bigcases.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ecograph.io.casefile import READ_BYTES_PER_RELATIONSHIP

RELATIONSHIPS = 100_000
ACTORS = 62_500
TYPES = ("cooperation", "agreement", "conflict")


def case_text(fmt: str) -> str:
    """A valid case of ACTORS actors and RELATIONSHIPS relationships, a third with a history."""
    roles = {0: ["change_agent"], 1: ["client"], 2: ["target"], 3: ["action"]}
    actors = [
        {"id": f"a{i}", "name": f"Actor {i}", "roles": roles.get(i % 8, []), "power": 0.5}
        for i in range(ACTORS)
    ]
    rels = []
    for k in range(RELATIONSHIPS):
        s = k % ACTORS
        t = (s + 1 + k // ACTORS * 7) % ACTORS
        rel = {"source": f"a{s}", "target": f"a{t}", "type": TYPES[k % 3], "strength": 0.5}
        if k % 3 == 0:
            rel["history"] = [{"date": f"2025-0{1 + k % 9}-1{k % 10}", "type": TYPES[k % 3]}]
        rels.append(rel)
    if fmt == "json":
        data = {"ecograph": 1, "id": "big", "title": "Big", "actors": actors, "relationships": rels}
        return json.dumps(data, indent=2)
    lines = ["ecograph: 1", "id: big", "title: Big", "actors:"]
    for a in actors:
        lines += [f"- id: {a['id']}", f"  name: {a['name']}", f"  roles: [{', '.join(a['roles'])}]"]
        lines.append(f"  power: {a['power']}")
    lines.append("relationships:")
    for r in rels:
        lines += [f"- source: {r['source']}", f"  target: {r['target']}", f"  type: {r['type']}"]
        lines.append(f"  strength: {r['strength']}")
        for o in r.get("history", []):
            lines += ["  history:", f"  - date: {o['date']}", f"    type: {o['type']}"]
    return "\n".join(lines) + "\n"


READ = (
    "import sys\n"
    "from ecograph.io.casefile import load_case\n"
    "case = load_case(sys.argv[1])\n"
    "assert len(case.relationships) == int(sys.argv[2])\n"
    "for line in open('/proc/self/status'):\n"
    "    if line.startswith('VmHWM:'):\n"
    "        print(int(line.split()[1]) * 1024)\n"
)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_reading_100k_relationships_stays_within_the_memory_bound(tmp_path, fmt) -> None:
    path = tmp_path / f"big.{fmt}"
    path.write_text(case_text(fmt), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", READ, str(path), str(RELATIONSHIPS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    peak = int(out.stdout.split()[-1])
    bound = READ_BYTES_PER_RELATIONSHIP * RELATIONSHIPS
    assert peak < bound, f"peak {peak / 2**20:.0f} MiB, bound {bound / 2**20:.0f} MiB"
