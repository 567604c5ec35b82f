"""Evaluation numbers worked out by hand (pencil and paper), not taken from the code."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from rmentor.core import evaluation as ev


def test_interval_is_the_central_95_percent() -> None:
    # values 1..1000: numpy's linear percentile p sits at 1 + p/100 * 999
    low, high = ev._percentiles(np.arange(1, 1001, dtype=float))
    assert low == pytest.approx(1 + 0.025 * 999) and high == pytest.approx(1 + 0.975 * 999)  # 25.975, 975.025


def test_wilson_interval_six_of_eight() -> None:
    # p = 0.75, n = 8, z = 1.96: centre (0.75 + 0.2401) / 1.4802 = 0.6689,
    # half-width 1.96 * sqrt(0.75 * 0.25 / 8 + 3.8415 / 256) / 1.4802 = 0.2596
    low, high = ev.wilson(6, 8)
    assert low == pytest.approx(0.4093, abs=2e-4) and high == pytest.approx(0.9285, abs=2e-4)
    assert ev.wilson(0, 5)[0] == 0.0 and ev.wilson(5, 5)[1] == pytest.approx(1.0)


def test_paired_bootstrap_of_a_constant_change() -> None:
    # everyone went from 2 to 3: every resample gives 3/2 - 1 = 0.5
    s = ev.Settings(as_of=date(2027, 7, 30), resamples=500)
    i = ev._bootstrap_paired(np.full(6, 2.0), np.full(6, 3.0), s)
    assert (i.low, i.high) == pytest.approx((0.5, 0.5))


def test_two_group_bootstrap_resamples_each_group_on_its_own() -> None:
    # before {1, 3}: a resampled mean is 1, 2 or 3 (probability 1/4, 1/2, 1/4); after {4}: always 4.
    # change = after/before - 1 is 3, 1 or 1/3, each tail holding 25% > 2.5%: the interval is [1/3, 3]
    s = ev.Settings(as_of=date(2027, 7, 30), resamples=4000)
    i = ev._bootstrap_unpaired(np.array([1.0, 3.0]), np.array([4.0]), s)
    assert (i.low, i.high) == pytest.approx((1 / 3, 3.0))


def _pair(held: int, missed: int) -> ev.PairAttendance:
    return ev.PairAttendance("P01", "s", "j", "S", "J", planned=13, due=held + missed, held=held, missed=missed,
                             unrecorded=0, senior_cancellations=0, junior_cancellations=0)


@pytest.mark.parametrize(("held", "missed", "rate"), [(3, 1, 0.75), (0, 2, 0.0), (5, 0, 1.0), (0, 0, None)])
def test_pair_attendance_rate(held: int, missed: int, rate: float | None) -> None:
    assert _pair(held, missed).rate == rate
