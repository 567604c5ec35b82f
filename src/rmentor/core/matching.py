"""Optimal matching of seniors to juniors. The only module that imports OR-Tools.

Objective: as many pairs as possible (up to the pilot size); among those, the
highest total pair score. Every weight is an integer.

How it is solved, and why it is exact
-------------------------------------
*Without department caps* the problem is a min-cost flow::

    source -> senior (cap 1) -> junior (cap 1, cost -(score + BIG)) -> sink (cap = capacity)
    source -> sink bypass (free: a senior left unmatched)

``BIG`` exceeds any total score, so more pairs always win, then more score. Solving
the dense graph is slow (OR-Tools' own flow takes ~24 s at 5,000 x 5,000), and
most pairs are blocked or hopeless anyway. So we *price out*: solve on a sparse
candidate set (each senior's and each junior's best few arcs), compute node
potentials on the residual graph (Bellman-Ford, vectorised), and check the reduced
cost of every arc we left out against the dense score matrix. An arc with negative
reduced cost joins the candidates and we solve again. When none is left, LP duality
proves the sparse optimum optimal for the full problem: status ``optimal``.

*With department caps* (side constraints the flow cannot express) we use CP-SAT on
an exactly reduced arc set: for each senior and each junior department, only the
best arcs whose capacities add up to the department cap are kept. Any optimal
solution can be rewritten to use only those arcs (moving a senior to a better junior
of the same department changes no department count), so the reduction loses
nothing. CP-SAT is seeded with a hint from the flow solution; it reports
``optimal`` or ``feasible`` with a bound when the time limit stops it.

Ties are broken by canonical order: people are sorted by id before anything is
built, so the same roster in any order gives the same pairs.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rmentor.core.scoring import RULE_TEXT, RULES, Reason, Scorer, preference_ranks
from rmentor.core.wishes import WishSummary, wish_summary
from rmentor.errors import InfeasibleError, InputError, Issue, Location
from rmentor.i18n import tr
from rmentor.model import Program, Roster

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from rmentor.core.scoring import ScoreMatrix

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Pair:
    """A matched pair with its score, breakdown and the reasons it was chosen."""

    pair_id: str
    senior: str
    junior: str
    score: int
    breakdown: dict[str, int]
    shared_topics: tuple[str, ...]
    pinned: bool = False
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Unmatched:
    """Someone left without a partner, and why."""

    id: str
    side: str  # "senior" | "junior"
    reason: Reason


@dataclass(frozen=True)
class MatchResult:
    """The outcome of :func:`match`."""

    status: str  # "optimal" | "feasible"
    objective: int  # total score of the pairs
    bound: int  # proven upper bound on the total score (== objective when optimal)
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    stats: dict[str, float] = field(default_factory=dict)
    stability: Stability | None = None  # with matching.stable: true
    wishes: WishSummary | None = None  # who got whom they asked for (None when nobody stated a wish)


@dataclass(frozen=True)
class Stability:
    """How ``matching.stable: true`` came out.

    ``blocking`` lists the (senior, junior) pairs who would both rather be together than
    with their partners in the plan; empty when the plan is stable. ``possible`` is False
    when the pilot size, department caps or pins rule out every stable plan; then the plan
    has the fewest blocking pairs possible, and ``reasons`` say what ruled stability out.
    """

    possible: bool
    blocking: tuple[tuple[str, str], ...]
    reasons: tuple[Reason, ...] = ()

    @property
    def stable(self) -> bool:
        return not self.blocking


# ----------------------------------------------------------------------------- public API


def match(
    roster: Roster,
    program: Program,
    *,
    n_pairs: int | None = None,
    scorer: Scorer | None = None,
    matrix: ScoreMatrix | None = None,
    progress: Progress | None = None,
) -> MatchResult:
    """Match seniors to juniors optimally under ``program``'s hard rules.

    Args:
        roster: the validated roster.
        program: the program (rules, weights, pilot size).
        n_pairs: exactly this many pairs (``--pairs N``); overrides the program's pilot size.
        scorer: a prepared :class:`~rmentor.core.scoring.Scorer` (built when omitted).
        matrix: its dense score matrix, if already computed.
        progress: called with a stage name as each stage starts.

    Raises:
        InputError: a pinned pair breaks a hard rule.
        InfeasibleError: fewer pairs are possible than required.
    """

    stats: dict[str, float] = {}
    clock = time.perf_counter()
    note = progress or (lambda _stage: None)
    sc = scorer or Scorer(roster, program)
    m = program.matching

    pinned = check_pins(sc, roster)
    pinned_s = {si for si, _ in pinned}
    capacity = sc.capacity.copy()
    for _, ji in pinned:
        capacity[ji] -= 1

    want_min, want_max = (n_pairs, n_pairs) if n_pairs is not None else (m.pilot.min, m.pilot.max)
    if want_max is not None and len(pinned) > want_max:
        raise InputError(
            "{pins} pinned pairs exceed the requested {limit} pairs",
            hint="remove pins or ask for more pairs",
            pins=len(pinned),
            limit=want_max,
        )
    free_limit = None if want_max is None else want_max - len(pinned)

    note("score")
    import numpy as np

    # Only people some pair can use get a row or a column: not the ineligible, the pinned
    # seniors or the juniors the pins filled. Every other entry would be -1, and leaving them
    # out is a third of a large roster's memory and scoring time. ``live`` is exactly the
    # full matrix (pinned rows and full columns blocked) at ``np.ix_(rows, cols)``.
    live_s = sc.s_elig.copy()
    live_s[sorted(pinned_s)] = False
    rows = np.flatnonzero(live_s)
    cols = np.flatnonzero(sc.j_elig & (capacity > 0))
    shape = (len(sc.seniors), len(sc.juniors))
    every = len(rows) == shape[0] and len(cols) == shape[1]
    if matrix is None and m.stable:
        matrix = sc.compact_matrix()  # the stable models rank every partner: the whole matrix
    if matrix is None:
        live = sc.compact_matrix(rows=rows, cols=cols)  # int16 when the scores fit: half the memory
    else:
        live = matrix if every else matrix[np.ix_(rows, cols)]
    s_any, j_any = _allowed_people(live, rows, cols, shape)
    stats["score_seconds"] = time.perf_counter() - clock

    note("match")
    t0 = time.perf_counter()
    caps = m.max_pairs_per_department
    stability: Stability | None = None
    stable = None
    if m.stable:
        assert matrix is not None  # built above
        stable = _solve_stable(sc, matrix, pinned, (want_min, want_max), caps, program)
    if stable is not None:
        chosen, status, bound_extra, stability = stable
    elif caps is None:
        chosen, status, rounds = _solve_flow(live, capacity, free_limit, rows=rows, cols=cols, shape=shape)
        bound_extra = 0
        stats["pricing_rounds"] = rounds
    else:
        chosen, status, bound_extra = _solve_capped(sc, live, capacity, free_limit, caps, pinned, program,
                                                    rows=rows, cols=cols)
    stats["match_seconds"] = time.perf_counter() - t0
    if m.stable and stability is None:  # no plan at all within the time limit: the plain optimum, checked
        assert matrix is not None
        s_rank, j_rank = preference_ranks(sc, matrix)
        block = blocking_pairs(s_rank, j_rank, sc.capacity, [*pinned, *chosen])
        stability = Stability(False, tuple((sc.seniors[a].id, sc.juniors[b].id) for a, b in block), (
            Reason("stable_timeout", "no stable plan was found within matching.solver.time_limit_seconds"),))

    all_pairs = sorted([*pinned, *chosen], key=lambda p: sc.seniors[p[0]].id)
    total = len(all_pairs)
    if want_min is not None and total < want_min:
        issues = _diagnose(sc, int(s_any.sum()), want_min)
        if caps is not None:  # stable too: no stable plan came, the plan is the capped optimum
            uncapped = len(pinned) + len(_solve_flow(live, capacity, free_limit, rows=rows, cols=cols,
                                                     shape=shape)[0])
            if uncapped > total:
                issues.insert(0, Issue(
                    "max_pairs_per_department = {cap} limits the plan to {found} pairs; "
                    "without it {uncapped} are possible",
                    {"cap": caps, "found": total, "uncapped": uncapped}))
        raise InfeasibleError(
            "only {found} pairs are possible, {need} are required",
            issues=issues,
            hint="relax the rules in the program (thresholds, cross_functional, time-zone gap) or lower the pilot size",
            found=total,
            need=want_min,
        )
    width = max(2, len(str(total)))
    pairs = _make_pairs(sc, all_pairs, set(pinned), width)
    objective = sum(p.score for p in pairs)
    unmatched = _unmatched(sc, s_any, j_any, all_pairs, free_limit, len(pinned))
    stats["total_seconds"] = time.perf_counter() - clock
    return MatchResult(
        status=status,
        objective=objective,
        bound=objective + bound_extra,
        pairs=pairs,
        unmatched=unmatched,
        stats=stats,
        stability=stability,
        wishes=wish_summary(sc, [(p.senior, p.junior) for p in pairs]),
    )


# ----------------------------------------------------------------------------- pins


def check_pins(sc: Scorer, roster: Roster) -> list[tuple[int, int]]:
    """The pinned pairs as (senior, junior) indexes; InputError listing every pin that breaks a rule."""
    out: list[tuple[int, int]] = []
    issues: list[Issue] = []
    seniors = Counter(sid for sid, _ in roster.pinned)
    juniors = Counter(jid for _, jid in roster.pinned)
    for sid, n in sorted(seniors.items()):
        if n > 1:
            issues.append(Issue("senior '{id}' is pinned {n} times", {"id": sid, "n": n}))
    for jid, n in sorted(juniors.items()):
        cap = sc.juniors[sc.junior_index[jid]].capacity
        if n > cap:
            issues.append(Issue("junior '{id}' is pinned to {n} seniors but mentors at most {cap}",
                                {"id": jid, "n": n, "cap": cap}))
    for k, (sid, jid) in enumerate(roster.pinned):
        ps = sc.pair(sid, jid)
        if ps.blocked_by:
            issues.append(
                Issue(
                    "pair [{senior}, {junior}] breaks the rule: {rules}",
                    {"k": k, "senior": sid, "junior": jid,
                     "rules": "; ".join(tr(RULE_TEXT[r]) for r in ps.blocked_by)},
                    # the path alone: rmentor.inputs.loading.located() adds the roster's file and line
                    Location(path=f"pinned[{k}]"),
                )
            )
        out.append((sc.senior_index[sid], sc.junior_index[jid]))
    if issues:
        raise InputError(
            "pinned pairs break hard rules",
            issues=issues,
            hint="remove the pin, or change the roster or program so the pair is allowed",
        )
    return out


# ----------------------------------------------------------------------------- flow + pricing


def _candidates(weights: ScoreMatrix, delta: int, k: int) -> NDArray[np.bool_]:
    """:func:`_candidate_keys` as a dense mask (for tests and small inspections)."""
    import numpy as np

    mask = np.zeros(weights.shape, dtype=bool)
    mask.flat[_candidate_keys(weights, delta, k)] = True
    return mask


def _rows_per_block(weights: ScoreMatrix) -> int:
    """Rows per block of a whole-matrix pass: about 650,000 cells, so temporaries stay a few MB."""
    return max(16, 655_360 // max(1, int(weights.shape[1])))


def _candidate_keys(weights: ScoreMatrix, delta: int, k: int, chunk: int | None = None) -> NDArray[np.int64]:
    """A starting arc set for pricing, as sorted flat indices: near each person's best, plus everyone's ``k`` best.

    The band (within ``delta`` points of the row's or column's best) holds the arcs an
    optimum mostly uses; each senior's and junior's top ``k`` give alternatives when the
    favourites are taken, so the first flow is nearly optimal and pricing rarely needs a
    third solve. No sorting: the k-th best score is read off histograms (scores are small
    integers). Rows go in blocks, so no matrix-sized mask is ever made.
    """
    import numpy as np

    ns, nj = weights.shape
    if weights.size == 0:
        return np.zeros(0, dtype=np.int64)
    chunk = chunk or _rows_per_block(weights)
    row_kth, col_kth = _kth_best(weights, k, chunk)
    row_cut = np.minimum(weights.max(axis=1) - delta, row_kth)
    col_cut = np.minimum(weights.max(axis=0) - delta, col_kth)[None, :]
    col_floor = np.maximum(col_cut, 0)
    found: list[NDArray[np.int64]] = []
    for start in range(0, ns, chunk):
        w = weights[start : start + chunk]
        near = (w >= np.maximum(row_cut[start : start + chunk], 0)[:, None]) | (w >= col_floor)
        found.append(np.flatnonzero(near) + start * nj)
    return np.concatenate(found).astype(np.int64, copy=False)


def _kth_best(weights: ScoreMatrix, k: int, chunk: int = 512) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The k-th largest allowed score of every row and of every column (ties included; -1 if fewer)."""
    import numpy as np

    ns, nj = weights.shape
    top = int(weights.max()) + 2  # bins for -1 .. max
    rows = np.empty(ns, dtype=np.int64)
    col_hist = np.zeros(nj * top, dtype=np.int64)
    col_codes = (np.arange(nj, dtype=np.int64) * top + 1)[None, :]
    for start in range(0, ns, chunk):
        block = weights[start : start + chunk]
        n = block.shape[0]
        hist = np.bincount((block + (np.arange(n, dtype=np.int64) * top + 1)[:, None]).ravel(), minlength=n * top)
        rows[start : start + n] = _kth_from_hist(hist.reshape(n, top), k)
        col_hist += np.bincount((block + col_codes).ravel(), minlength=nj * top)
    return rows, _kth_from_hist(col_hist.reshape(nj, top), k)


