"""The four-system layout: every actor in its system's region, groups together, deterministic."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from ecograph import load_graph
from ecograph.graph import EcoGraph
from ecograph.model import Actor
from ecograph.plot.layout import BAND_DEPTH, BAND_GROW, OTHER, system_layout
from tests.conftest import example_files

ROLES = [["change_agent"], ["client"], ["target"], ["action"], ["client", "target"],
         ["action", "target"], ["client", "action"], ["professional"], []]


def _random_graph(n: int, seed: int) -> EcoGraph:
    rnd = random.Random(seed)
    g = EcoGraph("gen", "Generated")
    groups: list[tuple[str, list[str]]] = []
    for i in range(n):
        roles = rnd.choice(ROLES)
        member_of: list[str] = []
        if groups and rnd.random() < 0.4:
            gid, groles = rnd.choice(groups)
            if "change_agent" not in roles or groles == ["change_agent"]:
                member_of = [gid]
                roles = [] if rnd.random() < 0.5 else roles
        if "change_agent" in roles and member_of:
            member_of = []
        a = Actor(id=f"a{i:04d}", name=f"A{i}", roles=roles, member_of=member_of,
                  kind="family" if rnd.random() < 0.2 else "individual")
        g.add_actor(a)
        if a.kind == "family":
            groups.append((a.id, roles))
    return g


def _check_placement(g: EcoGraph) -> None:
    lay = system_layout(g)
    assert set(lay.positions) == {a.id for a in g.actors()}
    eff = g.effective_roles()
    drawn_as_member = {m for ms in lay.groups.values() for m in ms}
    for aid, point in lay.positions.items():
        home = lay.home[aid]
        roles = {r.value for r in eff[aid]}
        primary = [r for r in ("change_agent", "client", "target", "action") if r in roles]
        if primary:
            assert home == tuple(primary), aid
        if len(home) == 1:
            assert lay.region_of(point) == home[0], (aid, home, point)
        elif len(home) == 2 and home in {("change_agent", "client"), ("client", "target"),
                                        ("change_agent", "action"), ("target", "action")}:
            a, b = (lay.regions[k] for k in home)
            if aid in drawn_as_member:  # around its group, which is on the border
                assert a.contains(*point) or b.contains(*point), (aid, home, point)
            else:  # on the border (in parallel lanes when many): near the shared edge
                assert a.contains(*point) or b.contains(*point), (aid, home, point)
                x, y = point
                edge = abs(x - a.x1) if a.x1 == b.x0 else abs(y - a.y0) if a.y0 == b.y1 else abs(y - a.y1) if a.y1 == b.y0 else abs(x - a.x0)
                assert edge <= BAND_DEPTH * (a.x1 - a.x0), (aid, home, point)
    # nobody on top of anybody else
    pts = list(lay.positions.values())
    if len(pts) <= 400:
        for p, q in itertools.combinations(pts, 2):
            assert math.dist(p, q) >= 0.99 * lay.spacing, (p, q)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_examples_place_everyone_in_their_system(path) -> None:
    _check_placement(load_graph(str(path)))


@pytest.mark.parametrize("seed", range(4))
def test_generated_cases_place_everyone_in_their_system(seed: int) -> None:
    _check_placement(_random_graph(150, seed))


def test_child_protection_known_placement() -> None:
    g = load_graph("examples/child-protection.yaml")
    lay = system_layout(g)
    # Roberta is a mandated client and the target: on the client/target border's side;
    # the family is on the border itself.
    assert lay.home["family"] == ("client", "target")
    x, y = lay.positions["family"]
    assert y == pytest.approx(lay.regions["client"].y0)
    assert lay.region_of(lay.positions["susan"]) == "change_agent"
    assert lay.region_of(lay.positions["police"]) == "action"
    assert lay.region_of(lay.positions["court"]) == "problem_identification"
    # members drawn around their group, on one ring: further out in the band's room, still compact
    assert set(lay.groups["family"]) == {"roberta", "baby", "grandmother"}
    rings = {round(math.dist(lay.positions[m], lay.positions["family"]), 9) for m in lay.groups["family"]}
    assert len(rings) == 1 and 1.5 * lay.spacing <= rings.pop() <= BAND_GROW * lay.spacing


def test_layout_is_deterministic_and_independent_of_insertion_order() -> None:
    g = _random_graph(80, 7)
    case = g.to_case()
    h = EcoGraph.from_case(case.model_copy(update={"actors": case.actors[::-1]}))
    assert system_layout(g) == system_layout(g)
    assert system_layout(g).positions == system_layout(h).positions


def test_unassigned_actors_go_to_the_other_strip() -> None:
    g = EcoGraph("x", "X")
    g.add_actor(Actor(id="lonely", name="Lonely"))
    lay = system_layout(g)
    assert lay.home["lonely"] == (OTHER,)
    assert lay.region_of(lay.positions["lonely"]) == OTHER
    assert lay.regions[OTHER].y1 == lay.regions["action"].y0  # a strip under the four


def test_regions_grow_with_the_case() -> None:
    small, big = system_layout(_random_graph(20, 1)), system_layout(_random_graph(600, 1))
    assert (big.bounds[2] - big.bounds[0]) > (small.bounds[2] - small.bounds[0])


DUAL_EXAMPLES = ["child-protection", "family-conflict", "micro-district", "probation-law",
                 "ward-exchange", "community-40"]


@pytest.mark.parametrize("name", DUAL_EXAMPLES)
def test_actors_in_two_systems_get_a_band_across_the_border(name: str) -> None:
    """A client who is also the target sits in a band across the border, spaced like the rest.

    The band is a strip each of the two regions gives up along their shared border; the
    actors in both systems lie in it (inside the union of the two regions), keep at least the
    layout's spacing from every other actor, and no actor of a single system lies in it.
    """
    g = load_graph(next(p for p in example_files() if p.stem == name))
    lay = system_layout(g)
    dual = {a: h for a, h in lay.home.items() if len(h) == 2 and f"{h[0]}|{h[1]}" in lay.bands}
    assert dual, f"{name}: expected actors in two adjacent systems"
    for aid, home in dual.items():
        band = lay.bands["|".join(home)]
        x, y = lay.positions[aid]
        assert band.contains(x, y), (name, aid, band, (x, y))
        assert any(lay.regions[k].contains(x, y) for k in home), (name, aid)
        a, b = (lay.regions[k] for k in home)
        # the band straddles the border: it reaches into both regions
        if a.y0 == b.y1 or a.y1 == b.y0:
            border = a.y0 if a.y0 == b.y1 else a.y1
            assert band.y0 < border < band.y1, (name, band)
        else:
            border = a.x0 if a.x0 == b.x1 else a.x1
            assert band.x0 < border < band.x1, (name, band)
        assert min(band.x1 - band.x0, band.y1 - band.y0) >= lay.spacing - 1e-9, (name, band)
        for other, p in lay.positions.items():
            if other != aid:
                assert math.dist((x, y), p) >= lay.spacing - 1e-9, (name, aid, other)
    for aid, (x, y) in lay.positions.items():
        if len(lay.home[aid]) == 1 and aid not in {m for ms in lay.groups.values() for m in ms}:
            for band in lay.bands.values():
                assert not band.contains(x, y, tol=-1e-9), (name, aid, band.key)


def _share(lay, band, region: str) -> float:
    """How deep ``band`` reaches into ``region``, as a share of the region's depth."""
    r = lay.regions[region]
    if band.x0 < r.x0 < band.x1 or band.x0 < r.x1 < band.x1:  # a vertical border
        inside = min(band.x1, r.x1) - max(band.x0, r.x0)
        return inside / (r.x1 - r.x0)
    inside = min(band.y1, r.y1) - max(band.y0, r.y0)
    return inside / (r.y1 - r.y0)


