import dataclasses

import numpy as np
import pytest

from sevr.world import (
    GRAVEL,
    GROUND_NAMES,
    ROCK,
    SAND,
    Peak,
    Terrain,
    synthetic_terrain,
)

PEAKS = [Peak(1500.0, -2500.0, 750.0, 900.0), (-1800.0, 1200.0, 560.0, 700.0)]


def make(**over):
    kw = dict(
        west_m=-4000.0,
        east_m=4000.0,
        south_m=-5000.0,
        north_m=3000.0,
        cell_m=20.0,
        base_elevation_m=277.0,
        peaks=PEAKS,
        noise_amplitude_m=15.0,
        noise_seed=7,
        sand_max_slope_deg=5.0,
        rock_min_slope_deg=25.0,
        rock_min_relief_m=150.0,
    )
    kw.update(over)
    return synthetic_terrain(**kw)


@pytest.fixture(scope="module")
def terrain():
    return make()


def test_ground_codes():
    assert (SAND, GRAVEL, ROCK) == (0, 1, 2)
    assert GROUND_NAMES[ROCK] == "rock"


def test_shape_and_extent(terrain):
    assert terrain.shape == (400, 400)
    assert terrain.extent == (-4000.0, 4000.0, -5000.0, 3000.0)
    assert terrain.elevation.dtype == np.float64 and terrain.ground.dtype == np.uint8


def test_grid_convention():
    elev = np.arange(12, dtype=float).reshape(3, 4)
    t = Terrain(elev, np.zeros((3, 4), np.uint8), cell_m=10.0, west_m=100.0, north_m=500.0)
    x, y = t.rc_to_xy(0, 0)
    assert (x, y) == (105.0, 495.0)  # row 0 is the north edge
    r, c = t.xy_to_rc(np.array([105.0, 139.0, -1e6]), np.array([495.0, 471.0, 1e6]))
    np.testing.assert_array_equal(r, [0, 2, 0])
    np.testing.assert_array_equal(c, [0, 3, 0])  # clipped
    assert t.elevation_at(105.0, 495.0) == pytest.approx(0.0)
    assert t.elevation_at(110.0, 495.0) == pytest.approx(0.5)  # halfway east to the next centre
    assert t.elevation_at(105.0, 490.0) == pytest.approx(2.0)  # halfway south: +4 per row
    z = t.elevation_at(np.array([105.0, 115.0]), np.array([485.0, 485.0]))
    np.testing.assert_allclose(z, [4.0, 5.0])


def test_summits_hold(terrain):
    for x, y, h, _ in PEAKS:
        r, c = terrain.xy_to_rc(x, y)
        assert abs(terrain.elevation[r, c] - h) < 5.0
        assert abs(terrain.elevation_at(x, y) - h) < 5.0


def test_deterministic_and_seeded():
    a, b, c = make(), make(), make(noise_seed=8)
    assert a.elevation.tobytes() == b.elevation.tobytes()
    assert a.ground.tobytes() == b.ground.tobytes()
    assert a.elevation.tobytes() != c.elevation.tobytes()


def test_noise_amplitude_on_the_plain():
    flat = make(peaks=[], noise_amplitude_m=10.0)
    relief = flat.elevation - 277.0
    assert np.sqrt(np.mean(relief**2)) == pytest.approx(10.0, rel=1e-6)
    assert np.all(make(peaks=[], noise_amplitude_m=0.0).elevation == 277.0)


def test_ground_types_where_expected(terrain):
    counts = np.bincount(terrain.ground.ravel(), minlength=3)
    assert np.all(counts > 0)
    # Far from both peaks (north-east corner): valley floor, sand.
    assert terrain.ground_at(3900.0, 2900.0) == SAND
    # High on the tallest peak: rock.
    assert terrain.ground_at(1500.0, -2600.0) == ROCK
    slope, relief = terrain.slope_deg(), terrain.elevation - 277.0
    assert np.all(terrain.ground[slope >= 25.0] == ROCK)
    assert np.all(terrain.ground[relief >= 150.0] == ROCK)
    assert np.all(slope[terrain.ground == SAND] < 5.0)


def test_valley_floor_flattens_corridor():
    t = make(valley_floor=[(-4000.0, 0.0), (4000.0, 0.0)], noise_amplitude_m=30.0)
    r, _ = t.xy_to_rc(0.0, 0.0)
    np.testing.assert_allclose(t.elevation[r], 277.0, atol=1.0)


def test_slope_and_hillshade():
    # A plane rising 1 m per 10 m to the east (a west-facing slope): 5.71 deg everywhere.
    x = np.arange(50) * 10.0
    t = Terrain(np.tile(x / 10.0, (40, 1)), np.zeros((40, 50), np.uint8), 10.0, 0.0, 400.0)
    np.testing.assert_allclose(t.slope_deg(), np.degrees(np.arctan(0.1)))
    flat = Terrain(np.zeros((5, 5)), np.zeros((5, 5), np.uint8), 10.0, 0.0, 50.0)
    np.testing.assert_allclose(flat.hillshade(altitude_deg=30.0), 0.5)
    # The west-facing slope catches the NW light better than its east-facing mirror image.
    east_facing = Terrain(
        np.tile(x[::-1] / 10.0, (40, 1)), np.zeros((40, 50), np.uint8), 10.0, 0.0, 400.0
    )
    assert t.hillshade().mean() > east_facing.hillshade().mean()
    # Exact Lambert value for the plane: normal (-0.1, 0, 1)/|.|, light from 315 deg at 45 deg.
    q = np.pi / 4
    light = np.array([-np.sin(q) * np.cos(q), np.cos(q) * np.cos(q), np.sin(q)])
    normal = np.array([-0.1, 0.0, 1.0]) / np.sqrt(1.01)
    np.testing.assert_allclose(t.hillshade(), normal @ light)


def test_hillshade_in_unit_interval(terrain):
    hs = terrain.hillshade()
    assert hs.shape == terrain.shape and hs.min() >= 0.0 and hs.max() <= 1.0


def test_terrain_is_immutable(terrain):
    with pytest.raises(ValueError, match="read-only"):
        terrain.elevation[0, 0] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError, match="cell_m"):
        terrain.cell_m = 5.0
    assert terrain.cell_m == 20.0


def test_input_arrays_are_copied():
    elev = np.zeros((4, 4))
    t = Terrain(elev, np.zeros((4, 4), np.uint8), 10.0, 0.0, 40.0)
    elev[:] = 100.0
    assert t.elevation.max() == 0.0


def test_grid_is_rounded_to_whole_cells():
    # 8 km x 8 km at 10 m: 800 x 800 cells covering exactly the extent asked for. (Its speed
    # is measured in benchmarks/bench_world.py.)
    t = make(west_m=-4000.0, east_m=4000.0, south_m=-5000.0, north_m=3000.0, cell_m=10.0,
             noise_amplitude_m=0.0)
    assert t.shape == (800, 800) and t.extent == (-4000.0, 4000.0, -5000.0, 3000.0)
    odd = make(west_m=0.0, east_m=1004.0, south_m=0.0, north_m=996.0, cell_m=10.0, noise_amplitude_m=0.0)
    assert odd.shape == (100, 100)
