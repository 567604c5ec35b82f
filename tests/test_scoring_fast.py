"""The score matrix's fast path (lookup tables, few passes) gives the numbers of the one formula.

``Scorer._fill`` builds blocks of rows from per-class row vectors and a code table
(``_fast_tables`` / ``_fast_block``); ``reference=True`` builds them from ``_evaluate``, the formula
that breakdowns and ``score --pairs`` use. Random rosters and programs: every rule on and off,
large weights (the int32 path), people without windows or below the minimums, more than 64
topics (several words), wishes, avoid and reporting lines, and parts of the matrix (rows, cols).
"""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import junior, senior
from rmentor.core.scoring import Scorer
from rmentor.model import Program, Roster

ZONES = ["Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok", "Europe/Kaliningrad", "Asia/Kolkata",
         "America/New_York"]
WINDOWS = ["Mon 09:00-10:00", "Mon 09:30-11:00", "Tue 13:00-13:45", "Wed 18:00-20:00", "Thu 08:00-09:15",
           "Mon-Fri 09:00-18:00", "Fri 10:15-11:15", "Tue 10:00-12:00", "Mon-Fri 10:00-17:00"]


def _case(rnd: random.Random) -> tuple[Roster, Program]:
    ns, nj = rnd.randint(1, 9), rnd.randint(1, 9)
    topics = [f"t{k}" for k in range(rnd.choice([3, 4, 8, 140]))]
    depts = ["Sales", "IT", "HR", "Ops"][: rnd.randint(1, 4)]

    def windows() -> list[str]:
        return [] if rnd.random() < 0.15 else rnd.sample(WINDOWS, rnd.randint(1, 3))

    def extra(own: str, others: str, count: int) -> dict[str, object]:
        out: dict[str, object] = {"availability": windows()}
        if rnd.random() < 0.5:
            out["timezone"] = rnd.choice(ZONES)
        if rnd.random() < 0.3:
            out["prefers"] = [f"{others}{k}" for k in rnd.sample(range(count), min(count, 2))]
        if rnd.random() < 0.2:
            out["avoid"] = [f"{others}{rnd.randrange(count)}"]
        return out

    def pick() -> tuple[str, ...]:  # mostly the first few topics, so that many pairs share some
        common = rnd.sample(topics[:4], rnd.randint(1, min(3, len(topics))))
        return tuple(dict.fromkeys([*common, *rnd.sample(topics, rnd.randint(0, min(4, len(topics))))]))

    seniors = [senior(f"s{i}", rnd.choice(depts), wants=pick(),
                      readiness=rnd.choice([1, 3, 4, 5, 5]), openness=rnd.choice([2, 3, 4, 5, 5]),
                      **extra("s", "j", nj))
               for i in range(ns)]
    juniors = [junior(f"j{i}", rnd.choice(depts), offers=pick(),
                      communication=rnd.choice([1, 3, 4, 5, 5]), sharing=rnd.choice([2, 3, 4, 5]),
                      structuring=rnd.randint(2, 5),
                      capacity=rnd.randint(1, 2), **extra("j", "s", ns))
               for i in range(nj)]
    if rnd.random() < 0.3:  # a reporting line across the sides
        juniors[0]["manager"] = "s0"
    roster = Roster.model_validate({"seniors": seniors, "juniors": juniors})
    large = rnd.random() < 0.3
    weights = {"topic": rnd.choice([0, 20, 900]) if large else rnd.randint(0, 30),
               "max_topics": rnd.randint(1, 6), "senior": rnd.randint(0, 1000 if large else 40),
               "junior": rnd.randint(0, 1000 if large else 40),
               "cross_functional": rnd.randint(0, 1000 if large else 20),
               "availability": rnd.randint(0, 1000 if large else 20), "preference": rnd.randint(0, 60)}
    matching = {"weights": weights, "cross_functional": rnd.choice(["required", "preferred", "ignore"]),
                "max_timezone_gap_hours": rnd.choice([None, None, 0, 2, 6, 12, 26]),
                "min_pair_score": rnd.choice([0, 0, 0, 0, 30, 60, 5000]),
                "min_shared_topics": rnd.choice([0, 1, 1, 1, 2, 4]),
                "require_common_slot": rnd.random() < 0.7,
                "exclude_reporting_line": rnd.random() < 0.8}
    return roster, Program.model_validate({"matching": matching})


@settings(max_examples=120, deadline=None)
@given(st.randoms(use_true_random=False))
def test_fast_matrix_equals_the_formula(rnd: random.Random) -> None:
    roster, program = _case(rnd)
    sc = Scorer(roster, program)
    ns, nj = len(sc.seniors), len(sc.juniors)
    rows = np.array(sorted(rnd.sample(range(ns), rnd.randint(1, ns))))
    cols = np.array(sorted(rnd.sample(range(nj), rnd.randint(1, nj))))
    for dtype in (np.int8, np.int16, np.int32):
        if dtype is np.int8 and sc.score_range()[1] > 127:
            continue
        for r, c in ((None, None), (rows, cols)):
            chunk = rnd.choice([None, 1, 2])
            fast = sc._fill(dtype, chunk, r, c)
            slow = sc._fill(dtype, chunk, r, c, reference=True)
            assert fast.dtype == slow.dtype
            assert np.array_equal(fast, slow)
    full = sc.matrix()
    for i, s in enumerate(sc.seniors):  # and both are the per-pair breakdown
        for j, jj in enumerate(sc.juniors):
            ps = sc.pair(s.id, jj.id)
            assert full[i, j] == (ps.score if ps.allowed else -1)


def test_the_random_cases_allow_many_pairs() -> None:
    """The cases above would prove little if nearly every pair were blocked."""
    allowed = cells = 0
    for seed in range(40):
        roster, program = _case(random.Random(seed))
        matrix = Scorer(roster, program).matrix()
        allowed, cells = allowed + int((matrix >= 0).sum()), cells + matrix.size
    assert allowed > 0.08 * cells


def test_fast_path_is_taken_on_an_ordinary_roster() -> None:
    rnd = random.Random(3)
    roster, program = _case(rnd)
    sc = Scorer(roster, program)
    assert sc._fast_tables(np.arange(len(sc.seniors)), np.arange(len(sc.juniors))) is not None
