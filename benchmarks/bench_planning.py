"""Speed target for planning on real ground (a script, not a test).

    .venv/bin/python benchmarks/bench_planning.py [--profile]

Writes a synthetic 60 km x 60 km elevation model at 30 m (2000 x 2000 = 4 million cells, UTM,
with a no-data hole) into a temporary folder, then times `sevr plan --dem` without the files:
the scenario from the DEM (read, checked, framed), the terrain resampled into the local frame,
the probability surface (rings, slope, priority-flood drainages), terrain-bounded segments of
1 km² and three operational periods. Target: <= 20 s on 2 cores. The files (plan.json, the map
and the rest) are timed too, and reported, but not held to the target.
Exits with status 1 if the target is missed.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TARGET_S = 20.0
LAT0, LON0 = 47.40, -117.00
SIZE_M, PIX = 60_000.0, 30.0


def write_dem(path: Path) -> None:
    import rasterio
    from pyproj import Transformer
    from rasterio.transform import from_origin

    from sevr.world.terrain import fractal_noise

    e0, n0 = Transformer.from_crs("EPSG:4326", "EPSG:32611", always_xy=True).transform(LON0, LAT0)
    n = int(SIZE_M / PIX)
    west, north = e0 - SIZE_M / 2, n0 + SIZE_M / 2
    x = (np.arange(n) + 0.5) * PIX - SIZE_M / 2
    xx, yy = np.meshgrid(x, -x)
    z = 900.0 + 0.02 * yy + 600.0 * np.exp(-((xx - 8000) ** 2 + (yy - 5000) ** 2) / 9000.0 ** 2)
    z += 120.0 * fractal_noise((n, n), PIX, seed=7, wavelength_m=8000.0, octaves=6)
    z[100:140, 1700:1760] = -9999.0
    with rasterio.open(path, "w", driver="GTiff", height=n, width=n, count=1, dtype="float32", crs="EPSG:32611",
                       transform=from_origin(west, north, PIX, PIX), nodata=-9999.0, tiled=True,
                       compress="deflate") as dst:
        dst.write(z.astype(np.float32), 1)


def run(dem: Path, out: Path | None):
    from sevr.planning import plan_scenario
    from sevr.planning.ground import scenario_from_dem
    from sevr.planning.outputs import write_plan_outputs

    steps = {}
    t0 = time.perf_counter()
    sc = scenario_from_dem(dem, LAT0, LON0, "hiker")
    steps["scenario from the DEM"] = time.perf_counter() - t0
    last = [time.perf_counter(), "plan"]

    def progress(text):
        now = time.perf_counter()
        steps[last[1]] = steps.get(last[1], 0.0) + now - last[0]
        last[:] = [now, text]

    plan = plan_scenario(sc, progress=progress)
    progress("end")
    total = time.perf_counter() - t0
    files = None
    if out is not None:
        t1 = time.perf_counter()
        write_plan_outputs(plan, out)
        files = time.perf_counter() - t1
    return plan, total, steps, files


def main() -> int:
    profile = "--profile" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        dem = Path(tmp) / "dem60km.tif"
        write_dem(dem)
        run(dem, None)  # warm-up: Numba's compiled functions load from their cache
        if profile:
            import cProfile
            import pstats

            cProfile.runctx("run(dem, None)", globals(), {"run": run, "dem": dem}, str(Path(tmp) / "prof"))
            pstats.Stats(str(Path(tmp) / "prof")).sort_stats("cumulative").print_stats(25)
        plan, total, steps, files = run(dem, Path(tmp) / "plan")
    shape = plan.terrain.shape
    print(f"DEM to plan: {shape[0]} x {shape[1]} = {shape[0] * shape[1] / 1e6:.1f} million cells of "
          f"{plan.terrain.cell_m:g} m, {plan.segmentation.n} terrain segments, {len(plan.periods)} periods")
    for name, secs in steps.items():
        if secs >= 0.05:
            print(f"  {name:45s} {secs:6.2f} s")
    ok = total <= TARGET_S
    print(f"total {total:.1f} s (target <= {TARGET_S:g} s) {'met' if ok else 'MISSED'}; "
          f"writing the files: {files:.1f} s (not in the target)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
