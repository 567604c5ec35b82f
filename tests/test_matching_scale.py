"""Matching at scale stays exact: the compact (int8/int16) matrix, the live part only, blocked candidates,
sorted arc merging."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rmentor.core.matching import _candidate_keys, _candidates, _solve_flow, match
from rmentor.core.scoring import Scorer
from rmentor.model import Program, Roster
from rmentor.workflows.synth import synthetic_roster


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compact_matrix_has_the_same_scores_in_int8(seed: int) -> None:
    program = Program()
    roster = Roster.model_validate(synthetic_roster(80, 70, seed))
    sc = Scorer(roster, program)
    wide, compact = sc.matrix(), sc.compact_matrix()
    assert wide.dtype == np.int32 and compact.dtype == np.int8  # default weights: scores 0-125
    assert np.array_equal(wide, compact.astype(np.int32))
    lo, hi = sc.score_range()
    allowed = wide[wide >= 0]
    assert allowed.size and lo <= allowed.min() and allowed.max() <= hi
    # the same plan from either matrix, and the same as match() (which uses the compact one)
    cap = sc.capacity.copy()
    assert _solve_flow(wide, cap, None) == _solve_flow(compact, cap, None)
    result = match(roster, program)
    assert sorted((sc.senior_index[p.senior], sc.junior_index[p.junior]) for p in result.pairs) == \
        _solve_flow(wide, cap, None)[0]


def test_scores_too_large_for_int16_stay_int32(monkeypatch: pytest.MonkeyPatch) -> None:
    program = Program.model_validate({"matching": {"weights": {"topic": 1000, "senior": 1000, "junior": 1000}}})
    roster = Roster.model_validate(synthetic_roster(20, 20, 0))
    sc = Scorer(roster, program)
    lo, hi = sc.score_range()
    assert hi >= 3000 and sc.compact_matrix().dtype == np.int16  # the largest weights still fit
    assert np.array_equal(sc.compact_matrix(), sc.matrix())
    monkeypatch.setattr(sc, "score_range", lambda: (lo, 127))
    assert sc.compact_matrix().dtype == np.int8
    monkeypatch.setattr(sc, "score_range", lambda: (lo, 128))
    assert sc.compact_matrix().dtype == np.int16
    monkeypatch.setattr(sc, "score_range", lambda: (lo, 40_000))
    assert sc.compact_matrix().dtype == np.int32
    assert np.array_equal(sc.compact_matrix(), sc.matrix())


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(1, 9), st.integers(0, 2**32 - 1), st.integers(0, 3))
def test_blocked_candidates_and_sorted_merge_give_the_proven_optimum(ns: int, nj: int, seed: int, block: int) -> None:
    from ortools.graph.python import linear_sum_assignment

    rng = np.random.default_rng(seed)
    weights = rng.integers(0, 60, size=(ns, nj)).astype(np.int16)
    weights[rng.random((ns, nj)) < 0.3] = -1
    keys = _candidate_keys(weights, 3, 2, chunk=max(1, block))  # tiny blocks: the seams are exercised
    assert np.array_equal(keys, np.flatnonzero(_candidates(weights, 3, 2)))
    assert np.all(np.diff(keys) > 0)
    chosen, status, _ = _solve_flow(weights, np.ones(nj, dtype=np.int64), None)
    assert status == "optimal"
    # the reference: a dense assignment, most pairs first, then the highest total score
    n = max(ns, nj)
    big = 60 * n + 1
    lsa = linear_sum_assignment.SimpleLinearSumAssignment()
    for i in range(n):
        for j in range(n):
            w = int(weights[i, j]) if i < ns and j < nj else -1
            lsa.add_arc_with_cost(i, j, -(w + big) if w >= 0 else 0)
    assert lsa.solve() == lsa.OPTIMAL
    best = -lsa.optimal_cost()
    got = sum(int(weights[i, j]) + big for i, j in chosen)
    assert got == best


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(0, 2**32 - 1), st.integers(0, 20))
def test_the_live_part_of_the_matrix_gives_the_whole_matrix_optimum(ns: int, nj: int, seed: int, wishes: int) -> None:
    """match() scores only people a pair can use: that part, and the plan on it, equal the whole matrix's."""
    rng = np.random.default_rng(seed)
    data = synthetic_roster(ns, nj, seed % 1000)
    juniors = [j["id"] for j in data["juniors"]]
    for _ in range(wishes):  # stated wishes: their points are added to the part as to the whole
        senior = data["seniors"][int(rng.integers(ns))]
        senior["prefers"] = [*senior.get("prefers", []), juniors[int(rng.integers(nj))]]
    roster = Roster.model_validate(data)
    sc = Scorer(roster, Program())
    whole = sc.matrix()
    rows = np.flatnonzero(rng.random(ns) < 0.7)
    cols = np.flatnonzero(rng.random(nj) < 0.7)
    part = sc.compact_matrix(rows=rows, cols=cols)
    assert np.array_equal(part, whole[np.ix_(rows, cols)])
    blocked = np.full_like(whole, -1)
    blocked[np.ix_(rows, cols)] = whole[np.ix_(rows, cols)]
    cap = sc.capacity.copy()
    got = _solve_flow(part, cap, None, rows=rows, cols=cols, shape=whole.shape)
    assert got == _solve_flow(blocked, cap, None)  # the same pairs, ties included, and the same rounds
    assert all(s in rows and j in cols for s, j in got[0])
