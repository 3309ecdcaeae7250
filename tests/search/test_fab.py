import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from sevr.search import (
    evaluate_plan,
    fab_allocation,
    grid_walk_transition,
    myopic_allocation,
    optimal_allocation,
)


def random_problem(rng, n, sparse_rows=False):
    p0 = rng.random(n) ** 2
    p0 /= p0.sum()
    m = rng.random((n, n)) ** 3
    if sparse_rows:
        m *= rng.random((n, n)) < 0.5
        m[np.arange(n), np.arange(n)] += 0.1
    m /= m.sum(axis=1, keepdims=True)
    e = rng.uniform(0.2, 2.0, n)
    return p0, m, e


def brute_force_pod(p0, m, e, allocation):
    """P(detect) by enumerating every target path (independent of the
    forward recursion): search in period t happens before the move."""
    periods, n = allocation.shape
    miss = 0.0
    for path in itertools.product(range(n), repeat=periods):
        pr = p0[path[0]]
        for a, b in zip(path[:-1], path[1:]):
            pr *= m[a, b]
        esc = np.exp(-sum(e[c] * allocation[t, c] for t, c in enumerate(path)))
        miss += pr * esc
    return 1.0 - miss


@pytest.mark.parametrize("seed", range(4))
def test_evaluate_plan_matches_path_enumeration(seed):
    rng = np.random.default_rng(seed)
    n, periods = 3, 4
    p0, m, e = random_problem(rng, n)
    plan = rng.random((periods, n)) * 2
    assert evaluate_plan(p0, m, e, plan) == pytest.approx(brute_force_pod(p0, m, e, plan), abs=1e-13)
    assert evaluate_plan(p0, sp.csr_matrix(m), e, plan) == pytest.approx(
        brute_force_pod(p0, m, e, plan), abs=1e-13
    )


def test_search_happens_before_move():
    # target starts in cell 0 and surely moves to cell 1: one period searching
    # cell 0 finds it with prob 1 - e^{-1}; searching cell 1 finds nothing.
    m = np.array([[0.0, 1.0], [0.0, 1.0]])
    assert evaluate_plan([1.0, 0.0], m, 1.0, [[1.0, 0.0]]) == pytest.approx(1 - np.exp(-1))
    assert evaluate_plan([1.0, 0.0], m, 1.0, [[0.0, 1.0]]) == 0.0
    alloc, pod_total = fab_allocation([1.0, 0.0], m, 1.0, 1.0, 2)
    np.testing.assert_allclose(alloc, [[1.0, 0.0], [0.0, 1.0]], atol=1e-12)
    assert pod_total == pytest.approx(1 - np.exp(-2))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 6), st.integers(1, 4), st.floats(0.1, 3.0))
def test_fab_never_worse_than_myopic_and_consistent(seed, n, periods, budget):
    rng = np.random.default_rng(seed)
    p0, m, e = random_problem(rng, n, sparse_rows=True)
    a_my, pod_my = myopic_allocation(p0, m, e, budget, periods)
    a_fab, pod_fab = fab_allocation(p0, m, e, budget, periods)
    assert pod_fab >= pod_my - 1e-12
    assert a_fab.shape == (periods, n)
    np.testing.assert_allclose(a_fab.sum(axis=1), budget, rtol=1e-9)
    assert np.all(a_fab >= 0)
    assert evaluate_plan(p0, m, e, a_fab) == pytest.approx(pod_fab, abs=1e-12)
    assert evaluate_plan(p0, m, e, a_my) == pytest.approx(pod_my, abs=1e-12)


def test_identity_transition_single_period_equals_stationary_optimum():
    rng = np.random.default_rng(11)
    n = 50
    p0 = rng.random(n)
    e = rng.uniform(0.1, 3.0, n)
    alloc, pod_total = fab_allocation(p0, sp.identity(n, format="csr"), e, 4.0, 1)
    t = optimal_allocation(p0, e, 4.0)
    np.testing.assert_allclose(alloc[0], t, rtol=1e-12, atol=1e-12)
    p = p0 / p0.sum()
    assert pod_total == pytest.approx(np.sum(p * -np.expm1(-e * t)), abs=1e-14)


