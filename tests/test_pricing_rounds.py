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


# ----------------------------------------------------------------------------- pricing parts vs plain oracles


def _random_weights(rng: np.random.Generator, ns: int, nj: int) -> np.ndarray:
    w = rng.integers(0, 6, size=(ns, nj)).astype(np.int32)  # small scores: many ties
    w[rng.random((ns, nj)) < 0.3] = -1  # blocked
    return w


def _kth_largest(values: list[int], k: int) -> int:
    allowed = sorted((v for v in values if v >= 0), reverse=True)
    return allowed[k - 1] if len(allowed) >= k else -1


@pytest.mark.parametrize("seed", range(6))
def test_kth_best_equals_sorting(seed: int) -> None:
    from rmentor.core.matching import _kth_best

    rng = np.random.default_rng(seed)
    w = _random_weights(rng, int(rng.integers(1, 9)), int(rng.integers(1, 9)))
    for k in (1, 2, 3, 5):
        rows, cols = _kth_best(w, k, chunk=3)  # several blocks of rows
        assert rows.tolist() == [_kth_largest(r, k) for r in w.tolist()]
        assert cols.tolist() == [_kth_largest(c, k) for c in w.T.tolist()]


def test_candidates_is_a_boolean_mask_of_the_candidate_keys() -> None:
    from rmentor.core.matching import _candidate_keys

    w = _random_weights(np.random.default_rng(1), 7, 5)
    mask = _candidates(w, 1, 2)
    assert mask.dtype == np.bool_ and mask.shape == w.shape
    assert np.flatnonzero(mask).tolist() == _candidate_keys(w, 1, 2).tolist()


@pytest.mark.parametrize("seed", range(4))
def test_violations_in_blocks_equal_every_arc_checked_one_by_one(seed: int) -> None:
    from rmentor.core.matching import _violations

    rng = np.random.default_rng(seed)
    ns, nj, big = 7, 5, 50
    w = _random_weights(rng, ns, nj)
    pot_s = rng.integers(40, 60, size=ns).astype(np.int64)
    pot_j = rng.integers(-10, 10, size=nj).astype(np.int64)
    expected = [i * nj + j for i in range(ns) for j in range(nj)
                if w[i, j] >= 0 and -(int(w[i, j]) + big) + int(pot_s[i]) - int(pot_j[j]) < 0]
    for chunk in (None, 1, 3):
        found = _violations(w, pot_s, pot_j, big, chunk)
        assert ([] if found is None else sorted(found.tolist())) == expected


def _bellman_ford(n: int, arcs: list[tuple[int, int, int]]) -> list[int]:
    dist = [0] * n  # a virtual root at distance 0 from every node
    for _ in range(n):
        for t, h, c in arcs:
            dist[h] = min(dist[h], dist[t] + c)
    return dist


@pytest.mark.parametrize("seed", range(30))
def test_potentials_are_shortest_paths_on_the_residual_graph(seed: int) -> None:
    from rmentor.core.matching import _potentials

    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 8))
    # arcs of a DAG (tail < head): no cycle at all, so no negative one; some full, some carrying flow
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n) if rng.random() < 0.5]
    if not pairs:
        pairs = [(0, n - 1)]
    tails = np.array([a for a, _ in pairs], dtype=np.int64)
    heads = np.array([b for _, b in pairs], dtype=np.int64)
    costs = rng.integers(-5, 6, size=len(pairs)).astype(np.int64)
    caps = np.ones(len(pairs), dtype=np.int64)
    flows = np.zeros(len(pairs), dtype=np.int64)  # no flow: the residual graph is the DAG itself
    residual = [(int(t), int(h), int(c)) for t, h, c in zip(tails, heads, costs, strict=True)]
    assert _potentials(tails, heads, caps, costs, flows, n).tolist() == _bellman_ford(n, residual)


@pytest.mark.parametrize("seed", range(6))
def test_candidate_keys_are_each_persons_band_and_k_best(seed: int) -> None:
    """The starting arcs, arc by arc, as the docstring defines them: allowed, and within ``delta`` of the
    row's or the column's best, or among the row's or the column's ``k`` best (every allowed arc of a
    row or column with fewer than ``k``)."""
    from rmentor.core.matching import _candidate_keys

    rng = np.random.default_rng(seed)
    w = _random_weights(rng, int(rng.integers(2, 9)), int(rng.integers(2, 9)))
    rows, cols = w.tolist(), w.T.tolist()
    for delta in (0, 1, 2):
        for k in (1, 2, 3):
            expected = [s * w.shape[1] + j for s in range(w.shape[0]) for j in range(w.shape[1])
                        if w[s, j] >= 0 and (w[s, j] >= max(rows[s]) - delta or w[s, j] >= _kth_largest(rows[s], k)
                                             or w[s, j] >= max(cols[j]) - delta
                                             or w[s, j] >= _kth_largest(cols[j], k))]
            assert _candidate_keys(w, delta, k, chunk=3).tolist() == expected, (delta, k)
