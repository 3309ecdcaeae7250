import numpy as np
import pytest
from scipy import integrate, stats

from sevr.planning.lostperson import KOESTER_HIKER_TEMPERATE_MOUNTAINOUS, QUANTILE_PROBS, fit_lognormal


def test_koester_hiker_fit_reproduces_the_quantiles():
    fit = fit_lognormal()
    fitted = np.array(fit.fitted_km())
    observed = np.array(KOESTER_HIKER_TEMPERATE_MOUNTAINOUS)
    rel = fitted / observed - 1
    # a two-parameter lognormal cannot pass through all four points; the least-squares fit
    # misses the median most (about -14 %), the others by 10 % or less
    assert np.all(np.abs(rel[[0, 2, 3]]) <= 0.10)
    assert abs(rel[1]) <= 0.14
    # in probability terms every Koester distance is within 5 points of its nominal quantile
    np.testing.assert_allclose(fit.cdf_at_observed(), QUANTILE_PROBS, atol=0.05)
    assert fit.relative_residuals() == pytest.approx(tuple(rel))


def test_fit_is_the_least_squares_solution_in_log_space():
    fit = fit_lognormal()
    z = stats.norm.ppf(QUANTILE_PROBS)
    resid = fit.mu + fit.sigma * z - np.log(KOESTER_HIKER_TEMPERATE_MOUNTAINOUS)
    # normal equations: residuals orthogonal to the columns [1, z]
    assert abs(resid.sum()) < 1e-9 and abs((resid * z).sum()) < 1e-9


def test_exact_lognormal_quantiles_are_recovered():
    truth = stats.lognorm(s=0.8, scale=np.exp(1.2))
    fit = fit_lognormal(truth.ppf(QUANTILE_PROBS))
    assert fit.mu == pytest.approx(1.2, abs=1e-9) and fit.sigma == pytest.approx(0.8, abs=1e-9)


def test_area_density_integrates_to_the_cdf():
    fit = fit_lognormal()
    for r in (1.0, 5.0):
        mass, _ = integrate.quad(lambda s: fit.area_density_per_km2(s) * 2 * np.pi * s, 0, r, limit=200)
        assert mass == pytest.approx(fit.cdf(r), rel=1e-6)
    assert fit.area_density_per_km2(0.0) == 0.0
    rep = fit.report()
    assert rep["family"] == "lognormal" and len(rep["quantiles"]) == 4


@pytest.mark.parametrize("bad, message", [
    ((1, 1, 2, 3), r"quantiles must be positive and strictly increasing, got \[1.0, 1.0, 2.0, 3.0\]"),
    ((-1, 2, 3, 4), r"quantiles must be positive and strictly increasing, got \[-1.0, 2.0"),
    ((1, 2, 3), r"need matching quantiles and probabilities \(at least two\), got 3 and 4"),
])
def test_bad_quantiles(bad, message):
    with pytest.raises(ValueError, match=message):
        fit_lognormal(bad)