def _kth_from_hist(hist: NDArray[np.int64], k: int) -> NDArray[np.int64]:
    """Per histogram row (bins for scores -1..max), the largest score with >= k arcs at or above it."""
    import numpy as np

    hist[:, 0] = 0  # blocked arcs (-1) never count
    at_least = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]
    ok = at_least >= k
    last = hist.shape[1] - 1 - np.argmax(ok[:, ::-1], axis=1)
    kth: NDArray[np.int64] = np.where(ok.any(axis=1), last - 1, -1)
    return kth


def _solve_flow(
    weights: ScoreMatrix,
    capacity: NDArray[np.int64],
    limit: int | None,
    *,
    rows: NDArray[np.intp] | None = None,
    cols: NDArray[np.intp] | None = None,
    shape: tuple[int, int] | None = None,
) -> tuple[list[tuple[int, int]], str, int]:
    """Max-cardinality, then max-score b-matching, proven optimal by pricing.

    ``weights`` may be the live part of a larger ``shape`` matrix whose other entries are all
    blocked: ``rows`` and ``cols`` (increasing) are then the full indexes of its rows and
    columns, ``capacity`` is indexed by full junior index and the pairs come back in full
    indexes. The flow keeps the full node numbering and the same arc order, so OR-Tools sees
    the very graph it would see on the whole matrix and returns the same optimum, ties included.
    """
    import numpy as np

    n_rows, n_cols = weights.shape
    ns, nj = shape or weights.shape
    rows = np.arange(n_rows) if rows is None else rows
    cols = np.arange(n_cols) if cols is None else cols
    allowed_rows = _allowed_people(weights, rows, cols, (ns, nj))[0]
    supply = int(allowed_rows.sum())
    if limit is not None:
        supply = min(supply, limit)
    if supply == 0:
        return [], "optimal", 0
    big = (int(weights.max()) + 1) * (supply + 1)

    # Candidate arcs as sorted flat indices (row * n_cols + column): no dense mask to rescan.
    keys = _candidate_keys(weights, 3, 10)
    rounds = 0
    while True:
        rounds += 1
        r, c = np.divmod(keys, n_cols)
        si, ji = rows[r], cols[c]
        flows, pot = _min_cost_flow(si, ji, weights[r, c].astype(np.int64), capacity, supply, big, ns, nj)
        # reduced cost of an arc i->j: -(w + big) + pot[i] - pot[j] must be >= 0. Candidate
        # arcs without flow satisfy it already (they are residual arcs of an optimal flow);
        # the ones that carry flow may not, and are dropped from the violations.
        add = _violations(weights, pot[1 : ns + 1][rows], pot[ns + 1 : ns + 1 + nj][cols], big)
        if add is not None:  # both sorted: one binary search each, no set operations
            pos = np.searchsorted(keys, add)
            known = pos < len(keys)
            known[known] = keys[pos[known]] == add[known]
            add = add[~known]
        if add is None or len(add) == 0:
            break
        keys = np.insert(keys, np.searchsorted(keys, add), add)  # stays sorted: add is sorted and new
    used = flows > 0
    return sorted(zip(si[used].tolist(), ji[used].tolist(), strict=True)), "optimal", rounds


