"""Pieces of the batched kernel that replace library calls must give the library's bits."""
import numpy as np
from numba import njit

from sevr.sim.batched import AHEAD, _interp, _interp_near, _look_ahead, _p_seen
from sevr.trail.prints import detect_probability, faded


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


@njit
def _near_each(xs, hints, xp, fp):
    out, node = np.empty(xs.size), np.empty(xs.size, np.int64)
    for k in range(xs.size):
        out[k], node[k] = _interp_near(xs[k], xp, fp, hints[k])
    return out, node


def test_interp_from_a_node_hint_gives_numpys_bits_whatever_the_hint():
    rng = np.random.default_rng(15)
    xp = np.arange(100.0, 9000.0, 10.0)
    fp = rng.random(xp.size)
    fp[40:45] = 0.25
    xs = np.concatenate([rng.uniform(50.0, 9100.0, 5_000), xp, xp - 1e-9, xp + 1e-9, [xp[0] - 1.0, xp[-1] + 1.0]])
    want = np.interp(xs, xp, fp)
    node = np.searchsorted(xp, xs, side="right") - 1  # xp[node] <= x < xp[node + 1]
    inside = (xs >= xp[0]) & (xs <= xp[-1])
    for hint in (node, node - 1, node + 1, node - 7, np.zeros_like(node), np.full_like(node, -3),
                 np.full_like(node, xp.size + 2)):
        got, found = _near_each(xs, hint, xp, fp)
        assert np.array_equal(got.view(np.int64), want.view(np.int64))
        assert np.array_equal(found[inside], node[inside])


@njit
def _ahead_then_one_by_one(i, stop, t, step, t_made, strength, half_life, branch_of, fading, skill, vis_t, vis_v,
                           p_max, scale):
    vis_slope = (vis_v[1:] - vis_v[:-1]) / (vis_t[1:] - vis_t[:-1])
    ahead = np.empty((4, AHEAD + 1))
    ready, _ = _look_ahead(i, stop, t, step, t_made, strength, half_life, branch_of, fading, skill, vis_t, vis_v,
                           vis_slope, p_max, scale, 0, ahead)
    m = ready - i
    times, chances, scratch = np.empty(m), np.empty(m), np.empty((4, 1))
    for j in range(m):  # as the walk reads them: the clock step by step, each chance on its own
        t += step[i + 1 + j]
        times[j] = t
        chances[j] = _p_seen(i + 1 + j, t, t_made, strength, half_life, fading, vis_t, vis_v, skill, p_max, scale,
                             scratch)
    return ready, ahead[0, 1:m + 1].copy(), ahead[3, 1:m + 1].copy(), times, chances


def _trail(rng, n=400):
    step = rng.uniform(0.0, 0.3, n)
    step[:120] = 0.5  # the clock lands on the light table's nodes exactly
    t_made = np.cumsum(step) + rng.uniform(-200.0, -0.5, n)
    t_made[[30, 31, 250]] += 500.0  # prints not yet made when looked at
    branch_of = np.full(n, -1)
    branch_of[[100, 260]] = [0, 1]
    return (step, t_made, rng.choice([0.1125, 0.4, 0.7125], n), rng.choice([12.0, 24.0, 48.0], n), branch_of)


def test_look_ahead_gives_the_walks_times_and_chances_to_the_bit_and_stops_at_a_junction():
    rng = np.random.default_rng(16)
    step, t_made, strength, half_life, branch_of = _trail(rng)
    vis_t = np.arange(-20.0, 400.0, 10.0)  # tabulated every 10 minutes, as in sevr.sim.setup
    vis_v = rng.random(vis_t.size)
    vis_v[10:14] = 1.0  # a flat stretch
    args = (t_made, strength, half_life, branch_of, 1.3, 0.9, vis_t, vis_v, 0.995, 8.0)
    for i, stop, want_ready in ((0, 64, 64), (60, 124, 100), (100, 164, 164), (230, 294, 260), (350, 399, 399)):
        ready, ahead_t, ahead_p, times, chances = _ahead_then_one_by_one(i, stop, 0.5 * i, step, *args)
        assert ready == want_ready
        assert np.array_equal(ahead_t.view(np.int64), times.view(np.int64))
        assert np.array_equal(ahead_p.view(np.int64), chances.view(np.int64))
    # and the chances are the library's: detect_probability(faded(...)) with numpy's interp of the light
    ready, ahead_t, ahead_p, _, _ = _ahead_then_one_by_one(0, 64, 0.0, step, *args)
    for j, t in enumerate(ahead_t, start=1):
        now = faded(strength[j], (t - t_made[j]) / 60.0, half_life[j] * 1.3)
        want = detect_probability(now, np.interp(t, vis_t, vis_v), 0.9, 0.995, 8.0)
        assert ahead_p[j - 1] == want
    assert (ahead_p[[29, 30]] == 0.0).all()  # not yet made: nothing to see
