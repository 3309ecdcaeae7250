import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.special import erf

from sevr.search import lateral_range, parallel_sweep_pod, pod

C_VALUES = np.array([0.0, 0.01, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0])


def test_exponential_closed_form():
    np.testing.assert_allclose(pod(C_VALUES), 1 - np.exp(-C_VALUES), rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(pod(C_VALUES, "exponential"), 1 - np.exp(-C_VALUES), rtol=1e-14)


def test_inverse_cube_closed_form():
    np.testing.assert_allclose(
        pod(C_VALUES, "inverse_cube"), erf(math.sqrt(math.pi) / 2 * C_VALUES), rtol=1e-14
    )


def test_definite_range_closed_form():
    np.testing.assert_array_equal(pod(C_VALUES, "definite_range"), np.minimum(C_VALUES, 1.0))


def test_shape_preserved_and_infinite_coverage():
    c = np.array([[0.0, 1.0], [2.0, np.inf]])
    for law in ("exponential", "inverse_cube", "definite_range"):
        out = pod(c, law)
        assert out.shape == c.shape
        assert out[1, 1] == 1.0
        assert out[0, 0] == 0.0
    assert np.ndim(pod(0.5)) == 0


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 50), st.floats(0, 50))
def test_laws_monotone_bounded_and_ordered(c1, c2):
    lo, hi = sorted((c1, c2))
    for law in ("exponential", "inverse_cube", "definite_range"):
        a, b = pod(np.array([lo, hi]), law)
        assert 0.0 <= a <= b <= 1.0
    # Koopman: for equal coverage, exponential <= inverse cube <= definite range
    e, i, d = (float(pod(lo, law)) for law in ("exponential", "inverse_cube", "definite_range"))
    assert e <= i + 1e-15 and i <= d + 1e-15


def _inverse_cube_curve(x, w):
    # Lateral range curve of the inverse-cube sensor, built from first
    # principles: detection rate k h / r^3 integrated along a straight track
    # gives 1 - exp(-a / x^2); a is fixed by requiring integral = sweep width.
    a = w * w / (4 * math.pi)
    with np.errstate(divide="ignore"):
        return -np.expm1(-a / np.square(x))


def test_inverse_cube_lateral_range_integrates_to_sweep_width():
    for w in (0.3, 1.0, 7.0):
        area, _ = integrate.quad(lambda x: _inverse_cube_curve(x, w), -np.inf, np.inf, limit=400)
        assert area == pytest.approx(w, rel=1e-7)
        x = np.linspace(-5 * w, 5 * w, 41)
        np.testing.assert_allclose(lateral_range(x, w, "inverse_cube"), _inverse_cube_curve(x, w))


def _parallel_sweep_numeric(w, spacing, k_max=300):
    """Average over the target's offset of 1 - prod_k (1 - p(x - k S)).

    Tracks k = -k_max..k_max are summed explicitly; the far tracks' (tiny)
    exponents are added with a midpoint-rule estimate of the remaining sum.
    """
    a = w * w / (4 * math.pi)
    ks = np.arange(-k_max, k_max + 1)

    def miss(x):
        d = x - ks * spacing
        with np.errstate(divide="ignore"):
            expo = np.sum(a / (d * d))
        lo = (k_max + 0.5) * spacing
        expo += a / spacing * (1.0 / (lo - x) + 1.0 / (lo + x))  # |k| > k_max
        return math.exp(-expo)

    # integrate over one period; by symmetry [0, S/2] suffices
    val, _ = integrate.quad(lambda x: 1.0 - miss(x), 0.0, spacing / 2, limit=200, epsabs=1e-12)
    return val / (spacing / 2)


@pytest.mark.parametrize("coverage", [0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0])
def test_inverse_cube_parallel_sweeps_numeric_integration(coverage):
    """POD of parallel sweeps with the inverse-cube lateral range curve,
    integrated numerically, equals erf(sqrt(pi)/2 * C) with C = W / S."""
    w = 1.0
    spacing = w / coverage
    numeric = _parallel_sweep_numeric(w, spacing)
    assert numeric == pytest.approx(float(pod(coverage, "inverse_cube")), abs=2e-7)
    assert parallel_sweep_pod(spacing, w, "inverse_cube") == pytest.approx(numeric, abs=2e-7)


@pytest.mark.parametrize("coverage", [0.2, 0.7, 1.0, 1.6])
def test_definite_range_parallel_sweeps_numeric(coverage):
    w, spacing = 1.0, 1.0 / coverage
    x = (np.arange(200_000) + 0.5) / 200_000 * spacing
    ks = np.arange(-3, 4)
    hit = np.zeros_like(x, dtype=bool)
    for k in ks:
        hit |= lateral_range(x - k * spacing, w, "definite_range") > 0
    assert hit.mean() == pytest.approx(min(coverage, 1.0), abs=1e-4)
    assert parallel_sweep_pod(spacing, w, "definite_range") == pytest.approx(min(coverage, 1.0))


def test_bad_law_and_coverage():
    with pytest.raises(ValueError, match=r"^law: unknown value 'gaussian'"):
        pod(1.0, "gaussian")
    with pytest.raises(ValueError, match=r"^coverage: contains negative value -0\.5"):
        pod([1.0, -0.5])
    with pytest.raises(ValueError, match=r"^coverage: contains NaN at index \(1, 0\)"):
        pod([[1.0, 2.0], [np.nan, 0.0]])
    with pytest.raises(ValueError, match=r"^coverage: cannot be read"):
        pod("abc")
    with pytest.raises(ValueError, match=r"^sweep_width"):
        lateral_range(1.0, -1.0)
    with pytest.raises(ValueError, match=r"^spacing"):
        parallel_sweep_pod(0.0, 1.0)
