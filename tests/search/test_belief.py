import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sevr.search import binary_posterior
from sevr.search.belief import GridBelief, ParticleBelief, masked_diffusion, relative_speed, terrain_transition
from sevr.search.clues import (cell_centres, clue_found_at, no_clue_found, trail_ends_at, undisturbed_entrance,
                               undisturbed_entrance_likelihood)
from sevr.world import Peak, synthetic_terrain


@pytest.fixture(scope="module")
def terrain():
    # 3 km x 3 km at 50 m with one steep peak so that some cells are impassable
    return synthetic_terrain(west_m=-1500, east_m=1500, south_m=-1500, north_m=1500, cell_m=50,
                             base_elevation_m=500, peaks=[Peak(300, 200, 1400, 500)], noise_amplitude_m=5,
                             noise_seed=1, sand_max_slope_deg=6, rock_min_slope_deg=25, rock_min_relief_m=300)


grid_prob = st.floats(0.0, 1.0, allow_nan=False)
grid_mass = st.one_of(st.just(0.0), st.floats(1e-6, 1e3))


@st.composite
def prior_pod_mask(draw):
    shape = draw(hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=10))
    p = draw(hnp.arrays(np.float64, shape, elements=grid_mass))
    mask = draw(hnp.arrays(bool, shape))
    q = draw(hnp.arrays(np.float64, shape, elements=grid_prob)) * mask
    assume(p.sum() > 0)
    assume((p * (1 - q)).sum() > 1e-9 * p.sum())
    return p, q, mask


# --- GridBelief ---------------------------------------------------------------------------------


def test_from_prior_normalises_and_is_read_only():
    b = GridBelief.from_prior(np.array([[1.0, 3.0], [0.0, 4.0]]))
    assert b.p_.sum() == pytest.approx(1.0)
    assert b.p_[0, 1] == pytest.approx(3 / 8)
    with pytest.raises(ValueError, match="read-only"):
        b.p_[0, 0] = 1.0
    with pytest.raises(ValueError, match="prior"):
        GridBelief.from_prior(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="2-D"):
        GridBelief.from_prior(np.ones(4))


@settings(max_examples=150, deadline=None)
@given(prior_pod_mask())
def test_miss_sums_to_one_and_never_raises_the_searched_share(case):
    p, q, mask = case
    b = GridBelief.from_prior(p)
    after = b.update_miss(q)
    assert after.p_.sum() == pytest.approx(1.0, abs=1e-12)
    assert after.mass_in(mask) <= b.mass_in(mask) + 1e-12
    # cells nobody searched never lose probability
    assert np.all(after.p_[~mask] >= b.p_[~mask] * (1 - 1e-12))
    # the original is untouched (immutability)
    assert np.array_equal(b.p_, p / p.sum())


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, (4, 5), elements=st.floats(1e-3, 10.0)),
       hnp.arrays(np.float64, (4, 5), elements=st.floats(1e-3, 10.0)))
def test_clue_update_sums_to_one(p, lik):
    after = GridBelief.from_prior(p).update_clue(lik)
    assert after.p_.sum() == pytest.approx(1.0, abs=1e-12)
    ref = p * lik / (p * lik).sum()
    np.testing.assert_allclose(after.p_, ref, rtol=1e-10)


def test_entropy_mass_and_credible_region():
    u = GridBelief.uniform((4, 5))
    assert u.entropy() == pytest.approx(np.log(20))
    assert u.entropy(base=2) == pytest.approx(np.log2(20))
    point = np.zeros((4, 5))
    point[2, 3] = 1
    b = GridBelief.from_prior(point)
    assert b.entropy() == 0.0
    assert b.argmax_rc() == (2, 3)
    assert b.mass_in(point.astype(bool)) == 1.0
    assert b.detection_probability(np.full((4, 5), 0.3)) == pytest.approx(0.3)
    mask = GridBelief.from_prior(np.arange(1.0, 21.0).reshape(4, 5)).credible_mask(0.5)
    assert GridBelief.from_prior(np.arange(1.0, 21.0).reshape(4, 5)).mass_in(mask) >= 0.5
    assert mask.sum() == 6  # 20+19+...+15 = 105 >= 105 = half of 210