@pytest.mark.parametrize(
    ("name", "band", "least"),
    [("child-protection", "client|target", 0.3), ("probation-law", "client|target", 0.25)],
)
def test_a_band_takes_the_room_its_regions_leave(name: str, band: str, least: float) -> None:
    """Where both regions beside a border have room to spare, the band gets it, and its actors
    spread over it; a family stays one compact cluster.

    child-protection: the client and target regions hold nobody but Roberta's family; the
    band was 3 x 3 spacings at the border (a share of 0.21 of each region, the family packed
    within 1.74 spacings), most of both regions empty. probation-law: 1 spacing deep.
    """
    g = load_graph(next(p for p in example_files() if p.stem == name))
    lay = system_layout(g)
    b = lay.bands[band]
    side = lay.regions["client"].x1 - lay.regions["client"].x0
    for region in band.split("|"):
        assert _share(lay, b, region) >= least, (region, _share(lay, b, region))
    assert max(b.x1 - b.x0, b.y1 - b.y0) >= 0.6 * side  # along the border
    dual = [a for a, h in lay.home.items() if "|".join(h) == band]
    xs = [lay.positions[a][0] for a in dual]
    ys = [lay.positions[a][1] for a in dual]
    if len(dual) > 1:  # spread over the band: across a good part of a region's side
        assert max(max(xs) - min(xs), max(ys) - min(ys)) >= 0.4 * side
    for gid, members in lay.groups.items():  # compact: members within two rings of their group
        for m in members:
            assert math.dist(lay.positions[m], lay.positions[gid]) <= BAND_GROW * lay.spacing + 1e-9
    for p, q in itertools.combinations(lay.positions.values(), 2):
        assert math.dist(p, q) >= lay.spacing - 1e-9