def test_identity_transition_many_periods_equals_stationary_optimum():
    # a stationary target only cares about the cumulative effort per cell
    rng = np.random.default_rng(12)
    n, periods = 30, 5
    p0 = rng.random(n)
    p = p0 / p0.sum()
    e = rng.uniform(0.1, 3.0, n)
    budgets = np.array([1.0, 0.5, 2.0, 0.0, 1.5])
    t = optimal_allocation(p0, e, budgets.sum())
    best = np.sum(p * -np.expm1(-e * t))
    alloc, pod_total = fab_allocation(p0, np.eye(n), e, budgets, periods)
    assert pod_total == pytest.approx(best, abs=1e-9)
    np.testing.assert_allclose(alloc.sum(axis=0), t, atol=1e-3)
    # budget in a single period: exactly the stationary optimum
    only = np.array([0.0, 0.0, budgets.sum(), 0.0, 0.0])
    alloc, pod_total = fab_allocation(p0, np.eye(n), e, only, periods)
    np.testing.assert_allclose(alloc[2], t, rtol=1e-10, atol=1e-12)
    assert pod_total == pytest.approx(best, abs=1e-13)


def test_two_cells_two_periods_brute_force():
    p0 = np.array([0.6, 0.4])
    m = np.array([[0.3, 0.7], [0.8, 0.2]])
    e = np.array([1.0, 0.5])
    budget = 1.5
    x = np.linspace(0.0, budget, 601)
    X, Y = np.meshgrid(x, x, indexing="ij")
    # vectorised evaluation of every plan ((X, B-X), (Y, B-Y))
    g0 = np.stack([np.exp(-e[0] * X), np.exp(-e[1] * (budget - X))])
    g1 = np.stack([np.exp(-e[0] * Y), np.exp(-e[1] * (budget - Y))])
    s0 = p0[:, None, None] * g0
    f1 = np.einsum("ij,i...->j...", m, s0)
    grid_pod = 1.0 - (f1 * g1).sum(axis=0)
    i, j = np.unravel_index(np.argmax(grid_pod), grid_pod.shape)
    # polish the best grid point with a local optimiser
    res = optimize.minimize(
        lambda v: -evaluate_plan(p0, m, e, [[v[0], budget - v[0]], [v[1], budget - v[1]]]),
        [x[i], x[j]],
        bounds=[(0, budget), (0, budget)],
        method="L-BFGS-B",
        options={"ftol": 1e-15, "gtol": 1e-12},
    )
    alloc, pod_total = fab_allocation(p0, m, e, budget, 2)
    assert pod_total >= grid_pod.max() - 1e-12
    assert pod_total == pytest.approx(-res.fun, abs=1e-10)
    np.testing.assert_allclose(alloc[:, 0], res.x, atol=1e-4)


@pytest.mark.parametrize("seed", range(3))
def test_three_cells_three_periods_vs_slsqp(seed):
    rng = np.random.default_rng(100 + seed)
    n, periods, budget = 3, 3, 1.2
    p0, m, e = random_problem(rng, n)
    cons = [
        {"type": "eq", "fun": (lambda v, t=t: v[t * n:(t + 1) * n].sum() - budget)} for t in range(periods)
    ]
    best = -np.inf
    for start in range(4):
        x0 = rng.dirichlet(np.ones(n), size=periods).ravel() * budget
        res = optimize.minimize(
            lambda v: -evaluate_plan(p0, m, e, v.reshape(periods, n)),
            x0,
            bounds=[(0, None)] * (n * periods),
            constraints=cons,
            method="SLSQP",
            options={"ftol": 1e-15, "maxiter": 1000},
        )
        best = max(best, -res.fun)
    _, pod_total = fab_allocation(p0, m, e, budget, periods)
    assert pod_total >= best - 1e-9
    assert pod_total == pytest.approx(best, abs=1e-7)


def test_grid_problem_sparse_equals_dense_and_beats_myopic():
    ny = nx = 12
    m = grid_walk_transition(ny, nx, stay=0.4)
    yy, xx = np.mgrid[0:ny, 0:nx]
    p0 = np.exp(-((yy - 3.0) ** 2 + (xx - 7.0) ** 2) / 8.0)
    e = np.linspace(0.5, 1.5, ny * nx)
    a_s, pod_s = fab_allocation(p0, m, e, 3.0, 6)
    a_d, pod_d = fab_allocation(p0, m.toarray(), e, 3.0, 6)
    assert pod_s == pytest.approx(pod_d, abs=1e-12)
    np.testing.assert_allclose(a_s, a_d, atol=1e-9)
    _, pod_my = myopic_allocation(p0, m, e, 3.0, 6)
    assert pod_s > pod_my
    # per-period effectiveness of shape (periods, cells) is accepted too
    a_p, pod_p = fab_allocation(p0, m, np.tile(e, (6, 1)), 3.0, 6)
    assert pod_p == pytest.approx(pod_s, abs=1e-12)


