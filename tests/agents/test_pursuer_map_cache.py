"""The pursuers' walking-minutes grid from the house is computed once per scenario and kept on disk."""
import numpy as np

from sevr.agents import pursuer_map
from sevr.scenarios import load, with_overrides
from sevr.sim.prepare import prepare
from sevr.world import cost_surface


def test_minutes_from_the_house_come_back_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SEVR_CACHE_DIR", str(tmp_path))
    hijra = load("hijra")
    world = prepare(hijra).world
    cost = cost_surface(world.terrain)
    cost = np.where(np.isfinite(cost), cost, 1e6)
    first = pursuer_map._minutes_from_house(hijra, world.terrain, cost, world.start_xy, 0.8)
    calls = []
    real = pursuer_map.walking_minutes_from

    def counted(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(pursuer_map, "walking_minutes_from", counted)
    again = pursuer_map._minutes_from_house(hijra, world.terrain, cost, world.start_xy, 0.8)
    np.testing.assert_array_equal(first, again)
    assert calls == []
    pursuer_map._minutes_from_house(hijra, world.terrain, cost, world.start_xy, 0.7)  # another pace
    changed = with_overrides(hijra, {"tracker.speed_factor": hijra.tracker.speed_factor * 0.99})
    pursuer_map._minutes_from_house(changed, world.terrain, cost, world.start_xy, 0.8)  # another scenario
    assert len(calls) == 2


def test_the_walking_cost_comes_back_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SEVR_CACHE_DIR", str(tmp_path))
    hijra = load("hijra")
    terrain = prepare(hijra).world.terrain
    direct = cost_surface(terrain)
    first = pursuer_map._walking_cost(hijra, terrain)
    np.testing.assert_array_equal(first, np.where(np.isfinite(direct), direct, 1e6))
    calls = []
    monkeypatch.setattr(pursuer_map, "walking_cost", lambda t: calls.append(t) or direct)
    np.testing.assert_array_equal(pursuer_map._walking_cost(hijra, terrain), first)
    assert calls == []
    changed = with_overrides(hijra, {"terrain.noise_amplitude_m": hijra.terrain.noise_amplitude_m + 1})
    pursuer_map._walking_cost(changed, terrain)  # another scenario: computed anew, not read back
    assert len(calls) == 1


def test_impassable_cells_cost_a_walk_that_takes_forever(monkeypatch):
    monkeypatch.setattr(pursuer_map, "cost_surface", lambda terrain: np.array([[0.7, np.inf], [1.2, np.inf]]))
    np.testing.assert_array_equal(pursuer_map.walking_cost(None), [[0.7, 1e6], [1.2, 1e6]])
