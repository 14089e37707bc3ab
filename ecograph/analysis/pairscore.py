"""The rule book's scores of many unrelated pairs at once, in arrays (what keeps a big case fast).

A case with many change agents, clients, targets and action-system actors has hundreds of
thousands of pairs to assess (every change-agent-or-client x target-or-action pair), nearly all
of them unrelated: no relationship, no agreement between them. :func:`pair_grid` lists those
pairs as arrays, in the order :func:`~ecograph.analysis.likelihood.assess` assesses them, and
:func:`score_pairs` scores the unrelated ones with numpy: each rule of
:data:`~ecograph.analysis.rulebook.RULEBOOK` that can fire on an unrelated pair, in the rule
book's order, adds its contribution to each type's log-odds, computed with the same floating-point
operations in the same order as the rule's own function -- so the scores are equal to the last
bit to those of :func:`~ecograph.analysis.likelihood.assess_pair` (a test checks it on every
example, on generated cases and on random small cases). The reasons are not built here: a pair
whose reasons are read runs the rule book itself.

Rules that need a relationship (``current_state``, ``perception``, ``trend``) or an agreement
between the two (``agreement_in_force``, ``agreement_broken``, the law and authority parts of
``rebalanced``, the conveners of ``negotiation``) never fire on these pairs, and being unrelated
means no agreement in place, so ``goal_alignment`` and ``structural_pressure`` point to agreement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ecograph.analysis.features import CaseFeatures
from ecograph.model import Role

__all__ = ["BATCH_RULES", "PairGrid", "pair_grid", "score_pairs"]

#: The rules :func:`score_pairs` reproduces, in the rule book's order; the batch is used only
#: while :data:`~ecograph.analysis.rulebook.RULEBOOK` has exactly these.
BATCH_RULES: tuple[str, ...] = (
    "current_state",
    "first_stage",
    "role_action",
    "role_client",
    "role_target",
    "goal_alignment",
    "joint_goal_threat",
    "discrepancy",
    "negotiation",
    "no_negotiation",
    "power_gap",
    "rebalanced",
    "involuntary",
    "law_basis",
    "voluntary",
    "agreement_in_force",
    "agreement_broken",
    "perception",
    "trend",
    "structural_pressure",
)

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

_CA, _CLIENT, _TARGET, _ACTION = 1, 2, 4, 8
_BITS = {Role.CHANGE_AGENT: _CA, Role.CLIENT: _CLIENT, Role.TARGET: _TARGET, Role.ACTION: _ACTION}


@dataclass(frozen=True)
class PairGrid:
    """The change-agent-or-client x target-or-action pairs not already assessed, as arrays.

    Attributes
    ----------
    ids : list of str
        Actor ids; the arrays hold indices into it.
    a, b : ndarray of int
        Each pair, oriented as :func:`~ecograph.analysis.likelihood.assess_pair` orients it
        (the change agent, else the client, first), in assessment order.
    batch : ndarray of bool
        The pairs :func:`score_pairs` may score: no relationship between them at all (present
        or not) and no agreement binding both sides. The others run the rule book.
    mover, other : ndarray of int
        Each actor's place among the change agents and clients, and among the targets and
        action actors (-1: not one).
    row : ndarray of int
        For each cell of the whole grid (mover x other), its row in ``a``/``b`` (-1: left out).
    """

    ids: list[str]
    a: IntArray
    b: IntArray
    batch: BoolArray
    mover: IntArray
    other: IntArray
    row: IntArray

    def names(self, rows: IntArray) -> list[tuple[str, str]]:
        """Return the pairs at ``rows`` as (a, b) actor ids."""
        ids = self.ids
        a, b = self.a[rows].tolist(), self.b[rows].tolist()
        return [(ids[i], ids[j]) for i, j in zip(a, b, strict=True)]

    def rows_of(self, u: IntArray, v: IntArray) -> IntArray:
        """Return the row of each pair (u, v), in either order (-1 when not in the grid)."""
        return _rows_of(self.mover, self.other, self.row, u, v)


def _rows_of(mover: IntArray, other: IntArray, row: IntArray, u: IntArray, v: IntArray) -> IntArray:
    n_o = int(other.max()) + 1 if len(other) else 0
    out = np.full(len(u), -1, dtype=np.int64)
    for x, y in ((u, v), (v, u)):
        ok = (mover[x] >= 0) & (other[y] >= 0) & (out < 0)
        cell = mover[x[ok]] * n_o + other[y[ok]]
        out[ok] = row[cell]
    return out


def _role_bits(f: CaseFeatures, ids: list[str]) -> IntArray:
    out = np.zeros(len(ids), dtype=np.int64)
    for i, x in enumerate(ids):
        bits = 0
        for role in f.roles.get(x, ()):
            bits |= _BITS.get(role, 0)
        out[i] = bits
    return out


def _pair_indices(
    pairs: Iterable[Iterable[str]], index: dict[str, int]
) -> tuple[IntArray, IntArray]:
    u: list[int] = []
    v: list[int] = []
    for pair in pairs:
        x, y = tuple(pair)
        u.append(index[x])
        v.append(index[y])
    return np.array(u, dtype=np.int64), np.array(v, dtype=np.int64)


def pair_grid(f: CaseFeatures, seen: set[frozenset[str]]) -> PairGrid:
    """Return the pairs of change agents and clients with targets and action actors, as arrays.

    In the order of :func:`~ecograph.analysis.likelihood.assess`: each change agent or client
    (own role, in the case on the date, case order) with each target or action actor, leaving
    out an actor with itself, the pairs in ``seen`` and a pair already listed the other way
    round.
    """
    ids = list(f.actors)
    index = {x: i for i, x in enumerate(ids)}
    movers = list(dict.fromkeys(a for a in f.own(Role.CHANGE_AGENT) + f.own(Role.CLIENT)))
    others = list(dict.fromkeys(a for a in f.own(Role.TARGET) + f.own(Role.ACTION)))
    movers = [a for a in movers if f.in_case(a)]
    others = [a for a in others if f.in_case(a)]
    n = len(ids)
    m_idx = np.array([index[x] for x in movers], dtype=np.int64)
    o_idx = np.array([index[x] for x in others], dtype=np.int64)
    x = np.repeat(m_idx, len(o_idx))
    y = np.tile(o_idx, len(m_idx))
    keep = x != y
    # listed the other way round already: y is a mover before x, and x is one of the others
    pos_m = np.full(n, -1, dtype=np.int64)
    pos_m[m_idx] = np.arange(len(m_idx))
    pos_o = np.full(n, -1, dtype=np.int64)
    pos_o[o_idx] = np.arange(len(o_idx))
    keep &= ~((pos_m[y] >= 0) & (pos_o[x] >= 0) & (pos_m[y] < pos_m[x]))
    if seen:
        u, v = _pair_indices(seen, index)
        for uu, vv in ((u, v), (v, u)):  # both orders: each may have its cell in the grid
            ok = (pos_m[uu] >= 0) & (pos_o[vv] >= 0)
            keep[pos_m[uu[ok]] * len(o_idx) + pos_o[vv[ok]]] = False
    row = np.full(len(x), -1, dtype=np.int64)
    row[keep] = np.arange(int(keep.sum()))
    x, y = x[keep], y[keep]
    # orient: the change agent, else the client, else the action-system actor first
    bits = _role_bits(f, ids)
    bx, by = bits[x], bits[y]
    swap = np.zeros(len(x), dtype=np.bool_)
    decided = np.zeros(len(x), dtype=np.bool_)
    for bit in (_CA, _CLIENT, _ACTION):
        in_x, in_y = (bx & bit) != 0, (by & bit) != 0
        swap |= ~decided & in_y & ~in_x
        decided |= in_x != in_y
    a = np.where(swap, y, x)
    b = np.where(swap, x, y)
    # the rule book's pairs: a relationship (present or not) or an agreement binding both
    batch = ~_share_agreement(f, ids, index, a, b)
    u, v = _pair_indices((r.pair for r in f.graph.relationships()), index)
    rows = _rows_of(pos_m, pos_o, row, u, v)
    batch[rows[rows >= 0]] = False
    return PairGrid(ids, a, b, batch, pos_m, pos_o, row)


def _share_agreement(
    f: CaseFeatures, ids: list[str], index: dict[str, int], a: IntArray, b: IntArray
) -> BoolArray:
    """Return whether an agreement has a party on each side of the pair (side: actor + groups)."""
    agreements = f.graph.agreements()
    out = np.zeros(len(a), dtype=np.bool_)
    if not agreements:
        return out
    by_party: dict[str, list[int]] = {}
    for i, ag in enumerate(agreements):
        for p in ag.party_ids():
            by_party.setdefault(p, []).append(i)
    words = (len(agreements) + 63) // 64
    mask = np.zeros((len(ids), words), dtype=np.uint64)
    for i, x in enumerate(ids):
        for who in f.side(x):
            for k in by_party.get(who, ()):
                mask[i, k // 64] |= np.uint64(1 << (k % 64))
    for w in range(words):
        out |= (mask[a, w] & mask[b, w]) != 0
    return out


def _common_neighbours(
    adj: Mapping[str, Mapping[str, object]], index: dict[str, int]
) -> tuple[IntArray, IntArray]:
    """Return the pairs (u, v), u < v, with at least one common neighbour."""
    found: set[tuple[int, int]] = set()
    for around in adj.values():
        near = sorted(index[x] for x in around)
        for i, u in enumerate(near):
            for v in near[i + 1 :]:
                found.add((u, v))
    pairs = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _hits(grid: PairGrid, sel: IntArray, u: IntArray, v: IntArray) -> IntArray:
    """Return the places in ``sel`` (rows of the grid) of the pairs (u, v), each once, in order."""
    rows = grid.rows_of(u, v)
    place = np.full(len(grid.a), -1, dtype=np.int64)
    place[sel] = np.arange(len(sel))
    mark = np.zeros(len(sel), dtype=np.bool_)
    found = place[rows[rows >= 0]]
    mark[found[found >= 0]] = True
    return np.flatnonzero(mark)


def pressure_pairs(f: CaseFeatures, grid: PairGrid) -> list[tuple[str, str]]:
    """Return the batch pairs with a common neighbour: the only ones structural pressure reaches."""
    index = {x: i for i, x in enumerate(grid.ids)}
    sel = np.flatnonzero(grid.batch)
    return grid.names(sel[_hits(grid, sel, *_common_neighbours(f.adj, index))])


def score_pairs(f: CaseFeatures, grid: PairGrid) -> FloatArray:
    """Return the log-odds scores (cooperation, agreement, conflict) of the grid's batch pairs.

    One row per pair of ``grid`` whose ``batch`` flag is set, in order. Each rule adds its
    contribution as its own function in :mod:`~ecograph.analysis.rulebook` does, in the same
    order, so the scores equal those of the rule book to the last bit. Call
    :meth:`~ecograph.analysis.features.CaseFeatures.prepare_pressure` for
    :func:`pressure_pairs` first.
    """
    w, th = f.params.weights, f.params.thresholds
    ids = grid.ids
    sel = np.flatnonzero(grid.batch)
    a, b = grid.a[sel], grid.b[sel]
    m = len(a)
    n = len(ids)
    bits = _role_bits(f, ids)
    ra, rb = bits[a], bits[b]
    coop = np.zeros(m)
    agree = np.zeros(m)
    conflict = np.zeros(m)
    zero = np.zeros(m)

    def add(acc: FloatArray, fire: BoolArray, value: FloatArray | float) -> FloatArray:
        return acc + np.where(fire, value, zero)

    # per-actor facts
    power = np.array([f.actors[x].power for x in ids])
    threat_has = np.zeros(n, dtype=np.bool_)
    threat = np.zeros(n)
    disc = np.zeros(n)
    moderate = np.zeros(n, dtype=np.bool_)
    constrained = np.zeros(n, dtype=np.int64)  # 0 none, 1 mandated, 2 involuntary
    voluntary = np.zeros(n, dtype=np.bool_)
    rebalancers = np.zeros(n, dtype=np.bool_)
    for i, x in enumerate(ids):
        info = f.threat(x)
        if info is not None:
            threat_has[i] = True
            threat[i], disc[i] = info[0], info[1]
        declared = f.actors[x].expects_moderate_demands
        if declared is not None:
            moderate[i] = declared
        else:
            moderate[i] = info is not None and 0 < info[0] <= th.moderate_demands
        how = f.constrained(x, None)
        constrained[i] = {None: 0, "mandated": 1}.get(how, 2)
        voluntary[i] = f.voluntary(x)
    # advocates and conferences are read only for the weaker side of a large power gap
    ca_a, ca_b = (ra & _CA) != 0, (rb & _CA) != 0
    one_ca = ca_a != ca_b
    other = np.where(ca_a, b, a)

    # first_stage: no present tie
    agree = agree + w.first_stage
    # role_action, role_client
    coop = add(coop, one_ca & ((bits[other] & _ACTION) != 0), w.role_action)
    agree = add(agree, one_ca & ((bits[other] & _CLIENT) != 0), w.role_client)
    # role_target: the worker's side facing a target
    allies = _CA | _CLIENT | _ACTION
    ab = ((rb & _TARGET) != 0) & ((ra & _TARGET) == 0) & ((ra & allies) != 0)
    ba = ~ab & ((ra & _TARGET) != 0) & ((rb & _TARGET) == 0) & ((rb & allies) != 0)
    has_ws = ab | ba
    ws0 = np.where(ab, a, b)
    ws1 = np.where(ab, b, a)
    agree = add(agree, has_ws & ((bits[ws0] & (_CA | _CLIENT)) != 0), w.role_target)
    # goal_alignment
    align, shared = _alignment(f, ids, a, b)
    fires = (shared > 0) & (np.abs(align) >= th.alignment)
    agree = add(agree, fires, w.goal_alignment * np.maximum(0.0, align))
    conflict = add(conflict, fires, w.goal_alignment * np.maximum(0.0, -align))
    # joint_goal_threat, discrepancy
    info = has_ws & threat_has[ws1]
    t, d = threat[ws1], disc[ws1]
    conflict = add(conflict, info & (t >= th.threat), w.joint_goal_threat * t)
    agree = add(agree, info & (d >= th.discrepancy) & (t < th.inevitable), w.discrepancy * d)
    # negotiation, no_negotiation
    channel = _channel(f, ids, a, b)
    convener = _convener(f, grid, sel)
    held = channel.astype(np.float64) + convener + (has_ws & moderate[ws1])
    agree = add(agree, held > 0, w.negotiation * held / 3)
    t0 = np.where(info, t, 0.0)
    disagree = ((shared > 0) & (align <= -th.alignment)) | (t0 >= th.threat)
    conflict = add(conflict, (held == 0) & disagree, w.no_negotiation)
    # power_gap, rebalanced
    pa, pb = power[a], power[b]
    gap = np.abs(pa - pb)
    large = gap >= th.power_gap
    coop = add(coop, large, -w.power_gap * gap)
    conflict = add(conflict, large, w.power_gap * gap / 2)
    weaker = np.where(pa > pb, b, a)
    asked = np.zeros(n, dtype=np.bool_)
    asked[weaker[large]] = True
    for i in np.flatnonzero(asked).tolist():
        x = ids[i]
        rebalancers[i] = bool(f.advocates(x) or f.conferences(x))
    agree = add(agree, large & rebalancers[weaker], w.rebalanced)
    # involuntary, law_basis, voluntary: a change agent and a client
    client_end = one_ca & ((bits[other] & _CLIENT) != 0)
    bound = np.where(client_end, constrained[other], 0)
    cap = th.hostile_months_cap
    months = w.involuntary + w.sustained_hostility * (min(0.0, cap) / cap)
    conflict = add(conflict, bound > 0, months)
    agree = add(agree, (bound == 1) & large, w.law_basis)
    coop = add(coop, client_end & (bound == 0) & voluntary[other], w.voluntary)
    # structural_pressure
    p_val, p_has = _pressure(f, grid, sel)
    fires = p_has & (np.abs(p_val) >= th.pressure)
    agree = add(agree, fires, w.structural_pressure * np.maximum(0.0, p_val))
    conflict = add(conflict, fires, w.structural_pressure * np.maximum(0.0, -p_val))
    out = np.empty((m, 3))
    out[:, 0], out[:, 1], out[:, 2] = coop, agree, conflict
    return out


def _alignment(
    f: CaseFeatures, ids: list[str], a: IntArray, b: IntArray
) -> tuple[FloatArray, IntArray]:
    """Goal alignment and shared goals, summed in the order of ``a``'s own stance table."""
    goals = {g.id: k for k, g in enumerate(f.graph.goals())}
    n, g = len(ids), max(1, len(goals))
    s = np.zeros((n, g))
    wt = np.zeros((n, g))
    has = np.zeros((n, g), dtype=np.bool_)
    order = np.full((n, g), -1, dtype=np.int64)
    for i, x in enumerate(ids):
        for j, (goal, (st, we)) in enumerate(f.stances.get(x, {}).items()):
            k = goals[goal]
            s[i, k], wt[i, k], has[i, k], order[i, j] = st, we, True, k
    num = np.zeros(len(a))
    den = np.zeros(len(a))
    count = np.zeros(len(a), dtype=np.int64)
    s_flat, w_flat, has_flat = s.ravel(), wt.ravel(), has.ravel()
    base_a, base_b = a * g, b * g
    for j in range(g):
        col = np.take(order.ravel(), base_a + j)
        mine = col >= 0
        if not mine.any():
            break
        ka, kb = base_a + np.maximum(col, 0), base_b + np.maximum(col, 0)
        both = mine & np.take(has_flat, kb)
        w1, s1 = np.take(w_flat, ka), np.take(s_flat, ka)
        w2, s2 = np.take(w_flat, kb), np.take(s_flat, kb)
        num = num + np.where(both, w1 * w2 * s1 * s2, 0.0)
        den = den + np.where(both, w1 * w2, 0.0)
        count += both
    ok = den != 0
    align = np.divide(num, den, out=np.zeros(len(a)), where=ok)
    return align, np.where(ok, count, 0)


