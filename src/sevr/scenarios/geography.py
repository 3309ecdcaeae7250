"""Checks that need the map: every place of a scenario lies on its terrain, and the walk has a length.

The schema checks each table alone; these rules relate places (latitude/longitude) to the
terrain's grid (metres from the frame's origin), so they project every place first.
"""
from __future__ import annotations

import functools
import math
from typing import Iterator

from sevr.errors import InputError
from sevr.scenarios.schema import Scenario
from sevr.world.frame import GeoFrame

MIN_WALK_CELLS = 2.0  # the hideout lies at least this many cells from the start


def places_of(scenario: Scenario) -> Iterator[tuple[str, float, float]]:
    """(dotted key, lat, lon) of every place that must lie on the terrain.

    Peaks may stand off the map (their flanks still shape it) and an evasion's departure
    destination is where the next journey ends, so neither is a place on the map.
    """
    if scenario.meta.kind == "evasion":
        places = scenario.places
        yield "places.start", places.start.lat, places.start.lon
        yield "places.hideout", places.hideout.lat, places.hideout.lon
        if places.watched_house is not None:
            yield "places.watched_house", places.watched_house.lat, places.watched_house.lon
    else:
        yield "ipp", scenario.ipp.lat, scenario.ipp.lon
        for i, trail in enumerate(scenario.weights.trails):
            for j, point in enumerate(trail.waypoints):
                yield f"weights.trails[{i}].waypoints[{j}]", point.lat, point.lon


def check_places(scenario: Scenario, label: str | None = None) -> None:
    """Raise InputError naming the first place off the terrain, a hideout too close to the start, or
    voices heard closer than the mouth.

    Parameters
    ----------
    scenario : Scenario
        A scenario that passed the schema.
    label : str, optional
        The file the scenario came from, named in the error.
    """
    frame = _frame(scenario.frame.origin_lat, scenario.frame.origin_lon)
    west, east, south, north = scenario.terrain.grid_extent
    xy = {}
    for key, lat, lon in places_of(scenario):
        x, y = frame.to_xy(lat, lon)
        xy[key] = (x, y)
        if not (math.isfinite(x) and math.isfinite(y) and west <= x < east and south < y <= north):
            off = math.hypot(max(west - x, 0.0, x - east), max(south - y, 0.0, y - north))
            where = f"lies {_distance(off)} outside the terrain" if off >= 1 else "lies on the terrain's edge, not inside it"
            raise InputError(
                f"({lat:g}, {lon:g}) {where} (it is at x = {x:,.0f} m, "
                f"y = {y:,.0f} m from the origin; the terrain spans x {west:,.0f} .. {east:,.0f} m and "
                f"y {south:,.0f} .. {north:,.0f} m)", source=label, field=key)
    if scenario.meta.kind == "evasion":
        (x0, y0), (x1, y1) = xy["places.start"], xy["places.hideout"]
        apart = math.hypot(x1 - x0, y1 - y0)
        least = MIN_WALK_CELLS * scenario.terrain.cell_m
        if apart < least:
            raise InputError(f"lies {apart:.1f} m from places.start; the hideout must be at least {least:g} m "
                             f"({MIN_WALK_CELLS:g} terrain cells) away from the start", source=label,
                             field="places.hideout")
        # The voices carry in as the pursuers come up; the closest they come is the mouth itself.
        voices, mouth = scenario.pursuers.voices_heard_m, scenario.places.hideout.hiders_inside_m
        if voices < mouth:
            raise InputError(f"must be at least places.hideout.hiders_inside_m ({mouth:g} m), since the voices "
                             f"are heard before the pursuers reach the mouth (got {voices:g} m)", source=label,
                             field="pursuers.voices_heard_m")


@functools.lru_cache(maxsize=16)
def _frame(lat: float, lon: float) -> GeoFrame:
    return GeoFrame(lat, lon)  # building a projection costs far more than using it


def _distance(metres: float) -> str:
    return f"{metres / 1000:,.1f} km" if metres >= 1000 else f"{metres:,.0f} m"
