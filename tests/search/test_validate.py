import numpy as np
import pytest
import scipy.sparse as sp

from sevr.search import validate as v


def test_error_type_names_argument():
    with pytest.raises(ValueError) as info:
        v.as_nonnegative("prior", [1.0, np.nan])
    err = info.value
    assert str(err) == "prior: contains NaN at index 1"
    assert err.argument == "prior"
    assert err.field == "prior"


def test_fast_path_returns_same_array():
    a = np.arange(5.0)
    assert v.as_nonnegative("x", a) is a
    b = a / 10
    assert v.as_probabilities("x", b) is b  # already float64 in [0, 1]: no copy
    assert v.as_probabilities("x", [0, 1]).tolist() == [0.0, 1.0]  # a list becomes float64
    assert v.as_probabilities("x", [0, 1]).dtype == np.float64


@pytest.mark.parametrize(
    "func, value, pattern",
    [
        (v.as_nonnegative, [0.0, -2.0], r"^a: contains negative value -2 at index 1, expected >= 0"),
        (v.as_nonnegative, [[0.0, np.inf]], r"^a: contains infinite value inf at index \(0, 1\)"),
        (v.as_probabilities, [0.0, 1.5], r"^a: contains value 1\.5 at index 1, expected <= 1"),
        (v.as_distribution, [0.0, 0.0], r"^a: sums to 0"),
        (v.as_distribution, [], r"^a: is empty"),
        (v.as_nonnegative, "nope", r"^a: cannot be read as an array"),
    ],
)
def test_array_checks(func, value, pattern):
    with pytest.raises(ValueError, match=pattern):
        func("a", value)


def test_inf_allowed_when_asked():
    out = v.as_nonnegative("coverage", [1.0, np.inf], allow_inf=True)
    assert out[1] == np.inf
    with pytest.raises(ValueError, match="coverage: contains NaN"):
        v.as_nonnegative("coverage", [np.nan, np.inf], allow_inf=True)


def test_check_same_shape():
    v.check_same_shape(prior=np.zeros((2, 3)), pod=np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"^pod: shape \(3, 2\) does not match prior shape \(2, 3\)"):
        v.check_same_shape(prior=np.zeros((2, 3)), pod=np.ones((3, 2)))


def test_scalars_and_choices():
    assert v.as_nonnegative_scalar("budget", 3) == 3.0
    assert v.as_nonnegative_scalar("budget", np.float32(2.5)) == 2.5
    for bad, pattern in [(-1, "must be >= 0"), (np.nan, "is NaN"), (np.inf, "must be finite"),
                         ("3", "must be a real number"), (True, "must be a real number"),
                         (np.array([1.0]), "must be a scalar")]:
        with pytest.raises(ValueError, match=f"^budget: {pattern}"):
            v.as_nonnegative_scalar("budget", bad)
    assert v.as_positive_int("periods", np.int64(4)) == 4
    with pytest.raises(ValueError, match="^periods: must be >= 1"):
        v.as_positive_int("periods", 0)
    with pytest.raises(ValueError, match="^periods: must be a positive integer"):
        v.as_positive_int("periods", 2.0)
    with pytest.raises(ValueError, match="^p: must be a probability"):
        v.as_probability_scalar("p", 1.5)
    assert v.check_choice("law", "a", ("a", "b")) == "a"
    with pytest.raises(ValueError, match=r"^law: unknown value 'c'; expected one of 'a', 'b'"):
        v.check_choice("law", "c", ("a", "b"))


def test_check_transition_dense_and_sparse():
    m = np.array([[0.2, 0.8, 0.0], [0.0, 1.0, 0.0], [0.5, 0.25, 0.25]])
    dense = v.check_transition("transition", m, 3)
    assert isinstance(dense, np.ndarray) and dense.dtype == np.float64 and np.array_equal(dense, m)
    out = v.check_transition("transition", sp.coo_matrix(m), 3)
    assert sp.issparse(out) and out.format == "csr" and np.array_equal(out.toarray(), m)
    out = v.check_transition("transition", sp.csr_array(m))
    assert sp.issparse(out) and out.format == "csr" and np.array_equal(out.toarray(), m)
    bad = m.copy()
    bad[2, 2] = 0.05
    with pytest.raises(ValueError, match=r"^transition: row 2 sums to 0\.8, expected 1"):
        v.check_transition("transition", bad)
    with pytest.raises(ValueError, match=r"^transition: row 2 sums to 0\.8, expected 1"):
        v.check_transition("transition", sp.csc_matrix(bad))
    bad = m.copy()
    bad[1, 2] = np.inf
    with pytest.raises(ValueError, match=r"^transition: contains invalid entry inf at index \(1, 2\)"):
        v.check_transition("transition", sp.csr_matrix(bad))
    # rounding-level deviations are accepted
    v.check_transition("transition", m * (1 + 1e-12))
