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

from rmentor.core.scoring import RULE_TEXT, RULES, Reason, Scorer
from rmentor.errors import InfeasibleError, InputError, Issue, Location
from rmentor.i18n import tr
from rmentor.model import Program, Roster

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

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


# ----------------------------------------------------------------------------- public API


def match(
    roster: Roster,
    program: Program,
    *,
    n_pairs: int | None = None,
    scorer: Scorer | None = None,
    matrix: NDArray[np.int32] | None = None,
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
    if matrix is None:
        matrix = sc.matrix()
    weights = matrix.copy() if (pinned_s or (capacity <= 0).any()) else matrix
    if pinned_s:
        weights[sorted(pinned_s), :] = -1
    if (capacity <= 0).any():
        weights[:, capacity <= 0] = -1
    stats["score_seconds"] = time.perf_counter() - clock

    note("match")
    t0 = time.perf_counter()
    caps = m.max_pairs_per_department
    if caps is None:
        chosen, status, rounds = _solve_flow(weights, capacity, free_limit)
        bound_extra = 0
        stats["pricing_rounds"] = rounds
    else:
        chosen, status, bound_extra = _solve_capped(sc, weights, capacity, free_limit, caps, pinned, program)
    stats["match_seconds"] = time.perf_counter() - t0

    all_pairs = sorted([*pinned, *chosen], key=lambda p: sc.seniors[p[0]].id)
    total = len(all_pairs)
    if want_min is not None and total < want_min:
        issues = _diagnose(sc, weights, capacity, want_min)
        if caps is not None:
            uncapped = len(pinned) + len(_solve_flow(weights, capacity, free_limit)[0])
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
    unmatched = _unmatched(sc, weights, capacity, all_pairs, free_limit, len(pinned))
    stats["total_seconds"] = time.perf_counter() - clock
    return MatchResult(
        status=status,
        objective=objective,
        bound=objective + bound_extra,
        pairs=pairs,
        unmatched=unmatched,
        stats=stats,
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


def _candidates(weights: NDArray[np.int32], delta: int, k: int) -> NDArray[np.bool_]:
    """A starting arc set for pricing: near each person's best, plus everyone's ``k`` best arcs.

    The band (within ``delta`` points of the row's or column's best) holds the arcs an
    optimum mostly uses; each senior's and junior's top ``k`` give alternatives when the
    favourites are taken, so the first flow is nearly optimal and pricing rarely needs a
    third solve. No sorting: the k-th best score is read off histograms (scores are small
    integers).
    """
    import numpy as np

    if weights.size == 0:
        return np.zeros(weights.shape, dtype=bool)
    row_kth, col_kth = _kth_best(weights, k)
    row_cut = np.minimum(weights.max(axis=1) - delta, row_kth)[:, None]
    col_cut = np.minimum(weights.max(axis=0) - delta, col_kth)[None, :]
    near: NDArray[np.bool_] = (weights >= 0) & ((weights >= row_cut) | (weights >= col_cut))
    return near


def _kth_best(weights: NDArray[np.int32], k: int, chunk: int = 512) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
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
    weights: NDArray[np.int32], capacity: NDArray[np.int64], limit: int | None
) -> tuple[list[tuple[int, int]], str, int]:
    """Max-cardinality, then max-score b-matching, proven optimal by pricing."""
    import numpy as np

    ns, nj = weights.shape
    allowed_rows = (weights >= 0).any(axis=1) if nj else np.zeros(ns, dtype=bool)
    supply = int(allowed_rows.sum())
    if limit is not None:
        supply = min(supply, limit)
    if supply == 0:
        return [], "optimal", 0
    big = (int(weights.max()) + 1) * (supply + 1)

    # Candidate arcs as sorted flat indices (senior * nj + junior): no dense mask to rescan.
    keys = np.flatnonzero(_candidates(weights, 3, 10))
    rounds = 0
    while True:
        rounds += 1
        si, ji = np.divmod(keys, nj)
        flows, pot = _min_cost_flow(si, ji, weights[si, ji].astype(np.int64), capacity, supply, big, ns, nj)
        # reduced cost of an arc i->j: -(w + big) + pot[i] - pot[j] must be >= 0. Candidate
        # arcs without flow satisfy it already (they are residual arcs of an optimal flow);
        # the ones that carry flow may not, and are dropped from the violations.
        add = _violations(weights, pot[1 : ns + 1], pot[ns + 1 : ns + 1 + nj], big)
        if add is not None:
            add = add[~np.isin(add, keys)]
        if add is None or len(add) == 0:
            break
        keys = np.union1d(keys, add)
    used = flows > 0
    return sorted(zip(si[used].tolist(), ji[used].tolist(), strict=True)), "optimal", rounds


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
    weights: NDArray[np.int32],
    pot_s: NDArray[np.int64],
    pot_j: NDArray[np.int64],
    big: int,
    chunk: int = 512,
) -> NDArray[np.int64] | None:
    """Flat indices of allowed arcs with a negative reduced cost, or None.

    An arc i->j violates when ``w > (pot_s[i] - big) - pot_j[j]``: one int64 outer
    difference per block of rows, compared with the int32 scores.
    """
    import numpy as np

    nj = weights.shape[1]
    found: list[NDArray[np.int64]] = []
    shifted = pot_s - big
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
    weights: NDArray[np.int32],
    capacity: NDArray[np.int64],
    limit: int | None,
    cap: int,
    pinned: list[tuple[int, int]],
    program: Program,
) -> tuple[list[tuple[int, int]], str, int]:
    """Max pairs, then max score, with at most ``cap`` pairs touching any department.

    1. Solve the LP relaxation with GLOP. The b-matching polytope is integral, and with
       a handful of department rows the LP optimum is integral in practice: then it is
       the proven optimum.
    2. Otherwise round it to an incumbent, drop every arc whose LP reduced cost shows it
       cannot reach the incumbent (reduced-cost fixing: any solution using arc a scores at
       most LP + rc(a)), and let CP-SAT prove the optimum on what is left, hinted with the
       incumbent.
    """
    import numpy as np

    ns, nj = weights.shape
    used = Counter[int]()
    for s_, j_ in pinned:
        for d in {int(sc.s_dept[s_]), int(sc.j_dept[j_])}:
            used[d] += 1
    depts = sorted(set(sc.s_dept.tolist()) | set(sc.j_dept.tolist()))
    room = {d: max(0, cap - used[d]) for d in depts}
    open_s = np.array([room[int(d)] > 0 for d in sc.s_dept], dtype=bool)
    open_j = np.array([room[int(d)] > 0 for d in sc.j_dept], dtype=bool) & (capacity > 0)
    si, ji = np.nonzero((weights >= 0) & open_s[:, None] & open_j[None, :])
    if len(si) == 0:
        return [], "optimal", 0
    w = weights[si, ji].astype(np.int64)
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
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # pragma: no cover - the hint is feasible
        raise RuntimeError(f"CP-SAT failed: {solver.status_name(status)}")
    picked = [k for k in range(len(ks)) if solver.boolean_value(x[k])]
    pairs = sorted((int(ks[k]), int(kj[k])) for k in picked)
    if status == cp_model.OPTIMAL:
        return pairs, "optimal", 0
    best = sum(int(kv[k]) for k in picked)
    bound = min(int(ub + 1e-6), int(solver.best_objective_bound))
    # The bound is on (score + big) per pair; with the same number of pairs it bounds the score gap.
    return pairs, "feasible", max(0, bound - best)


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
    weights: NDArray[np.int32],
    capacity: NDArray[np.int64],
    pairs: list[tuple[int, int]],
    limit: int | None,
    n_pinned: int,
) -> tuple[Unmatched, ...]:
    matched_s = {si for si, _ in pairs}
    matched_j = {ji for _, ji in pairs}
    full = limit is not None and len(pairs) - n_pinned >= limit
    out: list[Unmatched] = []
    for side, people, scores, matched, axis in (
        ("senior", sc.seniors, sc.senior_scores, matched_s, 0),
        ("junior", sc.juniors, sc.junior_scores, matched_j, 1),
    ):
        for idx, person in enumerate(people):
            if idx in matched:
                continue
            ps = scores[idx]
            if not ps.eligible:
                reason = Reason("ineligible", "not eligible: {why}",
                                {"why": "; ".join(r.render() for r in ps.reasons)})
            else:
                row = weights[idx] if axis == 0 else weights[:, idx]
                if (row >= 0).any():
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


