"""GeoTIFF elevation models the planning tests write for themselves: a valley whose axis is
known, in a projected CRS (UTM 11N) or a geographic one (WGS 84), with a no-data hole."""
from __future__ import annotations

import numpy as np
import rasterio
from pyproj import Transformer
from rasterio.transform import from_origin

LAT0, LON0 = 47.40, -117.00
UTM = "EPSG:32611"
NODATA = -9999.0


def valley(dx_m, dy_m):
    """Elevation (m) of a valley running north-south along dx = 0, falling to the south."""
    return 800.0 + 0.2 * np.abs(dx_m) + 0.05 * dy_m + 15.0 * np.sin(dx_m / 700.0) * np.cos(dy_m / 500.0)


def write(path, z, crs, transform, nodata=NODATA):
    with rasterio.open(path, "w", driver="GTiff", height=z.shape[0], width=z.shape[1], count=1, dtype="float32",
                       crs=crs, transform=transform, nodata=nodata) as dst:
        dst.write(z.astype(np.float32), 1)
    return path


def utm_dem(path, size_m=4000.0, pix=40.0, hole=True, crs=UTM):
    """A north-up UTM raster centred on (LAT0, LON0)."""
    e0, n0 = Transformer.from_crs("EPSG:4326", UTM, always_xy=True).transform(LON0, LAT0)
    n = int(size_m / pix)
    west, north = e0 - size_m / 2, n0 + size_m / 2
    ee, nn = np.meshgrid(west + (np.arange(n) + 0.5) * pix, north - (np.arange(n) + 0.5) * pix)
    z = valley(ee - e0, nn - n0)
    if hole:
        z[5:9, n - 12:n - 6] = NODATA
    return write(path, z, crs, from_origin(west, north, pix, pix))


def wgs84_dem(path, size_deg=0.05, pix_deg=0.0005, hole=True):
    """A lat/lon raster centred on (LAT0, LON0)."""
    n = int(round(size_deg / pix_deg))
    lon = LON0 - size_deg / 2 + (np.arange(n) + 0.5) * pix_deg
    lat = LAT0 + size_deg / 2 - (np.arange(n) + 0.5) * pix_deg
    lo, la = np.meshgrid(lon, lat)
    dx = (lo - LON0) * 111_320.0 * np.cos(np.radians(LAT0))
    dy = (la - LAT0) * 110_574.0
    z = valley(dx, dy)
    if hole:
        z[3:6, 3:6] = np.nan
    return write(path, z, "EPSG:4326", from_origin(LON0 - size_deg / 2, LAT0 + size_deg / 2, pix_deg, pix_deg),
                 nodata=np.nan)