def test_uniform_with_mask():
    m = np.zeros((3, 3), bool)
    m[1] = True
    b = GridBelief.uniform((3, 3), mask=m)
    assert b.mass_in(m) == pytest.approx(1.0)
    assert b.p_[1, 0] == pytest.approx(1 / 3)


def test_terrain_transition_is_stochastic_and_avoids_cliffs(terrain):
    m = terrain_transition(terrain, move_prob=0.6)
    n = terrain.shape[0] * terrain.shape[1]
    assert m.shape == (n, n)
    np.testing.assert_allclose(np.asarray(m.sum(axis=1)).ravel(), 1.0, atol=1e-12)
    rel = relative_speed(terrain)
    blocked = rel == 0
    assert blocked.any() and (~blocked).any()
    # start on passable ground only: no mass ever reaches an impassable cell
    b = GridBelief.uniform(terrain.shape, mask=~blocked).predict(m, steps=5)
    assert b.p_.sum() == pytest.approx(1.0)
    assert b.mass_in(blocked) == pytest.approx(0.0, abs=1e-15)
    # diffusion spreads a point out (entropy grows)
    point = np.zeros(terrain.shape)
    point[5, 5] = 1
    b0 = GridBelief.from_prior(point)
    assert b0.predict(m, steps=3).entropy() > b0.entropy()


def test_masked_diffusion_conserves_mass_and_stays_off_blocked_cells(terrain):
    passable = relative_speed(terrain) > 0
    step = masked_diffusion(100.0, terrain.cell_m, passable)
    b = GridBelief.uniform(terrain.shape, mask=passable)
    raw = step(b.p_)
    assert raw.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(raw[~passable] == 0)
    after = b.predict(step, steps=2)
    assert after.mass_in(~passable) == 0.0


def test_predict_rejects_bad_motion():
    b = GridBelief.uniform((2, 2))
    with pytest.raises(ValueError, match="motion"):
        b.predict(np.eye(3))
    with pytest.raises(ValueError, match="motion"):
        b.predict(np.full((4, 4), 0.3))


# --- clues --------------------------------------------------------------------------------------


def test_undisturbed_entrance_grid_matches_binary_posterior():
    inside = np.zeros((5, 5), bool)
    inside[2, 2] = True
    prior = np.ones((5, 5))
    prior[2, 2] = 24.0  # P(inside) = 0.5
    b = GridBelief.from_prior(prior)
    lik = undisturbed_entrance_likelihood(inside, 0.01, 0.95)
    after = b.update_clue(lik)
    expected = binary_posterior(0.5, 0.01, 0.95)
    assert after.mass_in(inside) == pytest.approx(expected)
    assert undisturbed_entrance(0.5, 0.01, 0.95) == pytest.approx(expected)
    assert expected < 0.02


def test_clue_shapes(terrain):
    x, y = cell_centres(terrain)
    b = GridBelief.uniform(terrain.shape)
    found = b.update_clue(clue_found_at(x, y, (0.0, 0.0), sigma_m=100.0, background=0.01))
    r, c = found.argmax_rc()
    assert abs(x[r, c]) <= terrain.cell_m and abs(y[r, c]) <= terrain.cell_m
    end = b.update_clue(trail_ends_at(x, y, (500.0, -500.0)))
    near = np.hypot(x - 500, y + 500) < 100
    assert end.mass_in(near) > 0.5  # concentrated near the end ...
    assert end.mass_in(~near) > 0.05  # ... but not all of it
    region = np.zeros(terrain.shape, bool)
    region[:10] = True
    nothing = b.update_clue(no_clue_found(region, 0.8, p_left=0.5))
    assert nothing.mass_in(region) < b.mass_in(region)
    # no_clue_found with p_left = 1 is the unsuccessful-search update itself
    np.testing.assert_allclose(b.update_clue(no_clue_found(region, 0.8)).p_, b.update_miss(0.8 * region).p_)


# --- ParticleBelief -----------------------------------------------------------------------------


