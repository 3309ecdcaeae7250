"""Speed targets for building the world and drawing the map (a script, not a test).

    .venv/bin/python benchmarks/bench_world.py

Times, with the median of a few repeats after a warm-up call (timing.median_time):
  1. synthetic_terrain on an 800 x 800 grid (10 m cells)          -- target < 1 s;
  2. least_cost_route corner to corner on that grid               -- target < 5 s;
  3. draw_story_map of the Hijra story run (1600 x 1600 px PNG),
     in English and in Turkish                                    -- target < 5 s each.
These were wall-clock assertions inside the test suite; speed depends on the machine and its
load, so it is measured here and the tests check only what the code computes.
Exits with status 1 if a target is missed.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from sevr.report.mapplot import draw_story_map
from sevr.scenarios import load
from sevr.sim.story import run_story
from sevr.world import cost_surface, least_cost_route, synthetic_terrain
from timing import median_time, verdict

TERRAIN_TARGET_S = 1.0
ROUTE_TARGET_S = 5.0
MAP_TARGET_S = 5.0


def main() -> int:
    failures = []

    def build():
        return synthetic_terrain(
            west_m=0.0, east_m=8000.0, south_m=0.0, north_m=8000.0, cell_m=10.0,
            base_elevation_m=300.0, peaks=[(4000.0, 4000.0, 800.0, 1200.0)],
            noise_amplitude_m=15.0, noise_seed=3,
            sand_max_slope_deg=5.0, rock_min_slope_deg=25.0, rock_min_relief_m=150.0,
        )

    t_build = median_time(build, 5)
    terrain = build()
    print(f"synthetic_terrain 800x800  : {t_build:8.3f} s   target < {TERRAIN_TARGET_S} s")
    if t_build > TERRAIN_TARGET_S:
        failures.append("synthetic_terrain")

    cost = cost_surface(terrain)

    def route():
        return least_cost_route(terrain, cost, (5.0, 7995.0), (7995.0, 5.0))

    t_route = median_time(route, 3)
    print(f"least_cost_route 800x800   : {t_route:8.3f} s   target < {ROUTE_TARGET_S} s   ({len(route())} cells)")
    if t_route > ROUTE_TARGET_S:
        failures.append("least_cost_route")

    result = run_story(load("hijra"))
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "tr"):
            out = Path(tmp) / f"map_{lang}.png"
            t_map = median_time(lambda: draw_story_map(result, out, lang=lang), 3)
            print(f"draw_story_map ({lang})       : {t_map:8.3f} s   target < {MAP_TARGET_S} s"
                  f"   ({out.stat().st_size / 1e3:.0f} kB)")
            if t_map > MAP_TARGET_S:
                failures.append(f"draw_story_map ({lang})")

    return verdict(failures, "world and map")


if __name__ == "__main__":
    sys.exit(main())