def test_fab_info_history_monotone():
    rng = np.random.default_rng(3)
    p0, m, e = random_problem(rng, 8, sparse_rows=True)
    _, pod_total, info = fab_allocation(p0, m, e, 1.0, 5, return_info=True)
    hist = np.array(info["history"])
    assert np.all(np.diff(hist) >= -1e-14)
    assert info["converged"]
    assert hist[-1] == pod_total


def test_grid_walk_transition():
    m = grid_walk_transition(4, 5, stay=0.3)
    assert m.shape == (20, 20)
    np.testing.assert_allclose(np.asarray(m.sum(axis=1)).ravel(), 1.0)
    assert m[0, 0] == pytest.approx(0.3)
    assert m[0, 1] == pytest.approx(0.7 / 3)  # corner: 3 neighbours
    assert m[6, 0] == pytest.approx(0.7 / 8)  # interior: 8 neighbours
    m4 = grid_walk_transition(4, 5, stay=0.3, diagonal=False)
    assert m4[6, 0] == 0.0 and m4[6, 1] == pytest.approx(0.7 / 4)
    single = grid_walk_transition(1, 1, stay=0.2)
    assert single[0, 0] == 1.0


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        (dict(transition=np.array([[0.5, 0.5], [0.2, 0.6]])), r"^transition: row 1 sums to 0\.8, expected 1"),
        (dict(transition=np.array([[1.2, -0.2], [0.5, 0.5]])), r"^transition: contains invalid entry -0\.2 at index \(0, 1\)"),
        (dict(transition=np.array([[np.nan, 1.0], [0.5, 0.5]])), r"^transition: contains NaN at index \(0, 0\)"),
        (dict(transition=sp.csr_matrix(np.array([[0.5, 0.5], [0.0, 0.9]]))), r"^transition: row 1 sums to 0\.9, expected 1"),
        (dict(transition=sp.csr_matrix(np.array([[1.5, -0.5], [0.0, 1.0]]))), r"^transition: contains invalid entry -0\.5 at index \(0, 1\)"),
        (dict(transition=np.eye(3)), r"^transition: is 3x3 but there are 2 cells"),
        (dict(transition=np.ones((2, 3)) / 3), r"^transition: must be a square matrix"),
        (dict(p0=[0.5, np.nan]), r"^p0: contains NaN at index 1"),
        (dict(p0=[0.5, -0.5]), r"^p0: contains negative value"),
        (dict(p0=[0.0, 0.0]), r"^p0: sums to 0"),
        (dict(effectiveness=[1.0, -1.0]), r"^effectiveness: contains negative value"),
        (dict(effectiveness=[1.0, 1.0, 1.0]), r"^effectiveness: shape \(3,\) fits neither"),
        (dict(budget_per_period=-1.0), r"^budget_per_period: contains negative value"),
        (dict(budget_per_period=[1.0, 2.0]), r"^budget_per_period: shape \(2,\) does not match periods \(3,\)"),
        (dict(periods=0), r"^periods: must be >= 1"),
        (dict(periods=2.5), r"^periods: must be a positive integer"),
    ],
)
def test_bad_inputs(kwargs, pattern):
    args = dict(p0=[0.5, 0.5], transition=np.eye(2), effectiveness=1.0, budget_per_period=1.0, periods=3)
    args.update(kwargs)
    with pytest.raises(ValueError, match=pattern):
        fab_allocation(**args)
    with pytest.raises(ValueError, match=pattern):
        myopic_allocation(**args)


def test_evaluate_plan_bad_inputs():
    with pytest.raises(ValueError, match=r"^allocation: must have shape \(periods, cells\)"):
        evaluate_plan([0.5, 0.5], np.eye(2), 1.0, [1.0, 1.0])
    with pytest.raises(ValueError, match=r"^allocation: shape \(1, 3\) does not match 2 cells"):
        evaluate_plan([0.5, 0.5], np.eye(2), 1.0, [[1.0, 1.0, 1.0]])
    with pytest.raises(ValueError, match=r"^allocation: contains negative value"):
        evaluate_plan([0.5, 0.5], np.eye(2), 1.0, [[1.0, -1.0]])
