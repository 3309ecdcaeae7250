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


def test_departure_counts_the_days_from_the_pursuers_going(hijra):
    # Arrival in the small hours of 10 September; the pursuers turn back that morning. Three days
    # and three nights more: they leave on the evening of 13 September.
    t_arrive = _minutes(hijra, dt.datetime(622, 9, 10, 2, 50))
    gone = _minutes(hijra, dt.datetime(622, 9, 10, 10, 14))
    assert departure_time(hijra, t_arrive, gone) == _minutes(hijra, dt.datetime(622, 9, 13, 21, 30))
    one_day = with_overrides(hijra, {"evaders.tactics.wait_days": 1})
    assert departure_time(one_day, t_arrive, gone) == _minutes(hijra, dt.datetime(622, 9, 11, 21, 30))
    # Pursuers who never came (the trail lost on the way) count from the arrival.
    assert departure_time(hijra, t_arrive, t_arrive - 120.0) == _minutes(hijra, dt.datetime(622, 9, 13, 21, 30))
    # A late withdrawal, just before midnight, still counts from that day.
    late = _minutes(hijra, dt.datetime(622, 9, 10, 23, 59))
    assert departure_time(hijra, t_arrive, late) == _minutes(hijra, dt.datetime(622, 9, 13, 21, 30))


def test_departure_is_put_off_a_whole_day_while_the_pursuers_are_near(hijra):
    # With the camels set for ten past midnight, a withdrawal at 23:50 is too close: one day more.
    night = with_overrides(hijra, {"departure.clock": "00:10", "evaders.tactics.wait_days": 1})
    t_arrive = _minutes(hijra, dt.datetime(622, 9, 10, 2, 50))
    close = _minutes(hijra, dt.datetime(622, 9, 10, 23, 50))      # 20 min before: put off a day
    at_margin = _minutes(hijra, dt.datetime(622, 9, 10, 23, 40))  # exactly 30 min before: put off too
    clear = _minutes(hijra, dt.datetime(622, 9, 10, 23, 39))      # 31 min before: they go
    t = departure_time(night, t_arrive, np.array([close, at_margin, clear]))
    planned = _minutes(hijra, dt.datetime(622, 9, 11, 0, 10))
    assert ESCAPE_MARGIN_MIN == 30.0
    assert t.tolist() == [planned + 1440.0, planned + 1440.0, planned]


def test_search_intensity_halves_every_half_life(hijra):
    d = hijra.pursuers.decay
    h = np.array([0.0, d.half_life_h, 3 * d.half_life_h])
    np.testing.assert_allclose(search_intensity(h, d.half_life_h), [1.0, 0.5, 0.125])
    np.testing.assert_allclose(departure_risk(d, h), d.p_intercept_at_full_intensity * np.array([1.0, 0.5, 0.125]))


def test_the_search_is_suspended_when_its_intensity_falls_below_the_threshold(hijra):
    d = hijra.pursuers.decay
    # 0.12 = 2^(-x): x = log(1/0.12)/log(2) half-lives, computed here with the natural log.
    assert hours_until_suspended(d) == pytest.approx(d.half_life_h * np.log(1 / d.suspend_below) / np.log(2))
