import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sevr.search import binary_posterior, sequential_posterior, update_clue, update_miss

prob = st.floats(0.0, 1.0, allow_nan=False)
# no subnormals: their few significant bits would swamp the relative checks
mass = st.one_of(st.just(0.0), st.floats(1e-200, 1e6))


@st.composite
def prior_and_pod(draw, max_side=12):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=max_side))
    p = draw(hnp.arrays(np.float64, shape, elements=mass))
    q = draw(hnp.arrays(np.float64, shape, elements=prob))
    assume(p.sum() > 0)
    assume((p * (1 - q)).sum() > 1e-300)
    return p, q


def reference(p, q):
    p = p / p.sum()
    w = p * (1 - q)
    return w / w.sum()


@settings(max_examples=200, deadline=None)
@given(prior_and_pod())
def test_update_miss_sums_to_one_and_matches_formula(pq):
    p, q = pq
    post = update_miss(p, q)
    assert post.shape == p.shape
    assert post.sum() == pytest.approx(1.0, rel=1e-12)
    assert np.all(post >= 0)
    np.testing.assert_allclose(post, reference(p, q), rtol=1e-12, atol=1e-300)


@settings(max_examples=200, deadline=None)
@given(prior_and_pod())
def test_miss_ratio_decreasing_in_pod_and_unsearched_cells_rise(pq):
    p, q = pq
    post = update_miss(p, q)
    pn = (p / p.sum()).ravel()
    qf = q.ravel()
    pos = pn > 0
    ratio = post.ravel()[pos] / pn[pos]
    order = np.argsort(qf[pos], kind="stable")
    r_sorted = ratio[order]
    # p'_i / p_i = (1 - q_i) / D: non-increasing in q_i
    assert np.all(np.diff(r_sorted) <= 1e-12 * r_sorted[:-1] + 1e-300)
    # cells that were not searched (q = 0) never lose probability
    unsearched = pos & (qf == 0)
    assert np.all(post.ravel()[unsearched] >= pn[unsearched] * (1 - 1e-12))


def test_prior_need_not_be_normalised():
    rng = np.random.default_rng(1)
    p = rng.random((30, 40))
    q = rng.random((30, 40))
    np.testing.assert_allclose(update_miss(p * 17.5, q), update_miss(p / p.sum(), q), rtol=1e-13)


