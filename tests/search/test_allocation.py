import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import optimize
from scipy.special import ndtr

from sevr.search import optimal_allocation, probability_of_success
from sevr.search.allocation import _allocate


def pos(p, e, t):
    return float(np.sum(p * -np.expm1(-e * t)))


@st.composite
def problems(draw, max_n=30):
    n = draw(st.integers(1, max_n))
    p = draw(hnp.arrays(np.float64, n, elements=st.one_of(st.just(0.0), st.floats(1e-6, 1.0))))
    e = draw(hnp.arrays(np.float64, n, elements=st.one_of(st.just(0.0), st.floats(1e-3, 10.0))))
    # budgets below the normal range (subnormal) cannot be split exactly
    budget = draw(st.one_of(st.just(0.0), st.floats(1e-290, 100.0)))
    return p, e, budget


def kkt_check(p, e, t, budget):
    a = p * e
    useful = a > 0
    if budget == 0 or not useful.any():
        assert np.all(t == 0)
        return
    assert np.all(t >= 0)
    assert t.sum() == pytest.approx(budget, rel=1e-9, abs=1e-12)
    assert np.all(t[~useful] == 0)
    active = t > 0
    marg = a * np.exp(-e * t)  # derivative of the objective
    lam = marg[active]
    assert lam.max() == pytest.approx(lam.min(), rel=1e-7)
    lam0 = np.median(lam)
    # inactive cells: marginal value at zero effort does not exceed lambda
    assert np.all(a[~active] <= lam0 * (1 + 1e-7))


@settings(max_examples=300, deadline=None)
@given(problems())
def test_kkt_conditions_and_budget(prob):
    p, e, budget = prob
    t = optimal_allocation(p, e, budget)
    assert t.shape == p.shape
    kkt_check(p, e, t, budget)


@settings(max_examples=150, deadline=None)
@given(problems(), st.floats(0.0, 50.0))
def test_more_budget_never_lowers_pos(prob, extra):
    p, e, budget = prob
    t1 = optimal_allocation(p, e, budget)
    t2 = optimal_allocation(p, e, budget + extra)
    assert pos(p, e, t2) >= pos(p, e, t1) - 1e-12


@settings(max_examples=150, deadline=None)
@given(problems(), st.floats(1e-3, 1e3))
def test_poc_scale_invariance_and_sort_fallback_agree(prob, scale):
    p, e, budget = prob
    t = optimal_allocation(p, e, budget)
    np.testing.assert_allclose(optimal_allocation(p * scale, e, budget), t, rtol=1e-8, atol=1e-9)
    # the sort-based interval search (forced) gives the same answer
    t_sort = _allocate(p.copy(), e.copy(), budget, 0)
    np.testing.assert_allclose(t_sort, t, rtol=1e-8, atol=1e-9 * max(budget, 1))