def _diagnose(sc: Scorer, weights: NDArray[np.int32], capacity: NDArray[np.int64], need: int) -> list[Issue]:
    """Say which rules keep the matching below ``need`` pairs."""
    import numpy as np

    issues: list[Issue] = []
    for side, scores, crits in (
        ("seniors", sc.senior_scores, sc.program.matching.senior_criteria),
        ("juniors", sc.junior_scores, sc.program.matching.junior_criteria),
    ):
        eligible = sum(p.eligible for p in scores)
        if len(scores) < need:
            # nobody is excluded: the roster itself is too small for the pilot
            issues.append(Issue("{side} in the roster: {n}, fewer than the {need} pairs required",
                                {"side": tr(side), "n": len(scores), "need": need},
                                hint="add people, or lower matching.pilot.min"))
        elif eligible < need:
            fails = Counter(r.params["criterion"] for p in scores for r in p.reasons)
            detail = ", ".join(
                f"{n} {tr('fail')} {name} >= {crits[name].min}" for name, n in sorted(fails.items())
            )
            issues.append(Issue("only {eligible} {side} are eligible: {detail}",
                                {"eligible": eligible, "side": tr(side), "detail": detail}))
    rows_ok = int((weights >= 0).any(axis=1).sum())
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
    del capacity
    return issues
