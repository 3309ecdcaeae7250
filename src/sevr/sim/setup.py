"""Build the world a scenario describes: frame, clock, terrain, places, the walkers' route, light.

Building the terrain and routing over it is the slow part of a run and depends only on the
scenario's geography, so it is cached per geography.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sevr.errors import InputError

from sevr.world import (GeoFrame, Peak, ScenarioClock, cost_surface, least_cost_route, light_at,
                        load_geotiff, synthetic_terrain)
from sevr.world.movement import DEFAULT_MAX_SLOPE_DEG

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario


@dataclass(frozen=True)
class World:
    frame: GeoFrame
    clock: ScenarioClock
    terrain: object
    start_xy: tuple[float, float]
    hideout_xy: tuple[float, float]
    watched_xy: tuple[float, float]  # the house the watchers keep an eye on
    route_xy: np.ndarray  # least-cost route start -> hideout, cell centres


class BoundedCache:
    """A few expensive results keyed by JSON text; the oldest entry goes when it is full."""

    def __init__(self, size: int):
        self.size = size
        self._items: dict[str, object] = {}

    def get(self, key_data, make):
        """The cached result for `key_data`, made (and the oldest entry dropped if full) on a miss.

        Parameters
        ----------
        key_data : object
            JSON-serialisable key (compared as sorted JSON text).
        make : callable
            Called without arguments to make the result.

        Returns
        -------
        object
        """
        key = json.dumps(key_data, sort_keys=True)
        if key not in self._items:
            if len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))
            self._items[key] = make()
        return self._items[key]


_WORLDS = BoundedCache(8)


def build_world(scenario: EvasionScenario) -> World:
    """The scenario's geography: frame, clock, terrain, places and the least-cost route.

    Cached in memory by the scenario's frame, terrain, places and time.

    Parameters
    ----------
    scenario : EvasionScenario
        The validated scenario.

    Returns
    -------
    World
        Positions in metres in the scenario frame; the route runs start to hideout.

    Raises
    ------
    InputError
        Naming ``places.start`` or ``places.hideout`` when a place has no elevation or is too steep
        to walk, or no walkable route joins them; ``terrain.source`` for a missing or unusable
        GeoTIFF.
    """
    dumped = scenario.model_dump(mode="json")
    geography = {k: dumped[k] for k in ("frame", "terrain", "places", "time")}
    return _WORLDS.get(geography, lambda: _build_world(scenario))


def _build_world(scenario: EvasionScenario) -> World:
    frame = GeoFrame(scenario.frame.origin_lat, scenario.frame.origin_lon)
    clock = ScenarioClock.of(scenario.time)
    terrain = build_terrain(scenario.terrain, frame)
    start = frame.to_xy(scenario.places.start.lat, scenario.places.start.lon)
    hideout = frame.to_xy(scenario.places.hideout.lat, scenario.places.hideout.lon)
    watched_place = scenario.places.watched_house or scenario.places.start
    watched = frame.to_xy(watched_place.lat, watched_place.lon)
    cost = cost_surface(terrain)
    for key, xy in (("places.start", start), ("places.hideout", hideout)):
        _check_walkable(terrain, cost, key, xy)
    try:
        route = least_cost_route(terrain, cost, start, hideout)
    except ValueError:  # both ends are walkable, so steep ground cuts them apart
        raise InputError(f"no walkable route from places.start: ground steeper than {DEFAULT_MAX_SLOPE_DEG:g} "
                         "degrees cuts the two apart", field="places.hideout") from None
    # The route runs cell centre to cell centre; pin its ends to the real places.
    route = np.vstack([start, route[1:-1], hideout])
    return World(frame, clock, terrain, tuple(map(float, start)), tuple(map(float, hideout)),
                 tuple(map(float, watched)), route)


def _check_walkable(terrain, cost, key: str, xy) -> None:
    """An InputError naming the place and the cause if its cell cannot be walked from or to."""
    r, c = (int(v) for v in terrain.xy_to_rc(*xy))
    if not (np.isfinite(terrain.elevation[r, c]) and np.isfinite(terrain.slope_deg()[r, c])):
        raise InputError("the terrain has no elevation at or next to this place (nodata cells of the raster "
                         "in terrain.source)", field=key)
    if not np.isfinite(cost[r, c]):
        raise InputError(f"the ground there is steeper than {DEFAULT_MAX_SLOPE_DEG:g} degrees "
                         f"({terrain.slope_deg()[r, c]:.0f}), too steep to walk", field=key)


def build_terrain(spec, frame):
    """The scenario's terrain: synthetic from its peaks, or resampled from a GeoTIFF path.

    Parameters
    ----------
    spec : scenario terrain table
        ``scenario.terrain`` (extent and cell size in metres, slope thresholds, source, peaks).
    frame : GeoFrame
        Converts the peaks' latitude and longitude to metres.

    Returns
    -------
    Terrain

    Raises
    ------
    InputError
        On field ``terrain.source`` when the file is missing or cannot be read as a raster.
    """
    grid = dict(west_m=spec.west_m, east_m=spec.east_m, south_m=spec.south_m, north_m=spec.north_m,
                cell_m=spec.cell_m, sand_max_slope_deg=spec.sand_max_slope_deg,
                rock_min_slope_deg=spec.rock_min_slope_deg, rock_min_relief_m=spec.rock_min_relief_m)
    if spec.source != "synthetic":
        if not Path(spec.source).is_file():
            raise InputError(f"no such GeoTIFF file {spec.source!r} (or use \"synthetic\")", field="terrain.source")
        try:
            return load_geotiff(spec.source, frame, base_elevation_m=spec.base_elevation_m, **grid)
        except (RuntimeError, ValueError) as exc:  # rasterio missing, or an unusable raster
            raise InputError(str(exc), field="terrain.source") from None
    peaks = [Peak(*frame.to_xy(p.lat, p.lon), p.elevation_m, p.radius_m) for p in spec.peaks]
    base = 0.0 if spec.base_elevation_m is None else spec.base_elevation_m
    return synthetic_terrain(base_elevation_m=base, peaks=peaks,
                             noise_amplitude_m=spec.noise_amplitude_m, noise_seed=spec.noise_seed, **grid)


class VisibilityTable:
    """Visibility (0..1) over time at one place, tabulated every `step_min` and interpolated.

    Light changes slowly; tabulating avoids an ephemeris call for every print the tracker reads.
    """

    def __init__(self, clock, lat, lon, light, mode, t0, t1, step_min=10.0):
        self.t = np.arange(t0, t1 + step_min, step_min)
        self.v = np.array([light_at(clock, t, lat, lon, mode, light.narrated_moon_phase,
                                    light.narrated_moon_alt_deg).visibility for t in self.t])

    def __call__(self, t):
        return np.interp(t, self.t, self.v)
