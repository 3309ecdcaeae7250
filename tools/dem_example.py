"""Pictures for docs/planning.md's real-ground walk-through: a plan made from a GeoTIFF alone.

    python tools/dem_example.py OUTDIR

Writes OUTDIR/area.tif, a synthetic elevation model in UTM zone 10 N (two ridges and a valley;
no real map data: the machine that builds the docs has no network), plans on it with
`sevr plan --dem … --ipp … --category hiker`, then copies the plan map and draws the first
assignment sheet of period 1 as PNG into docs/img/ (with poppler's pdftoppm). Deterministic: no randomness.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

DOCS_IMG = Path(__file__).resolve().parents[1] / "docs" / "img"
IPP = (47.431, -121.594)  # inside the raster below


def write_dem(path: Path) -> Path:
    import rasterio
    from rasterio.transform import from_origin

    n, cell = 500, 30.0
    y, x = np.mgrid[0:n, 0:n] * cell
    ridge = 420 * np.exp(-((y - 0.35 * x - 4200) / 2600) ** 2) + 300 * np.exp(-((x - 11000) / 2200) ** 2)
    valley = -120 * np.exp(-((y - 0.1 * x - 9000) / 900) ** 2)
    z = 700 + ridge + valley + 25 * np.sin(x / 700) * np.cos(y / 900)
    with rasterio.open(path, "w", driver="GTiff", height=n, width=n, count=1, dtype="float32", crs="EPSG:32610",
                       transform=from_origin(600000, 5260000, cell, cell), nodata=-9999) as dst:
        dst.write(z.astype("float32"), 1)
    return path


def main(out: Path) -> None:
    from typer.testing import CliRunner

    from sevr.cli import app

    out.mkdir(parents=True, exist_ok=True)
    dem = write_dem(out / "area.tif")
    plan_dir = out / "plan"
    res = CliRunner().invoke(app, ["plan", "--dem", str(dem), "--ipp", f"{IPP[0]},{IPP[1]}", "--category", "hiker",
                                   "--periods", "2", "--out", str(plan_dir)])
    if res.exit_code != 0:
        sys.exit(res.output)
    shutil.copyfile(plan_dir / "plan_map.png", DOCS_IMG / "plan-dem.png")
    # the first sheet of period 1 as a picture: poppler's pdftoppm (a docs-only tool, not a dependency)
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm (Debian: poppler-utils) is needed to draw the sheet as PNG")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(plan_dir / "period-01" / "assignments.pdf"), str(DOCS_IMG / "sheet-dem")], check=True)
    print("plan folder:", plan_dir, "; pictures: docs/img/plan-dem.png, docs/img/sheet-dem.png")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "sevr-out/dem-example"))
