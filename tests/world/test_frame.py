import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevr.world import GeoFrame

KAABA = (21.4225, 39.8262)


@pytest.fixture(scope="module")
def frame():
    return GeoFrame(*KAABA)


def test_origin_maps_to_zero(frame):
    x, y = frame.to_xy(*KAABA)
    assert isinstance(x, float) and isinstance(y, float)
    assert abs(x) < 1e-6 and abs(y) < 1e-6


def test_one_km_north(frame):
    # One kilometre of meridian arc at 21.4 N is ~0.009044 deg (WGS84 radius of curvature).
    lat, lon = frame.to_latlon(0.0, 1000.0)
    assert lon == pytest.approx(KAABA[1], abs=1e-9)
    assert lat - KAABA[0] == pytest.approx(1000.0 / 110_700.0, rel=2e-3)
    x, y = frame.to_xy(lat, lon)
    assert x == pytest.approx(0.0, abs=1e-6)
    assert y == pytest.approx(1000.0, abs=1e-6)


def test_thawr_distance_and_bearing(frame):
    # Jabal Thawr summit: ~5.6 km from the Kaaba, to the south-south-east.
    x, y = frame.to_xy(21.3775, 39.8508)
    assert 5000 < np.hypot(x, y) < 6000
    bearing = np.degrees(np.arctan2(x, y)) % 360
    assert 140 < bearing < 170


def test_arrays_in_arrays_out(frame):
    lat = np.array([21.40, 21.42, 21.44])
    lon = np.array([39.80, 39.82, 39.84])
    x, y = frame.to_xy(lat, lon)
    assert isinstance(x, np.ndarray) and x.shape == (3,)
    lat2, lon2 = frame.to_latlon(x, y)
    np.testing.assert_allclose(lat2, lat, atol=1e-10)
    np.testing.assert_allclose(lon2, lon, atol=1e-10)


@settings(max_examples=200, deadline=None)
@given(
    x=st.floats(-50_000, 50_000, allow_nan=False),
    y=st.floats(-50_000, 50_000, allow_nan=False),
)
def test_round_trip_sub_millimetre(frame, x, y):
    lat, lon = frame.to_latlon(x, y)
    x2, y2 = frame.to_xy(lat, lon)
    assert abs(x2 - x) < 1e-3 and abs(y2 - y) < 1e-3
