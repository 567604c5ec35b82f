"""Stable matching and pricing, checked against hand-worked answers.

- What rules out a stable plan, in the documented words, for department caps and pins.
- The plan with the fewest blocking pairs is *proven*: status ``optimal``, bound = objective.
- When CP-SAT's time limit stops it with a plan in hand, the plan is ``feasible`` and its bound is
  the solver's proven bound (stable plan) or "every senior with their best allowed partner"
  (fewest blocking pairs); and no stage gets more than ``matching.solver.time_limit_seconds``.
  CP-SAT stopping early is simulated by a solver that reports what the time limit would leave.
- Rounding the department-cap LP: the greedy incumbent, worked out by hand.
- The residual-graph potentials refuse a negative cycle instead of returning wrong prices.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from helpers import junior, program, roster, senior
from rmentor.core.matching import _instability_reasons, _potentials, _round, match
from rmentor.core.scoring import Scorer
from rmentor.model import Roster

# ----------------------------------------------------------------------------- what rules stability out

CAPS = "with max_pairs_per_department = {cap} no plan is stable"
PINS = "with the pinned pairs no plan is stable"


def _said(size: int, bounds: tuple[int | None, int | None], caps: int | None,
          pinned: list[tuple[int, int]]) -> list[tuple[str, str]]:
    return [(r.code, r.render()) for r in _instability_reasons(size, bounds, caps, pinned)]


def test_caps_are_named_with_their_value() -> None:
    assert _said(3, (None, None), 1, []) == [("stable_caps", CAPS.format(cap=1))]
    assert _said(3, (1, 5), 2, []) == [("stable_caps", CAPS.format(cap=2))]


def test_pins_are_named_alone_or_next_to_the_caps() -> None:
    assert _said(3, (None, None), None, [(0, 0)]) == [("stable_pins", PINS)]
    # with both caps and pins either could be the cause: both are named, caps first
    assert _said(3, (None, None), 2, [(0, 0)]) == [("stable_caps", CAPS.format(cap=2)), ("stable_pins", PINS)]


def test_a_pilot_size_that_rules_stability_out_is_the_only_reason() -> None:
    # every stable plan has the same number of pairs: a pilot bound it breaks is reason enough,
    # whatever pins or caps there are
    too_big = ("stable_too_big", "every stable plan has 3 pairs, but at most 2 are allowed")
    assert _said(3, (None, 2), None, [(0, 0)]) == [too_big]
    assert _said(3, (None, 2), 1, [(0, 0)]) == [too_big]
    too_small = ("stable_too_small", "every stable plan has 3 pairs, but at least 4 are required")
    assert _said(3, (4, None), 2, [(1, 1)]) == [too_small]
    assert _said(3, (None, None), None, []) == []
    assert _said(2, (2, 2), None, []) == []  # exactly at both bounds: a stable plan fits


def _two_per_department() -> Roster:
    # every allowed plan of two pairs touches department A twice (both seniors are in A)
    return roster([senior("s1", "A", prefers=["j1"]), senior("s2", "A", prefers=["j2"])],
                  [junior("j1", "B", prefers=["s1"]), junior("j2", "C", prefers=["s2"])])


def test_caps_and_a_pin_that_rule_out_stability_end_to_end() -> None:
    r = _two_per_department()
    # the only stable plan is s1-j1 + s2-j2 (mutual first choices); cap 1 allows one pair
    capped = match(r, program(stable=True, max_pairs_per_department=1))
    assert capped.stability is not None and not capped.stability.possible
    assert [(x.code, x.render()) for x in capped.stability.reasons] == [("stable_caps", CAPS.format(cap=1))]
    assert [(p.senior, p.junior) for p in capped.pairs] in ([("s1", "j1")], [("s2", "j2")])
    assert len(capped.stability.blocking) == 1  # the mutual first choice left out
    pinned = match(r.model_copy(update={"pinned": (("s2", "j2"),)}),
                   program(stable=True, max_pairs_per_department=1))
    assert pinned.stability is not None and not pinned.stability.possible
    assert [(x.code, x.render()) for x in pinned.stability.reasons] == [
        ("stable_caps", CAPS.format(cap=1)), ("stable_pins", PINS)]
    assert [(p.senior, p.junior) for p in pinned.pairs] == [("s2", "j2")]
    assert pinned.stability.blocking == (("s1", "j1"),)


# ----------------------------------------------------------------------------- fewest blocking pairs


def _rivals() -> Roster:
    # s1 and j2 want each other; s2 wants j2 too, j2 prefers s1; j1 wants s1. The only stable plan is
    # s1-j2 + s2-j1: two pairs.
    return roster([senior("s1", prefers=["j2", "j1"]), senior("s2", prefers=["j2", "j1"])],
                  [junior("j1", prefers=["s1", "s2"]), junior("j2", prefers=["s1", "s2"])])


def test_the_fewest_blocking_plan_is_proven_optimal() -> None:
    # with one pair allowed no plan is stable. By hand: s1-j2 leaves (s2, j1) blocking (both
    # unmatched, allowed to each other) and nothing else: s1 has their first choice, j2 hers.
    # Every other single pair leaves at least s1-j2 blocking plus another one.
    res = match(_rivals(), program(stable=True, pilot={"max": 1}))
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2")]
    assert res.stability is not None and not res.stability.possible
    assert res.stability.blocking == (("s2", "j1"),)
    assert res.status == "optimal" and res.bound == res.objective


def test_a_pilot_minimum_above_the_stable_size_gives_the_fewest_blocking_plan_of_that_size() -> None:
    # s2 may only go with j1 (s2 avoids j2); s1 and j1 want each other. The only stable plan is
    # s1-j1 (s2 loses j1 to s1, and j2 is no better than j1 for s1): one pair. Two pairs need
    # s1-j2 + s2-j1, where (s1, j1) blocks: one blocking pair, the fewest any two-pair plan has.
    r = roster([senior("s1", prefers=["j1"]), senior("s2", avoid=["j2"])],
               [junior("j1", prefers=["s1"]), junior("j2")])
    stable = match(r, program(stable=True))
    assert [(p.senior, p.junior) for p in stable.pairs] == [("s1", "j1")]
    assert stable.stability is not None and stable.stability.stable
    res = match(r, program(stable=True, pilot={"min": 2}))
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2"), ("s2", "j1")]
    assert res.stability is not None and not res.stability.possible
    assert res.stability.blocking == (("s1", "j1"),)
    assert [x.code for x in res.stability.reasons] == ["stable_too_small"]
    assert res.status == "optimal" and res.bound == res.objective


ZERO = {"topic": 0, "senior": 0, "junior": 0, "cross_functional": 0, "availability": 0, "preference": 0}


def _too_small(weights: dict[str, int] | None = None) -> tuple[Roster, Any]:
    """The roster above plus s3, who may pair with nobody; a pilot of at least two pairs."""
    r = roster([senior("s1", prefers=["j1"]), senior("s2", avoid=["j2"]), senior("s3", avoid=["j1", "j2"])],
               [junior("j1", prefers=["s1"]), junior("j2")])
    return r, program(stable=True, pilot={"min": 2}, **({"weights": weights} if weights else {}))


def test_pairs_scoring_zero_count_in_the_fewest_blocking_plan() -> None:
    # with every weight 0 each allowed pair scores 0, and is still a pair
    r, prog = _too_small(ZERO)
    res = match(r, prog)
    assert [(p.senior, p.junior, p.score) for p in res.pairs] == [("s1", "j2", 0), ("s2", "j1", 0)]
    assert res.stability is not None and res.stability.blocking == (("s1", "j1"),)
    assert res.status == "optimal" and res.bound == res.objective == 0


def test_a_stable_plan_is_proven_optimal() -> None:
    res = match(_rivals(), program(stable=True))
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2"), ("s2", "j1")]
    assert res.status == "optimal" and res.bound == res.objective


class _Stopped:
    """A CP-SAT solver as the time limit leaves it: the solves listed in ``early`` (by call number,
    from 0) report FEASIBLE instead of OPTIMAL, with a bound ``slack`` above the plan found. Records
    the time budget each solve was given."""

    def __init__(self, real: Any, early: set[int], slack: int = 0) -> None:
        self.real = real
        self.early, self.slack = early, slack
        self.budgets: list[float] = []
        self.stopped = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    @property
    def parameters(self) -> Any:
        return self.real.parameters

    def solve(self, model: Any, callback: Any = None) -> Any:
        from ortools.sat.python import cp_model

        self.budgets.append(self.real.parameters.max_time_in_seconds)
        status = self.real.solve(model, callback)
        self.stopped = len(self.budgets) - 1 in self.early and status == cp_model.OPTIMAL
        return cp_model.FEASIBLE if self.stopped else status

    @property
    def best_objective_bound(self) -> float:
        return float(self.real.best_objective_bound + (self.slack if self.stopped else 0))


def _stop_early(monkeypatch: pytest.MonkeyPatch, early: set[int], slack: int = 0) -> list[_Stopped]:
    """Make every CP-SAT solver the code creates a :class:`_Stopped`; returns them as they are made."""
    from ortools.sat.python import cp_model

    made: list[_Stopped] = []
    real = cp_model.CpSolver

    def make() -> _Stopped:
        made.append(_Stopped(real(), early, slack))
        return made[-1]

    monkeypatch.setattr(cp_model, "CpSolver", make)
    return made


def _best_partner_total(r: Roster, prog: Any) -> int:
    """Every senior with their best allowed partner: the bound the fewest-blocking search reports."""
    m = Scorer(r, prog).matrix()
    return sum(max((int(v) for v in row if v >= 0), default=0) for row in m.tolist())


def test_a_stable_plan_stopped_by_the_time_limit_is_feasible_with_the_solvers_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    made = _stop_early(monkeypatch, early={0}, slack=7)
    res = match(_rivals(), program(stable=True))
    assert len(made) == 1 and len(made[0].budgets) == 1  # the stable model, solved once
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2"), ("s2", "j1")]
    assert res.stability is not None and res.stability.possible and res.stability.stable
    assert res.status == "feasible" and res.bound == res.objective + 7


def test_fewest_blocking_stopped_in_its_second_stage_reports_the_best_partner_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    prog = program(stable=True, pilot={"max": 1})
    made = _stop_early(monkeypatch, early={1})
    res = match(_rivals(), prog)
    assert len(made[0].budgets) == 2  # fewest blocking pairs, then most pairs and best score
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2")]
    assert res.status == "feasible"
    assert res.bound == _best_partner_total(_rivals(), prog) > res.objective


def test_a_stopped_plan_that_reaches_its_bound_has_no_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    # every senior with their best allowed partner scores 0 here (s3 has none): so does the plan
    made = _stop_early(monkeypatch, early={1})
    r, prog = _too_small(ZERO)
    res = match(r, prog)
    assert len(made[0].budgets) == 2
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2"), ("s2", "j1")]
    assert res.status == "feasible" and res.bound == res.objective == 0
    # a stable plan stopped with its solver's bound equal to the plan's score: no gap either
    _stop_early(monkeypatch, early={0})
    stable = match(_rivals(), program(stable=True))
    assert stable.status == "feasible" and stable.bound == stable.objective


def test_the_best_partner_bound_leaves_out_seniors_without_one(monkeypatch: pytest.MonkeyPatch) -> None:
    r, prog = _too_small()
    _stop_early(monkeypatch, early={1})
    res = match(r, prog)
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2"), ("s2", "j1")]
    m = Scorer(r, prog).matrix()
    assert (m[2] == -1).all()  # s3: nobody
    # s1 at best with j1 (their wish), s2 with j1 (their only partner), s3 adds nothing
    assert res.status == "feasible" and res.bound == int(m[0].max()) + int(m[1, 0])
    assert res.bound > res.objective


def test_fewest_blocking_stopped_in_its_first_stage_is_not_proven(monkeypatch: pytest.MonkeyPatch) -> None:
    # the second stage proves its own optimum, but only among plans with as few blocking pairs as
    # the first stage found, which was not proven to be the fewest
    prog = program(stable=True, pilot={"max": 1})
    _stop_early(monkeypatch, early={0})
    res = match(_rivals(), prog)
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2")]
    assert res.status == "feasible"
    assert res.bound == _best_partner_total(_rivals(), prog)


def test_no_stage_gets_more_than_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    made = _stop_early(monkeypatch, early=set())
    res = match(_rivals(), program(stable=True, pilot={"max": 1}, solver={"time_limit_seconds": 8}))
    assert res.status == "optimal"
    budgets = made[0].budgets
    assert len(budgets) == 2
    assert budgets[0] < 8  # the first stage leaves time for the second
    assert all(0 < b <= 8 for b in budgets)


# ----------------------------------------------------------------------------- rounding the capped LP


def _rounded(x_lp: list[float], arcs: list[tuple[int, int]], value: list[int], capacity: list[int],
             depts: list[tuple[int, int]] | None = None, room: dict[int, int] | None = None,
             limit: int | None = None) -> list[bool]:
    si = np.array([s for s, _ in arcs])
    ji = np.array([j for _, j in arcs])
    if depts is None:  # a department of its own for every person: no department limit bites
        depts = [(s, 100 + j) for s, j in arcs]
    sd = np.array([a for a, _ in depts], dtype=np.int64)
    jd = np.array([b for _, b in depts], dtype=np.int64)
    room = room if room is not None else dict.fromkeys({*sd.tolist(), *jd.tolist()}, 9)
    chosen = _round(np.array(x_lp, dtype=np.float64), si, ji, sd, jd, np.array(value, dtype=np.int64),
                    np.array(capacity, dtype=np.int64), room, limit)
    picked = set(np.arange(len(arcs))[chosen].tolist())  # a mask over the arcs, as the caller uses it
    return [k in picked for k in range(len(arcs))]


def test_rounding_takes_up_to_the_pilot_maximum_best_first() -> None:
    arcs = [(0, 0), (1, 1), (2, 2)]
    assert _rounded([1, 1, 1], arcs, [5, 7, 6], [1, 1, 1]) == [True, True, True]
    assert _rounded([1, 1, 1], arcs, [5, 7, 6], [1, 1, 1], limit=3) == [True, True, True]
    assert _rounded([1, 1, 1], arcs, [5, 7, 6], [1, 1, 1], limit=2) == [False, True, True]
    assert _rounded([1, 1, 1], arcs, [5, 7, 6], [1, 1, 1], limit=1) == [False, True, False]
    assert _rounded([1, 1, 1], arcs, [5, 7, 6], [1, 1, 1], limit=0) == [False, False, False]


def test_rounding_keeps_every_limit_and_follows_the_lp() -> None:
    # senior 0: j0 at LP 0.6 (value 10) or j1 at LP 0.4 (value 20); senior 1: j0 at LP 1 (value 3).
    # By LP value: s1-j0 first, then s0-j0 (j0 is full: skipped), then s0-j1.
    arcs = [(0, 0), (0, 1), (1, 0)]
    assert _rounded([0.6, 0.4, 1.0], arcs, [10, 20, 3], [1, 1]) == [False, True, True]
    # with room for two at j0, senior 0 takes j0 (higher LP value) and is then done
    assert _rounded([0.6, 0.4, 1.0], arcs, [10, 20, 3], [2, 1]) == [True, False, True]
    # equal LP values: the higher pair value first, then the earlier arc
    assert _rounded([0.5, 0.5, 0.0], arcs, [10, 20, 3], [1, 1]) == [False, True, True]
    assert _rounded([0.5, 0.5, 0.0], arcs, [20, 20, 3], [1, 1]) == [True, False, False]
    # LP values equal up to the LP solver's noise (1e-7) are equal: the pair value decides
    assert _rounded([0.5, 0.4999999, 0.0], arcs, [10, 20, 3], [1, 1]) == [False, True, True]
    assert _rounded([0.5000001, 0.5, 0.0], arcs, [10, 20, 3], [1, 1]) == [False, True, True]


def test_rounding_fills_a_junior_up_to_her_capacity() -> None:
    arcs = [(0, 0), (1, 0), (2, 0), (3, 0)]
    assert _rounded([1, 1, 1, 1], arcs, [4, 3, 2, 1], [2]) == [True, True, False, False]
    assert _rounded([1, 1, 1, 1], arcs, [4, 3, 2, 1], [3]) == [True, True, True, False]


def test_rounding_keeps_department_room() -> None:
    # two disjoint pairs whose seniors share department 0 with room for one pair
    arcs = [(0, 0), (1, 1)]
    depts = [(0, 5), (0, 6)]
    assert _rounded([1, 1], arcs, [4, 9], [1, 1], depts, {0: 1, 5: 3, 6: 3}) == [False, True]
    assert _rounded([1, 1], arcs, [4, 9], [1, 1], depts, {0: 2, 5: 3, 6: 3}) == [True, True]
    # a pair inside one department counts once against it
    assert _rounded([1, 1], arcs, [4, 9], [1, 1], [(0, 0), (0, 0)], {0: 2}) == [True, True]
    assert _rounded([1, 1], arcs, [4, 9], [1, 1], [(0, 6), (0, 6)], {0: 3, 6: 0}) == [False, False]


# ----------------------------------------------------------------------------- pricing


def test_no_flow_is_solved_when_nobody_can_be_paired() -> None:
    from rmentor.core.matching import _solve_flow

    ones = np.ones(2, dtype=np.int64)
    assert _solve_flow(np.full((2, 2), -1, dtype=np.int32), ones, None) == ([], "optimal", 0)
    assert _solve_flow(np.full((2, 2), 5, dtype=np.int32), ones, 0) == ([], "optimal", 0)  # pilot of 0
    assert _solve_flow(np.full((2, 2), 5, dtype=np.int32), ones, 1)[2] == 1  # one pair: one round


def test_potentials_refuse_a_negative_cycle() -> None:
    # 0 -> 1 -> 2 -> 0, each arc costing -1 with room: a min-cost flow never leaves this
    tails = np.array([0, 1, 2], dtype=np.int64)
    heads = np.array([1, 2, 0], dtype=np.int64)
    ones = np.ones(3, dtype=np.int64)
    with pytest.raises(RuntimeError, match=r"^negative cycle in the residual graph$"):
        _potentials(tails, heads, ones, -ones, np.zeros(3, dtype=np.int64), 3)
    # the same cycle at full flow: only the reverse arcs (cost +1) are residual, and all is well
    assert _potentials(tails, heads, ones, -ones, ones, 3).tolist() == [0, 0, 0]


@pytest.mark.parametrize("n", [2, 3, 6])
def test_potentials_follow_a_shortest_path_through_every_node(n: int) -> None:
    # a chain 0 -> 1 -> ... -> n-1, each arc costing -1: node k is k arcs from node 0, so its
    # distance is -k, found only in the (n-1)-th round, with one arc left to relax in each late round
    tails = np.arange(n - 1, dtype=np.int64)
    ones = np.ones(n - 1, dtype=np.int64)
    got = _potentials(tails, tails + 1, ones, -ones, np.zeros(n - 1, dtype=np.int64), n)
    assert got.tolist() == [-k for k in range(n)]


@pytest.mark.parametrize("seed", range(8))
def test_potentials_of_an_optimal_flow_price_every_residual_arc_non_negative(seed: int) -> None:
    """Reduced-cost optimality on the flow the pricing loop builds: every residual arc t->h (room
    left, or flow to send back) has cost + pot[t] - pot[h] >= 0, and a zero-cost bypass keeps
    every potential finite."""
    from rmentor.core.matching import _min_cost_flow

    rng = np.random.default_rng(seed)
    ns, nj = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    si, ji = np.nonzero(rng.random((ns, nj)) < 0.6)
    w = rng.integers(0, 9, size=len(si)).astype(np.int64)
    capacity = rng.integers(1, 3, size=nj).astype(np.int64)
    supply = ns
    big = (int(w.max(initial=0)) + 1) * (supply + 1)
    flows, pot = _min_cost_flow(si, ji, w, capacity, supply, big, ns, nj)
    sent = [(int(s), int(j)) for s, j, f in zip(si, ji, flows, strict=True) if f > 0]
    assert len({s for s, _ in sent}) == len(sent)  # a senior once
    assert all(sum(1 for _, b in sent if b == j) <= capacity[j] for j in range(nj))
    # the arcs of the equivalent big-weighted graph, with their flows
    source, sink = 0, ns + nj + 1
    arcs = [(source, 1 + s, 0, 1, int(any(a == s for a, _ in sent))) for s in range(ns)]
    arcs += [(1 + int(s), ns + 1 + int(j), -(int(v) + big), 1, int(f > 0))
             for s, j, v, f in zip(si, ji, w, flows, strict=True)]
    arcs += [(ns + 1 + j, sink, 0, int(capacity[j]), sum(1 for _, b in sent if b == j)) for j in range(nj)]
    arcs.append((source, sink, 0, supply, supply - len(sent)))
    p = pot.tolist()
    for t, h, cost, cap, flow in arcs:
        if flow < cap:
            assert cost + p[t] - p[h] >= 0, (t, h)
        if flow > 0:
            assert -cost + p[h] - p[t] >= 0, (h, t)
