import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sevr.world import (
    Terrain,
    cost_surface,
    least_cost_route,
    path_length_m,
    resample_path,
    tobler_speed_kmh,
    walking_time_s,
)


FLAT_KMH = 6.0 * np.exp(-3.5 * 0.05)


def test_tobler_values():
    assert tobler_speed_kmh(0.0) == pytest.approx(6.0 * np.exp(-0.175))  # 5.04 km/h
    assert round(tobler_speed_kmh(0.0), 2) == 5.04
    assert tobler_speed_kmh(-0.05) == pytest.approx(6.0)
    s = np.linspace(-1, 1, 401)
    v = tobler_speed_kmh(s)
    assert v.max() <= 6.0
    assert np.all(np.diff(v[s > -0.05]) < 0) and np.all(np.diff(v[s < -0.05]) > 0)
    assert tobler_speed_kmh(0.1) < tobler_speed_kmh(-0.1)  # a climb is slower than a descent


def test_walking_time_flat_and_hill():
    xy = np.array([[0.0, 0.0], [600.0, 0.0], [600.0, 800.0]])
    t = walking_time_s(xy, [0.0, 0.0, 0.0])
    assert t[0] == 0.0
    assert t[-1] == pytest.approx(1400.0 / (FLAT_KMH / 3.6), rel=1e-4)
    up = walking_time_s(xy, [0.0, 60.0, 140.0])
    down = walking_time_s(xy[::-1], [140.0, 60.0, 0.0])
    assert up[-1] > t[-1] and up[-1] > down[-1]
    assert walking_time_s(xy, [0, 0, 0], speed_factor=0.5)[-1] == pytest.approx(2 * t[-1])
    assert walking_time_s(np.array([[1.0, 1.0], [1.0, 1.0]]), [0, 5])[-1] == 0.0


def test_path_length_and_resample():
    xy = np.array([[0.0, 0.0], [3.0, 4.0], [3.0, 4.0], [3.0, 10.0]])
    assert path_length_m(xy) == pytest.approx(11.0)
    pts = resample_path(xy, 2.0)
    np.testing.assert_allclose(pts[0], [0, 0])
    np.testing.assert_allclose(pts[-1], [3, 10])
    assert len(pts) == 7  # arc lengths 0, 2, 4, 6, 8, 10, then the end at 11
    np.testing.assert_allclose(pts[2], [2.4, 3.2])  # 4 m along the first leg
    np.testing.assert_allclose(pts[3], [3.0, 5.0])  # 1 m past the corner
    assert len(resample_path(xy, 2.0, include_end=False)) == 6


@given(spacing=st.floats(0.3, 50.0))
def test_resample_spacing_along_arc(spacing):
    xy = np.array([[0.0, 0.0], [100.0, 0.0], [100.0, 37.0]])
    pts = resample_path(xy, spacing, include_end=False)
    arc = np.where(pts[:, 1] > 0, 100.0 + pts[:, 1], pts[:, 0])
    np.testing.assert_allclose(np.diff(arc), spacing, atol=1e-7)


def _hill_terrain():
    # 61 x 61 cells of 10 m, a steep round hill in the middle of flat ground.
    n, cell = 61, 10.0
    x = (np.arange(n) + 0.5) * cell
    xx, yy = np.meshgrid(x, 600.0 - x)
    d = np.hypot(xx - 305.0, yy - 305.0)
    elev = 150.0 * np.exp(-((d / 120.0) ** 2))
    return Terrain(elev, np.zeros((n, n), np.uint8), cell, 0.0, 610.0)


def test_cost_surface():
    t = _hill_terrain()
    cost = cost_surface(t)
    flat_pace = 3.6 / FLAT_KMH
    assert cost[0, 0] == pytest.approx(flat_pace, rel=1e-3)
    assert np.nanmax(cost[np.isfinite(cost)]) > 2 * flat_pace
    assert np.all(np.isinf(cost[t.slope_deg() > 40.0]))
    assert np.isinf(cost_surface(t, max_slope_deg=20.0)).sum() > np.isinf(cost).sum()
    np.testing.assert_allclose(cost_surface(t, speed_factor=0.5), 2 * cost)


def test_route_detours_around_steep_hill():
    t = _hill_terrain()
    cost = cost_surface(t)
    start, end = (15.0, 305.0), (595.0, 305.0)  # west and east of the hill, same row
    route = least_cost_route(t, cost, start, end)
    np.testing.assert_allclose(route[0], t.rc_to_xy(*t.xy_to_rc(*start)))
    np.testing.assert_allclose(route[-1], t.rc_to_xy(*t.xy_to_rc(*end)))
    steps = np.hypot(*np.diff(route, axis=0).T)
    assert np.all(steps <= np.sqrt(2) * t.cell_m + 1e-9)  # 8-connected moves
    straight_z = t.elevation_at(np.linspace(15, 595, 59), np.full(59, 305.0))
    route_z = t.elevation_at(route[:, 0], route[:, 1])
    assert route_z.max() < 0.5 * straight_z.max()  # goes around, not over
    straight = np.column_stack([np.linspace(15, 595, 59), np.full(59, 305.0)])
    t_route = walking_time_s(route, route_z)[-1]
    t_straight = walking_time_s(straight, straight_z)[-1]
    assert t_route < t_straight


def test_route_unreachable():
    t = _hill_terrain()
    cost = cost_surface(t)
    cost[:, 30] = np.inf  # a wall
    with pytest.raises(ValueError, match="no passable route"):
        least_cost_route(t, cost, (15.0, 305.0), (595.0, 305.0))
    with pytest.raises(ValueError, match="impassable"):
        least_cost_route(t, cost, (305.0, 305.0), (595.0, 305.0))
