"""A grid as a Cloud-Optimised GeoTIFF (COG) with its CRS.

A COG is an ordinary GeoTIFF laid out for partial reading: internal tiles, overviews (reduced
copies) and the header first. GDAL's ``COG`` driver (GDAL >= 3.1) writes exactly that;
without it the file is a tiled GeoTIFF with overviews copied in, which every GIS reads the
same way. The grid's georeferencing is a north-up affine transform from its north-west
corner and cell size, in the units of *crs* (metres for sevr's local frame, whose CRS is the
azimuthal-equidistant projection about the scenario's origin: :class:`sevr.world.GeoFrame`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

__all__ = ["write_cog"]

BLOCK = 256  # tile size (pixels): GDAL's default for COG is 512; 256 gives small grids an overview too


def write_cog(path, bands: Sequence[np.ndarray], *, west: float, north: float, cell: float, crs,
              descriptions: Sequence[str] = (), nodata: float | None = None) -> Path:
    """Write *bands* (equal-shaped 2-D grids, row 0 = north) as a float32 COG at *path*.

    Parameters
    ----------
    path : path-like
        The file to write (replaced if it exists).
    bands : sequence of 2-D arrays
        One grid per band, all of one shape ``(rows, cols)``.
    west, north : float
        Coordinates of the grid's north-west corner in *crs* units.
    cell : float
        Cell size in *crs* units (square cells).
    crs : pyproj.CRS, rasterio CRS, or str
        The grid's coordinate reference system (WKT, PROJ string or EPSG code work).
    descriptions : sequence of str, default=()
        A description per band (shown by ``gdalinfo`` and QGIS).
    nodata : float, optional
        The no-data value, if any.

    Returns
    -------
    pathlib.Path
        *path*.
    """
    import rasterio
    from rasterio.crs import CRS
    from rasterio.enums import Resampling
    from rasterio.transform import Affine

    grids = [np.asarray(b, dtype=np.float32) for b in bands]
    if not grids or any(g.ndim != 2 or g.shape != grids[0].shape for g in grids):
        raise ValueError("bands must be one or more 2-D grids of one shape")
    if not (np.isfinite(cell) and cell > 0):
        raise ValueError(f"cell must be positive, got {cell}")
    rows, cols = grids[0].shape
    wkt = crs.to_wkt() if hasattr(crs, "to_wkt") else CRS.from_user_input(crs).to_wkt()
    profile = dict(width=cols, height=rows, count=len(grids), dtype="float32", crs=CRS.from_wkt(wkt),
                   transform=Affine(cell, 0.0, west, 0.0, -cell, north), nodata=nodata)
    path = Path(path)
    with rasterio.Env() as env:
        if "COG" in env.drivers():
            profile.update(driver="COG", blocksize=BLOCK, compress="DEFLATE", overview_resampling="average")
            with rasterio.open(path, "w", **profile) as dst:
                _fill(dst, grids, descriptions)
        else:  # a tiled GeoTIFF with internal overviews
            profile.update(driver="GTiff", tiled=True, blockxsize=BLOCK, blockysize=BLOCK, compress="DEFLATE")
            with rasterio.open(path, "w", **profile) as dst:
                _fill(dst, grids, descriptions)
                factors = [2 ** k for k in range(1, 12) if max(rows, cols) / 2 ** k >= BLOCK / 2]
                if factors:
                    dst.build_overviews(factors, Resampling.average)
    return path


def _fill(dst, grids, descriptions) -> None:
    for k, g in enumerate(grids, start=1):
        dst.write(g, k)
        if k - 1 < len(descriptions):
            dst.set_band_description(k, descriptions[k - 1])