@pytest.mark.parametrize("seed", range(12))
def test_against_slsqp(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    p = rng.random(n)
    p /= p.sum()
    e = rng.uniform(0.2, 3.0, n)
    budget = float(rng.uniform(0.1, 5.0))
    t = optimal_allocation(p, e, budget)
    res = optimize.minimize(
        lambda x: -pos(p, e, x),
        np.full(n, budget / n),
        jac=lambda x: -(p * e * np.exp(-e * x)),
        method="SLSQP",
        bounds=[(0, None)] * n,
        constraints=[{"type": "eq", "fun": lambda x: x.sum() - budget, "jac": lambda x: np.ones(n)}],
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert res.success
    assert pos(p, e, t) >= -res.fun - 1e-10
    assert pos(p, e, t) == pytest.approx(-res.fun, abs=1e-8)
    np.testing.assert_allclose(t, np.clip(res.x, 0, None), atol=1e-4)


def test_two_cells_grid_search():
    p = np.array([0.7, 0.3])
    e = np.array([1.0, 2.5])
    budget = 2.0
    x = np.linspace(0, budget, 200_001)
    vals = p[0] * -np.expm1(-e[0] * x) + p[1] * -np.expm1(-e[1] * (budget - x))
    t = optimal_allocation(p, e, budget)
    assert pos(p, e, t) >= vals.max() - 1e-12
    assert t[0] == pytest.approx(x[np.argmax(vals)], abs=2e-5)


def test_known_closed_form_equal_effectiveness():
    # e = 1, both active: t_i = ln(p_i / lam); t0 - t1 = ln(p0 / p1)
    p = np.array([0.6, 0.4])
    t = optimal_allocation(p, 1.0, 3.0)
    assert t[0] - t[1] == pytest.approx(math.log(1.5), rel=1e-12)
    assert t.sum() == pytest.approx(3.0, rel=1e-14)
    # small budget: only the most likely cell is searched
    np.testing.assert_allclose(optimal_allocation(p, 1.0, 0.1), [0.1, 0.0])


def test_zero_cells_get_zero_and_degenerate_cases():
    p = np.array([0.0, 0.5, 0.5, 0.3])
    e = np.array([1.0, 0.0, 1.0, 2.0])
    t = optimal_allocation(p, e, 10.0)
    assert t[0] == 0 and t[1] == 0
    assert t.sum() == pytest.approx(10.0)
    np.testing.assert_array_equal(optimal_allocation(p, e, 0.0), 0.0)
    # nothing can be found: no effort helps
    np.testing.assert_array_equal(optimal_allocation([0.0, 1.0], [1.0, 0.0], 5.0), 0.0)
    # 2-D grids keep their shape
    g = optimal_allocation(np.ones((3, 4)), np.ones((3, 4)), 12.0)
    assert g.shape == (3, 4)
    np.testing.assert_allclose(g, 1.0)


def test_extreme_magnitudes():
    # tiny poc * e underflows as a product but must still be ranked correctly
    t = optimal_allocation([1e-200, 1e-200], [1e-200, 2e-200], 1.0)
    np.testing.assert_allclose(t, [0.0, 1.0])
    # huge budgets and tiny budgets still match the budget
    rng = np.random.default_rng(5)
    p = rng.random(1000)
    e = rng.uniform(0.01, 10, 1000)
    for budget in (1e-12, 1e-6, 1e6, 1e12):
        t = optimal_allocation(p, e, budget)
        assert t.sum() == pytest.approx(budget, rel=1e-9)


def test_large_problem_budget_exact():
    rng = np.random.default_rng(7)
    n = 200_000
    p = rng.random(n) ** 3
    e = rng.uniform(0.1, 2.0, n)
    for budget in (0.5, 1e3, 1e6):
        t = optimal_allocation(p, e, budget)
        assert abs(t.sum() - budget) <= 1e-9 * budget
        kkt_check(p, e, t, budget)


@pytest.mark.parametrize("H", [0.5, 1.0, 2.0, 3.5])
def test_stone_circular_normal(H):
    """Stone (1975): circular normal target (std sigma per axis), exponential
    detection, total effort Phi (area swept).  The optimal plan searches the
    disc r <= R with effort density (R^2 - r^2) / (2 sigma^2); with
    H = R^2 / (2 sigma^2) = sqrt(Phi / (pi sigma^2)) the probability of
    detection is 1 - (1 + H) exp(-H).  Discretise finely and compare."""
    sigma, h, half = 1.0, 0.05, 7.0
    edges = np.arange(-half, half + h / 2, h)
    cdf = ndtr(edges / sigma)
    px = np.diff(cdf)
    poc = np.outer(px, px)  # exact cell masses
    e = 1.0 / h**2  # effort z in a cell of area h^2 gives coverage z / h^2
    phi_total = math.pi * sigma**2 * H**2
    t = optimal_allocation(poc, e, phi_total)
    got = probability_of_success(poc, e, t) * poc.sum()
    want = 1.0 - (1.0 + H) * math.exp(-H)
    assert got == pytest.approx(want, abs=2e-4)  # O(h^2) error, ~5e-5 at h = 0.05
    # and the effort density matches (R^2 - r^2) / (2 sigma^2) on the grid
    c = (edges[:-1] + edges[1:]) / 2
    r2 = c[:, None] ** 2 + c[None, :] ** 2
    dens = np.maximum(0.0, 2 * sigma**2 * H - r2) / (2 * sigma**2)
    assert np.abs(t / h**2 - dens).max() < 2e-3


@pytest.mark.parametrize(
    "poc, eff, budget, pattern",
    [
        ([0.5, -0.5], [1.0, 1.0], 1.0, r"^poc: contains negative value -0\.5 at index 1"),
        ([0.5, np.nan], [1.0, 1.0], 1.0, r"^poc: contains NaN at index 1"),
        ([0.5, 0.5], [1.0, np.inf], 1.0, r"^effectiveness: contains infinite value"),
        ([0.5, 0.5], [1.0, -2.0], 1.0, r"^effectiveness: contains negative value"),
        ([0.5, 0.5], [1.0, 1.0, 1.0], 1.0, r"^effectiveness: shape \(3,\) does not match poc shape \(2,\)"),
        ([0.5, 0.5], [1.0, 1.0], -1.0, r"^budget: must be >= 0, got -1"),
        ([0.5, 0.5], [1.0, 1.0], np.nan, r"^budget: is NaN"),
        ([0.5, 0.5], [1.0, 1.0], [1.0, 2.0], r"^budget: must be a (real number|scalar)"),
        ([0.5, 0.5], [1.0, 1.0], np.inf, r"^budget: must be finite"),
    ],
)
def test_bad_inputs(poc, eff, budget, pattern):
    with pytest.raises(ValueError, match=pattern):
        optimal_allocation(poc, eff, budget)


def test_probability_of_success():
    assert probability_of_success([0.5, 0.5], [1.0, 1.0], [0.0, 0.0]) == 0.0
    assert probability_of_success([1.0, 3.0], 1.0, [0.0, 1.0]) == pytest.approx(0.75 * (1 - math.exp(-1)))
    with pytest.raises(ValueError, match=r"^allocation: shape"):
        probability_of_success([1.0, 3.0], 1.0, [0.0, 1.0, 2.0])
