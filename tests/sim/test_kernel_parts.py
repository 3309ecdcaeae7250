"""Pieces of the batched kernel that replace library calls must give the library's bits."""
import numpy as np
from numba import njit

from sevr.sim.batched import _interp


@njit
def _interp_each(xs, xp, fp):
    out = np.empty(xs.size)
    for k in range(xs.size):
        out[k] = _interp(xs[k], xp, fp)
    return out


def test_interp_is_numpys_interp_to_the_last_bit():
    rng = np.random.default_rng(14)
    xp = np.arange(100.0, 9000.0, 10.0)  # like the light table: 10-minute steps
    fp = rng.random(xp.size)
    fp[40:45] = 0.25  # a flat stretch
    xs = np.concatenate([rng.uniform(50.0, 9100.0, 20_000), xp, xp - 1e-9, xp + 1e-9,
                         [xp[0], xp[-1], xp[0] - 1.0, xp[-1] + 1.0, np.nan]])
    got = _interp_each(xs, xp, fp)
    want = np.interp(xs, xp, fp)
    assert np.array_equal(got.view(np.int64)[:-1], want.view(np.int64)[:-1])
    assert np.isnan(got[-1])


def test_interp_on_a_short_or_uneven_table():
    xp = np.array([0.0, 1.0, 5.0, 5.5])
    fp = np.array([1.0, -2.0, 3.0, 0.5])
    xs = np.linspace(-1.0, 7.0, 161)
    assert np.array_equal(_interp_each(xs, xp, fp), np.interp(xs, xp, fp))
    assert np.array_equal(_interp_each(xs, xp[:1], fp[:1]), np.interp(xs, xp[:1], fp[:1]))
