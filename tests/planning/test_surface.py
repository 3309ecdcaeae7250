import numpy as np
import pytest

from sevr.planning.lostperson import fit_lognormal
from sevr.planning.surface import (SurfaceParams, flow_accumulation, probability_surface, proximity_weight, ring_mass,
                                   slope_weight)
from sevr.world import Terrain


def test_surface_sums_to_one_minus_row(small_terrain):
    fit = fit_lognormal()
    s = probability_surface(small_terrain, (0.0, 0.0), fit)
    assert s.p.sum() == pytest.approx(1.0 - s.row, abs=1e-12)
    assert np.all(s.p >= 0)
    # ROW is the ring mass off the 12 km square: between the mass beyond the inscribed and
    # the circumscribed circles
    assert 1 - fit.cdf(6 * np.sqrt(2)) < s.row < 1 - fit.cdf(6.0)
    # a ROW floor wins when it is larger
    floor = probability_surface(small_terrain, (0.0, 0.0), fit, SurfaceParams(rest_of_world_min=0.5))
    assert floor.row == 0.5 and floor.p.sum() == pytest.approx(0.5)


def test_ring_mass_matches_the_distance_distribution():
    fit = fit_lognormal()
    flat = Terrain(np.zeros((200, 200)), np.zeros((200, 200), np.uint8), 100.0, -10_000.0, 10_000.0)
    ring = ring_mass(flat, (0.0, 0.0), fit)
    x, y = np.meshgrid(np.arange(200) * 100 - 9950.0, 9950.0 - np.arange(200) * 100)
    r = np.hypot(x, y) / 1000
    for radius in (1.1, 3.1, 5.8):
        assert ring[r <= radius].sum() == pytest.approx(fit.cdf(radius), abs=0.01)


def test_flow_accumulates_in_the_valley():
    # a V-shaped valley draining south: the axis collects the whole width upslope of it
    ny, nx = 40, 21
    x = np.abs(np.arange(nx) - 10.0)
    z = 5.0 * x[None, :] + 0.5 * np.arange(ny)[::-1, None]
    acc = flow_accumulation(z, 10.0) / 100.0  # in cells
    assert np.argmax(acc[-2]) == 10
    assert acc[-2, 10] > 0.5 * (ny - 3) * (nx - 2)
    assert acc.min() >= 1.0
    # conservation: the outlets (edge cells) receive every cell exactly once
    total = acc[0].sum() + acc[-1].sum() + acc[1:-1, 0].sum() + acc[1:-1, -1].sum()
    assert total == pytest.approx(ny * nx)


def test_flow_runs_through_pits():
    z = np.full((9, 9), 10.0)
    z[4, 4] = 0.0  # a pit in a plateau
    z[:, 0] = 5.0
    acc = flow_accumulation(z, 1.0)
    assert acc[1:-1, 0].sum() + acc[0].sum() + acc[-1].sum() + acc[1:-1, -1].sum() == pytest.approx(81)


def test_weights():
    w = slope_weight(np.array([0, 15, 27.5, 40, 60]), 15, 40, 0.2)
    np.testing.assert_allclose(w, [1, 1, 0.6, 0.2, 0.2])
    np.testing.assert_allclose(proximity_weight([0.0, np.inf], 2.5, 60), [2.5, 1.0])


def test_trails_attract_probability(small_terrain):
    fit = fit_lognormal()
    trail = [("test trail", np.array([[0.0, 0.0], [0.0, -4000.0]]))]
    plain = probability_surface(small_terrain, (0.0, 0.0), fit)
    with_trail = probability_surface(small_terrain, (0.0, 0.0), fit, SurfaceParams(trail_weight=3.0), trail)
    on = with_trail.components["trail"] > 2.5
    assert on.any()
    assert with_trail.p[on].sum() > plain.p[on].sum() * 1.5
    assert with_trail.row == pytest.approx(plain.row)
    assert len(with_trail.trails) == 1 and with_trail.trails[0][1].shape[1] == 2
