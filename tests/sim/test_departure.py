"""The pursuit's timing rules shared by both engines: withdrawal, decay, suspension, departure."""
import datetime as dt

import numpy as np
import pytest

from sevr.agents.pursuers import departure_risk, hours_until_suspended, search_intensity
from sevr.scenarios import load, with_overrides
from sevr.sim.story import ESCAPE_MARGIN_MIN, departure_time


@pytest.fixture(scope="module")
def hijra():
    return load("hijra")


def _minutes(scenario, when: dt.datetime) -> float:
    return (when - scenario.time.start).total_seconds() / 60.0


def test_departure_is_the_planned_evening_when_the_pursuers_are_long_gone(hijra):
    # Arrival in the small hours of 10 September; the arrival day counts as the first of three.
    t_arrive = _minutes(hijra, dt.datetime(622, 9, 10, 2, 50))
    planned = _minutes(hijra, dt.datetime(622, 9, 12, 21, 30))
    assert departure_time(hijra, t_arrive, t_arrive + 600.0) == planned
    one_day = with_overrides(hijra, {"evaders.tactics.wait_days": 1})
    assert departure_time(one_day, t_arrive, t_arrive + 60.0) == _minutes(hijra, dt.datetime(622, 9, 10, 21, 30))


def test_departure_is_put_off_a_whole_day_while_the_pursuers_are_near(hijra):
    t_arrive = _minutes(hijra, dt.datetime(622, 9, 10, 2, 50))
    planned = _minutes(hijra, dt.datetime(622, 9, 12, 21, 30))
    just_clear = planned - ESCAPE_MARGIN_MIN - 0.5          # gone 30.5 minutes before: they leave
    at_margin = planned - ESCAPE_MARGIN_MIN                 # gone exactly 30 minutes before: one more day
    late = planned + 1440.0 + 10.0                          # still about a day later: two more days
    t = departure_time(hijra, t_arrive, np.array([just_clear, at_margin, late]))
    assert t.tolist() == [planned, planned + 1440.0, planned + 2 * 1440.0]


def test_search_intensity_halves_every_half_life(hijra):
    d = hijra.pursuers.decay
    h = np.array([0.0, d.half_life_h, 3 * d.half_life_h])
    np.testing.assert_allclose(search_intensity(h, d.half_life_h), [1.0, 0.5, 0.125])
    np.testing.assert_allclose(departure_risk(d, h), d.p_intercept_at_full_intensity * np.array([1.0, 0.5, 0.125]))


def test_the_search_is_suspended_when_its_intensity_falls_below_the_threshold(hijra):
    d = hijra.pursuers.decay
    # 0.12 = 2^(-x): x = log(1/0.12)/log(2) half-lives, computed here with the natural log.
    assert hours_until_suspended(d) == pytest.approx(d.half_life_h * np.log(1 / d.suspend_below) / np.log(2))
