"""Debrief speed: 20 GPS tracks of 5,000 points each over the built-in plan's grid (400 x 400 cells
of 50 m) -> coverage, POD, Bayes update and the next period's allocation. Target: <= 5 s, for the
computation alone and with reading the 20 GPX files and projecting them into the plan's frame.
(Drawing the two maps of a debrief is not included.)"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

from timing import median_time, verdict

from sevr.planning.cycle import Belief, PlanGrid, TrackLog, debrief, plan_period
from sevr.search.suspend import SuspensionRule

TARGET_S = 5.0


def make_grid() -> PlanGrid:
    n, cell = 400, 50.0
    labels = (np.arange(n)[:, None] // 20) * 20 + np.arange(n)[None, :] // 20  # 1 km blocks: 400 segments
    yy, xx = np.mgrid[0:n, 0:n]
    prior = np.exp(-((xx - 200) ** 2 + (yy - 200) ** 2) / (2 * 80.0**2))
    prior *= 0.9 / prior.sum()
    w = -10_000 + (np.arange(400) % 20) * 1000.0
    nth = 10_000 - (np.arange(400) // 20) * 1000.0
    boxes = np.column_stack([w, w + 1000, nth - 1000, nth])
    return PlanGrid(elevation=np.zeros((n, n), np.float32), cell_m=cell, west_m=-10_000.0, north_m=10_000.0,
                    labels=labels.astype(np.int32), ids=tuple(f"S{i:03d}" for i in range(400)),
                    areas_m2=np.full(400, 1e6), boxes=boxes, prior=prior, row=0.1, ipp_xy=(0.0, 0.0),
                    origin_lat=47.4, origin_lon=-121.35)


def make_tracks(rng: np.random.Generator) -> list[TrackLog]:
    """20 searchers, 5,000 fixes each, ~4 m apart (a 1 s log of a walk), wandering from points near the IPP."""
    logs = []
    for k in range(20):
        start = rng.uniform(-3000, 3000, 2)
        heading = np.cumsum(rng.normal(0, 0.08, 5000)) + rng.uniform(0, 2 * np.pi)
        xy = start + np.cumsum(4.0 * np.column_stack([np.cos(heading), np.sin(heading)]), axis=0)
        logs.append(TrackLog(f"team-{k:02d}.gpx", (xy,)))
    return logs


def main() -> int:
    grid = make_grid()
    tracks = make_tracks(np.random.default_rng(11))
    rule = SuspensionRule()

    def run():
        d = debrief(grid, Belief(grid.prior, grid.row), tracks, 20.0)
        plan_period(2, grid, d.after, 40_000.0, 120.0, "exponential", rule)

    t = median_time(run, 3)
    print(f"debrief of 20 tracks x 5,000 points on 400 x 400 cells + next period: {t:.2f} s (target <= {TARGET_S:g} s)")
    from sevr.planning.cyclerun import _tracks_in_frame

    frame = grid.frame()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for log in tracks:
            lat, lon = frame.to_latlon(log.segments[0][:, 0], log.segments[0][:, 1])
            pts = "".join(f'<trkpt lat="{a:.7f}" lon="{b:.7f}"><ele>700</ele></trkpt>' for a, b in zip(lat, lon))
            path = Path(tmp) / log.name
            path.write_text(f'<?xml version="1.0"?><gpx version="1.1" creator="bench" '
                            f'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>{pts}</trkseg></trk></gpx>')
            paths.append(path)

        def full():
            d = debrief(grid, Belief(grid.prior, grid.row), _tracks_in_frame(grid, paths), 20.0)
            plan_period(2, grid, d.after, 40_000.0, 120.0, "exponential", rule)

        t_full = median_time(full, 3)
    print(f"the same with reading and projecting the 20 GPX files: {t_full:.2f} s (target <= {TARGET_S:g} s)")
    missed = [f"{what} {v:.2f} s > {TARGET_S:g} s" for what, v in (("debrief", t), ("debrief with GPX", t_full))
              if v > TARGET_S]
    return verdict(missed, "debrief")


if __name__ == "__main__":
    sys.exit(main())
