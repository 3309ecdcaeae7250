"""Write example GPX tracks for the first period of a plan folder: the docs' debrief walk-through.

    python tools/debrief_example.py PLANDIR OUTDIR

For the two segments with the most searcher-hours in period-01, one file per team with one
track per searcher: east-west legs at the spacing that gives the planned coverage (S = W / C),
walked by the team abreast; the second team stops after two thirds of its segment (a team
that ran out of daylight). Deterministic: no randomness.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from sevr.planning.planfolder import open_plan_folder


def _gpx(legs, frame) -> str:
    segs = []
    for (x0, y0), (x1, y1) in legs:
        lat, lon = frame.to_latlon(np.array([x0, x1]), np.array([y0, y1]))
        segs.append("<trkseg>" + "".join(f'<trkpt lat="{float(a):.7f}" lon="{float(b):.7f}"/>'
                                         for a, b in zip(lat, lon)) + "</trkseg>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="sevr tools/debrief_example.py" '
            f'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>sweep</name>{"".join(segs)}</trk></gpx>\n')


def main(plan_dir: str, out_dir: str) -> None:
    folder = open_plan_folder(plan_dir)
    grid, frame = folder.grid, folder.grid.frame()
    per = json.loads((folder.period_dir(1) / "period.json").read_text())
    w = folder.settings["sweep_width_m"]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for team, row in zip("ab", per["allocation"][:2]):
        i = grid.ids.index(row["segment"])
        west, east, south, north = grid.boxes[i]
        spacing = w / row["coverage"]
        top = north if team == "a" else north - (north - south) / 3
        ys = np.arange(south + spacing / 2, top, spacing)
        legs = [((west + 1, y), (east - 1, y)) if k % 2 == 0 else ((east - 1, y), (west + 1, y))
                for k, y in enumerate(ys)]
        (out / f"team-{team}.gpx").write_text(_gpx(legs, frame), encoding="utf-8")
        print(f"team-{team}.gpx: segment {row['segment']}, {len(legs)} legs {spacing:.1f} m apart")


if __name__ == "__main__":
    main(*sys.argv[1:3])
