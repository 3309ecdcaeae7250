"""The pursuers' map of where the two might be, from the discovery to the decision at the mouth.

A probability grid over the terrain, updated with the same Bayes functions the search planner
uses (`sevr.search.bayes`):

1. At the discovery: they may have left at any time between nightfall and dawn, on foot, in any
   direction; every cell is weighted by the chance that a walk of that length fitted in.
1b. The town is searched and they are not found there: an unsuccessful search (`update_miss`)
   with random-search coverage over the houses around the watched one.
2. Halfway along the trail: the prints lead through a point; cells that a walker would reach by
   way of that point stay likely, the others keep a small weight (prints can mislead).
3. At the trail's end: the two are either inside the hideout (the pursuers' P(inside) after the
   trail ends, from `assess_hideout`) or somewhere on the rock around the last print.
4. After the entrance evidence: the intact web and nest update that mixture cell by cell.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from skimage.graph import MCP_Geometric

from sevr.agents.pursuers import entrance_intact
from sevr.search.bayes import update_clue, update_miss
from sevr.search.detection import pod
from sevr.search.clues import cell_centres, undisturbed_entrance_likelihood
from sevr.world import cost_surface, find_sun_crossing

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario, Scenario

THROUGH_SLACK = 1.25      # a detour of up to 25 % still counts as "by way of the point"
MISLEAD_WEIGHT = 0.05     # weight kept by cells the trail points away from
AROUND_END_SIGMA_M = 150  # spread of "somewhere on the rock around the last print"
TOWN_RADIUS_M = 1200      # the houses and lanes searched after the discovery
TOWN_COVERAGE = 1.6       # random-search coverage of that search: POD = 1 - exp(-1.6) = 0.8


def walking_minutes_from(terrain, cost_s_per_m, xy, speed_factor: float) -> np.ndarray:
    """Minutes to walk from xy to every cell (least-cost, Tobler pace x speed_factor).

    Parameters
    ----------
    terrain : Terrain
        The grid (cell size in metres, x/y <-> cell mapping).
    cost_s_per_m : numpy.ndarray, shape (ny, nx)
        Pace of each cell in s/m, finite (see :func:`walking_cost`).
    xy : tuple of float
        Start point ``(x, y)`` in metres (local frame).
    speed_factor : float
        Multiplier of the walking speed (> 0); the times are divided by it.

    Returns
    -------
    numpy.ndarray, shape (ny, nx)
        Least-cost walking time from the start cell to each cell, in minutes.
    """
    r, c = (int(v) for v in terrain.xy_to_rc(*xy))
    mcp = MCP_Geometric(cost_s_per_m, fully_connected=True, sampling=(terrain.cell_m, terrain.cell_m))
    seconds, _ = mcp.find_costs([(r, c)])
    return seconds / 60.0 / speed_factor


def walking_cost(terrain) -> np.ndarray:
    """Seconds per metre of every cell (`cost_surface`), impassable cells at 1e6: a walk there takes forever."""
    cost = cost_surface(terrain)
    return np.where(np.isfinite(cost), cost, 1e6)


def _walking_cost(scenario: Scenario, terrain) -> np.ndarray:
    """`walking_cost` of the scenario's terrain: the same for every run of a scenario, so kept on disk."""
    from sevr import cache

    return cache.get_or_make_for("pursuers-walking-cost", scenario, lambda: walking_cost(terrain))


def _minutes_from_house(scenario: Scenario, terrain, cost, xy, speed) -> np.ndarray:
    """`walking_minutes_from` the house: the same for every run of a scenario, so kept on disk."""
    from sevr import cache

    return cache.get_or_make_for("minutes-from-house", scenario, lambda: walking_minutes_from(terrain, cost, xy, speed),
                                 {"from_xy": [float(v) for v in xy], "speed": speed})


