import datetime as dt

import numpy as np
import pytest

from sevr.world import ScenarioClock, find_sun_crossing, light_at, moon_report
from sevr.world.light import (
    moon_phase_factor,
    sun_illuminance_lux,
    visibility_from_lux,
)

MECCA = (21.4225, 39.8262)


@pytest.fixture(scope="module")
def clock():
    return ScenarioClock(dt.datetime(622, 9, 9, 21, 0), 159, "julian")


def test_departure_night_is_nearly_moonless(clock):
    rep = moon_report(clock, 0.0, *MECCA)
    assert rep["moon_phase"] < 0.1
    assert rep["new_moon_julian_date"] in ("0622-09-10", "0622-09-11", "0622-09-12")
    assert rep["new_moon_iso"].startswith("0622-09-1")  # Gregorian: 3 days later
    assert abs(rep["days_to_new_moon"]) < 3


def test_story_light_is_brighter_than_the_sky(clock):
    t = 120.0  # 23:00 local
    astro = light_at(clock, t, *MECCA, mode="astronomical")
    story = light_at(clock, t, *MECCA, mode="as_narrated")
    assert astro.sun_alt_deg == story.sun_alt_deg < -18
    assert astro.visibility < story.visibility
    assert story.moon_phase == 1.0 and story.moon_alt_deg == 60.0
    assert 0.1 < story.illuminance_lux < 0.3  # a full moon
    assert 0.4 < story.visibility < 0.55
    assert astro.visibility == pytest.approx(0.0, abs=0.05)  # starlight only


def test_default_mode_is_as_narrated(clock):
    assert light_at(clock, 0.0, *MECCA) == light_at(clock, 0.0, *MECCA, mode="as_narrated")


def test_bad_mode(clock):
    with pytest.raises(ValueError, match="mode"):
        light_at(clock, 0.0, *MECCA, mode="moonlit")


def test_nautical_dawn_next_morning(clock):
    t = find_sun_crossing(clock, 0.0, *MECCA, altitude_deg=-12.0)
    date, hhmm = clock.local_label(t)
    assert date == "0622-09-10"
    assert "04:30" <= hhmm <= "06:00"
    sunrise = find_sun_crossing(clock, 0.0, *MECCA, altitude_deg=-0.833)
    assert 20 < sunrise - t < 60  # nautical dawn precedes sunrise by ~half an hour at 21 N


def test_setting_crossing_and_daylight(clock):
    sunset = find_sun_crossing(clock, 0.0, *MECCA, altitude_deg=-0.833, rising=False)
    noon_light = light_at(clock, sunset - 6 * 60, *MECCA, mode="astronomical")
    assert noon_light.illuminance_lux > 1e4 and noon_light.visibility == 1.0
    assert clock.local_label(sunset)[1] > "17:30"


def test_modern_full_moon():
    clock = ScenarioClock(dt.datetime(2024, 1, 25, 20, 0), 0, "gregorian")
    assert light_at(clock, 0.0, 51.48, 0.0, mode="astronomical").moon_phase > 0.95
    rep = moon_report(clock, 0.0, 51.48, 0.0)
    assert rep["moon_phase"] > 0.95
    assert abs(rep["days_to_new_moon"]) > 13


def test_twilight_anchors():
    np.testing.assert_allclose(sun_illuminance_lux([0.0, -6.0, -12.0]), [400.0, 3.0, 0.008])
    assert sun_illuminance_lux(-30.0) == 0.0
    lux = sun_illuminance_lux(np.linspace(-18, 90, 200))
    assert np.all(np.diff(lux) > 0)
    assert 1e4 < sun_illuminance_lux(10.0) < 3e4 and sun_illuminance_lux(90.0) > 1e5


def test_phase_law():
    assert moon_phase_factor(1.0) == pytest.approx(1.0)
    assert 0.07 < moon_phase_factor(0.5) < 0.12
    assert moon_phase_factor(0.05) < 0.01


def test_visibility_scale():
    assert visibility_from_lux(0.001) == pytest.approx(0.0)
    assert visibility_from_lux(100.0) == pytest.approx(1.0)
    assert visibility_from_lux(1e5) == 1.0
    assert visibility_from_lux(0.25) == pytest.approx(0.48, abs=0.01)
