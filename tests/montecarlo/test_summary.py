"""Interval formulas against published numbers, and the DuckDB summary against NumPy on the rows."""
import math

import numpy as np
import pytest

from sevr.montecarlo.summary import median_ranks, t_interval, wilson


@pytest.mark.parametrize("k, n, lo, hi", [
    (81, 263, 0.2553, 0.3662),   # Newcombe (1998), Statistics in Medicine 17:857, table I
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (10, 10, 0.7225, 1.0),
])
def test_wilson_matches_newcombe(k, n, lo, hi):
    p, a, b = wilson(k, n)
    assert p == pytest.approx(k / n)
    assert (round(float(a), 4), round(float(b), 4)) == (lo, hi)


def test_wilson_vectorised_and_empty():
    p, lo, hi = wilson(np.array([0, 5]), np.array([0, 10]))
    assert math.isnan(p[0]) and lo[1] < 0.5 < hi[1]


def test_t_interval_and_median_ranks():
    lo, hi = t_interval(10.0, 2.0, 25)       # t(0.975, 24) = 2.0639
    assert (lo, hi) == pytest.approx((10 - 0.82556, 10 + 0.82556), abs=1e-4)
    assert all(math.isnan(v) for v in t_interval(1.0, math.nan, 1))
    assert median_ranks(100) == (40, 61)     # the usual table of order-statistic bounds
    assert median_ranks(3) == (1, 3)
