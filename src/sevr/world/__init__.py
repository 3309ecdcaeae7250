"""The physical world: geographic frame, scenario clock, terrain, natural light, walking.

Everything here is pure (no simulation state) and deterministic. The names below are loaded on
first use (PEP 562), so importing one light submodule (say, ``sevr.world.terrain`` for the
schema's grid check) does not pull pyproj, SciPy and scikit-image into every command's start-up.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "GeoFrame": "frame",
    "ScenarioClock": "clock", "jdn_from_date": "clock", "date_from_jdn": "clock", "julian_day": "clock",
    "SAND": "terrain", "GRAVEL": "terrain", "ROCK": "terrain", "GROUND_NAMES": "terrain", "Peak": "terrain",
    "Terrain": "terrain", "classify_ground": "terrain", "synthetic_terrain": "terrain", "load_geotiff": "terrain",
    "LightState": "light", "light_at": "light", "find_sun_crossing": "light", "moon_report": "light",
    "tobler_speed_kmh": "movement", "walking_time_s": "movement", "cost_surface": "movement",
    "least_cost_route": "movement", "resample_path": "movement", "path_length_m": "movement",
}

__all__ = list(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
