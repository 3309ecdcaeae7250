"""The physical world: geographic frame, scenario clock, terrain, natural light, walking.

Everything here is pure (no simulation state) and deterministic.
"""

from .clock import ScenarioClock, date_from_jdn, jdn_from_date, julian_day
from .frame import GeoFrame
from .light import LightState, find_sun_crossing, light_at, moon_report
from .movement import (
    cost_surface,
    least_cost_route,
    path_length_m,
    resample_path,
    tobler_speed_kmh,
    walking_time_s,
)
from .terrain import (
    GRAVEL,
    GROUND_NAMES,
    ROCK,
    SAND,
    Peak,
    Terrain,
    classify_ground,
    load_geotiff,
    synthetic_terrain,
)

__all__ = [
    "GeoFrame",
    "ScenarioClock",
    "jdn_from_date",
    "date_from_jdn",
    "julian_day",
    "SAND",
    "GRAVEL",
    "ROCK",
    "GROUND_NAMES",
    "Peak",
    "Terrain",
    "classify_ground",
    "synthetic_terrain",
    "load_geotiff",
    "LightState",
    "light_at",
    "find_sun_crossing",
    "moon_report",
    "tobler_speed_kmh",
    "walking_time_s",
    "cost_surface",
    "least_cost_route",
    "resample_path",
    "path_length_m",
]