def _allowed_people(
    weights: ScoreMatrix, rows: NDArray[np.intp], cols: NDArray[np.intp], shape: tuple[int, int]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Who has at least one allowed partner, per senior and per junior of the full ``shape``.

    In blocks of rows, so no matrix-sized boolean is made (100 MB at 10,000 x 10,000).
    """
    import numpy as np

    s_any = np.zeros(shape[0], dtype=bool)
    j_any = np.zeros(shape[1], dtype=bool)
    if weights.size == 0:
        return s_any, j_any
    col_max = weights.max(axis=0)
    j_any[cols] = col_max >= 0
    chunk = _rows_per_block(weights)
    for start in range(0, weights.shape[0], chunk):
        s_any[rows[start : start + chunk]] = weights[start : start + chunk].max(axis=1) >= 0
    return s_any, j_any


def _min_cost_flow(
    si: NDArray[np.intp],
    ji: NDArray[np.intp],
    w: NDArray[np.int64],
    capacity: NDArray[np.int64],
    supply: int,
    big: int,
    ns: int,
    nj: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Solve the flow on candidate arcs; return their flows and node potentials.

    OR-Tools solves "max flow, then min cost" directly (about twice as fast as the
    ``big``-weighted min-cost flow); the potentials are then computed for the
    equivalent ``big``-weighted graph with a bypass arc, whose optimum this is too.
    """
    import numpy as np
    from ortools.graph.python import min_cost_flow

    source, sink, root = 0, ns + nj + 1, ns + nj + 2
    s_nodes = np.arange(1, ns + 1)
    j_nodes = np.arange(ns + 1, ns + nj + 1)
    n_arcs = ns + len(si) + nj
    tails = np.concatenate([np.zeros(ns, dtype=np.int64), si + 1, j_nodes, [root]]).astype(np.int32)
    heads = np.concatenate([s_nodes, ji + ns + 1, np.full(nj, sink), [source]]).astype(np.int32)
    caps = np.concatenate([np.ones(ns), np.ones(len(si)), np.maximum(capacity, 0), [supply]]).astype(np.int64)
    costs = np.concatenate([np.zeros(ns), -w, np.zeros(nj), [0]]).astype(np.int64)

    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(ns + nj + 3, dtype=np.int64)
    supplies[root], supplies[sink] = supply, -supply
    mcf.set_nodes_supplies(np.arange(ns + nj + 3, dtype=np.int32), supplies)
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:  # pragma: no cover - OR-Tools failure, not an input problem
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = mcf.flows(np.arange(n_arcs, dtype=np.int32)).astype(np.int64)
    del mcf  # the solver's own graph is as large as the arrays below: never hold both (peak memory)
    sent = int(flows[ns + len(si) :].sum())
    # The equivalent graph: arcs above without the root arc, plus a bypass source -> sink.
    b_tails = np.concatenate([tails[:n_arcs], [source]]).astype(np.int64)
    b_heads = np.concatenate([heads[:n_arcs], [sink]]).astype(np.int64)
    b_caps = np.concatenate([caps[:n_arcs], [supply]])
    b_costs = np.concatenate([np.zeros(ns), -(w + big), np.zeros(nj), [0]]).astype(np.int64)
    b_flows = np.concatenate([flows, [supply - sent]])
    pot = _potentials(b_tails, b_heads, b_caps, b_costs, b_flows, ns + nj + 2)
    return flows[ns : ns + len(si)], pot


def _potentials(
    tails: NDArray[np.int64],
    heads: NDArray[np.int64],
    caps: NDArray[np.int64],
    costs: NDArray[np.int64],
    flows: NDArray[np.int64],
    n: int,
) -> NDArray[np.int64]:
    """Shortest-path distances on the residual graph (Bellman-Ford from a virtual root).

    At a min-cost flow the residual graph has no negative cycle, so this converges;
    the distances are node potentials under which every residual arc has a
    non-negative reduced cost.
    """
    import numpy as np

    fwd = flows < caps
    back = flows > 0
    rt = np.concatenate([tails[fwd], heads[back]])
    rh = np.concatenate([heads[fwd], tails[back]])
    rc = np.concatenate([costs[fwd], -costs[back]])
    order = np.argsort(rt, kind="stable")
    rt, rh, rc = rt[order], rh[order], rc[order]
    starts = np.searchsorted(rt, np.arange(n + 1))
    dist = np.zeros(n, dtype=np.int64)
    active = np.ones(n, dtype=bool)
    for _ in range(n + 1):
        nodes = np.nonzero(active)[0]
        if len(nodes) == 0:
            return dist
        # arcs leaving the nodes whose distance changed in the last round (SPFA, vectorised)
        lo, hi = starts[nodes], starts[nodes + 1]
        counts = hi - lo
        if counts.sum() == 0:
            return dist
        idx = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        cand = dist[rt[idx]] + rc[idx]
        before = dist.copy()
        np.minimum.at(dist, rh[idx], cand)
        active = dist < before
    raise RuntimeError("negative cycle in the residual graph")  # pragma: no cover


def _violations(
    weights: ScoreMatrix,
    pot_s: NDArray[np.int64],
    pot_j: NDArray[np.int64],
    big: int,
    chunk: int | None = None,
) -> NDArray[np.int64] | None:
    """Flat indices of allowed arcs with a negative reduced cost, or None.

    An arc i->j violates when ``w > (pot_s[i] - big) - pot_j[j]``: one int64 outer
    difference per block of rows, compared with the int32 scores.
    """
    import numpy as np

    nj = weights.shape[1]
    found: list[NDArray[np.int64]] = []
    shifted = pot_s - big
    chunk = chunk or _rows_per_block(weights)
    for start in range(0, weights.shape[0], chunk):
        w = weights[start : start + chunk]
        bad = w > np.subtract.outer(shifted[start : start + chunk], pot_j)
        bad &= w >= 0
        if bad.any():
            found.append(np.flatnonzero(bad) + start * nj)
    return np.concatenate(found) if found else None


# ----------------------------------------------------------------------------- department caps (CP-SAT)


def _solve_capped(
    sc: Scorer,
    weights: ScoreMatrix,
    capacity: NDArray[np.int64],
    limit: int | None,
    cap: int,
    pinned: list[tuple[int, int]],
    program: Program,
    *,
    rows: NDArray[np.intp] | None = None,
    cols: NDArray[np.intp] | None = None,
) -> tuple[list[tuple[int, int]], str, int]:
    """Max pairs, then max score, with at most ``cap`` pairs touching any department.

    ``weights`` may be the live part of the whole matrix, as for :func:`_solve_flow`: ``rows``
    and ``cols`` are then the full indexes of its rows and columns.

    1. Solve the LP relaxation with GLOP. The b-matching polytope is integral, and with
       a handful of department rows the LP optimum is integral in practice: then it is
       the proven optimum.
    2. Otherwise round it to an incumbent, drop every arc whose LP reduced cost shows it
       cannot reach the incumbent (reduced-cost fixing: any solution using arc a scores at
       most LP + rc(a)), and let CP-SAT prove the optimum on what is left, hinted with the
       incumbent.
    3. If the time limit stops CP-SAT, its best plan is ``feasible`` within the smaller of its
       bound and the LP's; with no plan at all yet, the incumbent stands. A plan that reaches
       the bound is ``optimal``.
    """
    import numpy as np

    ns, nj = len(sc.seniors), len(sc.juniors)
    rows = np.arange(weights.shape[0]) if rows is None else rows
    cols = np.arange(weights.shape[1]) if cols is None else cols
    used = Counter[int]()
    for s_, j_ in pinned:
        for d in {int(sc.s_dept[s_]), int(sc.j_dept[j_])}:
            used[d] += 1
    depts = sorted(set(sc.s_dept.tolist()) | set(sc.j_dept.tolist()))
    room = {d: max(0, cap - used[d]) for d in depts}
    open_s = np.array([room[int(d)] > 0 for d in sc.s_dept], dtype=bool)
    open_j = np.array([room[int(d)] > 0 for d in sc.j_dept], dtype=bool) & (capacity > 0)
    r, c = np.nonzero((weights >= 0) & open_s[rows][:, None] & open_j[cols][None, :])
    if len(r) == 0:
        return [], "optimal", 0
    w = weights[r, c].astype(np.int64)
    si, ji = rows[r], cols[c]  # increasing maps: the arcs keep the order they have in the whole matrix
    sd, jd = sc.s_dept[si].astype(np.int64), sc.j_dept[ji].astype(np.int64)
    n_max = min(len(set(si.tolist())), int(capacity.clip(min=0).sum()), sum(room.values()))
    if limit is not None:
        n_max = min(n_max, limit)
    big = int(w.max()) * n_max + 1
    value = w + big

    x_lp, rc, ub = _capped_lp(si, ji, sd, jd, value, capacity, room, limit, ns, nj)
    chosen = _round(x_lp, si, ji, sd, jd, value, capacity, room, limit)
    lb = int(value[chosen].sum())
    if np.all((x_lp < 1e-6) | (x_lp > 1 - 1e-6)) and lb >= ub - 0.5:
        return sorted(zip(si[chosen].tolist(), ji[chosen].tolist(), strict=True)), "optimal", 0

    keep = (ub + rc >= lb - 0.5) | chosen
    ks, kj, kd_s, kd_j, kv = si[keep], ji[keep], sd[keep], jd[keep], value[keep]
    hint = chosen[keep]
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{k}") for k in range(len(ks))]
    groups: dict[tuple[str, int], list[int]] = {}
    for k in range(len(ks)):
        groups.setdefault(("s", int(ks[k])), []).append(k)
        groups.setdefault(("j", int(kj[k])), []).append(k)
        groups.setdefault(("d", int(kd_s[k])), []).append(k)
        if kd_j[k] != kd_s[k]:
            groups.setdefault(("d", int(kd_j[k])), []).append(k)
    for (kind, idx), members in sorted(groups.items()):
        bound = 1 if kind == "s" else int(capacity[idx]) if kind == "j" else room[idx]
        model.add(sum(x[k] for k in members) <= bound)
    if limit is not None:
        model.add(sum(x) <= limit)
    model.maximize(sum(int(kv[k]) * x[k] for k in range(len(ks))))
    for k in range(len(ks)):
        model.add_hint(x[k], bool(hint[k]))

    settings = program.matching.solver
    solver = cp_model.CpSolver()
    # One worker: CP-SAT's parallel search may return a different optimum among equals from
    # run to run; the reduced model is small, and reproducible output matters more.
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = settings.seed
    solver.parameters.max_time_in_seconds = settings.time_limit_seconds
    status = solver.solve(model)
    if status == cp_model.UNKNOWN:
        # The time limit stopped CP-SAT before it had any plan, even the hint (a short
        # matching.solver.time_limit_seconds): the rounded LP plan stands, within the LP bound.
        picked, cp_bound = np.flatnonzero(hint).tolist(), math.inf
    elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        picked = [k for k in range(len(ks)) if solver.boolean_value(x[k])]
        cp_bound = solver.best_objective_bound
    else:  # pragma: no cover - choosing no arc at all is feasible
        raise RuntimeError(f"CP-SAT failed: {solver.status_name(status)}")
    pairs = sorted((int(ks[k]), int(kj[k])) for k in picked)
    if status == cp_model.OPTIMAL:
        return pairs, "optimal", 0
    best = sum(int(kv[k]) for k in picked)
    bound = int(min(ub + 1e-6, cp_bound))  # values are whole numbers: the LP bound rounds down
    # The bound is on (score + big) per pair; with the same number of pairs it bounds the score gap.
    # A plan that reaches it is optimal, though CP-SAT had no time to prove it.
    gap = max(0, bound - best)
    return pairs, "feasible" if gap else "optimal", gap


def _capped_lp(
    si: NDArray[np.intp], ji: NDArray[np.intp], sd: NDArray[np.int64], jd: NDArray[np.int64],
    value: NDArray[np.int64], capacity: NDArray[np.int64], room: dict[int, int], limit: int | None,
    ns: int, nj: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """LP relaxation of the capped b-matching (GLOP): values, reduced costs, optimum."""
    import numpy as np
    from ortools.linear_solver import linear_solver_pb2, pywraplp

    proto = linear_solver_pb2.MPModelProto(maximize=True)
    for v in value.tolist():
        proto.variable.add(lower_bound=0.0, upper_bound=1.0, objective_coefficient=float(v))
    arcs = np.arange(len(si))

    def row(members: NDArray[np.intp], upper: float) -> None:
        c = proto.constraint.add(lower_bound=-math.inf, upper_bound=upper)
        c.var_index.extend(members.tolist())
        c.coefficient.extend([1.0] * len(members))

    order_s = np.argsort(si, kind="stable")
    for _, members in zip(*_groups(si[order_s], arcs[order_s]), strict=True):
        row(members, 1.0)
    order_j = np.argsort(ji, kind="stable")
    for j_, members in zip(*_groups(ji[order_j], arcs[order_j]), strict=True):
        row(members, float(capacity[j_]))
    for d, r in sorted(room.items()):
        members = arcs[(sd == d) | (jd == d)]
        if len(members):
            row(members, float(r))
    if limit is not None:
        row(arcs, float(limit))
    del ns, nj
    solver = pywraplp.Solver.CreateSolver("GLOP")
    problem = solver.LoadModelFromProto(proto)
    status = solver.Solve()
    if problem or status != pywraplp.Solver.OPTIMAL:  # pragma: no cover - x = 0 is always feasible
        raise RuntimeError(f"LP relaxation failed: {problem or status}")
    response = linear_solver_pb2.MPSolutionResponse()
    solver.FillSolutionResponseProto(response)
    x = np.array(response.variable_value, dtype=np.float64)
    rc = np.array(response.reduced_cost, dtype=np.float64)
    return x, rc, float(response.objective_value)


def _groups(keys: NDArray[np.intp], members: NDArray[np.intp]) -> tuple[list[int], list[NDArray[np.intp]]]:
    """Split ``members`` (sorted by ``keys``) into runs of equal key."""
    import numpy as np

    if len(keys) == 0:
        return [], []
    cuts = np.nonzero(np.diff(keys))[0] + 1
    return [int(k) for k in keys[np.r_[0, cuts]]], np.split(members, cuts)


def _round(
    x_lp: NDArray[np.float64], si: NDArray[np.intp], ji: NDArray[np.intp], sd: NDArray[np.int64],
    jd: NDArray[np.int64], value: NDArray[np.int64], capacity: NDArray[np.int64], room: dict[int, int],
    limit: int | None,
) -> NDArray[np.bool_]:
    """A feasible integer solution: LP arcs by LP value, then by pair value, taken greedily."""
    import numpy as np

    order = np.lexsort((np.arange(len(si)), -value, -np.round(x_lp, 6)))
    left_s: set[int] = set()
    load = Counter[int]()
    dept = dict(room)
    chosen = np.zeros(len(si), dtype=bool)
    taken = 0
    for k in order.tolist():
        if limit is not None and taken >= limit:
            break
        s_, j_ = int(si[k]), int(ji[k])
        touched = {int(sd[k]), int(jd[k])}
        if s_ in left_s or load[j_] >= capacity[j_] or any(dept[d] <= 0 for d in touched):
            continue
        left_s.add(s_)
        load[j_] += 1
        for d in touched:
            dept[d] -= 1
        chosen[k] = True
        taken += 1
    return chosen


# ----------------------------------------------------------------------------- explanations


def _make_pairs(
    sc: Scorer, chosen: list[tuple[int, int]], pinned: set[tuple[int, int]], width: int
) -> tuple[Pair, ...]:
    """Pairs with ids, scores and reasons; components computed in one vectorised call."""
    import numpy as np

    if not chosen:
        return ()
    si = np.array([p[0] for p in chosen])
    ji = np.array([p[1] for p in chosen])
    comps = {k: v.tolist() for k, v in sc.components(si, ji).items()}
    out: list[Pair] = []
    for k, (s_, j_) in enumerate(chosen):
        breakdown = {name: int(comps[name][k]) for name in comps}
        topics = sc.topics_of(s_, j_)
        is_pinned = (s_, j_) in pinned
        out.append(Pair(f"P{k + 1:0{width}d}", sc.seniors[s_].id, sc.juniors[j_].id, sum(breakdown.values()),
                        breakdown, topics, is_pinned, pair_reasons(sc, s_, j_, breakdown, topics, is_pinned)))
    return tuple(out)


def pair_reasons(
    sc: Scorer, si: int, ji: int, breakdown: dict[str, int], topics: tuple[str, ...], pinned: bool
) -> tuple[Reason, ...]:
    """Why a pair is good: what they share first, then how ready each of them is."""
    s, j = sc.seniors[si], sc.juniors[ji]
    out: list[Reason] = []
    if pinned:
        out.append(Reason("pinned", "pinned by HR"))
    s_wish, j_wish = sc.senior_wish.get((si, ji)), sc.junior_wish.get((si, ji))
    if s_wish is not None and j_wish is not None:
        out.append(Reason("wish", "mutual wish (choices {a} and {b})", {"a": s_wish, "b": j_wish}))
    elif s_wish is not None:
        out.append(Reason("wish", "the senior's wish (choice {rank})", {"rank": s_wish}))
    elif j_wish is not None:
        out.append(Reason("wish", "the junior's wish (choice {rank})", {"rank": j_wish}))
    if topics:
        out.append(Reason("topic", "shared topics: {topics}", {"topics": ", ".join(topics)}))
    if breakdown["cross_functional"]:
        out.append(Reason("cross_functional", "cross-functional: {a} / {b}", {"a": s.department, "b": j.department}))
    if breakdown["availability"]:
        out.append(Reason("availability", "common weekly slot"))
    out.append(Reason("senior", "senior readiness {score}/100", {"score": int(sc.s_score[si])}))
    out.append(Reason("junior", "junior mentoring skills {score}/100", {"score": int(sc.j_score[ji])}))
    return tuple(out)


def _rule_counts(sc: Scorer, si: Any = None, ji: Any = None) -> Counter[str]:
    """How often each hard rule blocks pairs of a senior row ``si`` or a junior column ``ji``."""
    import numpy as np

    if si is not None:
        a, b = np.full(len(sc.juniors), si), np.arange(len(sc.juniors))
    else:
        a, b = np.arange(len(sc.seniors)), np.full(len(sc.seniors), ji)
    counts: Counter[str] = Counter()
    blocks = sc.dense_blocks(a, b)
    for rule, mask in blocks.items():
        counts[rule] = int(np.count_nonzero(mask))
    for r in sc.sparse_rules_of("senior" if si is not None else "junior", si if si is not None else ji):
        counts[r] += 1
    return +counts


def _rule_rank(rule: str) -> int:
    return RULES.index(rule) if rule in RULES else len(RULES)


def _unmatched(
    sc: Scorer,
    s_any: NDArray[np.bool_],
    j_any: NDArray[np.bool_],
    pairs: list[tuple[int, int]],
    limit: int | None,
    n_pinned: int,
) -> tuple[Unmatched, ...]:
    """Why each person without a partner has none. ``s_any``/``j_any``: who has any allowed partner."""
    matched_s = {si for si, _ in pairs}
    matched_j = {ji for _, ji in pairs}
    full = limit is not None and len(pairs) - n_pinned >= limit
    out: list[Unmatched] = []
    for side, people, scores, matched, axis, has_partner in (
        ("senior", sc.seniors, sc.senior_scores, matched_s, 0, s_any),
        ("junior", sc.juniors, sc.junior_scores, matched_j, 1, j_any),
    ):
        for idx, person in enumerate(people):
            if idx in matched:
                continue
            ps = scores[idx]
            if not ps.eligible:
                reason = Reason("ineligible", "not eligible: {why}",
                                {"why": "; ".join(r.render() for r in ps.reasons)})
            else:
                if has_partner[idx]:
                    if full:
                        reason = Reason("pilot_full", "the pilot is full; better-scoring pairs took the places")
                    else:
                        reason = Reason("taken", "every allowed partner went to a better overall matching")
                else:
                    counts = _rule_counts(sc, si=idx) if axis == 0 else _rule_counts(sc, ji=idx)
                    top = ", ".join(
                        f"{tr(RULE_TEXT[r])} ({n})"
                        for r, n in sorted(counts.items(), key=lambda t: (-t[1], _rule_rank(t[0])))[:3]
                    )
                    reason = Reason("no_partner", "no allowed partner: {rules}", {"rules": top})
            out.append(Unmatched(person.id, side, reason))
    return tuple(out)


def _diagnose(sc: Scorer, rows_ok: int, need: int) -> list[Issue]:
    """Say which rules keep the matching below ``need`` pairs (``rows_ok``: seniors with an allowed partner)."""
    import numpy as np

    issues: list[Issue] = []
    for side, scores in (("seniors", sc.senior_scores), ("juniors", sc.junior_scores)):
        eligible = sum(p.eligible for p in scores)
        if len(scores) < need:
            # nobody is excluded: the roster itself is too small for the pilot
            issues.append(Issue("{side} in the roster: {n}, fewer than the {need} pairs required",
                                {"side": tr(side), "n": len(scores), "need": need},
                                hint="add people, or lower matching.pilot.min"))
        elif eligible < need:
            # by the criterion's words and minimum as the reason states them: the words are the
            # label in the current language, not the criterion's key (a Russian label is no key)
            fails = Counter((r.params["criterion"], r.params["min"]) for p in scores for r in p.reasons)
            detail = ", ".join(f"{n} {tr('fail')} {words} >= {lo}" for (words, lo), n in sorted(fails.items()))
            issues.append(Issue("only {eligible} {side} are eligible: {detail}",
                                {"eligible": eligible, "side": tr(side), "detail": detail}))
    if rows_ok < need <= len(sc.seniors):
        issues.append(Issue("only {n} seniors have any allowed partner", {"n": rows_ok}))
    total: Counter[str] = Counter()
    blocks = sc.dense_blocks(np.arange(len(sc.seniors))[:, None], np.arange(len(sc.juniors))[None, :])
    for rule, mask in blocks.items():
        total[rule] = int(np.count_nonzero(mask))
    for rules in sc.sparse_blocks.values():
        for r in rules:
            total[r] += 1
    pairs_total = len(sc.seniors) * len(sc.juniors)
    for rule, n in sorted(total.items(), key=lambda t: -t[1])[:4]:
        if n:
            issues.append(Issue("{rule}: blocks {n} of {total} possible pairs",
                                {"rule": tr(RULE_TEXT[rule]), "n": n, "total": pairs_total}))
    return issues


# ----------------------------------------------------------------------------- stable matching (CP-SAT)


def blocking_pairs(
    s_rank: NDArray[np.int32], j_rank: NDArray[np.int32], capacity: NDArray[np.int64],
    pairs: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Allowed pairs (s, j) not in ``pairs`` where s prefers j to their partner (or has none) and
    j prefers s to one of theirs (or has room). Ranks as from :func:`preference_ranks` (0 = not allowed).
    """
    import numpy as np

    ns, nj = s_rank.shape
    never = np.int64(ns + nj + 2)
    partner = np.full(ns, never, dtype=np.int64)  # the senior's rank of their partner
    worst = np.full(nj, never, dtype=np.int64)  # the junior's rank of her least wanted senior, if full
    load = np.zeros(nj, dtype=np.int64)
    lowest = np.zeros(nj, dtype=np.int64)
    for si, ji in pairs:
        partner[si] = s_rank[si, ji]
        load[ji] += 1
        lowest[ji] = max(lowest[ji], int(j_rank[si, ji]))
    full = load >= capacity[:nj]
    worst[full] = lowest[full]
    block = (s_rank > 0) & (s_rank < partner[:, None]) & (j_rank < worst[None, :])
    matched = np.zeros((ns, nj), dtype=bool)
    for si, ji in pairs:
        matched[si, ji] = True
    block &= ~matched
    return [(int(a), int(b)) for a, b in zip(*np.nonzero(block), strict=True)]


def _deferred_acceptance(
    s_rank: NDArray[np.int32], j_rank: NDArray[np.int32], capacity: NDArray[np.int64]
) -> list[tuple[int, int]]:
    """Senior-proposing Gale-Shapley with junior capacities: a stable matching (a hint for CP-SAT)."""
    import heapq

    import numpy as np

    ns, _ = s_rank.shape
    lists = []
    for si in range(ns):
        allowed = np.nonzero(s_rank[si] > 0)[0]
        lists.append(allowed[np.argsort(s_rank[si, allowed], kind="stable")].tolist())
    nxt = [0] * ns
    held: dict[int, list[tuple[int, int]]] = {}  # junior -> heap of (-rank, senior): worst on top
    free = list(range(ns - 1, -1, -1))
    while free:
        si = free.pop()
        if nxt[si] >= len(lists[si]):
            continue
        ji = lists[si][nxt[si]]
        nxt[si] += 1
        heap = held.setdefault(ji, [])
        heapq.heappush(heap, (-int(j_rank[si, ji]), si))
        if len(heap) > int(capacity[ji]):
            _, dropped = heapq.heappop(heap)
            free.append(dropped)
    return sorted((si, ji) for ji, heap in held.items() for _, si in heap)


def _junior_proposing(
    s_rank: NDArray[np.int32], j_rank: NDArray[np.int32], capacity: NDArray[np.int64]
) -> list[tuple[int, int]]:
    """Junior-proposing deferred acceptance: the stable matching every junior likes best
    (and every senior likes least)."""
    import numpy as np

    _, nj = s_rank.shape
    lists = []
    for ji in range(nj):
        allowed = np.nonzero(j_rank[:, ji] > 0)[0]
        lists.append(allowed[np.argsort(j_rank[allowed, ji], kind="stable")].tolist())
    nxt = [0] * nj
    room = [int(c) for c in capacity[:nj]]
    holds: dict[int, int] = {}  # senior -> the junior they hold
    waiting = list(range(nj - 1, -1, -1))
    while waiting:
        ji = waiting.pop()
        while room[ji] > 0 and nxt[ji] < len(lists[ji]):
            si = lists[ji][nxt[ji]]
            nxt[ji] += 1
            held = holds.get(si)
            if held is None or s_rank[si, ji] < s_rank[si, held]:
                holds[si] = ji
                room[ji] -= 1
                if held is not None:
                    room[held] += 1
                    waiting.append(held)
    return sorted(holds.items())


def _stable_model(
    sc: Scorer, matrix: ScoreMatrix, s_rank: NDArray[np.int32], j_rank: NDArray[np.int32],
    best: list[tuple[int, int]], worst: list[tuple[int, int]], pinned: list[tuple[int, int]],
    size: tuple[int | None, int | None], caps: int | None,
) -> tuple[Any, list[tuple[int, int]], list[Any]] | None:
    """CP-SAT model whose solutions are exactly the stable plans within pins, pilot size and caps.

    In every stable matching a senior's partner lies between their partner in the
    senior-optimal matching ``best`` and in the junior-optimal one ``worst`` (the lattice of
    stable matchings), the same seniors are matched and every junior has the same number of
    seniors (rural hospitals). So only those *window* arcs get a variable, and only pairs a
    senior could prefer to their partner get a stability constraint; on a 1,000 x 1,000 roster
    that is a few thousand variables instead of ~150,000. Returns None when the pins or the
    pilot size already rule out every stable plan.
    """
    import numpy as np
    from ortools.sat.python import cp_model

    top = {s: int(s_rank[s, j]) for s, j in best}
    bottom = {s: int(s_rank[s, j]) for s, j in worst}
    if set(top) != set(bottom):  # pragma: no cover - the rural hospitals theorem
        raise RuntimeError("deferred acceptance matched different seniors")
    want_min, want_max = size
    if (want_min is not None and len(top) < want_min) or (want_max is not None and len(top) > want_max):
        return None
    capacity = sc.capacity
    model = cp_model.CpModel()
    arcs: list[tuple[int, int]] = []
    x: list[Any] = []
    index: dict[tuple[int, int], int] = {}
    by_s: dict[int, list[int]] = {}
    for s in sorted(top):
        row = s_rank[s]
        for j in np.nonzero((row >= top[s]) & (row <= bottom[s]))[0].tolist():
            index[(s, j)] = len(arcs)
            by_s.setdefault(s, []).append(len(arcs))
            arcs.append((s, j))
            x.append(model.new_bool_var(f"x{s}_{j}"))
    if any(p not in index for p in pinned):
        return None
    by_j: dict[int, list[int]] = {}
    for k, (_, j) in enumerate(arcs):
        by_j.setdefault(j, []).append(k)
    load = Counter(j for _, j in best)
    for s, ks in by_s.items():
        ks.sort(key=lambda k: int(s_rank[s, arcs[k][1]]))
        model.add_exactly_one(x[k] for k in ks)
    # each junior's seniors, by her ranking, with running counts: prefix(j, r) = how many of
    # her seniors she ranks at r or better
    ranks_j: dict[int, list[int]] = {}
    prefix: dict[int, list[Any]] = {}
    for j in range(len(sc.juniors)):
        ks = sorted(by_j.get(j, []), key=lambda k: int(j_rank[arcs[k][0], j]))
        model.add(sum(x[k] for k in ks) == load[j])
        ranks_j[j] = [int(j_rank[arcs[k][0], j]) for k in ks]
        counts: list[Any] = []
        for n, k in enumerate(ks):
            var = model.new_int_var(0, int(capacity[j]), f"p{j}_{n}")
            model.add(var == (counts[-1] if counts else 0) + x[k])
            counts.append(var)
        prefix[j] = counts

    def at_or_above(j: int, r: int) -> Any:
        import bisect

        n = bisect.bisect_right(ranks_j[j], r)
        return prefix[j][n - 1] if n else 0

    # a pair (s, j) with s unmatched, or s ranking j above every stable partner, never has s
    # covered: j must be full of seniors she ranks above s. The strongest such demand per junior
    # is the one for the senior she ranks best.
    uncovered: dict[int, int] = {}
    si, ji = np.nonzero((s_rank > 0) & (matrix >= 0))
    for s, j in zip(si.tolist(), ji.tolist(), strict=True):
        r_s = int(s_rank[s, j])
        if s not in top or r_s < top[s]:
            uncovered[j] = min(uncovered.get(j, 1 << 30), int(j_rank[s, j]))
        elif r_s < bottom[s]:  # inside the window: s is covered when their partner is j or better
            c = int(capacity[j])
            mine = [x[k] for k in by_s[s] if int(s_rank[s, arcs[k][1]]) <= r_s]
            model.add(c * sum(mine) + at_or_above(j, int(j_rank[s, j])) >= c)
    for j, r in sorted(uncovered.items()):
        model.add(at_or_above(j, r) >= int(capacity[j]))
    for pair in pinned:
        model.add(x[index[pair]] == 1)
    if caps is not None:
        touching: dict[int, list[int]] = {}
        for k, (s, j) in enumerate(arcs):
            for d in {int(sc.s_dept[s]), int(sc.j_dept[j])}:
                touching.setdefault(d, []).append(k)
        for _, ks in sorted(touching.items()):
            model.add(sum(x[k] for k in ks) <= caps)
    hint = set(best)
    for k, pair in enumerate(arcs):
        model.add_hint(x[k], pair in hint)
    model.maximize(sum(int(matrix[s, j]) * x[k] for k, (s, j) in enumerate(arcs)))
    return model, arcs, x


def _solve_stable(
    sc: Scorer,
    matrix: ScoreMatrix,
    pinned: list[tuple[int, int]],
    size: tuple[int | None, int | None],
    caps: int | None,
    program: Program,
) -> tuple[list[tuple[int, int]], str, int, Stability] | None:
    """The best-scoring stable plan, or, when none exists, the plan with the fewest blocking pairs.

    With ``P_s(j)`` the number of partners senior s has that s ranks at or above j (0 or 1) and
    ``P_j(s)`` the same count for junior j with capacity ``c_j``, the pair (s, j) does not block
    exactly when

        c_j * P_s(j) + P_j(s) >= c_j

    (s has someone at least as good, or j is full of seniors at least as good). The counts are
    chained prefix sums along each person's ranking, so the models stay linear in the arcs.
    The stable plans are searched in the reduced model of :func:`_stable_model`. When pilot
    size, department caps or pins rule them all out, a model over every allowed arc gives each
    constraint a slack ``b[s, j]`` (the pair blocks), and the plan minimises the number of
    blocking pairs, then maximises pairs, then score. Returns None if even that finds nothing
    (the pilot minimum cannot be met at all, or the time limit ran out; the caller reports it).
    """
    from ortools.sat.python import cp_model

    s_rank, j_rank = preference_ranks(sc, matrix)
    capacity = sc.capacity
    best = _deferred_acceptance(s_rank, j_rank, capacity)
    settings = program.matching.solver
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # reproducible, as in _solve_capped
    solver.parameters.random_seed = settings.seed
    solver.parameters.max_time_in_seconds = settings.time_limit_seconds

    reduced = _stable_model(sc, matrix, s_rank, j_rank, best, _junior_proposing(s_rank, j_rank, capacity),
                            pinned, size, caps)
    status: Any = cp_model.INFEASIBLE
    if reduced is not None:
        model, arcs, x = reduced
        status = solver.solve(model)
    possible = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE):
        return None  # the time limit stopped the search before any plan was found
    gap = 0
    reasons: list[Reason] = []
    if possible:
        chosen = [arcs[k] for k in range(len(arcs)) if solver.boolean_value(x[k])]
        if status != cp_model.OPTIMAL:
            gap = max(0, int(solver.best_objective_bound) - sum(int(matrix[s, j]) for s, j in chosen))
    else:
        fewest = _fewest_blocking(sc, matrix, s_rank, j_rank, best, pinned, size, caps, solver)
        if fewest is None:
            return None
        chosen, status, gap = fewest
        reasons = _instability_reasons(len(best), size, caps, pinned)
    block = blocking_pairs(s_rank, j_rank, capacity, chosen)
    stability = Stability(possible, tuple((sc.seniors[a].id, sc.juniors[c].id) for a, c in block), tuple(reasons))
    pins = set(pinned)
    return sorted(p for p in chosen if p not in pins), ("optimal" if status == cp_model.OPTIMAL else "feasible"), \
        gap, stability


def _fewest_blocking(
    sc: Scorer, matrix: ScoreMatrix, s_rank: NDArray[np.int32], j_rank: NDArray[np.int32],
    hint: list[tuple[int, int]], pinned: list[tuple[int, int]], size: tuple[int | None, int | None],
    caps: int | None, solver: Any,
) -> tuple[list[tuple[int, int]], int, int] | None:
    """The plan with the fewest blocking pairs, then the most pairs, then the best score: chosen
    pairs, CP-SAT status and the gap to the proven bound. None when no plan fits at all."""
    import numpy as np
    from ortools.sat.python import cp_model

    capacity = sc.capacity
    si, ji = np.nonzero(matrix >= 0)
    n_arcs = len(si)
    want_min, want_max = size
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{k}") for k in range(n_arcs)]
    b = [model.new_bool_var(f"b{k}") for k in range(n_arcs)]
    below_s = [model.new_int_var(0, 1, f"ps{k}") for k in range(n_arcs)]
    below_j = [model.new_int_var(0, int(capacity[ji[k]]), f"pj{k}") for k in range(n_arcs)]
    by_s: dict[int, list[int]] = {}
    by_j: dict[int, list[int]] = {}
    for k in range(n_arcs):
        by_s.setdefault(int(si[k]), []).append(k)
        by_j.setdefault(int(ji[k]), []).append(k)
    for owner, arcs in by_s.items():
        arcs.sort(key=lambda k: int(s_rank[si[k], ji[k]]))
        model.add(sum(x[k] for k in arcs) <= 1)
        for n, k in enumerate(arcs):
            model.add(below_s[k] == (below_s[arcs[n - 1]] if n else 0) + x[k])
        del owner
    for owner, arcs in by_j.items():
        arcs.sort(key=lambda k: int(j_rank[si[k], ji[k]]))
        model.add(sum(x[k] for k in arcs) <= int(capacity[owner]))
        for n, k in enumerate(arcs):
            model.add(below_j[k] == (below_j[arcs[n - 1]] if n else 0) + x[k])
    for k in range(n_arcs):
        c = int(capacity[ji[k]])
        model.add(c * below_s[k] + below_j[k] + c * b[k] >= c)
    index = {(int(si[k]), int(ji[k])): k for k in range(n_arcs)}
    for pair in pinned:
        model.add(x[index[pair]] == 1)
    if want_min is not None:
        model.add(sum(x) >= want_min)
    if want_max is not None:
        model.add(sum(x) <= want_max)
    if caps is not None:
        touching: dict[int, list[int]] = {}
        for k in range(n_arcs):
            for d in {int(sc.s_dept[si[k]]), int(sc.j_dept[ji[k]])}:
                touching.setdefault(d, []).append(k)
        for _, arcs in sorted(touching.items()):
            model.add(sum(x[k] for k in arcs) <= caps)
    # start from the stable plan cut down to the pilot maximum (pins first, then the best pairs):
    # usually feasible, and close to the fewest blocking pairs
    pins = set(pinned)
    start = sorted(hint, key=lambda p: (p not in pins, -int(matrix[p]), p))
    start = [*pins, *(p for p in start if p not in pins)][: want_max if want_max is not None else len(start)]
    for k in range(n_arcs):
        model.add_hint(x[k], (int(si[k]), int(ji[k])) in set(start))
    weight = [int(matrix[si[k], ji[k]]) for k in range(n_arcs)]
    big = sum(weight) + 1  # one more pair outweighs any score

    model.minimize(sum(b))
    limit = solver.parameters.max_time_in_seconds
    solver.parameters.max_time_in_seconds = limit / 2  # the time limit covers both stages
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    model.add(sum(b) <= round(solver.objective_value))
    first = [solver.boolean_value(v) for v in x]
    model.clear_hints()  # type: ignore[no-untyped-call]
    for k in range(n_arcs):
        model.add_hint(x[k], first[k])
    model.clear_objective()  # type: ignore[no-untyped-call]
    model.maximize(sum((big + weight[k]) * x[k] for k in range(n_arcs)))
    solver.parameters.max_time_in_seconds = max(limit - solver.wall_time, limit / 10)
    second = solver.solve(model)
    solver.parameters.max_time_in_seconds = limit
    if second in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status = second if status == cp_model.OPTIMAL else cp_model.FEASIBLE
        picked = [solver.boolean_value(v) for v in x]
    else:  # pragma: no cover - the first stage's plan is a hint that fits
        status, picked = cp_model.FEASIBLE, first
    chosen = [(int(si[k]), int(ji[k])) for k in range(n_arcs) if picked[k]]
    gap = 0
    if status != cp_model.OPTIMAL:
        # a bound on the score of any plan: every senior with their best allowed partner
        ceiling = int(np.where(matrix >= 0, matrix, 0).max(axis=1, initial=0).sum())
        gap = max(0, ceiling - sum(int(matrix[s, j]) for s, j in chosen))
    return chosen, status, gap


def _instability_reasons(
    stable_size: int, size: tuple[int | None, int | None], caps: int | None, pinned: list[tuple[int, int]]
) -> list[Reason]:
    """What rules out every stable plan. Every stable plan has the same number of pairs
    (the rural hospitals theorem), which deferred acceptance finds."""
    want_min, want_max = size
    out: list[Reason] = []
    if want_max is not None and stable_size > want_max:
        out.append(Reason("stable_too_big", "every stable plan has {n} pairs, but at most {limit} are allowed",
                          {"n": stable_size, "limit": want_max}))
    if want_min is not None and stable_size < want_min:
        out.append(Reason("stable_too_small", "every stable plan has {n} pairs, but at least {limit} are required",
                          {"n": stable_size, "limit": want_min}))
    if not out and caps is not None:
        out.append(Reason("stable_caps", "with max_pairs_per_department = {cap} no plan is stable", {"cap": caps}))
    if (not out and pinned) or (len(out) == 1 and out[0].code == "stable_caps" and pinned):
        out.append(Reason("stable_pins", "with the pinned pairs no plan is stable"))
    return out