def test_particles_are_deterministic_with_the_same_seed(terrain):
    def run(seed):
        rng = np.random.default_rng(seed)
        cloud = ParticleBelief.around(rng, (-600.0, -600.0), 100.0, 500)
        cloud = cloud.predict(rng, terrain, speed_m_per_step=60.0, steps=10)
        cloud = cloud.update_miss(lambda x, y: np.where(x < -600, 0.9, 0.0))
        return cloud.predict(rng, terrain, 60.0, steps=3)

    a, b, c = run(7), run(7), run(8)
    assert np.array_equal(a.xy_, b.xy_) and np.array_equal(a.weights_, b.weights_)
    assert not np.array_equal(a.xy_, c.xy_)


def test_particles_never_enter_impassable_cells_or_leave_the_map(terrain):
    rng = np.random.default_rng(0)
    rel = relative_speed(terrain)
    start = ParticleBelief.from_grid(rng, GridBelief.uniform(terrain.shape, mask=rel > 0), terrain, 2000)
    moved = start.predict(rng, terrain, 80.0, steps=25)
    r, c = terrain.xy_to_rc(moved.xy_[:, 0], moved.xy_[:, 1])
    assert np.all(rel[r, c] > 0)
    west, east, south, north = terrain.extent
    assert np.all((moved.xy_[:, 0] >= west) & (moved.xy_[:, 0] < east))
    assert np.all((moved.xy_[:, 1] > south) & (moved.xy_[:, 1] <= north))
    assert not np.array_equal(moved.xy_, start.xy_)


def test_steep_ground_slows_particles(terrain):
    rel = relative_speed(terrain)
    assert rel.max() <= 1.0 + 1e-12
    flat = np.unravel_index(np.argmax(rel), rel.shape)
    steep = np.unravel_index(np.argmin(np.where(rel > 0, rel, np.inf)), rel.shape)
    assert rel[steep] < 0.5 * rel[flat]


def test_particle_updates_and_resampling(terrain):
    rng = np.random.default_rng(3)
    cloud = ParticleBelief.around(rng, (0.0, 0.0), 300.0, 1000)
    assert cloud.ess() == pytest.approx(1000)
    missed = cloud.update_miss(lambda x, y: np.where(x > -100, 0.99, 0.0))
    assert missed.weights_.sum() == pytest.approx(1.0)
    assert missed.mass_in(lambda x, y: x > 0) < cloud.mass_in(lambda x, y: x > 0)
    assert missed.ess() < 1000 / 2
    # predict resamples first when ESS < n/2: equal weights afterwards
    moved = missed.predict(rng, terrain, 10.0)
    assert np.allclose(moved.weights_, 1 / 1000)
    # a grid POD read at the particles' cells
    x, _ = cell_centres(terrain)
    via_grid = cloud.update_miss(np.where(x > 0, 0.95, 0.0), terrain=terrain)
    assert via_grid.mass_in(lambda x, y: x > 0) < 0.1
    clue = cloud.update_clue(lambda x, y: clue_found_at(x, y, (200.0, 0.0), 50.0, 0.0))
    assert clue.mean_xy()[0] == pytest.approx(200.0, abs=60.0)
    grid = cloud.to_grid(terrain)
    assert isinstance(grid, GridBelief) and grid.p_.sum() == pytest.approx(1.0)


def test_systematic_resampling_counts():
    cloud = ParticleBelief(np.arange(8.0).reshape(4, 2), [0.5, 0.25, 0.25, 0.0])
    out = cloud.resample(np.random.default_rng(0))
    counts = [int(np.sum(out.xy_[:, 0] == v)) for v in (0.0, 2.0, 4.0, 6.0)]
    assert counts == [2, 1, 1, 0]
    assert np.allclose(out.weights_, 0.25)


def test_particle_input_errors():
    with pytest.raises(ValueError, match="xy"):
        ParticleBelief(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="weights"):
        ParticleBelief(np.zeros((3, 2)), [1.0, 2.0])
    with pytest.raises(ValueError, match="terrain"):
        ParticleBelief(np.zeros((3, 2))).update_miss(np.zeros((4, 4)))