def _channel(f: CaseFeatures, ids: list[str], a: IntArray, b: IntArray) -> BoolArray:
    """Whether a non-hostile path of at most ``thresholds.channel_hops`` ties joins each pair."""
    from scipy.sparse import csr_matrix

    index = {x: i for i, x in enumerate(ids)}
    n = len(ids)
    rows, cols = [], []
    for u, v, d in f.signed.edges(data=True):
        if d["sign"] > 0:
            rows += [index[u], index[v]]
            cols += [index[v], index[u]]
    out = np.zeros(len(a), dtype=np.bool_)
    if not rows:
        return out
    adjacency = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, n))
    mark = np.zeros(n, dtype=np.bool_)
    mark[a] = True
    sources = np.flatnonzero(mark)
    place = np.zeros(n, dtype=np.int64)
    place[sources] = np.arange(len(sources))
    # reached[i, x]: x is within k ties of sources[i], k = 0, 1, ..., channel_hops
    reached = np.zeros((n, len(sources)), dtype=np.float32)
    reached[sources, np.arange(len(sources))] = 1.0
    for _ in range(f.params.thresholds.channel_hops):
        reached = np.minimum(reached + adjacency @ reached, 1.0)
    return np.asarray(reached[b, place[a]] > 0)


def _convener(f: CaseFeatures, grid: PairGrid, sel: IntArray) -> BoolArray:
    """Whether a third actor has non-hostile ties to both sides (a possible convener)."""
    from scipy.sparse import csr_matrix

    ids = grid.ids
    index = {x: i for i, x in enumerate(ids)}
    n = len(ids)
    rows, cols = [], []
    for i, x in enumerate(ids):
        for y in f.side(x):
            for nb, d in f.adj.get(y, {}).items():
                if d["sign"] > 0:
                    rows.append(i)
                    cols.append(index[nb])
    out = np.zeros(len(sel), dtype=np.bool_)
    if not rows:
        return out
    near = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    common = (near @ near.T).tocoo()
    hit = _hits(grid, sel, common.row.astype(np.int64), common.col.astype(np.int64))
    # someone near both: check these few pairs with the rule book's own definition
    a, b = grid.a[sel[hit]].tolist(), grid.b[sel[hit]].tolist()
    for k, i, j in zip(hit.tolist(), a, b, strict=True):
        out[k] = bool(f.neutral_third(ids[i], ids[j]))
    return out


def _pressure(f: CaseFeatures, grid: PairGrid, sel: IntArray) -> tuple[FloatArray, BoolArray]:
    """Structural pressure of each pair and whether any triad is behind it."""
    ids = grid.ids
    index = {x: i for i, x in enumerate(ids)}
    value = np.zeros(len(sel))
    has = np.zeros(len(sel), dtype=np.bool_)
    hit = _hits(grid, sel, *_common_neighbours(f.adj, index))
    a, b = grid.a[sel[hit]].tolist(), grid.b[sel[hit]].tolist()
    for k, i, j in zip(hit.tolist(), a, b, strict=True):
        p, triads = f.pressure(ids[i], ids[j])
        value[k], has[k] = p, triads > 0
    return value, has