def pursuers_belief(prep, scenario: EvasionScenario, *, t_discovered: float, t_town_searched: float, tracker_xy: np.ndarray,
                    tracker_t: np.ndarray, reached_end: bool, t_reach: float | None,
                    verdict) -> list[tuple[float, str, np.ndarray]]:
    """Snapshots (t_min, label, grid) of the pursuers' belief; grids sum to one.

    The steps are those of the module docstring; the trail and evidence snapshots are only
    made when the tracker's route has more than two points or reached the end.

    Parameters
    ----------
    prep : Prepared
        The prepared run (world, terrain, trail) from :func:`sevr.sim.prepare.prepare`.
    scenario : EvasionScenario
        The scenario.
    t_discovered : float
        When the departure is discovered, in scenario minutes.
    t_town_searched : float
        When the search of the town is over, in scenario minutes.
    tracker_xy : numpy.ndarray, shape (k, 2)
        The tracker's route, in metres.
    tracker_t : numpy.ndarray, shape (k,)
        Time at each route point, in scenario minutes.
    reached_end : bool
        Whether the tracker reached the trail's end.
    t_reach : float or None
        When the end was reached, in scenario minutes (None if not reached).
    verdict : Assessment or None
        The pursuers' reasoning at the mouth (:func:`sevr.agents.pursuers.assess_hideout`).

    Returns
    -------
    list of tuple
        ``(t_min, label, grid)`` in the order of the steps; labels ``"discovery"``, ``"town_searched"``,
        ``"trail_followed"``, ``"trail_end"``, ``"evidence"``; each grid a probability array of
        the terrain's shape.
    """
    terrain, world = prep.world.terrain, prep.world
    cost = _walking_cost(scenario, terrain)
    speed = scenario.evaders.gait.night_speed_factor
    from_house = _minutes_from_house(scenario, terrain, cost, world.start_xy, speed)
    place = scenario.places.start
    t_dusk = find_sun_crossing(world.clock, 0.0, place.lat, place.lon, -0.833, rising=False)
    # Leaving time uniform between nightfall and the discovery: P(walk of T minutes fitted in).
    window = max(t_discovered - t_dusk, 1.0)
    prior = np.clip(1.0 - from_house / window, 0.0, None)
    belief = update_clue(np.ones_like(prior), prior)
    snapshots = [(t_discovered, "discovery", belief)]

    x, y = cell_centres(terrain)
    town = np.hypot(x - world.watched_xy[0], y - world.watched_xy[1]) <= TOWN_RADIUS_M
    belief = update_miss(belief, pod(np.where(town, TOWN_COVERAGE, 0.0), "exponential"))
    snapshots.append((t_town_searched, "town_searched", belief))

    if len(tracker_xy) > 2:
        k = len(tracker_xy) // 2
        via = tracker_xy[k]
        from_via = walking_minutes_from(terrain, cost, via, speed)
        r, c = terrain.xy_to_rc(*via)
        through = from_house[r, c] + from_via <= THROUGH_SLACK * from_house + 10.0
        belief = update_clue(belief, np.where(through, 1.0, MISLEAD_WEIGHT))
        snapshots.append((float(tracker_t[k]), "trail_followed", belief))

    if reached_end and verdict is not None:
        last = prep.trail.xy[-1]
        around = np.exp(-0.5 * ((x - last[0]) ** 2 + (y - last[1]) ** 2) / AROUND_END_SIGMA_M ** 2)
        inside = _cell_mask(terrain, world.hideout_xy)
        around[inside] = 0.0
        mixture = (1.0 - verdict.prior) * around / around.sum() + verdict.prior * inside / inside.sum()
        snapshots.append((t_reach, "trail_end", mixture))
        ev = scenario.pursuers.evidence
        if entrance_intact(scenario.facts):
            likelihood = undisturbed_entrance_likelihood(inside, ev.p_intact_given_inside, ev.p_intact_given_outside)
            snapshots.append((t_reach + scenario.pursuers.inspect_min, "evidence", update_clue(mixture, likelihood)))
    return snapshots


def _cell_mask(terrain, xy) -> np.ndarray:
    mask = np.zeros(terrain.shape, bool)
    mask[terrain.xy_to_rc(*xy)] = True
    return mask