def test_known_values():
    post = update_miss([0.5, 0.5], [0.8, 0.0])
    np.testing.assert_allclose(post, [0.1 / 0.6, 0.5 / 0.6])
    post = update_miss([0.2, 0.3, 0.5], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(post, [0.2, 0.3, 0.5])


def test_non_contiguous_and_other_dtypes():
    rng = np.random.default_rng(2)
    p = rng.random((50, 60))
    q = rng.random((60, 50)).T  # Fortran-ordered view
    np.testing.assert_allclose(update_miss(p, q), reference(p, q), rtol=1e-12)
    np.testing.assert_allclose(
        update_miss(p[::2, ::3], q[::2, ::3]), reference(p[::2, ::3], q[::2, ::3]), rtol=1e-12
    )
    p32 = p.astype(np.float32)
    np.testing.assert_allclose(update_miss(p32, q), reference(p32.astype(float), q), rtol=1e-12)
    np.testing.assert_allclose(update_miss([1, 1, 2], [0, 0, 0]), [0.25, 0.25, 0.5])


def test_clue_update_generalises_miss():
    rng = np.random.default_rng(3)
    p = rng.random((20, 20))
    q = rng.random((20, 20))
    np.testing.assert_allclose(update_clue(p, 1 - q), update_miss(p, q), rtol=1e-12)
    like = rng.random((20, 20)) * 5.0
    ref = p * like
    np.testing.assert_allclose(update_clue(p, like), ref / ref.sum(), rtol=1e-12)
    # scaling the likelihood does not matter
    np.testing.assert_allclose(update_clue(p, like * 1e-3), update_clue(p, like), rtol=1e-12)


def test_impossible_miss_and_impossible_clue():
    with pytest.raises(ValueError, match=r"^pod: .*miss is undefined|^pod: .*undefined"):
        update_miss([0.3, 0.7, 0.0], [1.0, 1.0, 0.2])
    with pytest.raises(ValueError, match=r"^likelihood: .*undefined"):
        update_clue([0.3, 0.7, 0.0], [0.0, 0.0, 1.0])


def test_tiny_but_possible_miss():
    post = update_miss([1.0, 1e-300], [1.0, 0.5])
    np.testing.assert_allclose(post, [0.0, 1.0])


@pytest.mark.parametrize(
    "prior, pod, pattern",
    [
        ([0.5, np.nan], [0.1, 0.1], r"^prior: contains NaN at index 1"),
        ([0.5, -0.1], [0.1, 0.1], r"^prior: contains negative value -0\.1 at index 1"),
        ([0.5, np.inf], [0.1, 0.1], r"^prior: contains infinite value"),
        ([0.0, 0.0], [0.1, 0.1], r"^prior: sums to 0"),
        ([0.5, 0.5], [0.1, 1.2], r"^pod: contains value 1\.2 at index 1, expected <= 1"),
        ([0.5, 0.5], [np.nan, 0.1], r"^pod: contains NaN at index 0"),
        ([0.5, 0.5], [-0.1, 0.1], r"^pod: contains negative value"),
        ([0.5, 0.5], [0.1, 0.1, 0.1], r"^pod: shape \(3,\) does not match prior shape \(2,\)"),
        ([], [], r"^prior: is empty"),
        ([[0.5, 0.5]], [[0.1, np.nan]], r"^pod: contains NaN at index \(0, 1\)"),
    ],
)
def test_update_miss_bad_inputs(prior, pod, pattern):
    with pytest.raises(ValueError, match=pattern):
        update_miss(prior, pod)


def test_update_clue_bad_inputs():
    with pytest.raises(ValueError, match=r"^likelihood: contains negative value"):
        update_clue([0.5, 0.5], [0.5, -1.0])
    with pytest.raises(ValueError, match=r"^likelihood: contains NaN"):
        update_clue([0.5, 0.0], [0.5, np.nan])
    # likelihoods above 1 are fine (only ratios matter)
    np.testing.assert_allclose(update_clue([0.5, 0.5], [3.0, 1.0]), [0.75, 0.25])


def test_binary_posterior():
    assert binary_posterior(0.5, 0.9, 0.1) == pytest.approx(0.9)
    assert binary_posterior(0.2, 0.0, 0.5) == 0.0
    assert binary_posterior(0.2, 0.5, 0.0) == 1.0
    assert binary_posterior(0.3, 0.4, 0.4) == pytest.approx(0.3)  # uninformative
    out = binary_posterior(np.array([0.1, 0.5]), 0.8, 0.2)
    np.testing.assert_allclose(out, [0.08 / (0.08 + 0.18), 0.8])
    with pytest.raises(ValueError, match=r"^p_e_given_h: the evidence has probability 0"):
        binary_posterior(1.0, 0.0, 0.5)
    with pytest.raises(ValueError, match=r"^prior: contains value 1\.5"):
        binary_posterior(1.5, 0.5, 0.5)
    with pytest.raises(ValueError, match=r"^p_e_given_not_h: contains NaN"):
        binary_posterior(0.5, 0.5, np.nan)


@settings(max_examples=200, deadline=None)
@given(prob, st.lists(st.tuples(st.floats(0.01, 1.0), st.floats(0.01, 1.0)), max_size=6))
def test_sequential_posterior_matches_odds_form(prior, evidence):
    post = sequential_posterior(prior, evidence)
    like_h = np.prod([a for a, _ in evidence]) if evidence else 1.0
    like_n = np.prod([b for _, b in evidence]) if evidence else 1.0
    expect = prior * like_h / (prior * like_h + (1 - prior) * like_n)
    assert post == pytest.approx(expect, rel=1e-9, abs=1e-12)
    # order of conditionally independent evidence does not matter
    assert sequential_posterior(prior, evidence[::-1]) == pytest.approx(post, rel=1e-9, abs=1e-12)


def test_sequential_posterior_history_and_errors():
    trail = sequential_posterior(0.5, [(0.9, 0.1), (0.9, 0.1)], history=True)
    assert trail[0] == 0.5
    assert trail[1] == pytest.approx(0.9)
    assert trail[2] == pytest.approx(0.81 / 0.82)
    assert sequential_posterior(0.3, []) == 0.3
    with pytest.raises(ValueError, match=r"^evidence\[1\]: must be a pair"):
        sequential_posterior(0.5, [(0.5, 0.5), 0.3])
    with pytest.raises(ValueError, match=r"^evidence\[0\]: must be a probability"):
        sequential_posterior(0.5, [(1.5, 0.5)])
    with pytest.raises(ValueError, match=r"^evidence\[1\]: has probability 0"):
        sequential_posterior(0.5, [(1.0, 0.0), (0.0, 0.3)])
