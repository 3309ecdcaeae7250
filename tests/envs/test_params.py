"""make_params: the scenario's terrain, light and laws, and clear errors for bad configuration."""
from __future__ import annotations

import numpy as np
import pytest

from sevr.envs.params import EVADER, SEARCHER, TRACKER, make_params
from sevr.errors import InputError
from tests.envs.conftest import SMALL


@pytest.mark.parametrize("kwargs, field", [
    (dict(n_evaders=0), "n_evaders"),
    (dict(hideouts_xy=[(0.0, 90_000.0)]), "hideouts_xy[0]"),
    (dict(obs_radius=0), "obs_radius"),
    (dict(step_min=0), "step_min"),
    (dict(step_min=float("nan")), "step_min"),
    (dict(max_steps=2.5), "max_steps"),
    (dict(n_trackers=0, n_searchers=0), "n_trackers"),
    (dict(light_mode="noon"), "light_mode"),
    (dict(cell_m=1e9), "cell_m"),
])
def test_bad_configuration_names_the_field(hijra, kwargs, field):
    with pytest.raises(InputError) as err:
        make_params(hijra, **{**SMALL, **kwargs})
    assert err.value.field == field
    assert field in str(err.value) and "\n" not in str(err.value)


def test_hijra_roles_map_and_laws(hijra, small_params):
    p = small_params
    assert p.agent_ids == ("evader_0", "tracker_0", "searcher_0")
    assert list(p.role) == [EVADER, TRACKER, SEARCHER]
    assert p.shape[0] != p.shape[1]  # non-square: axis mistakes show
    assert p.cell_m == 200.0
    # the scenario's trail and gait tables, unchanged
    assert p.half_life_h.tolist() == [12.0, 24.0, 48.0]
    assert p.retention.tolist() == [1.0, 0.6, 0.25]
    assert p.gait_print.tolist() == [1.0, 0.45, 1.6]
    assert p.gait_speed.tolist() == [1.0, 0.75, 0.5]
    # the cost of entering relative to the value of a capture (8 / 100 camels)
    assert p.enter_cost == pytest.approx(0.08)
    # the start and the cave are in their cells; the cave south of the start
    assert p.hideout_rc.shape == (1, 2) and p.hideout_rc[0, 0] > p.start_rc[0, 0]
    assert p.passable[tuple(p.hideout_rc[0])] and p.passable[tuple(p.start_rc[0])]


def test_light_follows_the_scenario_clock(hijra):
    from sevr.world import ScenarioClock, light_at
    from sevr.world.clock import minutes_between

    p = make_params(hijra, **{**SMALL, "max_steps": 3, "step_min": 60.0}, light_mode="astronomical")
    t0 = minutes_between(hijra.time.start, hijra.time.exit)
    clock = ScenarioClock.of(hijra.time)
    place = hijra.places.start
    want = light_at(clock, t0 + 60.0, place.lat, place.lon, "astronomical").visibility
    assert p.visibility[1] == pytest.approx(want, abs=0.02)
    narrated = make_params(hijra, **{**SMALL, "max_steps": 3})
    assert narrated.visibility[0] > p.visibility[0]  # the narrated moon is brighter than the new moon


def test_lost_hiker_roles(lost_hiker):
    p = make_params(lost_hiker, cell_m=500.0, max_steps=10)
    assert p.agent_ids == ("evader_0", "searcher_0", "searcher_1")  # one searcher per team
    assert len(p.hideout_rc) == 0
    # each team's pace relative to a flat walk (ground 2.0 km/h, hasty 2.5 km/h)
    assert p.speed[2] / p.speed[1] == pytest.approx(2.5 / 2.0)


def test_pursuit_delay_in_steps(hijra):
    p = make_params(hijra, **{**SMALL, "pursuit_delay_min": 5.0, "step_min": 2.0})
    assert p.active_from.tolist() == [0, 3, 3]


def test_start_cell_is_the_scenario_start(hijra, small_params):
    from sevr.world import GeoFrame

    frame = GeoFrame(hijra.frame.origin_lat, hijra.frame.origin_lon)
    x, y = frame.to_xy(hijra.places.start.lat, hijra.places.start.lon)
    p = small_params
    r, c = p.start_rc[0]
    assert p.west_m + c * p.cell_m <= x < p.west_m + (c + 1) * p.cell_m
    assert p.north_m - (r + 1) * p.cell_m < y <= p.north_m - r * p.cell_m
    assert np.all(p.start_rc == p.start_rc[0])
