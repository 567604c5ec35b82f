"""Pricing must add an arc the first candidate set left out, and prove the result optimal.

A 12 x 12 matrix built by hand: eleven seniors and eleven juniors score 100 with each
other; the twelfth senior scores 50 with them and 1 with the twelfth junior, who scores
40 with everyone else. The arc (12th, 12th) is in nobody's top ten and far from every
best, so the first flow leaves it out and finds 10 x 100 + 50 + 40 = 1090. The optimum
uses it: 11 x 100 + 1 = 1101. Only a correction round can find it.
"""

from __future__ import annotations

import numpy as np
import pytest

from rmentor.core.matching import _candidates, _solve_flow


def _matrix(special: int) -> np.ndarray:
    n = 12
    w = np.full((n, n), 100, dtype=np.int32)
    w[special, :] = 50
    w[:, special] = 40
    w[special, special] = 1
    return w


@pytest.mark.parametrize("special", [0, 11, 5])
def test_a_correction_round_adds_the_missing_arc(special: int) -> None:
    w = _matrix(special)
    assert not _candidates(w, 3, 10)[special, special], "the arc must start outside the candidate set"
    chosen, status, rounds = _solve_flow(w, np.ones(12, dtype=np.int64), None)
    assert status == "optimal"
    assert rounds == 2
    assert len(chosen) == 12
    assert (special, special) in chosen
    assert sum(int(w[i, j]) for i, j in chosen) == 1101


def test_no_correction_round_when_the_candidates_hold_the_optimum() -> None:
    w = np.full((12, 12), 100, dtype=np.int32)
    chosen, _, rounds = _solve_flow(w, np.ones(12, dtype=np.int64), None)
    assert rounds == 1 and len(chosen) == 12


def test_limit_and_capacity_in_the_correction_round() -> None:
    # with room for 11 pairs only, the special arc (score 1) is no longer worth taking
    w = _matrix(0)
    chosen, _, _ = _solve_flow(w, np.ones(12, dtype=np.int64), 11)
    assert len(chosen) == 11 and sum(int(w[i, j]) for i, j in chosen) == 1100
    # a junior with capacity 2 takes two seniors
    cap = np.ones(12, dtype=np.int64)
    cap[1] = 2
    w2 = np.full((3, 12), -1, dtype=np.int32)
    w2[:, 1] = 10
    chosen, _, _ = _solve_flow(w2, cap, None)
    assert len(chosen) == 2 and all(j == 1 for _, j in chosen)
